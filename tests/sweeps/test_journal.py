"""leakmodels.sweeps.journal: a sweep resumes from its journal without recomputing, and a killed
run resumes to the same table."""
import json
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
from helpers import SWEEP_CELLS, SWEEP_MEASURES, default_sigint, plain

from leakmodels import sweeps as sw
from leakmodels.sweeps import tasks
from leakmodels.sweeps.execution import Execution
from leakmodels.sweeps.journal import Journal


def test_a_journal_resumes_without_recomputing(tmp_path, serial, monkeypatch):
    """Rows are kept as they arrive; a second run with the same tasks recomputes only what is
    missing (a line cut short by a kill is ignored) and ends with the same table."""
    ex = Execution(journal_dir=tmp_path)
    first = sw.sweep(SWEEP_CELLS, measures=SWEEP_MEASURES, execution=ex, name="t")
    journal = Journal(tmp_path, "t").path
    lines = journal.read_text().splitlines()
    journal.write_text("\n".join(lines[:2]) + "\n" + lines[2][: len(lines[2]) // 2])
    calls = []
    real = tasks.run_task
    monkeypatch.setattr("leakmodels.sweeps.execution.run_task", lambda task: calls.append(task) or real(task))
    again = sw.sweep(SWEEP_CELLS, measures=SWEEP_MEASURES, execution=ex, name="t")
    assert len(calls) == 2
    pd.testing.assert_frame_equal(plain(again), plain(first))
    pd.testing.assert_frame_equal(plain(first), plain(serial))
    assert again.attrs["rows_reused"] == 2 and again.attrs["journal"] == str(journal)
    # the rows written after the cut line were kept whole, not glued to it
    assert len(Journal(tmp_path, "t").load()) == len(lines)
    calls.clear()
    sw.sweep(SWEEP_CELLS, measures=SWEEP_MEASURES, execution=ex, name="t")
    assert calls == []


def test_a_row_read_back_holds_the_values_measured(tmp_path):
    """NumPy's scalars and arrays come back as numbers and lists of the same values (not as
    their text: '[0 1 2]', or True as 1.0)."""
    journal = Journal(tmp_path, "t")
    row = {"n": np.int64(3), "x": np.float64(0.1), "ok": np.bool_(True),
           "spikes_ms": np.array([1.5, 2.5]), "nan": float("nan"), "name": "a"}
    journal.append("k", row)
    back = journal.load()["k"]
    assert back["n"] == 3 and isinstance(back["n"], int)
    assert back["ok"] is True and back["x"] == 0.1 and back["spikes_ms"] == [1.5, 2.5]
    assert np.isnan(back["nan"]) and back["name"] == "a"


def test_resume_false_measures_every_row_again(tmp_path, monkeypatch):
    ex = Execution(journal_dir=tmp_path, progress=False)
    sw.sweep(SWEEP_CELLS[:2], measures=("rin",), execution=ex, name="t")
    calls = []
    real = tasks.run_task
    monkeypatch.setattr("leakmodels.sweeps.execution.run_task", lambda task: calls.append(task) or real(task))
    assert sw.sweep(SWEEP_CELLS[:2], measures=("rin",), execution=ex, name="t").attrs["rows_reused"] == 2
    fresh = sw.sweep(SWEEP_CELLS[:2], measures=("rin",), execution=Execution(
        journal_dir=tmp_path, progress=False, resume=False), name="t")
    assert len(calls) == 2 and fresh.attrs["rows_reused"] == 0


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
    pd.testing.assert_frame_equal(plain(pd.read_csv(out)), plain(pd.read_csv(full)))
