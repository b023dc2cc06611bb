"""Helpers shared by test modules (not tests themselves): property-test settings, a signal
reset for child processes, and plain-NEURON references (written with NEURON's own API,
independently of leakmodels' runner): a long settle with the global variable time step and
converged long current steps."""
import os
import signal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from neuron import h

# the real reconstructions, in ../shared beside the repository (CI has them too)
SHARED_MORPHOLOGIES = Path(__file__).resolve().parents[2] / "shared" / "morphologies"
# HYPOTHESIS_PROFILE=explore (see conftest.py) draws 20 times as many random examples
EXAMPLES_FACTOR = 20 if os.environ.get("HYPOTHESIS_PROFILE") == "explore" else 1


def property_settings(max_examples: int):
    """A property test's settings: `max_examples` examples (x EXAMPLES_FACTOR), no deadline
    (a NEURON solve's time varies), function-scoped fixtures allowed (the autouse leak and
    globals checks run around the whole test, which is what they guard)."""
    return settings(max_examples=max_examples * EXAMPLES_FACTOR, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def default_sigint():
    """preexec_fn for a child that must get Ctrl-C as a terminal sends it: a shell running
    the suite in the background starts it with SIGINT ignored, which a child inherits (and
    then never installs Python's KeyboardInterrupt handler) unless it is reset here."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


SETTLE_MS = 20000.0


def cvode_settle(cell, t_ms=SETTLE_MS, atol=1e-9):
    """Plain NEURON: global CVODE from the membrane's analytic rest for t_ms (many times the
    slowest time constant, 300 ms for hcn); the potential of every segment."""
    h.celsius = cell.celsius_degC
    h.cvode.use_local_dt(0)
    h.cvode_active(1)
    h.cvode.atol(atol)
    h.cvode.rtol(0)
    h.finitialize(cell.membrane.leak_rest_mV())
    h.cvode.solve(t_ms)
    assert h.t == pytest.approx(t_ms)
    return np.array([seg.v for seg in cell.segments()])


def long_step_rin_MOhm(cell, amp_nA, settle_ms=SETTLE_MS, step_ms=SETTLE_MS):
    """Plain NEURON: settle for settle_ms, then hold +-amp_nA for step_ms (until nothing
    moves); R = [V(+I) - V(-I)] / 2I at the soma at the end."""
    seg = cell.soma(0.5)
    stim = h.IClamp(seg)
    stim.delay, stim.dur = settle_ms, 1e12
    v_end = {}
    for sign in (-1, +1):
        stim.amp = sign * amp_nA
        cvode_settle(cell, settle_ms + step_ms)
        v_end[sign] = seg.v
    stim = None
    return (v_end[+1] - v_end[-1]) / (2 * amp_nA)


# --- steady states ---------------------------------------------------------------------------
