"""leakmodels.report.reference: the API reference's list is derived (every exported function
and class, the equations, every study module, the knobs), each object once, and a study
added to STUDIES or a name added to leakmodels.__all__ shows up without an edit here."""
import inspect
import subprocess
import sys

import leakmodels as lm
from leakmodels.report import reference
from leakmodels.studies import STUDIES


def test_every_exported_function_and_class_is_documented_once():
    documented = reference.documented()
    assert len(documented) == len(set(documented))
    for name in lm.__all__:
        obj = getattr(lm, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert f"leakmodels.{name}" in documented, name


def test_every_study_module_has_its_section_with_its_main_function():
    headings = [g.heading for g in reference.groups()]
    for name, study in STUDIES.items():
        assert f"Study `{name}`" in headings
        group = reference.groups()[headings.index(f"Study `{name}`")]
        assert f"leakmodels.studies.{study.module}.run" in group.names


def test_a_module_lists_what_it_defines_not_what_it_imports():
    from leakmodels.spec import physics

    names = reference._defined_in(physics)
    assert "leakmodels.spec.physics.nernst_mV" in names
    assert all(n.startswith("leakmodels.spec.physics.") for n in names)
    assert not any(n.endswith(".dataclass") or n.endswith(".Path") for n in names)


def test_a_studys_helper_module_is_documented_with_its_study():
    helpers = reference.study_helpers()
    assert "validation_cells" in helpers["validation"]
    assert "pump_leak" not in helpers["pump"]  # a study of its own, not pump's helper
    validation = next(g for g in reference.groups() if g.heading == "Study `validation`")
    assert "leakmodels.studies.validation_cells.validation_cells" in validation.names


def test_the_list_is_the_same_after_a_02_module_name_is_imported():
    """Importing the 0.2 module leakmodels.sweep puts a stand-in at lm.sweep: the reference
    still documents the function, read where it is defined (run in a fresh process, since
    the import changes the package for the rest of the run)."""
    code = ("import warnings; warnings.simplefilter('ignore'); import leakmodels.sweep; "
            "from leakmodels.report import reference as r; "
            "print('leakmodels.sweep' in r.documented(), r.defined_at('leakmodels.sweep'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "leakmodels.sweeps.table.sweep"]


def test_public_paths_and_the_ready_made_membranes():
    assert reference.public_path(lm.input_resistance) == "leakmodels.input_resistance"
    assert reference.public_path(reference.groups) is None
    assert set(reference.exported_values()) == {"DEFAULT_MEMBRANE", "INTERNEURON_MEMBRANE",
                                                  "MOTONEURON_MEMBRANE"}
