"""S7a: closing K2P leak depolarises, raises R_in, lowers rheobase and raises the firing rate."""
import numpy as np
import pytest

import leakmodels as lm
from leakmodels.studies.firing import count_spikes, lead_and_step
from leakmodels.studies.fixed_pump import modulate
from leakmodels.studies.sleep_wake import sleep_wake


@pytest.fixture(scope="module")
def result():
    return sleep_wake(k_leak_rel=(0.5, 0.7, 1.0, 2.0), trace_states=(0.7, 1.0, 2.0))


def test_claims_hold(result):
    bad = [(c.claim, c.value, c.expected) for c in result.claims if not c.holds]
    assert not bad
    assert len(result.claims) >= 11


def test_monotonic_in_k_leak(result):
    """Among resting states, less K+ leak: higher V_rest, higher R_in, lower rheobase, higher
    rate at the fixed input."""
    t = result.table[result.table.spont_rate_Hz == 0].sort_values("k_leak_rel")
    assert np.all(np.diff(t.v_rest_mV) < 0)
    assert np.all(np.diff(t.rin_MOhm) < 0)
    assert np.all(np.diff(t.rheobase_nA) > 0)
    assert np.all(np.diff(t.rate_Hz) <= 0)
    base = t[t.k_leak_rel == 1.0].iloc[0]
    assert base.rate_Hz > 10.0
    closed = result.table[result.table.k_leak_rel == 0.5].iloc[0]
    assert closed.spont_rate_Hz > 0 and closed.rheobase_nA == 0.0


def test_baseline_rest_on_the_equation(result):
    """At -68.5 mV nav and kdr are closed, so the interneuron rests at the zero of the leak +
    pump current to 0.1 mV (measured 0.02 mV)."""
    base = result.table[result.table.k_leak_rel == 1.0].iloc[0]
    assert base.v_rest_mV == pytest.approx(base.v_rest_fixed_pump_mV, abs=0.1)


def test_modulate_pins_the_pump():
    """A neuromodulator does not retune the pump: modulate() keeps the baseline imax, whereas
    MembraneSpec's default (None) would re-balance it for the new fopen."""
    base = lm.MembraneSpec()
    mod = modulate(base, kleak_fopen=0.5)
    assert mod.pump_imax() == base.pump_imax()
    assert base.with_(kleak_fopen=0.5).pump_imax() != pytest.approx(base.pump_imax(), rel=1e-3)


def test_lead_and_step_on_a_passive_cell():
    """A passive sphere never spikes: both rates 0, and the run ends at lead + step."""
    with lm.sphere(20.0, membrane=lm.MembraneSpec().without_spikes()) as cell:
        run = lead_and_step(cell, 0.01, lead_ms=100.0, step_ms=100.0)
    assert run["spont_rate_Hz"] == 0 and run["rate_Hz"] == 0
    assert run["t_ms"][-1] == pytest.approx(200.0, abs=1e-6)
    assert count_spikes([0, 1, 2, 3, 4], [-60, 10, -60, 10, -60], 0, 5) == 2
    assert count_spikes([0, 1, 2, 3, 4], [-60, 10, -60, 10, -60], 2, 5) == 1
