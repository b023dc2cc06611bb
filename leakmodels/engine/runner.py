"""The one trial runner: every simulation leakmodels makes goes through `Simulation`.

A `Simulation` is one run of one cell, described before it starts:

* `start`: a `SteadyState` of the cell (its rest from `leakmodels.engine.rest.rest`, say: the
  run starts there and the cell is left there), a potential in mV (NEURON's initialisation
  there: every gate at its steady state for that potential), or a state vector of the cell
  (`StateLayout` order);
* `stimuli`: descriptions from `leakmodels.engine.stimuli`;
* `records`: `Record`s of a range variable of a segment or of a stimulus, at every step of
  the cell's integrator (or interpolated from those at fixed times);
* `integrator`: `nrnglobals.CVODE` (default: variable step, one integrator per cell) or a
  fixed step (the steady-state solver's backward Euler);
* a spike detector (on in every run in time, i.e. with CVODE; the steady-state solver's
  steps are iterations, not time): upward crossings of `spike_threshold_mV` at `spike_site`,
  detected by NEURON itself (a NetCon), optionally stopping the run at the first one. A
  user's own NetCons on that potential keep their threshold and record callback (`_Relay`).

On entry the runner sets NEURON's globals for the run (`nrnglobals.settings`), keeps every
other cell as it was (`cellstate.World`), builds stimuli and recordings and initialises;
`advance(t_ms)` integrates and checks that `h.t` ended where asked (or at the stopping spike);
on exit every object it made is removed, the globals and the other cells are restored, and a
cell started from a steady state is left at that state. Cells other than the one simulated are not
integrated with it in any way that changes its numbers: with local time steps each cell has
its own integrator.
"""
from __future__ import annotations

import math
from contextlib import ExitStack
from dataclasses import dataclass

import numpy as np

from ..cell.cell import cell_arg
from ..mechanisms.loading import h
from .cellstate import World, free_after_next_initialize, layout_for
from .interrupts import deferred
from .nrnglobals import CVODE, STEADY, Integrator, settings, solve_to
from .steadystate import SteadyState
from .stimuli import CurrentWaveform, attached, stimuli_arg


def v_guess(cell) -> float:
    """Where NEURON initialises a run that starts from no given state: the membrane's
    analytic leak-and-pump rest (mV); for an adopted cell (no MembraneSpec), its model's own
    initial potential (h.v_init when adopted)."""
    mem = cell.membrane
    if mem is not None:
        return mem.leak_rest_mV()
    return cell.v_init_mV if cell.v_init_mV is not None else -65.0


@dataclass(frozen=True)
class Record:
    """What to record: range variable `var` ('v', 'i_cap', 'ina', 'nai', ...) of segment
    `site` (None: the default site), or variable `var` ('i') of stimulus number `stimulus`;
    at every integrator step (times_ms None) or at the given times (ms)."""

    var: str = "v"
    site: object = None
    stimulus: int | None = None
    times_ms: tuple | None = None


def netcons_watching(seg) -> list:
    """The NetCons whose source is the membrane potential of segment `seg` (a user's
    synapses or spike recorders). NEURON gives all of them one PreSyn: one threshold and one
    record callback, which a second NetCon there would overwrite."""
    netcons = h.List("NetCon")
    if netcons.count() == 0:
        return []
    return [nc for nc in netcons if nc.pre() is None and nc.preseg() == seg]


class _Relay:
    """The spike detector where a user's NetCons already watch the spike site's v: a NetCon
    on that v (sharing their PreSyn, whose threshold it sets for the run and gives back after)
    delivers each crossing, with no delay, to an IntFire1 that fires at once (weight 2 > 1),
    and a NetCon from the IntFire1, with a PreSyn of its own, records it. Their own record
    callback is left alone. On release both NetCons are switched off and, since the
    IntFire1's refractory self-event may still be queued, kept until the next
    initialisation."""

    def __init__(self, seg, threshold_mV, on_spike, theirs):
        self.theirs, self.their_threshold = theirs[0], theirs[0].threshold
        self.cell = h.IntFire1()
        self.cell.tau, self.cell.refrac = 1e9, 1e-3  # ms: no decay; spikes come >1e-3 ms apart
        self.into = h.NetCon(seg._ref_v, self.cell, sec=seg.sec)
        self.into.threshold, self.into.delay, self.into.weight[0] = threshold_mV, 0.0, 2.0
        self.out = h.NetCon(self.cell, None)
        self.out.record(on_spike)

    def release(self):
        self.into.active(False)
        self.out.active(False)
        self.theirs.threshold = self.their_threshold
        free_after_next_initialize(self.into, self.out, self.cell)


class Simulation:
    """One run of one cell (see the module docstring). Use as a context manager."""

    def __init__(self, cell, *, start, stimuli=(), records=(), integrator: Integrator = CVODE,
                 spike_site=None, spike_threshold_mV: float = 0.0, stop_at_spike: bool = False):
        cell_arg(cell)
        if cell.celsius_degC is None:
            raise ValueError(f"{cell.name} has no membrane: build it with a leakmodels builder.")
        self.cell = cell
        self.start = start
        self.stimuli = stimuli_arg(stimuli)
        self.records = tuple(records)
        self.integrator = integrator
        self.spike_site = cell.resolve_site(spike_site)
        self.spike_threshold_mV = float(spike_threshold_mV)
        self.stop_at_spike = bool(stop_at_spike)
        self._stack = None

    # --- life ------------------------------------------------------------------------------
    def __enter__(self):
        start_y, keep_rest = self._start_state()
        stack = ExitStack()
        try:
            stack.enter_context(settings(self.cell.celsius_degC, self.integrator))
            # stimuli and recordings are released inside the World, so that a played
            # waveform's events are purged from NEURON's queue (World(purge=True)) before
            # anything they point at is freed
            self._spikes, self._detector = [], None
            if self.integrator.method == "cvode" or self.stop_at_spike:  # steady steps: not time
                self._make_detector()
                stack.callback(self._drop_detector)
            world = stack.enter_context(World(self.cell, purge=any(
                isinstance(s, CurrentWaveform) for s in self.stimuli),
                steady=self.integrator is STEADY))
            self.objects = stack.enter_context(attached(self.cell, self.stimuli))
            self._make_records()
            stack.callback(self._drop_records)
            self.layout = layout_for(self.cell)
            v0 = float(self.start) if isinstance(self.start, (int, float)) else v_guess(self.cell)
            world.initialize(v0, self.layout)
            if start_y is not None:
                self.layout.scatter(start_y)
                if keep_rest:
                    world.keep(self.layout, start_y)
            if self.integrator.method == "cvode":
                h.cvode.re_init()
            self._fix_first_samples()
        except BaseException:
            stack.close()
            raise
        self._stack = stack
        return self

    def __exit__(self, *exc):
        if self._stack is not None:
            self._stack.close()
            self._stack = None
        return False

    def _start_state(self):
        """(state vector to start from or None, whether the cell is left there)."""
        if isinstance(self.start, SteadyState):
            return self.start.y, True
        if isinstance(self.start, str):
            raise ValueError(f"start={self.start!r}: the runner starts from a SteadyState (the "
                             "cell's rest: leakmodels.engine.rest.rest(cell)), a potential in mV "
                             "or a state vector.")
        if isinstance(self.start, (int, float)) and not isinstance(self.start, bool):
            if not math.isfinite(self.start):
                raise ValueError(f"start={self.start!r} is not a potential in mV.")
            return None, False
        y = np.asarray(self.start, dtype=float)
        if y.ndim != 1:
            raise ValueError("start: a state vector is one-dimensional (StateLayout order).")
        return y, False

    # --- recordings and the spike detector ----------------------------------------------------
    def _ref(self, rec: Record):
        """(pointer, section it belongs to or None)."""
        if rec.stimulus is not None:
            return getattr(self.objects[rec.stimulus], f"_ref_{rec.var}"), None
        seg = self.cell.resolve_site(rec.site)
        return getattr(seg, f"_ref_{rec.var}"), seg.sec

    def _make_records(self):
        # Every record samples every step of the integrator; fixed sample times are
        # interpolated afterwards. (NEURON's own fixed-time recording leaves events in the
        # queue that point at the record's vectors after they are freed: a later SaveState
        # then crashes.)
        self._vectors = []
        cvode = self.integrator.method == "cvode"
        for rec in self.records:
            ref, sec = self._ref(rec)
            yvec, tvec = h.Vector(), h.Vector()
            if cvode and sec is not None:
                h.cvode.record(ref, yvec, tvec, sec=sec)
            elif cvode:
                h.cvode.record(ref, yvec, tvec)
            else:
                yvec.record(ref)
                tvec.record(h._ref_t)
            times = None if rec.times_ms is None else np.asarray(rec.times_ms, dtype=float)
            self._vectors.append((ref, tvec, yvec, times))

    def _drop_records(self):
        for _, tvec, yvec, _ in self._vectors:
            if self.integrator.method == "cvode":
                h.cvode.record_remove(yvec)
            yvec.play_remove()
            tvec.play_remove()
            free_after_next_initialize(tvec, yvec)
        self._vectors = []

    def _drop_detector(self):
        detector, self._detector = self._detector, None
        if isinstance(detector, _Relay):
            detector.release()

    def _fix_first_samples(self):
        """Samples taken at t = 0 by the initialisation predate the start state: rewrite them."""
        for ref, tvec, yvec, _ in self._vectors:
            if yvec.size():
                yvec.x[0] = ref[0]

    def _make_detector(self):
        seg = self.spike_site

        def on_spike():
            self._spikes.append(float(h.t))
            if self.stop_at_spike:
                h.stoprun = 1

        theirs = netcons_watching(seg)
        if theirs:  # a user's NetCon on this v: its PreSyn (threshold, record) is not ours
            self._detector = _Relay(seg, self.spike_threshold_mV, on_spike, theirs)
            return
        nc = h.NetCon(seg._ref_v, None, sec=seg.sec)
        nc.threshold = self.spike_threshold_mV
        nc.record(on_spike)
        self._detector = nc

    # --- running ---------------------------------------------------------------------------
    def advance(self, t_ms: float) -> bool:
        """Integrate to t_ms. True if the run got there; False if the first spike stopped it
        (stop_at_spike). Checks that h.t ended where it should have."""
        h.stoprun = 0
        with deferred():
            if self.integrator.method == "cvode":
                return solve_to(t_ms, allow_early_stop=self.stop_at_spike)
            while h.t < t_ms - 0.5 * h.dt:
                h.fadvance()
        if abs(h.t - t_ms) > 1e-6 * max(1.0, h.dt):
            raise RuntimeError(f"fixed steps ended at t = {h.t!r} ms, not {t_ms!r} ms")
        return True

    def step(self) -> None:
        """One step of the fixed-step integrator (the steady-state solver's iteration)."""
        if self.integrator.method != "fixed":
            raise RuntimeError("step() is for the fixed-step integrator; use advance(t_ms).")
        with deferred():
            h.fadvance()

    @property
    def t_ms(self) -> float:
        return float(h.t)

    @property
    def spikes_ms(self) -> np.ndarray:
        return np.array(self._spikes)

    @property
    def stopped_by_spike(self) -> bool:
        return self.stop_at_spike and bool(self._spikes)

    def trace(self, k: int = 0) -> tuple:
        """(t_ms, values) of record number k as numpy arrays (copies): every integrator step,
        or, for a record with times_ms, linearly interpolated at those of its times reached."""
        _, tvec, yvec, times = self._vectors[k]
        y = np.array(yvec)
        t = np.array(tvec)[: y.size]
        if times is None:
            return t, y
        reached = times[times <= (t[-1] if t.size else -1.0) + 1e-9]
        return reached, np.interp(reached, t, y)

    def clear_traces(self) -> None:
        """Drop what has been recorded so far (long runs read and clear chunk by chunk)."""
        for _, tvec, yvec, _ in self._vectors:
            yvec.resize(0)
            tvec.resize(0)

    def state(self) -> np.ndarray:
        return self.layout.gather()

    def set_state(self, y) -> None:
        self.layout.scatter(y)

    def v_mV(self) -> np.ndarray:
        """Membrane potential of every segment of the cell now."""
        return self.layout.v_of(self.layout.gather())
