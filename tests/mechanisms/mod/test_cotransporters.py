"""kcc2.mod and nkcc1.mod: electroneutral cotransport at the rate of its free energy,
    KCC2:  ik = u ln(ki cli / (ko clo)),                       icl = -ik
    NKCC1: ina = ik = -u ln(nao ko clo^2 / (nai ki cli^2)),   icl = -2 ina,
in the directions that set E_Cl (KCC2 pushes Cl- out, NKCC1 pulls it in), and every amount
conserved when they move the ions of a cell whose volume follows."""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.engine.nrnglobals import STEADY, settings
from leakmodels.measure.ionbudget import run_accumulating
from leakmodels.mechanisms.loading import h

U = 1e-4


def _currents(cell, **conc):
    seg = cell.soma(0.5)
    for name, value in conc.items():
        setattr(seg, name, value)
    with settings(cell.celsius_degC, STEADY):
        h.fcurrent()
    return seg


def _cell(**changes):
    spec = lm.MembraneSpec().without_spikes().with_(pcl_cm_s=1e-7, **changes)
    return lm.sphere(10.0, membrane=spec)


@pytest.mark.parametrize("cli", [4.0, 10.0, 30.0])
def test_kcc2_against_its_equation_and_with_no_net_current(cli):
    """Against the equation to 1e-12 (float rounding only); ik + icl = 0 exactly."""
    with _cell(kcc2_mA_cm2=U) as cell:
        seg = _currents(cell, cli=cli)
        want = U * math.log(seg.ki * cli / (seg.ko * seg.clo))
        assert seg.kcc2.ik == pytest.approx(want, rel=1e-12)
        assert seg.kcc2.ik + seg.kcc2.icl == 0.0


def test_kcc2_pushes_cl_out_and_stops_where_e_k_is_e_cl():
    """With the defaults (Ki Cli > Ko Clo) K+ and Cl- leave: ik > 0 (K+ out) and icl < 0 (Cl-
    out, z = -1); at Cli = Ko Clo / Ki (E_Cl = E_K) nothing moves."""
    with _cell(kcc2_mA_cm2=U) as cell:
        seg = _currents(cell)
        assert seg.kcc2.ik > 0 > seg.kcc2.icl
        seg = _currents(cell, cli=seg.ko * seg.clo / seg.ki)
        assert abs(seg.kcc2.ik) < 1e-16


def test_nkcc1_against_its_equation_pulls_cl_in_and_carries_no_net_current():
    with _cell(nkcc1_mA_cm2=U) as cell:
        seg = _currents(cell, cli=20.0)
        x = math.log(seg.nao * seg.ko * seg.clo ** 2 / (seg.nai * seg.ki * 20.0 ** 2))
        n = seg.nkcc1
        assert n.ina == pytest.approx(-U * x, rel=1e-12) and n.ik == n.ina
        assert n.icl == pytest.approx(2 * U * x, rel=1e-12)
        assert n.ina < 0 < n.icl  # Na+ in (inward), Cl- in (outward current)
        assert abs(n.ina + n.ik + n.icl) < 1e-18


@pytest.mark.parametrize("which", ["kcc2_mA_cm2", "nkcc1_mA_cm2", None])
def test_cotransport_conserves_every_amount_and_moves_e_cl_its_way(which):
    """A 10-um sphere in the pump-leak model (pump on, volume follows), Cl- leak started at
    E_Cl = V, with one cotransporter, for 2 h: every ion's amount changes by its integrated
    current to 1e-4 of what moved (CVODE at atol 1e-10: the leaks and the pump carry tens of
    times the amount inside in and out over 2 h, and the trapezoid rule over the steps leaves
    ~1e-5 of what moved, measured; a cotransporter's current missing from the books, or a
    wrong stoichiometry, leaves a good part of what it moved), and E_Cl ends below V with
    KCC2, above it with NKCC1."""
    base = lm.MembraneSpec().without_spikes()
    spec = base.with_(pcl_cm_s=0.45 * base.pk_cm_s, cli_mM=base.passive_cli_mM(),
                      volume_follows_osmosis=True, **({which: 1e-3} if which else {}))
    with lm.sphere(10.0, membrane=spec) as cell:
        run = run_accumulating(cell, 2 * 3.6e6, spec.leak_rest_mV(), n_chunks=20, atol=1e-10)
    e_cl = lm.spec.physics.nernst_mV(spec.clo_mM, run.mean_cli_mM[-1], -1, spec.celsius_degC)
    if which is None:
        assert e_cl - run.v_mV[-1] == pytest.approx(0.0, abs=0.01)
        return
    for ion in ("na", "k", "cl"):
        amount = getattr(run, f"{ion}_amol")
        moved = abs(amount[-1] - amount[0])
        assert moved > 1e-3 * amount[0], ion
        assert run.ion_balance_error_amol(ion) <= 1e-4 * moved, ion
    assert np.sign(e_cl - run.v_mV[-1]) == (-1 if which.startswith("kcc2") else 1)


def test_a_cotransporter_is_refused_where_cl_cannot_move():
    with pytest.raises(lm.ArgumentError, match="kcc2_mA_cm2=0.001 with accumulate_ions"):
        lm.MembraneSpec(kcc2_mA_cm2=1e-3, accumulate_ions=True)
