"""leakmodels.engine.runner: one run of one cell leaves every other cell alone, and a solve that
stops early is refused."""
import numpy as np
import pytest
from neuron import h

import leakmodels as lm
from leakmodels.engine import nrnglobals
from leakmodels.engine.cellstate import layout_for


# --- cells leave each other alone --------------------------------------------------------------
def test_other_cells_neither_change_the_numbers_nor_their_own_state():
    """An interneuron measured alone and beside a settled motoneuron and a hand-made section
    gives the same rest, R_in and rheobase; the motoneuron and the section keep every state
    they had, exactly."""
    def measure(cell):
        rh = lm.rheobase_result(cell, precision=0.01)
        return (lm.resting_potential(cell), lm.input_resistance(cell), rh.rheobase_nA, rh.trials)

    with lm.interneuron() as cell:
        alone = measure(cell)
    with lm.motoneuron() as other, lm.interneuron() as cell:
        lm.resting_potential(other)
        stray = h.Section(name="stray")
        stray.insert("hh")
        stray(0.5).v = -12.3
        before = layout_for(other).gather()
        with_other = measure(cell)
        after = layout_for(other).gather()
        assert stray(0.5).v == -12.3
        del stray
    assert np.max(np.abs(after - before)) < 1e-12  # zero-area end nodes: NEURON recomputes them
    assert with_other == pytest.approx(alone, rel=1e-9)


def test_a_solve_that_stops_early_is_refused():
    """Every CVODE solve checks that h.t ended where it was asked to: a run stopped by
    something else (here a stop request set by hand) raises instead of returning."""
    with lm.sphere(10.0) as cell:
        lm.resting_potential(cell)
        with nrnglobals.settings(cell.celsius_degC):
            h.finitialize(-65.0)
            h.stoprun = 1
            with pytest.raises(RuntimeError, match="instead of"):
                nrnglobals.solve_to(10.0)
