"""ahp.mod: the Ca2+ pool it fills, the SK current it opens, and what that does to firing."""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.engine.rest import rest
from leakmodels.engine.runner import Record, Simulation
from leakmodels.engine.stimuli import VoltageClamp
from leakmodels.measure.firing import ahp_result, fi_curve
from leakmodels.spec import physics

FARADAY = 96485.33212  # C/mol (NMODL's faraday unit to 1e-9)


def _soma_ahp(cell):
    return cell.soma(0.5).ahp


def test_ca_pool_under_a_voltage_clamp_follows_its_first_order_equation():
    """Clamped at V the pool obeys dcas/dt = (cas_inf - cas)/tau_ca with
    cas_inf = -tau_ca * ica * 1e4 / (2 F depth), ica = gcabar m_inf(V)^2 (V - E_Ca): from 0 it
    reaches cas_inf (1 - exp(-t / tau_ca)). The clamp holds V to ~1e-6 mV (series resistance
    1 kOhm) and CVODE (atol 1e-9 mM for cas) integrates a linear ODE, so 1e-4 relative is ample;
    a wrong charge (z = 1), a wrong sign or a missing 1e4 is off by 2x or orders."""
    mem = lm.MOTONEURON_MEMBRANE.with_(gsk_soma_S_cm2=0.0, gnav_soma_S_cm2=0.0, gkdr_soma_S_cm2=0.0)
    v_clamp, t_ms = 0.0, 30.0
    with lm.sphere(20.0, membrane=mem) as cell:
        ahp = _soma_ahp(cell)
        with Simulation(cell, start=rest(cell), stimuli=(VoltageClamp(((1e3, v_clamp),)),),
                        records=(Record("cas_ahp", times_ms=(t_ms,)), Record("v", times_ms=(t_ms,)))) as sim:
            assert sim.advance(t_ms)
            cas = sim.trace(0)[1][-1]
            v = sim.trace(1)[1][-1]
        eca = physics.nernst_mV(mem.cao_mM, mem.cai_mM, 2, mem.celsius_degC)
        m_inf = 1 / (1 + math.exp(-(v - ahp.vm) / ahp.km))
        ica = mem.gca_soma_S_cm2 * m_inf ** 2 * (v - eca)
        cas_inf = -mem.ahp_tau_ca_ms * ica * 1e4 / (2 * FARADAY * ahp.depth)
        expected = cas_inf * (1 - math.exp(-t_ms / mem.ahp_tau_ca_ms))
    assert v == pytest.approx(v_clamp, abs=1e-3)
    assert ica < 0 and cas == pytest.approx(expected, rel=1e-4)


def test_sk_current_is_gsk_q_times_the_k_driving_force():
    """ik_ahp = gskbar * cas / (cas + kd) * (V - E_K) at any state: set the pool by hand and
    read the current back (exact up to floating point)."""
    with lm.sphere(20.0, membrane=lm.MOTONEURON_MEMBRANE) as cell:
        seg = cell.soma(0.5)
        lm.resting_potential(cell)
        from leakmodels.mechanisms.loading import h

        h.finitialize(-60.0)
        seg.ahp.cas = 2 * seg.ahp.kd
        h.fcurrent()
        expected = seg.ahp.gskbar * (2 / 3) * (seg.v - seg.ek)
        assert seg.ahp.ik == pytest.approx(expected, rel=1e-9)
        assert seg.ahp.ik > 0  # outward above E_K: hyperpolarising


def test_the_ahp_is_shut_at_rest():
    """At rest the pool is empty (cas = 0) and SK adds nothing: V_rest and R_in of the default
    motoneuron with and without the AHP agree to 1e-4 mV and R_in to 1e-5 relative: all that
    remains is the Ca2+ current's window at -68.6 mV, m_inf^2 ~ 4e-9 of its maximum, which
    moves the soma by ~1e-5 mV (a pool or SK left open at rest moves it by millivolts)."""
    with lm.motoneuron() as cell:
        v, r = lm.resting_potential(cell), lm.input_resistance(cell)
        assert _soma_ahp(cell).cas < 1e-9
    with lm.motoneuron(membrane=lm.DEFAULT_MEMBRANE) as cell:
        assert not cell.soma.has_membrane("ahp")
        v0, r0 = lm.resting_potential(cell), lm.input_resistance(cell)
    assert v == pytest.approx(v0, abs=1e-4) and r == pytest.approx(r0, rel=1e-5)


def test_blocking_sk_removes_the_ahp_and_raises_the_rate():
    """Apamin's experiment (Zhang & Krnjevic 1987), on the interneuron (cheap) with the
    motoneuron's AHP: without SK the AHP after one spike shrinks and the steady rate at
    twice rheobase rises several-fold. A sign error in ik, a pool that never fills or an SK
    current that ignores Ca2+ fails this."""
    rates, ahps = {}, {}
    mem = lm.MOTONEURON_MEMBRANE
    for label, gsk in (("SK", mem.gsk_soma_S_cm2), ("apamin", 0.0)):
        with lm.interneuron(membrane=mem.with_(gsk_soma_S_cm2=gsk)) as cell:
            rh = lm.rheobase(cell)
            (pt,) = fi_curve(cell, [2.0 * rh], duration_ms=1000.0)
            rates[label] = pt.steady_rate_Hz
            ahps[label] = ahp_result(cell, 5 * rh)
    assert np.isfinite(rates["SK"]) and rates["apamin"] > 3 * rates["SK"]
    assert ahps["SK"].depth_mV > ahps["apamin"].depth_mV + 5.0
    assert ahps["SK"].duration_ms > 50.0
