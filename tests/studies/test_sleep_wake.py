"""S7a: closing K2P leak depolarises, raises R_in, lowers rheobase and raises the firing rate."""
import numpy as np
import pytest

import leakmodels as lm
from leakmodels.engine.stimuli import CurrentStep
from leakmodels.measure.ionbudget import settled_columns
from leakmodels.studies.sleep_wake import sleep_wake


@pytest.fixture(scope="module")
def result():
    return sleep_wake(k_leak_rel=(0.05, 0.5, 0.7, 1.0, 2.0), trace_states=(0.7, 1.0, 2.0))


def test_claims_hold(result):
    bad = [(c.claim, c.value, c.expected) for c in result.claims if not c.holds]
    assert not bad
    assert len(result.claims) >= 10
    assert any(c.claim.startswith("ions moving: every followed state settled") for c in result.claims)


def test_followed_states_settle_where_the_ions_put_them(result):
    """The baseline, the closed state (0.5) and the most opened level (2) are followed for
    hours with their ions moving; each starts at the baseline's rest, is at 1 s where the
    fixed-concentration state is (within 0.05 mV: ions have barely moved), and settles
    elsewhere. The baseline itself moves: its pump is balanced against the leaks alone."""
    t = result.table.set_index("k_leak_rel")
    followed = t[np.isfinite(t.v_settled_mV)]
    assert sorted(followed.index) == [0.5, 1.0, 2.0]
    for rel, r in followed.iterrows():
        assert r.v_early_mV == pytest.approx(r.v_rest_mV, abs=0.05), rel
        assert abs(r.v_settled_mV - r.v_rest_mV) > 0.5, rel
    # the closed state still lies above the baseline, the opened one below, once settled
    assert followed.v_settled_mV.loc[2.0] < followed.v_settled_mV.loc[1.0] \
        < followed.v_settled_mV.loc[0.5]


def test_a_passive_baseline_with_ions_moving_stays_at_its_rest():
    """Without gated channels the balanced pump (Mullins-Noda) carries back exactly what the
    leaks let through at rest: followed for 6 h with its ions moving, the passive interneuron
    stays at its rest (1e-4 mV) with its concentrations unchanged (1e-6 mM). This is what the
    intact cell's drift is measured against."""
    mem = lm.default_membrane("interneuron").without_spikes()
    with lm.interneuron(membrane=mem) as cell:
        v0 = lm.resting_potential(cell)
    with lm.interneuron(membrane=mem.with_(accumulate_ions=True)) as cell:
        s = settled_columns(cell, 6.0, v0)
    assert s["v_settled_mV"] == pytest.approx(v0, abs=1e-4)
    assert s["nai_settled_mM"] == pytest.approx(mem.nai_mM, abs=1e-6)
    assert s["ki_settled_mM"] == pytest.approx(mem.ki_mM, abs=1e-6)


def test_monotonic_in_k_leak(result):
    """Among resting states, less K+ leak: higher V_rest, higher R_in, lower rheobase, higher
    rate at the fixed input; half the K2P leak shut still rests (the M-current holds it),
    and with 5 % left the interneuron fires with no input."""
    t = result.table[result.table.spont_rate_Hz == 0].sort_values("k_leak_rel")
    assert np.all(np.diff(t.v_rest_mV) < 0)
    assert np.all(np.diff(t.rin_MOhm) < 0)
    assert np.all(np.diff(t.rheobase_nA) > 0)
    assert np.all(np.diff(t.rate_Hz) <= 0)
    base = t[t.k_leak_rel == 1.0].iloc[0]
    assert base.rate_Hz > 10.0
    half = result.table[result.table.k_leak_rel == 0.5].iloc[0]
    assert half.spont_rate_Hz == 0 and half.rheobase_nA > 0
    closed = result.table[result.table.k_leak_rel == 0.05].iloc[0]
    assert closed.spont_rate_Hz > 0 and closed.rheobase_nA == 0.0


def test_passive_rest_on_the_equation_and_kv7_below_it(result):
    """Without its gated channels the interneuron rests at the zero of the leak + fixed pump
    current at every level (a uniform passive membrane is isopotential at rest: 1e-6 mV);
    with them, at baseline, the M-current open at rest holds it below that zero."""
    t = result.table
    assert np.allclose(t.v_rest_passive_mV, t.v_rest_fixed_pump_mV, atol=1e-6)
    base = t[t.k_leak_rel == 1.0].iloc[0]
    assert base.v_rest_mV < base.v_rest_fixed_pump_mV - 1.0


def test_modulate_pins_the_pump():
    """A neuromodulator does not retune the pump: modulate() keeps the baseline imax, whereas
    MembraneSpec's default (None) would re-balance it for the new fopen."""
    base = lm.MembraneSpec()
    mod = base.modulated(kleak_fopen=0.5)
    assert mod.pump_imax() == base.pump_imax()
    assert base.with_(kleak_fopen=0.5).pump_imax() != pytest.approx(base.pump_imax(), rel=1e-3)


def test_firing_measurements_on_a_passive_cell_and_a_firing_sphere():
    """A passive sphere never spikes (rates 0; its trace ends where asked); the default sphere
    with half its K+ leak fires with no input (its rest is above threshold): a positive
    spontaneous rate counted from its analytic rest."""
    with lm.sphere(20.0, membrane=lm.MembraneSpec().without_spikes()) as cell:
        assert lm.firing_rate_Hz(cell, 0.01, 100.0) == 0.0
        run = lm.voltage_trace(cell, (CurrentStep(0.01, 100.0, 100.0),), 200.0)
        assert run.spikes_ms.size == 0 and run.t_ms[-1] == pytest.approx(200.0, abs=1e-9)
    base = lm.MembraneSpec()
    with lm.sphere(20.0, membrane=base.modulated(pk_cm_s=0.5 * base.pk_cm_s)) as cell:
        with pytest.raises(lm.NoRestError, match="fires with no input"):
            lm.resting_potential(cell)
        assert lm.spontaneous_rate_Hz(cell) > 10.0
