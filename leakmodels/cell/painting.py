"""Painting a membrane: inserting a `MembraneSpec`'s mechanisms into a cell's sections and
setting every parameter, the temperature and both sides' ion concentrations explicitly.

`apply_membrane(cell, spec)` makes every section carry exactly what the spec says: the
mechanisms it asks for in the section's region, parameterised; none of leakmodels' that it
does not ask for; Ra and cm; concentrations and the reversal potentials NEURON derives from
them (Nernst). Nothing is left at NEURON's squid-axon defaults.
"""
from __future__ import annotations

from ..mechanisms.catalogue import LEAKMODELS_MECHANISMS
from ..mechanisms.loading import h
from ..spec.membrane import MembraneSpec, axial_resistivity_ohm_cm
from .cell import cell_arg


def set_ion_concentrations(sec, spec: MembraneSpec) -> None:
    """Set both sides' Na+ and K+ concentrations and make NEURON derive ena, ek from them."""
    for seg in sec:
        seg.nai, seg.nao = spec.nai_mM, spec.nao_mM
        seg.ki, seg.ko = spec.ki_mM, spec.ko_mM
        if spec.accumulate_ions:
            seg.nakacc.nai0 = spec.nai_mM
            seg.nakacc.ki0 = spec.ki_mM
    # c_style 1 fixed (3: state when nakacc writes them), e_style 2: from Nernst,
    # einit 1 and eadvance 1: recompute at init and every step, cinit 0: never reset to globals.
    c_style = 3 if spec.accumulate_ions else 1
    for ion in ("na_ion", "k_ion"):
        h_ion_style(ion, c_style, sec)
    if sec.has_membrane("ahp"):  # E_Ca from fixed cai, cao (the AHP's own Ca2+ pool is private)
        for seg in sec:
            seg.cai, seg.cao = spec.cai_mM, spec.cao_mM
        h_ion_style("ca_ion", 1, sec)


def h_ion_style(ion: str, c_style: int, sec) -> None:
    h.ion_style(ion, c_style, 2, 1, 1, 0, sec=sec)


def set_passive(cell, spec: MembraneSpec) -> None:
    """Ra and cm of every section: the spec's, or the morphology's own Ra
    (`cell.default_ra_ohm_cm`) when the spec leaves ra_ohm_cm at None."""
    ra = axial_resistivity_ohm_cm(spec, cell.default_ra_ohm_cm)
    for sec in cell.sections:
        sec.Ra = ra
        sec.cm = spec.cm_uF_cm2


def mechanisms_for(spec: MembraneSpec, region: str) -> dict:
    """{mechanism: {parameter: value}} that `spec` paints on a section of `region`."""
    scale = spec.soma_leak_scale if region == "soma" else 1.0
    out = {"kleak": {"pbar": spec.pk_cm_s * scale, "fopen": spec.kleak_fopen},
           "naleak": {"pbar": spec.pna_cm_s * scale},
           "nakpump": {"imax": spec.pump_imax() * scale, "block": spec.pump_block,
                        "q10": spec.pump_q10, "kmna": spec.pump_kmna_mM, "kmk": spec.pump_kmk_mM}}
    gnav, gkdr = spec.spike_densities_S_cm2(region)
    if gnav > 0:
        out["nav"] = {"gbar": gnav}
    if gkdr > 0:
        out["kdr"] = {"gbar": gkdr}
    if region == "soma" and (spec.gca_soma_S_cm2 > 0 or spec.gsk_soma_S_cm2 > 0):
        out["ahp"] = {"gcabar": spec.gca_soma_S_cm2, "gskbar": spec.gsk_soma_S_cm2,
                      "tau_ca": spec.ahp_tau_ca_ms}
    if spec.gkm_S_cm2 > 0 and region in ("soma", "axon"):
        out["km"] = {"gbar": spec.gkm_S_cm2}
    if spec.ghcn_S_cm2 > 0:
        out["hcn"] = {"gbar": spec.ghcn_S_cm2, "camp_shift": spec.hcn_camp_shift_mV,
                      "vhalf": spec.hcn_vhalf_mV}
    if spec.accumulate_ions:
        out["nakacc"] = {}
    return out


def apply_membrane(cell, spec: MembraneSpec) -> None:
    """Make the membrane of every section of `cell` exactly what `spec` says.

    Every leakmodels mechanism the spec asks for in a section's region is inserted and
    parameterised; every one it does not ask for is removed (so a spec without spike
    channels leaves none behind); mechanisms of other names, inserted by hand, are left as
    they are. Spike channels go only into the soma and axon regions, the AHP into the soma; `soma_leak_scale`
    multiplies the soma's leaks and pump. Sections must already have their geometry and
    nseg. Sets Ra and cm (`set_passive`), cell.membrane and cell.celsius_degC.
    """
    cell_arg(cell)
    if not isinstance(spec, MembraneSpec):
        raise TypeError(f"membrane={spec!r} is not a MembraneSpec; build one with lm.MembraneSpec(...).")
    set_passive(cell, spec)
    for sec in cell.sections:
        wanted = mechanisms_for(spec, cell.region_of(sec))
        for name in LEAKMODELS_MECHANISMS:
            if name in wanted:
                sec.insert(name)
            elif sec.has_membrane(name):
                sec.uninsert(name)
        for seg in sec:
            for name, params in wanted.items():
                mech = getattr(seg, name)
                for key, value in params.items():
                    setattr(mech, key, value)
            if spec.accumulate_ions:
                seg.nakacc.vol_area = cell.volume_per_area_um(sec)
        set_ion_concentrations(sec, spec)
    cell.membrane = spec
    cell.celsius_degC = spec.celsius_degC
    cell.forget_rest()
