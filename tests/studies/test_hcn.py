"""S6: HCN is gated, slow and cAMP-modulated; a cell with Ih sags, rebounds, depends on V_hold."""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.studies.hcn import CLASSIFIER_CASES, hcn, rin_at_holding


@pytest.fixture(scope="module")
def result():
    cases = {k: CLASSIFIER_CASES[k] for k in ("kleak", "pas", "hcn", "nav")}
    return hcn(hold_targets_mV=(-95.0, -80.0, -60.0), classifier_cases=cases)


def _rows(table, experiment):
    return table[table.experiment == experiment].set_index("condition")


def test_claims_hold(result):
    bad = [(c.claim, c.value, c.expected) for c in result.claims if not c.holds]
    assert not bad
    assert len(result.claims) >= 13


def test_activation_curve_recovered(result):
    """The Boltzmann fitted to the clamped chord conductance I_ss/(V - E_h) returns hcn.mod's
    vhalf -85 mV and k 8 mV, and the cAMP run vhalf + 10 mV: the chord values are gbar m_inf(V)
    to 1e-3 (see test_classify), which pins V1/2 to well under 0.3 mV."""
    fit = _rows(result.table, "hcn activation fit")
    assert fit.loc["control", "vhalf_mV"] == pytest.approx(-85.0, abs=0.3)
    assert fit.loc["control", "k_mV"] == pytest.approx(8.0, abs=0.2)
    assert fit.loc["cAMP", "vhalf_mV"] - fit.loc["control", "vhalf_mV"] == pytest.approx(10.0, abs=0.3)


def test_classifier_rows(result):
    cls = _rows(result.table, "classifier")
    assert cls.loc["kleak", "is_leak"] and cls.loc["pas", "is_leak"]
    assert not cls.loc["hcn", "is_leak"] and not cls.loc["nav", "is_leak"]
    assert 10.0 < cls.loc["hcn", "relax_t63_ms"] < 1000.0


def test_sag_rebound_and_camp(result):
    """Same current step for all three states: Ih makes a sag and a rebound, a cell without it
    none (its spike channels are closed below rest: sag ratio at numerical zero); cAMP
    depolarises rest and lowers R_in (more Ih open at rest)."""
    cell = _rows(result.table, "cell")
    assert cell.loc["hcn", "sag_ratio"] > 0.1
    assert cell.loc["no hcn", "sag_ratio"] < 1e-3
    assert cell.loc["hcn", "rebound_mV"] > cell.loc["no hcn", "rebound_mV"] + 1.0
    assert cell.loc["hcn", "i_step_nA"] == cell.loc["no hcn", "i_step_nA"] < 0
    assert cell.loc["hcn + cAMP", "v_rest_mV"] > cell.loc["hcn", "v_rest_mV"] + 1.0
    assert cell.loc["hcn + cAMP", "rin_MOhm"] < 0.95 * cell.loc["hcn", "rin_MOhm"]


def test_rin_depends_on_holding_potential(result):
    """Held at -95 mV, R_in relative to its resting value is lower with Ih than without (more
    Ih open), Without hcn it is above 1 (the
    GHK K+ leak conducts less at hyperpolarised potentials, and the interneuron's M-current
    closes). Targets are reached to within 0.5 mV (the search tolerance). (With cAMP more Ih
    is open at rest too, so its ratio is not ordered against control's.)"""
    hold = result.table[result.table.experiment == "R_in at holding potential"]
    cell = _rows(result.table, "cell")
    ratio = {}
    for label in ("hcn", "no hcn", "hcn + cAMP"):
        h_ = hold[hold.condition == label].sort_values("v_mV")
        assert h_.v_mV.iloc[0] == pytest.approx(-95.0, abs=0.5)
        ratio[label] = h_.rin_MOhm.iloc[0] / cell.loc[label, "rin_MOhm"]
    assert ratio["no hcn"] > 1
    assert ratio["hcn"] < ratio["no hcn"]
    assert ratio["hcn + cAMP"] < ratio["no hcn"]


def test_rin_at_holding_matches_ghk_slope_on_a_sphere():
    """Passive sphere (leaks + pump): R_in(V) = 1 / (g_slope(V) A), g_slope the GHK slope
    conductance of kleak + naleak at the held V. The steady-state central difference over
    +-0.01 mV cancels the GHK curvature to second order (~1e-8) and the clamp holds V to
    i rs ~ 1e-6 mV; physics' slope is a 1-uV central difference (error ~1e-10): tolerance
    1e-5."""
    mem = lm.MembraneSpec().without_spikes()
    with lm.sphere(20.0, membrane=mem) as cell:
        area_cm2 = cell.area_um2 * 1e-8
        out = rin_at_holding(cell, (-90.0, -70.0, -50.0))
    for v, rin, _amp in out:
        theory = 1e-6 / (mem.leak_slope_conductance_S_cm2(v) * area_cm2)
        assert rin == pytest.approx(theory, rel=1e-5)
    assert [round(v) for v, _, _ in out] == [-90, -70, -50]


def test_table_and_figure(result):
    for col in ("v_mV", "i_ss_mA_cm2", "rin_MOhm", "v_rest_mV", "vhalf_mV", "t_ms"):
        assert col in result.table.columns
    fig = result.figure
    assert fig._suptitle is not None and fig._suptitle.get_text()
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()
    assert not math.isnan(result.table.rin_MOhm.dropna().iloc[0])
