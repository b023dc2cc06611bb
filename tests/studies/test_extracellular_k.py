"""S7b extracellular K+: the study's claims hold and its table says what it measured."""
import pytest

import leakmodels as lm
from leakmodels.studies.extracellular_k import extracellular_k


def test_the_study_runs_on_any_cell_and_its_claims_hold():
    cells = {"sphere": lm.CellSource("sphere", (("diam_um", 20.0),), label="sphere")}
    result = extracellular_k(cells=cells, multiples=(2.0, 4.0))
    claims = result.claims_frame()
    assert claims.holds.all(), claims[~claims.holds].claim.tolist()
    t = result.table
    assert set(t.space) == {"alpha 0.2", "alpha 0.1", "sealed, alpha 0.2",
                            "alpha 0.2, astrocyte with Kir4.1",
                            "alpha 0.2, astrocyte, Kir4.1 knocked out"}
    glia = t[t.space.str.contains("astrocyte")].set_index("space")
    kir, ko = glia.loc["alpha 0.2, astrocyte with Kir4.1"], glia.loc[
        "alpha 0.2, astrocyte, Kir4.1 knocked out"]
    assert kir.astrocyte_rin_MOhm < ko.astrocyte_rin_MOhm  # Kir4.1 conducts at rest
    assert kir.astrocyte_v_rest_mV < ko.astrocyte_v_rest_mV  # and holds it nearer E_K
    main = t[t.space == "alpha 0.2"].sort_values("drive_x_rheobase")
    assert (main.rate_Hz.diff().dropna() > 0).all()  # a stronger drive fires faster
    assert (main.ko_soma_peak_mM.diff().dropna() > 0).all()  # and releases more K+


@pytest.mark.parametrize("multiples, error", [((1.5, 4.0), lm.ArgumentError),
                                              ((2.0, -1.0), lm.ArgumentError),
                                              ("2", lm.ArgumentTypeError)])
def test_bad_multiples_are_refused_before_anything_runs(multiples, error):
    """The claims compare the 2x trains: without 2.0 the study used to stop on a bare
    StopIteration after its runs."""
    with pytest.raises(error, match="multiples"):
        extracellular_k(multiples=multiples)
