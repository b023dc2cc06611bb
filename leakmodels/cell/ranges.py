"""RANGE variables of any cell, set or scaled by name over regions: a sweep condition that
reaches into a model's own mechanisms (halve `gbar` of the user's K+ leak, or `g_pas`).

`RangeChange("pas", "g", scale=0.5, regions=("dend",))` multiplies `g_pas` in every segment
of the dendrites; `value=` sets it instead. `apply_ranges(cell, changes)` applies changes in
order to a built cell (after its membrane was painted: a change to one of leakmodels' own
mechanisms overrides the spec there) and marks the cell as changed, so that the engine
reads its reversal potentials from its segments. A mechanism that no section of those
regions carries, or a variable it does not have, is an error naming what there is.
`parse_range("pas.g*0.5@dend+apic")` reads the command line's form (`parse_ranges` with
A/B/C alternatives).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..spec.checks import ArgumentError, ArgumentTypeError
from .cell import cell_arg

_FORM = re.compile(r"^(\w+)\.(\w+)\s*([*=])\s*([^@]+?)\s*(?:@\s*([\w+]+))?$")


@dataclass(frozen=True)
class RangeChange:
    """A change of one RANGE variable of one mechanism: scaled or set, over regions.

    Applied by `apply_ranges` (or a sweep's ``Condition(ranges=...)``) to every segment of
    the regions' sections that carry the mechanism. Give exactly one of `scale` and `value`.

    Parameters
    ----------
    mechanism : str
        The mechanism's name (SUFFIX), e.g. "pas", "kleak" or one of the model's own.
    variable : str
        The RANGE variable without its suffix, e.g. "g" for ``g_pas``.
    scale : float or None, optional
        Factor on the variable's present value, dimensionless; default None.
    value : float or None, optional
        The value to set, in the variable's own NMODL unit (e.g. S/cm2 for ``g_pas``);
        default None.
    regions : str, tuple of str or None, optional
        The regions ("soma", "dend", "axon", "apic", ...); default None, every region.

    Raises
    ------
    ArgumentTypeError
        A name that is not an identifier, or a scale or value that is not a finite number.
    ArgumentError
        Both or neither of `scale` and `value` given.

    Examples
    --------
    >>> import leakmodels as lm
    >>> halve = lm.RangeChange("pas", "g", scale=0.5, regions=("dend",))
    >>> halve.label
    'pas.g*0.5@dend'
    """

    mechanism: str
    variable: str
    scale: float | None = None
    value: float | None = None
    regions: tuple | None = None

    def __post_init__(self):
        for name in ("mechanism", "variable"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).isidentifier():
                raise ArgumentTypeError(f"RangeChange.{name}={getattr(self, name)!r}: give a "
                                        "name (e.g. RangeChange('pas', 'g', scale=0.5)).")
        if (self.scale is None) == (self.value is None):
            raise ArgumentError(f"RangeChange({self.mechanism}.{self.variable}): give scale= "
                                "(a factor) or value=, one of them.")
        number = self.scale if self.value is None else self.value
        if not isinstance(number, (int, float)) or not math.isfinite(number):
            raise ArgumentTypeError(f"RangeChange({self.mechanism}.{self.variable}): "
                                    f"{number!r} is not a finite number.")
        if self.regions is not None:
            regions = (self.regions,) if isinstance(self.regions, str) else tuple(self.regions)
            object.__setattr__(self, "regions", tuple(sorted(regions)))

    @property
    def where(self) -> str:
        """The regions as a label's tail, "@dend+soma" (sorted); "" for every region."""
        return f"@{'+'.join(self.regions)}" if self.regions else ""

    @property
    def label(self) -> str:
        """The change as text, e.g. "pas.g*0.5@dend" (a value in the variable's NMODL unit)."""
        how = f"*{self.scale:g}" if self.value is None else f"={self.value:g}"
        return f"{self.mechanism}.{self.variable}{how}{self.where}"

    def columns(self) -> dict:
        """A sweep table's column for this change.

        Returns
        -------
        dict
            {"scale.MECH.VAR[@REGIONS]": factor (dimensionless)} or
            {"set.MECH.VAR[@REGIONS]": value (the variable's NMODL unit)}.
        """
        how, x = ("scale", self.scale) if self.value is None else ("set", self.value)
        return {f"{how}.{self.mechanism}.{self.variable}{self.where}": x}


def parse_ranges(text: str) -> list:
    """'MECH.VAR*F[@REGION+REGION]' or 'MECH.VAR=V[@...]', a value A/B/C giving one change
    each (pas.g*1/0.5@dend): the command line's form."""
    m = _FORM.match(text.strip())
    if m is None:
        raise ArgumentError(f"{text!r}: give MECHANISM.VARIABLE*FACTOR or "
                            "MECHANISM.VARIABLE=VALUE, with @REGION+REGION to limit it (e.g. "
                            "pas.g*0.5@dend).")
    mech, var, op, numbers, regions = m.groups()
    out = []
    for number in numbers.split("/"):
        try:
            x = float(number)
        except ValueError:
            raise ArgumentError(f"{text!r}: {number!r} is not a number.") from None
        out.append(RangeChange(mech, var, scale=x if op == "*" else None,
                               value=x if op == "=" else None,
                               regions=tuple(regions.split("+")) if regions else None))
    return out


def parse_range(text: str) -> RangeChange:
    """One change of the command line's form (`parse_ranges`, a single value)."""
    changes = parse_ranges(text)
    if len(changes) != 1:
        raise ArgumentError(f"{text!r}: give one value here (A/B is for sweeps).")
    return changes[0]


def apply_ranges(cell, changes) -> None:
    """Apply RANGE-variable changes to a built cell's segments, in order.

    Apply them after the membrane is painted: a change to one of leakmodels' own mechanisms
    overrides the spec there. The cell is marked as changed (``cell.ranges_changed``), so
    that the engine reads its reversal potentials from its segments, and its settled rest
    is dropped.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell, built or adopted.
    changes : sequence of leakmodels.RangeChange
        The changes, applied in order.

    Raises
    ------
    ArgumentTypeError
        `cell` is not a leakmodels Cell (a NEURON Section: adopt it with `adopt`).
    ArgumentError
        No section of a change's regions carries its mechanism, or the mechanism has no such
        RANGE variable (the message names what there is).
    """
    cell = cell_arg(cell)
    for change in changes:
        sections = [s for s in cell.sections if change.regions is None
                    or cell.region_of(s) in change.regions]
        carrying = [s for s in sections if s.has_membrane(change.mechanism)]
        if not carrying:
            where = f"in {'+'.join(change.regions)}" if change.regions else "anywhere"
            have = sorted({m.name() for s in sections for m in s(0.5)
                           if not m.name().endswith("_ion")})
            raise ArgumentError(f"{change.label}: {cell.name} has no {change.mechanism} {where} "
                                f"(its sections there carry {', '.join(have) or 'nothing'}).")
        for sec in carrying:
            for seg in sec:
                mech = getattr(seg, change.mechanism)
                try:
                    old = getattr(mech, change.variable)
                except AttributeError:
                    names = sorted(n for n in dir(mech) if not n.startswith("_")
                                   and isinstance(getattr(mech, n, None), float))
                    raise ArgumentError(f"{change.label}: {change.mechanism} has no RANGE "
                                        f"variable {change.variable!r} (it has "
                                        f"{', '.join(names)}).") from None
                setattr(mech, change.variable,
                        old * change.scale if change.value is None else change.value)
    if changes:
        cell.ranges_changed = True
        cell.forget_rest()  # a rest settled before the change is not the cell's any more
