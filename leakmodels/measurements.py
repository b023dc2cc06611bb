"""Measurements: functions of a settled cell that return numbers (units in their names) or
small typed results.

Each one takes a cell and optionally a `site` (a segment of the cell; default the middle of
the soma), uses the membrane as it stands (mechanisms inserted or removed by hand count),
starts from the cell's rest (`leakmodels.steady.rest`: solved directly, checked to be stable,
found once and reused) and leaves nothing attached to the cell. Every simulation goes
through `leakmodels.runner.Simulation`.

* resting_potential (mV), input_resistance (MOhm), time_constant (ms), sag (SagResult);
* runs: voltage_trace (Trace), spike_times, first_spike_ms (ms), firing_rate_Hz,
  spontaneous_rate_Hz (spikes/s);
* from `leakmodels.excitability`: rheobase (nA) and rheobase_search (RheobaseResult).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .checks import ArgumentError, cell_arg, number
from .nrnglobals import CVODE
from .excitability import CannotFireError, RheobaseResult, RheobaseTrial, rheobase, rheobase_search  # noqa: F401
from .runner import Record, Simulation, v_guess
from .steady import SettleError, SteadyRun, SteadyState, at_rest, has_no_conductance, rest, solve
from .stimuli import CurrentStep, VoltageClamp

RIN_METHODS = ("steady", "impedance")


def _run_args(t_name: str, t_ms, start, threshold_mV, atol=1e-5) -> float:
    """Check the arguments every run shares; returns the run's length (ms)."""
    if not (isinstance(start, str) and start == "rest"):
        number("start", start, "potential_mV", unit="mV",
               fix="start='rest' (the settled rest) or a potential in mV to start from")
    number("threshold_mV", threshold_mV, "potential_mV", unit="mV",
           fix="the spike detector's level (0 mV by default)")
    number("atol", atol, lo=1e-12, hi=1.0, positive=True, unit="mV",
           fix="CVODE's absolute tolerance (1e-5 by default)")
    return number(t_name, t_ms, "duration_ms", unit="ms")


def resting_potential(cell, site=None) -> float:
    """Steady-state membrane potential (mV) at `site` with no input."""
    site = cell_arg(cell).resolve_site(site)
    return rest(cell).v_mV(site)


def _impedance_MOhm(cell, site, state: SteadyState, extended: bool) -> float:
    with SteadyRun(cell, state.stimuli) as run:
        return run.impedance_MOhm(site, state.y, extended)


def holding_state(cell, v_mV: float, site=None) -> SteadyState:
    """The steady state with `site` voltage-clamped at v_mV; its holding current (nA,
    depolarising > 0) is `clamp_currents_nA[0]`."""
    site = cell_arg(cell).resolve_site(site)
    v_mV = number("v_mV", v_mV, "potential_mV", unit="mV")
    return solve(cell, (VoltageClamp(((math.inf, float(v_mV)),), site=site),), start=rest(cell).y)


def input_resistance(cell, site=None, method: str = "steady", step_mV: float = 0.01,
                     holding_mV: float | None = None) -> float:
    """DC input resistance (MOhm): the slope dV/dI of the steady state at `site`.

    method='steady' (default): two steady-state solves (`leakmodels.steady.solve`) with
    currents +I and -I held on, I sized to move the site by about step_mV (0.01 mV; first
    from the frozen-gate impedance, again from the first solve if gating moves R_in by more
    than 2x): R_in = [V(+I) - V(-I)] / 2I. The central difference cancels the I-V's
    curvature to second order and each solve is converged to 1e-10 mV, so this is the DC
    slope with every gate at its steady state, exact to ~1e-6 in any cell: non-uniform
    membranes, hcn, states a fraction of a pA from threshold (a solve cannot fire the
    cell, and 0.01 mV stays far from the fold of the I-V). With holding_mV, the slope
    at the state held there by a constant current (found by a voltage-clamp solve) instead of
    at rest. A membrane with no conductance at all returns math.inf.

    method='impedance': NEURON's extended Impedance.compute(0, 1) at rest. NEURON 9.0.2 gets
    it wrong wherever the passive conductance varies between segments (a pas ball-and-stick
    with a 5x leakier soma: 64.9 against 111.3 MOhm) and on multi-segment cells with gated
    channels away from rest (the interneuron with 60 % of its K+ leak: 23 % low; with hcn:
    about 20 % high). Kept only to show that defect; never report a value from it.
    """
    cell_arg(cell)
    if method not in RIN_METHODS:
        raise ArgumentError(f"method={method!r}: use 'steady' (exact) or 'impedance'.")
    step_mV = number("step_mV", step_mV, lo=1e-6, hi=5.0, unit="mV",
                     fix="a small deflection (the default 0.01 mV is exact)")
    site = cell.resolve_site(site)
    if holding_mV is not None:
        holding_mV = number("holding_mV", holding_mV, "potential_mV", unit="mV",
                            fix="the potential to hold the site at, or None for the rest")
    if has_no_conductance(cell):
        return math.inf  # a perfect insulator: dV/dI is infinite at every potential
    if holding_mV is None and method == "steady":
        with at_rest(cell, (CurrentStep(0.0, site=site),)) as (run, base):
            return _rin_steady(run, site, base, step_mV)
    base = rest(cell) if holding_mV is None else holding_state(cell, holding_mV, site)
    if method == "impedance":
        return _impedance_MOhm(cell, site, base, extended=True)
    return input_resistance_about(cell, base, site, step_mV)


def input_resistance_about(cell, held: SteadyState, site=None, step_mV: float = 0.01) -> float:
    """DC input resistance (MOhm) about a steady state the caller already has: `held`, from
    `holding_state(cell, v_mV, site)` (the state held by its clamp's constant current) or
    `rest`; as input_resistance(holding_mV=...) measures it, without solving `held` again."""
    site = cell_arg(cell).resolve_site(site)
    i_hold = held.clamp_currents_nA[0] if held.clamp_currents_nA else 0.0
    with SteadyRun(cell, (CurrentStep(i_hold, site=site),)) as run:
        return _rin_steady(run, site, held, step_mV, i_hold)


def _rin_steady(run, site, base, step_mV: float, i_hold: float = 0.0) -> float:
    """[V(+I) - V(-I)] / 2I about steady state `base` in an open SteadyRun whose one
    stimulus is a CurrentStep at `site` (see input_resistance)."""
    v0 = base.v_mV(site)
    r_guess = run.impedance_MOhm(site, base.y)
    if not (math.isfinite(r_guess) and 0 < r_guess < 1e12):
        return math.inf  # no membrane conductance: a perfect insulator
    amp = step_mV / r_guess
    minus = run.solve(base.y, levels=(i_hold - amp,))
    r_minus = (v0 - minus.v_mV(site)) / amp
    if not 0.5 < r_minus / r_guess < 2:  # gating moves R_in far from the frozen guess
        amp = step_mV / r_minus
        minus = run.solve(base.y, levels=(i_hold - amp,))
    # from the mirror image of the -I state: right to first order in I, so the solve
    # starts within the I-V's curvature of its answer
    v_plus = run.solve(2 * base.y - minus.y, levels=(i_hold + amp,)).v_mV(site)
    return float((v_plus - minus.v_mV(site)) / (2 * amp))


def time_constant(cell, site=None, step_mV: float = 0.1, window=(0.4, 0.05),
                  atol: float = 1e-9) -> float:
    """Membrane time constant tau_0 (ms): the slowest exponential of the voltage response.

    A hyperpolarising current step sized to move the site by about step_mV is applied from
    rest; V_inf is the steady state under it (solved directly). tau is -1/slope of
    ln[(V(t) - V_inf)/(V_rest - V_inf)] fitted where that fraction falls from window[0] to
    window[1], late enough that the faster (equalising) components of a cable have died
    away; the run stops once below window[1] / 2. For an isopotential passive cell tau =
    R_m C_m.
    """
    site = cell_arg(cell).resolve_site(site)
    step_mV = number("step_mV", step_mV, lo=1e-6, hi=5.0, unit="mV")
    number("atol", atol, lo=1e-12, hi=1.0, positive=True, unit="mV")
    if (not isinstance(window, (tuple, list)) or len(window) != 2
            or not 0 < number("window[1]", window[1]) < number("window[0]", window[0]) < 1):
        raise ArgumentError(f"window={window!r}: give two fractions (start, end) of the "
                            "deflection still to go, 1 > start > end > 0, e.g. (0.4, 0.05).")
    with at_rest(cell, (CurrentStep(0.0, site=site),)) as (run, ss):
        amp = -step_mV / run.impedance_MOhm(site, ss.y)
        v_inf = run.solve(ss.y, levels=(amp,)).v_mV(site)
    v0 = ss.v_mV(site)
    with Simulation(cell, stimuli=(CurrentStep(amp, site=site),), records=(Record("v", site),),
                    integrator=CVODE.with_(atol=atol)) as sim:
        t = 0.0
        while True:
            t += 10.0
            sim.advance(t)
            if abs(site.v - v_inf) < 0.5 * window[1] * abs(v0 - v_inf) or t > 1e5:
                break
        t_ms, v_mV = sim.trace(0)
    frac = (v_mV - v_inf) / (v0 - v_inf)
    sel = (frac < window[0]) & (frac > window[1]) & (t_ms > 0)
    if sel.sum() < 5:
        raise RuntimeError(f"time_constant: too few points in the fit window ({sel.sum()}).")
    slope, _ = np.polyfit(t_ms[sel], np.log(frac[sel]), 1)
    return float(-1.0 / slope)


@dataclass(frozen=True)
class Trace:
    """A run's membrane potential at one site and the spikes there (upward crossings of the
    threshold, detected by NEURON during the run)."""

    t_ms: np.ndarray = field(repr=False)
    v_mV: np.ndarray = field(repr=False)
    spikes_ms: np.ndarray
    stopped_by_spike: bool = False


def voltage_trace(cell, stimuli=(), t_stop_ms: float = 1000.0, start="rest", site=None,
                  dt_ms: float | None = None, threshold_mV: float = 0.0, atol: float = 1e-5,
                  stop_at_spike: bool = False) -> Trace:
    """Run `cell` with `stimuli` for t_stop_ms and return V at `site` (every integrator step,
    or every dt_ms) and its spikes. start: 'rest' (the settled rest) or a potential in mV to
    initialise at (a cell with no rest, which fires on its own)."""
    site = cell_arg(cell).resolve_site(site)
    t_stop_ms = _run_args("t_stop_ms", t_stop_ms, start, threshold_mV, atol)
    if dt_ms is not None:
        number("dt_ms", dt_ms, lo=1e-4, hi=t_stop_ms, positive=True, unit="ms",
               fix="a sampling interval from 0.1 us to t_stop_ms, or None for every step")
    times = None if dt_ms is None else tuple(np.round(np.arange(0.0, t_stop_ms + 1e-9, dt_ms), 10))
    with Simulation(cell, start=start, stimuli=stimuli, records=(Record("v", site, times_ms=times),),
                    spike_site=site, spike_threshold_mV=threshold_mV, stop_at_spike=stop_at_spike,
                    integrator=CVODE.with_(atol=atol)) as sim:
        reached = sim.advance(t_stop_ms)
        t, v = sim.trace(0)
        return Trace(t, v, sim.spikes_ms, not reached)


def spike_times(cell, stimuli=(), t_stop_ms: float = 1000.0, start="rest", site=None,
                threshold_mV: float = 0.0, atol: float = 1e-5) -> np.ndarray:
    """Times (ms) at which V at `site` crosses threshold_mV upward during a run of t_stop_ms
    (see `voltage_trace`)."""
    site = cell_arg(cell).resolve_site(site)
    t_stop_ms = _run_args("t_stop_ms", t_stop_ms, start, threshold_mV, atol)
    with Simulation(cell, start=start, stimuli=stimuli, spike_site=site,
                    spike_threshold_mV=threshold_mV, integrator=CVODE.with_(atol=atol)) as sim:
        sim.advance(t_stop_ms)
        return sim.spikes_ms


def first_spike_ms(cell, stimuli=(), window_ms: float = 1000.0, start="rest", site=None,
                   threshold_mV: float = 0.0) -> float:
    """Time (ms) of the first spike at `site` within window_ms, the run stopping there; nan
    if there is none."""
    site = cell_arg(cell).resolve_site(site)
    window_ms = _run_args("window_ms", window_ms, start, threshold_mV)
    with Simulation(cell, start=start, stimuli=stimuli, spike_site=site,
                    spike_threshold_mV=threshold_mV, stop_at_spike=True) as sim:
        sim.advance(window_ms)
        spikes = sim.spikes_ms
    return float(spikes[0]) if spikes.size else math.nan


def firing_rate_Hz(cell, amp_nA: float, duration_ms: float = 500.0, site=None,
                   start="rest", delay_ms: float = 0.0) -> float:
    """Spikes per second at `site` during a step of amp_nA (nA) lasting duration_ms, from
    `start` (the cell's rest, or a potential in mV for a cell that has none)."""
    site = cell_arg(cell).resolve_site(site)
    amp_nA = number("amp_nA", amp_nA, "current_nA", unit="nA")
    duration_ms = number("duration_ms", duration_ms, "duration_ms", unit="ms")
    delay_ms = number("delay_ms", delay_ms, "duration_ms", lo=0.0, unit="ms")
    spikes = spike_times(cell, (CurrentStep(amp_nA, delay_ms, duration_ms, site=site),),
                         delay_ms + duration_ms, start=start, site=site)
    inside = (spikes >= delay_ms) & (spikes < delay_ms + duration_ms)
    return float(inside.sum()) / (duration_ms * 1e-3)


def spontaneous_rate_Hz(cell, duration_ms: float = 500.0, transient_ms: float = 250.0,
                        site=None) -> float:
    """Spikes per second with no input, counted after transient_ms, from the membrane's
    analytic leak-and-pump rest (for a cell that may have no rest of its own; a cell that
    rests gives 0)."""
    site = cell_arg(cell).resolve_site(site)
    duration_ms = number("duration_ms", duration_ms, "duration_ms", unit="ms")
    transient_ms = number("transient_ms", transient_ms, "duration_ms", lo=0.0, unit="ms")
    spikes = spike_times(cell, (), transient_ms + duration_ms, start=v_guess(cell), site=site)
    return float((spikes >= transient_ms).sum()) / (duration_ms * 1e-3)


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
    t_ms: np.ndarray = field(repr=False)
    v_mV: np.ndarray = field(repr=False)


def sag(cell, site=None, amp_nA: float | None = None, target_mV: float = -20.0,
        duration_ms: float = 1000.0, after_ms: float = 500.0) -> SagResult:
    """Hyperpolarising step (default: sized to move the resting site by target_mV at the
    resting input resistance), sampled every 0.1 ms. A sag needs a hyperpolarising step:
    amp_nA (or target_mV) must be negative."""
    site = cell_arg(cell).resolve_site(site)
    duration_ms = number("duration_ms", duration_ms, "duration_ms", unit="ms")
    after_ms = number("after_ms", after_ms, "duration_ms", unit="ms")
    if amp_nA is not None and number("amp_nA", amp_nA, "current_nA", unit="nA") >= 0:
        raise ArgumentError(f"amp_nA={amp_nA!r}: a sag is the response to a hyperpolarising "
                            "step; give a negative current (nA).")
    if amp_nA is None and number("target_mV", target_mV, "potential_mV", unit="mV") >= 0:
        raise ArgumentError(f"target_mV={target_mV!r}: a sag is the response to a "
                            "hyperpolarising step; give a negative deflection (mV).")
    delay = 100.0
    if amp_nA is None:
        amp_nA = target_mV / input_resistance(cell, site)
    t_stop = delay + duration_ms + after_ms
    times = tuple(np.round(np.arange(0.0, t_stop + 1e-9, 0.1), 10))
    with Simulation(cell, stimuli=(CurrentStep(amp_nA, delay, duration_ms, site=site),),
                    records=(Record("v", site, times_ms=times),)) as sim:
        sim.advance(t_stop)
        t, v = sim.trace(0)
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


__all__ = ["resting_potential", "input_resistance", "holding_state", "time_constant",
           "Trace", "voltage_trace", "spike_times", "first_spike_ms", "firing_rate_Hz",
           "spontaneous_rate_Hz", "sag", "sag_ratio", "SagResult", "rheobase", "rheobase_search",
           "RheobaseResult", "RheobaseTrial", "CannotFireError", "SettleError", "RIN_METHODS"]
