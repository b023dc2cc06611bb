"""S4 half the K+ leak: the study's claims, and its key numbers against independent analytics."""
import math

import numpy as np
import pytest
from scipy.optimize import brentq

import leakmodels as lm
from leakmodels.spec import physics
from leakmodels.studies import half_k_leak as s4

FRACTIONS = {"sphere": (1.0, 0.8, 0.6, 0.5), "interneuron": (1.0, 0.8, 0.5),
             "motoneuron": (1.0, 0.5)}
WT = lm.MembraneSpec()


@pytest.fixture(scope="module")
def result():
    return s4.half_k_leak(fractions=FRACTIONS)


def row(result, cell, f):
    t = result.table
    return t[(t.cell == cell) & np.isclose(t.k_leak_fraction, f)].iloc[0]


def fixed_pump_rest_mV(pk_cm_s):
    """Zero of I_K,GHK(V; pk) + I_Na,GHK(V) + I_pump, the pump current fixed at the wild
    type's (imax x saturation at 10 mM Nai, 5 mM Ko), written out independently of the package."""
    i_pump = WT.pump_imax() * physics.pump_saturation(10.0, 5.0)

    def net(v):
        return (physics.ghk_current_mA_cm2(v, pk_cm_s, 140.0, 5.0)
                + physics.ghk_current_mA_cm2(v, WT.pna_cm_s, 10.0, 145.0) + i_pump)
    return brentq(net, -120.0, 20.0, xtol=1e-12)


def slope_S_cm2(v, pk_cm_s):
    return (physics.ghk_slope_conductance_S_cm2(v, pk_cm_s, 140.0, 5.0)
            + physics.ghk_slope_conductance_S_cm2(v, WT.pna_cm_s, 10.0, 145.0))


def test_claims_hold(result):
    failed = [c for c in result.claims if not c.holds]
    assert not failed, failed
    assert len(result.claims) >= 13
    # the M-current density was chosen for the half-K-leak interneuron to rest: a fit, named
    (fit,) = [c for c in result.claims if c.kind == "fit"]
    assert "KM_GBAR_S_CM2" in fit.fitted and fit.claim.startswith("interneuron: rests")


def test_mutant_keeps_the_wild_type_pump():
    """A mutation changes the channel count, not the pumps: imax is the wild type's."""
    m = s4.mutant(WT, 0.5)
    assert m.pk_cm_s == pytest.approx(0.5 * WT.pk_cm_s, rel=1e-15)
    assert m.pump_imax() == pytest.approx(WT.pump_imax(), rel=1e-15)
    assert m.with_(pump_imax_mA_cm2=None).pump_imax() < WT.pump_imax()  # re-balancing would cut it


def test_passive_rest_is_the_fixed_pump_rest(result):
    """Passive cells (leaks + pump everywhere, fixed concentrations) rest where
    I_K(V) + I_Na(V) + I_pump = 0 with the wild-type pump current. Uniform membrane, CVODE
    settled to 1e-6 mV: 1e-3 mV."""
    for cell, fr in FRACTIONS.items():
        for f in fr:
            assert row(result, cell, f).v_rest_passive_mV == pytest.approx(
                fixed_pump_rest_mV(f * WT.pk_cm_s), abs=1e-3)
    shift = fixed_pump_rest_mV(0.5 * WT.pk_cm_s) - fixed_pump_rest_mV(WT.pk_cm_s)
    assert 9.0 < shift < 11.5  # ~10 mV: more than 'a little'
    # a re-balanced pump would leave the mutant 1.2 mV more depolarised still
    assert row(result, "sphere", 0.5).v_rest_rebalanced_pump_mV > row(result, "sphere", 0.5).v_rest_passive_mV


def test_sphere_rin_is_rm_over_area_at_the_new_rest(result):
    """Isopotential sphere: R_in = 1 / (area (g_K + g_Na)), g = GHK slope conductance at
    the fixed-pump rest (the pump is voltage independent). Impedance gives the exact DC
    slope of a one-compartment cell: rel 1e-3. Halving P_K raises it 1.46x, not 2x:
    g_K is 77 % of g at rest and the depolarisation raises the GHK K+ slope."""
    area_cm2 = math.pi * (20e-4) ** 2
    for f in FRACTIONS["sphere"]:
        v = fixed_pump_rest_mV(f * WT.pk_cm_s)
        expected = 1e-6 / (area_cm2 * slope_S_cm2(v, f * WT.pk_cm_s))
        assert row(result, "sphere", f).rin_passive_MOhm == pytest.approx(expected, rel=1e-3)
    ratio = row(result, "sphere", 0.5).rin_ratio_passive
    assert ratio == pytest.approx(1.464, abs=0.005)
    assert ratio < 1.6 < 2.0


def test_cells_with_dendrites_gain_between_sqrt_and_linear(result):
    """Passive trees: G_in rises with the membrane conductance g_m with elasticity between
    1/2 (long cables, G ~ sqrt(g_m)) and 1 (isopotential). So R_in(f)/R_in(1) lies between
    r^0.5 and r, r = the isopotential ratio; the motoneuron (long dendrites) gains less than
    the compact interneuron. Cable theory itself is checked in the study's claims."""
    r = row(result, "sphere", 0.5).rin_ratio_isopotential
    ratios = {c: row(result, c, 0.5).rin_ratio_passive for c in ("interneuron", "motoneuron")}
    for value in ratios.values():
        assert r ** 0.5 <= value <= r
    assert ratios["motoneuron"] < ratios["interneuron"]


def test_rheobase_falls_to_zero_or_below_the_wild_type(result):
    """Fewer K+ leak channels: lower rheobase at every step; the half sphere (minimal
    membrane) rests above its threshold and fires with no input (rheobase 0), as the
    first-order estimate (V_th - V_rest)/R_in <= 0 predicts; the interneuron, held by its
    M-current, and the motoneuron still rest, depolarised, with R_in up and rheobase down
    (SCIENCE.md S4)."""
    for cell, fr in FRACTIONS.items():
        rh = [row(result, cell, f).rheobase_nA for f in sorted(fr, reverse=True)]
        assert all(b <= a for a, b in zip(rh, rh[1:])), (cell, rh)
    assert row(result, "sphere", 0.5).spontaneous
    for cell in ("interneuron", "motoneuron"):
        half, wt = row(result, cell, 0.5), row(result, cell, 1.0)
        assert not half.spontaneous and 0 < half.rheobase_ratio < 0.5
        assert half.rin_MOhm > wt.rin_MOhm
        assert half.v_rest_mV - wt.v_rest_mV > 5.0


def test_spontaneous_detector():
    """The wild-type sphere has a stable rest; the half mutant sphere has none (its leak rest
    lies above threshold): NoRestError, and a first spike soon after starting at that rest."""
    with lm.sphere(20.0) as cell:
        assert lm.resting_potential(cell) < -60.0
        assert np.isnan(lm.first_spike_ms(cell, window_ms=300.0))
    m = s4.mutant(WT, 0.5)
    with lm.sphere(20.0, membrane=m) as cell:
        with pytest.raises(lm.NoRestError):
            lm.resting_potential(cell)
        t = lm.first_spike_ms(cell, window_ms=300.0, start=m.leak_rest_mV())
    assert 0 < t < 300.0


def test_figure_and_columns(result):
    fig = result.figure
    assert fig._suptitle is not None
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
    for col in ("k_leak_fraction", "v_rest_mV", "rin_MOhm", "rheobase_nA", "rin_passive_MOhm",
                "v_rest_fixed_pump_mV", "rin_theory_MOhm"):
        assert col in result.table.columns


def test_the_theory_follows_the_morphology_not_the_label():
    """A sphere under a name of its own is still isopotential (R_m / area); a cylinder has
    no theory here and is refused before anything is measured (a cable theory's TypeError
    came after a sweep)."""
    small = lm.CellSource("sphere", (("diam_um", 12.0),))
    res = s4.half_k_leak(fractions={"small": (1.0, 0.5)}, cells={"small": small})
    held = [c for c in res.claims if c.claim.startswith("small: R_in")]
    assert len(held) == 1 and "R_m/area" in held[0].claim and held[0].holds
    rod = lm.CellSource("cylinder", (("length_um", 100.0), ("diam_um", 2.0)))
    with pytest.raises(ValueError, match=r"cells\['rod'\].*not an SWC file, a cylinder"):
        s4.half_k_leak(fractions={"rod": (1.0, 0.5)}, cells={"rod": rod})
