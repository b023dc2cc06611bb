"""leakmodels.engine.stability: the small-gain certificate against a dense computation.

On a 5-segment cable with nav and kdr everywhere (every segment gated, so the certificate
applies) the test builds, from NEURON's segments and nothing of the certificate's code path,
the cable's conductance matrix with frozen gates,

    G_inst = axial Laplacian (1 / seg.ri()) + diag(dI_ion/dV, gates frozen)   [uS],

and the gates' gain diag sum_k |dI/dm_k dm_k,inf/dV|, and the whole linearisation with the
gates' dynamics (their time constants from the mechanisms' RANGE tau_*),

    C dV/dt = -G_inst dV - sum_k dI/dm_k dm_k,   dm_k/dt = (dm_k,inf/dV dV - dm_k) / tau_k.

rho(G_inst^-1 G_abs) must equal the certificate's (which reads G_inst^-1 from NEURON's
transfer impedances), and the theorem must hold both ways round: at the rest rho < 1 and every
eigenvalue of the linearisation has a negative real part; at a steady state on the unstable
branch of the I-V (held by a constant current) an eigenvalue is positive, and the certificate
must not vouch for it (rho >= 1).
"""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.engine.rest import rest
from leakmodels.engine.solver import SteadyRun
from leakmodels.engine.stability import small_gain_rho
from leakmodels.engine.steadystate import SteadyState
from leakmodels.measure.rheobase import steady_iv_fold
from leakmodels.mechanisms.loading import h

EPS_MV, EPS_GATE = 1e-4, 1e-6
TAU = {"m_nav": "tau_m", "h_nav": "tau_h", "n_kdr": "tau_n"}  # gate -> its RANGE time constant


def _ionic_nA(seg):
    return (seg.ina + seg.ik) * seg.area() * 1e-2


def _linearisation(cell, ss: SteadyState, run):
    """(G_inst uS, G_abs uS, full Jacobian 1/ms) at steady state `ss` (see the docstring)."""
    layout, segs = ss.layout, list(cell.segments())
    n = len(segs)
    v_at = [layout.site_index(seg) for seg in segs]
    gates = [(i, name) for i, name in enumerate(layout.names) if name[2] in TAU]
    owner = {i: next(j for j, seg in enumerate(segs)
                     if (seg.sec.name(), round(seg.x, 9)) == name[:2]) for i, name in gates}

    def currents(y):
        run.sim.set_state(y)
        h.fcurrent()
        return np.array([_ionic_nA(seg) for seg in segs])

    base = currents(ss.y)
    g_inst = np.zeros((n, n))
    for j, seg in enumerate(segs):
        y = ss.y.copy()
        y[v_at[j]] += EPS_MV
        g_inst[j, j] = (currents(y)[j] - base[j]) / EPS_MV
        if j > 0:  # the axial conductance to the previous segment's node
            g = 1.0 / seg.ri()
            g_inst[j, j] += g
            g_inst[j - 1, j - 1] += g
            g_inst[j, j - 1] = g_inst[j - 1, j] = -g
    di_dm = {}
    for i, _ in gates:
        y = ss.y.copy()
        y[i] += EPS_GATE
        di_dm[i] = (currents(y)[owner[i]] - base[owner[i]]) / EPS_GATE
    m_inf = []
    for sign in (+1, -1):  # every gate at its steady state for V +- EPS (NEURON's INITIAL)
        y = ss.y.copy()
        y[v_at] += sign * EPS_MV
        run.sim.set_state(y)
        h.finitialize()
        m_inf.append(run.sim.state())
    run.sim.set_state(ss.y)
    h.finitialize()  # rates at the steady state: the time constants there
    tau = {i: getattr(getattr(segs[owner[i]], name[2].split("_")[1]), TAU[name[2]])
           for i, name in gates}
    dminf = {i: (m_inf[0][i] - m_inf[1][i]) / (2 * EPS_MV) for i, _ in gates}
    g_abs = np.zeros(n)
    for i, _ in gates:
        g_abs[owner[i]] += abs(di_dm[i] * dminf[i])
    c_nF = np.array([seg.cm * seg.area() * 1e-5 for seg in segs])
    k = len(gates)
    jac = np.zeros((n + k, n + k))
    jac[:n, :n] = -g_inst / c_nF[:, None]
    for col, (i, _) in enumerate(gates, start=n):
        jac[owner[i], col] = -di_dm[i] / c_nF[owner[i]]
        jac[col, owner[i]] = dminf[i] / tau[i]
        jac[col, col] = -1.0 / tau[i]
    return g_inst, g_abs, jac


def _dense_rho(g_inst, g_abs) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(np.linalg.solve(g_inst, np.diag(g_abs))))))


@pytest.fixture
def cable():
    with lm.cylinder(300.0, 2.0, nseg=5) as cell:
        yield cell


def test_the_certificate_is_the_dense_small_gain_and_holds_at_rest(cable):
    ss = rest(cable)
    with SteadyRun(cable) as run:
        rho = small_gain_rho(cable, ss, run)
        g_inst, g_abs, jac = _linearisation(cable, ss, run)
    assert rho == pytest.approx(_dense_rho(g_inst, g_abs), rel=1e-4)  # finite differences
    assert rho < 1
    assert np.max(np.linalg.eigvals(jac).real) < 0  # what the certificate promised


def test_the_certificate_refuses_an_unstable_steady_state(cable):
    """Held 3 mV above the fold of the steady-state I-V (-60 mV) by a constant current, on
    its falling branch: a steady state, and an unstable one. rho < 1 there would be a false
    certificate."""
    v_mV = steady_iv_fold(cable).v_mV + 3.0
    held = lm.holding_state(cable, v_mV)
    i_hold = held.clamp_currents_nA[0]
    with SteadyRun(cable, (lm.CurrentStep(i_hold),)) as run:
        ss = run.solve(held.y, march=False)  # the same state under the current alone
        assert ss.v_mV(cable.soma(0.5)) == pytest.approx(held.v_mV(cable.soma(0.5)), abs=1e-6)
        rho = small_gain_rho(cable, ss, run)
        g_inst, g_abs, jac = _linearisation(cable, ss, run)
    assert np.max(np.linalg.eigvals(jac).real) > 0
    assert rho is not None and rho == pytest.approx(_dense_rho(g_inst, g_abs), rel=1e-4)
    assert rho >= 1 and not math.isnan(rho)
