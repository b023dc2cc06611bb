"""A membrane mechanism, declared once: the one description every list of mechanisms, every
check and every table is derived from.

A `Mechanism` says what leakmodels needs to know of one NMODL mechanism: its SUFFIX and .mod
file, its role (a leak, a gated channel, a pump, an ion pool), the `MembraneSpec` fields it
adds (`Field`, units in their names) and the RANGE variable each one sets (`Param`), the
regions it is painted on and when (one of its densities above zero, or a switch), the ions it
reads and writes (`IonUse`, as its USEION lines), what its resting conductance is (a leak's),
the values that freeze its slow gates, and whether the stability certificate covers it. An
`Ion` declares a species and the concentration fields of both sides.

`register(mechanism)` adds a declaration (a SUFFIX declared twice is refused); `mechanisms()`
lists them in the order they were registered (the order a section gets them), `get(suffix)`
finds one. Nothing here imports NEURON or any other part of leakmodels.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

# what a mechanism is, and what follows from it for the engine
ROLES = {
    "leak": "conducts at rest with no gate: a resting conductance",
    "gated": "conducts through voltage- or Ca2+-gated states only",
    "pump": "carries a current that does not depend on V: no conductance",
    "ion pool": "moves concentrations, carries no current of its own",
    "cotransporter": "moves ions together by their free energy, with no net current: no "
                     "conductance",
}
CONDUCTING_ROLES = ("leak", "gated")


@dataclass(frozen=True)
class Field:
    """A `MembraneSpec` field: its name (with its unit), default, the kind of quantity it is
    (a key of `leakmodels.spec.checks.BOUNDS`, or 'fraction' or 'flag'), its unit and what it
    means. positive: it must be > 0 (densities need only be >= 0); optional: None is allowed
    (`doc` says what None means)."""

    name: str
    default: object
    quantity: str
    unit: str
    doc: str
    positive: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Param:
    """A RANGE variable that painting sets, from one of:

    * `field`: a spec field (the same in every region the mechanism is painted on);
    * `by_region`: ((region, field), ...): each region its own field (others get 0);
    * `value`: a function of the spec (e.g. the balanced pump's imax);
    * `per_section`: the name of a `Cell` method of a section (e.g. volume_per_area_um).

    soma_scaled: multiplied by the spec's `soma_leak_scale` in the soma. note: what a
    computed value is (for the tables)."""

    range_var: str
    field: str | None = None
    by_region: tuple = ()
    value: Callable | None = None
    per_section: str | None = None
    soma_scaled: bool = False
    note: str = ""

    def __post_init__(self):
        given = [self.field is not None, bool(self.by_region), self.value is not None,
                 self.per_section is not None]
        if sum(given) != 1:
            raise ValueError(f"Param {self.range_var!r}: give exactly one of field, by_region, "
                             "value or per_section.")

    def fields(self) -> tuple:
        """The spec fields this parameter reads."""
        if self.field is not None:
            return (self.field,)
        return tuple(f for _, f in self.by_region)


@dataclass(frozen=True)
class IonUse:
    """One USEION line: the ion, the variables the mechanism READs and those it WRITEs (as
    in the .mod file). current_gate: the RANGE variable that scales this ion's current where
    the mechanism carries more than one (0 there: no current of this ion)."""

    ion: str
    reads: tuple = ()
    writes: tuple = ()
    current_gate: str | None = None

    @property
    def carries_current(self) -> bool:
        return f"i{self.ion}" in self.writes

    @property
    def writes_concentration(self) -> bool:
        return any(w in (f"{self.ion}i", f"{self.ion}o") for w in self.writes)


@dataclass(frozen=True)
class Ion:
    """An ion species: its charge and the spec fields of its concentrations inside and out."""

    name: str
    charge: int
    inside: Field
    outside: Field


@dataclass(frozen=True)
class Mechanism:
    """Everything leakmodels knows of one mechanism (see the module docstring).

    mod_file: the file in the package's `mechanisms/mod/` (a name), a user's .mod file (a
    path; declared from outside the package, its bytes are in a sweep's journal key), or None
    for a mechanism NEURON has already (pas, hh). regions: painted only in these regions (None: every region). density: RANGE
    variables of `params`; the mechanism is painted in a region only where one of them is
    above zero (empty: always). switch: a flag field; painted only where it is True.
    leak_conductance: RANGE variables whose product is its resting conductance (a leak
    conducts where it is above zero). slow_gates: ((RANGE variable, value), ...) that hold
    its slow gates at their state in a steady-state solve (time constants of 1e30 ms).
    certifiable: its states are independent first-order gates (or pools) with an
    instantaneous slope >= 0, which the small-gain stability certificate covers. off:
    ((field, value), ...) that remove it from a membrane (default: every field of its
    `density` parameters to 0). outputs: RANGE variables it computes for reading.
    painted: a spec paints it (False: NEURON's own pas, which only a user inserts).
    """

    suffix: str
    summary: str
    role: str
    mod_file: str | None = None
    fields: tuple = ()
    params: tuple = ()
    regions: tuple | None = None
    density: tuple = ()
    switch: str | None = None
    ions: tuple = ()
    leak_conductance: tuple = ()
    slow_gates: tuple = ()
    certifiable: bool = False
    off: tuple = ()
    outputs: tuple = ()
    painted: bool = True

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"Mechanism {self.suffix!r}: role={self.role!r}; use one of "
                             f"{', '.join(ROLES)}.")
        painted = {p.range_var for p in self.params}
        for name in self.density:
            if name not in painted:
                raise ValueError(f"Mechanism {self.suffix!r}: density {name!r} is not one of "
                                 "its params.")
        if self.role == "leak" and not self.leak_conductance:
            raise ValueError(f"Mechanism {self.suffix!r}: a leak declares its "
                             "leak_conductance (the RANGE variables of its resting conductance).")

    @property
    def conducts(self) -> bool:
        return self.role in CONDUCTING_ROLES

    @property
    def gated(self) -> bool:
        return self.role == "gated"

    def param(self, range_var: str) -> Param:
        return next(p for p in self.params if p.range_var == range_var)

    def density_fields(self) -> tuple:
        """The spec fields of its density parameters."""
        return tuple(f for name in self.density for f in self.param(name).fields())

    def off_changes(self) -> dict:
        """{field: value} that leave it off a membrane."""
        return dict(self.off) if self.off else {f: 0.0 for f in self.density_fields()}

    def current_ions(self) -> tuple:
        """The ions whose current it carries (its USEION ... WRITE i<ion>)."""
        return tuple(use.ion for use in self.ions if use.carries_current)

    def range_variables(self) -> tuple:
        """Every RANGE variable this declaration names (all must be RANGE in its .mod)."""
        names = [p.range_var for p in self.params] + list(self.leak_conductance)
        names += [name for name, _ in self.slow_gates] + list(self.outputs)
        names += [use.current_gate for use in self.ions if use.current_gate]
        names += [f"i{ion}" for ion in self.current_ions()]  # read by the ion budget
        return tuple(dict.fromkeys(names))


_REGISTRY: dict = {}
_IONS: dict = {}
_SEALED: dict = {}  # "fields": the MembraneSpec field names, once the class is made


def register(mechanism: Mechanism) -> Mechanism:
    """Add a declaration; a SUFFIX declared before is refused. Once `MembraneSpec` has been
    made (leakmodels.spec.membrane imported) a declaration can add no field; its parameters
    then name fields the spec has, or are values."""
    if not isinstance(mechanism, Mechanism):
        raise TypeError(f"{mechanism!r} is not a Mechanism declaration.")
    if mechanism.suffix in _REGISTRY:
        raise ValueError(f"mechanism {mechanism.suffix!r} is declared already; a SUFFIX is "
                         "declared once.")
    if "fields" in _SEALED:
        known = _SEALED["fields"]
        if mechanism.fields:
            raise ValueError(
                f"mechanism {mechanism.suffix!r} declares fields "
                f"({', '.join(f.name for f in mechanism.fields)}) after MembraneSpec was made: "
                "register it before using lm.MembraneSpec (or any cell), or give its "
                "parameters as values, Param(name, value=lambda spec: ...).")
        named = [f for p in mechanism.params for f in p.fields()]
        named += [mechanism.switch] if mechanism.switch else []
        named += [f for f, _ in mechanism.off]
        unknown = [f for f in named if f not in known]
        if unknown:
            raise ValueError(f"mechanism {mechanism.suffix!r}: MembraneSpec has no field "
                             f"{', '.join(unknown)}.")
    if "package" in _SEALED and mechanism.mod_file and Path(mechanism.mod_file).is_file():
        # a user's file, known wherever the process goes next (os.chdir, a worker's folder)
        mechanism = replace(mechanism, mod_file=str(Path(mechanism.mod_file).resolve()))
    _REGISTRY[mechanism.suffix] = mechanism
    return mechanism


def unregister(suffix: str) -> None:
    """Remove a declaration made from outside the package (a user's own mechanism)."""
    mech = _REGISTRY.get(suffix)
    if mech is None:
        raise KeyError(f"no mechanism {suffix!r} is declared.")
    if mech in _SEALED.get("package", ()):
        raise ValueError(f"{suffix!r} is one of leakmodels' own mechanisms; it stays declared.")
    del _REGISTRY[suffix]


def seal(what: str, value) -> None:
    """Record that MembraneSpec was made with these fields ('fields'), or which declarations
    are the package's own ('package')."""
    _SEALED[what] = value


def register_ion(ion: Ion) -> Ion:
    """Add an ion species (before MembraneSpec is made: its concentrations are spec fields)."""
    if "fields" in _SEALED:
        raise ValueError(f"ion {ion.name!r} is declared after MembraneSpec was made; its "
                         "concentrations would have no fields: declare it first.")
    if ion.name in _IONS:
        raise ValueError(f"ion {ion.name!r} is declared already.")
    _IONS[ion.name] = ion
    return ion


def mechanisms() -> tuple:
    """Every declared mechanism, in the order registered (the order a section gets them)."""
    return tuple(_REGISTRY.values())


def get(suffix: str) -> Mechanism:
    if suffix not in _REGISTRY:
        raise KeyError(f"no mechanism {suffix!r} is declared; declared: {', '.join(_REGISTRY)}.")
    return _REGISTRY[suffix]


def ions() -> tuple:
    return tuple(_IONS.values())


def ion(name: str) -> Ion:
    return _IONS[name]
