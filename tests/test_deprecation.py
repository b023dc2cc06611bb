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
