"""leakmodels.cell.foreign: a user's model from its own files (a hoc file with its own .mod
file, a hoc template, a Python function) is loaded, measured exactly as it stands, leaves
NEURON's globals as they were and leaves no section behind."""
import math
import warnings

import pytest
from neuron import h
from scipy.optimize import brentq

import leakmodels as lm
from leakmodels.cell.foreign import HocError
from leakmodels.spec.checks import ArgumentError

from helpers import (
    DIAM,
    E_K,
    E_PAS,
    G_PAS,
    GBAR,
    K,
    KIR_MOD,
    MODEL_HOC,
    TEMPLATE_HOC,
    VH,
    write_foreign_model,
)

@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """The model's folder: its hoc file, a template file, a Python builder and its .mod file."""
    return write_foreign_model(tmp_path_factory.mktemp("model"))


def _analytic_rest_and_rin():
    """0 = g_pas (V - e_pas) + gbar (V - E_K) / (1 + exp((V - vh)/k)) (mA/cm2); R_in = 1 /
    (area * dI/dV) at that V (area pi d^2 of a sphere as NEURON's cylinder L = d)."""
    def i(v):
        return G_PAS * (v - E_PAS) + GBAR * (v - E_K) / (1 + math.exp((v - VH) / K))
    v = brentq(i, -90.0, -60.0, xtol=1e-13)
    slope = (i(v + 1e-5) - i(v - 1e-5)) / 2e-5  # S/cm2; central difference, error ~1e-10
    area_cm2 = math.pi * (DIAM * 1e-4) ** 2
    return v, 1.0 / (slope * area_cm2) / 1e6


def test_a_hoc_model_with_its_own_mod_file_is_measured_exactly(model):
    """The rest and R_in of the user's Kir sphere are the zero and the slope of its I-V
    (written out above from the .mod file's equation): 1e-6 mV and 1e-6 relative, the
    steady-state solver's precision. Its temperature and initial potential are the file's;
    NEURON's globals are back as they were before it loaded."""
    before = (h.celsius, h.dt, h.secondorder, h.v_init)
    v_rest, rin = _analytic_rest_and_rin()
    with lm.from_hoc(model / "model.hoc", mechanisms=model) as cell:
        assert (h.celsius, h.dt, h.secondorder, h.v_init) == before
        assert cell.celsius_degC == 34.0 and cell.v_init_mV == -75.0
        assert cell.soma.has_membrane("kirfor") and cell.membrane is None
        assert lm.resting_potential(cell) == pytest.approx(v_rest, abs=1e-6)
        assert lm.input_resistance(cell) == pytest.approx(rin, rel=1e-6)
    assert not list(h.allsec())  # the cell deleted what the file made


def test_a_hoc_file_that_fails_names_the_error_and_leaves_nothing(model, tmp_path):
    """Without its .mod files the model stops at its first `insert`: NEURON's message, the
    file and line, and where the .mod files are; the soma it had made is gone."""
    (tmp_path / "kir2.mod").write_text(KIR_MOD.replace("kirfor", "kirnot"))
    (tmp_path / "m.hoc").write_text(MODEL_HOC.replace("kirfor", "kirnot"))
    with pytest.raises(HocError, match=r"kirnot is not a MECHANISM in m.hoc near line 9.*"
                                       r"pass mechanisms= \(--mechanisms\) their folder"):
        lm.from_hoc(tmp_path / "m.hoc")
    assert not list(h.allsec())
    (tmp_path / "syntax.hoc").write_text("create soma\nsoma { L = = 3 }\n")
    with pytest.raises(HocError, match="syntax error in syntax.hoc near line 2"):
        lm.from_hoc(tmp_path / "syntax.hoc")
    with pytest.raises(FileNotFoundError, match="no such hoc file"):
        lm.from_hoc(tmp_path / "missing.hoc")
    assert not list(h.allsec())


def test_one_top_level_hoc_cell_at_a_time(model):
    """A second `create soma` would replace the first cell's soma: refused while it lives."""
    with lm.from_hoc(model / "model.hoc", mechanisms=model):
        with pytest.raises(ArgumentError, match="top-level hoc names are global"):
            lm.from_hoc(model / "model.hoc")
    with lm.from_hoc(model / "model.hoc") as again:  # gone with its block: allowed again
        assert again.soma.has_membrane("kirfor")


def test_a_template_file_is_a_cell_of_its_template(model):
    """R_in of a pas sphere is R_m / (pi d^2) (exact, one isopotential compartment); a file
    of templates without template= names them; a template it lacks is named."""
    with pytest.raises(ArgumentError, match="defines the template.* ForeignBall: give "
                                            "template='ForeignBall'"):
        lm.from_hoc(model / "ball.hoc")
    with lm.from_hoc(model / "ball.hoc", template="ForeignBall", args=(12.0,)) as cell:
        expected = 1e4 / (math.pi * (12e-4) ** 2) / 1e6
        assert lm.input_resistance(cell) == pytest.approx(expected, rel=1e-9)
    with pytest.raises(ArgumentError, match="defines no template 'Nope'"):
        lm.from_hoc(model / "ball.hoc", template="Nope")
    assert not list(h.allsec())


def test_a_python_builder_by_file_and_function(model):
    """'build.py:ball' called with its arguments; a stimulus the model carries is named in a
    warning (it acts in every measurement); the sections are gone after."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with lm.from_python(f"{model / 'build.py'}:ball", 10.0) as cell:
            expected = 1e4 / (math.pi * (10e-4) ** 2) / 1e6
            assert lm.input_resistance(cell) == pytest.approx(expected, rel=1e-9)
    with pytest.warns(lm.ModelStimulusWarning, match=r"1 point process\(es\) of its own "
                                                     r"\(IClamp\[\d+\] at"):
        with lm.from_python(f"{model / 'build.py'}:ball", stimulus=True):
            pass
    assert not list(h.allsec())
    with pytest.raises(ArgumentError, match="has no function 'nothing'"):
        lm.from_python(f"{model / 'build.py'}:nothing")


def test_a_template_is_defined_once_and_its_file_keeps_its_globals(model, tmp_path):
    """NEURON cannot redefine a template: the file runs once per process, every later cell is
    a new instance with the temperature the file set; the same name from another file is
    refused, naming both (it was measured as the first file's before)."""
    (tmp_path / "warm.hoc").write_text("celsius = 31\n" + TEMPLATE_HOC.replace(
        "ForeignBall", "WarmBall"))
    for _ in range(2):
        with lm.from_hoc(tmp_path / "warm.hoc", template="WarmBall", args=(10.0,)) as cell:
            assert cell.celsius_degC == 31.0 and h.celsius != 31.0
    other = tmp_path / "other"
    other.mkdir()
    (other / "warm.hoc").write_text(TEMPLATE_HOC.replace("ForeignBall", "WarmBall"))
    with pytest.raises(ArgumentError, match=r"template 'WarmBall' was defined by .*warm.hoc; "
                                            r".*other/warm.hoc defines one of the same name"):
        lm.from_hoc(other / "warm.hoc", template="WarmBall")


def test_a_model_whose_files_ran_before_says_so(tmp_path):
    """A file that loads another with load_file: NEURON runs the loaded one once per process,
    so a second build makes no section; the error says why and what to do."""
    (tmp_path / "morph.hoc").write_text("create soma\nsoma { L = 10  diam = 10  insert pas }\n")
    (tmp_path / "main.hoc").write_text('load_file("morph.hoc")\n')
    with lm.from_hoc(tmp_path / "main.hoc") as cell:
        assert len(cell.sections) == 1
    with pytest.raises(ArgumentError, match="the files it loads were loaded before in this "
                                            "process, and NEURON runs a loaded file only once"):
        lm.from_hoc(tmp_path / "main.hoc")
    assert not list(h.allsec())


def test_a_soma_named_picks_one_cell_of_several(tmp_path):
    (tmp_path / "two.hoc").write_text(
        "create a, b\nforall { L = 10  diam = 10  insert pas }\n")
    with pytest.raises(ArgumentError, match=r"makes 2 cells .* give soma="):
        lm.from_hoc(tmp_path / "two.hoc")
    with lm.from_hoc(tmp_path / "two.hoc", soma="b") as cell:
        assert [s.name() for s in cell.sections] == ["b"]
        assert [s.name() for s in h.allsec()] == ["b"]  # the other is gone
    with pytest.raises(ArgumentError, match="soma='c': no section of that name"):
        lm.from_hoc(tmp_path / "two.hoc", soma="c")
    assert not list(h.allsec())


def test_a_stimulus_at_a_sections_end_is_named(tmp_path):
    """Point processes at 0 and 1 count (a section's ends are not among `for seg in sec`);
    NEURON's APCount only watches and is not named."""
    (tmp_path / "stim.hoc").write_text(
        "create soma\nsoma { L = 10  diam = 10  insert pas }\n"
        "objref stim, apc\nsoma stim = new IClamp(1)\nsoma apc = new APCount(0.5)\n")
    with pytest.warns(lm.ModelStimulusWarning, match=r"1 point process\(es\) of its own "
                                                     r"\(IClamp\[\d+\] at soma\(1\)\)"):
        with lm.from_hoc(tmp_path / "stim.hoc"):
            pass
    h("objref stim, apc")  # the file's own references, dropped
