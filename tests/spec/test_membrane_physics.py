"""leakmodels.spec.membrane_physics: what a membrane's numbers imply, against closed forms.

The numbers are exact functions of the spec (no simulation), so the tolerances are those of
floating point (1e-9 mV) and of the root finder for a partly blocked pump (1e-6 mV)."""
import math

import pytest

import leakmodels as lm
from leakmodels.spec import physics

M = lm.DEFAULT_MEMBRANE
RT_F_MV = physics.rt_over_f_mV(M.celsius_degC)


def test_the_balanced_rest_is_the_mullins_noda_potential():
    """V = (RT/F) ln[(1.5 PK Ko + PNa Nao) / (1.5 PK Ki + PNa Nai)]: 3 Na+ out for 2 K+ in
    balances the pump's net current against the leaks at this V (about -68.6 mV)."""
    pk, pna = M.pk_effective_cm_s, M.pna_cm_s
    v = RT_F_MV * math.log((1.5 * pk * M.ko_mM + pna * M.nao_mM)
                           / (1.5 * pk * M.ki_mM + pna * M.nai_mM))
    assert M.leak_rest_mV() == pytest.approx(v, abs=1e-9)
    assert -69.0 < v < -68.0


def test_a_blocked_pump_leaves_the_ghk_voltage_and_half_a_pump_lies_between():
    """pump_block=1: no pump current, so the GHK voltage equation; the pump's outward current
    hyperpolarises, so half of it rests between the two (the root of the current balance)."""
    ghk = physics.ghk_voltage_mV(M.pk_effective_cm_s, M.pna_cm_s, M.ki_mM, M.ko_mM, M.nai_mM,
                                 M.nao_mM, M.celsius_degC)
    blocked, half = M.modulated(pump_block=1.0), M.modulated(pump_block=0.5)
    assert blocked.leak_rest_mV() == pytest.approx(ghk, abs=1e-6)
    assert blocked.leak_rest_mV() > half.leak_rest_mV() > M.leak_rest_mV()


def test_nernst_potentials_follow_the_concentrations():
    assert M.ek_mV == pytest.approx(RT_F_MV * math.log(M.ko_mM / M.ki_mM), abs=1e-9)
    assert M.ena_mV == pytest.approx(RT_F_MV * math.log(M.nao_mM / M.nai_mM), abs=1e-9)
