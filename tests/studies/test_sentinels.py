"""S7c: TASK-like pH sensing and TREK-like temperature sensing of the K+ leak."""
import numpy as np
import pytest

import leakmodels as lm
from leakmodels.studies.sentinels import (
    sentinels,
    task_open_fraction,
    trek_current_ratio,
    trek_open_fraction,
)


@pytest.fixture(scope="module")
def result():
    return sentinels(pHo=(6.8, 7.0, 8.0), celsius_degC=(27.0, 32.0, 34.5, 42.0))


def _sweep(table, name, col):
    return table[table.sweep == name].set_index(col)


def test_claims_hold(result):
    bad = [(c.claim, c.value, c.expected) for c in result.claims if not c.holds]
    assert not bad
    assert len(result.claims) >= 14


def test_task_open_fraction():
    """1/(1 + 10^(n (pK - pH))): exactly 1/2 at pH = pK; with n = 1 one pH unit changes the
    closed/open ratio tenfold; the Hill coefficient steepens it."""
    assert task_open_fraction(7.3) == pytest.approx(0.5, abs=1e-12)
    f = task_open_fraction(np.array([6.3, 8.3]))
    assert (1 - f[0]) / f[0] == pytest.approx(10.0, rel=1e-12)
    assert f[1] / (1 - f[1]) == pytest.approx(10.0, rel=1e-12)
    assert task_open_fraction(7.0, n_hill=2) < task_open_fraction(7.0, n_hill=1)


def test_trek_open_fraction():
    """7^((T - 42)/20): 1 at 42 degC, 1/7 at 22 degC, Q10 = sqrt(7) = 2.646; capped at 1."""
    assert trek_open_fraction(42.0) == pytest.approx(1.0, abs=1e-12)
    assert trek_open_fraction(22.0) == pytest.approx(1 / 7, rel=1e-12)
    assert trek_open_fraction(37.0) / trek_open_fraction(27.0) == pytest.approx(7 ** 0.5, rel=1e-12)
    assert trek_open_fraction(50.0) == 1.0


def test_trek_current_ratio_at_0_mV():
    """At 0 mV the GHK current is P F (ci - co), independent of T, so the clamped current ratio
    42/22 degC equals the open-fraction ratio, 7, to the solver's precision (1e-6)."""
    assert trek_current_ratio(lm.MembraneSpec()) == pytest.approx(7.0, rel=1e-6)


def test_reference_state_is_the_default_cell(result):
    """pbar is scaled so that at pH 7.4 / 37 degC the effective K+ permeability is the default
    one: the reference V_rest equals that of the interneuron with DEFAULT_MEMBRANE (the
    membrane this study uses)."""
    with lm.interneuron(membrane=lm.DEFAULT_MEMBRANE) as cell:
        v0 = lm.resting_potential(cell)
    ph = _sweep(result.table, "pH (TASK)", "pHo")
    tt = _sweep(result.table, "temperature (TREK)", "celsius_degC")
    for row in (ph.loc[7.4], tt.loc[37.0]):
        assert row.pk_effective_cm_s == pytest.approx(lm.MembraneSpec().pk_cm_s, rel=1e-12)
        assert row.v_rest_mV == pytest.approx(v0, abs=1e-4)


def test_acid_and_warmth(result):
    """Acid (pH 7.0) closes TASK: depolarised, higher R_in, lower rheobase; pH 6.8 fires with no
    input. Warmth (42 degC) opens TREK: hyperpolarised, lower R_in, higher rheobase; cooling
    closes it far enough to fire, with the pump's Q10 and without it."""
    ph = _sweep(result.table, "pH (TASK)", "pHo")
    assert ph.loc[7.0].v_rest_mV > ph.loc[7.4].v_rest_mV > ph.loc[8.0].v_rest_mV
    assert ph.loc[7.0].rin_MOhm > ph.loc[7.4].rin_MOhm > ph.loc[8.0].rin_MOhm
    assert ph.loc[7.0].rheobase_nA < ph.loc[7.4].rheobase_nA < ph.loc[8.0].rheobase_nA
    assert ph.loc[6.8].spont_rate_Hz > 0 and ph.loc[6.8].rheobase_nA == 0.0
    # with the pump's Q10 (2.7) cooling also slows the pump: the cell fires from 32 degC;
    # with the pump held at its 37 degC rate it still rests at 32 and fires at 27
    for sweep, cool, fires in (("temperature (TREK)", 34.5, 32.0),
                               ("temperature (TREK), pump Q10 1", 32.0, 27.0)):
        tt = _sweep(result.table, sweep, "celsius_degC")
        assert tt.loc[42.0].v_rest_mV < tt.loc[37.0].v_rest_mV < tt.loc[cool].v_rest_mV
        assert tt.loc[42.0].rin_MOhm < tt.loc[37.0].rin_MOhm < tt.loc[cool].rin_MOhm
        assert tt.loc[42.0].rheobase_nA > tt.loc[37.0].rheobase_nA > tt.loc[cool].rheobase_nA
        assert tt.loc[fires].spont_rate_Hz > 0
        assert tt.loc[42.0].ek_mV < tt.loc[22.0 if 22.0 in tt.index else 27.0].ek_mV
    q10, held = (_sweep(result.table, s, "celsius_degC") for s in
                 ("temperature (TREK)", "temperature (TREK), pump Q10 1"))
    # a faster pump at 42 degC hyperpolarises further than TREK alone
    assert q10.loc[42.0].v_rest_mV < held.loc[42.0].v_rest_mV
