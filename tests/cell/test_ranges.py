"""leakmodels.cell.ranges: RANGE variables of any cell set or scaled by name over regions,
as sweep conditions that reach a user's own model."""
import pytest
from neuron import h

import leakmodels as lm
from leakmodels.cell.ranges import RangeChange, apply_ranges, parse_range
from leakmodels.spec import physics
from leakmodels.spec.checks import ArgumentError

from helpers import E_PAS, pas_ball_and_stick, write_foreign_model

RM, RA = 1e4, 100.0


def test_scaling_g_pas_in_the_dendrite_meets_cable_theory():
    """g_pas halved in the dendrite only: G_in = G_soma(R_m) + G_sealed cable(2 R_m), to 1e-4
    (nseg 101); then set back by value. The rest settled before the change is not reused."""
    soma, dend = pas_ball_and_stick()
    try:
        with lm.adopt(soma) as cell:
            before = lm.input_resistance(cell)
            apply_ranges(cell, (RangeChange("pas", "g", scale=0.5, regions=("dend",)),))
            assert dend(0.5).pas.g == pytest.approx(0.5 / RM) and soma(0.5).pas.g == 1 / RM
            g_in = (1 / physics.sphere_input_resistance_MOhm(20.0, RM)
                    + 1 / physics.sealed_cable_input_resistance_MOhm(500.0, 2.0, 2 * RM, RA))
            assert lm.input_resistance(cell) * g_in == pytest.approx(1.0, abs=1e-4)
            apply_ranges(cell, (RangeChange("pas", "g", value=1 / RM, regions="dend"),))
            assert lm.input_resistance(cell) == pytest.approx(before, rel=1e-9)
            with pytest.raises(ArgumentError, match=r"pas has no RANGE variable 'gg' \(it has "
                                                    r"e, g, i\)"):
                apply_ranges(cell, (parse_range("pas.gg*2"),))
            with pytest.raises(ArgumentError, match="has no hh in soma"):
                apply_ranges(cell, (parse_range("hh.gnabar*2@soma"),))
    finally:
        h.delete_section(sec=dend)
        h.delete_section(sec=soma)


def test_a_range_change_is_the_spec_change_it_names():
    """kleak's fopen x 0.5 by name on a built interneuron is MembraneSpec's kleak_fopen x 0.5
    with the pump pinned: the same rest and R_in (the solver's 1e-9), by two paths."""
    base = lm.INTERNEURON_MEMBRANE
    (src,) = lm.cell_sources("interneuron")
    by_name = lm.Condition("by name", ranges=(RangeChange("kleak", "fopen", scale=0.5),))
    by_spec = lm.Condition.of("by spec", kleak_fopen=0.5 * base.kleak_fopen)
    t = lm.sweep([src], [by_name, by_spec], ("rest", "rin"),
                 lm.Execution(progress=False))
    assert t.v_rest_mV[0] == pytest.approx(t.v_rest_mV[1], abs=1e-9)
    assert t.rin_MOhm[0] == pytest.approx(t.rin_MOhm[1], rel=1e-9)
    assert t["scale.kleak.fopen"][0] == 0.5


def test_a_users_model_swept_over_its_own_conductance(tmp_path):
    """The Kir sphere of the hoc model with its Kir off (gbar = 0): the rest is e_pas exactly
    (a pas-only sphere); halved, between the two."""
    model = write_foreign_model(tmp_path)
    (src,) = lm.cell_sources(model / "model.hoc", mechanisms=model)
    conds = [lm.Condition("wild type"),
             lm.Condition("half Kir", ranges=(parse_range("kirfor.gbar*0.5"),)),
             lm.Condition("no Kir", ranges=(parse_range("kirfor.gbar=0"),))]
    t = lm.sweep([src], conds, ("rest",), lm.Execution(progress=False))
    assert list(t.outcome) == ["ok"] * 3
    assert t.v_rest_mV[2] == pytest.approx(E_PAS, abs=1e-9)
    assert t.v_rest_mV[0] < t.v_rest_mV[1] < t.v_rest_mV[2]


def test_the_command_line_form_is_read_or_named():
    assert parse_range("pas.g*0.5@dend+apic") == RangeChange("pas", "g", scale=0.5,
                                                             regions=("apic", "dend"))
    assert parse_range("kleak.fopen=0").value == 0.0
    for bad in ("pas.g", "pas*2", "pas.g*x"):
        with pytest.raises(ArgumentError, match="pas"):
            parse_range(bad)


@pytest.mark.parametrize("apply", [lambda c: lm.apply_ranges(c, []),
                                   lambda c: lm.add_mechanisms(c, []),
                                   lambda c: lm.replace_pas(c)])
def test_a_section_instead_of_a_cell_is_named(apply):
    """apply_ranges, add_mechanisms and replace_pas say what they were given instead of a Cell
    (they used to fail with an AttributeError inside)."""
    with lm.sphere(20.0) as cell:
        with pytest.raises(lm.ArgumentTypeError, match="cell"):
            apply(cell.soma)
