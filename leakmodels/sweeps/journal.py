"""A sweep's journal: finished rows kept on disk as they arrive, so that a killed sweep
resumes where it stopped.

Each finished row is appended (and flushed) to `journal_dir/<name>.jsonl` with the
hash of everything it depends on (`leakmodels.sweeps.fingerprint`): the cell's file bytes,
the membrane, the measurements' code, the package and NEURON. Run again, a task whose hash
is in the journal gets its row back; any other is measured (an edited file, a changed
function). `Execution(resume=False)` (the command line's --fresh) starts the journal anew. A
line cut short by a kill is ignored.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np


class Journal:
    """Finished rows of one sweep, one JSON line each: {"key": the hash of everything the row
    depends on (`fingerprint.task_key`), "row": {...}}, in `<folder>/<name>.jsonl`. A row is
    given back only for a task whose key is the same: an edited input is measured again."""

    def __init__(self, folder, name: str):
        self.path = Path(folder) / f"{name}.jsonl"

    def load(self) -> dict:
        """{key: row} of every whole line (a line cut short by a kill is skipped)."""
        done = {}
        if not self.path.exists():
            return done
        for line in self.path.read_text().splitlines():
            try:
                item = json.loads(line)
                done[str(item["key"])] = item["row"]
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a kill, or one of an older format
        return done

    def append(self, key: str, row: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # written and flushed to the operating system, which keeps it when the process is
        # killed (SIGKILL included); no fsync: a machine that crashes may lose the last rows,
        # which a resumed run measures again, while an fsync per row made Ctrl-C wait for the
        # disk (0.4-0.9 s measured) and every sweep pay for it
        line = json.dumps({"key": key, "row": row}, default=_plain) + "\n"
        with open(self.path, "a+b") as f:
            if f.tell() > 0:  # a line a kill cut short is ended, not glued to this one
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    line = "\n" + line
            f.write(line.encode())
            f.flush()

    def clear(self) -> None:
        """Forget every row (a run that asked not to resume starts a new journal)."""
        self.path.unlink(missing_ok=True)


def _plain(x):
    """NumPy's scalars and arrays as Python's numbers and lists (a row read back holds the
    same values as the row measured); anything else JSON cannot hold as its text."""
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    return str(x)

