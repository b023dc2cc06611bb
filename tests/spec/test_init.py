"""leakmodels.spec: plain numbers, never NEURON."""
import os
import subprocess
import sys


def test_analytic_parts_import_without_neuron(tmp_path):
    """Every module of leakmodels.spec (physics, the specs, cable theory, SWC reading, the
    published numbers) and the mechanism declarations need neither NEURON nor compiled
    mechanisms (a folder with nothing in it, an empty cache); nor does asking the package for
    a name it does not have (hasattr, a notebook's probes)."""
    code = ("import importlib, pkgutil, sys, leakmodels.spec, leakmodels.mechanisms.catalogue\n"
            "for m in pkgutil.iter_modules(leakmodels.spec.__path__, 'leakmodels.spec.'):\n"
            "    importlib.import_module(m.name)\n"
            "import leakmodels as lm\n"
            "assert not hasattr(lm, 'nothing') and not hasattr(lm, '_repr_html_')\n"
            "from leakmodels import MembraneSpec\n"
            "assert MembraneSpec().leak_rest_mV() < -60\n"
            "assert 'neuron' not in sys.modules, 'NEURON was imported'\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
