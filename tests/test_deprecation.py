"""leakmodels.deprecation: the 0.2 names still work for one release, and say their new ones."""
import importlib
import subprocess
import sys

import pytest

from leakmodels.deprecation import MOVED_MODULES

OLD_IMPORTS = """
import warnings
warnings.simplefilter("error")
import leakmodels as lm
try:
    from leakmodels.sweep import cell_sources, sweep
except DeprecationWarning as exc:
    print("warned:", exc)
warnings.simplefilter("ignore")
from leakmodels.sweep import cell_sources, sweep
from leakmodels.execution import Execution
table = lm.sweep(cell_sources("sphere"), measures=("rin",), execution=Execution(progress=False))
print(round(table.rin_MOhm[0], 3), sweep is lm.sweeps.table.sweep)
"""


def test_the_readmes_old_imports_still_work_and_warn():
    """The 0.2 README imported sweep and cell_sources from leakmodels.sweep, Execution from
    leakmodels.execution: both still work, and lm.sweep stays callable afterwards."""
    done = subprocess.run([sys.executable, "-c", OLD_IMPORTS], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    warned, result = done.stdout.strip().splitlines()
    assert "leakmodels.sweep moved to leakmodels.sweeps.table" in warned
    assert result.split()[1] == "True" and float(result.split()[0]) > 0


@pytest.mark.parametrize("old", sorted(MOVED_MODULES))
def test_every_moved_module_finds_its_names(old):
    new = [importlib.import_module(f"leakmodels.{n}") for n in MOVED_MODULES[old]]
    sys.modules.pop(f"leakmodels.{old}", None)  # imported before: import it again
    with pytest.warns(DeprecationWarning, match=f"leakmodels.{old} moved"):
        module = importlib.import_module(f"leakmodels.{old}")
    public = [n for n in dir(new[0]) if not n.startswith("_")][:5]
    for name in public:
        assert getattr(module, name) is getattr(new[0], name)


def test_0_2_positional_arguments_still_work_and_warn():
    """0.2 took site (and what followed it) by position; 0.3 by keyword only. For one
    release the old call still gives the same number, with a warning naming the keyword."""
    import leakmodels as lm
    with lm.sphere(20.0) as cell:
        site = cell.soma(0.5)
        new = lm.input_resistance(cell, site=site, method="steady")
        with pytest.warns(DeprecationWarning, match=r"site, method by position .* site=, method="):
            old = lm.input_resistance(cell, site, "steady")
        assert old == new
        with pytest.raises(TypeError, match="site given by position and by keyword"):
            lm.input_resistance(cell, site, site=site)
        with pytest.warns(DeprecationWarning):
            assert (lm.rheobase_search(cell, site).rheobase_nA
                    == lm.rheobase_result(cell).rheobase_nA)


def test_0_2_hand_kept_constants_are_read_from_the_declarations():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from leakmodels.classify import REVERSAL_MARGIN_MV
        from leakmodels.ionbudget import CARRIERS
        from leakmodels.membrane import LEAKMODELS_MECHANISMS
        from leakmodels.stability import CERTIFIABLE
        from leakmodels.sweep import MEASURES
    assert {"kleak", "naleak", "nakpump", "nakacc", "nav", "kdr", "hcn", "ahp",
            "km"} <= set(LEAKMODELS_MECHANISMS)  # and every one declared since
    assert {"kleak", "naleak", "nakpump", "pas", "nav", "kdr", "hcn", "ahp", "km"} <= CERTIFIABLE
    assert {"naleak", "nakpump", "nav", "hcn"} <= set(CARRIERS["na"])  # and any declared since
    assert REVERSAL_MARGIN_MV == 5.0 and MEASURES["rin"] == "rin_MOhm"
    import leakmodels.report as report  # still the report's
    assert report.SECTIONS == ".sections" and report.md_table.__name__ == "md_table"
