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
    """MN: R_in 0.5-5 MOhm, rheobase 3-40 nA; IN: R_in 100-1500 MOhm, rheobase 10-300 pA;
    both rest at -72...-62 mV (cat motoneurons: SCIENCE.md S5; small interneurons)."""
    name, r = measured
    (rlo, rhi), (blo, bhi) = TARGETS[name]
    assert rlo <= r["rin_MOhm"] <= rhi
    assert blo <= r["rheobase_nA"] <= bhi
    assert -72 <= r["v_rest_mV"] <= -62
    assert r["rheobase_below_nA"] < r["rheobase_nA"] <= r["rheobase_below_nA"] * 1.006
    # a spike needs the soma 10-30 mV above rest (measured voltage distance to threshold)
    assert 5 < r["threshold_distance_mV"] < 30


def test_time_constant_near_rm_cm(measured):
    """tau_0 of a cable with uniform membrane is R_m C_m (Rall); spike channels at the soma
    perturb it by a few percent at most: tolerance 3 %."""
    name, r = measured
    rm = lm.MembraneSpec().rest_slope_rm_ohm_cm2()
    assert r["tau_ms"] == pytest.approx(rm * 1e-3, rel=0.03)
