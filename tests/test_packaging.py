"""The package as installed: its data, what importing it costs, where its mechanisms come from.

The built wheel itself is checked by .ci/wheel-check (a fresh venv, an empty folder, an
empty cache: it compiles the mechanisms, measures a cell and runs a study).
"""
import os
import subprocess
import sys

import pytest

from leakmodels.mechanisms import loading as nrn
from leakmodels.spec.morphology import MORPHOLOGY_DIR, literature_spec


def test_the_package_holds_its_sources_and_data():
    """The .mod files and the literature morphologies are found through the package itself."""
    assert [p.name for p in nrn.mod_files()] == sorted(f"{m}.mod" for m in nrn.REQUIRED_MECHANISMS)
    assert MORPHOLOGY_DIR.is_dir() and (MORPHOLOGY_DIR / "motoneuron.json").exists()
    assert literature_spec("motoneuron").n_dend == 11


def test_analytic_parts_import_without_neuron(tmp_path):
    """Every module of leakmodels.spec (physics, the specs, cable theory, SWC reading, the
    published numbers) and the mechanism declarations need neither NEURON nor compiled
    mechanisms (a folder with nothing in it, an empty cache)."""
    code = ("import importlib, pkgutil, sys, leakmodels.spec, leakmodels.mechanisms.catalogue\n"
            "for m in pkgutil.iter_modules(leakmodels.spec.__path__, 'leakmodels.spec.'):\n"
            "    importlib.import_module(m.name)\n"
            "from leakmodels import MembraneSpec\n"
            "assert MembraneSpec().leak_rest_mV() < -60\n"
            "assert 'neuron' not in sys.modules, 'NEURON was imported'\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_stale_checkout_build_is_named(tmp_path, monkeypatch):
    """A checkout's x86_64/ older than a .mod (or lacking one) is stale and named; an up to
    date one is used as it is."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "mechanisms").mkdir()
    arch = tmp_path / "x86_64"
    arch.mkdir()
    lib = arch / "libnrnmech.so"
    lib.write_bytes(b"")
    (arch / "mod_func.cpp").write_text(" ".join(f'"mechanisms/{p.name}"' for p in nrn.mod_files()))
    monkeypatch.setattr(nrn, "REPO_ROOT", tmp_path)
    newest = max(p.stat().st_mtime for p in nrn.mod_files())
    os.utime(lib, (newest + 10, newest + 10))
    assert nrn.checkout_library() == (lib, "")
    os.utime(lib, (newest - 10, newest - 10))
    found, stale = nrn.checkout_library()
    assert found == lib and "older than" in stale and ".mod" in stale
    os.utime(lib, (newest + 10, newest + 10))
    (arch / "mod_func.cpp").write_text('"mechanisms/kleak.mod"')
    assert "nav.mod" in nrn.checkout_library()[1]


def test_the_cache_lives_where_xdg_says(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert nrn.cache_root() == tmp_path / "leakmodels"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert nrn.cache_root().parts[-2:] == (".cache", "leakmodels")


@pytest.mark.parametrize("argv", [["--version"], ["list"]])
def test_the_console_entry_point_runs(argv):
    done = subprocess.run([sys.executable, "-m", "leakmodels.cli", *argv], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip(), done.stderr
