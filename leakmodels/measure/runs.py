"""Runs in time and what they show: a voltage trace, spike times, the first spike, firing
rates under a step or with no input.

Every run goes through `leakmodels.engine.runner.Simulation` with CVODE; `start` is 'rest'
(the cell's settled rest, which the run leaves it at) or a potential in mV to initialise at
(for a cell with no rest, which fires on its own). Spikes are upward crossings of
`spike_threshold_mV` found by NEURON's threshold detector during the run.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..cell.cell import cell_arg
from ..deprecation import formerly_positional, renamed_keywords
from ..engine.nrnglobals import CVODE
from ..engine.rest import start_state
from ..engine.runner import Record, Simulation, v_guess
from ..engine.stimuli import CurrentStep
from ..spec.checks import number
from .registry import Column, measurement


def _run_args(t_name: str, t_ms, start, spike_threshold_mV, atol=1e-5) -> float:
    """Check the arguments every run shares; returns the run's length (ms)."""
    if not (isinstance(start, str) and start == "rest"):
        number("start", start, "potential_mV", unit="mV",
               fix="start='rest' (the settled rest) or a potential in mV to start from")
    number("spike_threshold_mV", spike_threshold_mV, "potential_mV", unit="mV",
           fix="the spike detector's level (0 mV by default)")
    number("atol", atol, lo=1e-12, hi=1.0, positive=True, unit="mV",
           fix="CVODE's absolute tolerance (1e-5 by default)")
    return number(t_name, t_ms, "duration_ms", unit="ms")


@dataclass(frozen=True)
class Trace:
    """A run's membrane potential at one site and the spikes there (`voltage_trace`).

    Parameters
    ----------
    t_ms : numpy.ndarray
        Sample times, in ms from the start of the run.
    v_mV : numpy.ndarray
        Membrane potential at the site at those times, in mV.
    spikes_ms : numpy.ndarray
        Spike times, in ms: upward crossings of the threshold, detected by NEURON during
        the run (exact, not sampled).
    stopped_by_spike : bool, default False
        True if the run stopped at its first spike (``stop_at_spike=True``) before its end.
    """

    t_ms: np.ndarray = field(repr=False)
    v_mV: np.ndarray = field(repr=False)
    spikes_ms: np.ndarray
    stopped_by_spike: bool = False


@formerly_positional('start', 'site', 'dt_ms', 'spike_threshold_mV', 'atol', 'stop_at_spike')
@renamed_keywords(threshold_mV="spike_threshold_mV")
def voltage_trace(cell, stimuli=(), t_stop_ms: float = 1000.0, *, start="rest", site=None,
                  dt_ms: float | None = None, spike_threshold_mV: float = 0.0,
                  atol: float = 1e-5, stop_at_spike: bool = False) -> Trace:
    """Run `cell` with `stimuli` and return the membrane potential at `site` and its spikes.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    stimuli : CurrentStep, CurrentWaveform, VoltageClamp or sequence of them, default ()
        What is applied during the run (none: the cell alone).
    t_stop_ms : float, default 1000.0
        Length of the run, in ms.
    start : 'rest' or float, default 'rest'
        'rest': the cell's settled rest (which the run leaves it at); a potential in mV:
        initialise there (for a cell with no rest, which fires on its own).
    site : NEURON segment (nrn.Segment), optional
        Where V is recorded and spikes detected; default (None) the middle of the soma.
    dt_ms : float or None, default None
        Sampling interval, in ms (1e-4 to `t_stop_ms`); None: every CVODE step.
    spike_threshold_mV : float, default 0.0
        The spike detector's level, in mV (formerly `threshold_mV`).
    atol : float, default 1e-5
        CVODE's absolute tolerance, in mV.
    stop_at_spike : bool, default False
        Stop the run at the first spike.

    Returns
    -------
    Trace
        Times (ms), potentials (mV) and spike times (ms) at `site`, and whether the run
        stopped at a spike.

    Raises
    ------
    ArgumentError
        If a time, potential or tolerance is out of range.
    NoRestError
        If ``start='rest'`` and the cell has no stable rest.

    Examples
    --------
    >>> import leakmodels as lm
    >>> with lm.sphere(20) as cell:
    ...     tr = lm.voltage_trace(cell, (lm.CurrentStep(0.5, 100.0, 500.0),), 700.0, dt_ms=0.1)
    """
    site = cell_arg(cell).resolve_site(site)
    t_stop_ms = _run_args("t_stop_ms", t_stop_ms, start, spike_threshold_mV, atol)
    if dt_ms is not None:
        number("dt_ms", dt_ms, lo=1e-4, hi=t_stop_ms, positive=True, unit="ms",
               fix="a sampling interval from 0.1 us to t_stop_ms, or None for every step")
    times = None if dt_ms is None else tuple(np.round(np.arange(0.0, t_stop_ms + 1e-9, dt_ms), 10))
    with Simulation(cell, start=start_state(cell, start), stimuli=stimuli, records=(Record("v", site, times_ms=times),),
                    spike_site=site, spike_threshold_mV=spike_threshold_mV, stop_at_spike=stop_at_spike,
                    integrator=CVODE.with_(atol=atol)) as sim:
        reached = sim.advance(t_stop_ms)
        t, v = sim.trace(0)
        return Trace(t, v, sim.spikes_ms, not reached)


@formerly_positional('start', 'site', 'spike_threshold_mV', 'atol')
@renamed_keywords(threshold_mV="spike_threshold_mV")
def spike_times(cell, stimuli=(), t_stop_ms: float = 1000.0, *, start="rest", site=None,
                spike_threshold_mV: float = 0.0, atol: float = 1e-5) -> np.ndarray:
    """Times (ms) at which V at `site` crosses `spike_threshold_mV` upward during a run.

    As `voltage_trace`, recording nothing but the spikes (NEURON's threshold detector).

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    stimuli : CurrentStep, CurrentWaveform, VoltageClamp or sequence of them, default ()
        What is applied during the run.
    t_stop_ms : float, default 1000.0
        Length of the run, in ms.
    start : 'rest' or float, default 'rest'
        'rest': the cell's settled rest; a potential in mV: initialise there.
    site : NEURON segment (nrn.Segment), optional
        Where spikes are detected; default (None) the middle of the soma.
    spike_threshold_mV : float, default 0.0
        The spike detector's level, in mV (formerly `threshold_mV`).
    atol : float, default 1e-5
        CVODE's absolute tolerance, in mV.

    Returns
    -------
    numpy.ndarray
        The spike times, in ms from the start of the run (empty: none).

    Raises
    ------
    ArgumentError
        If a time, potential or tolerance is out of range.
    NoRestError
        If ``start='rest'`` and the cell has no stable rest.
    """
    site = cell_arg(cell).resolve_site(site)
    t_stop_ms = _run_args("t_stop_ms", t_stop_ms, start, spike_threshold_mV, atol)
    with Simulation(cell, start=start_state(cell, start), stimuli=stimuli, spike_site=site,
                    spike_threshold_mV=spike_threshold_mV, integrator=CVODE.with_(atol=atol)) as sim:
        sim.advance(t_stop_ms)
        return sim.spikes_ms


@formerly_positional('start', 'site', 'spike_threshold_mV')
@renamed_keywords(threshold_mV="spike_threshold_mV")
def first_spike_ms(cell, stimuli=(), window_ms: float = 1000.0, *, start="rest", site=None,
                   spike_threshold_mV: float = 0.0) -> float:
    """Time (ms) of the first spike at `site` within `window_ms`; the run stops there.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    stimuli : CurrentStep, CurrentWaveform, VoltageClamp or sequence of them, default ()
        What is applied during the run.
    window_ms : float, default 1000.0
        The longest the run lasts, in ms.
    start : 'rest' or float, default 'rest'
        'rest': the cell's settled rest; a potential in mV: initialise there.
    site : NEURON segment (nrn.Segment), optional
        Where spikes are detected; default (None) the middle of the soma.
    spike_threshold_mV : float, default 0.0
        The spike detector's level, in mV (formerly `threshold_mV`).

    Returns
    -------
    float
        The first spike's time, in ms from the start of the run; NaN if there is none.

    Raises
    ------
    ArgumentError
        If `window_ms`, `start` or `spike_threshold_mV` is out of range.
    NoRestError
        If ``start='rest'`` and the cell has no stable rest.

    Notes
    -----
    With a step starting at 0 ms this is eFEL's ``time_to_first_spike`` (registered as
    measurement ``first_spike``, at a multiple of the rheobase).
    """
    site = cell_arg(cell).resolve_site(site)
    window_ms = _run_args("window_ms", window_ms, start, spike_threshold_mV)
    with Simulation(cell, start=start_state(cell, start), stimuli=stimuli, spike_site=site,
                    spike_threshold_mV=spike_threshold_mV, stop_at_spike=True) as sim:
        sim.advance(window_ms)
        spikes = sim.spikes_ms
    return float(spikes[0]) if spikes.size else math.nan


@formerly_positional('site', 'start', 'delay_ms')
def firing_rate_Hz(cell, amp_nA: float, duration_ms: float = 500.0, *, site=None,
                   start="rest", delay_ms: float = 0.0) -> float:
    """Firing rate (spikes/s) at `site` during a current step.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    amp_nA : float
        The step's amplitude, in nA (positive: depolarising).
    duration_ms : float, default 500.0
        The step's length, in ms.
    site : NEURON segment (nrn.Segment), optional
        Where the step is applied and spikes detected; default (None) the middle of the soma.
    start : 'rest' or float, default 'rest'
        'rest': the cell's rest; a potential in mV: initialise there (for a cell with none).
    delay_ms : float, default 0.0
        When the step starts, in ms; the run ends with the step.

    Returns
    -------
    float
        Spikes detected (at 0 mV) during the step, divided by its length: in Hz (spikes/s).

    Raises
    ------
    ArgumentError
        If `amp_nA`, `duration_ms`, `delay_ms` or `start` is out of range.
    NoRestError
        If ``start='rest'`` and the cell has no stable rest.
    """
    site = cell_arg(cell).resolve_site(site)
    amp_nA = number("amp_nA", amp_nA, "current_nA", unit="nA")
    duration_ms = number("duration_ms", duration_ms, "duration_ms", unit="ms")
    delay_ms = number("delay_ms", delay_ms, "duration_ms", lo=0.0, unit="ms")
    spikes = spike_times(cell, (CurrentStep(amp_nA, delay_ms, duration_ms, site=site),),
                         delay_ms + duration_ms, start=start, site=site)
    inside = (spikes >= delay_ms) & (spikes < delay_ms + duration_ms)
    return float(inside.sum()) / (duration_ms * 1e-3)


@measurement("spontaneous_rate", Column("spont_rate_Hz", "spikes/s", "spikes per second with "
                                        "no input, after a transient, from the leak rest"),
             assumes="none: a cell that rests gives 0")
@formerly_positional('site')
def spontaneous_rate_Hz(cell, duration_ms: float = 500.0, transient_ms: float = 250.0, *,
                        site=None) -> float:
    """Spontaneous rate (spikes/s): spikes with no input after a transient, 0 for a cell at rest.

    The run starts from the membrane's analytic leak-and-pump rest (not the solved rest: the
    cell may have no rest of its own); spikes (at 0 mV) are counted after `transient_ms`.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    duration_ms : float, default 500.0
        How long spikes are counted, in ms.
    transient_ms : float, default 250.0
        How long the run goes before counting starts, in ms.
    site : NEURON segment (nrn.Segment), optional
        Where spikes are detected; default (None) the middle of the soma.

    Returns
    -------
    float
        Spikes per second (Hz) over `duration_ms`; 0 for a cell that rests.

    Raises
    ------
    ArgumentError
        If `duration_ms` or `transient_ms` is out of range.
    """
    site = cell_arg(cell).resolve_site(site)
    duration_ms = number("duration_ms", duration_ms, "duration_ms", unit="ms")
    transient_ms = number("transient_ms", transient_ms, "duration_ms", lo=0.0, unit="ms")
    spikes = spike_times(cell, (), transient_ms + duration_ms, start=v_guess(cell), site=site)
    return float((spikes >= transient_ms).sum()) / (duration_ms * 1e-3)

