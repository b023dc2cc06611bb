"""kleak.mod and naleak.mod: GHK currents of the K+ and Na+ leaks."""
import pytest
from neuron import h

import leakmodels as lm
from leakmodels.spec import physics as P

PASSIVE = lm.MembraneSpec().without_spikes()


def _clamp_state(cell, v_mV):
    """Initialise the cell at v_mV and evaluate every current there (no time step)."""
    h.celsius = cell.celsius_degC  # plain NEURON; the fixture restores it
    h.finitialize(v_mV)
    h.fcurrent()


@pytest.mark.parametrize("v_mV", [-120.0, -68.5, -1e-6, 0.0, 1e-6, 35.0])
def test_kleak_naleak_currents_are_ghk(v_mV):
    """kleak: ik = pbar*fopen*GHK(v, ki, ko); naleak: ina = pbar*GHK(v, nai, nao).

    The mod files and physics.ghk_current_mA_cm2 implement the same formula (including the
    series branch at v = 0), so they agree to floating-point rounding: rel 1e-9."""
    mem = PASSIVE.with_(pump_imax_mA_cm2=0.0, kleak_fopen=0.7)
    with lm.sphere(10, membrane=mem) as cell:
        _clamp_state(cell, v_mV)
        seg = cell.soma(0.5)
        assert seg.kleak.ik == pytest.approx(
            P.ghk_current_mA_cm2(v_mV, 0.7 * mem.pk_cm_s, 140, 5), rel=1e-9, abs=1e-18)
        assert seg.naleak.ina == pytest.approx(
            P.ghk_current_mA_cm2(v_mV, mem.pna_cm_s, 10, 145), rel=1e-9, abs=1e-18)
