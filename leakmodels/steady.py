"""Steady states solved directly, and a cell's rest, found once per membrane state.

`solve(cell, stimuli)` finds the state at which nothing in the cell moves while constant
stimuli (a current step held for ever, a voltage clamp) are on. It does not integrate for
seconds until the cell looks still; it solves for the fixed point. Each iteration is one
backward-Euler step with dt = 1e9 ms (the steady-state initialisation of The NEURON Book,
chapter 8): NEURON's own implicit step then solves the linearised current balance of every
segment at once, with every gate at its steady state for the potentials of the previous
iteration (cnexp gates relax completely in such a step). At a rest this contracts the error
about a hundred-fold per iteration; Anderson mixing of the last few iterations makes it converge also where the
plain iteration crawls (near threshold, where the steady-state I-V folds over) or
overshoots.
It has converged when no potential moves by more than `TOL_MV` and no other state by more
than TOL_MV / GATE_WEIGHT in one iteration. Where that map fails (it cycles at depolarised
equilibria whose gating feedback outweighs the instantaneous conductance, such as
depolarisation block), pseudo-transient continuation takes over: backward-Euler steps of
growing dt, which reach a stable steady state the way the cell would, then the mixing.

`rest(cell)` is the steady state with no input, checked to be stable, and kept on the cell:
every measurement reuses it until the membrane changes (a new MembraneSpec, a mechanism
inserted or removed, nseg changed) or stops being a steady state (a parameter changed by
hand: one iteration from the kept state tells). Stability is decided once per rest by
`leakmodels.stability` (a small-gain certificate from the linearisation, else a probe). Where
the direct solve finds no steady state, the cell is let settle from its leak rest with
CVODE and solved from there. A cell with no stable rest (it fires on its own) raises
`NoRestError`, quickly, with the reason; the verdict is kept too.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np

from .cellstate import StateLayout, layout_for
from .nrn import h
from .nrnglobals import CVODE, STEADY
from .runner import Simulation, v_guess
from .stability import CERTIFY_MARGIN, probe, small_gain_rho
from .stimuli import CurrentStep, VoltageClamp, set_level

TOL_MV = 1e-10
GATE_WEIGHT = 100.0     # a gate moving by 0.01 counts as 1 mV in the convergence test
MAX_ITER = 400
ANDERSON_DEPTH = 6
SLOW_RATIO = 0.1        # plain iteration contracting less than 10-fold per step: mix
ANDERSON_FROM_MV = 5.0  # ... once it is this close (the mixing is a local method)
STALL = 40              # iterations without a better residual: there is no steady state
MARCH_DT0_MS = 0.05     # pseudo-transient continuation (where the dt = 1e9 ms map fails):
MARCH_DT_MAX_MS = 1e4   # its first and largest time steps,
MARCH_MAX_MS = 2e4      # how long it may take,
MARCH_MAX_STEPS = 4000
MARCH_HANDOVER_MV = 1e-4  # and the change per step at which the mixing takes over;
MARCH_CAP_CREEP = 1.02    # a step that sped up is taken again with half its dt, and dt stays
                          # below it (the cap grows back 2 % a settling step): the step is
                          # unstable past a dt limit, and crossing it kicks the cell away
SETTLE_CHUNK_MS = 20.0  # rest() where the direct solve fails: CVODE in chunks of this,
SETTLE_STILL_MV = 1e-3  # until no segment moves more than this in one (then solve from there),
SETTLE_MAX_MS = 5000.0  # for at most this long,
FIRING_WINDOW_MS = 100.0  # and not if it spikes in each of three successive windows this long
V_LIMIT_MV = 500.0      # a potential beyond this: the iteration diverged
STILL_TOL_MV = 1e-8     # a kept rest is still a steady state if one iteration moves it less


class SettleError(RuntimeError):
    """No steady state could be found (the cell fires, drifts, or the iteration diverged)."""


class NoRestError(SettleError):
    """The cell has no stable resting state: it fires on its own (or drifts) with no input."""


class NoLeakError(NoRestError):
    """The membrane has no resting conductance: every potential is (or none is) a steady state."""


class UnphysicalStateError(NoRestError):
    """A solve ended at potentials the cell's reversal potentials cannot reach."""


# A steady state lies where the membrane currents cancel; every passive current reverses
# between E_K and E_Na, and the only other current, the pump's (at most 1 mA/cm2,
# leakmodels.checks.BOUNDS), can hold V only a bounded distance beyond them. A solution more
# than REVERSAL_MARGIN_MV outside [min E, max E] is a numerical artefact, never a cell.
# Without a pump current, and with only leakmodels' own channels, every current reverses
# inside the range: a state more than NO_PUMP_MARGIN_MV (the solver's tolerance, with room)
# outside it is an artefact too (measured: a cell with only nav and kdr "settled" at -158 mV,
# 47 mV below E_K, where both are shut to 1e-27 S/cm2 and their currents round to nothing).
REVERSAL_MARGIN_MV = 100.0
NO_PUMP_MARGIN_MV = 1.0
LEAK_FIX = "Give it a K+ leak, e.g. MembraneSpec(pk_cm_s=8.5e-7)."


def reversal_range_mV(cell) -> tuple:
    """(lowest, highest) reversal potential of the cell's currents: E_K and E_Na (hcn's lies
    between them), and E_Ca where the AHP's Ca2+ current is painted."""
    mem = cell.membrane
    rev = [mem.ek_mV, mem.ena_mV] + ([mem.eca_mV] if mem.gca_soma_S_cm2 > 0 else [])
    return min(rev), max(rev)


# mechanisms that carry no membrane conductance (the pump's current does not depend on V),
# and those whose conductance is all gated (no leak in them)
_NON_CONDUCTING = {"nakpump", "nakacc", "k_ion", "na_ion", "ca_ion", "capacitance", "morphology"}
_GATED_ONLY = {"nav", "kdr", "hcn", "ahp", "km"}
_OWN_CONDUCTING = _GATED_ONLY | {"kleak", "naleak"}


def _conducting(cell):
    """Yield, once each and as found, the names of the mechanisms that give the cell's
    membrane a conductance somewhere, read from its segments as they stand (kleak and naleak
    count only where their permeability is above zero; mechanisms inserted by hand count). A
    mechanism is inserted in a whole section, so one segment per section names them; only
    the permeabilities are per segment. Lazy: a caller that needs only the first stops early."""
    seen = set()
    for sec in cell.sections:
        for mech in sec(0.5):
            name = mech.name()
            if name in _NON_CONDUCTING or name in seen:
                continue
            if name == "kleak" and not any(seg.kleak.pbar * seg.kleak.fopen > 0 for seg in sec):
                continue
            if name == "naleak" and not any(seg.naleak.pbar > 0 for seg in sec):
                continue
            seen.add(name)
            yield name


def conducting_mechanisms(cell) -> set:
    """Names of the mechanisms that give the cell's membrane a conductance somewhere."""
    return set(_conducting(cell))


def has_no_leak(cell) -> bool:
    """True if nothing but gated channels (nav, kdr, hcn, ahp, km) conducts anywhere on the cell."""
    return all(name in _GATED_ONLY for name in _conducting(cell))


def has_no_conductance(cell) -> bool:
    """True if nothing conducts: its I-V is flat, R_in is infinite and no potential is its rest."""
    return next(_conducting(cell), None) is None


def reversal_margin_mV(cell) -> float:
    """How far beyond the reversal range a steady potential may lie: REVERSAL_MARGIN_MV where
    a pump current flows or a mechanism inserted by hand conducts, else NO_PUMP_MARGIN_MV."""
    if (cell.membrane.pump_current_mA_cm2() > 0
            or any(name not in _OWN_CONDUCTING for name in _conducting(cell))):
        return REVERSAL_MARGIN_MV
    return NO_PUMP_MARGIN_MV


def check_physical(cell, ss) -> None:
    """UnphysicalStateError if any potential of `ss` lies outside the reversal range."""
    lo, hi = reversal_range_mV(cell)
    margin = reversal_margin_mV(cell)
    v = ss.v_all_mV
    bad = v[(v < lo - margin) | (v > hi + margin)]
    if bad.size:
        why, fix = (("for the pump", "Lower the pump current or raise the leaks.")
                    if margin == REVERSAL_MARGIN_MV else
                    ("no pump current flows: nothing can hold V beyond them", LEAK_FIX))
        raise UnphysicalStateError(
            f"{cell.name}: the steady state reached {bad[0]:.4g} mV, outside what its reversal "
            f"potentials allow ({lo:.1f} to {hi:.1f} mV, +-{margin:.0f} mV {why}): there is no "
            f"physical steady state. {fix}")


@dataclass(frozen=True, eq=False)
class SteadyState:
    """A solved steady state: every state of the cell (`layout` order) and how it was found."""

    y: np.ndarray
    layout: StateLayout
    iterations: int
    residual_mV: float
    stimuli: tuple = ()
    clamp_currents_nA: tuple = ()   # holding current of each VoltageClamp, nA (depolarising > 0)
    stable: bool | None = None
    key: tuple | None = None
    reason: str = ""
    stability: str = ""  # how stability was decided (leakmodels.stability)

    def v_mV(self, seg) -> float:
        """Potential (mV) of segment `seg` in this state."""
        return float(self.y[self.layout.site_index(seg)])

    @property
    def v_all_mV(self) -> np.ndarray:
        return self.layout.v_of(self.y)


def _diverged(sim, y, k):
    # one reduction: potentials, gates (0..1) and concentrations are all far below the
    # limit; NaN fails the comparison too
    if not np.max(np.abs(y)) < V_LIMIT_MV:
        raise SettleError(f"{sim.cell.name}: the steady-state iteration diverged (step {k}): "
                          "there is no steady state near this one.")


def _iterate(sim: Simulation, tol_mV: float, max_iter: int) -> tuple:
    """Fixed point of the backward-Euler map G (one step with dt = 1e9 ms), Anderson-mixed.

    Far from the fixed point the plain iteration is used (each step is a Newton step in
    the potentials with the gates relaxed; a step that increases the change is halved).
    Once it contracts slowly (less than 1/SLOW_RATIO per step, within ANDERSON_FROM_MV),
    each new iterate is the combination of the last ANDERSON_DEPTH + 1 outputs of G that
    minimises the linearised residual (Anderson 1965; Walker & Ni 2011). The error of the
    plain iteration lives in the span of the gated states (its matrix is
    -J_inst^-1 G_gates), a few directions in these cells, which the mixing removes within a
    few steps even where the plain iteration crawls (near a fold). Safeguards: a residual
    ten times the best one so far restarts from the best state; no progress for STALL
    iterations means there is no steady state to find.
    """
    layout = sim.layout
    y = sim.state()
    weight = np.full(layout.size, GATE_WEIGHT)
    weight[layout.v_index] = 1.0
    hist_g, hist_f = [], []
    best = (np.inf, y, None, 0)  # (err, y, G(y), k)
    accelerate, previous, err = False, np.inf, np.inf
    for k in range(1, max_iter + 1):
        sim.step()
        g = sim.state()
        _diverged(sim, g, k)
        f = (g - y) * weight
        err = float(np.max(np.abs(f)))
        if err <= tol_mV:
            return g, k, err
        if err < best[0]:
            best = (err, y, g, k)
        elif k - best[3] > STALL:
            break
        elif accelerate and err > 10 * best[0]:  # the mixing went astray: restart from the best
            hist_g.clear()
            hist_f.clear()
            accelerate = False
            y = best[2]
            sim.set_state(y)
            previous = best[0]
            continue
        if not accelerate:
            if k >= 3 and err > SLOW_RATIO * previous and err < ANDERSON_FROM_MV:
                accelerate = True
            elif err > previous:  # the plain step overshoots: damp it
                y = y + 0.5 * (g - y)
                sim.set_state(y)
                previous = err
                continue
        previous = err
        if not accelerate:
            y = g
            continue
        hist_g.append(g)
        hist_f.append(f)
        if len(hist_g) > ANDERSON_DEPTH + 1:
            hist_g.pop(0)
            hist_f.pop(0)
        y = g
        if len(hist_g) >= 2:
            d_f = np.diff(np.array(hist_f), axis=0).T
            d_g = np.diff(np.array(hist_g), axis=0).T
            gamma = np.linalg.lstsq(d_f, f, rcond=None)[0]
            y = g - d_g @ gamma
            _diverged(sim, y, k)
        sim.set_state(y)
    raise SettleError(f"{sim.cell.name}: no steady state after {k} iterations (smallest "
                      f"change {best[0]:.3g} mV): the cell fires, oscillates or drifts.")


def _with_level(stim, value):
    if isinstance(stim, CurrentStep):
        return replace(stim, amp_nA=float(value))
    return replace(stim, levels=((stim.levels[0][0], float(value)), *stim.levels[1:]))


class SteadyRun:
    """Steady-state solves of one cell in one NEURON session, with the same electrodes: the
    level of each CurrentStep (nA) or VoltageClamp (mV) can change between solves, so that
    a family of steady states (two sides of an input resistance, a clamped I-V) costs one
    set-up and a few iterations per state."""

    def __init__(self, cell, stimuli=()):
        self.cell = cell
        self.stimuli = tuple(stimuli)

    def __enter__(self):
        self.sim = Simulation(self.cell, start=v_guess(self.cell), stimuli=self.stimuli,
                              integrator=STEADY).__enter__()
        return self

    def __exit__(self, *exc):
        return self.sim.__exit__(*exc)

    def _set(self, levels):
        if levels is None:
            return
        stimuli = list(self.stimuli)
        for k, value in enumerate(levels):
            if value is not None:
                set_level(self.sim.objects[k], stimuli[k], value)
                stimuli[k] = _with_level(stimuli[k], value)
        self.stimuli = tuple(stimuli)

    def solve(self, start=None, levels=None, tol_mV: float = TOL_MV,
              max_iter: int = MAX_ITER, march: bool = True) -> SteadyState:
        """The steady state with the stimuli at `levels` (None: as they are), iterated from
        the state vector `start` (None: the present state). march=False: no pseudo-transient
        continuation when the direct iteration fails (SettleError at once; for callers that
        only want to know whether a nearby steady state exists)."""
        self._set(levels)
        y0 = self.sim.state() if start is None else np.asarray(start, dtype=float)
        self.sim.set_state(y0)
        try:
            y, k, err = _iterate(self.sim, tol_mV, max_iter)
        except SettleError:
            if not march:
                raise
            self.sim.set_state(y0)
            y, k, err = self._march(tol_mV, max_iter)
        clamps = ()
        if any(isinstance(st, VoltageClamp) for st in self.stimuli):
            h.fcurrent()  # clamp currents at the converged state
            clamps = tuple(float(obj.i) for obj, st in zip(self.sim.objects, self.stimuli)
                           if isinstance(st, VoltageClamp))
        return SteadyState(y, self.sim.layout, k, err, self.stimuli, clamps)

    def _march(self, tol_mV: float, max_iter: int) -> tuple:
        """Pseudo-transient continuation, where the dt = 1e9 ms map fails (it cycles at
        depolarised equilibria whose gating feedback outweighs the instantaneous
        conductance): backward-Euler time steps whose dt grows 1.5-fold while the rate of
        change falls and halves when it rises, which reaches a *stable* steady state the way
        the cell itself would; then the mixing at the last dt finishes the solve. A step
        whose rate rose is rejected and taken again with half the dt, and dt is capped below
        it (the cap creeps back up by MARCH_CAP_CREEP a settling step): NEURON's step is
        implicit in V but not in the V-gate coupling, so past some dt it is unstable, and
        a dt grown past that limit kicked a bistable interneuron (K+ leak x0.1: block at
        -28.5 mV, where CVODE settles, or spiking) out of its block into spiking. A cell
        with no stable steady state does not settle within MARCH_MAX_MS: SettleError."""
        weight = np.full(self.sim.layout.size, GATE_WEIGHT)
        weight[self.sim.layout.v_index] = 1.0
        y, dt, t, rate = self.sim.state(), MARCH_DT0_MS, 0.0, np.inf
        dt_cap, steps = MARCH_DT_MAX_MS, 0
        try:
            while t < MARCH_MAX_MS and steps < MARCH_MAX_STEPS:
                h.dt = dt
                self.sim.step()
                steps += 1
                g = self.sim.state()
                _diverged(self.sim, g, steps)
                change = float(np.max(np.abs(g - y) * weight))
                new_rate = change / dt
                if new_rate >= rate and dt > MARCH_DT0_MS:
                    # faster: the cell's own dynamics, or this dt past the scheme's limit;
                    # the step is taken again with half the dt, and dt stays below this one
                    self.sim.set_state(y)
                    h.t -= dt
                    dt_cap = max(dt / 1.5, MARCH_DT0_MS)
                    dt = max(dt / 2, MARCH_DT0_MS)
                    continue
                y, t, rate = g, t + dt, new_rate
                if change < MARCH_HANDOVER_MV:
                    break
                dt_cap = min(dt_cap * MARCH_CAP_CREEP, MARCH_DT_MAX_MS)
                dt = min(dt * 1.5, dt_cap)
            else:
                raise SettleError(f"{self.cell.name}: still moving after {t:.0f} ms of simulated "
                                  "time: no stable steady state (it oscillates or drifts).")
            y, k, err = _iterate(self.sim, tol_mV, max_iter)
        finally:
            h.dt = STEADY.dt_ms
        return y, steps + k, err

    def moved(self, y) -> float:
        """How far one iteration from state `y` moves it (weighted as in the convergence test)."""
        self.sim.set_state(y)
        self.sim.step()
        moved = np.abs(self.sim.state() - y)
        weight = np.full(moved.size, GATE_WEIGHT)
        weight[self.sim.layout.v_index] = 1.0
        return float(np.max(moved * weight))

    def impedance_MOhm(self, site, y, extended: bool = False) -> float:
        """NEURON's Impedance at DC in state `y`: extended=True includes the gates
        (compute(0, 1): wrong in NEURON 9.0.2 wherever the passive membrane varies, see
        measurements.input_resistance), False freezes them (compute(0, 0): exact for a
        passive membrane; used to size steps)."""
        self.sim.set_state(y)
        h.fcurrent()
        imp = h.Impedance()
        imp.loc(site.x, sec=site.sec)
        imp.compute(0, 1 if extended else 0)
        return float(imp.input(site.x, sec=site.sec))


def solve(cell, stimuli=(), start=None, tol_mV: float = TOL_MV, max_iter: int = MAX_ITER,
          march: bool = True) -> SteadyState:
    """The steady state of `cell` with `stimuli` held on (see the module docstring).

    start: a state vector to iterate from (a nearby steady state); default NEURON's
    initialisation at the membrane's analytic leak-and-pump rest. march: see SteadyRun.solve.
    """
    with SteadyRun(cell, stimuli) as run:
        return run.solve(start, tol_mV=tol_mV, max_iter=max_iter, march=march)


def still_steady(cell, ss: SteadyState) -> bool:
    """True if one iteration from `ss` (with its stimuli) moves no state by STILL_TOL_MV."""
    if ss.layout is not layout_for(cell):
        return False
    with SteadyRun(cell, ss.stimuli) as run:
        return run.moved(ss.y) <= STILL_TOL_MV


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
            raise NoRestError(f"{cell.name} has no stable rest: {kept.reason}. {_FIX}")
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
            raise NoRestError(f"{cell.name} has no stable rest ({exc}) {_FIX}") from None
    if rho is not None and rho < CERTIFY_MARGIN:
        stable, reason, how = True, "", f"small-gain certificate (rho = {rho:.2g})"
    else:
        stable, reason = probe(cell, ss)
        how = "probe" + (f" (small-gain rho = {rho:.2g})" if rho is not None else "")
    ss = replace(ss, stable=stable, key=_key(cell), reason=reason, stability=how)
    check_physical(cell, ss)
    cell._rest = ss
    if not stable:
        raise NoRestError(f"{cell.name} has no stable rest: {reason}. {_FIX}")
    layout.scatter(ss.y)
    return ss


_FIX = ("Lower the nav or hcn densities or the pump, raise the K+ leak, or measure it under a holding "
        "current.")
