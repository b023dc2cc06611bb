"""Bad input gets a clear error that names the bad value and the fix."""
import math

import pytest

import leakmodels as lm
from leakmodels import nrn


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


def test_missing_mechanisms_error_names_the_command(monkeypatch):
    """If NEURON knows none of our mechanisms and no library exists, the error says what to run."""
    monkeypatch.setattr(nrn, "known_mechanisms", lambda: set())
    monkeypatch.setattr(nrn, "_library_candidates", lambda: [nrn.REPO_ROOT / "nowhere" / "libnrnmech.so"])
    with pytest.raises(nrn.MechanismsNotCompiledError, match="nrnivmodl mechanisms"):
        nrn.load_mechanisms()


def test_partial_mechanisms_error(monkeypatch):
    monkeypatch.setattr(nrn, "known_mechanisms", lambda: {"kleak"})
    with pytest.raises(nrn.MechanismsNotCompiledError, match="missing: naleak"):
        nrn.load_mechanisms()
