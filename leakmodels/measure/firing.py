"""Firing: a cell's f-I relation and its after-hyperpolarisation, from current steps.

* `fi_curve(cell, amps_nA)`: for each step amplitude, the spikes during a `duration_ms` step
  from rest; `FiPoint` gives the first-interval rate (1 / first ISI) and the steady rate
  (the reciprocal of the mean ISI over the step's second half).
* `fi_summary(points)`: the minimum steady rate (the lowest steady rate of any step that fires
  repetitively, i.e. at least MIN_STEADY_SPIKES spikes in its second half) and the primary-
  range f-I slope (least squares of steady rate against current over the repetitive steps up
  to twice the lowest repetitive current), in Hz and Hz/nA.
* `ahp_result(cell)`: one spike from rest evoked by a short pulse; the AHP's depth
  (rest minus the trough after the spike) and duration (from the spike's peak until V has
  recovered 90 % of the way from the trough to rest), as cat-motoneuron papers measure them;
  a trough less than AHP_MIN_DEPTH_MV below rest is no AHP (duration 0).

Every run goes through `leakmodels.measure.runs` (the one runner). Registered for sweeps and
the command line: `fi`, `ahp`, `first_spike` and `rate`, their currents relative to the
cell's rheobase.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..cell.cell import cell_arg
from ..deprecation import formerly_positional, renamed_function
from ..engine.stimuli import CurrentStep
from ..spec.checks import ArgumentError, number, sequence
from .passive import resting_potential
from .registry import Column, measurement
from .rheobase import rheobase
from .runs import firing_rate_Hz, first_spike_ms, spike_times, voltage_trace

MIN_STEADY_SPIKES = 3      # spikes in a step's second half for "repetitive" firing
AHP_RECOVERY = 0.9         # the AHP ends when V has recovered this fraction from the trough
PULSE_MS = 1.0             # the short pulse that evokes the single spike of an AHP
AHP_MIN_DEPTH_MV = 0.5     # a trough shallower than this is no AHP (depth and duration 0)


@dataclass(frozen=True)
class FiPoint:
    """One step of an f-I curve: amplitude, spike count and rates (`fi_curve`).

    Parameters
    ----------
    amp_nA : float
        The step's current, in nA.
    n_spikes : int
        Spikes during the step.
    first_rate_Hz : float
        1 / the first interspike interval, in Hz (NaN: fewer than 2 spikes).
    steady_rate_Hz : float
        1 / the mean interspike interval over the step's second half, in Hz (NaN: fewer
        than MIN_STEADY_SPIKES (3) spikes there, not repetitive).
    """

    amp_nA: float
    n_spikes: int
    first_rate_Hz: float     # 1 / first interspike interval (nan: fewer than 2 spikes)
    steady_rate_Hz: float    # 1 / mean ISI over the step's second half (nan: not repetitive)


@formerly_positional('site')
def fi_curve(cell, amps_nA, duration_ms: float = 1000.0, *, site=None) -> list:
    """The f-I relation: the spikes and rates of a current step of each amplitude, from rest.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    amps_nA : sequence of float
        The steps' currents, in nA; each step is run from the cell's rest.
    duration_ms : float, default 1000.0
        Each step's length, in ms.
    site : NEURON segment (nrn.Segment), optional
        Where the steps are applied and spikes detected; default (None) the middle of the
        soma.

    Returns
    -------
    list of FiPoint
        One per amplitude, in order: the spike count, the first-interval rate and the steady
        rate (Hz).

    Raises
    ------
    ArgumentError
        If a current or `duration_ms` is out of range.
    NoRestError
        If the cell has no stable rest.
    """
    site = cell_arg(cell).resolve_site(site)
    duration_ms = number("duration_ms", duration_ms, "duration_ms", unit="ms")
    amps = [number(f"amps_nA[{k}]", a, "current_nA", unit="nA")
            for k, a in enumerate(sequence("amps_nA", amps_nA, "[0.1, 0.2] (step currents, nA)"))]
    points = []
    for amp in amps:
        spikes = spike_times(cell, (CurrentStep(amp, 0.0, duration_ms, site=site),), duration_ms,
                             site=site)
        spikes = spikes[spikes < duration_ms]
        isi = np.diff(spikes)
        first = 1e3 / isi[0] if isi.size else math.nan
        late = spikes[spikes >= duration_ms / 2]
        steady = (1e3 / np.mean(np.diff(late))) if late.size >= MIN_STEADY_SPIKES else math.nan
        points.append(FiPoint(amp, int(spikes.size), float(first), float(steady)))
    return points


@dataclass(frozen=True)
class FiSummary:
    """Minimum steady rate (Hz), primary-range f-I slope (Hz/nA), lowest repetitive step (nA)."""

    min_steady_rate_Hz: float   # nan: no step fired repetitively
    fi_slope_Hz_per_nA: float   # nan: fewer than two repetitive steps in the primary range
    lowest_repetitive_nA: float


def fi_summary(points) -> FiSummary:
    """Minimum steady rate and primary-range f-I slope of `fi_curve` points.

    Parameters
    ----------
    points : sequence of FiPoint
        The steps of an f-I curve (`fi_curve`), in any order.

    Returns
    -------
    FiSummary
        ``min_steady_rate_Hz``: the lowest steady rate of any step that fires repetitively,
        in Hz (NaN: none does). ``fi_slope_Hz_per_nA``: the primary-range slope, in Hz/nA
        (NaN: fewer than two repetitive steps there). ``lowest_repetitive_nA``: the smallest
        step that fires repetitively, in nA (NaN: none).

    Notes
    -----
    A step fires repetitively when it has a steady rate (at least MIN_STEADY_SPIKES (3)
    spikes in its second half). The primary range is the repetitive steps up to twice the
    lowest repetitive current; the slope is the least-squares fit of steady rate against
    current over it.
    """
    rep = sorted((p for p in points if math.isfinite(p.steady_rate_Hz)), key=lambda p: p.amp_nA)
    if not rep:
        return FiSummary(math.nan, math.nan, math.nan)
    i0 = rep[0].amp_nA
    primary = [p for p in rep if p.amp_nA <= 2 * i0 + 1e-12]
    slope = (float(np.polyfit([p.amp_nA for p in primary], [p.steady_rate_Hz for p in primary], 1)[0])
             if len(primary) >= 2 else math.nan)
    return FiSummary(float(min(p.steady_rate_Hz for p in rep)), slope, float(i0))


@dataclass(frozen=True)
class AhpResult:
    """The after-hyperpolarisation of one spike evoked from rest (`ahp_result`).

    Parameters
    ----------
    pulse_nA : float
        The pulse that evoked the spike, in nA.
    v_rest_mV : float
        The resting potential at the site, in mV.
    v_trough_mV : float
        The lowest V after the spike's peak, within the window, in mV.
    depth_mV : float
        v_rest - v_trough, in mV (0 when V never falls below rest).
    duration_ms : float
        From the spike's peak until V has recovered AHP_RECOVERY (90 %) of the way from
        the trough to rest, in ms (0: no AHP; inf: not recovered within the window).
    """

    pulse_nA: float
    v_rest_mV: float
    v_trough_mV: float
    depth_mV: float          # v_rest - v_trough (0 when V never falls below rest)
    duration_ms: float       # spike peak to AHP_RECOVERY recovery (0: no AHP)


@formerly_positional('site')
def ahp_result(cell, first_pulse_nA: float, window_ms: float = 400.0, *,
               site=None) -> AhpResult:
    """The after-hyperpolarisation (AHP) of one spike evoked from rest by a short pulse.

    A PULSE_MS (1 ms) pulse of `first_pulse_nA` is applied from rest, doubled (up to 10
    times) until it evokes a spike; V is sampled every 0.025 ms for `window_ms`.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    first_pulse_nA : float
        The first pulse's current, in nA (> 0).
    window_ms : float, default 400.0
        How long each run lasts, from the pulse's onset, in ms.
    site : NEURON segment (nrn.Segment), optional
        Where the pulse is applied and V recorded; default (None) the middle of the soma.

    Returns
    -------
    AhpResult
        The pulse (nA), the rest and trough (mV), the AHP's depth (mV) and duration (ms).

    Raises
    ------
    ArgumentError
        If no pulse evokes a spike (as a CannotFireError would say), or an argument is
        out of range.
    NoRestError
        If the cell has no stable rest.

    Notes
    -----
    Depth: rest minus the trough after the spike's peak (the peak: the highest V within
    5 ms of the threshold crossing). Duration: from the peak until V has recovered 90 % of
    the way from the trough to rest, as cat-motoneuron papers measure them. A trough less
    than AHP_MIN_DEPTH_MV (0.5 mV) below rest is no AHP (duration 0). The old name
    `after_hyperpolarisation` is a deprecated alias of this function.
    """
    site = cell_arg(cell).resolve_site(site)
    amp = number("first_pulse_nA", first_pulse_nA, "current_nA", positive=True, unit="nA")
    window_ms = number("window_ms", window_ms, "duration_ms", unit="ms")
    v_rest = resting_potential(cell, site=site)
    for _ in range(10):
        tr = voltage_trace(cell, (CurrentStep(amp, 0.0, PULSE_MS, site=site),), window_ms,
                           site=site, dt_ms=0.025)
        if tr.spikes_ms.size:
            break
        amp *= 2
    else:
        raise ArgumentError(f"first_pulse_nA={first_pulse_nA!r}: no {PULSE_MS:g}-ms pulse up to "
                            f"{amp / 2:g} nA evoked a spike in {cell.name}.")
    t, v = tr.t_ms, tr.v_mV
    after = t > tr.spikes_ms[0]
    i_peak = np.flatnonzero(after)[0] + int(np.argmax(v[after][: max(1, int(5 / 0.025))]))
    tail_t, tail_v = t[i_peak:], v[i_peak:]
    k = int(np.argmin(tail_v))
    trough = float(tail_v[k])
    depth = v_rest - trough
    if depth < AHP_MIN_DEPTH_MV:  # no AHP: a trough this shallow has no meaningful duration
        return AhpResult(amp, v_rest, trough, max(depth, 0.0), 0.0)
    target = trough + AHP_RECOVERY * depth
    back = np.flatnonzero(tail_v[k:] >= target)
    end = tail_t[k + back[0]] if back.size else math.inf  # not recovered within the window
    return AhpResult(amp, v_rest, trough, float(depth), float(end - tail_t[0]))


after_hyperpolarisation = renamed_function(ahp_result, "after_hyperpolarisation")


def _multiples(name: str, values) -> tuple:
    values = (values,) if isinstance(values, (int, float)) else values
    return tuple(number(f"{name}[{k}]", v, lo=0.0, hi=1e3, positive=True)
                 for k, v in enumerate(sequence(name, values, "(1.02, 1.5, 2.0, 3.0)")))


@measurement("fi", Column("fi_min_steady_rate_Hz", "spikes/s", "the lowest steady rate of any "
                          "step that fires repetitively"),
             Column("fi_slope_Hz_per_nA", "Hz/nA", "least-squares slope of the steady rate in "
                    "the primary range (up to twice the lowest repetitive current)"),
             Column("fi_lowest_repetitive_nA", "nA", "the smallest step that fires repetitively"),
             assumes=("a cell that fires (its rheobase, checked); a step that fires fewer than "
                      "3 spikes in its second half has no steady rate (NaN)"))
def fi_columns(cell, *, site=None, rheobase_multiples=(1.02, 1.5, 2.0, 3.0),
               step_ms: float = 1000.0) -> dict:
    """The f-I relation's summary: steps of `rheobase_multiples` x the 500-ms rheobase, each
    step_ms long from rest; minimum steady rate and primary-range slope (`fi_summary`)."""
    multiples = _multiples("rheobase_multiples", rheobase_multiples)
    i_rh = rheobase(cell, site=site)
    s = fi_summary(fi_curve(cell, [k * i_rh for k in multiples], step_ms, site=site))
    return {"fi_min_steady_rate_Hz": s.min_steady_rate_Hz,
            "fi_slope_Hz_per_nA": s.fi_slope_Hz_per_nA,
            "fi_lowest_repetitive_nA": s.lowest_repetitive_nA}


@measurement("ahp", Column("ahp_depth_mV", "mV", "rest minus the trough after one spike (0: no "
                           "AHP)"),
             Column("ahp_duration_ms", "ms", "from the spike's peak to 90 % recovery from the "
                    "trough"),
             assumes=("a pulse that evokes a spike (checked: doubled up to 10 times, else an "
                      "error naming the pulse)"))
def ahp_columns(cell, *, site=None, pulse_rheobase_multiple: float = 5.0,
                window_ms: float = 400.0) -> dict:
    """The after-hyperpolarisation of one spike from rest, evoked by a PULSE_MS pulse of
    pulse_rheobase_multiple x the 500-ms rheobase (doubled until it fires): depth and
    duration, as cat-motoneuron papers measure them (`ahp_result`)."""
    k = number("pulse_rheobase_multiple", pulse_rheobase_multiple, lo=0.0, hi=1e3, positive=True)
    res = ahp_result(cell, k * rheobase(cell, site=site), window_ms, site=site)
    return {"ahp_depth_mV": res.depth_mV, "ahp_duration_ms": res.duration_ms}


@measurement("first_spike", Column("first_spike_ms", "ms", "time from the step's onset to the "
                                   "first spike (NaN: none)"), efel="time_to_first_spike",
             assumes="a cell that fires (its rheobase, checked)")
def first_spike_columns(cell, *, site=None, rheobase_multiple: float = 2.0,
                        duration_ms: float = 500.0) -> float:
    """Time to first spike (ms) of a step of rheobase_multiple x the rheobase of a step of
    duration_ms, from rest; NaN if it does not fire within the step."""
    k = number("rheobase_multiple", rheobase_multiple, lo=0.0, hi=1e3, positive=True)
    amp = k * rheobase(cell, site=site, duration_ms=duration_ms)
    return first_spike_ms(cell, (CurrentStep(amp, 0.0, duration_ms, site=site),), duration_ms,
                          site=site)


@measurement("rate", Column("rate_Hz", "spikes/s", "spikes per second during a step of "
                            "rheobase_multiple x rheobase"),
             assumes="a cell that fires (its rheobase, checked)")
def rate_columns(cell, *, site=None, rheobase_multiple: float = 2.0,
                 duration_ms: float = 500.0) -> float:
    """Firing rate (spikes/s) during a step of rheobase_multiple x the rheobase of a step of
    duration_ms, from rest."""
    k = number("rheobase_multiple", rheobase_multiple, lo=0.0, hi=1e3, positive=True)
    amp = k * rheobase(cell, site=site, duration_ms=duration_ms)
    return firing_rate_Hz(cell, amp, duration_ms, site=site)
