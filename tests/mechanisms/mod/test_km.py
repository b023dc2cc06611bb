"""km.mod, the M-current (Kv7): its steady state under clamp, and what it does for S4."""
import math

import pytest

import leakmodels as lm
from leakmodels.engine.nrnglobals import CVODE
from leakmodels.engine.runner import Record, Simulation
from leakmodels.engine.stimuli import VoltageClamp


@pytest.mark.parametrize("v_mV", [-70.0, -50.0, -30.0])
def test_clamped_m_current_is_gbar_m_inf_times_the_k_driving_force(v_mV):
    """Clamped at V for > 20 time constants, ik_km = gbar * m_inf(V) * (V - E_K) with
    m_inf = 1 / (1 + exp(-(V - vhalf)/k)): read from the running mechanism after CVODE
    (atol 1e-9) has relaxed the gate to 1e-8, so 1e-6 relative is ample. A gate that opened
    on hyperpolarisation or a wrong reversal fails by orders."""
    mem = lm.MembraneSpec(gkm_S_cm2=1e-3, gnav_soma_S_cm2=0.0, gkdr_soma_S_cm2=0.0)
    with lm.sphere(10.0, membrane=mem) as cell:
        seg = cell.soma(0.5)
        with Simulation(cell, start=-80.0, stimuli=(VoltageClamp(((math.inf, v_mV),), site=seg),),
                        records=(Record("ik_km", seg, times_ms=(3000.0,)),
                                 Record("v", seg, times_ms=(3000.0,))),
                        integrator=CVODE.with_(atol=1e-9, rtol=1e-9)) as sim:
            assert sim.advance(3000.0)
            ik, v = sim.trace(0)[1][-1], sim.trace(1)[1][-1]
        km = seg.km
        m_inf = 1 / (1 + math.exp(-(v - km.vhalf) / km.k))
        assert ik == pytest.approx(km.gbar * m_inf * (v - mem.ek_mV), rel=1e-6)
        assert ik > 0  # outward above E_K


def test_the_m_current_is_open_at_rest_and_holds_the_half_k_leak_interneuron():
    """S4 with the interneuron's own membrane: Kv7 is partly open at rest (a resting K+
    conductance besides the leak), and when half the K+ leak is lost the cell still rests,
    depolarised, with R_in up and rheobase down (SCIENCE.md S4); without Kv7 the same loss
    makes it fire on its own. Removing the M-current or making it close on depolarisation
    fails this."""
    wt = lm.INTERNEURON_MEMBRANE
    half = wt.modulated(pk_cm_s=wt.pk_cm_s * 0.5)
    with lm.interneuron() as cell:
        assert cell.soma.has_membrane("km")
        assert not any(s.has_membrane("km") for s in cell.sections_in("dend"))
        v0, r0, rh0 = lm.resting_potential(cell), lm.input_resistance(cell), lm.rheobase(cell)
        assert 0.02 < cell.soma(0.5).km.m_inf < 0.2  # open a few per cent at rest
    with lm.interneuron(membrane=half) as cell:
        v1, r1, rh1 = lm.resting_potential(cell), lm.input_resistance(cell), lm.rheobase(cell)
    assert v1 > v0 + 2.0 and r1 > r0 and rh1 < rh0
    without = half.with_(gkm_S_cm2=0.0)
    with lm.interneuron(membrane=without) as cell:
        with pytest.raises(lm.NoRestError):
            lm.resting_potential(cell)
