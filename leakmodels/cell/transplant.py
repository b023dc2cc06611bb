"""leakmodels' own leaks and pump painted onto a model's sections in place of its `pas`, so
that the source text's experiments (half the K+ leak, pump block, K2P closing) run on a
user's model.

`replace_pas(cell, membrane=None, regions=None, at_mV=None)` (at_mV: one potential, one per
segment, or None): in every segment of the
chosen regions that carries `pas`, a GHK K+ leak, a GHK Na+ leak and the balanced Na+/K+
pump take its place with

* pas's current, g_pas (V - e_pas), and its slope conductance, g_pas, at `at_mV`: PNa/PK
  chosen for the current, both scaled for the slope. At the default `at_mV` = e_pas the
  current is zero: the pair's balanced-pump rest (the Mullins-Noda potential) is e_pas, the
  same reversal. At the cell's rest (what sweeps use) the cell keeps its rest and R_in
  exactly, and the pair's reversal lies near e_pas (they part by the GHK currents'
  curvature between the two).

The concentrations are the membrane's (default `DEFAULT_MEMBRANE`) except Ko and Nao, which
are chosen so that E_K and E_Na are the model's own where it has K+ and Na+ (its soma's, read
from the segments): the model's channels keep their reversal potentials. The temperature is
the cell's. `pas` is then removed from those sections; `replace_pas` returns what it
painted.
"""
from __future__ import annotations

import math

from scipy.optimize import brentq

from ..mechanisms import get
from ..mechanisms.catalogue import PAS
from ..mechanisms.loading import load_mechanisms
from ..spec import physics
from ..spec.checks import ArgumentError
from ..spec.membrane import DEFAULT_MEMBRANE, MembraneSpec
from .cell import cell_arg
from .painting import mechanisms_for, set_ion_concentrations

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


def _unit(spec: MembraneSpec, ratio: float) -> MembraneSpec:
    """PK 1e-6 cm/s (open), PNa ratio x that, and the pump that balances them."""
    return spec.with_(pk_cm_s=1e-6 / spec.kleak_fopen, pna_cm_s=1e-6 * ratio,
                      pump_imax_mA_cm2=None)


def _current(spec: MembraneSpec, v_mV: float) -> float:
    """Net current density of spec's leaks and pump at v_mV (mA/cm2, outward positive)."""
    t = spec.celsius_degC
    return (physics.ghk_current_mA_cm2(v_mV, spec.pk_effective_cm_s, spec.ki_mM, spec.ko_mM,
                                       1, t)
            + physics.ghk_current_mA_cm2(v_mV, spec.pna_cm_s, spec.nai_mM, spec.nao_mM, 1, t)
            + spec.pump_current_mA_cm2())


def leak_pair(spec: MembraneSpec, e_mV: float, g_S_cm2: float, at_mV: float) -> MembraneSpec:
    """`spec` with PK, PNa and the pump that balances them carrying pas's current
    g (V - e) and its slope g at at_mV: at e itself, the pair's balanced-pump rest is e."""
    ek, ena = spec.reversal_mV("k"), spec.reversal_mV("na")
    if not ek < e_mV < ena:
        raise ArgumentError(f"e_pas = {e_mV:g} mV lies outside E_K..E_Na ({ek:.1f} to "
                            f"{ena:.1f} mV at these concentrations): no K+/Na+ leak pair has "
                            "it as its reversal. Leave that region's pas (regions=), or give a "
                            "membrane whose concentrations put it inside.")
    args = (spec.ki_mM, spec.ko_mM, spec.nai_mM, spec.nao_mM, spec.celsius_degC)
    if at_mV == e_mV:
        ratio = physics.pump_balanced_pna_over_pk(e_mV, *args)
    else:  # current over slope at at_mV is at_mV - e_mV: pas's own ratio there
        def mismatch(log_ratio):
            unit = _unit(spec, 10.0 ** log_ratio)
            return (_current(unit, at_mV) / unit.leak_slope_conductance_S_cm2(at_mV)
                    - (at_mV - e_mV))
        lo, hi = (math.log10(physics.pump_balanced_pna_over_pk(v, *args))
                  for v in (ek + 0.5 * (e_mV - ek), ena - 0.5 * (ena - e_mV)))
        if mismatch(lo) * mismatch(hi) > 0:
            raise ArgumentError(f"no K+/Na+ leak pair carries pas's current (e_pas {e_mV:g} "
                                f"mV) and slope at {at_mV:g} mV; match it at e_pas "
                                "(at_mV=None).")
        ratio = 10.0 ** brentq(mismatch, lo, hi, xtol=1e-13)
    unit = _unit(spec, ratio)
    scale = g_S_cm2 / unit.leak_slope_conductance_S_cm2(at_mV)
    return unit.with_(pk_cm_s=unit.pk_cm_s * scale, pna_cm_s=unit.pna_cm_s * scale)


def _match_points(cell, at_mV) -> dict:
    """{(section, x): the potential where a segment's pair is matched to its pas}: one for
    every segment (a number), one each (a sequence in the order of `cell.segments()`: a
    rest's potentials), or none (each at its e_pas)."""
    if at_mV is None:
        return {}
    segments = list(cell.segments())
    if isinstance(at_mV, (int, float)):
        return {(seg.sec, seg.x): float(at_mV) for seg in segments}
    values = list(at_mV)
    if len(values) != len(segments):
        raise ArgumentError(f"at_mV has {len(values)} potentials for {len(segments)} segments "
                            f"of {cell.name}: give one number, or one per segment.")
    return {(seg.sec, seg.x): float(v) for seg, v in zip(segments, values)}


def replace_pas(cell, membrane: MembraneSpec | None = None, *, regions=None,
                at_mV: float | None = None) -> dict:
    """Paint leakmodels' GHK K+ and Na+ leaks and the balanced pump in place of a model's pas.

    In every segment of the chosen regions that carries ``pas``, the pair and its pump take
    pas's current, g_pas (V - e_pas), and its slope conductance, g_pas, at `at_mV` (PNa/PK
    chosen for the current, both scaled for the slope); ``pas`` is then removed from those
    sections. At the default (each segment's e_pas) the current is zero there: the pair's
    balanced-pump rest (the Mullins-Noda potential) is e_pas. Matched at the cell's rest (as
    sweeps do), the cell keeps its rest and input resistance exactly. The concentrations are
    the membrane's except Ko and Nao, chosen so that E_K and E_Na are the model's own (its
    soma's): its channels keep their reversal potentials. The temperature is the cell's.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell, usually adopted (`adopt`, `from_hoc`, `from_python`).
    membrane : leakmodels.MembraneSpec or None, optional
        Where the concentrations come from; default None, `DEFAULT_MEMBRANE`.
    regions : str, tuple of str or None, optional
        The regions whose pas is replaced; default None, every section carrying pas.
    at_mV : float, sequence of float or None, optional
        The potential, in mV, at which each segment's pair matches its pas: one for every
        segment, or one per segment in the order of ``cell.segments()`` (a rest's
        potentials); default None, each segment's e_pas.

    Returns
    -------
    dict
        ``{'sections': int, 'segments': int, 'membrane': MembraneSpec}``: the sections and
        segments changed, and the membrane whose concentrations were used.

    Raises
    ------
    ArgumentTypeError
        `cell` is not a leakmodels Cell (a NEURON Section: adopt it with `adopt`).
    ArgumentError
        No section of the regions carries pas; an e_pas outside E_K..E_Na (no leak pair has
        it as its reversal); no pair matches at `at_mV`; or `at_mV` has the wrong length.
    """
    cell = cell_arg(cell)
    load_mechanisms()  # an adopted cell needed none of leakmodels' own until now
    base = matching_membrane(cell, membrane)
    regions = (regions,) if isinstance(regions, str) else regions
    chosen = [s for s in cell.sections if s.has_membrane(PAS.suffix)
              and (regions is None or cell.region_of(s) in regions)]
    if not chosen:
        where = f" in {', '.join(regions)}" if regions else ""
        raise ArgumentError(f"{cell.name} has no {PAS.suffix}{where} to replace.")
    where = _match_points(cell, at_mV)
    segments = 0
    for sec in chosen:
        region = cell.region_of(sec)
        for seg in sec:
            leak = getattr(seg, PAS.suffix)
            e, g = float(leak.e), float(leak.g)
            spec = leak_pair(base, e, g, where.get((sec, seg.x), e))
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
        set_ion_concentrations(sec, base, only=("na", "k"))  # its other ions: the model's
    cell.ranges_changed = True
    cell.forget_rest()
    return {"sections": len(chosen), "segments": segments, "membrane": base}
