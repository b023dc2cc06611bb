"""leakmodels.mechanisms.user: a model's own .mod files are compiled once by their content,
loaded once, refused where NEURON could not hold them, and a compiler error says where."""
import pytest
from neuron import h

import leakmodels as lm
from leakmodels.mechanisms.loading import MechanismsNotCompiledError, first_error, known_mechanisms
from leakmodels.mechanisms.modfile import mechanism_name
from leakmodels.mechanisms.user import loaded_mod_files, loaded_sources

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


OLD_STYLE = (": an old file: Mac line endings, VERBATIM C, no THREADSAFE\r"
             "NEURON { SUFFIX oldleak  NONSPECIFIC_CURRENT i  RANGE g, e }\r"
             "PARAMETER { g = 1e-4 (S/cm2)  e = -70 (mV) }\r"
             "ASSIGNED { v (mV)  i (mA/cm2) }\r"
             "BREAKPOINT {\r"
             "VERBATIM\r"
             "    i = g * (v - e);\r"
             "ENDVERBATIM\r"
             "}\r")


def test_an_old_mod_file_is_read_and_compiled_as_nrnivmodl_takes_it(tmp_path):
    """Lines ended by \\r alone (a comment first: read as one line it hid the NEURON block),
    VERBATIM C and no THREADSAFE: named and loaded; its current is the one VERBATIM computes
    (i = g (v - e): 1e-4 S/cm2 x 10 mV = 1e-3 mA/cm2 at -60 mV)."""
    (tmp_path / "old.mod").write_bytes(OLD_STYLE.encode())
    assert mechanism_name(tmp_path / "old.mod") == "oldleak"
    lm.load_mechanisms(tmp_path)
    sec = h.Section(name="oldtest")
    try:
        sec.insert("oldleak")
        h.finitialize(-60.0)
        h.fcurrent()
        assert sec(0.5).oldleak.i == pytest.approx(1e-3, rel=1e-12)
    finally:
        h.delete_section(sec=sec)


def test_a_name_neuron_knows_is_refused_unless_it_is_the_same_file(tmp_path):
    """A user's hh.mod would have run NEURON's built-in hh; a second model's file of a name
    loaded before, with other bytes, would have run the first one's kinetics: both refused,
    with the files named. The very same bytes from another folder load nothing."""
    (tmp_path / "hh.mod").write_text(LEAKY.replace("{name}", "hh"))
    with pytest.raises(ValueError, match=r"NEURON knows hh \(.*hh.mod: NEURON's own"):
        lm.load_mechanisms(tmp_path / "hh.mod")
    first, second, copy = (tmp_path / n for n in ("first", "second", "copy"))
    for folder, e in ((first, "-70"), (second, "-40"), (copy, "-70")):
        folder.mkdir()
        (folder / "twin.mod").write_text(LEAKY.replace("{name}", "usertwin").replace("-70", e))
    lm.load_mechanisms(first)
    with pytest.raises(ValueError, match=r"usertwin \(.*second/twin.mod and .*first/twin.mod, "
                                         r"which differ\)"):
        lm.load_mechanisms(second)
    assert lm.load_mechanisms(copy) == lm.load_mechanisms(first)  # the same bytes: loaded once
