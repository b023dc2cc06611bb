"""leakmodels.report.tables: the documentation's tables of measurements, mechanisms and
MembraneSpec fields are made from the declarations (the site includes them at every build),
and every declared mechanism, field and measurement has its row."""
from pathlib import Path

import pytest

from leakmodels.report import tables

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_declared_mechanism_field_and_measurement_has_a_row():
    from leakmodels.measure import measurements
    from leakmodels.mechanisms import mechanisms
    from leakmodels.spec.membrane import spec_fields

    text = "\n".join(tables.tables().values())
    for name in ([f"`{m.suffix}`" for m in mechanisms()] + [f"`{f.name}`" for f in spec_fields()]
                 + [f"`{m.name}`" for m in measurements()]):
        assert name in text


@pytest.mark.skipif(not DOCS.is_dir(), reason="no docs/ beside the package (an installed wheel)")
@pytest.mark.parametrize("page, table", [("reference/membrane.md", "membrane"),
                                         ("reference/measurements.md", "measurements"),
                                         ("explanations/mechanisms.md", "mechanisms")])
def test_the_site_includes_the_generated_table(page, table):
    assert f"{{include}} ../_generated/{table}.md" in (DOCS / page).read_text()


def test_a_table_row_per_row():
    for name, table in tables.tables().items():
        lines = table.splitlines()
        assert lines[1].startswith("|---") and all(line.startswith("| ") for line in lines[2:])
        assert len({line.count(" | ") for line in lines[2:]}) == 1, name
