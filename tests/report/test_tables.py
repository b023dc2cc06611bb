"""leakmodels.report.tables: the README's tables of measurements, mechanisms and MembraneSpec
fields are the ones the declarations make (a new declaration shows here until the README
carries it)."""
from pathlib import Path

import pytest

from leakmodels.report import tables

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("name", sorted(tables.tables()))
def test_the_readme_carries_the_table_the_declarations_make(name):
    table = tables.tables()[name]
    assert f"<!-- {name} table: made by python -m leakmodels.report.tables -->\n{table}\n" in \
        README.read_text(), (f"the README's {name} table is not the declarations': run "
                             "python -m leakmodels.report.tables and paste it")


def test_every_declared_mechanism_field_and_measurement_has_a_row():
    from leakmodels.measure import measurements
    from leakmodels.mechanisms import mechanisms
    from leakmodels.spec.membrane import spec_fields

    text = "\n".join(tables.tables().values())
    for name in ([f"`{m.suffix}`" for m in mechanisms()] + [f"`{f.name}`" for f in spec_fields()]
                 + [f"`{m.name}`" for m in measurements()]):
        assert name in text
