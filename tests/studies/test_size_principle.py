"""S5 size principle: the study's claims, and its key numbers against independent analytics."""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.spec import physics
from leakmodels.studies import size_principle as s5

MEM = lm.MembraneSpec()


@pytest.fixture(scope="module")
def result():
    # one motoneuron (the costly one: ~10 s for its rheobase and its ramp), a few others
    return s5.size_principle(sphere_diams_um=(10.0, 100.0, 1000.0),
                             interneuron_scales=(0.5, 1.0, 4.0), motoneuron_scales=(1.0,))


def rows(result, family):
    return result.table[result.table.family == family].sort_values("area_um2")


def test_claims_hold(result):
    """Every claim holds. (Caillet et al. 2022's R_in ~ S^-2.43 across real cat motoneurons is
    not scored: a family of one membrane is held to a <= 1 by cable theory, so it could not
    pass with correct code; it is drawn and said in the notes.)"""
    failed = [c for c in result.claims if not c.holds]
    assert not failed, failed
    assert not [c for c in result.claims if "area^-a against cat" in c.claim]
    assert len(result.claims) == 9
    assert not [c for c in result.claims if c.claim.startswith("spheres:")]  # identities


def test_spheres_follow_rm_over_area(result):
    """Isopotential sphere: R_in = R_m / (pi d^2), R_m = 1/(g_K + g_Na) from the GHK slopes
    at rest; passive R_in by Impedance (exact DC slope, one compartment): rel 1e-4. The fitted
    a is then 1 to 1e-4 (the intact cells' spike channels add the same conductance per area)."""
    v = MEM.leak_rest_mV()
    rm = 1 / (physics.ghk_slope_conductance_S_cm2(v, MEM.pk_cm_s, 140, 5)
              + physics.ghk_slope_conductance_S_cm2(v, MEM.pna_cm_s, 10, 145))
    for r in rows(result, "sphere").itertuples():
        assert r.rin_passive_MOhm == pytest.approx(rm / (math.pi * (r.diam_um * 1e-4) ** 2) * 1e-6,
                                                   rel=1e-4)
    a = -np.polyfit(np.log(rows(result, "sphere").area_um2), np.log(rows(result, "sphere").rin_MOhm), 1)[0]
    assert a == pytest.approx(1.0, abs=1e-4)


def test_sphere_rheobase_scales_with_area(result):
    """Same membrane, isopotential: the threshold depolarisation dV = I_rh R_in is the same at
    every size, so rheobase ~ area (b = 1). Rheobase bisected to 2 % -> dV equal within 2 %."""
    sph = rows(result, "sphere")
    dv = sph.rheobase_nA * sph.rin_MOhm
    assert dv.max() / dv.min() < 1.02
    assert sph.rheobase_nA.iloc[-1] / sph.rheobase_nA.iloc[0] == pytest.approx(
        sph.area_um2.iloc[-1] / sph.area_um2.iloc[0], rel=0.03)


def test_dendrites_lift_rin_above_isopotential_as_cable_theory_says(result):
    """Passive R_in of the neurons equals Rall's recursion (d_lambda grid: < 0.1 %), and lies
    above R_m/area; for the default motoneuron by ~35 %, for the compact interneuron by ~2 %."""
    for fam in ("interneuron", "motoneuron"):
        for r in rows(result, fam).itertuples():
            assert r.rin_passive_MOhm == pytest.approx(r.rin_cable_theory_MOhm, rel=1e-3)
            assert r.rin_passive_MOhm > r.rin_isopotential_MOhm
    mn = rows(result, "motoneuron").iloc[0]
    inn = rows(result, "interneuron").query("scale == 1.0").iloc[0]
    assert 1.2 < mn.rin_passive_MOhm / mn.rin_isopotential_MOhm < 1.5
    assert 1.0 < inn.rin_passive_MOhm / inn.rin_isopotential_MOhm < 1.05


def test_reference_ranges(result):
    """Cat lumbar motoneurons R_in 0.5-5 MOhm, rheobase 3-40 nA; small interneurons R_in
    hundreds of MOhm to ~1 GOhm, rheobase tens of pA (SCIENCE.md S5)."""
    mn = rows(result, "motoneuron").iloc[0]
    inn = rows(result, "interneuron").query("scale == 1.0").iloc[0]
    assert 0.5 <= mn.rin_MOhm <= 5.0 and 3.0 <= mn.rheobase_nA <= 40.0
    assert 100.0 <= inn.rin_MOhm <= 1000.0 and 0.01 <= inn.rheobase_nA <= 0.1
    assert mn.rheobase_nA / inn.rheobase_nA > 50


def test_channel_density_from_single_channel_conductance(result):
    """Density = g_K,slope(V_rest) / gamma: each open channel adds gamma = 14 pS of slope
    conductance at rest. Same number computed another way: rel 1e-9. Count = density x area."""
    v = MEM.leak_rest_mV()
    g_k = physics.ghk_slope_conductance_S_cm2(v, MEM.pk_cm_s, 140, 5)  # S/cm2
    density = g_k / 14e-12 * 1e-8  # per um2
    t = result.table
    assert np.allclose(t.kleak_density_per_um2, density, rtol=1e-9)
    assert np.allclose(t.kleak_channels, density * t.area_um2, rtol=1e-9)
    assert 0.01 < density < 0.2  # a few channels per 100 um2


def test_small_cells_recruited_first(result):
    """Same ramp current into every soma: within each family the smaller cell fires first,
    and the interneuron fires long before the motoneuron."""
    t = result.table[np.isfinite(result.table.t_recruit_ms)]
    for _, g in t.groupby("family"):
        g = g.sort_values("area_um2")
        assert np.all(np.diff(g.t_recruit_ms) > 0) and np.all(np.diff(g.i_recruit_nA) > 0)
    inn = rows(result, "interneuron").query("scale == 1.0").iloc[0]
    mn = rows(result, "motoneuron").iloc[0]
    assert inn.t_recruit_ms < mn.t_recruit_ms - 500.0
    assert np.all(t.i_recruit_nA >= t.rheobase_nA)


def test_log_slope():
    """A power law's exponent is recovered."""
    x = np.array([1.0, 10.0, 100.0])
    assert s5.log_slope(x, 3 * x ** -0.8) == pytest.approx(-0.8, rel=1e-12)


def test_figure(result):
    fig = result.figure
    assert fig._suptitle is not None
    for ax in fig.axes[:4]:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
