"""S3: the pump balances the leaks, its ATP cost, and the run-down after ouabain.

The study runs once for the module with the default interneuron and the default motoneuron
built with nseg = 1 per section (167 compartments instead of 1245: 8 s instead of 30 s). The
run-down is quasi-static and a section's compartments share one diameter, so this changes
the motoneuron's half run-down time by 0.14 % (measured once against the full d_lambda cell).
"""
import numpy as np
import pytest

import leakmodels as lm
from leakmodels.measure.ionbudget import membrane_currents_nA, run_accumulating
from leakmodels.spec import physics
from leakmodels.studies.pump import pump

MEM = lm.MembraneSpec()


@pytest.fixture(scope="module")
def result():
    return pump(cells={"interneuron": lm.CellSource("interneuron"),
                       "motoneuron": lm.CellSource("motoneuron", (("nseg", 1),))})


def value(result, cell, quantity, column="value"):
    t = result.table
    sel = t[(t.cell == cell) & (t.quantity == quantity)]
    assert len(sel) == 1, (cell, quantity)
    return float(sel[column].iloc[0])


def test_every_claim_holds_but_the_tissue_share_which_fails_as_measured(result):
    """The resting leaks of a cortex of default interneurons take 3.8 % of the cortex's 30
    umol ATP/g/min, not the published 13-20 %: reported as a failing range check."""
    bad = [c for c in result.claims if not c.holds]
    assert [c.claim for c in bad] == ["cortex of default interneurons: the resting leaks' "
                                      "share of 30 umol ATP/g/min"], bad
    assert bad[0].kind == "range" and 0.01 < bad[0].value < 0.13
    assert len(result.claims) == 25
    assert {c.kind for c in result.claims} == {"range", "consistency"}
    assert not [c for c in result.claims if "Na+ out : K+ in" in c.claim]  # restates the mod


def test_leak_only_cell_balances_exactly_at_mullins_noda():
    """Analytic limit of the balance claim: with only kleak, naleak and the balanced pump,
    zero net Na+ and K+ flux give V = (RT/F) ln[(1.5 PK Ko + PNa Nao)/(1.5 PK Ki + PNa Nai)]
    (-68.55 mV). The solved rest sits there to 1e-6 mV (solved to 1e-10 mV), and its net
    ionic currents vanish to 1e-6 of the pump's."""
    mem = MEM.without_spikes()
    v_mn = physics.pump_balanced_rest_mV(mem.pk_cm_s, mem.pna_cm_s, mem.ki_mM, mem.ko_mM,
                                         mem.nai_mM, mem.nao_mM, mem.celsius_degC)
    with lm.sphere(20.0, membrane=mem) as cell:
        v = lm.resting_potential(cell)  # leaves the cell at its rest
        cur = membrane_currents_nA(cell)
        assert v == pytest.approx(v_mn, abs=1e-6)
    assert abs(cur["na"]["total"]) < 1e-6 * cur["na"]["nakpump"]
    assert abs(cur["k"]["total"]) < 1e-6 * abs(cur["k"]["nakpump"])
    assert cur["na"]["nakpump"] / -cur["k"]["nakpump"] == pytest.approx(1.5, rel=1e-12)


@pytest.mark.parametrize("cell", ["interneuron", "motoneuron"])
def test_default_cells_pump_balances_the_leaks(result, cell):
    """In the default cells the nav/kdr window currents at rest move V by < 0.05 mV from the
    Mullins-Noda value and leave a net Na+ or K+ current below 0.2 % of the pump's."""
    v_mn = physics.pump_balanced_rest_mV(MEM.pk_cm_s, MEM.pna_cm_s, MEM.ki_mM, MEM.ko_mM,
                                         MEM.nai_mM, MEM.nao_mM, MEM.celsius_degC)
    assert value(result, cell, "v_rest_mV") == pytest.approx(v_mn, abs=0.05)
    pump_na = value(result, cell, "ina_nakpump_nA")
    pump_k = value(result, cell, "ik_nakpump_nA")
    assert pump_na > 0 > pump_k
    assert pump_na / -pump_k == pytest.approx(1.5, rel=1e-9)
    assert abs(value(result, cell, "ina_total_nA")) < 2e-3 * pump_na
    assert abs(value(result, cell, "ik_total_nA")) < 2e-3 * -pump_k
    assert -pump_na / value(result, cell, "ina_naleak_nA") == pytest.approx(1.0, abs=2e-3)


def test_atp_per_um2_matches_the_analytic_leak_influx(result):
    """ATP/s per um2 = i_pump / e with i_pump = -i_Na,leak(V_MN) / 3 (GHK, mA/cm2), times
    1e-3 A/mA * 1e-8 cm2/um2. Same density in both cells, so both must match; 0.2 % covers the
    shift of V_rest by the spike channels' window currents."""
    v_mn = MEM.leak_rest_mV()
    ina = physics.ghk_current_mA_cm2(v_mn, MEM.pna_cm_s, MEM.nai_mM, MEM.nao_mM, 1, MEM.celsius_degC)
    atp_um2 = -ina / 3 * 1e-3 * 1e-8 / physics.ELEMENTARY_CHARGE_C
    assert 3e4 < atp_um2 < 6e4  # about 4e4 ATP/s per um2 with the default leaks
    for cell in ("interneuron", "motoneuron"):
        assert value(result, cell, "atp_per_s_um2") == pytest.approx(atp_um2, rel=2e-3)
        atp = value(result, cell, "atp_per_s")
        assert atp == pytest.approx(value(result, cell, "atp_per_s", "expected"), rel=2e-3)
        assert value(result, cell, "power_W") == pytest.approx(
            atp / physics.AVOGADRO_PER_MOL * 50e3, rel=1e-12)


def test_atp_per_cell_against_attwell_laughlin(result):
    """Attwell & Laughlin 2001: of the order of 1e8-1e9 ATP/s per cortical neuron. The small
    interneuron (~3000 um2) falls inside; the motoneuron (~4e5 um2) costs area-times more."""
    small = value(result, "interneuron", "atp_per_s")
    big = value(result, "motoneuron", "atp_per_s")
    assert 1e8 <= small <= 1e9
    assert big > 1e9
    area_ratio = value(result, "motoneuron", "area_um2") / value(result, "interneuron", "area_um2")
    assert big / small == pytest.approx(area_ratio, rel=1e-3)


@pytest.mark.parametrize("cell", ["interneuron", "motoneuron"])
def test_rundown_reaches_the_leak_end_state(result, cell):
    """With the pump blocked, only Na+ and K+ leaks and a fixed bath, every compartment ends at
    Nai = Nao, Ki = Ko: V = 0 mV, E_Na = E_K. After 24 h the slowest compartment (the motoneuron
    soma, tau ~ (W/A)/P_Na ~ 4.5 h) is within 0.1 mV; the cells' V within 0.05 mV."""
    assert value(result, cell, "min_pump_block") == 1.0
    assert value(result, cell, "v_start_mV") == pytest.approx(MEM.leak_rest_mV(), abs=1e-9)
    assert value(result, cell, "v_end_mV") == pytest.approx(0.0, abs=0.05)
    assert value(result, cell, "max_abs_ena_minus_ek_end_mV") < 0.1
    assert value(result, cell, "mean_nai_end_mM") == pytest.approx(MEM.nao_mM, abs=0.1)
    assert value(result, cell, "mean_ki_end_mM") == pytest.approx(MEM.ko_mM, abs=0.1)


@pytest.mark.parametrize("cell", ["interneuron", "motoneuron"])
def test_rundown_first_loses_only_the_pump_current(result, cell):
    """Just after the block (200 ms = 20 tau_m) the ions have hardly moved: V is the GHK
    potential of the leaks at the initial concentrations (-62.23 mV), 6 mV above Mullins-Noda.
    0.1 mV allows for the thin dendrites' first 200 ms of Na+ gain."""
    ghk = physics.ghk_voltage_mV(MEM.pk_cm_s, MEM.pna_cm_s, MEM.ki_mM, MEM.ko_mM, MEM.nai_mM,
                                 MEM.nao_mM, MEM.celsius_degC)
    assert value(result, cell, "v_at_200_ms_mV") == pytest.approx(ghk, abs=0.1)


@pytest.mark.parametrize("cell", ["interneuron", "motoneuron"])
def test_rundown_conserves_ions_and_charge(result, cell):
    """Each ion's amount inside (sum of c * W) changes by -integral(I)/F: trapezoid over every
    CVODE step, relative error < 1e-5. Na+ + K+ changes only by the capacitive charge
    sum(A C dV)/F, which is ~1e-4 of the ions moved; it must match to 0.1 %."""
    for ion in ("na", "k"):
        moved = abs(value(result, cell, f"{ion}_change_amol"))
        assert value(result, cell, f"{ion}_balance_error_amol") < 1e-5 * moved
    na, k = (value(result, cell, f"{ion}_change_amol") for ion in ("na", "k"))
    dq = value(result, cell, "capacitive_charge_change_amol")
    assert dq > 0  # V rose, so positive charge was added inside
    assert na + k == pytest.approx(dq, rel=1e-3)
    assert abs(na + k) < 1e-3 * abs(na)


def test_rundown_timescale_is_volume_over_area(result):
    """Spheres: the quasi-static run-down obeys dc/dt = -(A/W) j(V, c), so time scales exactly
    with W/A: t1/2 ratio = W/A ratio (1 %, the capacitive transient and sampling). The real
    cells: the larger runs down more slowly, but not in proportion (see the study's notes)."""
    names = ("interneuron", "motoneuron")
    wa = [value(result, n, "vol_area_um") for n in names]
    sph = [value(result, f"sphere, vol/area of {n}", "t_half_v_h") for n in names]
    real = [value(result, n, "t_half_v_h") for n in names]
    real_na = [value(result, n, "t_half_mean_nai_h") for n in names]
    assert wa[1] / wa[0] > 1.2
    assert sph[1] / sph[0] == pytest.approx(wa[1] / wa[0], rel=1e-2)
    assert real[1] > real[0] and real_na[1] > real_na[0]
    assert 0.01 < real[0] < 1.0  # minutes, not milliseconds or days


def test_unblocked_pump_keeps_concentrations_steady():
    """Control for the run-down: with accumulation on and the pump working, the balanced state
    is a true steady state (zero net flux of each ion), so over 1 h V and [Na+]i do not move
    (tolerances: CVODE atol 1e-7 on every state)."""
    mem = MEM.without_spikes().with_(accumulate_ions=True)
    with lm.sphere(10.0, membrane=mem) as cell:
        run = run_accumulating(cell, 3.6e6, mem.leak_rest_mV(), n_chunks=10)
    assert np.max(np.abs(run.v_mV - mem.leak_rest_mV())) < 1e-4
    assert np.max(np.abs(run.nai_mM - mem.nai_mM)) < 1e-5


def test_figure_has_labels_and_legends(result):
    assert result.figure._suptitle is not None
    for ax in result.figure.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
