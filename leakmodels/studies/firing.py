"""Firing of cells that may never settle: spike counts and spontaneous rates for the S7 studies.

`leakmodels.simulate.Protocol` settles a cell before every trial and refuses one that fires on
its own. When closing K+ leak (a neuromodulator, acid, cold) makes a cell fire with no input,
the studies still need its rate: `lead_and_step` starts from the analytic leak-and-pump rest,
runs a lead with no input (its second half gives the spontaneous rate), then a current step.
"""
from __future__ import annotations

import numpy as np

from ..nrn import h
from ..simulate import _Integrator, set_temperature

SPIKE_MV = 0.0


def count_spikes(t_ms, v_mV, t0_ms: float, t1_ms: float, threshold_mV: float = SPIKE_MV) -> int:
    """Upward crossings of threshold_mV with t0_ms <= t < t1_ms."""
    t, v = np.asarray(t_ms), np.asarray(v_mV)
    up = np.flatnonzero((v[1:] > threshold_mV) & (v[:-1] <= threshold_mV)) + 1
    return int(np.sum((t[up] >= t0_ms) & (t[up] < t1_ms)))


def lead_and_step(cell, amp_nA: float, lead_ms: float = 500.0, step_ms: float = 500.0,
                  atol: float = 1e-5) -> dict:
    """From the analytic rest, `lead_ms` with no input, then a step of amp_nA for step_ms.

    Returns the soma trace (t_ms, v_mV) and two rates in spikes/s: spontaneous, counted over
    the second half of the lead (the first half lets the cell relax from the analytic rest),
    and driven, over the step. amp_nA = 0 measures the spontaneous rate alone.
    """
    seg = cell.default_site()
    stim = h.IClamp(seg)
    stim.delay, stim.dur, stim.amp = lead_ms, step_ms, amp_nA
    t, v = h.Vector(), h.Vector()
    t.record(h._ref_t)
    v.record(seg._ref_v)
    try:
        with _Integrator(atol):
            set_temperature(cell)
            h.finitialize(cell.membrane.leak_rest_mV())
            h.cvode.solve(lead_ms + step_ms)
        if abs(h.t - (lead_ms + step_ms)) > 1e-6:
            raise RuntimeError(f"the run stopped at {h.t} ms, not {lead_ms + step_ms} ms")
        t_ms, v_mV = np.array(t), np.array(v)
    finally:
        t.play_remove()
        v.play_remove()
        stim = None
    spont = count_spikes(t_ms, v_mV, lead_ms / 2, lead_ms) / (lead_ms / 2e3)
    driven = (count_spikes(t_ms, v_mV, lead_ms, lead_ms + step_ms) / (step_ms / 1e3)
              if step_ms > 0 else float("nan"))
    return {"t_ms": t_ms, "v_mV": v_mV, "spont_rate_Hz": spont, "rate_Hz": driven}
