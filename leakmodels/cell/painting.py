"""Painting a membrane: inserting a `MembraneSpec`'s mechanisms into a cell's sections and
setting every parameter, the temperature and both sides' ion concentrations explicitly.

`apply_membrane(cell, spec)` makes every section carry exactly what the spec says: the
mechanisms it asks for in the section's region, parameterised; none of leakmodels' that it
does not ask for; Ra and cm; concentrations and the reversal potentials NEURON derives from
them (Nernst). Nothing is left at NEURON's squid-axon defaults.
"""
from __future__ import annotations

from ..mechanisms import get, ions, mechanisms
from ..mechanisms.loading import h
from ..spec.membrane import MembraneSpec, axial_resistivity_ohm_cm
from .cell import cell_arg


def set_ion_concentrations(sec, spec: MembraneSpec, only=None) -> None:
    """Set both sides' concentrations of every declared ion present in `sec` (of the ions
    named in `only`, if given) from the spec's fields, and make NEURON derive their reversal
    potentials from them (Nernst); the other ions are left as they are."""
    present = [m for m in painted_mechanisms() if sec.has_membrane(m.suffix)]
    for ion in ions():
        if not sec.has_membrane(f"{ion.name}_ion") or (only and ion.name not in only):
            continue
        inside, outside = getattr(spec, ion.inside.name), getattr(spec, ion.outside.name)
        for seg in sec:
            setattr(seg, f"{ion.name}i", inside)
            setattr(seg, f"{ion.name}o", outside)
        # c_style 1 fixed (3: a state, where a mechanism such as nakacc writes it), e_style 2:
        # from Nernst, einit 1 and eadvance 1: recompute at init and every step, cinit 0:
        # never reset to NEURON's globals; a mechanism inserted by hand that writes it (a Ca2+
        # pool of the user's) keeps the state NEURON made it (its style is read, not set)
        written = any(use.ion == ion.name and use.writes_concentration
                      for m in present for use in m.ions)
        if not written and _foreign_mechanisms(sec):
            written = int(h.ion_style(f"{ion.name}_ion", sec=sec)) & 3 == 3
        h_ion_style(f"{ion.name}_ion", 3 if written else 1, sec)


def _foreign_mechanisms(sec) -> list:
    """The density mechanisms of `sec` that are not declared (inserted by hand)."""
    declared = {m.suffix for m in mechanisms()}
    return [m.name() for m in sec(0.5)
            if not m.name().endswith("_ion") and m.name() not in declared]


def h_ion_style(ion: str, c_style: int, sec) -> None:
    h.ion_style(ion, c_style, 2, 1, 1, 0, sec=sec)


def set_passive(cell, spec: MembraneSpec) -> None:
    """Ra and cm of every section: the spec's, or the morphology's own Ra
    (`cell.default_ra_ohm_cm`) when the spec leaves ra_ohm_cm at None."""
    ra = axial_resistivity_ohm_cm(spec, cell.default_ra_ohm_cm)
    for sec in cell.sections:
        sec.Ra = ra
        sec.cm = spec.cm_uF_cm2


def painted_mechanisms() -> tuple:
    """The declared mechanisms a spec paints (NEURON's own pas is not among them)."""
    return tuple(m for m in mechanisms() if m.painted)


def _value(param, spec: MembraneSpec, region: str):
    if param.field is not None:
        value = getattr(spec, param.field)
    elif param.by_region:
        fields = dict(param.by_region)
        value = getattr(spec, fields[region]) if region in fields else 0.0
    else:
        value = param.value(spec)
    return value * spec.soma_leak_scale if param.soma_scaled and region == "soma" else value


def mechanisms_for(spec: MembraneSpec, region: str) -> dict:
    """{mechanism: {RANGE variable: value}} that `spec` paints on a section of `region`, in
    the declarations' order: a mechanism declared for the region, switched on, and with one
    of its densities above zero (or none to need). Parameters read per section (nakacc's
    volume per area) are set by `apply_membrane`."""
    out = {}
    for mech in painted_mechanisms():
        if mech.regions is not None and region not in mech.regions:
            continue
        if mech.switch is not None and not getattr(spec, mech.switch):
            continue
        values = {p.range_var: _value(p, spec, region) for p in mech.params
                  if p.per_section is None}
        if mech.density and not any(values[d] > 0 for d in mech.density):
            continue
        out[mech.suffix] = values
    return out


def apply_membrane(cell, spec: MembraneSpec) -> None:
    """Make the membrane of every section of `cell` exactly what `spec` says.

    Every declared mechanism the spec asks for in a section's region is inserted and
    parameterised; every one it does not ask for is removed (so a spec without spike
    channels leaves none behind); mechanisms of other names, inserted by hand, are left as
    they are. Where each goes is its declaration's (spike channels in the soma and axon,
    the AHP in the soma); `soma_leak_scale` multiplies the soma's leaks and pump. Both
    sides' ion concentrations are set, and NEURON derives the reversal potentials from them
    (Nernst). Also sets Ra and cm (`set_passive`: the spec's, else the morphology's Ra),
    ``cell.membrane`` and ``cell.celsius_degC``, and drops the cell's settled rest.

    Parameters
    ----------
    cell : leakmodels.Cell
        A living cell whose sections already have their geometry and nseg.
    spec : leakmodels.MembraneSpec
        The membrane to paint (densities in S/cm2, permeabilities in cm/s, concentrations
        in mM, temperature in degC).

    Raises
    ------
    ArgumentTypeError
        `cell` is not a `leakmodels.Cell`.
    CellDestroyedError
        The cell was destroyed.
    TypeError
        `spec` is not a `leakmodels.MembraneSpec`.
    """
    cell_arg(cell)
    if not isinstance(spec, MembraneSpec):
        raise TypeError(f"membrane={spec!r} is not a MembraneSpec; build one with lm.MembraneSpec(...).")
    set_passive(cell, spec)
    by_region = {}
    for sec in cell.sections:
        region = cell.region_of(sec)
        if region not in by_region:
            by_region[region] = mechanisms_for(spec, region)
        wanted = by_region[region]
        for mech in painted_mechanisms():
            if mech.suffix in wanted:
                sec.insert(mech.suffix)
            elif sec.has_membrane(mech.suffix):
                sec.uninsert(mech.suffix)
        per_section = [(get(name).suffix, p.range_var, getattr(cell, p.per_section)(sec))
                       for name in wanted for p in get(name).params if p.per_section]
        for seg in sec:
            for name, params in wanted.items():
                mech = getattr(seg, name)
                for key, value in params.items():
                    setattr(mech, key, value)
            for name, key, value in per_section:
                setattr(getattr(seg, name), key, value)
        set_ion_concentrations(sec, spec)
    cell.membrane = spec
    cell.celsius_degC = spec.celsius_degC
    cell.forget_rest()
