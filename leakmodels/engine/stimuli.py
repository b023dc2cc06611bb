"""Stimuli as descriptions, and the NEURON objects that carry them out during one run.

A stimulus is a frozen description with its units in its field names; `site` is a segment
of the cell (None: the cell's default site, the middle of the soma):

* `CurrentStep(amp_nA, delay_ms, dur_ms)`: an IClamp; dur_ms=math.inf holds it for ever.
* `CurrentWaveform(t_ms, i_nA)`: an IClamp whose amplitude is played from the samples,
  interpolated linearly between them (each sample is a CVODE break point).
* `pulse_train(rate_Hz, delay_ms, train_ms, pulse_ms, amp_nA, end_ms, site)`: square pulses
  as a `CurrentWaveform`.
* `VoltageClamp(levels)`: an SEClamp stepping through ((dur_ms, v_mV), ...), at most three
  levels, series resistance rs_MOhm.

`attached(cell, stimuli)` sets the cell's electrodes (one IClamp or SEClamp per site and kind,
made on first use and kept switched off between runs: creating or deleting a point process
makes NEURON rebuild its structures) to carry out the stimuli, and switches them off again.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..cell.cell import switch_off
from ..mechanisms.loading import h
from ..spec.checks import ArgumentError, ArgumentTypeError, number, sequence
from .cellstate import free_after_next_initialize

FOREVER_MS = 1e15  # "for ever" for NEURON's clamps, whose durations are finite doubles


def _finite_ms(value: float) -> float:
    return FOREVER_MS if math.isinf(value) else float(value)


@dataclass(frozen=True)
class CurrentStep:
    """A current step (an IClamp) of amp_nA from delay_ms for dur_ms.

    Parameters
    ----------
    amp_nA : float
        The current, in nA (positive: depolarising).
    delay_ms : float, default 0.0
        When the step starts, in ms from the start of the run (0 to 1e6).
    dur_ms : float, default math.inf
        How long it lasts, in ms (0 to 1e6); ``math.inf``: held on for ever.
    site : NEURON segment (nrn.Segment), optional
        Where it is applied; default (None) the cell's default site, the middle of the soma.

    Raises
    ------
    ArgumentError
        If a number is out of range (ArgumentTypeError: not a number).

    Examples
    --------
    >>> import leakmodels as lm
    >>> with lm.sphere(20) as cell:
    ...     spikes = lm.spike_times(cell, (lm.CurrentStep(0.2, 10.0, 500.0),), 600.0)
    """

    amp_nA: float
    delay_ms: float = 0.0
    dur_ms: float = math.inf
    site: object = None

    def __post_init__(self):
        number("CurrentStep.amp_nA", self.amp_nA, "current_nA", unit="nA")
        number("CurrentStep.delay_ms", self.delay_ms, lo=0.0, hi=1e6, unit="ms")
        if self.dur_ms != math.inf:
            number("CurrentStep.dur_ms", self.dur_ms, lo=0.0, hi=1e6, unit="ms",
                   fix="a duration in ms, or math.inf for a current held on")


@dataclass(frozen=True)
class CurrentWaveform:
    """A current played from samples (t_ms, i_nA), linear between them (an IClamp).

    Each sample is a CVODE break point.

    Parameters
    ----------
    t_ms : sequence of float
        The sample times, in ms from the start of the run (at least 2, strictly increasing).
    i_nA : sequence of float
        The current at each sample time, in nA (positive: depolarising).
    site : NEURON segment (nrn.Segment), optional
        Where it is applied; default (None) the cell's default site, the middle of the soma.

    Raises
    ------
    ArgumentTypeError
        If `t_ms` or `i_nA` is not a sequence of numbers.
    ArgumentError
        If a sample is not finite.
    ValueError
        If the two differ in length, have fewer than 2 samples, or the times do not
        strictly increase.
    """

    t_ms: tuple
    i_nA: tuple
    site: object = None

    def __post_init__(self):
        try:
            t, i = np.asarray(self.t_ms, float), np.asarray(self.i_nA, float)
        except (TypeError, ValueError):
            raise ArgumentTypeError(f"CurrentWaveform t_ms={self.t_ms!r}, i_nA={self.i_nA!r}: "
                                    "give two sequences of numbers (ms, nA).") from None
        if not (np.all(np.isfinite(t)) and np.all(np.isfinite(i))):
            raise ArgumentError("CurrentWaveform t_ms and i_nA must be finite numbers.")
        if t.shape != i.shape or t.size < 2 or np.any(np.diff(t) <= 0):
            raise ValueError("CurrentWaveform needs as many currents as times (>= 2), at "
                             "strictly increasing times in ms.")


def pulse_starts_ms(rate_Hz: float, delay_ms: float, train_ms: float) -> np.ndarray:
    """The pulses' start times of a train at rate_Hz from delay_ms for train_ms (none at 0)."""
    if rate_Hz <= 0:
        return np.array([])
    return np.arange(delay_ms, delay_ms + train_ms, 1e3 / rate_Hz)


def pulse_train(rate_Hz: float, delay_ms: float, train_ms: float, pulse_ms: float,
                amp_nA: float, end_ms: float, site=None) -> CurrentWaveform:
    """Square pulses of amp_nA, pulse_ms long (rising and falling over 1 us), at rate_Hz from
    delay_ms for train_ms, as a CurrentWaveform that lasts to end_ms (rate_Hz 0: none)."""
    number("rate_Hz", rate_Hz, lo=0.0, hi=1e4, unit="Hz", fix="pulses per second; 0: none")
    number("delay_ms", delay_ms, positive=True, unit="ms", fix="the first pulse's time, > 0")
    for name, val in (("train_ms", train_ms), ("pulse_ms", pulse_ms), ("end_ms", end_ms)):
        number(name, val, positive=True, unit="ms")
    if rate_Hz > 0 and pulse_ms >= 1e3 / rate_Hz:
        raise ArgumentError(f"pulse_ms={pulse_ms!r} is not shorter than the interval between "
                            f"pulses at rate_Hz={rate_Hz!r}: shorten it or lower the rate.")
    t, i = [0.0], [0.0]
    edge = 1e-3
    for t0 in pulse_starts_ms(rate_Hz, delay_ms, train_ms):
        t += [float(t0), t0 + edge, t0 + pulse_ms, t0 + pulse_ms + edge]
        i += [0.0, amp_nA, amp_nA, 0.0]
    t.append(max(end_ms, t[-1] + 1.0))
    i.append(0.0)
    return CurrentWaveform(tuple(t), tuple(i), site=site)


@dataclass(frozen=True)
class VoltageClamp:
    """A voltage clamp (an SEClamp) stepping through up to three levels, then off.

    Parameters
    ----------
    levels : tuple of (float, float)
        1 to 3 (dur_ms, v_mV) pairs, in order: each level's duration in ms (0 to 1e6, or
        ``math.inf``: held for ever) and its potential in mV.
    rs_MOhm : float, default 1e-3
        The series resistance, in MOhm (1e-9 to 1e6).
    site : NEURON segment (nrn.Segment), optional
        Where it clamps; default (None) the cell's default site, the middle of the soma.

    Raises
    ------
    ArgumentError
        If `levels` is not 1 to 3 pairs, or a number is out of range.

    Examples
    --------
    >>> import math
    >>> hold = VoltageClamp(((math.inf, -70.0),))
    >>> steps = VoltageClamp(((100.0, -70.0), (500.0, -110.0), (100.0, -70.0)))
    """

    levels: tuple
    rs_MOhm: float = 1e-3
    site: object = None

    def __post_init__(self):
        if (not isinstance(self.levels, (tuple, list)) or not 1 <= len(self.levels) <= 3
                or not all(isinstance(lv, (tuple, list)) and len(lv) == 2 for lv in self.levels)):
            raise ArgumentError(f"VoltageClamp.levels={self.levels!r}: give 1 to 3 (dur_ms, v_mV) "
                                "pairs, e.g. ((math.inf, -70.0),).")
        for k, (dur, v) in enumerate(self.levels):
            if dur != math.inf:
                number(f"VoltageClamp.levels[{k}] dur_ms", dur, lo=0.0, hi=1e6, unit="ms")
            number(f"VoltageClamp.levels[{k}] v_mV", v, "potential_mV", unit="mV")
        number("VoltageClamp.rs_MOhm", self.rs_MOhm, lo=1e-9, hi=1e6, positive=True, unit="MOhm")


def stimuli_arg(stimuli) -> tuple:
    """`stimuli` as a tuple of stimulus descriptions (one alone is taken as a tuple of one)."""
    if isinstance(stimuli, (CurrentStep, CurrentWaveform, VoltageClamp)):
        return (stimuli,)
    stimuli = sequence("stimuli", stimuli, "(CurrentStep(0.1, 10, 500),)")
    for k, stim in enumerate(stimuli):
        if not isinstance(stim, (CurrentStep, CurrentWaveform, VoltageClamp)):
            raise ArgumentTypeError(f"stimuli[{k}]={stim!r} is not a stimulus: use CurrentStep, "
                                    "CurrentWaveform or VoltageClamp.")
    return stimuli


def _kind(stim) -> str:
    if isinstance(stim, (CurrentStep, CurrentWaveform)):
        return "IClamp"
    if isinstance(stim, VoltageClamp):
        return "SEClamp"
    raise TypeError(f"{stim!r} is not a stimulus: use CurrentStep, CurrentWaveform or VoltageClamp.")


def configure(obj, stim) -> tuple | None:
    """Set an electrode to carry out `stim`; returns the played vectors of a waveform."""
    if isinstance(stim, CurrentStep):
        obj.delay, obj.dur, obj.amp = stim.delay_ms, _finite_ms(stim.dur_ms), stim.amp_nA
        return None
    if isinstance(stim, CurrentWaveform):
        obj.delay, obj.dur, obj.amp = 0.0, FOREVER_MS, float(stim.i_nA[0])
        tvec, ivec = h.Vector(np.asarray(stim.t_ms, float)), h.Vector(np.asarray(stim.i_nA, float))
        ivec.play(obj._ref_amp, tvec, 1)  # 1: interpolate between samples
        return tvec, ivec
    obj.rs = stim.rs_MOhm
    for k in range(3):
        dur, amp = stim.levels[k] if k < len(stim.levels) else (0.0, 0.0)
        setattr(obj, f"dur{k + 1}", _finite_ms(dur))
        setattr(obj, f"amp{k + 1}", amp)
    return None


def set_level(obj, stim, value: float) -> None:
    """Change a held stimulus in place: the amplitude (nA) of a CurrentStep, or the first
    level (mV) of a VoltageClamp (steady-state solves reuse one electrode this way)."""
    if isinstance(stim, CurrentStep):
        obj.amp = value
    elif isinstance(stim, VoltageClamp):
        obj.amp1 = value
    else:
        raise TypeError(f"{stim!r} has no single level to set.")


@contextmanager
def attached(cell, stimuli):
    """The NEURON objects of `stimuli` on `cell` (a list, in order), switched off on exit.

    The objects are the cell's electrodes (`Cell.electrode`): made once per site and kind and
    kept, switched off, between runs, because NEURON rebuilds its internal structures (a few
    ms for a motoneuron) whenever a point process is created or deleted."""
    objs, played, used = [], [], {}
    try:
        for stim in stimuli:
            kind, seg = _kind(stim), cell.resolve_site(stim.site)
            index = used.get((kind, seg), 0)
            used[(kind, seg)] = index + 1
            obj = cell.electrode(kind, seg, index)
            objs.append(obj)
            play = configure(obj, stim)
            if play is not None:
                played.append(play)
        yield objs
    finally:
        for tvec, ivec in played:
            ivec.play_remove()
            free_after_next_initialize(tvec, ivec)
        for obj in objs:
            switch_off(obj)
        objs.clear()
        played.clear()
