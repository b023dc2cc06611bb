"""The state layout and World against Python's cyclic garbage collector."""
import gc

from neuron import h

import leakmodels as lm


class _CyclicUserCell:
    """A user's hand-made cell that names itself: freed only when the collector runs."""

    def __init__(self, i):
        self.me = self
        self.secs = [h.Section(name=f"garbage{i}_{k}") for k in range(3)]
        for k, sec in enumerate(self.secs):
            sec.insert("hh")
            if k:
                sec.connect(self.secs[k - 1])


def test_garbage_cells_freed_by_the_collector_mid_walk_do_not_break_a_measurement():
    # With the collector run at (nearly) every allocation, cyclic garbage cells are freed in
    # the middle of the engine's walk over NEURON's mechanisms unless the collector is held
    # there; NEURON then ends the walk ("mechanism instance became invalid"). The rest must
    # equal the one measured with no garbage around (the garbage is freed, not measured).
    alone = lm.resting_potential(lm.interneuron())
    old = gc.get_threshold()
    try:
        for trial in range(3):
            for i in range(4):
                _CyclicUserCell(f"{trial}_{i}")
                garbage = lm.interneuron()
                garbage.me = garbage  # a cell in a cycle, as a user's script may leave one
                lm.resting_potential(garbage)
                del garbage
            gc.set_threshold(1, 1, 1)
            cell = lm.interneuron()
            assert abs(lm.resting_potential(cell) - alone) < 1e-9
            del cell
            gc.set_threshold(*old)
            gc.collect()
    finally:
        gc.set_threshold(*old)
        gc.enable()
