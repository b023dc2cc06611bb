"""Old names, kept for one release: a function renamed, a keyword renamed, a module moved.
Each use warns (DeprecationWarning) with the new name; the site's glossary page
(docs/reference/glossary.md) lists them.
"""
from __future__ import annotations

import functools
import importlib
import importlib.abc
import importlib.machinery
import inspect
import types
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
    del old.__wrapped__  # it is not the new function (but takes the same arguments:)
    old.__signature__ = inspect.signature(new)
    summary, _, rest = (new.__doc__ or "").partition("\n")
    old.__doc__ = (f"{summary}\n\n    .. deprecated:: 0.3\n       The old name of "
                   f"`{new.__name__}`; it warns at each call.\n{rest}")
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


def formerly_positional(*names):
    """Decorator: arguments 0.2 took by position after those the function still takes by
    position (`names`, in 0.2's order, under their present names) are passed on as keywords,
    with a warning, for one release; giving one both ways is an error."""

    def wrap(function):
        kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        n = sum(p.kind in kinds for p in inspect.signature(function).parameters.values())

        @functools.wraps(function)
        def call(*args, **kwargs):
            extra = args[n:]
            if extra:
                if len(extra) > len(names):
                    raise TypeError(f"{function.__name__} takes {n + len(names)} arguments by "
                                    f"position at most (0.2's order); {len(args)} were given.")
                given = names[:len(extra)]
                for name, value in zip(given, extra):
                    if name in kwargs:
                        raise TypeError(f"{function.__name__}: {name} given by position and "
                                        "by keyword.")
                    kwargs[name] = value
                warnings.warn(f"{function.__name__}: {', '.join(given)} by position is "
                              f"deprecated; give {', '.join(f'{g}=' for g in given)} (by "
                              "position it goes in the next release).",
                              DeprecationWarning, stacklevel=2)
            return function(*args[:n], **kwargs)

        return call

    return wrap


# modules of 0.2 -> where their names live now (searched in order)
MOVED_MODULES = {
    "physics": ("spec.physics",), "cable_theory": ("spec.cable_theory",),
    "morphology": ("spec.morphology",), "reference_data": ("spec.reference_data",),
    "checks": ("spec.checks", "cell.cell"), "membrane": ("spec.membrane", "cell.painting"),
    "swc": ("spec.swc", "spec.sections", "cell.reconstruction"),
    "nrn": ("mechanisms.loading",),
    "builders": ("cell.builders",),
    "nrnglobals": ("engine.nrnglobals",), "cellstate": ("engine.cellstate",),
    "stimuli": ("engine.stimuli", "cell.cell"), "runner": ("engine.runner",),
    "stability": ("engine.stability",), "interrupts": ("engine.interrupts",),
    "steady": ("engine.steadystate", "engine.physical", "engine.solver", "engine.rest"),
    "measurements": ("measure.passive", "measure.runs", "measure.sag", "measure.rheobase"),
    "excitability": ("measure.rheobase",), "firing": ("measure.firing",),
    "recruitment": ("measure.recruitment",), "ionbudget": ("measure.ionbudget",),
    "classify": ("measure.classify",), "fitting": ("measure.fitting",),
    "sweep_measures": ("measure.columns",),
    "sweep": ("sweeps.table", "sweeps.sources", "sweeps.discovery", "sweeps.tasks"),
    "execution": ("sweeps.execution", "sweeps.journal", "sweeps.progress"),
    "provenance": ("report.provenance",),
    "plotting": ("studies.figures.plotting",),
}


def _module(name: str):
    return importlib.import_module(f"leakmodels.{name}")


def _declared(test, value):
    """An old hand-kept list of mechanisms, now read from the declarations."""
    return lambda: value(m for m in _module("mechanisms").mechanisms() if test(m))


# 0.2's hand-kept constants (old module, name) -> the value the declarations now give
REPLACED_CONSTANTS = {
    ("membrane", "LEAKMODELS_MECHANISMS"): lambda: tuple(
        m.suffix for m in _module("mechanisms.catalogue").PACKAGE_MECHANISMS if m.mod_file),
    ("stability", "CERTIFIABLE"): _declared(lambda m: m.certifiable,
                                            lambda ms: {m.suffix for m in ms}),
    ("excitability", "SLOW_GATES"): _declared(lambda m: m.slow_gates,
                                              lambda ms: {m.suffix: dict(m.slow_gates) for m in ms}),
    ("ionbudget", "CARRIERS"): lambda: {ion: _module("measure.ionbudget").carriers(ion)
                                        for ion in ("na", "k")},
    ("classify", "REVERSAL_MARGIN_MV"): lambda: _module("measure.classify").NEAR_REVERSAL_MV,
    ("sweep", "MEASURES"): lambda: {m.name: m.columns[0].name
                                    for m in _module("measure").measurements()},
}


class _MovedModule(types.ModuleType):
    """An old module's name: every attribute is looked up where it lives now. `sweep`'s is
    also callable (the package's `lm.sweep` is the function, and importing
    `leakmodels.sweep` puts this module there)."""

    def __getattr__(self, name):
        for new in self.__dict__["_new"]:
            module = importlib.import_module(f"leakmodels.{new}")
            if hasattr(module, name):
                return getattr(module, name)
        replaced = REPLACED_CONSTANTS.get((self.__name__.split(".", 1)[1], name))
        if replaced is not None:
            return replaced()
        raise AttributeError(f"{self.__name__} has no {name!r} (moved to "
                             f"{', '.join('leakmodels.' + n for n in self.__dict__['_new'])})")

    def __call__(self, *args, **kwargs):
        return importlib.import_module("leakmodels.sweeps.table").sweep(*args, **kwargs)


class MovedModuleFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports of a moved module's old name, for one release: a warning and the names."""

    def find_spec(self, fullname, path=None, target=None):
        old = fullname.split(".", 1)[1] if fullname.startswith("leakmodels.") else None
        if old not in MOVED_MODULES:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):
        module = _MovedModule(spec.name)
        module._new = MOVED_MODULES[spec.name.split(".", 1)[1]]
        return module

    def exec_module(self, module):
        warnings.warn(f"{module.__name__} moved to "
                      f"{', '.join('leakmodels.' + n for n in module._new)}; the old name goes in "
                      "the next release (import leakmodels as lm and use lm.<name>).",
                      DeprecationWarning, stacklevel=2)
