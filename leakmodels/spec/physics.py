"""Analytic electrophysiology: Nernst, Goldman-Hodgkin-Katz, pump balance, cable theory.

This module owns the closed-form equations that the simulations are tested against. It
imports nothing from NEURON. Every function takes and returns plain numbers (or numpy
arrays) with the unit in the argument and function names.

Sign convention throughout: membrane current outward positive (NEURON's).
"""
from __future__ import annotations

import math

import numpy as np

from ..mechanisms.catalogue import PUMP_Q10, PUMP_TREF_DEGC

FARADAY_C_PER_MOL = 96485.33212
GAS_CONSTANT_J_PER_MOL_K = 8.314462618
ELEMENTARY_CHARGE_C = 1.602176634e-19
AVOGADRO_PER_MOL = 6.02214076e23
KELVIN_OFFSET = 273.15
MS_PER_S = 1e3
MS_PER_H = 3.6e6


def rt_over_f_mV(celsius_degC: float) -> float:
    """RT/F, the thermal voltage, at a temperature.

    Parameters
    ----------
    celsius_degC : float
        Temperature, in degC.

    Returns
    -------
    float
        RT/F in mV (26.73 mV at 37 degC).
    """
    return 1e3 * GAS_CONSTANT_J_PER_MOL_K * (celsius_degC + KELVIN_OFFSET) / FARADAY_C_PER_MOL


def nernst_mV(c_out_mM: float, c_in_mM: float, z: int = 1, celsius_degC: float = 37.0) -> float:
    """Nernst potential ``E = (RT/zF) ln(c_out / c_in)`` of an ion.

    Parameters
    ----------
    c_out_mM, c_in_mM : float
        Concentrations outside and inside, in mM.
    z : int, optional
        The ion's valence, dimensionless; default 1.
    celsius_degC : float, optional
        Temperature, in degC; default 37.0.

    Returns
    -------
    float
        The Nernst potential, in mV.

    Raises
    ------
    ValueError
        If either concentration is not positive.
    """
    if c_out_mM <= 0 or c_in_mM <= 0:
        raise ValueError(
            f"Nernst needs positive concentrations, got c_out_mM={c_out_mM!r}, "
            f"c_in_mM={c_in_mM!r}; pass concentrations in mM greater than 0."
        )
    return rt_over_f_mV(celsius_degC) / z * math.log(c_out_mM / c_in_mM)


def _efun(x):
    """x / (exp(x) - 1), with its series near 0 (the GHK flux factor)."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 1e-4
    safe = np.where(small, 1.0, x)
    return np.where(small, 1 - x / 2 + x * x / 12, safe / np.expm1(safe))


def ghk_current_mA_cm2(v_mV, p_cm_s, c_in_mM, c_out_mM, z=1, celsius_degC=37.0):
    """GHK current density of one ion (outward positive), as written in kleak.mod and naleak.mod.

    ``i = P z F [c_in efun(-u) - c_out efun(u)]``, ``u = z F V / (R T)``,
    ``efun(x) = x / (e^x - 1)`` (its series ``1 - x/2 + x^2/12`` where ``abs(x) < 1e-4``).

    Parameters
    ----------
    v_mV : float or numpy.ndarray
        Membrane potential, in mV.
    p_cm_s : float
        Permeability, in cm/s.
    c_in_mM, c_out_mM : float
        Concentrations inside and outside, in mM.
    z : int, optional
        The ion's valence, dimensionless; default 1.
    celsius_degC : float, optional
        Temperature, in degC; default 37.0.

    Returns
    -------
    float or numpy.ndarray
        The current density, in mA/cm2: a float for a scalar `v_mV`, else an array of its shape.
    """
    u = z * np.asarray(v_mV, dtype=float) / rt_over_f_mV(celsius_degC)
    out = 1e-3 * p_cm_s * z * FARADAY_C_PER_MOL * (c_in_mM * _efun(-u) - c_out_mM * _efun(u))
    return float(out) if np.ndim(out) == 0 else out


def ghk_slope_conductance_S_cm2(v_mV, p_cm_s, c_in_mM, c_out_mM, z=1, celsius_degC=37.0):
    """Slope conductance dI/dV of one ion's GHK current (central difference over +/- 1 uV).

    Parameters
    ----------
    v_mV : float or numpy.ndarray
        Membrane potential, in mV.
    p_cm_s : float
        Permeability, in cm/s.
    c_in_mM, c_out_mM : float
        Concentrations inside and outside, in mM.
    z : int, optional
        The ion's valence, dimensionless; default 1.
    celsius_degC : float, optional
        Temperature, in degC; default 37.0.

    Returns
    -------
    float or numpy.ndarray
        dI/dV of `ghk_current_mA_cm2` at `v_mV`, in S/cm2 (mA/cm2 per mV).
    """
    dv = 1e-3
    hi = ghk_current_mA_cm2(v_mV + dv, p_cm_s, c_in_mM, c_out_mM, z, celsius_degC)
    lo = ghk_current_mA_cm2(v_mV - dv, p_cm_s, c_in_mM, c_out_mM, z, celsius_degC)
    return (hi - lo) / (2 * dv)  # mA/cm2/mV = S/cm2


def ghk_voltage_mV(pk, pna, ki_mM, ko_mM, nai_mM, nao_mM, celsius_degC=37.0,
                   pcl=0.0, cli_mM=0.0, clo_mM=0.0):
    """GHK voltage equation: zero net current through K+, Na+ (and Cl-) permeabilities.

    Parameters
    ----------
    pk, pna : float
        K+ and Na+ permeabilities, in one unit with `pcl` (e.g. cm/s: only ratios matter).
    ki_mM, ko_mM, nai_mM, nao_mM : float
        K+ inside and outside, Na+ inside and outside, in mM.
    celsius_degC : float, optional
        Temperature, in degC; default 37.0.
    pcl : float, optional
        Cl- permeability, in the unit of `pk`; default 0.0 (no Cl-).
    cli_mM, clo_mM : float, optional
        Cl- inside and outside, in mM; default 0.0.

    Returns
    -------
    float
        The potential of zero net current,
        ``V = (RT/F) ln[(PK Ko + PNa Nao + PCl Cli) / (PK Ki + PNa Nai + PCl Clo)]``, in mV.

    Raises
    ------
    ValueError
        If the logarithm's numerator or denominator is not positive (no positive
        permeability, or concentrations that are not positive).
    """
    num = pk * ko_mM + pna * nao_mM + pcl * cli_mM
    den = pk * ki_mM + pna * nai_mM + pcl * clo_mM
    if num <= 0 or den <= 0:
        raise ValueError(
            f"GHK voltage is undefined for pk={pk!r}, pna={pna!r} (numerator {num}, "
            f"denominator {den}); give at least one positive permeability and positive "
            "concentrations."
        )
    return rt_over_f_mV(celsius_degC) * math.log(num / den)


def pump_balanced_rest_mV(pk, pna, ki_mM, ko_mM, nai_mM, nao_mM, celsius_degC=37.0,
                          na_per_k: float = 1.5):
    """Steady state of K+ and Na+ GHK leaks with a 3Na:2K pump (Mullins & Noda 1963).

    Zero net Na+ flux (``i_Na,leak = -3 p``) and zero net K+ flux (``i_K,leak = 2 p``) give
    ``V = (RT/F) ln[(r PK Ko + PNa Nao) / (r PK Ki + PNa Nai)]``, ``r = 3/2``.

    Parameters
    ----------
    pk, pna : float
        K+ and Na+ leak permeabilities, in any common unit (e.g. cm/s; only the ratio matters).
    ki_mM, ko_mM, nai_mM, nao_mM : float
        K+ inside and outside, Na+ inside and outside, in mM.
    celsius_degC : float, optional
        Temperature, in degC; default 37.0.
    na_per_k : float, optional
        Na+ out per K+ in of a pump cycle, r, dimensionless; default 1.5 (3:2).

    Returns
    -------
    float
        The pump-balanced (Mullins-Noda) resting potential, in mV.

    Raises
    ------
    ValueError
        If the GHK voltage is undefined (see `ghk_voltage_mV`).
    """
    return ghk_voltage_mV(na_per_k * pk, pna, ki_mM, ko_mM, nai_mM, nao_mM, celsius_degC)


def pump_balanced_pna_over_pk(v_rest_mV, ki_mM, ko_mM, nai_mM, nao_mM, celsius_degC=37.0,
                              na_per_k: float = 1.5) -> float:
    """PNa/PK that puts the pump-balanced rest at `v_rest_mV` (inverse of `pump_balanced_rest_mV`).

    Parameters
    ----------
    v_rest_mV : float
        The wanted resting potential, in mV.
    ki_mM, ko_mM, nai_mM, nao_mM : float
        K+ inside and outside, Na+ inside and outside, in mM.
    celsius_degC : float, optional
        Temperature, in degC; default 37.0.
    na_per_k : float, optional
        Na+ out per K+ in of a pump cycle, r, dimensionless; default 1.5 (3:2).

    Returns
    -------
    float
        ``PNa/PK = r (x Ki - Ko) / (Nao - x Nai)``, ``x = exp(V F / RT)``, dimensionless.

    Raises
    ------
    ValueError
        If `v_rest_mV` does not lie between E_K and E_Na (no positive PNa/PK reaches it).
    """
    x = math.exp(v_rest_mV / rt_over_f_mV(celsius_degC))
    num, den = na_per_k * (x * ki_mM - ko_mM), nao_mM - x * nai_mM
    if num <= 0 or den <= 0:
        raise ValueError(
            f"v_rest_mV={v_rest_mV!r} cannot be reached by K+ and Na+ leaks with a balanced "
            f"pump (it must lie between E_K = {nernst_mV(ko_mM, ki_mM, 1, celsius_degC):.1f} "
            f"and E_Na = {nernst_mV(nao_mM, nai_mM, 1, celsius_degC):.1f} mV).")
    return num / den


def pump_temperature_factor(celsius_degC: float, q10: float = PUMP_Q10,
                            tref_degC: float = PUMP_TREF_DEGC) -> float:
    """``q10^((T - tref)/10)``: the pump's turnover at T relative to tref, as in nakpump.mod.

    Parameters
    ----------
    celsius_degC : float
        Temperature T, in degC.
    q10 : float, optional
        The turnover's Q10, dimensionless; default `PUMP_Q10` (2.7).
    tref_degC : float, optional
        Reference temperature tref, in degC; default `PUMP_TREF_DEGC` (37.0).

    Returns
    -------
    float
        The turnover factor, dimensionless.
    """
    return q10 ** ((celsius_degC - tref_degC) / 10.0)


def pump_saturation(nai_mM, ko_mM, kmna_mM=10.0, kmk_mM=3.5):
    """Fraction of the maximal pump rate, as in nakpump.mod.

    Parameters
    ----------
    nai_mM, ko_mM : float
        Na+ inside and K+ outside, in mM.
    kmna_mM, kmk_mM : float, optional
        Half-saturation constants Km,Na and Km,K, in mM; defaults 10.0 and 3.5.

    Returns
    -------
    float
        ``1 / ((1 + Km,K/Ko)^2 (1 + Km,Na/Nai)^3)``, dimensionless; 0.0 if `nai_mM` or
        `ko_mM` is not positive.
    """
    if nai_mM <= 0 or ko_mM <= 0:
        return 0.0
    return 1.0 / ((1 + kmk_mM / ko_mM) ** 2 * (1 + kmna_mM / nai_mM) ** 3)


def cable_length_constant_um(rm_ohm_cm2, diam_um, ra_ohm_cm):
    """Length constant of a cylindrical cable, ``lambda = sqrt(R_m d / (4 R_a))``.

    Parameters
    ----------
    rm_ohm_cm2, diam_um, ra_ohm_cm : float
        Specific membrane resistance R_m (ohm cm2), diameter d (um), axial resistivity R_a
        (ohm cm).

    Returns
    -------
    float
        lambda, in um.
    """
    return 1e4 * math.sqrt(rm_ohm_cm2 * diam_um * 1e-4 / (4 * ra_ohm_cm))


def axial_resistance_per_length_ohm_per_cm(diam_um, ra_ohm_cm):
    """Axial resistance per unit length of a cylinder, ``r_a = 4 R_a / (pi d^2)``.

    Parameters
    ----------
    diam_um, ra_ohm_cm : float
        Diameter d (um) and axial resistivity R_a (ohm cm).

    Returns
    -------
    float
        r_a, in ohm per cm.
    """
    d_cm = diam_um * 1e-4
    return 4 * ra_ohm_cm / (math.pi * d_cm ** 2)


def sealed_cable_input_resistance_MOhm(length_um, diam_um, rm_ohm_cm2, ra_ohm_cm):
    """Input resistance of a finite cable with a sealed far end, ``r_a lambda coth(L / lambda)``.

    Parameters
    ----------
    length_um, diam_um : float
        Length L and diameter, in um.
    rm_ohm_cm2, ra_ohm_cm : float
        Specific membrane resistance (ohm cm2) and axial resistivity (ohm cm).

    Returns
    -------
    float
        R_in, in MOhm.
    """
    lam_um = cable_length_constant_um(rm_ohm_cm2, diam_um, ra_ohm_cm)
    ra = axial_resistance_per_length_ohm_per_cm(diam_um, ra_ohm_cm)
    x = length_um / lam_um
    return ra * lam_um * 1e-4 / math.tanh(x) * 1e-6


def sphere_input_resistance_MOhm(diam_um, rm_ohm_cm2):
    """Input resistance of an isopotential sphere, ``R_m / (4 pi r^2) = R_m / (pi d^2)``.

    Parameters
    ----------
    diam_um, rm_ohm_cm2 : float
        Diameter d (um) and specific membrane resistance R_m (ohm cm2).

    Returns
    -------
    float
        R_in, in MOhm.
    """
    area_cm2 = math.pi * (diam_um * 1e-4) ** 2
    return rm_ohm_cm2 / area_cm2 * 1e-6


def donnan_end_state(nai_mM, ki_mM, cli_mM, nao_mM, ko_mM, clo_mM, celsius_degC=37.0,
                     swells: bool = True) -> dict:
    """The end state of the pump-leak model with the pump stopped (ionvol.mod's assumptions).

    Parameters
    ----------
    nai_mM, ki_mM, cli_mM, nao_mM, ko_mM, clo_mM : float
        Na+, K+ and Cl- inside at the start, and in the bath, in mM.
    celsius_degC : float, optional
        Temperature, in degC; default 37.0.
    swells : bool, optional
        True (default): the cell's water follows osmosis; False: a rigid cell (volume held).

    Returns
    -------
    dict
        ``v_mV`` (mV), ``r`` and ``volume_ratio`` (end volume / start, ``x0 / x``; both
        dimensionless), the concentrations inside at the end ``nai_mM``, ``ki_mM``,
        ``cli_mM``, ``impermeant_mM`` (mM), and ``impermeant_charge`` (z, dimensionless).

    Raises
    ------
    ValueError
        If the cell (``x0 <= 0``) or the bath (Clo >= Nao + Ko) has no impermeant solutes,
        or those inside are not anions (Cli >= Nai + Ki).

    Notes
    -----
    Na+, K+ and Cl- permeant, impermeant anions inside and out, a fixed bath. The bath is
    neutral with impermeant anions ``xo = Nao + Ko - Clo`` (charge -1), so its osmolarity is
    2 S with ``S = Nao + Ko``; the cell starts neutral and in osmotic balance, so its
    impermeant anions are ``x0 = 2 S - (Nai + Ki + Cli)`` with mean charge
    ``z = (Cli - Nai - Ki) / x0``. At the end every permeant ion is in equilibrium,
    ``Nai/Nao = Ki/Ko = Clo/Cli = r``, ``V = -(RT/F) ln r``, and the inside is neutral:
    ``r S - C / r + z x = 0`` (C = Clo, x the impermeant anions now). A rigid cell keeps
    x = x0 (the Gibbs-Donnan state: ``S r^2 + z x0 r - C = 0``, and it is osmotically
    stronger than the bath); a cell whose water follows osmosis also balances
    ``r S + C / r + x = 2 S``, which gives
    ``S (1 + 1/abs(z)) r^2 - 2 S r + C (1 - 1/abs(z)) = 0``: r = 1 and V = 0 exactly when
    ``abs(z) = 1``, the bath's impermeant charge.
    """
    s, c = nao_mM + ko_mM, clo_mM
    x0 = 2 * s - (nai_mM + ki_mM + cli_mM)
    if x0 <= 0 or c >= s:
        raise ValueError(
            f"no pump-leak end state for Nai + Ki + Cli = {nai_mM + ki_mM + cli_mM:g} mM and a "
            f"bath of 2 (Nao + Ko) = {2 * s:g} mM with Clo = {clo_mM:g} mM: the cell needs "
            "impermeant anions (a bath stronger than its permeant ions inside) and the bath "
            "needs some (Clo < Nao + Ko).")
    z = (cli_mM - nai_mM - ki_mM) / x0
    if z >= 0:
        raise ValueError(f"the impermeant solutes inside carry charge {z:+.3g} per particle; "
                         "the pump-leak end state needs anions (Cli < Nai + Ki).")
    if swells:
        a, b, q = s * (1 + 1 / abs(z)), -2 * s, c * (1 - 1 / abs(z))
        r = (-b + math.sqrt(b * b - 4 * a * q)) / (2 * a)
        x = (r * s - c / r) / abs(z)
    else:
        r = (-z * x0 + math.sqrt(z * z * x0 * x0 + 4 * s * c)) / (2 * s)
        x = x0
    return {"v_mV": -rt_over_f_mV(celsius_degC) * math.log(r), "r": r,
            "volume_ratio": x0 / x, "nai_mM": r * nao_mM, "ki_mM": r * ko_mM,
            "cli_mM": clo_mM / r, "impermeant_mM": x, "impermeant_charge": z}
