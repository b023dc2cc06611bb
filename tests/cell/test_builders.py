"""Builders: literature dimensions, scale, d_lambda, and specs."""
import gc
import math

import pytest
from neuron import h

import leakmodels as lm
from leakmodels.cell.builders import d_lambda_nseg, lambda_f_um
from leakmodels.spec.membrane import DEFAULT_RA_OHM_CM, axial_resistivity_ohm_cm
from leakmodels.spec.morphology import literature_data
from leakmodels.studies.cells import TARGETS, measure_cell


@pytest.mark.parametrize("name,build", [("interneuron", lm.interneuron), ("motoneuron", lm.motoneuron)])
def test_literature_cells_meet_their_targets(name, build):
    """Built area equals the spec's analytic area (NEURON's area of cylinders is exact: 1e-9)
    and falls in the literature ranges written in morphologies/<name>.json."""
    data = literature_data(name)
    spec = lm.literature_spec(name)
    with build() as cell:
        assert cell.area_um2 == pytest.approx(spec.area_um2, rel=1e-9)
        lo, hi = data["targets"]["total_membrane_area_um2"]
        assert lo <= cell.area_um2 <= hi
        stems = [s for s in cell.sections_in("dend") if s.parentseg().sec == cell.soma]
        lo, hi = data["targets"]["stem_dendrites"]
        assert lo <= len(stems) <= hi
        lo, hi = data["targets"]["soma_diam_um"]
        assert lo <= cell.soma.diam <= hi
        lo, hi = data["targets"]["path_length_um"]
        assert lo <= spec.path_length_um <= hi
        assert data["sources"]


def test_scale_multiplies_lengths_and_area_by_scale_squared():
    with lm.interneuron() as a, lm.interneuron(scale=2.0) as b:
        assert b.area_um2 == pytest.approx(4 * a.area_um2, rel=1e-9)
        assert b.soma.diam == pytest.approx(2 * a.soma.diam)


def test_d_lambda_rule():
    """nseg is odd and no segment exceeds d_lambda * lambda_f(100 Hz)."""
    with lm.motoneuron() as cell:
        for sec in cell.sections:
            assert sec.nseg % 2 == 1
            lam = lambda_f_um(sec.diam, sec.Ra, sec.cm)
            assert sec.L / sec.nseg <= 0.1 * lam + 1e-9
            assert sec.nseg == d_lambda_nseg(sec, rm_ohm_cm2=cell.membrane.rest_slope_rm_ohm_cm2())
        assert sum(s.nseg for s in cell.sections) > len(cell.sections)


def test_sphere_geometry():
    """A sphere is NEURON's equal-area cylinder: area pi d^2; its volume is pi d^3/6."""
    with lm.sphere(12.0) as cell:
        assert cell.area_um2 == pytest.approx(math.pi * 144, rel=1e-12)
        assert cell.volume_um3 == pytest.approx(math.pi * 12 ** 3 / 6, rel=1e-12)


def test_membrane_temperature_and_ra_come_from_spec():
    mem = lm.MembraneSpec(celsius_degC=30.0, ra_ohm_cm=150.0, cm_uF_cm2=0.9)
    with lm.ball_and_stick(20, 100, 1, membrane=mem) as cell:
        assert cell.celsius_degC == 30.0
        assert all(s.Ra == 150.0 and s.cm == pytest.approx(0.9) for s in cell.sections)
    with lm.motoneuron() as cell:  # the motoneuron's Ra comes from its literature data
        assert cell.soma.Ra == literature_data("motoneuron")["ra_ohm_cm"]


def test_a_membrane_without_ra_keeps_the_morphology_ra():
    """One owner of Ra: a membrane that does not set ra_ohm_cm leaves the morphology's (70 for
    the motoneuron, 100 for the analytic shapes); one that sets it wins everywhere."""
    with lm.motoneuron(membrane=lm.MembraneSpec(pk_cm_s=9e-7)) as cell:
        assert {s.Ra for s in cell.sections} == {literature_data("motoneuron")["ra_ohm_cm"]}
    with lm.motoneuron(membrane=lm.MembraneSpec(ra_ohm_cm=120.0)) as cell:
        assert {s.Ra for s in cell.sections} == {120.0}
    with lm.sphere(10.0) as cell:
        assert cell.soma.Ra == DEFAULT_RA_OHM_CM


def test_apply_membrane_leaves_exactly_what_the_spec_says():
    """After apply_membrane with a spec without spike channels, no section carries nav or kdr
    (and the cell cannot fire); with hcn or accumulation switched off again, hcn and nakacc
    are gone; mechanisms inserted by hand under other names stay."""
    with lm.interneuron(membrane=lm.MembraneSpec(ghcn_S_cm2=1e-4, accumulate_ions=True)) as cell:
        cell.soma.insert("pas")
        assert cell.soma.has_membrane("nav") and cell.soma.has_membrane("hcn")
        lm.apply_membrane(cell, cell.membrane.without_spikes().with_(accumulate_ions=False))
        for sec in cell.sections:
            for name in ("nav", "kdr", "hcn", "nakacc"):
                assert not sec.has_membrane(name), (sec, name)
            assert sec.has_membrane("kleak") and sec.has_membrane("nakpump")
        assert cell.soma.has_membrane("pas")
        with pytest.raises(lm.CannotFireError):
            lm.rheobase(cell)
        lm.apply_membrane(cell, lm.MembraneSpec())
        assert cell.soma.has_membrane("nav") and not cell.soma.has_membrane("hcn")
        assert not cell.sections_in("dend")[0].has_membrane("nav")


def cell_ra(spec):
    return axial_resistivity_ohm_cm(spec)


def test_d_lambda_rule_holds_for_leaky_membranes():
    """With R_m ~ 200 ohm cm2 (leaks x50) the DC length constant is shorter than lambda_f(100 Hz);
    the rule must use it, so that a sealed cable's R_in = r_a lambda coth(L/lambda) comes out
    within 0.2 % (second-order error with >= 10 segments per lambda: ~1e-3 at most)."""
    from leakmodels.spec import physics as P

    leaky = lm.MembraneSpec().without_spikes()
    leaky = leaky.with_(pk_cm_s=50 * leaky.pk_cm_s, pna_cm_s=50 * leaky.pna_cm_s)
    rm = leaky.rest_slope_rm_ohm_cm2()
    assert rm < 500
    with lm.cylinder(600.0, 2.0, membrane=leaky) as cell:
        r = lm.input_resistance(cell, site=cell.soma(0))
        assert cell.soma.nseg >= 11
    assert r == pytest.approx(P.sealed_cable_input_resistance_MOhm(600.0, 2.0, rm, cell_ra(leaky)), rel=2e-3)


@pytest.fixture(scope="module", params=["interneuron", "motoneuron"])
def measured(request):
    build = {"interneuron": lm.interneuron, "motoneuron": lm.motoneuron}[request.param]
    with build() as cell:
        row = measure_cell(cell)
    return request.param, row


def test_targets(measured):
    """The reference ranges of leakmodels.reference_data (cat motoneurons: R_in 0.5-5 MOhm,
    rheobase 3-40 nA; small interneurons); both rest at -72...-62 mV."""
    name, r = measured
    rin_range, rh_range = TARGETS[name]
    assert rin_range.contains(r["rin_MOhm"])
    assert rh_range.contains(r["rheobase_nA"])
    assert -72 <= r["v_rest_mV"] <= -62
    assert r["rheobase_below_nA"] < r["rheobase_nA"] <= r["rheobase_below_nA"] * 1.006
    # a spike needs the soma 10-30 mV above rest (measured voltage distance to threshold)
    assert 5 < r["threshold_distance_mV"] < 30


@pytest.mark.parametrize("build", [lm.interneuron, lm.motoneuron], ids=["interneuron", "motoneuron"])
def test_time_constant_near_rm_cm(build):
    """tau_0 of a cable with uniform membrane is R_m C_m (Rall): the default cells' shapes
    with the uniform DEFAULT_MEMBRANE, whose spike channels at the soma perturb it by a few
    percent at most: tolerance 3 %. The interneuron's own membrane adds the M-current at its
    soma and axon, a conductance open at rest: its tau_0 is shorter."""
    rm = lm.DEFAULT_MEMBRANE.rest_slope_rm_ohm_cm2()
    with build(membrane=lm.DEFAULT_MEMBRANE) as cell:
        assert lm.time_constant(cell) == pytest.approx(rm * 1e-3, rel=0.03)
    if build is lm.interneuron:
        with build() as cell:
            assert lm.time_constant(cell) < 0.9 * rm * 1e-3


def test_a_deleted_cell_frees_its_sections_without_the_collector(shared_morphologies):
    # No reference cycle holds a built cell: with Python's cyclic collector off, deleting the
    # last reference frees every section at once (a recursive closure that named itself kept
    # the whole tree alive until the collector ran).
    swc = next(iter(sorted(shared_morphologies.rglob("*.swc"))))
    was = gc.isenabled()
    gc.disable()
    try:
        for build in (lm.interneuron, lm.motoneuron, lambda: lm.from_swc(swc)):
            before = sum(1 for _ in h.allsec())
            cell = build()
            lm.input_resistance(cell)
            assert sum(1 for _ in h.allsec()) > before
            del cell
            assert sum(1 for _ in h.allsec()) == before
    finally:
        if was:
            gc.enable()
