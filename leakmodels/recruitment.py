"""Recruitment under a slowly rising current: when and at what current a cell first fires.

`ramp_recruitment(cell, ramp)` injects I(t) = start_nA * exp(t / tau_ms) at the soma of a cell
settled at rest and stops at the first spike (v > 0 mV). An exponential ramp rises by the
same fraction per ms for every cell, so it is equally slow (tau_ms >> membrane tau) for an
interneuron recruited at tens of pA and a motoneuron recruited at several nA; a linear ramp
slow enough for the motoneuron would be a step for the interneuron.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .nrn import h
from .simulate import Protocol

BIG_MS = 1e9


@dataclass(frozen=True)
class ExpRamp:
    """I(t) = start_nA exp(t / tau_ms), from t = 0 until it reaches stop_nA."""

    start_nA: float = 1e-3
    tau_ms: float = 300.0
    stop_nA: float = 50.0

    def __post_init__(self):
        if not (0 < self.start_nA < self.stop_nA and self.tau_ms > 0):
            raise ValueError(f"{self!r}: need 0 < start_nA < stop_nA and tau_ms > 0.")

    @property
    def duration_ms(self) -> float:
        return self.tau_ms * math.log(self.stop_nA / self.start_nA)

    def current_nA(self, t_ms):
        return self.start_nA * np.exp(np.asarray(t_ms, float) / self.tau_ms)


@dataclass(frozen=True)
class Recruitment:
    """First spike under a ramp: time (ms from ramp start), current (nA), the voltage trace."""

    t_first_spike_ms: float      # nan if the cell did not fire before the ramp ended
    i_recruit_nA: float
    v_rest_mV: float
    t_ms: np.ndarray
    v_mV: np.ndarray


def ramp_recruitment(cell, ramp: ExpRamp = ExpRamp(), site=None, sample_ms: float = 10.0,
                     threshold_mV: float = 0.0) -> Recruitment:
    """Settle `cell`, play `ramp` into a soma IClamp, stop at the first spike.

    The ramp is played as straight pieces sample_ms long (each sample is a CVODE break
    point, so fewer are faster); their largest relative error is (sample_ms/tau_ms)^2 / 8,
    1.4e-4 for the defaults.
    """
    with Protocol(cell, site, delay_ms=0.0, dur_ms=BIG_MS) as p:
        n = int(ramp.duration_ms / sample_ms) + 2
        tvec = h.Vector(np.linspace(0.0, ramp.duration_ms, n))
        ivec = h.Vector(ramp.current_nA(np.asarray(tvec)))
        ivec.play(p.stim._ref_amp, tvec, 1)  # 1: interpolate between samples
        i_rec = h.Vector()
        i_rec.record(p.stim._ref_i)
        try:
            t, v = p.run(0.0, ramp.duration_ms, stop_above_mV=threshold_mV)
        finally:
            ivec.play_remove()
        i_played = np.array(i_rec)
    crossed = np.flatnonzero(v > threshold_mV)
    if crossed.size == 0:
        return Recruitment(math.nan, math.nan, p.v_rest_mV, t, v)
    k = crossed[0]
    t_spk = float(t[k - 1] + (threshold_mV - v[k - 1]) * (t[k] - t[k - 1]) / (v[k] - v[k - 1]))
    if i_played.size == t.size:  # the clamp really carried the ramp
        expected = ramp.current_nA(t[-1])
        if not math.isclose(i_played[-1], expected, rel_tol=1e-2):
            raise RuntimeError(f"ramp not applied: clamp carried {i_played[-1]} nA, expected {expected} nA")
    return Recruitment(t_spk, float(ramp.current_nA(t_spk)), p.v_rest_mV, t, v)
