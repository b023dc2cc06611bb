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
    settled_columns,
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


def test_settled_state_balances_each_ion_through_the_pump():
    """Half the K+ leak closed in a passive 20-um sphere whose concentrations move, the pump's
    number kept: after 6 h the cell has settled (V moves < 1e-6 mV over the last tenth) at a
    state where each ion's leak is carried back by the pump at the new [Na+]i: i_Na,leak +
    3 i_pump = 0 and i_K,leak - 2 i_pump = 0 (i_pump the net current, 3 Na+ out and 2 K+ in
    per cycle, from the spec's pump law at the settled [Na+]i). The sphere is isopotential
    and its concentrations uniform, so the means are the local values. Tolerance 1e-4 of the
    leak currents: CVODE's atol on concentrations (1e-7 relative) and the last tenth's drift
    bound what is left."""
    base = lm.MembraneSpec().without_spikes()
    closed = base.modulated(kleak_fopen=0.5 * base.kleak_fopen)
    with lm.sphere(20.0, membrane=closed.with_(accumulate_ions=True)) as cell:
        s = settled_columns(cell, 6.0, base.leak_rest_mV())
    assert abs(s["dv_last_tenth_mV"]) < 1e-6
    # at 1 s V has followed the membrane (tau ~20 ms) to the fixed-concentration rest, less
    # what the ions moved in that second (~0.01 mV in a 20-um sphere)
    assert s["v_early_mV"] == pytest.approx(closed.leak_rest_mV(), abs=0.05)
    at = closed.with_(nai_mM=s["nai_settled_mM"], ki_mM=s["ki_settled_mM"])
    v = s["v_settled_mV"]
    i_na = physics.ghk_current_mA_cm2(v, at.pna_cm_s, at.nai_mM, at.nao_mM, 1, at.celsius_degC)
    i_k = physics.ghk_current_mA_cm2(v, at.pk_effective_cm_s, at.ki_mM, at.ko_mM, 1,
                                     at.celsius_degC)
    i_pump = at.pump_current_mA_cm2()
    assert i_na + 3 * i_pump == pytest.approx(0.0, abs=1e-4 * abs(i_na))
    assert i_k - 2 * i_pump == pytest.approx(0.0, abs=1e-4 * abs(i_k))
    # ions moved, and the amounts are what the currents carried
    assert s["na_moved_amol"] > 0 and s["k_moved_amol"] > 0
    assert s["na_balance_error_amol"] < 1e-4 * s["na_moved_amol"]
    assert s["k_balance_error_amol"] < 1e-4 * s["k_moved_amol"]
    # the ions that moved put it away from where it was at fixed concentrations (here 1.1 mV
    # further from the old rest)
    assert abs(v - s["v_early_mV"]) > 0.5
