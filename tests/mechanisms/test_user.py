"""leakmodels.mechanisms.user: a model's own .mod files are compiled once by their content,
loaded once, refused where NEURON could not hold them, and a compiler error says where."""
import pytest

import leakmodels as lm
from leakmodels.mechanisms.loading import MechanismsNotCompiledError, first_error, known_mechanisms
from leakmodels.mechanisms.user import loaded_mod_files, loaded_sources, mechanism_name

LEAKY = """
NEURON { SUFFIX {name}  NONSPECIFIC_CURRENT i  RANGE g, e }
PARAMETER { g = 1e-4 (S/cm2)  e = -70 (mV) }
ASSIGNED { v (mV)  i (mA/cm2) }
BREAKPOINT { i = g * (v - e) }
"""


def test_a_folder_of_mod_files_is_compiled_once_and_loaded_once(tmp_path):
    (tmp_path / "a.mod").write_text(LEAKY.replace("{name}", "userleak"))
    lib = lm.load_mechanisms(tmp_path)
    assert "userleak" in known_mechanisms()
    assert lm.load_mechanisms(tmp_path) == lib  # the same sources: nothing loaded again
    assert str(tmp_path / "a.mod") in loaded_mod_files()
    assert [str(tmp_path / "a.mod")] in loaded_sources()  # what a pool worker loads


def test_a_name_neuron_cannot_hold_twice_is_refused_before_loading(tmp_path):
    """leakmodels' own SUFFIX, or two files of one name: both files are named."""
    (tmp_path / "mine.mod").write_text(LEAKY.replace("{name}", "kleak"))
    with pytest.raises(ValueError, match=r"kleak \(mine.mod\) is leakmodels' own mechanism "
                                         r"\(kleak.mod\)"):
        lm.load_mechanisms(tmp_path / "mine.mod")
    twice = tmp_path / "twice"
    twice.mkdir()
    for f in ("x.mod", "y.mod"):
        (twice / f).write_text(LEAKY.replace("{name}", "dup"))
    with pytest.raises(ValueError, match="x.mod and y.mod both declare dup"):
        lm.load_mechanisms(twice)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match="holds no .mod file"):
        lm.load_mechanisms(empty)


def test_a_compile_error_names_the_file_and_line(tmp_path):
    """NMODL's translator stops at a syntax error: the file, its line and the line itself
    (the C++ compiler's errors are named by the .mod they were made from, test below)."""
    (tmp_path / "broken.mod").write_text(
        "NEURON { SUFFIX broken RANGE g }\nPARAMETER { g = 1 }\nBREAKPOINT { i = g * (v - 0 }\n")
    with pytest.raises(MechanismsNotCompiledError,
                       match=r"broken.mod line 3: Illegal block: 'BREAKPOINT \{ i = g \* \(v - 0 \}'"):
        lm.load_mechanisms(tmp_path)


def test_the_cxx_compilers_first_error_is_named_by_its_mod_file():
    """As nrnivmodl prints it (NEURON 9.0.2): the error in the C++ translated from bad2.mod,
    and what the translator warned of while translating that file."""
    output = """Translating bad2.mod into /tmp/x86_64/bad2.cpp
Warning: undefined_thing undefined. (declared within VERBATIM?)
Thread Safe
 -> Compiling /tmp/x86_64/bad2.cpp
/tmp/x86_64/bad2.cpp:237:26: error: 'undefined_thing' was not declared in this scope
make: *** [makemod2c_inc:7: bad2.o] Error 1"""
    assert first_error(output) == ("bad2.mod, in the C++ made from it: 'undefined_thing' was "
                                   "not declared in this scope (the translator warned: "
                                   "undefined_thing undefined. (declared within VERBATIM?))")


def test_the_name_is_read_from_one_line_and_commented_blocks(tmp_path):
    path = tmp_path / "p.mod"
    path.write_text("COMMENT\nNEURON { SUFFIX wrong }\nENDCOMMENT\n: SUFFIX nope\n"
                    "NEURON { POINT_PROCESS Syn  RANGE tau }\n")
    assert mechanism_name(path) == "Syn"
