"""Sweeps: one tidy table from many cells; the same rows in a pool, on MPI ranks and after a
kill as in one process."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from functools import partial

import pandas as pd
import pytest
from helpers import default_sigint

import leakmodels as lm
from leakmodels import sweeps as sw
from leakmodels.measure.columns import rheobase_columns
from leakmodels.sweeps import tasks
from leakmodels.sweeps.execution import Execution
from leakmodels.sweeps.journal import Journal

CELLS = sw.cell_sources(["interneuron", "sphere"], [0.7, 1.4])
MEASURES = ("rest", "rin", partial(rheobase_columns, precision=0.02))


def _plain(table):
    return table.drop(columns=["seconds"])


@pytest.fixture(scope="module")
def serial():
    return sw.sweep(CELLS, measures=MEASURES)


def test_one_row_per_cell_and_condition_in_order(serial):
    """Two builders at two scales: four rows, in the order given, units in column names,
    every parameter a column; a sphere twice as wide has a quarter of the R_in."""
    assert list(serial.cell) == ["interneuron(scale=0.7)", "interneuron(scale=1.4)",
                                 "sphere(diam_um=14)", "sphere(diam_um=28)"]
    assert {"v_rest_mV", "rin_MOhm", "rheobase_nA", "cell.scale", "cell.diam_um",
            "area_um2", "outcome", "reason"} <= set(serial.columns)
    assert (serial.outcome == "ok").all()
    spheres = serial[serial.builder == "sphere"]
    assert spheres.rin_MOhm.iloc[0] / spheres.rin_MOhm.iloc[1] == pytest.approx(4.0, rel=1e-6)


def test_a_pool_gives_the_same_rows_in_the_same_order(serial):
    """Spawned workers (each builds its own NEURON and loads the mechanisms itself), and a
    fresh process per cell: the same table as one process, to the last digit."""
    pool = sw.sweep(CELLS, measures=MEASURES, execution=Execution(jobs=2))
    fresh = sw.sweep(CELLS, measures=MEASURES, execution=Execution(jobs=2, fresh_process=True))
    pd.testing.assert_frame_equal(_plain(pool), _plain(serial))
    pd.testing.assert_frame_equal(_plain(fresh), _plain(serial))


def test_fork_is_refused_while_cells_are_alive():
    with lm.sphere(10.0):
        with pytest.raises(ValueError, match="spawn"):
            sw.sweep(CELLS[:2], measures=("rin",), execution=Execution(jobs=2, start_method="fork"))


def test_cells_that_cannot_be_measured_are_rows_not_exceptions():
    """A cell with half its K+ leak fires on its own: outcome 'no rest' with the reason; a
    passive cell has no rheobase: 'cannot fire'; the sweep goes on to the next cell."""
    base = lm.MembraneSpec()
    conditions = [sw.Condition("half K+ leak", membrane=base.modulated(pk_cm_s=0.5 * base.pk_cm_s)),
                  sw.Condition("passive", membrane=base.without_spikes()),
                  sw.Condition("default")]
    t = sw.sweep([sw.CellSource.scaled("sphere", 1.0)], conditions, ("rest", "rheobase"))
    assert list(t.outcome) == ["no rest", "cannot fire", "ok"]
    assert "fires with no input" in t.reason[0] and "voltage-gated" in t.reason[1]
    assert t.rheobase_nA[2] > 0


def test_a_journal_resumes_without_recomputing(tmp_path, serial, monkeypatch):
    """Rows are kept as they arrive; a second run with the same tasks recomputes only what is
    missing (a line cut short by a kill is ignored) and ends with the same table."""
    ex = Execution(journal_dir=tmp_path)
    first = sw.sweep(CELLS, measures=MEASURES, execution=ex, name="t")
    journal = Journal(tmp_path, "t", tasks.tasks_of(CELLS, [sw.Condition()], MEASURES)).path
    lines = journal.read_text().splitlines()
    journal.write_text("\n".join(lines[:2]) + "\n" + lines[2][: len(lines[2]) // 2])
    calls = []
    real = tasks.run_task
    monkeypatch.setattr("leakmodels.sweeps.execution.run_task", lambda task: calls.append(task) or real(task))
    again = sw.sweep(CELLS, measures=MEASURES, execution=ex, name="t")
    assert len(calls) == 2
    pd.testing.assert_frame_equal(_plain(again), _plain(first))
    pd.testing.assert_frame_equal(_plain(first), _plain(serial))


# enough cells that a run cannot finish between the test seeing two rows and its signal
# landing (an interneuron's rest, R_in and rheobase take ~0.1 s)
N_CELLS = 48


def _measure_cmd(out, *extra):
    return [sys.executable, "-m", "leakmodels.cli", "measure", "interneuron", "--scales",
            f"0.5:3:{N_CELLS}", "--measure", "rest,rin,rheobase", "--out", str(out), *extra]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_measure_run_resumes_to_the_same_table(tmp_path, sig):
    """`leakmodels measure ... --out t.csv` killed after two rows (SIGKILL: nothing runs on
    exit; SIGINT: one clean line, no traceback), run again with the same arguments: it
    computes only the rest and writes the table of an uninterrupted run."""
    out = tmp_path / "t.csv"
    # SIGINT as a terminal's Ctrl-C sends it: a shell running this suite in the background
    # starts it with SIGINT ignored, and a child inherits that unless it is reset here
    proc = subprocess.Popen(_measure_cmd(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=default_sigint)
    journal_dir = tmp_path / ".leakmodels-journal"
    deadline = time.time() + 120
    while time.time() < deadline:
        files = list(journal_dir.glob("*.jsonl")) if journal_dir.exists() else []
        if files and len(files[0].read_text().splitlines()) >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    kept = len(list(journal_dir.glob("*.jsonl"))[0].read_text().splitlines())
    assert 2 <= kept < N_CELLS and not out.exists()
    if sig == signal.SIGINT:
        assert "Traceback" not in err and "interrupted:" in err and "resume" in err
    done = subprocess.run(_measure_cmd(out), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(x) for x in list(journal_dir.glob("*.jsonl"))[0].read_text().splitlines()]
    assert len(rows) == N_CELLS  # nothing computed twice
    full = tmp_path / "full.csv"
    assert subprocess.run(_measure_cmd(full), capture_output=True, timeout=300).returncode == 0
    pd.testing.assert_frame_equal(_plain(pd.read_csv(out)), _plain(pd.read_csv(full)))


@pytest.mark.skipif(shutil.which("mpiexec") is None, reason="no MPI (apt install openmpi-bin)")
def test_two_mpi_ranks_give_the_serial_table(tmp_path):
    """NEURON's bulletin board on 2 ranks (mpiexec): row for row the serial table."""
    pytest.importorskip("mpi4py")
    mpi, ser = tmp_path / "mpi.csv", tmp_path / "serial.csv"
    cmd = ["mpiexec", "-n", "2", *(["--allow-run-as-root", "--oversubscribe"]
                                   if os.geteuid() == 0 else ["--oversubscribe"])]
    done = subprocess.run([*cmd, *_measure_cmd(mpi, "--mpi")], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert subprocess.run(_measure_cmd(ser), capture_output=True, timeout=300).returncode == 0
    pd.testing.assert_frame_equal(_plain(pd.read_csv(mpi)), _plain(pd.read_csv(ser)))
