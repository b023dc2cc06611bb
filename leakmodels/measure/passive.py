"""The passive measurements about a steady state: resting potential, input resistance (at
rest or at a holding potential), the membrane time constant.

Each takes a cell and optionally a `site` (a segment of the cell; default the middle of the
soma), uses the membrane as it stands (mechanisms inserted or removed by hand count), starts
from the cell's rest (`leakmodels.engine.rest.rest`: solved directly, checked to be stable,
found once and reused) and leaves nothing attached to the cell.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..cell.cell import cell_arg
from ..deprecation import formerly_positional, renamed_keywords
from ..engine.nrnglobals import CVODE
from ..engine.physical import has_no_conductance
from ..engine.rest import at_rest, rest
from ..engine.runner import Record, Simulation
from ..engine.solver import SteadyRun, solve
from ..engine.steadystate import SteadyState
from ..engine.stimuli import CurrentStep, VoltageClamp
from ..spec.checks import ArgumentError, number
from .registry import Column, measurement

RIN_METHODS = ("steady", "impedance")
SHAPE_TOL = 1e-3   # a response past its steady state by more than this fraction: overshoot
SHAPE_TAUS = 20.0  # the response is followed this many time constants (the shape check)


@measurement("rest", Column("v_rest_mV", "mV", "the stable steady state with no input, at "
                            "the site"), efel="voltage_base",
             assumes=("a stable steady state with no input (checked: the small-gain certificate"
                      " or a probe; NoRestError otherwise)"))
@formerly_positional('site')
def resting_potential(cell, *, site=None) -> float:
    """Resting potential (mV): the stable steady state at `site` with no input.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell, with its membrane as it stands.
    site : NEURON segment (nrn.Segment), optional
        A segment of `cell`; default (None) the middle of the soma.

    Returns
    -------
    float
        The resting potential at `site`, in mV.

    Raises
    ------
    NoRestError
        If the cell has no stable rest (it fires or drifts with no input); its subclasses
        NoLeakError (no leak) and UnphysicalStateError (beyond the reversal potentials).

    Notes
    -----
    Solved directly (`leakmodels.engine.rest`), checked to be stable, found once and reused.
    eFEL's equivalent is ``voltage_base`` (registered as measurement ``rest``).
    """
    site = cell_arg(cell).resolve_site(site)
    return rest(cell).v_mV(site)


def _impedance_MOhm(cell, site, state: SteadyState, extended: bool) -> float:
    with SteadyRun(cell, state.stimuli) as run:
        return run.impedance_MOhm(site, state.y, extended)


@formerly_positional('site')
def holding_state(cell, v_mV: float, *, site=None) -> SteadyState:
    """The steady state with `site` voltage-clamped at `v_mV`, solved from the cell's rest.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    v_mV : float
        The holding potential at `site`, in mV.
    site : NEURON segment (nrn.Segment), optional
        A segment of `cell`; default (None) the middle of the soma.

    Returns
    -------
    leakmodels.engine.steadystate.SteadyState
        The held state; ``clamp_currents_nA[0]`` is its holding current (nA, depolarising > 0).

    Raises
    ------
    ArgumentError
        If `v_mV` is not a potential in mV.
    SettleError
        If no steady state is found under the clamp (NoRestError: no rest to start from).
    """
    site = cell_arg(cell).resolve_site(site)
    v_mV = number("v_mV", v_mV, "potential_mV", unit="mV")
    return solve(cell, (VoltageClamp(((math.inf, float(v_mV)),), site=site),), start=rest(cell).y)


@measurement("rin", Column("rin_MOhm", "MOhm", "DC slope dV/dI at the site, every gate at "
                           "its steady state"), efel="ohmic_input_resistance",
             assumes=("a stable rest (checked) and a smooth I-V over +-0.01 mV (the central "
                      "difference cancels its curvature)"))
@formerly_positional('site', 'method', 'step_mV', 'holding_mV')
def input_resistance(cell, *, site=None, method: str = "steady", step_mV: float = 0.01,
                     holding_mV: float | None = None) -> float:
    """Input resistance (MOhm): the DC slope dV/dI of the steady state at `site`.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell, with its membrane as it stands.
    site : NEURON segment (nrn.Segment), optional
        A segment of `cell`; default (None) the middle of the soma.
    method : {'steady', 'impedance'}, default 'steady'
        'steady': two steady-state solves (exact). 'impedance': NEURON's extended
        ``Impedance.compute(0, 1)``, kept only to show its defect (see Notes).
    step_mV : float, default 0.01
        The deflection I is sized to give, in mV (1e-6 to 5).
    holding_mV : float or None, default None
        Measure about the state held at this potential (mV) by a constant current (found
        by a voltage-clamp solve, `holding_state`); None: about the rest.

    Returns
    -------
    float
        The input resistance at `site`, in MOhm (``math.inf``: a membrane with no conductance).

    Raises
    ------
    ArgumentError
        If `method` is not one of the two, or `step_mV` or `holding_mV` is out of range.
    NoRestError
        If the cell has no stable rest (measuring about the rest).

    Notes
    -----
    method='steady': two steady-state solves (`leakmodels.engine.solver`) with currents +I
    and -I held on, I sized to move the site by about `step_mV` (first from the frozen-gate
    impedance, again from the first solve if gating moves R_in by more than 2x):
    R_in = [V(+I) - V(-I)] / 2I. The central difference cancels the I-V's curvature to
    second order and each solve is converged to 1e-10 mV, so this is the DC slope with every
    gate at its steady state, exact to ~1e-6 in any cell: non-uniform membranes, hcn,
    states a fraction of a pA from threshold (a solve cannot fire the cell, and 0.01 mV
    stays far from the fold of the I-V).

    method='impedance': NEURON 9.0.2 gets it wrong where the passive conductance varies
    between segments (a pas ball-and-stick with a 5x leakier soma: 64.9 against 111.3 MOhm)
    and on multi-segment cells with gated channels away from rest (the interneuron with
    60 % of its K+ leak: 23 % low; with hcn: about 20 % high). Never report a value from it.

    eFEL's equivalent is ``ohmic_input_resistance`` (registered as measurement ``rin``).
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
    base = rest(cell) if holding_mV is None else holding_state(cell, holding_mV, site=site)
    if method == "impedance":
        return _impedance_MOhm(cell, site, base, extended=True)
    return input_resistance_about(cell, base, site=site, step_mV=step_mV)


@formerly_positional('site', 'step_mV')
def input_resistance_about(cell, held: SteadyState, *, site=None, step_mV: float = 0.01) -> float:
    """DC input resistance (MOhm) about a steady state the caller already has.

    As ``input_resistance(cell, holding_mV=...)`` measures it, without solving `held` again:
    its clamp's holding current is held on, and R_in = [V(+I) - V(-I)] / 2I about it.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    held : leakmodels.engine.steadystate.SteadyState
        The state to measure about: from ``holding_state(cell, v_mV, site=site)`` or the
        cell's rest (`leakmodels.engine.rest.rest`).
    site : NEURON segment (nrn.Segment), optional
        A segment of `cell` (the one `held` was clamped at); default the middle of the soma.
    step_mV : float, default 0.01
        The deflection I is sized to give, in mV.

    Returns
    -------
    float
        The input resistance at `site` about `held`, in MOhm (inf: no conductance).
    """
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


def _fractions(fit_fractions) -> tuple:
    """(start, end) fractions of the deflection still to go, 1 > start > end > 0."""
    if (not isinstance(fit_fractions, (tuple, list)) or len(fit_fractions) != 2
            or not 0 < number("fit_fractions[1]", fit_fractions[1])
            < number("fit_fractions[0]", fit_fractions[0]) < 1):
        raise ArgumentError(f"fit_fractions={fit_fractions!r}: give two fractions (start, end) "
                            "of the deflection still to go, 1 > start > end > 0, e.g. "
                            "(0.4, 0.05).")
    return float(fit_fractions[0]), float(fit_fractions[1])


class NotExponentialError(ValueError):
    """The response is not a sum of decaying exponentials (it oscillates): no time constant."""


@dataclass(frozen=True)
class TimeConstantResult:
    """tau_0 and what the response it was fitted to did (`time_constant_result`).

    Parameters
    ----------
    tau_ms : float
        The membrane time constant tau_0, in ms.
    overshoot : float
        How far the response went past its steady state, a fraction of the deflection
        (dimensionless): 0 for a pure decay, > 0 where a slow gated current (Kv7, Ih)
        pulls it back.
    oscillates : bool
        True if it came back across its steady state (a resonant membrane: no time constant).
    step_nA : float
        The current step applied, in nA (negative: hyperpolarising).
    """

    tau_ms: float
    overshoot: float
    oscillates: bool
    step_nA: float


def _shape(frac: np.ndarray) -> tuple:
    """(overshoot, oscillates) of the fraction of the deflection still to go, 1 -> 0: how far
    it went past 0 (the steady state), and whether it came back across it (a damped
    oscillation: it rose above SHAPE_TOL after falling below -SHAPE_TOL)."""
    overshoot = max(0.0, -float(frac.min()))
    below = np.flatnonzero(frac < -SHAPE_TOL)
    oscillates = bool(below.size and np.any(frac[below[0]:] > SHAPE_TOL))
    return overshoot, oscillates


def time_constant_result(cell, *, site=None, step_mV: float = 0.1,
                         fit_fractions=(0.4, 0.05), atol: float = 1e-9) -> TimeConstantResult:
    """Membrane time constant tau_0 and the shape of the response it was fitted to.

    tau_0 is fitted as in `time_constant`, then the response is followed for SHAPE_TAUS (20)
    time constants: its overshoot, and whether it oscillates (returned, not refused).

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    site : NEURON segment (nrn.Segment), optional
        A segment of `cell`; default (None) the middle of the soma.
    step_mV : float, default 0.1
        The hyperpolarising step's steady deflection at the site, in mV (1e-6 to 5).
    fit_fractions : tuple of float, default (0.4, 0.05)
        (start, end) of the fit, fractions of the deflection still to go (dimensionless).
    atol : float, default 1e-9
        CVODE's absolute tolerance, in mV.

    Returns
    -------
    TimeConstantResult
        tau_0 (ms), overshoot (dimensionless), whether it oscillates, the step (nA).

    Raises
    ------
    ArgumentError
        If `step_mV`, `fit_fractions` or `atol` is out of range.
    RuntimeError
        If fewer than 5 points of the response fall in the fit window.
    """
    site = cell_arg(cell).resolve_site(site)
    step_mV = number("step_mV", step_mV, lo=1e-6, hi=5.0, unit="mV")
    number("atol", atol, lo=1e-12, hi=1.0, positive=True, unit="mV")
    frac_from, frac_to = _fractions(fit_fractions)
    with at_rest(cell, (CurrentStep(0.0, site=site),)) as (run, ss):
        amp = -step_mV / run.impedance_MOhm(site, ss.y)
        v_inf = run.solve(ss.y, levels=(amp,)).v_mV(site)
    v0 = ss.v_mV(site)
    with Simulation(cell, start=ss, stimuli=(CurrentStep(amp, site=site),), records=(Record("v", site),),
                    integrator=CVODE.with_(atol=atol)) as sim:
        t = 0.0
        while True:
            t += 10.0
            sim.advance(t)
            if abs(site.v - v_inf) < 0.5 * frac_to * abs(v0 - v_inf) or t > 1e5:
                break
        t_ms, v_mV = sim.trace(0)
        frac = (v_mV - v_inf) / (v0 - v_inf)
        sel = (frac < frac_from) & (frac > frac_to) & (t_ms > 0)
        if sel.sum() < 5:
            raise RuntimeError(f"time_constant: too few points in the fit window ({sel.sum()}).")
        slope, _ = np.polyfit(t_ms[sel], np.log(frac[sel]), 1)
        tau = float(-1.0 / slope)
        # the response beyond the fit: a decay stays on its side of the steady state
        while t < min(SHAPE_TAUS * abs(tau), 1e5):
            t += 10.0
            sim.advance(t)
        t_ms, v_mV = sim.trace(0)
    overshoot, oscillates = _shape((v_mV[t_ms > 0] - v_inf) / (v0 - v_inf))
    return TimeConstantResult(tau, overshoot, oscillates, amp)


@measurement("tau", Column("tau_ms", "ms", "the slowest exponential of the response to a "
                           "small hyperpolarising step (NaN where the response oscillates)"),
             Column("tau_overshoot", "", "how far that response went past its steady state "
                    "(a fraction of the deflection: 0 for a pure decay)"),
             Column("tau_oscillates", "", "True where the response rings about its steady "
                    "state: a resonant membrane, which has no time constant"),
             efel="time_constant",
             assumes=("a response that decays to its steady state (checked: one that "
                      "oscillates has no tau_ms and says so in tau_oscillates; an overshoot is "
                      "reported in tau_overshoot)"))
@renamed_keywords(window="fit_fractions")
def tau_columns(cell, *, site=None, step_mV: float = 0.1, fit_fractions=(0.4, 0.05),
                atol: float = 1e-9) -> dict:
    """Membrane time constant tau_0 (ms) and the response's shape: see `time_constant`. A
    response that oscillates has no time constant: tau_ms is NaN and tau_oscillates True
    (the row keeps its other measurements; `time_constant` itself refuses it)."""
    res = time_constant_result(cell, site=site, step_mV=step_mV, fit_fractions=fit_fractions,
                               atol=atol)
    return {"tau_ms": math.nan if res.oscillates else res.tau_ms,
            "tau_overshoot": res.overshoot, "tau_oscillates": bool(res.oscillates)}


def _refuse_oscillation(cell, res: TimeConstantResult, step_mV: float) -> None:
    if res.oscillates:
        raise NotExponentialError(
            f"{cell.name}: the response to a -{step_mV:g} mV step oscillates about its steady "
            f"state (it overshoots by {100 * res.overshoot:.0f} % and comes back across it): "
            "a resonant membrane, not a sum of decaying exponentials, so it has no time "
            "constant. Block the resonant current, or measure its impedance instead.")


@formerly_positional('site', 'step_mV', 'fit_fractions', 'atol')
@renamed_keywords(window="fit_fractions")
def time_constant(cell, *, site=None, step_mV: float = 0.1, fit_fractions=(0.4, 0.05),
                  atol: float = 1e-9) -> float:
    """Membrane time constant tau_0 (ms): the slowest exponential of a small step response.

    A hyperpolarising step sized to move the site by about `step_mV` (-0.1 mV) is applied
    from rest. A response that overshoots V_inf and returns (a slow current pulling it back:
    Kv7, Ih) keeps its tau (`time_constant_result` says by how much it overshot).

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    site : NEURON segment (nrn.Segment), optional
        A segment of `cell`; default (None) the middle of the soma.
    step_mV : float, default 0.1
        The hyperpolarising step's steady deflection at the site, in mV (1e-6 to 5).
    fit_fractions : tuple of float, default (0.4, 0.05)
        (start, end) of the fit window, fractions of the deflection still to go
        (dimensionless, 1 > start > end > 0); formerly `window`.
    atol : float, default 1e-9
        CVODE's absolute tolerance, in mV.

    Returns
    -------
    float
        tau_0, in ms.

    Raises
    ------
    NotExponentialError
        If the response oscillates about V_inf (a resonant membrane, such as squid-axon hh).
    ArgumentError
        If `step_mV`, `fit_fractions` or `atol` is out of range.

    Notes
    -----
    V_inf is the steady state under the step (solved directly). tau is -1/slope of
    ln[(V(t) - V_inf) / (V_rest - V_inf)] fitted where that fraction falls from
    ``fit_fractions[0]`` to ``fit_fractions[1]``, late enough that the faster (equalising)
    components of a cable have died away. For an isopotential passive cell tau = R_m C_m.
    eFEL's equivalent is ``time_constant`` (registered as measurement ``tau``, which gives
    NaN for an oscillating response instead of raising).
    """
    res = time_constant_result(cell, site=site, step_mV=step_mV, fit_fractions=fit_fractions,
                               atol=atol)
    _refuse_oscillation(cell, res, step_mV)
    return res.tau_ms

