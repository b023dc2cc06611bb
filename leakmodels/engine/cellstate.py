"""Every state variable of one cell, read and written at once: the cell's state vector.

`StateLayout(cell)` lists, in a fixed order, a pointer to each state of the cell: the membrane
potential of every segment, then every STATE of every density mechanism in it (nav's m and h,
kdr's n, hcn's m, any mechanism a user inserted), then the intracellular concentrations that
are states (ions whose concentration a mechanism such as nakacc integrates); and at the end
the potentials of the zero-area nodes at section ends, which NEURON computes from their
neighbours (they are read like the others, so that a site may be a section's end). `gather()` copies
them into a numpy array and `scatter(y)` writes one back, both in C through a NEURON PtrVector,
so that a settled state can be stored and restored without touching any other cell.

A PtrVector's pointers stay valid when NEURON moves its data; `layout_for(cell)` rebuilds the
layout only when the cell's own structure (nseg, mechanisms inserted) has changed.
Point processes (synapses a user attached) are not part of the vector.

Python's cyclic garbage collector is held while a layout is made and while a `World` is
open: a user's cell that is garbage in a reference cycle is freed only when the collector
runs, which can happen at any allocation, and a section freed in the middle of a walk over
NEURON's mechanisms ends it with "mechanism instance became invalid" (or, during a run,
would leave a stored pointer to freed memory).
"""
from __future__ import annotations

import contextlib
import gc
import math

import numpy as np

from ..mechanisms import ions
from ..mechanisms.loading import h, known_mechanisms
from ..spec.checks import ArgumentError

_STATE_NAMES: dict = {}


@contextlib.contextmanager
def collector_held():
    """Python's cyclic garbage collector off inside, as it was after (see the docstring)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def mechanism_states(name: str) -> tuple:
    """Names of a density mechanism's STATE variables as seen on a segment (e.g. 'm_nav')."""
    if name not in _STATE_NAMES:
        ms = h.MechanismStandard(name, 3)
        ref = h.ref("")
        out = []
        for i in range(int(ms.count())):
            ms.name(ref, i)
            out.append(ref[0])
        _STATE_NAMES[name] = tuple(out)
    return _STATE_NAMES[name]


_IONS: dict = {}


def _ions() -> tuple:
    """The ions NEURON knows now (na, k, and any a loaded mechanism declares)."""
    n_types = int(h.MechanismType(0).count())
    if n_types not in _IONS:
        _IONS[n_types] = tuple(sorted(m[:-4] for m in known_mechanisms() if m.endswith("_ion")))
    return _IONS[n_types]


def ions_at(seg) -> tuple:
    """The ions present at a segment (those whose <ion>_ion NEURON inserted there): the
    declared ones in their order (so that sums of their currents add in one order), then any
    other."""
    here = [m.name()[:-4] for m in seg if m.name().endswith("_ion")]
    declared = [ion.name for ion in ions() if ion.name in here]
    return tuple(declared + sorted(set(here) - set(declared)))


def concentration_states(names) -> bool:
    """True if a layout's state names hold an ion's concentration (inside or out)."""
    ions = set(_ions())
    return any(n[2][-1:] in ("i", "o") and n[2][:-1] in ions for n in names)


def na_k_pool_states(names) -> bool:
    """True if a layout's state names hold [Na+]i or [K+]i (a nakacc pool: amounts that the
    pump and the leaks move, conserved in sum, with no single steady state)."""
    return any(n[2] in ("nai", "ki") for n in names)


def structure_signature(sections) -> tuple:
    """What a layout depends on: each section, its nseg and the mechanisms inserted in it
    (NEURON inserts and removes mechanisms for whole sections)."""
    return tuple((sec.name(), sec.nseg, tuple(m.name() for m in sec(0.5))) for sec in sections)


def _conc_state_ions(sec) -> list:
    """Ions whose intracellular concentration is a state in `sec` (ion_style's c_style is
    3, the low two bits of the style it returns; -1: the ion is absent there)."""
    out = []
    for ion in _ions():
        style = int(h.ion_style(f"{ion}_ion", sec=sec))
        if style > 0 and style & 3 == 3:
            out.append(ion)
    return out


class StateLayout:
    """Pointers to every state of one cell, or of any list of sections (see the module
    docstring)."""

    def __init__(self, cell=None, sections=None):
        sections = list(cell.sections if sections is None else sections)
        self.structure_count = int(h.cvode.structure_change_count())
        self.signature = structure_signature(sections)
        # every mechanism inserted anywhere (ions aside): fixed for the layout's lifetime
        self.mechanisms = frozenset(m for _, _, mechs in self.signature for m in mechs
                                    if not m.endswith("_ion"))
        refs, names, v_index, seg_keys, gated_v = [], [], [], [], []
        per_mechs = {}  # a section's mechanisms -> (its state names, their _ref_ names, gated?)
        for sec in sections:
            # mechanisms are inserted per section: one look at sec(0.5) gives every
            # segment's states; the concentration states too (per ion style, for the
            # mechanisms that write them: NEURON makes such a concentration a state)
            mechs = tuple(mech.name() for mech in sec(0.5))
            if mechs not in per_mechs:
                gates = [st for name in mechs for st in mechanism_states(name)]
                states = gates + [f"{ion}i" for ion in _conc_state_ions(sec)]
                per_mechs[mechs] = (tuple(states), tuple(f"_ref_{st}" for st in states),
                                    bool(gates))
            states, attrs, gates = per_mechs[mechs]
            sec_name = sec.name()
            for seg in sec:
                x = round(seg.x, 9)
                seg_keys.append((sec_name, x))
                v_at = len(refs)
                v_index.append(v_at)
                refs.append(seg._ref_v)
                names.append((sec_name, x, "v"))
                if gates:
                    gated_v.append(v_at)
                if attrs:
                    refs.extend([getattr(seg, a) for a in attrs])
                    names.extend([(sec_name, x, st) for st in states])
        gated = bool(gated_v)
        # the zero-area nodes at section ends (the root's 0 end, every 1 end) are not states
        # but their potentials are read like the others (a site may be one of them)
        for sec in sections:
            ends = (0.0, 1.0) if sec.parentseg() is None else (1.0,)
            for x in ends:
                key = (sec.name(), x)
                seg_keys.append(key)
                v_index.append(len(refs))
                refs.append(sec(x)._ref_v)
                names.append((*key, "v"))
        self.names = tuple(names)
        self.v_index = np.array(v_index, dtype=int)
        self.gated_v_index = np.array(gated_v, dtype=int)  # potentials of segments with states
        self.seg_keys = tuple(seg_keys)
        self._seg_pos = {k: i for i, k in enumerate(seg_keys)}
        self.has_gates = gated
        self.size = len(refs)
        self._ptr = h.PtrVector(max(self.size, 1))  # NEURON refuses an empty PtrVector
        for i, ref in enumerate(refs):
            self._ptr.pset(i, ref)
        self._buf = h.Vector(max(self.size, 1))
        # one numpy view of the buffer (size states when size > 0) for the layout's life:
        # each Vector.as_numpy() call keeps ~200 bytes that are never freed (NEURON 9.0.2,
        # measured: 150 kB per rheobase, which runs ~1,000 gathers)
        self._view = self._buf.as_numpy()

    def gather(self) -> np.ndarray:
        if not self.size:
            return np.empty(0)
        self._ptr.gather(self._buf)
        return self._view.copy()

    def scatter(self, y) -> None:
        y = np.asarray(y, dtype=float)
        if y.shape != (self.size,):
            raise ValueError(f"state vector of {y.shape} for a layout of {self.size} states")
        if not self.size:
            return
        self._view[:] = y
        self._ptr.scatter(self._buf)

    def v_of(self, y) -> np.ndarray:
        """The membrane potentials (mV) of every segment, from a state vector."""
        return np.asarray(y)[self.v_index]

    def site_index(self, seg) -> int:
        """Position of the potential of `seg`'s node in the state vector (the 0 end of a
        child section is its parent's node)."""
        key = (seg.sec.name(), round(seg.x, 9))
        if key not in self._seg_pos and seg.x == 0 and seg.sec.parentseg() is not None:
            parent = seg.sec.parentseg()
            key = (parent.sec.name(), round(parent.x, 9))
        if key not in self._seg_pos:
            raise ValueError(f"{seg} has no node in this cell's state vector.")
        return int(self.v_index[self._seg_pos[key]])


def layout_for(cell) -> StateLayout:
    """The cell's state layout, rebuilt if the cell's own structure changed since it was made.

    NEURON keeps the pointers of a PtrVector valid when it moves its data, so a change
    elsewhere (a clamp attached, another cell built) leaves the layout usable: when NEURON's
    structure count has moved, the cell's own signature (nseg and mechanisms of each
    section) decides. NEURON counts structure changes lazily; callers call h.fcurrent()
    first (`World` does).
    """
    layout = getattr(cell, "_state_layout", None)
    count = int(h.cvode.structure_change_count())
    if layout is not None and layout.structure_count == count:
        return layout
    with collector_held():
        if layout is None or layout.signature != structure_signature(cell.sections):
            layout = StateLayout(cell)
            cell._state_layout = layout
    layout.structure_count = count
    return layout


_OTHERS: dict = {}


def others_layout(cell) -> StateLayout:
    """The state layout of every section NEURON holds that is not `cell`'s (other cells, and
    sections a user made by hand), rebuilt when their structure changes."""
    count = int(h.cvode.structure_change_count())
    kept = _OTHERS.get("layout")
    if kept is not None and _OTHERS.get("key") == (cell.name, count):
        return kept
    with collector_held():
        mine = set(cell.sections)
        others = [sec for sec in h.allsec() if sec not in mine]
        if kept is None or kept.signature != structure_signature(others):
            kept = StateLayout(sections=others)
    _OTHERS.update(layout=kept, key=(cell.name, count))
    return kept


def _refuse_na_k_pools_beside(cell) -> None:
    """ArgumentError if a section not of `cell` integrates its Na+ or K+ concentration (a
    nakacc pool): a steady-state solve steps every section NEURON holds at once with a step of
    1e9 ms, which such a pool (its amounts conserved, its steady state not unique) cannot
    take (NEURON stops with a scopmath error). Called by a steady `World` after its
    h.fcurrent(), before it holds any pointer: a cell the user deleted but Python's collector
    has not yet freed is collected then, and looked for again."""
    if not na_k_pool_states(others_layout(cell).names):
        return
    gc.collect()  # explicit: allowed while the collector is held, and nothing is walked now
    h.fcurrent()
    names = others_layout(cell).names
    if na_k_pool_states(names):
        where = next(n[0] for n in names if na_k_pool_states([n]))
        raise ArgumentError(
            f"section {where!r}, not part of {cell.name}, integrates its Na+/K+ "
            "concentrations (accumulate_ions or volume_follows_osmosis): a steady-state solve steps every section "
            "NEURON holds at once with a step of 1e9 ms, which such a cell cannot take. Delete "
            f"that cell (or build it with neither) before measuring {cell.name}'s "
            "steady state, or measure each cell in a process of its own "
            "(Execution(fresh_process=True), or jobs >= 2).")


_UNTIL_INITIALIZE: list = []


def free_after_next_initialize(*objects) -> None:
    """Keep NEURON objects (a played vector, its times) alive until the next initialisation:
    NEURON leaves events in its queue that point at a played vector after play_remove();
    the next finitialize empties the queue, after which they can go."""
    _UNTIL_INITIALIZE.extend(objects)


class World:
    """Everything NEURON holds, kept while one cell is simulated.

    `finitialize` and NEURON's time belong to the whole model, not to a cell. On entry the
    state of every section is saved: the cell's own (its `StateLayout`) and every other
    section's (`others_layout`), and t. `initialize(v_init_mV, layout)` runs NEURON's
    initialisation (which resets every cell) and at once writes every other section's state
    back, so that other cells are left exactly as they were (and stay quiet if they were).
    On exit every state and h.t are put back; a state the caller wants the cell to keep (its
    settled rest) is written by `keep(layout, y)`. purge=True initialises once more before,
    which empties NEURON's event queue of what a played vector left there.

    steady=True (a steady-state solve's 1e9-ms steps): a neighbour's Na+/K+ pool, which such a
    step cannot take, is refused on entry (`_refuse_na_k_pools_beside`).

    (NEURON's SaveState is not used: it walks the event queue, and crashes on events that a
    user's fixed-interval recording or played vector left there after their vectors were
    freed.) Point-process states (synapses) of other cells are not kept.
    """

    def __init__(self, cell, purge: bool = False, steady: bool = False):
        self.cell = cell
        self.purge = purge
        self.steady = steady

    def __enter__(self):
        self._held = collector_held()
        self._held.__enter__()
        try:
            h.fcurrent()  # makes NEURON apply pending structure changes; states are untouched
            if self.steady:
                _refuse_na_k_pools_beside(self.cell)
            self._mine = layout_for(self.cell)
            self._others = others_layout(self.cell)
            self._y_mine = self._mine.gather()
            self._y_others = self._others.gather()
        except BaseException:
            self._held.__exit__(None, None, None)
            raise
        self._t = float(h.t)
        self._keep = None
        return self

    def initialize(self, v_init_mV: float, layout: StateLayout) -> np.ndarray:
        """finitialize(v_init_mV); every other section back as it was; the cell of `layout`
        keeps what finitialize gave it (every gate at its steady state for v_init_mV), which
        is returned. t = 0."""
        if not math.isfinite(v_init_mV):
            raise ValueError(f"v_init_mV={v_init_mV!r} is not a potential in mV.")
        h.finitialize(v_init_mV)
        _UNTIL_INITIALIZE.clear()  # the queue no longer points at them
        self._others.scatter(self._y_others)
        h.t = 0.0
        return layout.gather()

    def keep(self, layout, y) -> None:
        self._keep = (layout, np.array(y, dtype=float))

    def __exit__(self, *exc):
        try:
            if self.purge:  # NEURON's initialisation empties its event queue
                h.finitialize()
                _UNTIL_INITIALIZE.clear()
            self._others.scatter(self._y_others)
            layout, y = self._keep if self._keep is not None else (self._mine, self._y_mine)
            layout.scatter(y)
            h.t = self._t
        finally:
            self._held.__exit__(None, None, None)
        return False
