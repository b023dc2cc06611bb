"""leakmodels' own leaks and pump painted onto a model's sections in place of its `pas`, so
that the source text's experiments (half the K+ leak, pump block, K2P closing) run on a
user's model.

`replace_pas(cell, membrane=None, regions=None, at_mV=None)`: in every segment of the
chosen regions that carries `pas`, a GHK K+ leak, a GHK Na+ leak and the balanced Na+/K+
pump take its place with

* the same reversal: the pair's rest with its balanced pump (the Mullins-Noda potential)
  is the segment's `e_pas` (PNa/PK from `physics.pump_balanced_pna_over_pk`), and
* the same slope conductance at `at_mV` (default: `e_pas` itself; give the cell's rest to
  match its resting conductance there): PK and PNa scaled so that dI/dV = `g_pas`.

The concentrations are the membrane's (default `DEFAULT_MEMBRANE`) except Ko and Nao, which
are chosen so that E_K and E_Na are the model's own where it has K+ and Na+ (its soma's, read
from the segments): the model's channels keep their reversal potentials. The temperature is
the cell's. `pas` is then removed from those sections. A linear leak becomes a GHK one, so
the cell's rest moves by the curvature of the GHK currents between e_pas and the rest (zero
where they coincide); `replace_pas` returns what it painted.
"""
from __future__ import annotations

import math

from ..mechanisms import get
from ..mechanisms.catalogue import PAS
from ..mechanisms.loading import h, load_mechanisms
from ..spec import physics
from ..spec.checks import ArgumentError
from ..spec.membrane import DEFAULT_MEMBRANE, MembraneSpec
from .painting import h_ion_style, mechanisms_for

ROLES = ("leak", "pump")  # what takes the place of pas


def _model_reversals(cell) -> dict:
    """{'ek': mV, 'ena': mV} of the model where its segments carry K+ and Na+ (the soma's
    first)."""
    out = {}
    for sec in [cell.soma] + [s for s in cell.sections if s != cell.soma]:
        for ion in ("k", "na"):
            if f"e{ion}" not in out and sec.has_membrane(f"{ion}_ion"):
                out[f"e{ion}"] = float(getattr(sec(0.5), f"e{ion}"))
    return out


def matching_membrane(cell, membrane: MembraneSpec | None = None) -> MembraneSpec:
    """The membrane whose E_K and E_Na are the model's (Ko, Nao chosen), at the cell's
    temperature (see the module docstring)."""
    spec = (membrane or DEFAULT_MEMBRANE).with_(celsius_degC=cell.celsius_degC,
                                                soma_leak_scale=1.0)
    rev = _model_reversals(cell)
    rt = physics.rt_over_f_mV(cell.celsius_degC)
    changes = {}
    if "ek" in rev:
        changes["ko_mM"] = spec.ki_mM * math.exp(rev["ek"] / rt)
    if "ena" in rev:
        changes["nao_mM"] = spec.nai_mM * math.exp(rev["ena"] / rt)
    return spec.with_(**changes)


def leak_pair(spec: MembraneSpec, e_mV: float, g_S_cm2: float, at_mV: float) -> MembraneSpec:
    """`spec` with PK and PNa whose balanced-pump rest is e_mV and whose slope conductance at
    at_mV is g_S_cm2 (and the pump that balances them)."""
    ek, ena = spec.reversal_mV("k"), spec.reversal_mV("na")
    if not ek < e_mV < ena:
        raise ArgumentError(f"e_pas = {e_mV:g} mV lies outside E_K..E_Na ({ek:.1f} to "
                            f"{ena:.1f} mV at these concentrations): no K+/Na+ leak pair has "
                            "it as its reversal. Leave that region's pas (regions=), or give a "
                            "membrane whose concentrations put it inside.")
    ratio = physics.pump_balanced_pna_over_pk(e_mV, spec.ki_mM, spec.ko_mM, spec.nai_mM,
                                              spec.nao_mM, spec.celsius_degC)
    unit = spec.with_(pk_cm_s=1e-6 / spec.kleak_fopen, pna_cm_s=1e-6 * ratio,
                      pump_imax_mA_cm2=None)
    scale = g_S_cm2 / unit.leak_slope_conductance_S_cm2(at_mV)
    return unit.with_(pk_cm_s=unit.pk_cm_s * scale, pna_cm_s=unit.pna_cm_s * scale)


def _set_na_k(sec, spec: MembraneSpec) -> None:
    """Na+ and K+ concentrations of the spec in `sec`, E_Na and E_K from them (Nernst; the
    model's own values by `matching_membrane`); its other ions are left as the model set
    them."""
    for ion in ("na", "k"):
        for seg in sec:
            setattr(seg, f"{ion}i", getattr(spec, f"{ion}i_mM"))
            setattr(seg, f"{ion}o", getattr(spec, f"{ion}o_mM"))
        written = int(h.ion_style(f"{ion}_ion", sec=sec)) & 3 == 3  # a model's pool keeps it
        h_ion_style(f"{ion}_ion", 3 if written else 1, sec)


def replace_pas(cell, membrane: MembraneSpec | None = None, *, regions=None,
                at_mV: float | None = None) -> dict:
    """Paint leakmodels' leaks and pump in place of pas (see the module docstring); returns
    {'sections': n, 'segments': n, 'membrane': the concentrations used}."""
    load_mechanisms()  # an adopted cell needed none of leakmodels' own until now
    base = matching_membrane(cell, membrane)
    regions = (regions,) if isinstance(regions, str) else regions
    chosen = [s for s in cell.sections if s.has_membrane(PAS.suffix)
              and (regions is None or cell.region_of(s) in regions)]
    if not chosen:
        where = f" in {', '.join(regions)}" if regions else ""
        raise ArgumentError(f"{cell.name} has no {PAS.suffix}{where} to replace.")
    segments = 0
    for sec in chosen:
        region = cell.region_of(sec)
        for seg in sec:
            leak = getattr(seg, PAS.suffix)
            e, g = float(leak.e), float(leak.g)
            spec = leak_pair(base, e, g, e if at_mV is None else at_mV)
            wanted = {name: values for name, values in mechanisms_for(spec, region).items()
                      if get(name).role in ROLES}
            for name in wanted:
                if not sec.has_membrane(name):
                    sec.insert(name)
            for name, values in wanted.items():
                for key, value in values.items():
                    setattr(getattr(seg, name), key, value)
            segments += 1
        sec.uninsert(PAS.suffix)
        _set_na_k(sec, base)
    cell.ranges_changed = True
    cell.forget_rest()
    return {"sections": len(chosen), "segments": segments, "membrane": base}
