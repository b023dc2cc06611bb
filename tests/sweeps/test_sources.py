"""leakmodels.sweeps.sources: what a sweep measures (conditions are one whatever the order of
their changes; a failed row names the user's file)."""
import pytest

import leakmodels as lm
from leakmodels.spec.checks import ArgumentError

SWC = "1 1 0 0 0 10 -1\n2 3 0 10 0 1 1\n3 3 0 200 0 1 2\n"


def test_the_same_changes_in_any_order_are_one_condition():
    a = lm.Condition("c", (("pk_cm_s", 1e-6), ("kleak_fopen", 0.5)))
    b = lm.Condition("c", (("kleak_fopen", 0.5), ("pk_cm_s", 1e-6)))
    assert a == b and a.as_columns() == b.as_columns()
    with pytest.raises(ArgumentError, match="changes pk_cm_s more than once"):
        lm.Condition("c", (("pk_cm_s", 1e-6), ("pk_cm_s", 2e-6)))


def test_a_failed_rows_reason_names_the_users_file(tmp_path):
    """The reason says which file failed (cell.swc), not leakmodels' internal cell id."""
    (tmp_path / "cell.swc").write_text(SWC)
    passive = lm.Condition("passive", membrane=lm.DEFAULT_MEMBRANE.without_spikes())
    table = lm.sweep(lm.cell_sources(tmp_path), [passive], ("rheobase",),
                     lm.Execution(progress=False))
    assert table.outcome[0] == "cannot fire"
    assert table.reason[0].startswith("cell.swc has no voltage-gated channels")
