"""nakpump.mod: 3 Na+ out, 2 K+ in and one ATP per cycle."""
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


def test_pump_stoichiometry_and_atp():
    """nakpump: ipump = imax(1-block)/((1+kmk/ko)^2 (1+kmna/nai)^3); ina = 3 ipump, ik = -2 ipump;
    atp_rate = ipump * 1e-3 / e per cm2 (exact formula: rel 1e-9)."""
    mem = PASSIVE.with_(pump_imax_mA_cm2=0.02, pump_block=0.25)
    with lm.sphere(10, membrane=mem) as cell:
        _clamp_state(cell, -70.0)
        pump = cell.soma(0.5).nakpump
        expected = 0.02 * 0.75 * P.pump_saturation(10, 5)
        assert pump.ipump == pytest.approx(expected, rel=1e-9)
        assert pump.ina == pytest.approx(3 * expected, rel=1e-9)
        assert pump.ik == pytest.approx(-2 * expected, rel=1e-9)
        assert pump.atp_rate == pytest.approx(expected * 1e-3 / P.ELEMENTARY_CHARGE_C, rel=1e-9)
