"""The NMODL mechanisms against their own stated equations, and the ion settings."""
import math

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


def test_concentrations_and_reversals_are_set_explicitly():
    """Every segment carries the spec's concentrations after finitialize, never NEURON's squid
    defaults (nai 10, ki 54.4, ko 2.5, nao 140), and ena/ek are their Nernst potentials at the
    spec's temperature (to 1e-6 mV: NEURON's and our constants differ below that)."""
    mem = lm.MembraneSpec(nai_mM=12.0, ki_mM=130.0, ko_mM=4.0, nao_mM=150.0, celsius_degC=34.0)
    for accumulate in (False, True):
        with lm.ball_and_stick(15, 200, 1, membrane=mem.with_(accumulate_ions=accumulate)) as cell:
            _clamp_state(cell, -65.0)
            assert h.celsius == 34.0
            for seg in cell.segments():
                assert (seg.nai, seg.ki, seg.ko, seg.nao) == (12.0, 130.0, 4.0, 150.0)
                assert seg.ek == pytest.approx(P.nernst_mV(4, 130, 1, 34.0), abs=1e-3)
                assert seg.ena == pytest.approx(P.nernst_mV(150, 12, 1, 34.0), abs=1e-3)


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


def test_accumulation_conserves_ion_amounts():
    """nakacc: d(nai)/dt = -ina A / (F W). Blocking the pump lets Na+ leak in and K+ out; the
    change of the amount inside (mol) equals the integral of the membrane current over F.
    With a sphere W/A = d/6. Over 2 s the integral is taken by the trapezoid rule on 0.1 ms
    samples of a current that changes by <1 %: its error is far below the 1e-4 tolerance."""
    mem = PASSIVE.with_(accumulate_ions=True, pump_block=1.0)
    with lm.sphere(5, membrane=mem) as cell:
        seg = cell.soma(0.5)
        area_cm2 = seg.area() * 1e-8
        vol_L = cell.volume_um3 * 1e-15
        assert cell.volume_um3 == pytest.approx(math.pi * 5 ** 3 / 6, rel=1e-12)
        tv, ina = h.Vector().record(h._ref_t, 0.1), h.Vector().record(seg._ref_ina, 0.1)
        h.cvode_active(0)
        h.dt = 0.025
        h.celsius = cell.celsius_degC  # plain NEURON; the fixture restores it
        h.finitialize(-68.0)
        nai0, ki0 = seg.nai, seg.ki
        while h.t < 2000.0 - 1e-9:
            h.fadvance()
        import numpy as np
        q_na_C = np.trapezoid(np.array(ina), np.array(tv)) * 1e-3 * 1e-3 * area_cm2  # mA/cm2*ms -> C
        dn_expected_mol = -q_na_C / P.FARADAY_C_PER_MOL
        dn_mol = (seg.nai - nai0) * 1e-3 * vol_L
        assert dn_mol > 0
        assert dn_mol == pytest.approx(dn_expected_mol, rel=1e-4)
        # charge: Na+ in and K+ out nearly cancel (only the capacitive charge differs)
        dk_mol = (seg.ki - ki0) * 1e-3 * vol_L
        q_cap_mol = abs(cell.soma(0.5).v + 68.0) * 1e-3 * 1e-6 * area_cm2 / P.FARADAY_C_PER_MOL
        assert abs(dn_mol + dk_mol) <= q_cap_mol * 1.01 + 1e-24
