"""leakmodels.cell.additions: leakmodels' own channels (Ih) painted onto a user's model over
regions, with the model's reversal potentials, and in sweeps and on the command line."""
import math

import pytest
from neuron import h
from scipy.optimize import brentq

import leakmodels as lm
from leakmodels.cell.additions import addable, parse_addition
from leakmodels.spec import physics
from leakmodels.spec.checks import ArgumentError

from helpers import ball_and_stick_rin_MOhm, pas_ball_and_stick, write_foreign_model

G_PAS, E_PAS, GHCN = 1e-4, -70.0, 1e-4
FNA, VHALF, K = 0.37, -85.0, 8.0  # hcn.mod's fna, vhalf and slope k (the defaults it keeps)


def _m_inf(v):
    return 1 / (1 + math.exp((v - VHALF) / K))


def test_ih_on_a_pas_cell_rests_where_the_two_currents_cancel_and_rin_is_the_cables():
    """A uniform pas ball-and-stick (no ions of its own) with Ih everywhere stays uniform, so
    its rest solves g_pas (V - e_pas) + gbar m_inf(V) (V - e_h) = 0 with e_h = fna E_Na +
    (1 - fna) E_K at the membrane's concentrations (the ions the addition brought: 37 degC),
    and its R_in is the cable's at the steady slope g_pas + gbar (m_inf + m_inf'(V) (V - e_h)),
    m_inf' = -m_inf (1 - m_inf) / k. Tolerances: the engine's solve (1e-6 mV) and the cable
    formula on nseg 101 (1e-4, as for pas alone). A sign flipped in hcn's current, or E_K and
    E_Na left at NEURON's squid defaults, move the rest by millivolts."""
    soma, dend = pas_ball_and_stick(E_PAS, 1 / G_PAS)
    try:
        with lm.adopt(soma, celsius_degC=37.0) as cell:
            v_pas = lm.resting_potential(cell)
            done = lm.add_mechanisms(cell, [lm.Addition("hcn", ghcn_S_cm2=GHCN)])
            assert done == {"hcn": 2}
            v, rin = lm.resting_potential(cell), lm.input_resistance(cell)
        spec = lm.DEFAULT_MEMBRANE
        ek = physics.nernst_mV(spec.ko_mM, spec.ki_mM, 1, 37.0)
        ena = physics.nernst_mV(spec.nao_mM, spec.nai_mM, 1, 37.0)
        e_h = FNA * ena + (1 - FNA) * ek
        rest = brentq(lambda x: G_PAS * (x - E_PAS) + GHCN * _m_inf(x) * (x - e_h), -90, -40,
                      xtol=1e-12)
        assert v_pas == pytest.approx(E_PAS, abs=1e-8)
        assert v == pytest.approx(rest, abs=1e-6)
        assert v > v_pas + 1  # Ih depolarises the rest
        m = _m_inf(rest)
        slope = G_PAS + GHCN * (m - m * (1 - m) / K * (rest - e_h))
        assert rin / ball_and_stick_rin_MOhm(1 / slope) == pytest.approx(1.0, abs=1e-4)
    finally:
        h.delete_section(sec=dend)
        h.delete_section(sec=soma)


def test_added_over_regions_with_the_models_reversals():
    """Ih in the dendrite only of a model whose soma sets ek = -80 and ena = 60 mV (hh): the
    soma gets none and keeps its reversals; the dendrite, which had no Na+ or K+ until Ih
    brought them, gets concentrations whose Nernst potentials are the model's at its
    temperature (NEURON derives E from them at each run's celsius)."""
    soma, dend = pas_ball_and_stick()
    soma.insert("hh")
    soma(0.5).ek, soma(0.5).ena = -80.0, 60.0
    try:
        with lm.adopt(soma, celsius_degC=36.0) as cell:
            lm.add_mechanisms(cell, [lm.Addition("hcn", ("dend",), ghcn_S_cm2=2e-4,
                                                 hcn_vhalf_mV=-80.0)])
            assert not soma.has_membrane("hcn") and dend.has_membrane("hcn")
            assert dend(0.5).hcn.gbar == 2e-4 and dend(0.5).hcn.vhalf == -80.0
            v = lm.resting_potential(cell)
            assert math.isfinite(v)
            assert (soma(0.5).ek, soma(0.5).ena) == (-80.0, 60.0)  # the model's, untouched
            for ion, e in (("k", -80.0), ("na", 60.0)):  # what NEURON derives at 36 degC
                seg = dend(0.5)
                nernst = physics.nernst_mV(getattr(seg, f"{ion}o"), getattr(seg, f"{ion}i"), 1,
                                           36.0)
                assert nernst == pytest.approx(e, abs=1e-9)
    finally:
        h.delete_section(sec=dend)
        h.delete_section(sec=soma)


def test_bad_additions_are_named():
    with pytest.raises(ArgumentError, match="nakpump.*replace_pas"):
        lm.Addition("nakpump", pump_imax_mA_cm2=1e-3)
    with pytest.raises(ArgumentError, match="pk_cm_s.*not one of its fields.*ghcn_S_cm2"):
        lm.Addition("hcn", pk_cm_s=1e-6)
    with pytest.raises(ArgumentError, match="density.*ghcn_S_cm2"):
        lm.Addition("hcn", hcn_vhalf_mV=-80.0)
    with pytest.raises(ArgumentError, match="'ghcn_S_cm2=a' is not FIELD=NUMBER"):
        parse_addition("hcn:ghcn_S_cm2=a@dend")
    with pytest.raises(ArgumentError, match="'x' is not one of its fields"):
        parse_addition("hcn:ghcn_S_cm2=1e-4,x=1@dend")
    assert "hcn" in addable() and "nakacc" not in addable()
    soma, dend = pas_ball_and_stick()
    try:
        with lm.adopt(soma) as cell:
            with pytest.raises(ArgumentError, match="no section in apic.*dend, soma"):
                lm.add_mechanisms(cell, [lm.Addition("hcn", "apic", ghcn_S_cm2=1e-4)])
    finally:
        h.delete_section(sec=dend)
        h.delete_section(sec=soma)


def test_a_condition_adds_ih_to_a_users_model_and_a_range_switches_it(tmp_path):
    """The user's hoc sphere (pas + its own Kir): Ih added by a condition (its columns name
    it), then hcn.gbar scaled by 0 by a RangeChange: the row equals the model without Ih
    (1e-9), and with it the rest is depolarised and R_in lower (Ih open at rest)."""
    model = write_foreign_model(tmp_path)
    (src,) = lm.cell_sources(model / "model.hoc", mechanisms=model)
    ih = parse_addition("hcn:ghcn_S_cm2=5e-4")
    conds = [lm.Condition("model"), lm.Condition("+Ih", add=ih),
             lm.Condition("+Ih off", add=ih, ranges=lm.RangeChange("hcn", "gbar", scale=0.0))]
    t = lm.sweep([src], conds, ("rest", "rin"), lm.Execution(progress=False))
    assert list(t.outcome) == ["ok"] * 3 and t["add.hcn.ghcn_S_cm2"][1] == 5e-4
    assert t.v_rest_mV[2] == pytest.approx(t.v_rest_mV[0], abs=1e-9)
    assert t.rin_MOhm[2] == pytest.approx(t.rin_MOhm[0], rel=1e-9)
    assert t.v_rest_mV[1] > t.v_rest_mV[0] + 1 and t.rin_MOhm[1] < t.rin_MOhm[0]


def test_leaks_and_per_region_channels_and_the_cells_own_membrane():
    """A K+ leak can be added (its density is pk_cm_s); nav's densities are per region, so
    its regions and each one's field must be given (a field for a region left out, or a
    region it has no field for, is named); on a leakmodels cell the defaults are the
    cell's own membrane's (a condition's hcn_vhalf_mV reaches the added Ih)."""
    assert lm.Addition("kleak", pk_cm_s=1e-6).values == (("pk_cm_s", 1e-6),)
    with pytest.raises(ArgumentError, match="density \\(pk_cm_s\\)"):
        lm.Addition("kleak", kleak_fopen=0.5)
    with pytest.raises(ArgumentError, match="set per region.*regions= among soma, axon"):
        lm.Addition("nav", gnav_axon_S_cm2=3.0)
    with pytest.raises(ArgumentError, match="give gnav_soma_S_cm2 for soma"):
        lm.Addition("nav", ("soma",), gnav_axon_S_cm2=3.0)
    with pytest.raises(ArgumentError, match="gnav_axon_S_cm2 is for axon"):
        lm.Addition("nav", ("soma",), gnav_soma_S_cm2=0.1, gnav_axon_S_cm2=3.0)
    with pytest.raises(ArgumentError, match="ghcn_S_cm2 is given twice"):
        parse_addition("hcn:ghcn_S_cm2=1e-4,ghcn_S_cm2=2e-4")
    with lm.sphere(20.0, membrane=lm.DEFAULT_MEMBRANE.with_(hcn_vhalf_mV=-70.0)) as cell:
        lm.add_mechanisms(cell, [lm.Addition("hcn", ghcn_S_cm2=1e-4),
                                 lm.Addition("nav", ("soma",), gnav_soma_S_cm2=0.1)])
        assert cell.soma(0.5).hcn.vhalf == -70.0 and cell.soma(0.5).nav.gbar == 0.1
