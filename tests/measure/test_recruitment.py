"""leakmodels.recruitment: the shared exponential ramp and the first spike it evokes."""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.measure.recruitment import ExpRamp, ramp_recruitment


def test_ramp_shape_and_validation():
    """I(t) = start exp(t/tau); it reaches stop_nA at tau ln(stop/start). Exact: rel 1e-12."""
    r = ExpRamp(0.001, 300.0, 10.0)
    assert r.duration_ms == pytest.approx(300.0 * math.log(1e4), rel=1e-12)
    assert r.current_nA(r.duration_ms) == pytest.approx(10.0, rel=1e-12)
    for bad in ((0.0, 300.0, 1.0), (1.0, 300.0, 0.5), (0.001, 0.0, 1.0)):
        with pytest.raises(ValueError, match="start_nA"):
            ExpRamp(*bad)


def test_sphere_recruited_near_its_rheobase_and_not_before():
    """A slow ramp (e-fold every 300 ms, membrane tau ~8 ms) recruits a cell at a current
    at or above its step rheobase: the passive charging lag alone adds tau_m/tau_ramp (~3 %),
    Na+ inactivation during the slow rise a little more; below the rheobase nothing fires.
    Bounds: 1.0 to 1.5 x the 500 ms step rheobase (bisected to 0.5 %)."""
    with lm.sphere(30.0) as cell:
        rh = lm.rheobase(cell)
        rec = ramp_recruitment(cell, ExpRamp(0.001, 300.0, 1.0))
        v_max_before = rec.v_mV[rec.t_ms < rec.t_first_spike_ms - 1.0].max()
    assert rh <= rec.i_recruit_nA <= 1.5 * rh
    assert rec.t_first_spike_ms == pytest.approx(300.0 * math.log(rec.i_recruit_nA / 0.001), rel=1e-9)
    assert v_max_before < -40.0  # the first crossing of 0 mV is the first spike
    assert rec.v_rest_mV == pytest.approx(-68.5, abs=0.2)


def test_ramp_that_stops_below_rheobase_reports_no_spike():
    """A ramp ending at 5 pA cannot fire a 30 um sphere whose rheobase is ~18 pA: nan."""
    with lm.sphere(30.0) as cell:
        rec = ramp_recruitment(cell, ExpRamp(0.001, 100.0, 0.005))
    assert math.isnan(rec.t_first_spike_ms) and math.isnan(rec.i_recruit_nA)
    assert np.max(rec.v_mV) < -50.0


def test_bad_arguments_are_named_before_anything_runs():
    with pytest.raises(lm.ArgumentTypeError, match="cell"):
        ramp_recruitment("interneuron")
    with lm.sphere(20.0) as cell:
        with pytest.raises(lm.ArgumentTypeError, match="ExpRamp"):
            ramp_recruitment(cell, ramp=(0.001, 300.0, 1.0))
        for bad in (0.0, -1.0, 1e9):
            with pytest.raises(lm.ArgumentError, match="sample_ms"):
                ramp_recruitment(cell, sample_ms=bad)
