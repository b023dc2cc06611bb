"""measure.extracellular: the K+ a cell's currents release into rxd's extracellular space."""
import numpy as np
import pytest

import leakmodels as lm
from leakmodels.engine.extracellular import ExtracellularSpace
from leakmodels.measure.extracellular import k_release_columns

SEALED = ExtracellularSpace(bath=False, margin_um=10.0, dx_um=5.0)


def test_a_sealed_space_gains_the_k_the_membrane_carried_out():
    """No bath: every K+ ion the membrane's currents carried out is in the space, so the
    space's gain equals +integral of I_K dt / F. A sub-threshold step on a passive sphere
    (CVODE at atol 1e-6 and the trapezoid rule over its steps: 1.3e-4 measured); flip the sign
    of the flux rxd adds and the two differ by twice the amount."""
    spec = lm.MembraneSpec().without_spikes()
    with lm.sphere(20.0, membrane=spec) as cell:
        d = k_release_columns(cell, 0.01, train_ms=200.0, after_ms=100.0, space=SEALED)
    assert d["n_spikes"] == 0
    assert d["k_carried_out_amol"] > 10  # the step depolarised: K+ left (16 amol)
    assert d["k_gained_amol"] == pytest.approx(d["k_carried_out_amol"], rel=1e-3)
    assert d["ko_soma_peak_mM"] > d["ko_bath_mM"]


def test_a_bath_takes_the_k_away_after_a_train():
    """With a bath at the faces [K+]o at the soma rises during a train and falls back towards
    the bath's after it; the space keeps less than what was released."""
    with lm.sphere(20.0) as cell:
        d = k_release_columns(cell, 2 * lm.rheobase(cell), train_ms=200.0, after_ms=300.0,
                              space=ExtracellularSpace(margin_um=30.0, dx_um=10.0))
    ko = np.asarray(d["ko_soma_mM"])
    assert d["n_spikes"] > 3
    assert d["ko_soma_end_train_mM"] > d["ko_bath_mM"] + 0.1
    assert ko[-1] < d["ko_soma_end_train_mM"]
    assert 0 < d["k_gained_amol"] < d["k_carried_out_amol"]
    assert np.isfinite(d["t_half_recovery_ms"])
