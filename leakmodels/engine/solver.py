"""Steady states solved directly: the solver and the session that reuses one set-up.

`solve(cell, stimuli)` finds the state at which nothing in the cell moves while constant
stimuli (a current step held for ever, a voltage clamp) are on. It does not integrate for
seconds until the cell looks still; it solves for the fixed point. Each iteration is one
backward-Euler step with dt = 1e9 ms (the steady-state initialisation of The NEURON Book,
chapter 8): NEURON's own implicit step then solves the linearised current balance of every
segment at once, with every gate at its steady state for the potentials of the previous
iteration (cnexp gates relax completely in such a step). At a rest this contracts the error
about a hundred-fold per iteration; Anderson mixing of the last few iterations makes it
converge also where the plain iteration crawls (near threshold, where the steady-state I-V
folds over) or overshoots.
It has converged when no potential moves by more than `TOL_MV` and no other state by more
than TOL_MV / GATE_WEIGHT in one iteration. Where that map fails (it cycles at depolarised
equilibria whose gating feedback outweighs the instantaneous conductance, such as
depolarisation block), pseudo-transient continuation takes over: backward-Euler steps of
growing dt, which reach a stable steady state the way the cell would, then the mixing.
`SteadyRun` keeps one NEURON session open for a family of solves (the two sides of an input
resistance, a clamped I-V).
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..mechanisms.loading import h
from .cellstate import layout_for
from .nrnglobals import STEADY
from .runner import Simulation, v_guess
from .steadystate import SettleError, SteadyState
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
V_LIMIT_MV = 500.0      # a potential beyond this: the iteration diverged
STILL_TOL_MV = 1e-8     # a kept rest is still a steady state if one iteration moves it less


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
        measure.passive.input_resistance), False freezes them (compute(0, 0): exact for a
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

