"""leakmodels' own channels painted onto any cell's sections over regions: Ih on a user's
model, a K2P-like K+ leak on its dendrites, the M-current in its soma.

`Addition("hcn", regions=("dend",), ghcn_S_cm2=2e-4)` inserts one declared mechanism in every
section of those regions (None: every section) with its parameters set from `MembraneSpec`
fields (units in their names): those given, the membrane's defaults for the rest (the
cell's own membrane where it has one). Its densities must be given and one of them above
zero; a channel whose densities are per region (nav, kdr) needs regions= among those and
each one's field.
`add_mechanisms(cell, additions)` applies them in order to a built cell; a sweep condition
carries them (`Condition(add=...)`, `leakmodels measure --add hcn:ghcn_S_cm2=2e-4@dend`), and
`RangeChange`s after them reach the added channel by its RANGE names (hcn.gbar*0.5).

The model's ions are kept: an ion a section carries already keeps its concentrations and
reversal potential; one the addition brings to a section that lacked it gets the
concentrations whose reversal is the model's own (its soma's, as `replace_pas` matches them),
else the membrane's. Only mechanisms whose parameters are all spec fields can be added: the
pump's maximal current balances a spec's leaks, and the ion pool needs each section's volume,
neither of which a user's model has (`replace_pas` puts the pump in place of pas).
`parse_addition("hcn:ghcn_S_cm2=2e-4,hcn_vhalf_mV=-80@dend")` reads the command line's form.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..mechanisms import get, mechanisms
from ..mechanisms.loading import load_mechanisms
from ..spec.checks import ArgumentError, ArgumentTypeError
from ..spec.membrane import MembraneSpec
from .cell import cell_arg
from .painting import set_ion_concentrations
from .transplant import matching_membrane

_FORM = re.compile(r"^(\w+)\s*(?::\s*([^@]*?))?\s*(?:@\s*([\w+]+))?$")


def addable() -> tuple:
    """The declared mechanisms an Addition can paint: painted by specs, every parameter a
    spec field."""
    return tuple(m.suffix for m in mechanisms()
                 if m.painted and all(p.field is not None or p.by_region for p in m.params))


@dataclass(frozen=True)
class Addition:
    """One of leakmodels' own channels to insert over regions of any cell, e.g. Ih on a model.

    Applied by `add_mechanisms` (or a sweep's ``Condition(add=...)``): the mechanism goes
    into every section of the regions, its parameters set from `MembraneSpec` fields, those
    given over the membrane's defaults. Its densities must be given, one of them above zero;
    a channel whose densities are per region (nav, kdr) needs `regions` among those and each
    one's field. Only mechanisms whose parameters are all spec fields can be added (not the
    pump nor the ion pools: `replace_pas` puts the pump in place of pas).

    Parameters
    ----------
    mechanism : str
        The mechanism's SUFFIX, e.g. "hcn", "kleak", "km" or "kir".
    regions : str, tuple of str or None, optional
        The regions to insert it in, e.g. ("dend",); default None, every section.
    values : tuple of (str, float) pairs or dict, optional
        Values of the mechanism's `MembraneSpec` fields, each in the unit its name carries
        (S/cm2, cm/s, mV, ...); default ().
    **fields : float
        More field values by keyword, e.g. ``ghcn_S_cm2=2e-4`` (S/cm2).

    Raises
    ------
    ArgumentError
        A mechanism that cannot be added, a field it does not have, no density above 0, or
        regions that do not fit a per-region channel.
    ArgumentTypeError
        A value that is not a finite number, or regions that are not region names.

    Examples
    --------
    >>> import leakmodels as lm
    >>> ih = lm.Addition("hcn", regions=("dend",), ghcn_S_cm2=2e-4)
    >>> ih.label
    '+hcn(ghcn_S_cm2=0.0002)@dend'
    """

    mechanism: str
    regions: tuple | None = None
    values: tuple = ()

    def __init__(self, mechanism: str, regions=None, values=(), **fields):
        object.__setattr__(self, "mechanism", mechanism)
        object.__setattr__(self, "regions", regions)
        object.__setattr__(self, "values", tuple(dict(values, **fields).items()))
        self.__post_init__()

    def __post_init__(self):
        if self.mechanism not in addable():
            raise ArgumentError(f"Addition({self.mechanism!r}): give one of leakmodels' "
                                f"channels that can be added: {', '.join(addable())} (the "
                                "pump goes in with replace_pas; a model's own mechanisms are "
                                "changed with RangeChange).")
        mech = get(self.mechanism)
        own = {f.name for f in mech.fields}
        for field, value in self.values:
            if field not in own:
                raise ArgumentError(f"Addition({self.mechanism!r}): {field!r} is not one of its "
                                    f"fields; give {', '.join(sorted(own))}.")
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not math.isfinite(value):
                raise ArgumentTypeError(f"Addition({self.mechanism!r}): {field}={value!r} is "
                                        "not a finite number.")
        if self.regions is not None:
            regions = (self.regions,) if isinstance(self.regions, str) else tuple(self.regions)
            if not regions or not all(isinstance(r, str) and r for r in regions):
                raise ArgumentTypeError(f"Addition({self.mechanism!r}): regions="
                                        f"{self.regions!r}: give region names, e.g. ('dend',).")
            object.__setattr__(self, "regions", tuple(sorted(regions)))
        given = dict(self.values)
        name = f"Addition({self.mechanism!r})"
        per_region, painted = set(), set()  # density fields set per region; those painted
        for p in mech.params:
            if not p.by_region:
                continue
            per = dict(p.by_region)
            per_region |= set(per.values())
            if self.regions is None or any(r not in per for r in self.regions):
                raise ArgumentError(f"{name}: its {p.range_var} is set per region "
                                    f"({', '.join(f'{f} in {r}' for r, f in per.items())}): "
                                    f"give regions= among {', '.join(per)}.")
            for region, field in per.items():
                if region in self.regions and field not in given:
                    raise ArgumentError(f"{name}: give {field} for {region}.")
                if region not in self.regions and field in given:
                    raise ArgumentError(f"{name}: {field} is for {region}, which regions="
                                        f"{self.regions} leaves out.")
            painted |= {per[r] for r in self.regions}
        density = [f for f in mech.density_fields() or [f for f, _ in mech.off]
                   if f in painted or f not in per_region]
        if not any(given.get(f, 0) > 0 for f in density):
            raise ArgumentError(f"{name}: give its density ({' or '.join(density)}) above 0, "
                                f"e.g. {density[0]}=1e-4.")
        object.__setattr__(self, "values", tuple(sorted(self.values)))

    @property
    def where(self) -> str:
        """The regions as a label's tail, "@dend+soma" (sorted); "" for every section."""
        return f"@{'+'.join(self.regions)}" if self.regions else ""

    @property
    def label(self) -> str:
        """The addition as text, e.g. "+hcn(ghcn_S_cm2=0.0002)@dend" (values in their units)."""
        values = ", ".join(f"{k}={v:g}" for k, v in self.values)
        return f"+{self.mechanism}({values}){self.where}"

    def columns(self) -> dict:
        """A sweep table's columns for this addition, one per field given.

        Returns
        -------
        dict
            {"add.MECH.FIELD[@REGIONS]": value}, each value in the unit its field's name
            carries (S/cm2, cm/s, mV, ...); empty when no field was given.
        """
        return {f"add.{self.mechanism}.{field}{self.where}": value for field, value in self.values}

    def range_values(self, spec: MembraneSpec, region: str) -> dict:
        """The mechanism's RANGE values in a section of one region.

        Parameters
        ----------
        spec : leakmodels.MembraneSpec
            The membrane the fields not given come from.
        region : str
            The section's region, e.g. "dend"; it picks a per-region field (nav, kdr).

        Returns
        -------
        dict
            {RANGE variable: value}, from `spec` with this addition's values over it, each
            in its field's unit (S/cm2, cm/s, mV, ...).

        Raises
        ------
        ArgumentError
            A value out of its field's range (the Addition checked only that it is finite).
        KeyError
            `region` is not one of a per-region channel's regions.
        """
        spec = spec.with_(**dict(self.values))
        out = {}
        for p in get(self.mechanism).params:
            if p.field is not None:
                out[p.range_var] = getattr(spec, p.field)
            else:  # a field per region (each region's was given: __post_init__)
                out[p.range_var] = getattr(spec, dict(p.by_region)[region])
        return out


def parse_addition(text: str) -> Addition:
    """'MECH:FIELD=V,FIELD=V[@REGION+REGION]' (the command line's form)."""
    m = _FORM.match(text.strip())
    if m is None:
        raise ArgumentError(f"{text!r}: give MECHANISM:FIELD=VALUE,...[@REGION+REGION], e.g. "
                            "hcn:ghcn_S_cm2=2e-4@dend.")
    mech, body, regions = m.groups()
    values = {}
    for item in (x.strip() for x in (body or "").split(",") if x.strip()):
        field, sep, number = item.partition("=")
        if field.strip() in values:
            raise ArgumentError(f"{text!r}: {field.strip()} is given twice.")
        try:
            values[field.strip()] = float(number)
        except ValueError:
            raise ArgumentError(f"{text!r}: {item!r} is not FIELD=NUMBER.") from None
        if not sep:
            raise ArgumentError(f"{text!r}: {item!r} is not FIELD=NUMBER.")
    return Addition(mech, tuple(regions.split("+")) if regions else None, values)


def add_mechanisms(cell, additions, membrane: MembraneSpec | None = None) -> dict:
    """Insert leakmodels' own channels into a built or adopted cell's sections, in order.

    The model's ions are kept: an ion a section carries already keeps its concentrations
    and reversal potential; one the addition brings to a section that lacked it gets the
    concentrations whose reversal is the model's own (its soma's, as `replace_pas` matches
    them), else the membrane's. The cell is marked as changed (``cell.ranges_changed``) and
    its settled rest is dropped; a `RangeChange` applied after reaches the added channel by its
    RANGE names (hcn.gbar).

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    additions : sequence of leakmodels.Addition
        The channels to insert, in order.
    membrane : leakmodels.MembraneSpec or None, optional
        Where the fields not given come from; default None: the cell's own membrane (a
        leakmodels cell's), else `DEFAULT_MEMBRANE`.

    Returns
    -------
    dict
        {mechanism: number of sections it went into}; empty for no additions.

    Raises
    ------
    ArgumentTypeError
        `cell` is not a leakmodels Cell (a NEURON Section: adopt it with `adopt`).
    ArgumentError
        The cell has no section in an addition's regions.
    """
    cell = cell_arg(cell)
    if not additions:
        return {}
    load_mechanisms()  # an adopted cell needed none of leakmodels' own until now
    base = matching_membrane(cell, membrane if membrane is not None else cell.membrane)
    out = {}
    for addition in additions:
        sections = [s for s in cell.sections if addition.regions is None
                    or cell.region_of(s) in addition.regions]
        if not sections:
            raise ArgumentError(f"{addition.label}: {cell.name} has no section in "
                                f"{'+'.join(addition.regions)} (its regions: "
                                f"{', '.join(sorted({cell.region_of(s) for s in cell.sections}))}).")
        ions = [use.ion for use in get(addition.mechanism).ions]
        by_region = {}  # region -> its RANGE values (a MembraneSpec made once per region)
        for sec in sections:
            new = [ion for ion in ions if not sec.has_membrane(f"{ion}_ion")]
            sec.insert(addition.mechanism)
            region = cell.region_of(sec)
            if region not in by_region:
                by_region[region] = addition.range_values(base, region)
            values = by_region[region]
            for seg in sec:
                mech = getattr(seg, addition.mechanism)
                for key, value in values.items():
                    setattr(mech, key, value)
            if new:  # ions brought here by the addition: at the model's reversal
                set_ion_concentrations(sec, base, only=tuple(new))
        out[addition.mechanism] = out.get(addition.mechanism, 0) + len(sections)
    cell.ranges_changed = True
    cell.forget_rest()
    return out

