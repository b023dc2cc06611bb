"""A sweep's journal: finished rows kept on disk as they arrive, so that a killed sweep
resumes where it stopped.

Each finished row is appended (and flushed to disk) to
`journal_dir/<name>-<hash of the tasks and of the package's code>.jsonl`; run again with the
same tasks and code, the rows found there are not recomputed (delete the folder to measure
again). A line cut short by a kill is ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def code_digest() -> str:
    """Hash of the package's code and mechanisms: a journal is only reused by the same code."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".mod", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


class Journal:
    """Finished rows of one sweep, one JSON line each: {"i": task index, "row": {...}}. The
    file name hashes the tasks and the package's code, so that a changed sweep or changed
    code starts a new journal instead of reusing old rows."""

    def __init__(self, folder, name: str, tasks):
        text = code_digest() + "\n" + "\n".join(t.key() for t in tasks)
        digest = hashlib.sha1(text.encode()).hexdigest()[:12]
        self.path = Path(folder) / f"{name}-{digest}.jsonl"

    def load(self) -> dict:
        done = {}
        if not self.path.exists():
            return done
        for line in self.path.read_text().splitlines():
            try:
                item = json.loads(line)
                done[int(item["i"])] = item["row"]
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a kill
        return done

    def append(self, i: int, row: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a") as f:
            f.write(json.dumps({"i": i, "row": row}, default=_plain) + "\n")
            f.flush()
            os.fsync(f.fileno())


def _plain(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return str(x)

