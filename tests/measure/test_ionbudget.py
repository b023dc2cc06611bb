"""leakmodels.ionbudget: amounts, currents, capacitive charge and the accumulating run."""
import math

import numpy as np
import pytest
from neuron import h

import leakmodels as lm
from leakmodels.measure.ionbudget import (
    NA_MS_TO_AMOL,
    ion_amounts_amol,
    membrane_charge_amol,
    membrane_currents_nA,
    run_accumulating,
    time_to_fraction_ms,
)
from leakmodels.mechanisms import IonUse, Mechanism, Param, register, unregister
from leakmodels.spec import physics

ACC = lm.MembraneSpec(accumulate_ions=True).without_spikes()


def test_unit_conversion_nA_ms_to_amol():
    """1 nA for 1 ms is 1e-12 C; divided by F = 96485.33 C/mol that is 10.364 amol (exact arithmetic)."""
    assert NA_MS_TO_AMOL == pytest.approx(1e-12 / 96485.33212 * 1e18, rel=1e-12)
    assert NA_MS_TO_AMOL == pytest.approx(10.3643, rel=1e-5)


def test_sphere_amounts_are_concentration_times_volume():
    """A sphere of diameter d holds c * pi d^3 / 6 (1 mM in 1 um3 = 1 amol). NEURON's segment area
    is pi d^2 and the soma's volume/area is d/6, so only float rounding separates the two."""
    d = 12.0
    with lm.sphere(d, membrane=ACC) as cell:
        h.finitialize(-70.0)
        amounts = ion_amounts_amol(cell)
        vol = math.pi * d ** 3 / 6
        assert amounts["na"] == pytest.approx(ACC.nai_mM * vol, rel=1e-9)
        assert amounts["k"] == pytest.approx(ACC.ki_mM * vol, rel=1e-9)


def test_membrane_charge_is_c_area_v_over_faraday():
    """Q = C A V: 1 uF/cm2 * pi d^2 um2 * V mV = 1e-17 C per (um2 uF/cm2 mV); over F in amol."""
    d, v = 10.0, -40.0
    with lm.sphere(d, membrane=ACC) as cell:
        h.finitialize(v)
        expected = 1e-17 * math.pi * d ** 2 * ACC.cm_uF_cm2 * v / physics.FARADAY_C_PER_MOL * 1e18
        assert membrane_charge_amol(cell) == pytest.approx(expected, rel=1e-9)


def test_currents_by_mechanism_match_ghk_at_rest():
    """At the settled rest of a leak-and-pump sphere, the Na+ leak current is the GHK current
    density at that V times the area (pi d^2), to float precision (same equation as naleak.mod)."""
    d = 15.0
    with lm.sphere(d, membrane=ACC.with_(accumulate_ions=False)) as cell:
        v = lm.resting_potential(cell)  # leaves the cell at its rest
        cur = membrane_currents_nA(cell)
    ghk = physics.ghk_current_mA_cm2(v, ACC.pna_cm_s, ACC.nai_mM, ACC.nao_mM, 1, ACC.celsius_degC)
    assert cur["na"]["naleak"] == pytest.approx(ghk * math.pi * d ** 2 * 1e-2, rel=1e-9)
    assert set(cur["na"]) == {"total", "naleak", "nakpump"}
    total = cur["na"]["naleak"] + cur["na"]["nakpump"]
    assert cur["na"]["total"] == pytest.approx(total, abs=1e-12)


def test_a_declared_mechanism_without_its_own_current_is_unattributed():
    """NEURON's hh writes ina and ik but keeps no hh.ina: declared by a user, its share cannot
    be read, so the budget says what the named carriers leave of NEURON's total (before:
    AttributeError, and a sweep measuring ATP stopped). hh's Na+ current is gna (V - E_Na),
    gna a RANGE variable it computes in the same fcurrent: equal to float rounding."""
    register(Mechanism("hh", "squid channels", "gated", None,
                       params=(Param("gnabar", value=lambda spec: 0.12),), regions=("soma",),
                       density=("gnabar",),
                       ions=(IonUse("na", ("ena",), ("ina",)), IonUse("k", ("ek",), ("ik",)))))
    try:
        with lm.sphere(15.0, membrane=ACC.with_(accumulate_ions=False)) as cell:
            h.finitialize(-50.0)
            cur = membrane_currents_nA(cell)
            seg = cell.soma(0.5)
            hh_na = seg.hh.gna * (seg.v - seg.ena) * seg.area() * 1e-2
    finally:
        unregister("hh")
    for ion in ("na", "k"):
        assert "hh" not in cur[ion]
        named = sum(v for k, v in cur[ion].items() if k not in ("total", "unattributed"))
        assert cur[ion]["total"] == pytest.approx(named + cur[ion]["unattributed"], abs=1e-12)
    assert cur["na"]["unattributed"] == pytest.approx(hh_na, rel=1e-9)
    assert abs(hh_na) > 1e-3  # hh's Na+ current is there to be found (-50 mV, half open m)


def test_run_ends_at_tstop_and_records_every_step():
    """Each chunk ends where asked (the runner checks h.t); NEURON's own t is put back."""
    t_before = h.t
    with lm.sphere(10.0, membrane=ACC) as cell:
        run = run_accumulating(cell, 5000.0, -60.0, n_chunks=7)
    assert h.t == t_before
    assert run.t_ms[0] == 0.0 and run.t_ms[-1] == pytest.approx(5000.0)
    assert np.all(np.diff(run.t_ms) >= 0)
    assert run.t_check_ms.size == 8 and run.t_check_ms[-1] == pytest.approx(5000.0)
    assert run.samples == run.t_ms.size > 10


def test_run_needs_accumulation_and_a_positive_duration():
    with lm.sphere(10.0) as cell:
        with pytest.raises(ValueError, match="accumulate_ions"):
            run_accumulating(cell, 100.0, -65.0)
    with lm.sphere(10.0, membrane=ACC) as cell:
        with pytest.raises(ValueError, match="t_stop_ms"):
            run_accumulating(cell, -1.0, -65.0)
        with pytest.raises(ValueError, match="n_chunks"):
            run_accumulating(cell, 10.0, -65.0, n_chunks=0)


def test_time_to_fraction_interpolates():
    """Half-way from -60 to 0 is -30 mV, reached 1/4 of the way from (10 ms, -40) to (20 ms, 0)."""
    t = np.array([0.0, 10.0, 20.0])
    assert time_to_fraction_ms(t, np.array([-60.0, -40.0, 0.0]), -60.0, 0.0) == pytest.approx(12.5)
    assert time_to_fraction_ms(t, np.array([10.0, 20.0, 30.0]), 10.0, 30.0, 0.25) == pytest.approx(5.0)
    assert math.isnan(time_to_fraction_ms(t, np.array([-60.0, -59.0, -58.0]), -60.0, 0.0))
