"""leakmodels.sweeps.fingerprint: a journal never hands back a row for an input that is no
longer there. Between two runs with one journal: an SWC file edited in place, a constant
changed in the user's own measurement (in its own file, run by a new process as a user's
script is), a user's .mod file edited; each gives new numbers, and what is unchanged comes
back."""
import subprocess
import sys
import textwrap

import pytest

import leakmodels as lm
from leakmodels.mechanisms import IonUse, Mechanism, Param, register, unregister
from leakmodels.sweeps import Execution
from leakmodels.sweeps.fingerprint import task_key
from leakmodels.sweeps.tasks import tasks_of

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
