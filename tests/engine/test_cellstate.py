"""The state layout and World against Python's cyclic garbage collector and against
neighbours a steady-state step cannot take."""
import gc

import pytest
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


def test_a_neighbour_that_accumulates_ions_is_refused_by_name():
    # A steady-state solve steps every section NEURON holds with dt = 1e9 ms; a cell whose
    # concentrations are states cannot take that step (NEURON stopped with a scopmath error
    # inside fadvance). The solve is refused before it starts, naming that cell's section,
    # and the other cell is left as it was.
    other = lm.interneuron(membrane=lm.default_membrane("interneuron").with_(accumulate_ions=True))
    nai = other.soma(0.5).nai
    cell = lm.interneuron()
    with pytest.raises(lm.ArgumentError, match=r"'interneuron_\d+\.soma', not part of .*"
                                               r"integrates its Na\+/K\+ concentrations"):
        lm.resting_potential(cell)
    assert other.soma(0.5).nai == nai
    del other
    assert lm.resting_potential(cell) == pytest.approx(
        lm.resting_potential(lm.interneuron()), abs=1e-9)


def test_a_cell_that_accumulates_ions_has_no_single_rest_and_says_why():
    cell = lm.interneuron(membrane=lm.default_membrane("interneuron").with_(accumulate_ions=True))
    with pytest.raises(lm.NoRestError, match="accumulate_ions=False"):
        lm.resting_potential(cell)


def test_a_deleted_neighbour_that_accumulated_is_collected_not_refused():
    # a user's accumulating cell left in a reference cycle and deleted is garbage that only
    # the collector frees: it is collected before the check, and the measurement goes on
    # (without that, the refusal named a cell the user had already deleted)
    alone = lm.resting_potential(lm.interneuron())
    garbage = lm.interneuron(membrane=lm.default_membrane("interneuron").with_(accumulate_ions=True))
    garbage.me = garbage
    del garbage
    assert lm.resting_potential(lm.interneuron()) == pytest.approx(alone, abs=1e-9)
