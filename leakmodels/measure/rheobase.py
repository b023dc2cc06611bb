"""Excitability: rheobase, the smallest current step that fires a spike, found near the two-trial limit.

The search starts from a prediction, not from a blind bracket. For a step long enough for
the cell to settle, a cell fires once its steady-state current-voltage relation at the site
has no resting branch left: at the fold I_fold = max over V of the holding current I(V) (a
saddle-node; to first order I_rh ~ (V_th - V_rest) / R_in with V_th at the fold). I(V) comes
from voltage-clamp steady-state solves (`leakmodels.engine.solver`), continued upward from rest in
2 mV steps and refined by golden-section search: about twenty solves of a few iterations
each in one NEURON session, no simulation.

Where the cell has slow gates that oppose depolarisation (declared slow_gates: the M-current), a step
near rheobase fires at its onset, before they move: the fold with them held at their resting
state bounds the rheobase from below, the steady fold from above, and the prediction is the
geometric middle of the two (a bracket's natural first point).
The first trial is half a bracket (precision / 2) above the prediction and the second one
`precision` below the first: when the prediction is right those two trials are the final
bracket, and neither sits in the fold's bottleneck, where a run is slowest to fire or settle. Otherwise the bracket grows
geometrically from the prediction and is then bisected. Every trial starts from the cell's
settled rest and ends at its first spike (NEURON's threshold detector stops the run) or as
soon as the cell sits at the steady state it would reach under that current (every segment
within SETTLED_MV of it: it cannot fire later under a constant current), or at the end of
the step. A cell that cannot fire is told so: one without voltage-gated states, or one whose
membrane is only pushed across the threshold by the current (at the crossing its ionic
current is outward: nothing regenerative drives it).
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..cell.cell import cell_arg
from ..deprecation import formerly_positional, renamed_function
from ..engine.cellstate import ions_at
from ..engine.nrnglobals import CVODE
from ..engine.rest import rest
from ..engine.runner import Simulation
from ..engine.solver import SteadyRun, solve
from ..engine.steadystate import SettleError
from ..engine.stimuli import CurrentStep, VoltageClamp
from ..mechanisms import mechanisms
from ..spec.checks import number
from .passive import input_resistance
from .registry import Column, measurement

SETTLED_MV = 1e-3       # a trial has settled when every segment is this close to its steady state
CHUNK_MS = 10.0         # how often a trial checks whether it has settled
SCAN_STEP_MV = 2.0      # continuation step of the steady-state I-V
SCAN_TOP_MV = 0.0       # the scan stops here (the spike threshold by default)
FOLD_TOL_MV = 0.25      # golden-section search of the fold to this potential (I(V) is flat
                        # there: 0.25 mV off the fold costs ~1e-4 of I_fold)
SCAN_TOL_MV = 1e-7      # each I-V solve converged to this: the holding current to ~1e-9 of
                        # itself, far below what the prediction (it places the first trial) needs
TARGET_TOL_MV = 1e-3 * SETTLED_MV  # a trial's steady state, well within SETTLED_MV


class CannotFireError(RuntimeError):
    """The cell cannot fire a spike at this site (no regenerative current)."""


@dataclass(frozen=True)
class RheobaseTrial:
    """One current step tried: did it fire, and when did the trial end (ms from the step)."""

    amp_nA: float
    fired: bool
    end_ms: float
    ended_by: str  # "spike", "settled" or "step end"


@dataclass(frozen=True)
class RheobaseResult:
    """Smallest step current (nA) that fires a spike, bracketed to `precision`.

    Parameters
    ----------
    rheobase_nA : float
        The smallest current tried that fired, in nA: the top of the final bracket.
    below_nA : float
        The largest current tried that did not fire, in nA.
    duration_ms : float
        The step's length, in ms.
    v_rest_mV : float
        The resting potential at the site, in mV.
    trials : int
        How many steps were run.
    prediction_nA : float
        The first guess, in nA, from the fold of the steady-state I-V (NaN: no fold).
    fold_nA : float, default NaN
        The fold's current itself, in nA (NaN: none below the threshold).
    history : tuple of RheobaseTrial, default ()
        Every trial, in order: its current (nA), whether it fired, when and how it ended.
    precision : float, default 0.005
        The bracket's relative width, dimensionless.
    """

    rheobase_nA: float
    below_nA: float             # largest current tried that did not fire
    duration_ms: float
    v_rest_mV: float
    trials: int
    prediction_nA: float        # predicted from the fold of the steady-state I-V (nan: no fold)
    fold_nA: float = math.nan   # the fold itself
    history: tuple = ()         # RheobaseTrial of every trial, in order
    precision: float = 0.005


@dataclass(frozen=True)
class Fold:
    """The fold of the voltage-clamped steady-state I-V at a site: its current (nA), its
    potential (mV) and the curvature k of I(V) ~ I_fold - k (V - V_fold)^2 (nA/mV2)."""

    current_nA: float
    v_mV: float
    curvature_nA_mV2: float


NO_FOLD = Fold(math.nan, math.nan, math.nan)


@contextmanager
def slow_gates_frozen(cell):
    """Within: the slow gates of `cell` keep their state (the values their declarations give,
    which make their time constants 1e30 ms against the solver's dt of 1e9 ms: gates too slow
    to move before a step just above rheobase fires, as the M-current's, tens of ms at 37 degC);
    yields whether the cell has any. Restored exactly on leaving."""
    slow = {m.suffix: dict(m.slow_gates) for m in mechanisms() if m.slow_gates}
    saved = []
    for seg in cell.segments():
        for name, frozen in slow.items():
            if hasattr(seg, name):
                mech = getattr(seg, name)
                saved.append((mech, {k: getattr(mech, k) for k in frozen}))
                for k, v in frozen.items():
                    setattr(mech, k, v)
    try:
        yield bool(saved)
    finally:
        for mech, values in saved:
            for k, v in values.items():
                setattr(mech, k, v)


@formerly_positional('site', 'top_mV', 'ss')
def steady_iv_fold(cell, *, site=None, top_mV: float = SCAN_TOP_MV, ss=None) -> Fold:
    """The first local maximum of the holding current above rest (`Fold`), or NO_FOLD if the
    steady-state I-V rises all the way to top_mV. ss: the cell's rest, if the caller has it."""
    site = cell.resolve_site(site)
    ss = rest(cell) if ss is None else ss
    v0 = ss.v_mV(site)
    cache = {v0: (0.0, ss.y)}
    with SteadyRun(cell, (VoltageClamp(((math.inf, v0),), site=site),)) as run:

        def current(v):
            if v not in cache:
                near = sorted(cache, key=lambda u: abs(u - v))
                nearest = start = cache[near[0]][1]
                if len(near) > 1:  # the state along the line through the two nearest
                    u0, u1 = near[0], near[1]
                    start = nearest + (nearest - cache[u1][1]) * (v - u0) / (u0 - u1)
                try:
                    got = run.solve(start, levels=(v,), tol_mV=SCAN_TOL_MV, march=False)
                except SettleError:
                    if start is nearest:
                        raise
                    got = run.solve(nearest, levels=(v,), tol_mV=SCAN_TOL_MV, march=False)
                cache[v] = (got.clamp_currents_nA[0], got.y)
            return cache[v][0]

        vs = [v0]
        try:
            while vs[-1] < top_mV:
                vs.append(vs[-1] + SCAN_STEP_MV)
                if len(vs) >= 3 and current(vs[-1]) < current(vs[-2]):
                    a, b = vs[-3], vs[-1]
                    break
            else:
                return NO_FOLD
            g = (math.sqrt(5) - 1) / 2
            c, d = b - g * (b - a), a + g * (b - a)
            while b - a > FOLD_TOL_MV:
                if current(c) > current(d):
                    b, d = d, c
                    c = b - g * (b - a)
                else:
                    a, c = c, d
                    d = a + g * (b - a)
        except SettleError:  # a clamped state with no steady state: no usable fold
            return NO_FOLD
    v = max((u for u in cache if a <= u <= b), key=current)
    near = sorted((u for u in cache if abs(u - v) <= SCAN_STEP_MV + 1e-9), key=lambda u: abs(u - v))
    curv = math.nan
    if len(near) >= 3:
        coef = np.polyfit(np.array(near) - v, [cache[u][0] for u in near], 2)
        curv = float(-coef[0]) if coef[0] < 0 else math.nan
    return Fold(float(current(v)), float(v), curv)


def predicted_rheobase_nA(cell, fold: Fold, duration_ms: float) -> float:
    """The fold current plus the excess a step of duration_ms needs to pass the fold's
    bottleneck in time: near a saddle-node C dV/dt = dI + k (V - V_fold)^2, whose passage
    takes pi C / sqrt(k dI), so dI = (pi C / duration)^2 / k, with C the cell's whole
    membrane capacitance (nF; an upper bound on the slow mode's)."""
    if not math.isfinite(fold.curvature_nA_mV2) or fold.curvature_nA_mV2 <= 0:
        return fold.current_nA
    c_nF = sum(seg.cm * seg.area() for seg in cell.segments()) * 1e-5
    return fold.current_nA + (math.pi * c_nF / duration_ms) ** 2 / fold.curvature_nA_mV2


def _trial(cell, site, ss, amp_nA, duration_ms, threshold_mV, atol) -> RheobaseTrial:
    try:  # where the cell would settle under this current, if it can
        target = solve(cell, (CurrentStep(amp_nA, site=site),), start=ss.y, tol_mV=TARGET_TOL_MV,
                       march=False).v_all_mV
    except SettleError:
        target = None
    with Simulation(cell, start=ss.y, stimuli=(CurrentStep(amp_nA, 0.0, duration_ms, site=site),),
                    integrator=CVODE.with_(atol=atol), spike_site=site,
                    spike_threshold_mV=threshold_mV, stop_at_spike=True) as sim:
        t = 0.0
        while t < duration_ms:
            t = min(t + CHUNK_MS, duration_ms)
            if not sim.advance(t):
                t_spike = float(sim.spikes_ms[0])
                _check_regenerative(cell, site, t_spike, amp_nA, threshold_mV)
                return RheobaseTrial(amp_nA, True, t_spike, "spike")
            if target is not None and np.max(np.abs(sim.v_mV() - target)) < SETTLED_MV:
                return RheobaseTrial(amp_nA, False, t, "settled")
    return RheobaseTrial(amp_nA, False, duration_ms, "step end")


@formerly_positional('site', 'duration_ms', 'precision', 'spike_threshold_mV', 'max_nA', 'atol')
def rheobase_result(cell, *, site=None, duration_ms: float = 500.0, precision: float = 0.005,
                    spike_threshold_mV: float = 0.0, max_nA: float = 1e4,
                    atol: float = 1e-5) -> RheobaseResult:
    """Rheobase with its search: the smallest current step that fires, and how it was found.

    The smallest `duration_ms` step (nA) that makes V at `site` cross `spike_threshold_mV`
    with a regenerative current, bracketed until (above - below) <= precision * above.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    site : NEURON segment (nrn.Segment), optional
        Where the step is applied and spikes detected; default (None) the middle of the soma.
    duration_ms : float, default 500.0
        The step's length, in ms.
    precision : float, default 0.005
        The bracket's relative width, dimensionless (1e-6 to 0.5).
    spike_threshold_mV : float, default 0.0
        The spike detector's level, in mV.
    max_nA : float, default 1e4
        The largest step to try, in nA.
    atol : float, default 1e-5
        CVODE's absolute tolerance, in mV.

    Returns
    -------
    RheobaseResult
        The rheobase and the largest current that did not fire (nA), the prediction and
        the fold (nA), the rest (mV) and every trial.

    Raises
    ------
    CannotFireError
        If the cell rests above the threshold, has no voltage-gated channels, does not fire
        for steps up to `max_nA`, fires for every current tried down to ~0, or crosses the
        threshold with outward ionic current (pushed passively, no regenerative current).
    ArgumentError
        If an argument is out of range.
    NoRestError
        If the cell has no stable rest.

    Notes
    -----
    The search starts from a prediction at the fold of the voltage-clamped steady-state I-V
    (I_fold = max over V of the holding current; with slow gates such as the M-current, the
    geometric middle of the folds with them frozen and free) and brackets from there. Each
    trial starts from the settled rest and ends at its first spike, once the cell has
    settled, or at the step's end: see `leakmodels.measure.rheobase`. The old name
    `rheobase_search` is a deprecated alias of this function.
    """
    cell_arg(cell)
    duration_ms = number("duration_ms", duration_ms, "duration_ms", unit="ms",
                         fix="a step length in ms (500 by default)")
    precision = number("precision", precision, lo=1e-6, hi=0.5,
                       fix="a relative bracket width, e.g. 0.005")
    spike_threshold_mV = number("spike_threshold_mV", spike_threshold_mV, "potential_mV", unit="mV")
    max_nA = number("max_nA", max_nA, "current_nA", positive=True, unit="nA",
                    fix="the largest step to try (1e4 nA by default)")
    atol = number("atol", atol, lo=1e-12, hi=1.0, positive=True, unit="mV",
                  fix="CVODE's absolute tolerance (1e-5 by default)")
    site = cell.resolve_site(site)
    ss = rest(cell)
    v_rest = ss.v_mV(site)
    if v_rest >= spike_threshold_mV:
        raise CannotFireError(f"{cell.name} rests at {v_rest:.1f} mV, above the spike threshold "
                              f"{spike_threshold_mV:g} mV.")
    if not ss.layout.has_gates:
        raise CannotFireError(f"{cell.name} has no voltage-gated channels (no mechanism with a "
                              "state): it cannot spike. Give it nav and kdr (MembraneSpec's "
                              "gnav_*/gkdr_* densities).")
    fold = steady_iv_fold(cell, site=site, top_mV=spike_threshold_mV, ss=ss)
    pred = predicted_rheobase_nA(cell, fold, duration_ms)
    with slow_gates_frozen(cell) as has_slow:
        # slow gates that oppose depolarisation (Kv7) have barely moved when a step near
        # rheobase fires at its onset: the fold with them held at rest bounds the rheobase
        # from below, the steady fold (with them open) from above; start between the two
        fast = steady_iv_fold(cell, site=site, top_mV=spike_threshold_mV, ss=ss) if has_slow else NO_FOLD
    if math.isfinite(fast.current_nA) and math.isfinite(pred) and 0 < fast.current_nA < fold.current_nA:
        pred = math.sqrt(predicted_rheobase_nA(cell, fast, duration_ms) * pred)
    history = []

    def fires(amp):
        if amp > max_nA:
            raise CannotFireError(f"{cell.name} did not fire for steps up to {max_nA:g} nA.")
        tr = _trial(cell, site, ss, amp, duration_ms, spike_threshold_mV, atol)
        history.append(tr)
        return tr.fired

    p = precision
    lo, hi = 0.0, math.inf
    # half a bracket above the prediction: the two trials then straddle it by p/2 each way,
    # so that neither sits in the fold's bottleneck (where a run passes or settles slowest)
    x = pred * (1 + p / 2) if math.isfinite(pred) and pred > 0 else _guess_nA(cell, site)
    step = p
    while not math.isfinite(hi):  # upward from the prediction
        if fires(x):
            hi = x
        else:
            lo, x, step = x, x * (1 + step), 2 * step
    if lo == 0.0:  # downward from the prediction
        x, step = hi * (1 - p), p
        while fires(x):
            hi, x, step = x, x * (1 - step), min(2 * step, 0.5)
            if x < 1e-9 * hi:
                raise CannotFireError(f"{cell.name} fires for every current tried down to "
                                      f"{x:.3g} nA.")
        lo = x
    while hi - lo > p * hi * (1 + 1e-9):  # (1 + 1e-9): hi (1 - p) is not always exact
        mid = math.sqrt(lo * hi) if lo > 0 else 0.5 * hi
        if fires(mid):
            hi = mid
        else:
            lo = mid
    return RheobaseResult(hi, lo, float(duration_ms), v_rest, len(history), pred,
                          fold.current_nA, tuple(history), p)


def _guess_nA(cell, site) -> float:
    """Without a fold: the current that would depolarise the resting cell by 20 mV."""
    return 20.0 / input_resistance(cell, site=site)


def _check_regenerative(cell, site, t_spike_ms, amp_nA, threshold_mV) -> None:
    """A spike is regenerative: as V crosses the threshold the membrane's own ionic current
    at the site is inward (Na+ entering faster than K+ leaves) and drives the upstroke. A
    membrane pushed across by the current alone carries outward ionic current there:
    CannotFireError. (Read just after the crossing: the run stops at the crossing event.)"""
    i_ion = sum(getattr(site, f"i{ion}") for ion in ions_at(site))
    if i_ion >= 0:
        raise CannotFireError(
            f"{cell.name}: {amp_nA:.4g} nA takes {site} across {threshold_mV:g} mV "
            f"({t_spike_ms:.2f} ms into the step) with outward ionic current there "
            f"({i_ion:.3g} mA/cm2): the membrane is pushed there passively, with no "
            "regenerative (inward) current at this site.")


@measurement("rheobase", Column("rheobase_nA", "nA", "the smallest step of duration_ms that "
                                "fires a spike, bracketed to precision"),
             assumes=("a rest below the spike threshold and a regenerative inward current at "
                      "the crossing (checked: CannotFireError)"))
@formerly_positional('site', 'duration_ms', 'precision')
def rheobase(cell, *, site=None, duration_ms: float = 500.0, precision: float = 0.005,
             spike_threshold_mV: float = 0.0) -> float:
    """Rheobase (nA): the smallest `duration_ms` current step that fires a spike, to `precision`.

    The smallest `duration_ms` step that makes V at the site cross `spike_threshold_mV`
    with a regenerative current, to a relative `precision`, from a prediction at the fold
    of the steady-state I-V (`rheobase_result` also gives the search).

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    site : NEURON segment (nrn.Segment), optional
        Where the step is applied and spikes detected; default (None) the middle of the soma.
    duration_ms : float, default 500.0
        The step's length, in ms.
    precision : float, default 0.005
        The bracket's relative width, dimensionless (1e-6 to 0.5).
    spike_threshold_mV : float, default 0.0
        The spike detector's level, in mV.

    Returns
    -------
    float
        The rheobase, in nA: the smallest current tried that fired.

    Raises
    ------
    CannotFireError
        If the cell cannot fire at `site` (see `rheobase_result`).
    NoRestError
        If the cell has no stable rest.

    Examples
    --------
    >>> import leakmodels as lm
    >>> with lm.motoneuron() as cell:
    ...     i_rh = lm.rheobase(cell, duration_ms=500.0)
    """
    return rheobase_result(cell, site=site, duration_ms=duration_ms, precision=precision,
                           spike_threshold_mV=spike_threshold_mV).rheobase_nA


rheobase_search = renamed_function(rheobase_result, "rheobase_search")
