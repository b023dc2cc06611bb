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

from ..cell.cell import cell_arg
from ..deprecation import formerly_positional, renamed_keywords
from ..engine.rest import rest
from ..engine.runner import Record, Simulation
from ..engine.stimuli import CurrentWaveform
from ..spec.checks import ArgumentTypeError, number
from .registry import Column, measurement


@dataclass(frozen=True)
class ExpRamp:
    """An exponential current ramp: I(t) = start_nA exp(t / tau_ms), until it reaches stop_nA.

    It rises by the same fraction per ms for every cell: equally slow (tau_ms >> the
    membrane's tau) for an interneuron recruited at tens of pA and a motoneuron recruited at
    several nA.

    Parameters
    ----------
    start_nA : float, default 1e-3
        The current at t = 0, in nA (> 0).
    tau_ms : float, default 300.0
        The e-folding time of the rise, in ms (> 0).
    stop_nA : float, default 50.0
        The current at which the ramp ends, in nA (> start_nA).

    Raises
    ------
    ValueError
        Unless 0 < start_nA < stop_nA and tau_ms > 0.
    """

    start_nA: float = 1e-3
    tau_ms: float = 300.0
    stop_nA: float = 50.0

    def __post_init__(self):
        if not (0 < self.start_nA < self.stop_nA and self.tau_ms > 0):
            raise ValueError(f"{self!r}: need 0 < start_nA < stop_nA and tau_ms > 0.")

    @property
    def duration_ms(self) -> float:
        """The ramp's length, tau_ms ln(stop_nA / start_nA), in ms."""
        return self.tau_ms * math.log(self.stop_nA / self.start_nA)

    def current_nA(self, t_ms):
        """The ramp's current at given times, start_nA exp(t_ms / tau_ms).

        Parameters
        ----------
        t_ms : float or array_like
            Times from the ramp's start, in ms.

        Returns
        -------
        numpy.ndarray or numpy.float64
            The current, in nA, shaped as `t_ms` (not capped at stop_nA).
        """
        return self.start_nA * np.exp(np.asarray(t_ms, float) / self.tau_ms)


@dataclass(frozen=True)
class Recruitment:
    """First spike under a ramp: time (ms from ramp start), current (nA), the voltage trace."""

    t_first_spike_ms: float      # nan if the cell did not fire before the ramp ended
    i_recruit_nA: float
    v_rest_mV: float
    t_ms: np.ndarray
    v_mV: np.ndarray


@formerly_positional('site', 'sample_ms', 'spike_threshold_mV')
@renamed_keywords(threshold_mV="spike_threshold_mV")
def ramp_recruitment(cell, ramp: ExpRamp = ExpRamp(), *, site=None, sample_ms: float = 10.0,
                     spike_threshold_mV: float = 0.0) -> Recruitment:
    """When and at what current a cell first fires under a slowly rising current ramp.

    From the cell's rest, `ramp` is played into a current clamp at `site` and the run stops
    at the first spike (NEURON's threshold detector: the spike time is exact, not a sample).

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    ramp : ExpRamp, default ExpRamp()
        The current ramp (1 pA rising e-fold every 300 ms, to 50 nA).
    site : NEURON segment (nrn.Segment), optional
        Where the ramp is applied and spikes detected; default (None) the middle of the soma.
    sample_ms : float, default 10.0
        Length of the straight pieces the ramp is played as, in ms.
    spike_threshold_mV : float, default 0.0
        The spike detector's level, in mV (formerly `threshold_mV`).

    Returns
    -------
    Recruitment
        ``t_first_spike_ms``: the first spike's time, in ms from the ramp's start (NaN: no
        spike before the ramp ended); ``i_recruit_nA``: the ramp's current then, in nA
        (NaN: none); ``v_rest_mV``: the rest it started from, in mV; ``t_ms``, ``v_mV``: the
        trace at `site` (ms, mV).

    Raises
    ------
    ArgumentTypeError
        If `cell` is not a leakmodels Cell or `ramp` not an `ExpRamp`.
    ArgumentError
        If `sample_ms` is not between 1e-3 ms and the ramp's duration.
    NoRestError
        If the cell has no stable rest.
    RuntimeError
        If the clamp did not carry the ramp's current (more than 1 % off at the end).

    Notes
    -----
    Each sample is a CVODE break point, so fewer are faster; the straight pieces' largest
    relative error is (sample_ms / tau_ms)^2 / 8, 1.4e-4 for the defaults.
    """
    cell = cell_arg(cell)
    if not isinstance(ramp, ExpRamp):
        raise ArgumentTypeError(f"ramp={ramp!r}: give an lm.ExpRamp(start_nA, tau_ms, stop_nA).")
    sample_ms = number("sample_ms", sample_ms, lo=1e-3, hi=ramp.duration_ms, positive=True,
                       unit="ms", fix="the ramp is played as samples this far apart")
    site = cell.resolve_site(site)
    n = int(ramp.duration_ms / sample_ms) + 2
    t_samples = np.linspace(0.0, ramp.duration_ms, n)
    wave = CurrentWaveform(tuple(t_samples), tuple(ramp.current_nA(t_samples)), site=site)
    with Simulation(cell, start=rest(cell), stimuli=(wave,), records=(Record("v", site), Record("i", stimulus=0)),
                    spike_site=site, spike_threshold_mV=spike_threshold_mV, stop_at_spike=True) as sim:
        v_rest = float(site.v)  # the settled rest the run starts from
        fired = not sim.advance(ramp.duration_ms)
        t, v = sim.trace(0)
        _, i_played = sim.trace(1)
        spikes = sim.spikes_ms
    if not fired:
        return Recruitment(math.nan, math.nan, v_rest, t, v)
    t_spk = float(spikes[0])
    expected = ramp.current_nA(t[-1])
    if i_played.size and not math.isclose(i_played[-1], expected, rel_tol=1e-2):
        raise RuntimeError(f"ramp not applied: clamp carried {i_played[-1]} nA, expected {expected} nA")
    return Recruitment(t_spk, float(ramp.current_nA(t_spk)), v_rest, t, v)


@measurement("recruitment", Column("t_recruit_ms", "ms", "time of the first spike under a "
                                   "shared exponential ramp (NaN: none before it ends)"),
             Column("i_recruit_nA", "nA", "the ramp's current then"),
             assumes="a rest (checked); a cell that does not fire before the ramp ends gives NaN")
def recruitment_point(cell, *, site=None, start_nA: float = 1e-3, tau_ms: float = 300.0,
                      stop_nA: float = 50.0) -> dict:
    """Recruitment: when and at what current a cell first fires under I(t) = start_nA
    exp(t / tau_ms), the same ramp for every cell (an equally slow rise for all sizes)."""
    rec = ramp_recruitment(cell, ExpRamp(start_nA, tau_ms, stop_nA), site=site)
    return {"t_recruit_ms": rec.t_first_spike_ms, "i_recruit_nA": rec.i_recruit_nA}
