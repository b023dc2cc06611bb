"""leakmodels.sweeps.tasks: one cell under one condition, built, changed and measured."""
import pytest

import leakmodels as lm

from helpers import write_foreign_model


def test_a_models_pas_replaced_then_its_k_leak_halved(tmp_path):
    """Condition(replace_pas=True) on the user's hoc sphere (pas + its own Kir): leakmodels'
    leaks and pump take pas's place carrying its current and slope at the model's rest, so
    rest and R_in stay (1e-6: the solver's, twice); then kleak's fopen halved by name
    depolarises it and raises R_in, as the source text says of half the K+ leak (by little
    here: the Kir, open at -80 mV, holds it)."""
    model = write_foreign_model(tmp_path)
    (src,) = lm.cell_sources(model / "model.hoc", mechanisms=model)
    conds = [lm.Condition("pas"), lm.Condition("leaks", replace_pas=True),
             lm.Condition("half K", replace_pas=True,
                          ranges=(lm.RangeChange("kleak", "fopen", scale=0.5),))]
    t = lm.sweep([src], conds, ("rest", "rin"), lm.Execution(progress=False))
    assert list(t.outcome) == ["ok"] * 3 and t["replace_pas"][1] == "all"
    assert t.v_rest_mV[1] == pytest.approx(t.v_rest_mV[0], abs=1e-6)
    assert t.rin_MOhm[1] == pytest.approx(t.rin_MOhm[0], rel=1e-6)
    assert t.v_rest_mV[2] > t.v_rest_mV[1] + 1 and t.rin_MOhm[2] > t.rin_MOhm[1]
