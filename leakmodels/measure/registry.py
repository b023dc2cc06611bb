"""Measurements by name: each declared once, where its function is defined, with the
`@measurement` decorator; sweeps, the command line, the top-level namespace and the site's
measurement reference all read this registry.

A `Measurement` is a function of a cell (keyword parameters after it, with defaults) and the
columns it fills, each with its unit (in its name) and meaning; `efel` is eFEL's name for the
same quantity where eFEL has one (accepted as a name too), `definition` the first paragraph
of the function's docstring. Variants of one quantity carry names of their own, as eFEL's
do. `parse("sag:target_mV=-10")` binds parameters to a measurement (`Bound`), which is what
a sweep task carries: its name, with its parameters, is stable, so journals match.

Nothing here imports NEURON; the measurements register themselves when `leakmodels.measure`
is imported.
"""
from __future__ import annotations

import difflib
import inspect
import math
from dataclasses import dataclass
from typing import Callable

from ..spec.checks import ArgumentError, ArgumentTypeError

_REGISTRY: dict = {}
_ALIASES: dict = {}  # eFEL's names -> ours


@dataclass(frozen=True)
class Column:
    """A column a measurement fills: its name (with its unit), the unit, what it is.

    Parameters
    ----------
    name : str
        The column's name, ending in its unit where it has one (e.g. 'rin_MOhm').
    unit : str
        The unit, e.g. 'MOhm', 'spikes/s'; '' for a dimensionless number or a flag.
    doc : str
        What the column holds, in a phrase (the site's measurement reference shows it).
    """

    name: str
    unit: str
    doc: str


@dataclass(frozen=True)
class Measurement:
    """A measurement: `function(cell, **params)` returns a float (its one column) or a dict
    of exactly its columns."""

    name: str
    function: Callable
    columns: tuple
    efel: str | None = None
    definition: str = ""
    assumes: str = ""

    @property
    def params(self) -> tuple:
        """((name, default), ...) of the function's parameters after the cell (the site,
        a segment of the cell, aside)."""
        out = []
        for p in list(inspect.signature(self.function).parameters.values())[1:]:
            if p.name != "site" and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD):
                out.append((p.name, None if p.default is p.empty else p.default))
        return tuple(out)

    def bind(self, **params) -> "Bound":
        known = dict(self.params)
        for key in params:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=2, cutoff=0.5)
                hint = f"did you mean {' or '.join(close)}? " if close else ""
                raise ArgumentError(f"measurement {self.name!r} has no parameter {key!r}; "
                                    f"{hint}its parameters: {', '.join(known) or 'none'}.")
        return Bound(self, tuple(sorted(params.items())))

    def measure(self, cell, **params) -> dict:
        """{column: value} of `cell`."""
        out = self.function(cell, **params)
        if not isinstance(out, dict):
            return {self.columns[0].name: float(out)}
        names = [c.name for c in self.columns]
        if sorted(out) != sorted(names):
            raise RuntimeError(f"measurement {self.name!r} returned columns {sorted(out)}, not "
                               f"its declared {names}.")
        return {name: out[name] for name in names}


@dataclass(frozen=True)
class Bound:
    """A measurement with some parameters bound: what a sweep task carries."""

    measurement: Measurement
    params: tuple = ()

    @property
    def name(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params)
        return f"{self.measurement.name}({args})" if args else self.measurement.name

    @property
    def columns(self) -> tuple:
        return self.measurement.columns

    def __call__(self, cell) -> dict:
        return self.measurement.measure(cell, **dict(self.params))


def measurement(name: str, *columns: Column, efel: str | None = None, assumes: str = ""):
    """Register the decorated function as measurement `name` with these columns.

    Sweeps, the command line and the site's reference find it by `name` (or its eFEL name).
    Its definition is the first paragraph (the summary line) of the function's docstring.

    Parameters
    ----------
    name : str
        The measurement's name, e.g. 'rin'.
    *columns : Column
        The columns it fills, at least one. A function with one column may return a float;
        with more, it returns a dict of exactly these columns.
    efel : str or None, default None
        eFEL's name for the same quantity, where eFEL has one (accepted as a name too).
    assumes : str, default ''
        What the measurement takes for granted of the cell, and how that is checked (a
        measurement refuses a cell it does not apply to).

    Returns
    -------
    callable
        A decorator that registers the function and returns it unchanged (it stays
        picklable by reference).

    Raises
    ------
    TypeError
        If no columns are given, or one is not a `Column`.
    ValueError
        When decorating, if `name` or `efel` is taken by a measurement registered before.

    Examples
    --------
    >>> import leakmodels as lm
    >>> @measurement("rest_dend", Column("v_rest_dend_mV", "mV", "the rest mid-dendrite"),
    ...              assumes="a stable rest (checked: NoRestError)")
    ... def rest_dend(cell):
    ...     '''Resting potential (mV) in the middle of the first dendrite.'''
    ...     return lm.resting_potential(cell, site=cell.sections_in("dend")[0](0.5))
    """
    if not columns or not all(isinstance(c, Column) for c in columns):
        raise TypeError(f"measurement {name!r}: give its columns as Column(name, unit, doc).")

    def register(function):
        for taken in (name, efel):
            if taken is not None and (taken in _REGISTRY or taken in _ALIASES):
                raise ValueError(f"a measurement named {taken!r} is registered already.")
        doc = inspect.getdoc(function) or ""
        _REGISTRY[name] = Measurement(name, function, tuple(columns), efel,
                                      doc.split("\n\n")[0].replace("\n", " "), assumes)
        if efel is not None:
            _ALIASES[efel] = name
        return function

    return register


def measurements() -> tuple:
    """Every registered measurement, in the order registered."""
    return tuple(_REGISTRY.values())


def get(name: str) -> Measurement:
    """A measurement by its name or its eFEL name."""
    if not isinstance(name, str):
        raise ArgumentTypeError(f"measurement {name!r} is not a name (a str).")
    found = _REGISTRY.get(_ALIASES.get(name, name))
    if found is None:
        known = list(_REGISTRY) + list(_ALIASES)
        close = difflib.get_close_matches(name, known, n=2, cutoff=0.5)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise ArgumentError(f"unknown measurement {name!r}; {hint}known: "
                            f"{', '.join(_REGISTRY)}.")
    return found


def _value(text: str):
    if text in ("None", "none"):
        return None
    try:
        values = [float(x) for x in text.split("/")]
    except ValueError:
        raise ArgumentError(f"{text!r} is not a number (or numbers separated by /).") from None
    if not all(math.isfinite(v) for v in values):
        raise ArgumentError(f"{text!r}: give finite numbers.")
    return values[0] if len(values) == 1 else tuple(values)


def parse(text: str) -> Bound:
    """'name' or 'name:key=value:key=value' (a value: a number, numbers joined by '/', or
    None) as a Bound measurement."""
    name, *pairs = [part.strip() for part in text.split(":")]
    params = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise ArgumentError(f"{text!r}: give parameters as name:key=value, e.g. "
                                "sag:target_mV=-10.")
        try:
            params[key.strip()] = _value(value.strip())
        except ArgumentError as exc:
            raise ArgumentError(f"{text!r}: {key.strip()}={exc}") from None
    return get(name).bind(**params)
