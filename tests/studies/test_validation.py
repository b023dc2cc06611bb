"""Tests of the validation study: real cells against published and measured numbers.

The study runs once per module on the three small AlphaMN cells (incomplete trees, not
scored against the cat ranges), v_e_moto1 (the cheapest complete tree, so that R_in spans
2.4-7.3 MOhm for the exponent fit) and both Allen interneurons (~30-45 s on a loaded 2-core machine). Helpers are also tested on their own
against analytic results.
"""
import inspect

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.measure.fitting import membrane_with_rm, pna_over_pk_for_rest
from leakmodels.spec import physics
from leakmodels.spec import reference_data as ref
from leakmodels.spec.membrane import DEFAULT_RA_OHM_CM
from leakmodels.studies import get
from leakmodels.studies.validation import fit_exponent, validation, validation_cells

MOTONEURONS = ["AlphaMN2", "AlphaMN3", "AlphaMN8", "v_e_moto1"]


@pytest.fixture(scope="module")
def result(shared_morphologies):
    return validation(cells=validation_cells(shared_morphologies, motoneurons=MOTONEURONS))


def rows(result, cell, membrane):
    t = result.table
    sel = t[(t.cell == cell) & (t.membrane == membrane)]
    assert len(sel) == 1, f"expected one {membrane} row of {cell}"
    return sel.iloc[0]


# --- the study's claims and key numbers --------------------------------------------------
def test_claims_score_one_membrane_at_a_time_on_complete_trees(result):
    """R_in and rheobase of every complete tree (here v_e_moto1) with each membrane, the
    exponent, 2 default interneuron claims and two per Allen cell fitted with cm kept at the
    measured 0.9 uF/cm2 (its rheobase and tau: R_in
    tau and V_rest were the fit's targets and are not claims). The incomplete AlphaMN trees
    are not scored. The cat and small-interneuron ranges have not been checked against a
    paper: range checks; the exponent (Caillet 2022) and the Allen rheobases are
    predictions."""
    assert len(result.claims) == 2 * 2 * 1 + 1 + 2 + 2 * 2
    kinds = [c.kind for c in result.claims]
    assert kinds.count("prediction") == 1 + 4 and kinds.count("range") == len(kinds) - 5
    assert not [c for c in result.claims if "fitted R_in" in c.claim or "fitted tau" in c.claim]
    assert not [c for c in result.claims if "AlphaMN" in c.claim]
    by = {c.claim: c for c in result.claims}
    assert by["v_e_moto1 (default membrane) R_in in the cat range"].holds
    assert by["v_e_moto1 (default membrane) rheobase in the cat range"].holds
    assert not by["v_e_moto1 (step membrane) R_in in the cat range"].holds
    fitted = [c for c in result.claims if "fitted with cm 0.9: rheobase" in c.claim]
    assert len(fitted) == 2 and all(c.holds for c in fitted), fitted
    # with cm kept physiological the reconstructions predict tau far too short (they lack
    # membrane the recorded cells have): a prediction that fails, at 0.45 and 0.34 of it
    taus = [c for c in result.claims if "fitted with cm 0.9: tau" in c.claim]
    assert len(taus) == 2 and not any(c.holds for c in taus)
    assert all(c.value < 0.5 * float(c.expected.split(" ")[0]) for c in taus)


def test_default_membrane_matches_the_colleagues_measurements(result):
    """Independent measurements (default membrane): AlphaMN2 7.32 MOhm / 1.98 nA, AlphaMN3
    5.94 / 2.28, AlphaMN8 6.34 / 2.24, v_e_moto1 2.36 / 5.15. Tolerance 2 %: rheobase is
    bracketed to 1 % here (and to an unknown precision there), R_in is a DC slope both ways."""
    for cell, rin, rh in [("AlphaMN2", 7.32, 1.98), ("AlphaMN3", 5.94, 2.28),
                          ("AlphaMN8", 6.34, 2.24), ("v_e_moto1", 2.36, 5.15)]:
        r = rows(result, cell, "default")
        assert r.rin_MOhm == pytest.approx(rin, rel=0.02), cell
        assert r.rheobase_nA == pytest.approx(rh, rel=0.02), cell


def test_alphamn_trees_are_incomplete_and_reported_not_rescued(result):
    """The AlphaMN reconstructions hold less membrane than a cat motoneuron can (below the
    literature's 2.5e5 um2): flagged incomplete on their morphology alone, before any
    measurement; with the default membrane they have R_in > 5 MOhm and rheobase < 3 nA. The
    step membrane (Fleshman's leaky soma, 225 ohm cm2) is measured on every cell, the same on
    all: on v_e_moto1, a complete tree, it puts R_in below and rheobase above the cat ranges."""
    for cell in MOTONEURONS[:3]:
        d, s = rows(result, cell, "default"), rows(result, cell, "step")
        assert not d.tree_complete and not s.tree_complete
        assert d.area_um2 < 2.5e5
        assert d.rin_MOhm > ref.CAT_MN_RIN_MOHM.hi and d.rheobase_nA < ref.CAT_MN_RHEOBASE_NA.lo
        assert s.rm_soma_ohm_cm2 == 225.0 and s.ra_ohm_cm == 70.0
        assert s.rm_dend_ohm_cm2 == pytest.approx(11000.0, rel=1e-9)
    v = rows(result, "v_e_moto1", "default")
    assert v.tree_complete and ref.CAT_MN_RIN_MOHM.contains(v.rin_MOhm)
    s = rows(result, "v_e_moto1", "step")
    assert s.rin_MOhm < ref.CAT_MN_RIN_MOHM.lo and s.rheobase_nA > ref.CAT_MN_RHEOBASE_NA.hi
    assert "Incomplete trees, reported and not scored: AlphaMN2" in result.notes
    assert "not used to rescue them" in result.notes


def test_somatic_shunt_keeps_the_resting_potential(result):
    """Scaling PK, PNa and the pump's imax by one factor leaves the Mullins-Noda rest
    V = (RT/F) ln[(1.5 PK Ko + PNa Nao)/(1.5 PK Ki + PNa Nai)] unchanged: the shunted cells
    rest where the default ones do, within 0.01 mV (the settling tolerance is 1e-6 mV, nav's
    window current moves the rest by a few uV)."""
    for cell in MOTONEURONS[:3]:
        assert rows(result, cell, "step").v_rest_mV == pytest.approx(
            rows(result, cell, "default").v_rest_mV, abs=0.01)


def test_exponent_of_rheobase_against_rin(result):
    """rheobase = k R_in^e across the real trees (complete or not: model cells of one membrane
    and many sizes) with the default membrane. If R_in x rheobase were the same in every cell,
    e = -1 exactly; Caillet et al. 2022 report -1.04 for cat motoneurons. The claim range
    -1.3..-0.7 allows for the spread of threshold distances."""
    real = result.table[(result.table.group == "cat motoneuron")
                        & (result.table.membrane == "default")]
    e, k = fit_exponent(real.rin_MOhm, real.rheobase_nA)
    assert -1.3 < e < -0.7
    claim = next(c for c in result.claims if c.claim.startswith("exponent"))
    assert claim.value == pytest.approx(e)
    # the fitted line passes within 20 % of Caillet's cat relation across the real cells
    r = np.array(real.rin_MOhm)
    assert np.allclose(k * r ** e, ref.CAILLET_CAT_RHEOBASE_VS_RIN.rheobase_nA(r), rtol=0.2)


def test_default_interneuron_in_published_ranges(result):
    d = rows(result, "lm.interneuron()", "default")
    assert ref.SMALL_IN_RIN_MOHM.contains(d.rin_MOhm)
    assert ref.SMALL_IN_RHEOBASE_NA.contains(d.rheobase_nA)


def test_fitted_interneurons_match_their_measurements(result):
    """The fit stops at 0.2 % on R_in and tau; the claim allows 2 %. V_rest is set by PNa/PK
    (Mullins-Noda) and moves only by nav's window current: 0.5 mV."""
    for name, target in ref.ALLEN_INTERNEURONS.items():
        f = rows(result, name, "fitted")
        assert f.rin_MOhm == pytest.approx(target.rin_MOhm, rel=0.02)
        assert f.tau_ms == pytest.approx(target.tau_ms, rel=0.02)
        assert f.v_rest_mV == pytest.approx(target.v_rest_mV, abs=0.5)
        assert f.threshold_distance_measured_mV == pytest.approx(target.rin_MOhm * target.rheobase_nA)
        assert f.threshold_distance_mV == pytest.approx(f.rin_MOhm * f.rheobase_nA)
        d = rows(result, name, "default")
        assert d.cm_uF_cm2 == 1.0 and f.cm_uF_cm2 > 1.0  # the measured tau needs cm > 1
        # cm kept at 0.9: R_in and V_rest fitted as well, and tau = R_m cm scales with cm at
        # one R_in (within 5 %: R_m moves a little to keep R_in on a cable)
        k = rows(result, name, "fitted, cm 0.9")
        assert k.cm_uF_cm2 == 0.9
        assert k.rin_MOhm == pytest.approx(target.rin_MOhm, rel=0.02)
        assert k.v_rest_mV == pytest.approx(target.v_rest_mV, abs=0.5)
        assert k.tau_ms / f.tau_ms == pytest.approx(0.9 / f.cm_uF_cm2, rel=0.05)


def test_table_and_figure(result):
    t = result.table
    for col in ("cell", "membrane", "source", "rin_MOhm", "rheobase_nA", "v_rest_mV", "tau_ms",
                "threshold_distance_mV", "rheobase_caillet_nA", "rm_soma_ohm_cm2"):
        assert col in t.columns
    assert set(t.membrane) == {"default", "step", "fitted", "fitted, cm 0.9"}
    assert t.source.str.len().min() > 0
    axes = result.figure.axes
    assert len(axes) == 3 and result.figure._suptitle is not None
    for ax in axes:
        assert "(" in ax.get_xlabel() or ax.get_xticklabels()
        assert "(" in ax.get_ylabel() and ax.get_legend() is not None


# --- helpers, against analytic results ------------------------------------------------------
def test_mullins_noda_inverse_round_trips():
    """pump_balanced_rest_mV(PK=1, PNa=r) must give back the V that r was solved for."""
    spec = lm.DEFAULT_MEMBRANE
    for v in (-85.0, -81.4, -70.0, -66.2, -40.0):
        r = pna_over_pk_for_rest(v, spec)
        assert physics.pump_balanced_rest_mV(1.0, r, spec.ki_mM, spec.ko_mM, spec.nai_mM,
                                             spec.nao_mM, spec.celsius_degC) == pytest.approx(v, abs=1e-9)
    with pytest.raises(ValueError):
        pna_over_pk_for_rest(spec.ek_mV - 1.0, spec)  # below E_K: no positive PNa/PK


def test_membrane_with_rm_scales_both_leaks():
    spec = membrane_with_rm(lm.DEFAULT_MEMBRANE, 11000.0)
    assert spec.rest_slope_rm_ohm_cm2() == pytest.approx(11000.0, rel=1e-9)
    assert spec.pna_cm_s / spec.pk_cm_s == pytest.approx(0.06)
    assert spec.leak_rest_mV() == pytest.approx(lm.DEFAULT_MEMBRANE.leak_rest_mV(), abs=1e-9)


def test_leaky_soma_on_a_ball_and_stick():
    """MembraneSpec.soma_leak_scale on a passive ball-and-stick: G_in = pi d_s^2 / R_m,soma +
    4 / R_cable, R_cable = r_a lambda coth(L/lambda) with the dendrites' R_m, and
    R_m,soma = R_m / scale. Tolerance 0.5 %: the d_lambda discretisation is below 0.1 %; the
    0.5 % leaves room for the soma's finite length. Leaks and pump scale together, so the
    rest stays at the dendrites' (solved to 1e-10 mV: tolerance 1e-6 mV)."""
    mem = lm.DEFAULT_MEMBRANE.without_spikes()
    rm_d, rm_s = mem.rest_slope_rm_ohm_cm2(), 500.0
    with lm.ball_and_stick(40.0, 800.0, 4.0, 4, membrane=mem.with_(soma_leak_scale=rm_d / rm_s)) as cell:
        rin = lm.input_resistance(cell)
        v = lm.resting_potential(cell)
        assert cell.soma(0.5).kleak.pbar == pytest.approx(mem.pk_cm_s * rm_d / rm_s)
    g_soma = 1.0 / physics.sphere_input_resistance_MOhm(40.0, rm_s)
    g_dend = 4.0 / physics.sealed_cable_input_resistance_MOhm(800.0, 4.0, rm_d, DEFAULT_RA_OHM_CM)
    assert rin == pytest.approx(1.0 / (g_soma + g_dend), rel=0.005)
    assert v == pytest.approx(mem.leak_rest_mV(), abs=1e-6)


def test_bad_input(tmp_path, shared_morphologies):
    with pytest.raises(FileNotFoundError, match="morphologies_dir"):
        validation(tmp_path)
    with pytest.raises(ValueError, match="AlphaMN2"):
        validation_cells(shared_morphologies, motoneurons=["no_such_cell"])


def test_cli_passes_the_folder():
    assert "morphologies_dir" in inspect.signature(get("validation")).parameters
