"""leakmodels.sweeps.execution: a pool of spawned workers and two MPI ranks give the serial table;
fork is refused while cells are alive."""
import os
import shutil
import subprocess
import sys
from functools import partial

import pandas as pd
import pytest

import leakmodels as lm
from leakmodels import sweeps as sw
from leakmodels.measure.columns import rheobase_columns
from leakmodels.sweeps.execution import Execution

CELLS = sw.cell_sources(["interneuron", "sphere"], [0.7, 1.4])


MEASURES = ("rest", "rin", partial(rheobase_columns, precision=0.02))


def _plain(table):
    return table.drop(columns=["seconds"])


@pytest.fixture(scope="module")
def serial():
    return sw.sweep(CELLS, measures=MEASURES)


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


# enough cells that a run cannot finish between the test seeing two rows and its signal
# landing (an interneuron's rest, R_in and rheobase take ~0.1 s)
N_CELLS = 48


def _measure_cmd(out, *extra):
    return [sys.executable, "-m", "leakmodels.cli", "measure", "interneuron", "--scales",
            f"0.5:3:{N_CELLS}", "--measure", "rest,rin,rheobase", "--out", str(out), *extra]


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
