"""Is a steady state stable? A certificate from the linearisation where it applies, a probe
where it does not.

Certificate (small gain). Linearised at a steady state, a membrane whose states are
independent first-order gates dm/dt = (m_inf(V) - m) / tau(V) has, for a perturbation
~ exp(lambda t), the nodal equation

    [lambda C + G_inst + G_gates(lambda)] dV = 0,   G_gates(lambda) = diag_j sum_k
        (dI_j/dm_k) (dm_inf,k/dV) / (1 + lambda tau_k),

where G_inst is the cell's conductance matrix with every gate frozen (axial conductances
and each segment's instantaneous slope conductance) and C its capacitances. With every
instantaneous slope conductance >= 0, G_inst is a non-singular M-matrix, and for Re lambda
>= 0 so is the comparison matrix of lambda C + G_inst, whence |(lambda C + G_inst)^-1| <=
G_inst^-1 elementwise (Ostrowski); and |1 / (1 + lambda tau)| <= 1. So if

    rho( G_inst^-1 G_abs ) < 1,   G_abs = diag_j sum_k |dI_j/dm_k * dm_inf,k/dV|,

no eigenvalue has Re lambda >= 0: the steady state is stable. Only the segments that carry
gates enter, so rho is that of a small matrix: G_inst^-1 among them is NEURON's transfer
impedance with frozen gates (Impedance.compute(0, 0), exact for a frozen linearisation),
and the gains are finite differences of the gated mechanisms' currents and steady states.
It applies when every mechanism is one whose states are independent first-order gates and
whose instantaneous slope is non-negative (declared certifiable: ahp's Ca2+ pool is such a state,
with cas_inf(V); the slope of every gated segment is checked at the steady state, since a
Ca2+ current's can be negative), without ion accumulation, with at
most CERTIFY_MAX_SEGMENTS gated segments; it is used with a factor CERTIFY_MARGIN to spare.

Probe. Otherwise, or when the certificate does not hold, the segments carrying gates are
nudged by PROBE_MV and the cell is followed with CVODE: stable when the nudge has decayed
PROBE_DECAY-fold, unstable when it grows to 100 x PROBE_MV or the cell spikes.
"""
from __future__ import annotations

import numpy as np

from ..mechanisms import mechanisms
from ..mechanisms.loading import h
from .cellstate import concentration_states, ions_at
from .nrnglobals import CVODE
from .runner import Simulation

CERTIFY_MAX_SEGMENTS = 24
CERTIFY_MARGIN = 0.5
GATE_EPS = 1e-6          # finite-difference steps: a gate,
V_EPS_MV = 1e-3          # and the potential
PROBE_MV = 0.01
PROBE_ATOL = 1e-6
PROBE_DECAY = 5.0
PROBE_CHUNK_MS = 5.0
PROBE_MAX_MS = 3000.0


def certifiable() -> frozenset:
    """The mechanisms the certificate covers: those declared certifiable."""
    return frozenset(m.suffix for m in mechanisms() if m.certifiable)


def _ionic_nA(seg) -> float:
    """The ionic membrane current of a segment (nA, outward positive): every ion's current."""
    total = sum(getattr(seg, f"i{ion}") for ion in ions_at(seg))
    return total * seg.area() * 1e-2  # mA/cm2 * um2 -> nA


def small_gain_rho(cell, ss, run) -> float | None:
    """rho(G_inst^-1 G_abs) at steady state `ss` (see the module docstring); None where the
    certificate does not apply. run: an open `engine.solver.SteadyRun` of the cell."""
    layout = ss.layout
    if (not layout.mechanisms <= certifiable()
            or concentration_states(layout.names)):
        return None
    gated = list(layout.gated_v_index)
    if not gated or len(gated) > CERTIFY_MAX_SEGMENTS:
        return None
    secs = {sec.name(): sec for sec in cell.sections}
    segs = [secs[layout.names[i][0]](layout.names[i][1]) for i in gated]
    gates = {}  # state name -> [(index in y, gated segment number)]
    for j, i in enumerate(gated):
        k = i + 1
        while k < layout.size and layout.names[k][2] != "v" and layout.names[k][:2] == layout.names[i][:2]:
            gates.setdefault(layout.names[k][2], []).append((k, j))
            k += 1
    run.sim.set_state(ss.y)
    h.fcurrent()
    z = np.empty((len(segs), len(segs)))
    for a, seg in enumerate(segs):
        imp = h.Impedance()
        imp.loc(seg.x, sec=seg.sec)
        imp.compute(0, 0)
        for b, other in enumerate(segs):
            z[b, a] = imp.transfer(other.x, sec=other.sec)  # MOhm
    base = np.array([_ionic_nA(seg) for seg in segs])
    y = ss.y.copy()
    y[gated] += V_EPS_MV
    run.sim.set_state(y)
    h.fcurrent()
    if any(_ionic_nA(seg) < b for seg, b in zip(segs, base)):
        return None  # a negative instantaneous slope (e.g. a Ca2+ current's): no M-matrix
    di_dm = {}
    for state, where in gates.items():  # every segment's gate of one name at once: local
        y = ss.y.copy()
        for k, _ in where:
            y[k] += GATE_EPS
        run.sim.set_state(y)
        h.fcurrent()
        di_dm[state] = [(_ionic_nA(segs[j]) - base[j]) / GATE_EPS for _, j in where]
    m_inf = []
    for sign in (+1, -1):  # steady-state gates at V +- V_EPS: NEURON's INITIAL blocks
        y = ss.y.copy()
        y[gated] += sign * V_EPS_MV
        run.sim.set_state(y)
        h.finitialize()  # without an argument: every potential stays as it is
        m_inf.append(run.sim.state())
    g_abs = np.zeros(len(segs))
    for state, where in gates.items():
        for (k, j), d_i in zip(where, di_dm[state]):
            dm_dv = (m_inf[0][k] - m_inf[1][k]) / (2 * V_EPS_MV)
            g_abs[j] += abs(d_i * dm_dv)  # nA/mV = uS
    m = z * g_abs[None, :]
    if not np.all(np.isfinite(m)):
        return None  # an (almost) insulating segment: no finite G_inst^-1, no certificate
    return float(np.max(np.abs(np.linalg.eigvals(m))))


def probe(cell, ss) -> tuple:
    """(stable, reason): follow a PROBE_MV nudge of the gated segments with CVODE."""
    y0 = ss.y.copy()
    y0[ss.layout.gated_v_index] += PROBE_MV  # where an instability can start
    v_ref = ss.v_all_mV
    with Simulation(cell, start=y0, integrator=CVODE.with_(atol=PROBE_ATOL),
                    stop_at_spike=True) as sim:
        t, d = 0.0, PROBE_MV
        while t < PROBE_MAX_MS:
            t += PROBE_CHUNK_MS
            if not sim.advance(t):
                return False, (f"a {PROBE_MV:g} mV nudge from its steady state at "
                               f"{ss.v_mV(cell.default_site()):.2f} mV makes it spike "
                               f"(at {sim.spikes_ms[0]:.0f} ms): it fires on its own")
            d = float(np.max(np.abs(sim.v_mV() - v_ref)))
            if d <= PROBE_MV / PROBE_DECAY:
                return True, ""
            if d >= 100 * PROBE_MV:
                return False, (f"a {PROBE_MV:g} mV nudge grows to {d:.2g} mV in {t:.0f} ms: "
                               "its steady state is unstable (it oscillates or fires)")
    if d <= PROBE_MV:
        return True, ""
    return False, f"a {PROBE_MV:g} mV nudge has not decayed after {PROBE_MAX_MS:.0f} ms"
