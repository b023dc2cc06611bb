"""hcn.mod: Na+ and K+ in a fixed conductance ratio."""
import math

import pytest
from neuron import h

import leakmodels as lm

PASSIVE = lm.MembraneSpec().without_spikes()


def _clamp_state(cell, v_mV):
    """Initialise the cell at v_mV and evaluate every current there (no time step)."""
    h.celsius = cell.celsius_degC  # plain NEURON; the fixture restores it
    h.finitialize(v_mV)
    h.fcurrent()


def test_hcn_writes_na_and_k_in_fixed_conductance_ratio():
    """hcn: ina = fna g (v - ena), ik = (1 - fna) g (v - ek), g = gbar m, m = m_inf at init:
    m_inf = 1/(1+exp((v - vhalf - camp_shift)/k)). Same formula: rel 1e-9."""
    mem = PASSIVE.with_(ghcn_S_cm2=1e-3, hcn_camp_shift_mV=10.0)
    with lm.sphere(10, membrane=mem) as cell:
        _clamp_state(cell, -90.0)
        seg = cell.soma(0.5)
        m = 1 / (1 + math.exp((-90 - (-85 + 10)) / 8))
        g = 1e-3 * m
        assert seg.hcn.m == pytest.approx(m, rel=1e-9)
        assert seg.hcn.ina == pytest.approx(0.37 * g * (-90 - seg.ena), rel=1e-9)
        assert seg.hcn.ik == pytest.approx(0.63 * g * (-90 - seg.ek), rel=1e-9)
