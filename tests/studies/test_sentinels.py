"""S7c: TASK-like pH sensing and TREK-like temperature sensing of the K+ leak."""
import numpy as np
import pytest

import leakmodels as lm
from leakmodels.studies.sentinels import (
    N_HILL,
    PK,
    hill_through,
    k_leak_open_fraction,
    sentinels,
    task_open_fraction,
    trek_current_ratio,
    trek_open_fraction,
)


@pytest.fixture(scope="module")
def result():
    return sentinels(pHo=(6.8, 7.0, 8.0), celsius_degC=(22.0, 25.0, 32.0, 34.5, 42.0))


def _sweep(table, name, col):
    return table[table.sweep == name].set_index(col)


def test_claims(result):
    """Every consistency and range check holds. The predictions from the measured TREK share (0.84, DRG
    neurons) fail, and that is the result: with that much of its K+ leak closing on cooling the
    interneuron fires at room temperature, where slices hold resting neurons, and has no R_in
    there for Trevelyan & Jack's conductance Q10."""
    kinds = {c.kind for c in result.claims}
    assert kinds == {"prediction", "range", "consistency"}
    assert not [c for c in result.claims if c.kind == "range" and not c.holds]
    bad = [(c.claim, c.value) for c in result.claims if c.kind == "consistency" and not c.holds]
    assert not bad
    pred = [c for c in result.claims if c.kind == "prediction"]
    assert len(pred) == 3 and not any(c.holds for c in pred)
    assert all(c.source.split(",")[0] in ("Trevelyan & Jack 2002",) for c in pred)
    assert len(result.claims) >= 14


def test_task_curve_through_duprats_two_points():
    """Through (7.7, 0.9) and (6.7, 0.1): log10(1/f - 1) = n (pK - pH) gives n = log10(81)
    and pK = 7.2 exactly; the curve returns the two points (1e-12: arithmetic only)."""
    assert N_HILL == pytest.approx(np.log10(81.0), rel=1e-12)
    assert PK == pytest.approx(7.2, abs=1e-12)
    assert task_open_fraction(7.7) == pytest.approx(0.9, abs=1e-12)
    assert task_open_fraction(6.7) == pytest.approx(0.1, abs=1e-12)
    assert hill_through(((8.0, 0.5), (7.0, 1 / 11))) == pytest.approx((8.0, 1.0), abs=1e-12)


def test_trek_open_fraction():
    """7^((T - 42)/10): 1 at 42 degC, 1/7 at 32, 1/49 at 22 (Q10 = 7); capped at 1."""
    assert trek_open_fraction(42.0) == pytest.approx(1.0, abs=1e-12)
    assert trek_open_fraction(32.0) == pytest.approx(1 / 7, rel=1e-12)
    assert trek_open_fraction(22.0) == pytest.approx(1 / 49, rel=1e-12)
    assert trek_open_fraction(50.0) == 1.0


def test_k_leak_open_fraction_is_a_fixed_part_and_a_trek_part():
    """P(T)/P(37) = (1 - s) + s 7^((T - 37)/10) for a TREK share s at 37 degC; the open
    fraction is that over its value at 42 degC. s = 0: no temperature dependence; s = 1:
    TREK's own."""
    assert k_leak_open_fraction(np.array([22.0, 37.0]), 0.0) == pytest.approx([1.0, 1.0])
    assert k_leak_open_fraction(27.0, 1.0) == pytest.approx(trek_open_fraction(27.0), rel=1e-12)
    s = 0.3
    ratio = k_leak_open_fraction(27.0, s) / k_leak_open_fraction(37.0, s)
    assert ratio == pytest.approx((1 - s) + s / 7.0, rel=1e-12)


def test_trek_current_ratio_at_0_mV():
    """At 0 mV the GHK current is P F (ci - co), independent of T, so the clamped current ratio
    42/32 degC equals the open-fraction ratio, 7, to the solver's precision (1e-6)."""
    assert trek_current_ratio(lm.MembraneSpec()) == pytest.approx(7.0, rel=1e-6)


def test_reference_state_is_the_default_interneuron(result):
    """pbar is scaled so that at pH 7.4 / 37 degC the effective K+ permeability is the default
    one: the reference V_rest equals the default interneuron's (with its M-current: the one
    interneuron every study measures)."""
    with lm.interneuron() as cell:
        v0 = lm.resting_potential(cell)
    ph = _sweep(result.table, "pH (TASK)", "pHo")
    tt = _sweep(result.table, "temperature (TREK)", "celsius_degC")
    for row in (ph.loc[7.4], tt.loc[37.0]):
        assert row.pk_effective_cm_s == pytest.approx(lm.MembraneSpec().pk_cm_s, rel=1e-12)
        assert row.v_rest_mV == pytest.approx(v0, abs=1e-4)


def test_acid_and_warmth(result):
    """Acid (pH 7.0) closes TASK: depolarised, higher R_in, lower rheobase. Warmth (42 degC)
    opens TREK: hyperpolarised, lower R_in, higher rheobase; cooling to 34.5 depolarises and
    lowers rheobase (its R_in is not ordered: the slower pump depolarises it into its
    M-current's range); at 22 degC, with the measured share, the cell fires on its own."""
    ph = _sweep(result.table, "pH (TASK)", "pHo")
    assert ph.loc[7.0].v_rest_mV > ph.loc[7.4].v_rest_mV > ph.loc[8.0].v_rest_mV
    assert ph.loc[7.0].rin_MOhm > ph.loc[7.4].rin_MOhm > ph.loc[8.0].rin_MOhm
    assert ph.loc[7.0].rheobase_nA < ph.loc[7.4].rheobase_nA < ph.loc[8.0].rheobase_nA
    for sweep in ("temperature (TREK)", "temperature (TREK), pump Q10 1"):
        tt = _sweep(result.table, sweep, "celsius_degC")
        assert tt.loc[42.0].v_rest_mV < tt.loc[37.0].v_rest_mV < tt.loc[34.5].v_rest_mV
        assert tt.loc[42.0].rin_MOhm < tt.loc[37.0].rin_MOhm
        assert tt.loc[42.0].rheobase_nA > tt.loc[37.0].rheobase_nA > tt.loc[34.5].rheobase_nA
        assert tt.loc[22.0].spont_rate_Hz > 0
        assert tt.loc[42.0].ek_mV < tt.loc[22.0].ek_mV


def test_trek_share_grid(result):
    """Without TREK (share 0) the interneuron's conductance rises on cooling (Q10 < 1: the
    slower pump depolarises it and its M-current opens); where the cell rests at 24 degC the
    Q10 grows with the share and stays far below Trevelyan & Jack's 1.98 up to a share of
    0.45; from 0.6 on the cell has no rest at 24 degC. (Between, at its fold, R_in and the
    Q10 grow without bound: a cell at the edge of firing.)"""
    grid = result.table[result.table.sweep == "TREK share grid"].set_index("trek_share")
    assert grid.conductance_q10.loc[0.0] < 1.0
    first = grid.conductance_q10.loc[:0.45].to_numpy()
    assert np.all(np.isfinite(first)) and np.all(np.diff(first) > 0) and first.max() < 1.1
    assert (grid.state_lo.loc[0.6:] != "rests").all()
    assert (grid.state_hi == "rests").all()
