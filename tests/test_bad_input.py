"""Bad input gets a clear error that names the bad value and the fix."""
import math

import pytest

import leakmodels as lm
from leakmodels.mechanisms import loading as nrn


@pytest.mark.parametrize("value", [0, -5, math.nan, math.inf])
def test_bad_sizes(value):
    with pytest.raises(ValueError, match=r"diam_um=.*greater than 0"):
        lm.sphere(value)
    with pytest.raises(ValueError, match=r"length_um="):
        lm.cylinder(value, 1.0)
    with pytest.raises(ValueError, match=r"dend_diam_um="):
        lm.ball_and_stick(20, 100, value)
    with pytest.raises(ValueError, match=r"scale="):
        lm.motoneuron(scale=value)


def test_non_numeric_size():
    with pytest.raises(TypeError, match="not a number"):
        lm.sphere("big")


@pytest.mark.parametrize("field", ["ki_mM", "ko_mM", "nai_mM", "nao_mM"])
@pytest.mark.parametrize("value", [0.0, -1.0])
def test_non_positive_concentrations(field, value):
    with pytest.raises(ValueError, match=rf"{field}={value}.*greater than 0"):
        lm.MembraneSpec(**{field: value})


def test_other_membrane_errors():
    with pytest.raises(ValueError, match="not finite"):
        lm.MembraneSpec(pk_cm_s=math.nan)
    with pytest.raises(ValueError, match="negative"):
        lm.MembraneSpec(gnav_soma_S_cm2=-1)
    with pytest.raises(ValueError, match="fraction"):
        lm.MembraneSpec(kleak_fopen=1.5)
    with pytest.raises(ValueError, match="temperature"):
        lm.MembraneSpec(celsius_degC=400)
    with pytest.raises(TypeError, match="MembraneSpec"):
        lm.sphere(10, membrane={"pk_cm_s": 1e-6})
    with pytest.raises(ValueError, match="n_dend"):
        lm.ball_and_stick(20, 100, 1, n_dend=0)
    with pytest.raises(ValueError, match="nseg"):
        lm.cylinder(100, 1, nseg=0)


def test_measurement_arguments():
    with lm.sphere(10) as cell:
        with pytest.raises(ValueError, match="method="):
            lm.input_resistance(cell, method="guess")
        with pytest.raises(ValueError, match="precision="):
            lm.rheobase(cell, precision=2)
        with pytest.raises(ValueError, match="duration_ms="):
            lm.rheobase(cell, duration_ms=-1)


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
