"""leakmodels.sweeps.fingerprint: a journal never hands back a row for an input that is no
longer there. Between two runs with one journal: an SWC file edited in place, a constant
changed in the user's own measurement (in its own file, run by a new process as a user's
script is), a user's .mod file edited; each gives new numbers, and what is unchanged comes
back."""
import functools
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.mechanisms import IonUse, Mechanism, Param, register, unregister
from leakmodels.sweeps import Execution
from leakmodels.sweeps.fingerprint import task_key
from leakmodels.sweeps.tasks import tasks_of

from helpers import write_foreign_model

SWC = """# a 20-um soma and one dendrite
1 1 0 0 0 10 -1
2 3 0 10 0 {r} 1
3 3 0 300 0 {r} 2
"""


def test_an_edited_swc_file_is_measured_again(tmp_path):
    path = tmp_path / "cell.swc"
    path.write_text(SWC.format(r=1.0))
    ex = Execution(journal_dir=tmp_path / "journal", progress=False)
    first = lm.sweep(lm.cell_sources(path), measures=("rin",), execution=ex, name="t")
    path.write_text(SWC.format(r=2.0))  # every dendritic radius doubled, the same name
    second = lm.sweep(lm.cell_sources(path), measures=("rin",), execution=ex, name="t")
    assert second.attrs["rows_reused"] == 0
    assert second.rin_MOhm[0] < 0.8 * first.rin_MOhm[0]  # a thicker dendrite: more membrane
    again = lm.sweep(lm.cell_sources(path), measures=("rin",), execution=ex, name="t")
    assert again.attrs["rows_reused"] == 1 and again.rin_MOhm[0] == second.rin_MOhm[0]


MORPHOLOGY = """<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="mdoc">
<morphology id="m"><segment id="0" name="soma"><proximal x="0" y="0" z="0" diameter="20"/>
<distal x="0" y="0" z="0" diameter="20"/></segment><segment id="1" name="dend">
<parent segment="0"/><proximal x="0" y="10" z="0" diameter="{d}"/>
<distal x="0" y="300" z="0" diameter="{d}"/></segment></morphology></neuroml>"""


def test_an_edited_morphology_a_neuroml_cell_includes_is_measured_again(tmp_path):
    """The cell file names a morphology that a file in another folder holds (<include>):
    that file edited (the dendrite twice as thick) gives a new row, not the journal's."""
    pytest.importorskip("neuroml")
    (tmp_path / "morph").mkdir()
    (tmp_path / "cells").mkdir()
    morph = tmp_path / "morph" / "m.nml"
    morph.write_text(MORPHOLOGY.format(d=1.0))
    (tmp_path / "cells" / "c.cell.nml").write_text(
        '<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="c">'
        '<include href="../morph/m.nml"/><cell id="c" morphology="m"/></neuroml>')
    ex = Execution(journal_dir=tmp_path / "journal", progress=False)
    cells = tmp_path / "cells"
    first = lm.sweep(lm.cell_sources(cells), measures=("rin",), execution=ex, name="t")
    morph.write_text(MORPHOLOGY.format(d=2.0))
    second = lm.sweep(lm.cell_sources(cells), measures=("rin",), execution=ex, name="t")
    assert second.attrs["rows_reused"] == 0 and second.rin_MOhm[0] < 0.8 * first.rin_MOhm[0]


USER_SCRIPT = """
import leakmodels as lm

def scaled_area(cell):
    return {{"scaled_area_um2": {factor} * cell.area_um2}}

if __name__ == "__main__":
    table = lm.sweep(lm.cell_sources("sphere"), measures=(scaled_area,),
                     execution=lm.Execution(journal_dir={journal!r}, progress=False), name="t")
    print(table.scaled_area_um2[0], table.attrs["rows_reused"])
"""


def test_a_changed_user_function_is_measured_again(tmp_path):
    script = tmp_path / "study.py"
    journal = str(tmp_path / "journal")

    def run(factor):
        script.write_text(USER_SCRIPT.format(factor=factor, journal=journal))
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        value, reused = done.stdout.split()
        return float(value), int(reused)

    one, reused = run(1.0)
    assert reused == 0
    assert run(1.0) == (one, 1)  # unchanged: from the journal
    two, reused = run(2.0)  # the constant changed inside the function
    assert reused == 0 and two == pytest.approx(2 * one)


def test_an_edited_users_mod_file_changes_the_key(tmp_path):
    """A mechanism declared from outside the package (its parameters values, declared after
    MembraneSpec was made): the bytes of its .mod file are in every task's key."""
    mod = tmp_path / "mine.mod"
    mod.write_text(textwrap.dedent("""\
        NEURON { SUFFIX mine  USEION k READ ek WRITE ik  RANGE gbar }
        PARAMETER { gbar = 1e-4 }
    """))
    register(Mechanism("mine", "a user's K+ channel", "gated", str(mod),
                       params=(Param("gbar", value=lambda spec: 1e-4),), density=("gbar",),
                       ions=(IonUse("k", ("ek",), ("ik",)),), painted=False))
    try:
        (task,) = tasks_of(lm.cell_sources("sphere"), [lm.Condition()], ("rin",))
        before = task_key(task)
        assert task_key(task) == before
        mod.write_text(mod.read_text().replace("1e-4", "2e-4"))
        assert task_key(task) != before
    finally:
        unregister("mine")
    assert task_key(task) != before  # and the key without it is another again


def test_the_key_covers_the_condition_and_the_measurements():
    cells = lm.cell_sources("sphere")
    keys = {task_key(t) for t in tasks_of(cells, [lm.Condition(), lm.Condition.of(
        "half", kleak_fopen=0.5)], ("rin",))}
    keys |= {task_key(t) for t in tasks_of(cells, [lm.Condition()], ("rin:step_mV=0.02",))}
    assert len(keys) == 3


def _made(factor):
    def scaled_area(cell):
        return factor * cell.area_um2
    return scaled_area


class Scaled:
    """A measurement as a callable object: its values are in its key."""

    def __init__(self, factor):
        self.factor = factor

    def __call__(self, cell):
        return self.factor * cell.area_um2


def test_the_key_sees_what_a_function_closes_over_and_an_objects_values():
    """Functions made by one factory differ only in what they close over; two objects of one
    class only in their attributes; two partials only in an array's 1001st element (NumPy
    prints a long array with '...'): each is another key, each equal twin the same key."""
    (sphere,) = lm.cell_sources("sphere")

    def key(m):
        (task,) = tasks_of([sphere], [lm.Condition()], (m,))
        return task_key(task)

    assert key(_made(1.0)) != key(_made(2.0))
    assert key(_made(1.0)) == key(_made(1.0))
    assert key(Scaled(1.0)) != key(Scaled(2.0))
    assert key(Scaled(1.0)) == key(Scaled(1.0))
    a, b = np.zeros(2000), np.zeros(2000)
    b[1000] = 1.0
    assert key(functools.partial(_made(1.0), a)) != key(functools.partial(_made(1.0), b))


KEY_IN_A_NEW_PROCESS = """
import leakmodels as lm
from leakmodels.sweeps.fingerprint import task_key
from leakmodels.sweeps.tasks import tasks_of
FACTOR = {factor}
class Scaled:
    def __init__(self, factor):
        self.factor = factor
    def __call__(self, cell):
        return self.factor * FACTOR * cell.area_um2
def area(cell):
    return FACTOR * cell.area_um2
tasks = tasks_of(lm.cell_sources("sphere"), [lm.Condition()], (area, Scaled(2.0)))
print(*[task_key(t) for t in tasks])
"""


def test_a_function_without_a_file_is_known_by_its_code_in_any_process():
    """`python -c`, a REPL or a notebook: no file to hash, so the compiled code, and the
    module-level constant it reads, are the key; no memory address is (the same code gives
    the same key in a new process, and a changed constant another)."""
    def keys(factor):
        done = subprocess.run([sys.executable, "-c", KEY_IN_A_NEW_PROCESS.format(factor=factor)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.split()

    one = keys(1.0)
    assert keys(1.0) == one
    assert all(a != b for a, b in zip(keys(3.0), one))


def test_a_users_model_is_known_by_its_files(tmp_path):
    """A hoc model's key holds the bytes of its folder's model files (the hoc files it loads
    too), its .mod files and, for a Python builder, its code: each edit is another key."""
    model = write_foreign_model(tmp_path)
    hoc, = lm.cell_sources(model / "model.hoc", mechanisms=model)
    py, = lm.cell_sources(f"{model / 'build.py'}:ball")

    def key(source):
        (task,) = tasks_of([source], [lm.Condition()], ("rin",))
        return task_key(task)

    keys = {"hoc": key(hoc), "py": key(py)}
    assert key(hoc) == keys["hoc"] and key(py) == keys["py"]
    (model / "included.hoc").write_text("// a file model.hoc could load\n")
    assert key(hoc) != keys["hoc"]
    keys["hoc"] = key(hoc)
    (model / "kirfor.mod").write_text((model / "kirfor.mod").read_text().replace("-80", "-81"))
    assert key(hoc) != keys["hoc"]
    (model / "build.py").write_text((model / "build.py").read_text().replace("1e-4", "2e-4"))
    assert key(py) != keys["py"]
