"""leakmodels.engine.nrnglobals: NEURON's globals, set for a run and put back exactly."""
from neuron import h

import leakmodels as lm
from leakmodels.engine import nrnglobals


# --- NEURON's globals ------------------------------------------------------------------------
def test_measurements_restore_every_global():
    """Whatever the user had set (a fixed step of 0.01 ms, Crank-Nicolson, 6.3 degC, CVODE
    off with its own tolerance) is there again after every kind of measurement."""
    h.celsius = 6.3
    h.cvode.use_local_dt(0)
    h.cvode_active(0)
    h.cvode.atol(1e-3)
    h.dt = 0.01
    h.secondorder = 2
    before = nrnglobals.snapshot()
    with lm.interneuron() as cell:
        lm.resting_potential(cell)
        assert nrnglobals.snapshot() == before
        lm.input_resistance(cell)
        lm.time_constant(cell)
        lm.rheobase(cell, precision=0.05)
        lm.voltage_trace(cell, (lm.CurrentStep(0.05, 5.0, 10.0),), 30.0)
        lm.sag_result(cell, duration_ms=100.0, after_ms=50.0)
    assert nrnglobals.snapshot() == before
