"""Closed-form equations in leakmodels.physics against hand calculations."""
import math

import pytest

from leakmodels.spec import physics as P


def test_rt_over_f_at_37():
    """RT/F = 8.314462618 * 310.15 / 96485.33212 = 26.727 mV; exact arithmetic, tol 1e-3 mV."""
    assert P.rt_over_f_mV(37.0) == pytest.approx(26.727, abs=1e-3)


def test_nernst_ek_ena():
    """E = (RT/F) ln(co/ci): E_K = 26.727 ln(5/140) = -89.06 mV, E_Na = 26.727 ln(145/10) = +71.47 mV.

    Hand values to 0.01 mV (the rounding of the hand calculation)."""
    assert P.nernst_mV(5, 140) == pytest.approx(-89.06, abs=0.01)
    assert P.nernst_mV(145, 10) == pytest.approx(71.47, abs=0.01)
    assert P.nernst_mV(2, 1, z=2) == pytest.approx(26.727 / 2 * math.log(2), abs=1e-3)


@pytest.mark.parametrize("co,ci", [(0, 140), (5, 0), (-1, 10)])
def test_nernst_rejects_non_positive(co, ci):
    with pytest.raises(ValueError, match="positive concentrations"):
        P.nernst_mV(co, ci)


def test_ghk_voltage_equal_permeabilities_is_zero():
    """PNa = PK: V = (RT/F) ln((5+145)/(140+10)) = ln(1) = 0 exactly (to rounding, 1e-12 mV)."""
    assert P.ghk_voltage_mV(1, 1, 140, 5, 10, 145) == pytest.approx(0.0, abs=1e-12)


def test_ghk_voltage_mature_ratio():
    """PNa/PK = 0.04: V = 26.727 ln((5 + 5.8)/(140 + 0.4)) = -68.55 mV (hand value, 0.01 mV)."""
    assert P.ghk_voltage_mV(1, 0.04, 140, 5, 10, 145) == pytest.approx(-68.55, abs=0.01)


def test_ghk_current_zero_at_reversal_and_continuous_at_zero():
    """A single ion's GHK current vanishes at its Nernst potential; at V = 0 it is P F (ci - co).

    At V=0 the series branch is used: i = 1e-3 P F (ci - co) mA/cm2 (exact, 1e-12 relative)."""
    ek = P.nernst_mV(5, 140)
    assert P.ghk_current_mA_cm2(ek, 1e-6, 140, 5) == pytest.approx(0.0, abs=1e-15)
    i0 = P.ghk_current_mA_cm2(0.0, 1e-6, 140, 5)
    assert i0 == pytest.approx(1e-3 * 1e-6 * P.FARADAY_C_PER_MOL * 135, rel=1e-12)
    near = P.ghk_current_mA_cm2(1e-7, 1e-6, 140, 5)
    assert near == pytest.approx(i0, rel=1e-6)


def test_pump_balanced_rest_is_ghk_with_pk_times_1p5():
    """Mullins-Noda: V = (RT/F) ln((1.5 PK Ko + PNa Nao)/(1.5 PK Ki + PNa Nai)); and at that V the
    GHK leaks satisfy i_K = -(2/3) i_Na (net Na+ and K+ flux zero with a 3:2 pump), to 1e-9."""
    pk, pna = 8.5e-7, 5.1e-8
    v = P.pump_balanced_rest_mV(pk, pna, 140, 5, 10, 145)
    assert v == pytest.approx(P.ghk_voltage_mV(1.5 * pk, pna, 140, 5, 10, 145), abs=1e-12)
    ik = P.ghk_current_mA_cm2(v, pk, 140, 5)
    ina = P.ghk_current_mA_cm2(v, pna, 10, 145)
    assert ik / ina == pytest.approx(-2 / 3, rel=1e-9)


def test_cable_formulas():
    """lambda = sqrt(Rm d / 4Ra): Rm 1e4 ohm cm2, d 2 um, Ra 100 -> sqrt(1e4*2e-4/400) cm = 707.1 um;
    semi-infinite R_in = r_a lambda; sealed cable of L = lambda: times coth(1) = 1.3130."""
    lam = P.cable_length_constant_um(1e4, 2.0, 100.0)
    assert lam == pytest.approx(707.107, rel=1e-6)
    ra = P.axial_resistance_per_length_ohm_per_cm(2.0, 100.0)
    r_inf = ra * lam * 1e-4 * 1e-6
    assert P.sealed_cable_input_resistance_MOhm(lam, 2.0, 1e4, 100.0) == pytest.approx(
        r_inf / math.tanh(1.0), rel=1e-12)
    assert P.sphere_input_resistance_MOhm(20.0, 1e4) == pytest.approx(1e4 / (math.pi * 4e-6) * 1e-6)


def test_donnan_end_state_satisfies_equilibrium_neutrality_and_osmosis():
    """The closed form against its own defining equations: every permeant ion at the same
    Donnan ratio r (Nai/Nao = Ki/Ko = Clo/Cli), V = -(RT/F) ln r, the inside neutral
    (Nai + Ki - Cli + z x = 0) and, for the swelling cell, in osmotic balance with the bath
    (Nai + Ki + Cli + x = 2 (Nao + Ko)); the rigid cell keeps its impermeant anions' amount
    and is osmotically stronger. Float rounding only: 1e-9."""
    nai, ki, cli, nao, ko, clo = 10.0, 130.0, 8.0, 145.0, 5.0, 130.0
    x0 = 2 * (nao + ko) - (nai + ki + cli)
    for swells in (False, True):
        d = P.donnan_end_state(nai, ki, cli, nao, ko, clo, swells=swells)
        r, z, x = d["r"], d["impermeant_charge"], d["impermeant_mM"]
        assert d["nai_mM"] / nao == pytest.approx(r) and d["ki_mM"] / ko == pytest.approx(r)
        assert clo / d["cli_mM"] == pytest.approx(r)
        assert d["v_mV"] == pytest.approx(-P.rt_over_f_mV(37.0) * math.log(r), rel=1e-12)
        assert d["nai_mM"] + d["ki_mM"] - d["cli_mM"] + z * x == pytest.approx(0, abs=1e-9)
        assert z == pytest.approx((cli - nai - ki) / x0)
        osm = d["nai_mM"] + d["ki_mM"] + d["cli_mM"] + x
        if swells:
            assert osm == pytest.approx(2 * (nao + ko), rel=1e-12)
            assert d["volume_ratio"] == pytest.approx(x0 / x)
        else:
            assert x == x0 and d["volume_ratio"] == 1.0 and osm > 2 * (nao + ko)


def test_a_swelling_cell_ends_at_0_mV_when_its_impermeant_charge_is_the_baths():
    """S (1 + 1/|z|) r^2 - 2 S r + C (1 - 1/|z|) = 0 has r = 1 when |z| = 1, which Nai + Ki =
    Nao + Ko gives (z = -(Nai + Ki - Cli) / (2S - Nai - Ki - Cli) = -1): V = 0 exactly and the
    volume grows by x0 / (S - C)."""
    d = P.donnan_end_state(10.0, 140.0, 10.0, 145.0, 5.0, 130.0, swells=True)
    assert d["impermeant_charge"] == pytest.approx(-1.0)
    assert d["v_mV"] == pytest.approx(0.0, abs=1e-9)
    assert d["volume_ratio"] == pytest.approx(140.0 / 20.0)


def test_donnan_end_state_refuses_a_cell_without_impermeant_anions():
    with pytest.raises(ValueError, match="impermeant"):
        P.donnan_end_state(10.0, 280.0, 10.0, 145.0, 5.0, 130.0)
