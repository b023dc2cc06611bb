"""Fitting a membrane to a cell's measured passive properties: R_m, R_in, tau and V_rest.

* `membrane_with_rm(base, rm_ohm_cm2, pna_over_pk)`: the K+ and Na+ leak permeabilities
  scaled together (their ratio kept, or set) so that the leaks' specific resistance at their
  pump-balanced rest is rm_ohm_cm2. The GHK slope conductance is linear in the
  permeabilities, so one evaluation at a unit permeability gives the scale exactly.
* `fit_membrane(build, target_rin_MOhm, target_tau_ms, target_v_rest_mV)`: cm and the leak
  scale fitted to a measured R_in and tau (and PNa/PK to a measured V_rest through the
  inverse Mullins-Noda equation), by fixed-point steps from the isopotential estimate.

Nothing here knows about a particular cell or data set; `build(membrane) -> Cell` builds
the cell to fit (for a reconstruction, `lambda m: from_swc(path, membrane=m)`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..spec import physics
from ..spec.membrane import DEFAULT_MEMBRANE, MembraneSpec
from .passive import input_resistance, time_constant

FIT_RTOL = 0.002  # the fit stops when R_in and tau are both within 0.2 % of their targets


def membrane_with_rm(base: MembraneSpec, rm_ohm_cm2: float,
                     pna_over_pk: float | None = None) -> MembraneSpec:
    """`base` with pk_cm_s and pna_cm_s scaled together (ratio kept, or set to pna_over_pk)
    so that the leaks' specific resistance at their (pump-balanced) rest is rm_ohm_cm2."""
    if not (math.isfinite(rm_ohm_cm2) and rm_ohm_cm2 > 0):
        raise ValueError(f"rm_ohm_cm2={rm_ohm_cm2!r} must be a positive specific resistance.")
    ratio = base.pna_cm_s / base.pk_cm_s if pna_over_pk is None else pna_over_pk
    unit = base.with_(pk_cm_s=1e-6, pna_cm_s=1e-6 * ratio)
    scale = unit.rest_slope_rm_ohm_cm2() / rm_ohm_cm2  # slope conductance is linear in P
    return base.with_(pk_cm_s=1e-6 * scale, pna_cm_s=1e-6 * ratio * scale)


def pna_over_pk_for_rest(v_rest_mV: float, spec: MembraneSpec) -> float:
    """PNa/PK that puts the pump-balanced leak rest of `spec` at v_rest_mV."""
    return physics.pump_balanced_pna_over_pk(v_rest_mV, spec.ki_mM, spec.ko_mM, spec.nai_mM,
                                             spec.nao_mM, spec.celsius_degC)


@dataclass(frozen=True)
class MembraneFit:
    """A membrane fitted to a cell's measured R_in and tau (and V_rest)."""

    membrane: MembraneSpec
    rm_ohm_cm2: float
    iterations: int
    rin_MOhm: float
    tau_ms: float


def fit_membrane(build, target_rin_MOhm: float, target_tau_ms: float,
                 target_v_rest_mV: float | None = None, base: MembraneSpec = DEFAULT_MEMBRANE,
                 rtol: float = FIT_RTOL, max_iter: int = 12,
                 cm_uF_cm2: float | None = None) -> MembraneFit:
    """Fit cm_uF_cm2 and the leak scale (pk_cm_s and pna_cm_s together) so that the cell
    `build(membrane)` has R_in target_rin_MOhm and tau_0 target_tau_ms; with
    target_v_rest_mV, PNa/PK from it (Mullins-Noda, pump balanced). cm_uF_cm2 given: cm is
    kept at it and only R_in (and V_rest) are fitted; tau is then what the cell has
    (`MembraneFit.tau_ms`), not a target.

    Start from the isopotential cell (R_m = R_in x area, cm = tau / R_m), then fixed-point
    steps R_m *= R_in,target / R_in (R_in ~ R_m) and R_m cm *= tau_target / tau
    (tau ~ R_m cm), until both are within rtol.
    """
    ratio = None if target_v_rest_mV is None else pna_over_pk_for_rest(target_v_rest_mV, base)
    with build(base) as cell:
        area_cm2 = cell.area_um2 * 1e-8
    rm = target_rin_MOhm * 1e6 * area_cm2
    cm = target_tau_ms * 1e-3 / rm * 1e6 if cm_uF_cm2 is None else float(cm_uF_cm2)
    rin = tau = math.nan
    for i in range(1, max_iter + 1):
        spec = membrane_with_rm(base.with_(cm_uF_cm2=cm), rm, ratio)
        with build(spec) as cell:
            rin = input_resistance(cell)
            tau = time_constant(cell)
        tau_fits = cm_uF_cm2 is not None or abs(tau / target_tau_ms - 1) < rtol
        if abs(rin / target_rin_MOhm - 1) < rtol and tau_fits:
            return MembraneFit(spec, rm, i, rin, tau)
        rm_new = rm * target_rin_MOhm / rin
        if cm_uF_cm2 is None:
            cm *= (target_tau_ms / tau) * (rm / rm_new)
        rm = rm_new
    raise RuntimeError(f"fit_membrane: R_in {rin:.4g} MOhm and tau {tau:.4g} ms not within "
                       f"{rtol:.1%} of the targets ({target_rin_MOhm:g} MOhm, "
                       f"{target_tau_ms:g} ms) after {max_iter} steps.")
