"""leakmodels.studies.base: one contract for every study (its cells and where it runs), and the
claims' bookkeeping."""
import inspect

import pytest

import leakmodels as lm
from leakmodels.spec import reference_data
from leakmodels.spec.checks import ArgumentError, ArgumentTypeError
from leakmodels.spec.reference_data import Range
from leakmodels.studies import STUDIES, base, get
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


def test_a_prediction_names_a_paper_and_nothing_fitted():
    """A prediction's source is a paper: the source text, an issue or the package's own
    reading are refused (they make range checks); a fit names its fitted parameter, and a
    prediction may not have one."""
    ok = base.claim_less("s", "x", 1.0, 2.0, "", kind="prediction",
                         source="Nobody et al. 2000, J Test 1:1")
    assert ok.holds and ok.kind == "prediction"
    # whole words: a paper on brain tissue is a paper
    assert base.claim_less("s", "x", 1.0, 2.0, "", kind="prediction",
                           source="A et al. 2001, brain tissue energy, J 1:1").kind == "prediction"
    for source in ("", "SCIENCE.md S4", "the issue's range", "the source text (S2)",
                   "this package's reading", "Issue 19"):
        with pytest.raises(ValueError, match="a prediction names the paper"):
            base.claim_less("s", "x", 1.0, 2.0, "", kind="prediction", source=source)
    with pytest.raises(ValueError, match="kind='fit', not a prediction"):
        base.claim_less("s", "x", 1.0, 2.0, "", kind="prediction", source="A 2000, B 1:1",
                        fitted="g")
    with pytest.raises(ValueError, match="names the parameter"):
        base.claim_less("s", "x", 1.0, 2.0, "", kind="fit", source="A 2000, B 1:1")


def test_a_range_is_a_prediction_only_when_its_paper_was_checked():
    checked = Range(1.0, 2.0, "mV", "A et al. 2000, B 1:1", checked="abstract")
    unchecked = Range(1.0, 2.0, "mV", "A et al. 2000, B 1:1")
    assert base.claim_in_range("s", "x", 1.5, checked).kind == "prediction"
    assert base.claim_in_range("s", "x", 1.5, unchecked).kind == "range"
    fit = base.claim_in_range("s", "x", 1.5, checked, fitted="g_x")
    assert fit.kind == "fit" and fit.fitted == "g_x" and fit.as_row()["fitted"] == "g_x"


def test_every_published_range_used_as_a_prediction_says_how_it_was_checked():
    """The reference numbers scored as predictions carry how they were checked; those that
    were not checked say so in their source or have no `checked`."""
    for name in dir(reference_data):
        value = getattr(reference_data, name)
        if isinstance(value, (Range, reference_data.MeanSD, reference_data.PowerLaw,
                              reference_data.Published)):
            if value.checked:
                assert not base.NOT_A_PAPER.search(value.source), name
