"""leakmodels.sweeps.execution: a pool of spawned workers and two MPI ranks give the serial table;
fork is refused while cells are alive."""
import os
import subprocess
import sys

import pandas as pd
import pytest

import leakmodels as lm
from leakmodels import sweeps as sw
from leakmodels.sweeps.execution import Execution

from helpers import HAS_MPI, SWEEP_CELLS, SWEEP_MEASURES, needs_mpi, plain, write_foreign_model

def test_a_pool_gives_the_same_rows_in_the_same_order(serial):
    """Spawned workers (each builds its own NEURON and loads the mechanisms itself), and a
    fresh process per cell: the same table as one process, to the last digit."""
    pool = sw.sweep(SWEEP_CELLS, measures=SWEEP_MEASURES, execution=Execution(jobs=2))
    fresh = sw.sweep(SWEEP_CELLS, measures=SWEEP_MEASURES, execution=Execution(jobs=2, fresh_process=True))
    pd.testing.assert_frame_equal(plain(pool), plain(serial))
    pd.testing.assert_frame_equal(plain(fresh), plain(serial))


def test_fork_is_refused_while_cells_are_alive():
    with lm.sphere(10.0):
        with pytest.raises(ValueError, match="spawn"):
            sw.sweep(SWEEP_CELLS[:2], measures=("rin",), execution=Execution(jobs=2, start_method="fork"))


# enough cells that a run cannot finish between the test seeing two rows and its signal
# landing (an interneuron's rest, R_in and rheobase take ~0.1 s)
N_CELLS = 48


def _measure_cmd(out, *extra):
    return [sys.executable, "-m", "leakmodels.cli", "measure", "interneuron", "--scales",
            f"0.5:3:{N_CELLS}", "--measure", "rest,rin,rheobase", "--out", str(out), *extra]


@needs_mpi
def test_two_mpi_ranks_give_the_serial_table(tmp_path):
    """NEURON's bulletin board on 2 ranks (mpiexec): row for row the serial table."""
    mpi, ser = tmp_path / "mpi.csv", tmp_path / "serial.csv"
    cmd = ["mpiexec", "-n", "2", *(["--allow-run-as-root", "--oversubscribe"]
                                   if os.geteuid() == 0 else ["--oversubscribe"])]
    done = subprocess.run([*cmd, *_measure_cmd(mpi, "--mpi")], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert subprocess.run(_measure_cmd(ser), capture_output=True, timeout=300).returncode == 0
    pd.testing.assert_frame_equal(plain(pd.read_csv(mpi)), plain(pd.read_csv(ser)))


def _interrupted(cmd, journal_dir, rows: int = 2):
    """Start `cmd` in a process group of its own with SIGINT as a terminal has it, wait for
    `rows` journal rows, send SIGINT to the whole group (a terminal's Ctrl-C reaches every
    process of the job); (output, seconds from the signal to the end)."""
    import signal
    import time

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: (signal.signal(signal.SIGINT, signal.SIG_DFL),
                                                os.setpgrp()))
    deadline = time.time() + 120
    while time.time() < deadline:
        files = list(journal_dir.glob("*.jsonl")) if journal_dir.exists() else []
        if files and len(files[0].read_text().splitlines()) >= rows:
            break
        time.sleep(0.05)
    t0 = time.time()
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    return proc.returncode, out, time.time() - t0


MOTONEURONS = ["measure", "motoneuron", "--scales", "0.5:3:40", "--measure", "rest,rin,rheobase"]


def test_ctrl_c_stops_a_pool_at_once(tmp_path):
    """With --jobs 2 the workers are busy with motoneurons (~1 s each): Ctrl-C ends them now
    instead of waiting for their cells (it took 2-8.5 s), with one line and status 130."""
    code, out, took = _interrupted([sys.executable, "-m", "leakmodels.cli", *MOTONEURONS,
                                    "--jobs", "2", "--out", str(tmp_path / "t.csv")],
                                   tmp_path / ".leakmodels-journal")
    assert code == 130 and out.count("interrupted:") == 1 and "Traceback" not in out
    assert took < 1.0, took  # measured: 0.13-0.16 s


@needs_mpi
def test_ctrl_c_under_mpi_ends_every_rank_cleanly(tmp_path):
    """Ctrl-C under mpiexec: no MPI_ABORT and no traceback (they came from a KeyboardInterrupt
    raised inside NEURON's bulletin board), one line on rank 0, every rank gone, the rows
    kept whole."""
    import json

    root = ["--allow-run-as-root"] if os.geteuid() == 0 else []
    journal_dir = tmp_path / ".leakmodels-journal"
    _, out, took = _interrupted(["mpiexec", *root, "--oversubscribe", "-n", "2", sys.executable,
                                 "-m", "leakmodels.cli", *MOTONEURONS, "--mpi", "--out",
                                 str(tmp_path / "t.csv")], journal_dir)
    assert out.count("interrupted:") == 1, out[-3000:]
    assert "MPI_ABORT" not in out and "Traceback" not in out, out[-3000:]
    lines = list(journal_dir.glob("*.jsonl"))[0].read_text().splitlines()
    assert len(lines) >= 2 and all(json.loads(x)["row"]["outcome"] == "ok" for x in lines)
    assert took < 20


def test_a_users_models_give_the_same_rows_on_a_pool_and_on_mpi_ranks(tmp_path):
    """A hoc model with its own .mod file and a Python builder (from files): each worker and
    each rank loads the .mod files and builds the model itself; row for row the serial
    table (2 workers; 2 MPI ranks where mpiexec is installed)."""
    (tmp_path / "model").mkdir()
    model = write_foreign_model(tmp_path / "model")
    paths = [str(model / "model.hoc"), f"{model / 'build.py'}:ball"]
    cells = sw.cell_sources(paths, mechanisms=model)
    serial = sw.sweep(cells, measures=("rest", "rin"), execution=Execution(progress=False))
    assert list(serial.outcome) == ["ok", "ok"] and list(serial.cell) == ["model", "ball"]
    pool = sw.sweep(cells, measures=("rest", "rin"), execution=Execution(jobs=2, progress=False))
    pd.testing.assert_frame_equal(plain(pool), plain(serial))
    if not HAS_MPI:  # the pool's rows are checked; MPI's where it is installed
        return
    cmd = ["mpiexec", "-n", "2", *(["--allow-run-as-root", "--oversubscribe"]
                                   if os.geteuid() == 0 else ["--oversubscribe"])]
    out = tmp_path / "mpi.csv"
    done = subprocess.run([*cmd, sys.executable, "-m", "leakmodels.cli", "measure", *paths,
                           "--mechanisms", str(model), "--measure", "rest,rin", "--out",
                           str(out), "--mpi"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    mpi = pd.read_csv(out)
    for column in ("v_rest_mV", "rin_MOhm"):
        assert list(mpi[column]) == list(serial[column])
