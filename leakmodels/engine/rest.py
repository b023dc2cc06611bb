"""A cell's rest: the steady state with no input, checked to be stable and physical, found
once per membrane state and kept on the cell.

`rest(cell)` is that state; every measurement reuses it until the membrane changes (a new MembraneSpec, a mechanism
inserted or removed, nseg changed) or stops being a steady state (a parameter changed by
hand: one iteration from the kept state tells). Stability is decided once per rest by
`leakmodels.engine.stability` (a small-gain certificate from the linearisation, else a probe). Where
the direct solve finds no steady state, the cell is let settle from its leak rest with
CVODE and solved from there. A cell with no stable rest (it fires on its own) raises
`NoRestError`, quickly, with the reason; the verdict is kept too.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

import numpy as np

from ..mechanisms.loading import h
from .cellstate import layout_for, na_k_pool_states
from .nrnglobals import CVODE
from .physical import LEAK_FIX, check_physical, conducting_mechanisms, has_no_leak
from .runner import Simulation, v_guess
from .solver import STILL_TOL_MV, SteadyRun, solve, still_steady
from .stability import CERTIFY_MARGIN, probe, small_gain_rho
from .steadystate import NoLeakError, NoRestError, SettleError, SteadyState
from .stimuli import CurrentStep

SETTLE_CHUNK_MS = 20.0  # rest() where the direct solve fails: CVODE in chunks of this,
SETTLE_STILL_MV = 1e-3  # until no segment moves more than this in one (then solve from there),
SETTLE_MAX_MS = 5000.0  # for at most this long,
FIRING_WINDOW_MS = 100.0  # and not if it spikes in each of three successive windows this long


def _settled_by_cvode(cell) -> np.ndarray:
    """The cell's state after it has settled from its analytic leak rest, run with CVODE in
    SETTLE_CHUNK_MS chunks until no segment moves by SETTLE_STILL_MV in one. A cell that
    spikes in each of three successive FIRING_WINDOW_MS windows fires on its own: SettleError
    (a spike or a few on the way into depolarisation block are not firing)."""
    with Simulation(cell, start=v_guess(cell), integrator=CVODE.with_(atol=1e-5)) as sim:
        t, last = 0.0, sim.v_mV()
        while t < SETTLE_MAX_MS:
            t += SETTLE_CHUNK_MS
            sim.advance(t)
            now = sim.v_mV()
            window = int((t - 1e-9) // FIRING_WINDOW_MS)
            spikes = sim.spikes_ms
            firing = sorted({int(x // FIRING_WINDOW_MS) for x in spikes})
            if len(firing) >= 3 and firing[-3:] == list(range(window - 2, window + 1)):
                raise SettleError(f"{cell.name}: it fires with no input ({len(spikes)} spikes "
                                  f"in {t:.0f} ms from its leak rest)")
            if np.max(np.abs(now - last)) < SETTLE_STILL_MV and not (spikes.size and spikes[-1] > t - SETTLE_CHUNK_MS):
                return sim.state()
            last = now
    raise SettleError(f"{cell.name}: still moving after {SETTLE_MAX_MS:.0f} ms with no input")


def _stable_elsewhere(cell, ss) -> SteadyState | None:
    """A stable steady state other than `ss` (found unstable): the one CVODE settles to from
    the leak rest, solved from there. A cell near a fold has several steady states and the
    direct solve can land on the middle, unstable one while the cell rests at another. None
    when the cell fires on its own, settles back to `ss`, or settles to no stable state."""
    try:
        other = solve(cell, start=_settled_by_cvode(cell), march=True)
    except SettleError:
        return None
    if np.max(np.abs(other.v_all_mV - ss.v_all_mV)) < SETTLE_STILL_MV:
        return None
    stable, _ = probe(cell, other)
    return other if stable else None


def start_state(cell, start):
    """What a run's `start` stands for: 'rest' is the cell's rest (a SteadyState, which the
    runner leaves the cell at); a potential (mV) or a state vector is passed on as it is."""
    if isinstance(start, str):
        if start != "rest":
            raise ValueError(f"start={start!r}: use 'rest', a potential in mV or a state vector.")
        return rest(cell)
    return start


def _key(cell) -> tuple:
    return (cell.membrane, cell.celsius_degC)


def rest(cell) -> SteadyState:
    """The cell's stable rest (no input), found once and reused; `NoRestError` if none:
    `NoLeakError` if its spec has no leak and no rest was found (with no gated channels
    either, none is looked for; a solve that ended outside the reversal range, where every
    gated channel is shut, is one of these), `UnphysicalStateError` if the solve of a cell
    with a leak ended outside the reversal range."""
    if cell.celsius_degC is None:
        raise ValueError(f"{cell.name} has no membrane: build it with a leakmodels builder.")
    h.fcurrent()  # pending structure changes update NEURON's count (states untouched)
    if not has_no_leak(cell):
        return _rest(cell)
    gated = sorted(conducting_mechanisms(cell))
    what = ("no kleak, naleak or other leak on any segment; "
            + (f"only gated {', '.join(gated)}" if gated else "no gated channels"))
    fix = LEAK_FIX
    if not gated:  # (no leak either: nothing conducts)
        raise NoLeakError(f"{cell.name}: no leak: the membrane has no resting conductance "
                          f"({what}), so no potential is its rest. {fix}")
    try:
        return _rest(cell)
    except NoRestError as exc:
        why = str(exc).replace(f" {fix}", "")  # the fix is said once, at the end
        raise NoLeakError(f"{cell.name}: no leak: the membrane has no resting conductance "
                          f"({what}) and its gated channels alone hold no rest ({why}). "
                          f"{fix}") from None


def _kept(cell, layout):
    """The rest kept on the cell if it was found for its present membrane and structure
    (whether it is still a steady state is for the caller to check), else None."""
    kept = cell._rest
    return kept if kept is not None and kept.key == _key(cell) and kept.layout is layout else None


@contextmanager
def at_rest(cell, stimuli):
    """(an open SteadyRun with `stimuli`, all at zero level, and the cell's rest as `rest`
    gives it). A kept stable rest is confirmed with one iteration inside the run's own
    session, so that a measurement about the rest costs one set-up, not two."""
    if any(not isinstance(st, CurrentStep) or st.amp_nA != 0 for st in stimuli):
        raise ValueError("at_rest: the stimuli of a run about the rest are all at zero.")
    if cell._rest is not None:
        with SteadyRun(cell, stimuli) as run:  # (its World applies pending structure changes)
            kept = _kept(cell, run.sim.layout)
            if kept is not None and kept.stable and run.moved(kept.y) <= STILL_TOL_MV:
                run.sim.set_state(kept.y)
                yield run, kept
                return
    base = rest(cell)
    with SteadyRun(cell, stimuli) as run:
        yield run, base


def _rest(cell) -> SteadyState:
    layout = layout_for(cell)
    kept = _kept(cell, layout)
    if kept is not None and still_steady(cell, kept):
        if not kept.stable:
            raise NoRestError(f"{cell.name} has no stable rest: {kept.reason}. {_fix(layout)}")
        return kept
    start = cell._rest.y if cell._rest is not None and cell._rest.layout is layout else None
    try:
        with SteadyRun(cell) as run:  # solve, and certify in the same session
            ss = run.solve(start, march=False)
            rho = small_gain_rho(cell, ss, run) if layout.has_gates else 0.0
    except SettleError:
        rho = None
        try:  # the direct solve failed: let the cell settle, then solve from there
            ss = solve(cell, start=_settled_by_cvode(cell), march=True)
        except SettleError as exc:
            cell._rest = None
            raise NoRestError(f"{cell.name} has no stable rest ({exc}) {_fix(layout)}") from None
    if rho is not None and rho < CERTIFY_MARGIN:
        stable, reason, how = True, "", f"small-gain certificate (rho = {rho:.2g})"
    else:
        stable, reason = probe(cell, ss)
        how = "probe" + (f" (small-gain rho = {rho:.2g})" if rho is not None else "")
        if not stable:
            other = _stable_elsewhere(cell, ss)
            if other is not None:  # the solve had landed on an unstable one of several
                ss, stable, reason = other, True, ""
                how = "probe, of the steady state CVODE settles to (the one solved first is unstable)"
    ss = replace(ss, stable=stable, key=_key(cell), reason=reason, stability=how)
    check_physical(cell, ss)
    cell._rest = ss
    if not stable:
        raise NoRestError(f"{cell.name} has no stable rest: {reason}. {_fix(layout)}")
    layout.scatter(ss.y)
    return ss


_FIX = ("Lower the nav or hcn densities or the pump, raise the K+ leak, or measure it under a holding "
        "current.")
_FIX_ACCUMULATING = (
    "Its ion concentrations are states (accumulate_ions or volume_follows_osmosis): ions "
    "shift until the pump balances "
    "the leaks, over hours, and every amount of Na+ + K+ inside has a steady state of its own, "
    "so there is no single rest to solve. Measure it at fixed concentrations "
    "(accumulate_ions=False, volume_follows_osmosis=False), or follow it in time "
    "(measure.ionbudget.run_accumulating).")


def _fix(layout) -> str:
    return _FIX_ACCUMULATING if na_k_pool_states(layout.names) else _FIX

