"""leakmodels.sweeps.table: cells x conditions in, one tidy row per pair, in order; a cell that
cannot be measured is a row, not an exception."""

import pytest

import leakmodels as lm
from leakmodels import sweeps as sw

def test_one_row_per_cell_and_condition_in_order(serial):
    """Two builders at two scales: four rows, in the order given, units in column names,
    every parameter a column; a sphere twice as wide has a quarter of the R_in."""
    assert list(serial.cell) == ["interneuron(scale=0.7)", "interneuron(scale=1.4)",
                                 "sphere(diam_um=14)", "sphere(diam_um=28)"]
    assert {"v_rest_mV", "rin_MOhm", "rheobase_nA", "cell.scale", "cell.diam_um",
            "area_um2", "outcome", "reason"} <= set(serial.columns)
    assert (serial.outcome == "ok").all()
    spheres = serial[serial.builder == "sphere"]
    assert spheres.rin_MOhm.iloc[0] / spheres.rin_MOhm.iloc[1] == pytest.approx(4.0, rel=1e-6)


def test_cells_that_cannot_be_measured_are_rows_not_exceptions():
    """A cell with half its K+ leak fires on its own: outcome 'no rest' with the reason; a
    passive cell has no rheobase: 'cannot fire'; the sweep goes on to the next cell."""
    base = lm.MembraneSpec()
    conditions = [sw.Condition("half K+ leak", membrane=base.modulated(pk_cm_s=0.5 * base.pk_cm_s)),
                  sw.Condition("passive", membrane=base.without_spikes()),
                  sw.Condition("default")]
    t = sw.sweep([sw.CellSource.scaled("sphere", 1.0)], conditions, ("rest", "rheobase"))
    assert list(t.outcome) == ["no rest", "cannot fire", "ok"]
    assert "fires with no input" in t.reason[0] and "voltage-gated" in t.reason[1]
    assert t.rheobase_nA[2] > 0
