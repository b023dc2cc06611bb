"""leakmodels.cell.transplant: leakmodels' leaks and pump in place of a model's pas keep its
rest and R_in, and then the source text's experiments run on it."""

import pytest
from neuron import h

import leakmodels as lm
from leakmodels.cell.transplant import leak_pair, matching_membrane
from leakmodels.spec import physics
from leakmodels.spec.checks import ArgumentError

from helpers import ball_and_stick_rin_MOhm, pas_ball_and_stick

RM, RA, E = 1e4, 100.0, -70.0


def test_the_leaks_replace_pas_with_its_rest_and_conductance_then_half_the_k_leak():
    """A uniform pas cell at e_pas: its leak pair has that reversal (balanced pump) and that
    slope there, so rest and R_in stay (1e-9: the solver's). Half its K+ leak with the pump
    pinned: the rest is the pair's analytic one (GHK + the fixed pump current, 1e-6 mV) and,
    the membrane still uniform, R_in is cable theory's at the new slope (1e-4, nseg 101)."""
    soma, dend = pas_ball_and_stick()
    try:
        with lm.adopt(soma, celsius_degC=37.0) as cell:
            v0, r0 = lm.resting_potential(cell), lm.input_resistance(cell)
            done = lm.replace_pas(cell)
            assert done["segments"] == 102 and not soma.has_membrane("pas")
            assert lm.resting_potential(cell) == pytest.approx(v0, abs=1e-8)
            assert lm.input_resistance(cell) == pytest.approx(r0, rel=1e-8)
            lm.apply_ranges(cell, [lm.RangeChange("kleak", "fopen", scale=0.5)])
            v_half, r_half = lm.resting_potential(cell), lm.input_resistance(cell)
        spec = leak_pair(done["membrane"], E, 1 / RM, E)
        half = spec.with_(pump_imax_mA_cm2=spec.pump_imax(), kleak_fopen=0.5 * spec.kleak_fopen)
        assert v_half == pytest.approx(half.leak_rest_mV(), abs=1e-6)
        assert v_half > v0 + 5  # half the K+ leak depolarises
        rm = 1 / half.leak_slope_conductance_S_cm2(v_half)
        assert r_half / ball_and_stick_rin_MOhm(rm, RA) == pytest.approx(1.0, abs=1e-4)
    finally:
        h.delete_section(sec=dend)
        h.delete_section(sec=soma)


def test_the_models_own_reversals_are_kept():
    """A model that sets ek = -80 mV and ena = 60 mV (hh at the soma): the concentrations are
    chosen so that Nernst gives those back, and its channels see them after the transplant."""
    soma, dend = pas_ball_and_stick()
    soma.insert("hh")
    soma(0.5).ek, soma(0.5).ena = -80.0, 60.0
    try:
        with lm.adopt(soma, celsius_degC=36.0) as cell:
            spec = matching_membrane(cell)
            assert spec.reversal_mV("k") == pytest.approx(-80.0, abs=1e-9)
            assert spec.reversal_mV("na") == pytest.approx(60.0, abs=1e-9)
            lm.replace_pas(cell)
            for seg, ion, e in ((soma(0.5), "k", -80.0), (dend(0.5), "na", 60.0)):
                nernst = physics.nernst_mV(getattr(seg, f"{ion}o"), getattr(seg, f"{ion}i"), 1,
                                           36.0)
                assert nernst == pytest.approx(e, abs=1e-9)  # E at the cell's temperature
    finally:
        h.delete_section(sec=dend)
        h.delete_section(sec=soma)


def test_a_reversal_no_leak_pair_can_have_is_named():
    soma, dend = pas_ball_and_stick(e_mV=-120.0)
    try:
        with lm.adopt(soma) as cell:
            with pytest.raises(ArgumentError, match=r"e_pas = -120 mV lies outside E_K..E_Na"):
                lm.replace_pas(cell)
            with pytest.raises(ArgumentError, match="has no pas in axon to replace"):
                lm.replace_pas(cell, regions="axon")
    finally:
        h.delete_section(sec=dend)
        h.delete_section(sec=soma)
