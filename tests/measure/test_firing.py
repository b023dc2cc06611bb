"""leakmodels.firing: f-I curves, their summary and the after-hyperpolarisation."""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.measure.firing import (
    FiPoint,
    ahp_result,
    fi_curve,
    fi_summary,
)


def test_fi_summary_is_the_documented_arithmetic():
    """Minimum steady rate over repetitive steps; slope by least squares up to twice the lowest
    repetitive current (points on the line 10 + 4 (I - 1) Hz give slope 4 exactly; the point
    at 2.5 nA lies beyond 2 x 1 nA and is left out)."""
    pts = [FiPoint(0.5, 1, math.nan, math.nan), FiPoint(1.0, 12, 11.0, 10.0),
           FiPoint(1.5, 14, 13.0, 12.0), FiPoint(2.0, 16, 15.0, 14.0),
           FiPoint(2.5, 40, 50.0, 100.0)]
    s = fi_summary(pts)
    assert s.min_steady_rate_Hz == 10.0
    assert s.lowest_repetitive_nA == 1.0
    assert s.fi_slope_Hz_per_nA == pytest.approx(4.0, rel=1e-12)
    assert math.isnan(fi_summary(pts[:1]).min_steady_rate_Hz)


def test_interneuron_fires_faster_with_more_current():
    """Above rheobase the steady rate rises with the step (a type-I or type-II f-I, never
    falling in the primary range); below it there are no spikes."""
    with lm.interneuron() as cell:
        rh = lm.rheobase(cell)
        pts = fi_curve(cell, [0.9 * rh, 1.5 * rh, 2.0 * rh, 3.0 * rh], duration_ms=500.0)
    assert pts[0].n_spikes == 0
    rates = [p.steady_rate_Hz for p in pts[1:]]
    assert all(math.isfinite(r) for r in rates)
    assert rates == sorted(rates)


def test_after_hyperpolarisation_of_the_default_interneuron():
    """One spike from a 1-ms pulse: the trough lies below rest (kdr outlasts the spike) and V
    recovers within the window; a pulse too weak is doubled until it fires."""
    with lm.interneuron() as cell:
        rh = lm.rheobase(cell)
        ahp = ahp_result(cell, 0.5 * rh)
        assert ahp.pulse_nA >= 0.5 * rh
        assert ahp.depth_mV > 0 and 0 < ahp.duration_ms < 400
        assert ahp.v_trough_mV == pytest.approx(ahp.v_rest_mV - ahp.depth_mV)


def test_bad_arguments_are_named():
    with lm.interneuron() as cell:
        with pytest.raises(lm.ArgumentError, match=r"amps_nA="):
            fi_curve(cell, 0.1)
        with pytest.raises(lm.ArgumentError, match=r"amps_nA\[1\]="):
            fi_curve(cell, [0.1, math.nan])
        with pytest.raises(lm.ArgumentError, match=r"first_pulse_nA="):
            ahp_result(cell, -1.0)


def test_a_users_own_netcon_on_the_soma_keeps_its_threshold_and_record():
    """NEURON gives every NetCon on one segment's v one PreSyn: one threshold and one record
    callback. A user's spike recorder there (threshold 10 mV) must come out of leakmodels'
    rheobase and spike counting with its threshold and its record vector, and leakmodels'
    numbers must be those of a cell without it (the same spike times to 1e-9 ms: the same
    crossings, relayed with no delay). Red when the runner's detector shares their PreSyn."""
    from neuron import h

    from leakmodels.engine.stimuli import CurrentStep
    from leakmodels.measure.firing import spike_times

    with lm.interneuron() as cell:
        rh = lm.rheobase(cell)
        alone = spike_times(cell, (CurrentStep(2 * rh, 0.0, 200.0),), 200.0)
    with lm.interneuron() as cell:
        seg = cell.resolve_site(None)
        theirs = h.NetCon(seg._ref_v, None, sec=seg.sec)
        theirs.threshold = 10.0
        their_times = h.Vector()
        theirs.record(their_times)
        assert lm.rheobase(cell) == rh
        beside = spike_times(cell, (CurrentStep(2 * rh, 0.0, 200.0),), 200.0)
        assert theirs.threshold == 10.0
        stim = h.IClamp(seg)
        stim.delay, stim.dur, stim.amp = 10.0, 100.0, 3 * rh
        h.finitialize(cell.membrane.leak_rest_mV())
        h.continuerun(150.0)
        n_theirs = their_times.size()
        del stim, theirs
    assert alone.size > 5 and np.allclose(beside, alone, rtol=0, atol=1e-9)
    assert n_theirs > 1  # their own run still records into their vector
