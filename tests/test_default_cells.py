"""The foundation's targets for the default cells (issue: done-criteria)."""
import pytest

import leakmodels as lm
from leakmodels.studies.cells import TARGETS, measure_cell


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
