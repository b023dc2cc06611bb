"""Simulated cells against the analytic limits of ../shared/SCIENCE.md.

The leaks are GHK channels, so the membrane is ohmic only for small signals: R_m is the
slope resistance of the leaks at rest, 1/(dI_K/dV + dI_Na/dV), which
MembraneSpec.rest_slope_rm_ohm_cm2() computes in closed form (the pump is voltage
independent and adds no conductance). Impedance at DC linearises the cell exactly there.
"""
import math

import numpy as np
import pytest
from neuron import h

import leakmodels as lm
from leakmodels.engine.nrnglobals import settings
from leakmodels.engine.stimuli import CurrentStep
from leakmodels.spec import physics as P
from leakmodels.spec.membrane import DEFAULT_RA_OHM_CM as RA

PASSIVE = lm.MembraneSpec().without_spikes()
RM = PASSIVE.rest_slope_rm_ohm_cm2()


def test_passive_membrane_resistance_is_about_10_kohm_cm2():
    """The default leaks were chosen for R_m near 10 kOhm cm2 (Fleshman et al. 1988): 5-20 k."""
    assert 5e3 < RM < 2e4


@pytest.mark.parametrize("diam_um", [5.0, 20.0, 80.0])
def test_sphere_input_resistance(diam_um):
    """Isopotential sphere: R_in = R_m / (4 pi r^2) = R_m / (pi d^2).

    Impedance linearises at the exact rest; NEURON's di/dv is a 1-uV finite difference of
    the GHK current, whose curvature gives a relative error below 1e-5: tolerance 1e-4."""
    with lm.sphere(diam_um, membrane=PASSIVE) as cell:
        assert lm.input_resistance(cell) == pytest.approx(
            P.sphere_input_resistance_MOhm(diam_um, RM), rel=1e-4)


def test_sphere_time_constant_and_charging_curve():
    """tau = R_m C_m, and V(t) - V_rest = I R_in (1 - exp(-t/tau)) for a step I.

    A -0.1 mV step keeps the GHK nonlinearity (0.07 % per 0.1 mV, see test_impedance_and_step)
    negligible; CVODE runs at atol 1e-9 mV. The fitted tau and the curve match to 0.2 %: the
    bound is the fit over a window of the log of a decaying difference."""
    tau_expected = RM * 1e-6 * 1e3  # ohm cm2 * uF/cm2 = us -> ms
    with lm.sphere(20, membrane=PASSIVE) as cell:
        assert lm.time_constant(cell) == pytest.approx(tau_expected, rel=2e-3)
        rin = P.sphere_input_resistance_MOhm(20, RM)
        amp = -0.1 / rin
        v_rest = lm.resting_potential(cell)
        run = lm.voltage_trace(cell, (CurrentStep(amp),), 5 * tau_expected, atol=1e-9)
        t, dv = run.t_ms, run.v_mV - v_rest
        expected = amp * rin * (1 - np.exp(-t / tau_expected))
        late = t > 0.5
        assert np.max(np.abs(dv[late] - expected[late])) < 2e-3 * abs(amp * rin)


@pytest.mark.parametrize("length_um", [200.0, 700.0, 2000.0])
def test_sealed_cable_input_resistance_converges_with_nseg(length_um):
    """Finite cable, sealed far end, current at x = 0: R_in = r_a lambda coth(L/lambda).

    The second-order spatial discretisation errs by O((dx/lambda)^2): the error must fall
    with nseg (by ~9x per tripling, measured 8.6-9.1x) and be below 1e-4 relative at
    nseg = 243 (measured 1.4e-5 for L = 2000 um, about 2.8 lambda)."""
    d = 2.0
    expected = P.sealed_cable_input_resistance_MOhm(length_um, d, RM, RA)
    errors = []
    for nseg in (1, 3, 9, 27, 81, 243):
        with lm.cylinder(length_um, d, membrane=PASSIVE, nseg=nseg) as cell:
            r = lm.input_resistance(cell, site=cell.soma(0))
        errors.append(abs(r / expected - 1))
    assert errors[-1] < 1e-4
    # second order: each tripling cuts the error ~9x until the 1e-5 floor set by the
    # 1-uV finite-difference slope of the GHK leak
    for a, b in zip(errors, errors[1:]):
        if a > 1e-4:
            assert b < a / 6, errors


def test_semi_infinite_limit():
    """For L >> lambda, coth -> 1 and R_in -> r_a lambda (L = 8 lambda: coth(8)-1 = 2e-7);
    tolerance 1e-4 as for the sealed cable at fine nseg."""
    d = 1.0
    lam = P.cable_length_constant_um(RM, d, RA)
    r_inf = P.axial_resistance_per_length_ohm_per_cm(d, RA) * lam * 1e-4 * 1e-6
    with lm.cylinder(8 * lam, d, membrane=PASSIVE, nseg=801) as cell:
        assert lm.input_resistance(cell, site=cell.soma(0)) == pytest.approx(r_inf, rel=1e-4)


def test_ball_and_stick_conductances_add():
    """Ball and stick: G_in = G_soma + n G_dend, G_soma = pi d^2 / R_m, G_dend = 1/(r_a lambda coth(L/lambda)).

    With nseg = 101 the dendritic discretisation error is ~1e-6; the soma (20 um) is
    isopotential to 1e-6 as well: tolerance 1e-4."""
    soma_d, L, d, n = 20.0, 300.0, 1.5, 3
    g_soma = 1 / P.sphere_input_resistance_MOhm(soma_d, RM)
    g_dend = 1 / P.sealed_cable_input_resistance_MOhm(L, d, RM, RA)
    with lm.ball_and_stick(soma_d, L, d, n_dend=n, membrane=PASSIVE, nseg=101) as cell:
        assert lm.input_resistance(cell) == pytest.approx(1 / (g_soma + n * g_dend), rel=1e-4)


@pytest.mark.parametrize("ratio", [1.0, 0.3, 0.1, 0.05, 0.04, 0.01])
def test_ghk_resting_potential(ratio):
    """Leaks only (no pump, no spike channels): V_rest = GHK voltage equation.

    The rest is solved directly to 1e-10 mV; the GHK voltage is closed-form: tolerance 1e-6 mV
    (NEURON's Faraday and R constants agree with physics' to ~1e-9 relative)."""
    mem = PASSIVE.with_(pump_imax_mA_cm2=0.0, pna_cm_s=ratio * PASSIVE.pk_cm_s)
    with lm.sphere(15, membrane=mem) as cell:
        assert lm.resting_potential(cell) == pytest.approx(
            P.ghk_voltage_mV(1.0, ratio, 140, 5, 10, 145), abs=1e-6)


def test_pump_steady_state_zero_net_flux():
    """With the balanced pump, at rest the net Na+ and K+ currents vanish and the pump carries
    -(i_Na,leak) = 3 p and i_K,leak = 2 p (Mullins-Noda rest). Tolerance: 1e-6 of the leak
    currents (the rest is solved to 1e-10 mV; times a slope conductance of 1e-4 S/cm2 that is
    1e-14 mA/cm2 against leak currents of 2e-3 mA/cm2: the bound is generous)."""
    with lm.sphere(20, membrane=PASSIVE) as cell:
        v = lm.resting_potential(cell)  # leaves the cell at its rest
        with settings(cell.celsius_degC):
            h.fcurrent()
            seg = cell.soma(0.5)
            leak_na, leak_k = seg.naleak.ina, seg.kleak.ik
            assert v == pytest.approx(PASSIVE.leak_rest_mV(), abs=1e-6)
            assert abs(seg.ina) < 1e-6 * abs(leak_na)
            assert abs(seg.ik) < 1e-6 * abs(leak_k)
            assert seg.nakpump.ina == pytest.approx(-leak_na, rel=1e-6)
            assert seg.nakpump.ik == pytest.approx(-leak_k, rel=1e-6)
            assert seg.nakpump.ina / seg.nakpump.ik == pytest.approx(-1.5, rel=1e-9)


def test_pump_restores_balance_after_na_load():
    """Start with Na+ raised to 20 mM in a small accumulating cell: the pump speeds up, Na+ falls
    back to 10 mM (the concentration the pump was balanced for) and V returns to the
    Mullins-Noda rest. Na+ relaxes exponentially; after 30 time constants of the slow
    Na+ relaxation the residual is < 1e-3 mM."""
    mem = PASSIVE.with_(accumulate_ions=True)
    imax = mem.pump_imax()
    loaded = mem.with_(nai_mM=20.0, ki_mM=130.0, pump_imax_mA_cm2=imax)
    with lm.sphere(1.0, membrane=loaded) as cell:
        seg = cell.soma(0.5)
        h.celsius = 37.0
        h.cvode_active(1)
        h.cvode.atol(1e-8)
        h.finitialize(-60.0)
        h.cvode.solve(600e3)
        assert h.t == pytest.approx(600e3)
        assert seg.nai == pytest.approx(10.0, abs=1e-3)
        assert abs(seg.ina) < 1e-6 * abs(seg.naleak.ina)
        assert abs(seg.ik) < 1e-6 * abs(seg.kleak.ik)
        assert seg.v == pytest.approx(P.pump_balanced_rest_mV(
            mem.pk_cm_s, mem.pna_cm_s, seg.ki, 5, seg.nai, 145), abs=1e-3)
        h.cvode_active(0)


def test_impedance_agrees_on_an_isopotential_passive_cell():
    """A one-segment passive sphere is the case NEURON's Impedance gets right: R_in from
    Impedance.compute(0, 1) and from the steady-state solves agree to the solves' 1e-6
    (tolerance 1e-5). Where it goes wrong: tests/test_engine.py."""
    with lm.sphere(20, membrane=PASSIVE) as cell:
        assert lm.input_resistance(cell, method="impedance") == pytest.approx(
            lm.input_resistance(cell), rel=1e-5)


def _steady_state_fold(cell, v_rest_mV):
    """Max over V of the holding current of the steady-state I-V (voltage clamp), and its V."""
    vc = h.SEClamp(cell.soma(0.5))
    vc.dur1, vc.rs = 1e9, 1e-3
    vs = np.arange(v_rest_mV, -30.0, 0.1)
    currents = []
    h.cvode_active(1)
    for v in vs:
        vc.amp1 = v
        h.finitialize(v)
        h.cvode.solve(200.0)
        currents.append(vc.i)
    h.cvode_active(0)
    currents = np.array(currents) - currents[0]
    k = int(np.argmax(currents))
    return currents[k], vs[k]


def test_rheobase_isopotential_limit():
    """Isopotential cell: a long step fires once the steady-state I-V has no resting branch
    left, i.e. at the fold I_fold = max_V I_ss(V) (here a saddle-node: the cell starts firing
    at low rate). A 500 ms step with 0.1 % bisection finds it within 1 % (slow passage near
    the fold lets a slightly larger current be needed in finite time).
    To first order I_rh = (V_th - V_rest)/R_in with V_th the fold voltage; the I-V bends down
    towards threshold (regenerative Na+ current), so the first-order value is an upper
    bound, within 40 %."""
    with lm.sphere(20) as cell:
        v_rest = lm.resting_potential(cell)
        rin = lm.input_resistance(cell)
        rh = lm.rheobase(cell, precision=1e-3)
        h.celsius = cell.celsius_degC
        i_fold, v_th = _steady_state_fold(cell, v_rest)
    assert rh == pytest.approx(i_fold, rel=1e-2)
    first_order = (v_th - v_rest) / rin
    assert 0.6 * first_order < rh <= first_order


@pytest.mark.parametrize("changes", [dict(pump_block=0.5), dict(pump_imax_mA_cm2=0.02),
                                     dict(pump_imax_mA_cm2=0.0), dict(pump_block=1.0)])
def test_rest_with_any_pump_current(changes):
    """Leaks + a voltage-independent pump of any strength: V_rest solves
    i_K,leak(V) + i_Na,leak(V) + i_pump = 0 (MembraneSpec.leak_rest_mV, brentq to 1e-12).
    The rest is solved to 1e-10 mV: tolerance 1e-6 mV."""
    mem = PASSIVE.with_(**changes)
    with lm.sphere(15, membrane=mem) as cell:
        assert lm.resting_potential(cell) == pytest.approx(mem.leak_rest_mV(), abs=1e-6)


def test_non_uniform_membrane_ball_and_stick():
    """A leakier soma (pas g 5e-4 S/cm2) on a dendrite of g 1e-4 S/cm2, both e = -70 mV, leak
    mechanisms off: G_in = g_soma pi d^2 + 1/(r_a lambda coth(L/lambda)) with lambda from
    R_m = 1/g_dend. The step method is exact (tolerance 1e-4 as above); NEURON 9.0.2's
    extended Impedance misreads this cell (README), so it is not asserted here."""
    insulator = PASSIVE.with_(pk_cm_s=0.0, pna_cm_s=0.0, pump_imax_mA_cm2=0.0)
    soma_d, L, d = 20.0, 500.0, 2.0
    with lm.ball_and_stick(soma_d, L, d, membrane=insulator, nseg=101) as cell:
        for sec in cell.sections:
            sec.insert("pas")
            for seg in sec:
                seg.pas.e = -70.0
                seg.pas.g = 5e-4 if sec == cell.soma else 1e-4
        g_soma = 5e-4 * math.pi * (soma_d * 1e-4) ** 2 * 1e6  # uS
        g_dend = 1 / P.sealed_cable_input_resistance_MOhm(L, d, 1e4, RA)
        assert lm.input_resistance(cell) == pytest.approx(1 / (g_soma + g_dend), rel=1e-4)
