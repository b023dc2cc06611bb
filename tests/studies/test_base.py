"""leakmodels.studies.base: one contract for every study (its cells and where it runs), and the
claims' bookkeeping."""
import inspect

import pytest

import leakmodels as lm
from leakmodels.spec.checks import ArgumentError, ArgumentTypeError
from leakmodels.studies import STUDIES, get
from leakmodels.studies.base import study_cells
from leakmodels.studies.development import development


def test_every_study_takes_its_cells_and_an_execution_by_the_same_names():
    for name in STUDIES:
        params = inspect.signature(get(name)).parameters
        assert "cells" in params and "execution" in params, name
        assert params["cells"].default is None and params["execution"].default is None, name


def test_a_study_measures_the_cells_it_is_given():
    """The development study's sphere, halved: the same rest (isopotential, the same
    membrane), four times the input resistance (R_in = R_m / (pi d^2))."""
    ratios = [1.0, 0.05]
    default = development(pna_over_pk=ratios).table
    small = development(pna_over_pk=ratios, execution=lm.Execution(progress=False),
                        cells={"small": lm.CellSource("sphere", (("diam_um", 10.0),))}).table
    assert list(small.v_rest_sim_mV) == pytest.approx(list(default.v_rest_sim_mV), abs=1e-9)
    assert list(small.rin_MOhm / default.rin_MOhm) == pytest.approx([4.0] * len(small), rel=1e-6)


def test_cells_are_labelled_cell_sources():
    with pytest.raises(ArgumentTypeError, match="give {label: CellSource}"):
        study_cells({"sphere": "sphere"}, {})
    with pytest.raises(ArgumentTypeError, match="give {label: CellSource}"):
        study_cells([lm.CellSource("sphere", (("diam_um", 10.0),))], {})
    two = {"a": lm.CellSource("interneuron"), "b": lm.CellSource("motoneuron")}
    with pytest.raises(ArgumentError, match="measures one cell"):
        study_cells(two, {}, one=True)
    assert study_cells(None, two) == two
