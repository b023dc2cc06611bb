"""Measurements: functions of a cell that return numbers (with units in their names) or results.

resting_potential (mV), input_resistance (MOhm, by Impedance at DC or by a small step),
time_constant (ms), rheobase (nA), sag (SagResult). Each one uses the cell's membrane as it
stands, including mechanisms inserted or removed by hand, sets the temperature from the cell,
settles the cell to its steady state first, and leaves nothing attached to the cell.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .nrn import h
from .simulate import Protocol, set_temperature

BIG_MS = 1e9


def resting_potential(cell, site=None) -> float:
    """Steady-state membrane potential (mV) at `site` (default: middle of the soma)."""
    with Protocol(cell, site) as p:
        return float(p.v_rest_mV)


def _impedance_MOhm(p: Protocol, extended: bool = True) -> float:
    """DC input resistance from NEURON's Impedance at the settled state.

    extended=True includes dI/dstate of gated channels (Impedance.compute(0, 1));
    extended=False freezes the gates (compute(0, 0)) and is used only to size steps.
    """
    p.restore()
    set_temperature(p.cell)
    imp = h.Impedance()
    imp.loc(p.site.x, sec=p.site.sec)
    imp.compute(0, 1 if extended else 0)
    return float(imp.input(p.site.x, sec=p.site.sec))


def input_resistance(cell, site=None, method: str = "step", step_mV: float = -0.1) -> float:
    """Input resistance at DC (MOhm).

    method='step' (default): R_in = [V_ss(-I) - V_ss(+I)] / (2 I) for two small current steps
    sized to move the site by about step_mV (0.1 mV) each way, each held until V changes by
    less than 1e-5 of the deflection per chunk. The central difference cancels the I-V
    curvature to second order: this is the DC slope dV/dI at rest, gating included, in any
    cell, to about 1e-5. A membrane with no conductance at all returns math.inf. A cell so
    close to threshold that the 0.1 mV probe fires it raises SettleError.
    method='impedance': NEURON's Impedance.compute(0, 1) at the resting state (extended: gating
    included); 10-100x faster. In NEURON 9.0.2 it agrees with the step where the passive
    membrane is uniform (0.05-0.7 %: a finite difference on steep gates), but misreads cells
    whose passive conductance differs between sections (a ball-and-stick with a 5x leakier
    soma reads 0.58x the true value): see the README.
    """
    if method not in ("impedance", "step"):
        raise ValueError(f"method={method!r}: use 'step' (exact) or 'impedance'.")
    if not (math.isfinite(step_mV) and step_mV != 0):
        raise ValueError(f"step_mV={step_mV!r} must be a non-zero finite deflection in mV.")
    with Protocol(cell, site, delay_ms=0.0, dur_ms=BIG_MS) as p:
        with p.integrator:
            if method == "impedance":
                return _impedance_MOhm(p, extended=True)
            r_frozen = _impedance_MOhm(p, extended=False)
        if not (math.isfinite(r_frozen) and r_frozen > 0):
            # no membrane conductance at all (no channel, no leak): a perfect insulator
            return math.inf
        amp = step_mV / r_frozen  # nA: the frozen-gate impedance only sizes the step
        tol = abs(step_mV) * 1e-5
        _, v_minus = p.run_until_steady(amp, tol_mV=tol, min_ms=50.0)
        _, v_plus = p.run_until_steady(-amp, tol_mV=tol, min_ms=50.0)
        # central difference: the curvature of the I-V cancels to second order
        return float((v_minus[-1] - v_plus[-1]) / (2 * amp))


def time_constant(cell, site=None, step_mV: float = -0.1, window=(0.4, 0.05)) -> float:
    """Membrane time constant tau_0 (ms): the slowest exponential of the voltage response.

    A small hyperpolarising step (about step_mV at steady state) is applied; tau is the
    slope of ln(V_inf - V(t)) fitted where the remaining distance to V_inf falls from
    window[0] to window[1] of the full deflection, late enough that faster (equalising)
    components of a cable have died away. For an isopotential passive cell tau = R_m C_m.
    """
    with Protocol(cell, site, delay_ms=0.0, dur_ms=BIG_MS, atol=1e-9) as p:
        with p.integrator:
            r_imp = _impedance_MOhm(p, extended=False)
        amp = step_mV / r_imp
        t, v = p.run_until_steady(amp, tol_mV=abs(step_mV) * 1e-6, min_ms=20.0)
        dv = v - p.v_rest_mV
        dinf = dv[-1]
        frac = (dinf - dv) / dinf
        sel = (frac < window[0]) & (frac > window[1]) & (t > 0)
        if sel.sum() < 5:
            raise RuntimeError(f"time_constant: too few points in the fit window ({sel.sum()}).")
        slope, _ = np.polyfit(t[sel], np.log(frac[sel]), 1)
        return float(-1.0 / slope)


@dataclass(frozen=True)
class RheobaseResult:
    """Smallest step current (nA) that fires a spike, bracketed to `precision`."""

    rheobase_nA: float
    below_nA: float       # largest current tried that did not fire
    duration_ms: float
    v_rest_mV: float
    trials: int


def rheobase_search(cell, site=None, duration_ms: float = 500.0, precision: float = 0.005,
                    spike_threshold_mV: float = 0.0, max_nA: float = 1e4,
                    atol: float = 1e-5) -> RheobaseResult:
    """Bisect the amplitude of a `duration_ms` step until (hi - lo) <= precision * hi."""
    if not (duration_ms > 0 and math.isfinite(duration_ms)):
        raise ValueError(f"duration_ms={duration_ms!r} must be a positive step length in ms.")
    if not 0 < precision < 1:
        raise ValueError(f"precision={precision!r} is a relative bracket width: give 0 < precision < 1.")
    delay = 10.0
    with Protocol(cell, site, delay_ms=delay, dur_ms=duration_ms, atol=atol) as p:
        if p.v_rest_mV > spike_threshold_mV:
            raise ValueError(f"{cell.name} rests at {p.v_rest_mV:.1f} mV, above the spike threshold.")
        with p.integrator:
            r_imp = _impedance_MOhm(p, extended=False)
        trials = 0

        def fires(amp):
            nonlocal trials
            trials += 1
            # a trial ends at the first spike, or once the cell has settled under the step
            # (no segment moving by 1e-4 mV in 25 ms, at least 50 ms into the step)
            _, v = p.run(amp, delay + duration_ms, stop_above_mV=spike_threshold_mV,
                         steady_after_ms=delay + min(50.0, duration_ms), steady_tol_mV=1e-4)
            return v.max() > spike_threshold_mV

        lo, hi = 0.0, 10.0 / r_imp  # 10 mV of depolarisation at the resting R_in
        while not fires(hi):
            lo, hi = hi, hi * 2
            if hi > max_nA:
                raise RuntimeError(f"{cell.name} did not fire for steps up to {max_nA} nA.")
        while hi - lo > precision * hi:
            mid = 0.5 * (lo + hi)
            if fires(mid):
                hi = mid
            else:
                lo = mid
        return RheobaseResult(hi, lo, duration_ms, p.v_rest_mV, trials)


def rheobase(cell, site=None, duration_ms: float = 500.0, precision: float = 0.005) -> float:
    """Rheobase (nA): the smallest `duration_ms` current step that fires a spike (v > 0 mV).

    Found by doubling then bisection, to a relative precision of `precision` (0.5 %).
    """
    return rheobase_search(cell, site, duration_ms, precision).rheobase_nA


@dataclass(frozen=True)
class SagResult:
    """Response to a hyperpolarising step: sag and rebound."""

    amp_nA: float
    v_base_mV: float
    v_min_mV: float
    v_ss_mV: float
    v_rebound_mV: float   # peak after the step ends
    sag_ratio: float      # (v_ss - v_min) / (v_base - v_min); 0 = no sag
    rebound_mV: float     # v_rebound - v_base
    t_ms: np.ndarray
    v_mV: np.ndarray


def sag(cell, site=None, amp_nA: float | None = None, target_mV: float = -20.0,
        duration_ms: float = 1000.0, after_ms: float = 500.0) -> SagResult:
    """Hyperpolarising step (default: sized to move the resting site by target_mV)."""
    delay = 100.0
    with Protocol(cell, site, delay_ms=delay, dur_ms=duration_ms, record_dt_ms=0.1) as p:
        if amp_nA is None:
            with p.integrator:
                amp_nA = target_mV / _impedance_MOhm(p, extended=False)
        t, v = p.run(amp_nA, delay + duration_ms + after_ms)
    during = (t >= delay) & (t <= delay + duration_ms)
    after = t > delay + duration_ms
    v_base = float(v[t < delay][-1]) if np.any(t < delay) else float(v[0])
    v_min = float(v[during].min())
    v_ss = float(v[during][-1])
    v_reb = float(v[after].max())
    ratio = (v_ss - v_min) / (v_base - v_min) if v_base != v_min else 0.0
    return SagResult(amp_nA, v_base, v_min, v_ss, v_reb, ratio, v_reb - v_base, t, v)


def sag_ratio(cell, site=None, **kwargs) -> float:
    """Sag ratio (v_ss - v_min)/(v_base - v_min) of a hyperpolarising step; see `sag`."""
    return sag(cell, site, **kwargs).sag_ratio
