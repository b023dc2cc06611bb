"""Compositions of measurements that the studies sweep: module-level functions of a built
cell that return a dict of columns (some of them lists, for figures), bound with
functools.partial (which pickles, so that pool workers and MPI ranks can run them, and names
itself stably, so that journals match). The measurements by name are in `registry`.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine.runner import v_guess
from ..engine.steadystate import NoRestError
from ..engine.stimuli import CurrentStep
from .passive import input_resistance, resting_potential
from .recruitment import ExpRamp, ramp_recruitment
from .rheobase import CannotFireError, rheobase_result
from .runs import first_spike_ms, spontaneous_rate_Hz, voltage_trace


def rheobase_columns(cell, duration_ms: float = 500.0, precision: float = 0.005,
                     spike_threshold_mV: float = 0.0) -> dict:
    """rheobase_nA of a duration_ms step bracketed to `precision`, and its trials."""
    res = rheobase_result(cell, duration_ms=duration_ms, precision=precision,
                          spike_threshold_mV=spike_threshold_mV)
    return {"rheobase_nA": res.rheobase_nA, "rheobase_trials": res.trials}


def recruitment_columns(cell, ramp=None, trace_dt_ms: float = 2.0) -> dict:
    """First spike under a shared exponential ramp (`recruitment.ramp_recruitment`): its time
    and current, and the soma trace every trace_dt_ms (lists, for figures)."""
    rec = ramp_recruitment(cell, ramp or ExpRamp())
    grid = np.arange(0.0, rec.t_ms[-1] + 1e-9, trace_dt_ms) if rec.t_ms.size else np.array([])
    v = np.interp(grid, rec.t_ms, rec.v_mV) if grid.size else grid
    return {"t_recruit_ms": rec.t_first_spike_ms, "i_recruit_nA": rec.i_recruit_nA,
            "ramp_t_ms": [float(x) for x in grid], "ramp_v_mV": [float(x) for x in v]}


def resting_or_firing_columns(cell, duration_ms: float = 500.0, precision: float = 0.005,
                              window_ms: float = 1000.0) -> dict:
    """A cell that rests: v_rest_mV, rin_MOhm, rheobase_nA, spont_rate_Hz = 0 (rheobase NaN,
    with the reason in cannot_fire_reason, where no step fires it from that rest: a rest in
    depolarisation block). One that has no stable rest (fires on its own): rheobase 0, its
    spontaneous rate from the analytic leak rest, the first spike within window_ms of
    starting there, and the reason."""
    try:
        v = resting_potential(cell)
    except NoRestError as exc:
        v0 = v_guess(cell)
        return {"spontaneous": True, "v_rest_mV": math.nan, "rin_MOhm": math.nan,
                "rheobase_nA": 0.0, "spont_rate_Hz": spontaneous_rate_Hz(cell),
                "first_spike_ms": first_spike_ms(cell, window_ms=window_ms, start=v0),
                "no_rest_reason": str(exc), "cannot_fire_reason": ""}
    rin = input_resistance(cell)
    try:
        rheobase, cannot_fire = rheobase_columns(cell, duration_ms, precision)["rheobase_nA"], ""
    except CannotFireError as exc:
        rheobase, cannot_fire = math.nan, str(exc)
    return {"spontaneous": False, "v_rest_mV": v, "rin_MOhm": rin, "rheobase_nA": rheobase,
            "spont_rate_Hz": 0.0, "first_spike_ms": math.nan, "no_rest_reason": "",
            "cannot_fire_reason": cannot_fire}


def step_response_columns(cell, amp_nA: float, lead_ms: float = 500.0, step_ms: float = 500.0,
                          trace_dt_ms=None) -> dict:
    """A step of amp_nA after lead_ms with no input: the rate during the step (spikes/s);
    from the cell's rest, or from its analytic leak rest if it has none. With trace_dt_ms,
    the soma trace too (lists)."""
    try:
        resting_potential(cell)
        start = "rest"
    except NoRestError:
        start = v_guess(cell)
    run = voltage_trace(cell, (CurrentStep(amp_nA, lead_ms, step_ms),), lead_ms + step_ms,
                          start=start, dt_ms=trace_dt_ms or 1.0)
    out = {"rate_Hz": float((run.spikes_ms >= lead_ms).sum()) / (step_ms * 1e-3)}
    if trace_dt_ms:
        out.update(trace_t_ms=[float(x) for x in run.t_ms], trace_v_mV=[float(x) for x in run.v_mV])
    return out
