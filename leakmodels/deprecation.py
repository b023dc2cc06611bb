"""Old names, kept for one release: a function renamed, a keyword renamed. Each use warns
(DeprecationWarning) with the new name; the README lists them under "Renamed".
"""
from __future__ import annotations

import functools
import warnings


def _warn(old: str, new: str) -> None:
    warnings.warn(f"{old} is renamed {new}; the old name goes in the next release.",
                  DeprecationWarning, stacklevel=3)


def renamed_function(new, old_name: str):
    """`new` under its old name, warning at each call."""

    @functools.wraps(new)
    def old(*args, **kwargs):
        _warn(old_name, new.__name__)
        return new(*args, **kwargs)

    old.__name__ = old.__qualname__ = old_name
    del old.__wrapped__  # its own signature is the new function's; it is not the new one
    return old


def renamed_keywords(**renames):
    """Decorator: keyword `old` given to the function is passed on as `new` (renames:
    old=new), with a warning; giving both is an error."""

    def wrap(function):
        @functools.wraps(function)
        def call(*args, **kwargs):
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{function.__name__}: give {new}, not both {old} "
                                        f"(its old name) and {new}.")
                    _warn(f"{function.__name__}({old}=...)", f"{new}")
                    kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return call

    return wrap
