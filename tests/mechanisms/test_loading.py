"""leakmodels.mechanisms.loading: the shipped sources, compiled once into a cache keyed by them and
NEURON, a stale checkout build named, clear errors."""
import os

import pytest

from leakmodels.mechanisms import loading as nrn
from leakmodels.spec.morphology import MORPHOLOGY_DIR, literature_spec


def test_the_package_holds_its_sources_and_data():
    """The .mod files and the literature morphologies are found through the package itself."""
    assert [p.name for p in nrn.mod_files()] == sorted(f"{m}.mod" for m in nrn.REQUIRED_MECHANISMS)
    assert MORPHOLOGY_DIR.is_dir() and (MORPHOLOGY_DIR / "motoneuron.json").exists()
    assert literature_spec("motoneuron").n_dend == 11


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


def test_missing_compiler_error_names_the_fix(monkeypatch, tmp_path):
    """No cached build and no nrnivmodl: the error says what to install."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(nrn.shutil, "which", lambda *a, **k: None)
    with pytest.raises(nrn.MechanismsNotCompiledError, match="pip install neuron"):
        nrn.compile_mechanisms()


def test_partial_mechanisms_error_names_the_cause(monkeypatch):
    """Some of leakmodels' mechanism names known to NEURON, not all: another library was
    loaded first (typically a project's x86_64/ auto-loaded from the working folder)."""
    monkeypatch.setattr(nrn, "_loaded", {})
    monkeypatch.setattr(nrn, "known_mechanisms", lambda: {"kleak", "hh"})
    with pytest.raises(nrn.MechanismsNotCompiledError, match="already knows kleak"):
        nrn.load_mechanisms()


def test_the_cache_key_follows_the_sources_and_neuron(monkeypatch):
    """One compiled library per set of sources, NEURON version and machine."""
    key = nrn.build_key()
    assert key == nrn.build_key() and len(key) == 16
    monkeypatch.setattr(nrn.neuron, "__version__", "0.0.0-other")
    assert nrn.build_key() != key
