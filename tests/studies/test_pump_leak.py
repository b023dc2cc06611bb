"""S3 with Cl- and water (ionvol, clleak): conservation, the Cl- leak's sign, the rigid and
swelling end states against their closed forms, and the study's table and claims."""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.engine.nrnglobals import STEADY, settings
from leakmodels.measure.ionbudget import run_accumulating
from leakmodels.mechanisms.loading import h
from leakmodels.spec import physics
from leakmodels.spec.checks import ArgumentError
from leakmodels.studies.pump_leak import PCL_OVER_PK, membranes, pump_leak

BASE = lm.MembraneSpec()
MEMS = membranes(BASE)
V0 = MEMS["Cl- and water, pump on"].leak_rest_mV()
DIAM_UM = 4.0  # vol/area 0.67 um: the ions move within hours


def test_the_cl_leak_carries_the_ghk_current_of_an_anion():
    """icl = P z F [cli efun(-u) - clo efun(u)], u = z F V / RT, z = -1: zero at E_Cl =
    (RT/F) ln(cli/clo), outward (Cl- entering) above it. Against physics.ghk_current_mA_cm2
    to 1e-7 relative (the same formula; NEURON's F and R differ from CODATA's in the 8th
    digit, so at E_Cl, where the current is a difference of two terms, 1e-11 mA/cm2 absolute)."""
    spec = BASE.without_spikes().with_(pcl_cm_s=1e-6, cli_mM=10.0)
    with lm.sphere(DIAM_UM, membrane=spec) as cell:
        seg = cell.soma(0.5)
        e_cl = physics.nernst_mV(spec.clo_mM, spec.cli_mM, -1)
        for v in (-90.0, e_cl, -30.0, 0.0, 20.0):
            seg.v = v
            with settings(cell.celsius_degC, STEADY):  # NEURON's own celsius is 6.3
                h.fcurrent()
            want = physics.ghk_current_mA_cm2(v, 1e-6, 10.0, spec.clo_mM, -1)
            assert seg.clleak.icl == pytest.approx(want, rel=1e-7, abs=1e-11)
        seg.v = -30.0
        with settings(cell.celsius_degC, STEADY):
            h.fcurrent()
        assert seg.clleak.icl > 0  # above E_Cl (-68.6 mV): Cl- enters, an outward current


def test_every_amount_and_the_charge_are_conserved_while_the_cell_swells():
    """Pump blocked, Cl- and water free: the amount of each ion inside changes by what its
    current carried (-int I_Na dt / F, -int I_K dt / F, +int I_Cl dt / F) and Na+ + K+ - Cl-
    only by the capacitive charge; with CVODE at atol 1e-10 to 1e-6 of what moved (the
    tolerance is CVODE's, the equations conserve exactly). Flip the sign of icl in ionvol.mod
    and the Cl- balance is off by twice what moved."""
    with lm.sphere(DIAM_UM, membrane=MEMS["Cl- and water"]) as cell:
        run = run_accumulating(cell, 6 * physics.MS_PER_H, V0, n_chunks=30, atol=1e-10)
    assert run.volumes_um3[-1] / run.volumes_um3[0] > 2  # it did swell
    for ion in ("na", "k", "cl"):
        amount = getattr(run, f"{ion}_amol")
        assert run.ion_balance_error_amol(ion) < 1e-6 * abs(amount[-1] - amount[0]), ion
    moved = abs(run.cl_amol[-1] - run.cl_amol[0])
    assert run.charge_balance_error_amol() < 1e-6 * moved


def test_the_rigid_and_the_swelling_cell_end_at_their_closed_forms():
    """Rigid (Pf = 0): the Gibbs-Donnan potential and concentrations; swelling: V -> 0 and the
    volume -> x0 / xo = 7 (physics.donnan_end_state). The runs are long enough to settle (the
    4-um sphere: hours for the rigid cell, weeks of model time for the swelling one); 0.1 mV
    and 1 % are what is left of the approach."""
    spec = MEMS["Cl- and water"]
    for name, hours, swells in (("Cl-, rigid (Pf = 0)", 48, False), ("Cl- and water", 480, True)):
        want = physics.donnan_end_state(spec.nai_mM, spec.ki_mM, spec.cli_mM, spec.nao_mM,
                                        spec.ko_mM, spec.clo_mM, swells=swells)
        with lm.sphere(DIAM_UM, membrane=MEMS[name]) as cell:
            run = run_accumulating(cell, hours * physics.MS_PER_H, V0, n_chunks=30)
        assert run.v_mV[-1] == pytest.approx(want["v_mV"], abs=0.1), name
        assert run.mean_nai_mM[-1] == pytest.approx(want["nai_mM"], rel=0.01), name
        assert run.mean_cli_mM[-1] == pytest.approx(want["cli_mM"], rel=0.01), name
        assert run.volumes_um3[-1] / run.volumes_um3[0] == pytest.approx(
            want["volume_ratio"], rel=0.01), name


def test_a_spec_refuses_two_pools_and_a_cell_without_impermeant_anions():
    with pytest.raises(ArgumentError, match="choose one"):
        BASE.with_(accumulate_ions=True, volume_follows_osmosis=True)
    with pytest.raises(ArgumentError, match="impermeant"):
        BASE.with_(volume_follows_osmosis=True, ki_mM=300.0)


def test_the_cl_leak_enters_the_analytic_rest_and_slope():
    """leak_rest_mV solves I_K + I_Na + I_Cl + I_pump = 0: with [Cl-]i at equilibrium at the
    rest without it nothing moves; with more Cl- inside (E_Cl above V) the rest depolarises.
    The slope conductance gains the Cl- leak's GHK slope."""
    passive = BASE.without_spikes()
    at_e_cl = passive.with_(pcl_cm_s=PCL_OVER_PK * passive.pk_cm_s,
                            cli_mM=passive.passive_cli_mM())
    assert at_e_cl.leak_rest_mV() == pytest.approx(passive.leak_rest_mV(), abs=1e-9)
    assert at_e_cl.with_(cli_mM=30.0).leak_rest_mV() > passive.leak_rest_mV() + 1
    v = passive.leak_rest_mV()
    g_cl = physics.ghk_slope_conductance_S_cm2(v, at_e_cl.pcl_cm_s, at_e_cl.cli_mM,
                                               at_e_cl.clo_mM, -1)
    assert at_e_cl.leak_slope_conductance_S_cm2(v) == pytest.approx(
        passive.leak_slope_conductance_S_cm2(v) + g_cl, rel=1e-12)


@pytest.fixture(scope="module")
def result():
    cells = {"sphere": lm.CellSource("sphere", (("diam_um", DIAM_UM),), label="sphere")}
    return pump_leak(hours=480.0, settle_hours=24.0, cells=cells)


def test_the_study_holds_its_claims_and_says_what_swelling_does(result):
    claims = result.claims_frame()
    assert claims.holds.all(), claims[~claims.holds].claim.tolist()
    t = result.table
    end = t[(t.condition == "Cl- and water") & (t.quantity == "volume_end_ratio")].value
    assert float(end.iloc[0]) == pytest.approx(7.0, rel=0.02)
    closed = t[t.cell == "closed form"]
    assert set(closed.condition.str.contains("rigid")) == {True, False}
    assert np.isfinite(t.value).all()
    assert math.isclose(float(t[(t.condition == "Cl- leak at E_Cl")
                                & (t.quantity == "v_rest_mV")].value.iloc[0]),
                        float(t[(t.condition == "no Cl- leak")
                                & (t.quantity == "v_rest_mV")].value.iloc[0]), abs_tol=1e-3)


def test_water_relaxes_with_the_time_constant_of_its_units():
    """ionvol's water flux, dw/dt = Pf * 10 * vw * 1e-6 * (osm_i - osm_o) (Pf in cm/s -> um/ms,
    vw in cm3/mol -> L/mmol), linearised about balance (osm_i = S / w, S the solutes per
    area), relaxes with tau = w / (Pf 10 vw 1e-6 osm_o) to w_end = S / osm_o. Raise the
    impermeant anions by 1 % after the start: at t = tau the volume has covered 1 - 1/e of
    the way; 1 % tolerance (the 1 % step is not infinitesimal, and the ions move a little).
    A slip of a unit factor (10 -> 1e4, say) is off by orders of magnitude."""
    from leakmodels.engine.nrnglobals import CVODE, settings
    from leakmodels.mechanisms.loading import h

    spec = MEMS["Cl- and water, pump on"]
    with lm.sphere(DIAM_UM, membrane=spec) as cell, settings(spec.celsius_degC, CVODE):
        seg = cell.soma(0.5)
        pool = seg.ionvol
        h.finitialize(V0)
        pool.nx *= 1.01
        h.cvode.re_init()  # the right-hand side changed: CVODE starts again from here
        w0, osm_o = pool.w, pool.osm_o
        w_end = ((seg.nai + seg.ki + seg.cli) * w0 + pool.nx) / osm_o
        tau_ms = w0 / (pool.pf * 10 * 18.0 * 1e-6 * osm_o)
        t, w = [0.0], [w0]
        while h.t < 2 * tau_ms:
            h.fadvance()
            t.append(h.t)
            w.append(pool.w)
    covered = (np.interp(tau_ms, t, w) - w0) / (w_end - w0)
    assert covered == pytest.approx(1 - np.exp(-1), rel=0.01)
