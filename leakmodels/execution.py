"""Where a sweep runs and what survives a kill: this process, a process pool, or MPI ranks
through NEURON's own bulletin board; a journal of finished rows to resume from.

`Execution(jobs=1, mpi=False, fresh_process=False, start_method="spawn", journal_dir=None)`
maps a list of `sweep.Task`s to their rows, always in the order of the tasks:

* jobs > 1: a `ProcessPoolExecutor` whose workers start clean ("spawn" by default) and build
  their own NEURON state: each imports leakmodels, loads the mechanisms itself (compiled
  once, under a lock) and builds the cell of its task. fresh_process=True gives every task a
  new process (NEURON state reused across tasks has given wrong results elsewhere); "fork"
  is refused while this process holds NEURON sections, which a forked worker would inherit.
* mpi=True: NEURON's ParallelContext bulletin board (`pc.submit`, `pc.working`); the ranks
  other than 0 serve tasks from `mpi_session()` until rank 0 is done. Run under
  `mpiexec -n N` with mpi4py installed.
* journal_dir: each finished row is appended (and flushed to disk) to
  `journal_dir/<name>-<hash of the tasks and of the package's code>.jsonl` as it arrives; run
  again with the same tasks and code, the rows found there are not recomputed (delete the
  folder to measure again). A line cut short by a kill is ignored.
"""
from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .sweep import run_task

_MPI: dict = {}


@lru_cache(maxsize=None)
def code_digest() -> str:
    """Hash of the package's code and mechanisms: a journal is only reused by the same code."""
    root = Path(__file__).resolve().parent
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


def _cost(task) -> float:
    """A guess at a task's relative cost, to schedule the costliest first: a scaled
    builder's area (scale^2), an SWC file's size; motoneurons over interneurons."""
    cell = task.cell
    params = dict(cell.params)
    weight = {"motoneuron": 100.0, "interneuron": 3.0}.get(cell.builder, 1.0)
    if cell.swc is not None:
        try:
            return float(Path(cell.swc).stat().st_size)
        except OSError:
            return 1.0
    return weight * float(params.get("scale", 1.0)) ** 2


# ProcessPoolExecutor's max_tasks_per_child (a new process for every task) is Python 3.11's
FRESH_PROCESS_AVAILABLE = sys.version_info >= (3, 11)
_FRESH_NEEDS = ("fresh_process=True needs Python 3.11 or later (ProcessPoolExecutor's "
                "max_tasks_per_child).")


def process_pool(jobs: int, start_method: str = "spawn", fresh_process: bool = False,
                 initializer=None) -> ProcessPoolExecutor:
    """A pool of `jobs` worker processes started by `start_method`; fresh_process: a new
    process for every task (FRESH_PROCESS_AVAILABLE)."""
    if fresh_process and not FRESH_PROCESS_AVAILABLE:
        raise ValueError(_FRESH_NEEDS)
    fresh = {"max_tasks_per_child": 1} if fresh_process else {}
    return ProcessPoolExecutor(max_workers=jobs, initializer=initializer,
                               mp_context=multiprocessing.get_context(start_method), **fresh)


def _worker_init():
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us


def _bbs_task(i, task):
    return i, run_task(task)


@contextmanager
def mpi_session():
    """Start NEURON's bulletin board under MPI: rank 0 continues (and submits), the others
    serve tasks here until rank 0 leaves the session, then exit."""
    try:
        from mpi4py import MPI  # noqa: F401  (MPI initialised before NEURON imports)
    except ImportError:
        raise SystemExit("--mpi needs mpi4py (pip install 'leakmodels[mpi]') and an MPI "
                         "library (Debian: apt install openmpi-bin libopenmpi-dev); run "
                         "under mpiexec -n N.") from None
    from neuron import h

    pc = h.ParallelContext()
    _MPI["pc"] = pc
    pc.runworker()  # ranks > 0 never come back from here
    try:
        yield pc
    finally:
        _MPI.clear()
        pc.done()


@dataclass(frozen=True)
class Execution:
    """How to run a sweep's tasks (see the module docstring)."""

    jobs: int = 1
    mpi: bool = False
    fresh_process: bool = False
    start_method: str = "spawn"
    journal_dir: object = None
    progress: bool = True

    def __post_init__(self):
        from .checks import ArgumentTypeError, choice, count

        object.__setattr__(self, "jobs", count("jobs", self.jobs, lo=1, hi=100_000,
                                               fix="worker processes (1: this process)"))
        choice("start_method", self.start_method, multiprocessing.get_all_start_methods())
        for flag in ("mpi", "fresh_process", "progress"):
            if not isinstance(getattr(self, flag), bool):
                raise ArgumentTypeError(f"{flag}={getattr(self, flag)!r}: give True or False.")
        if self.fresh_process and not FRESH_PROCESS_AVAILABLE:
            raise ValueError(_FRESH_NEEDS)
        if self.mpi and self.jobs > 1:
            raise ValueError("jobs and mpi are exclusive: MPI ranks are the workers.")

    def map(self, tasks, name: str = "sweep") -> list:
        journal = Journal(self.journal_dir, name, tasks) if self.journal_dir else None
        done = journal.load() if journal else {}
        pending = [(i, t) for i, t in enumerate(tasks) if i not in done]
        bar = Progress(len(tasks), name, start=len(done)) if self.progress else None

        def on_row(i, row):
            done[i] = row
            if journal:
                journal.append(i, row)
            if bar:
                bar.step()

        try:
            if self.mpi:
                self._mpi(pending, on_row)
            elif self.jobs > 1 and len(pending) > 1:
                self._pool(pending, on_row)
            else:
                for i, task in pending:
                    on_row(i, run_task(task))
        except KeyboardInterrupt:
            raise Interrupted(len(done), len(tasks), journal.path if journal else None) from None
        return [done[i] for i in range(len(tasks))]

    def _pool(self, pending, on_row):
        if self.start_method == "fork" and "neuron" in sys.modules:
            from neuron import h

            alive = sum(1 for _ in h.allsec())
            if alive:
                raise ValueError(f"start_method='fork' with {alive} NEURON sections alive in "
                                 "this process: every worker would inherit them. Use 'spawn' "
                                 "(the default) or destroy the cells first.")
        pool = process_pool(self.jobs, self.start_method, self.fresh_process, _worker_init)
        try:
            # the costliest first (a large cell left for last would keep one worker busy
            # alone at the end); the rows still come back in the tasks' order
            order = sorted(pending, key=lambda item: -_cost(item[1]))
            futures = {pool.submit(run_task, task): i for i, task in order}
            for future in as_completed(futures):
                on_row(futures[future], future.result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _mpi(self, pending, on_row):
        pc = _MPI.get("pc")
        if pc is None:
            raise RuntimeError("Execution(mpi=True) runs inside execution.mpi_session() (the "
                               "command line's --mpi opens it).")
        for i, task in pending:
            pc.submit(_bbs_task, i, task)
        while pc.working():
            i, row = pc.pyret()
            on_row(int(i), row)


class Interrupted(KeyboardInterrupt):
    """A sweep stopped by Ctrl-C (or SIGTERM): how much is kept, and where."""

    def __init__(self, done: int, total: int, journal):
        self.done, self.total, self.journal = done, total, journal
        where = (f"{done} of {total} rows kept in {journal}: run the same command again to "
                 "resume" if journal else f"{done} of {total} rows done (no journal: not kept)")
        super().__init__(f"interrupted: {where}")


@contextmanager
def terminate_as_interrupt():
    """Within the block, SIGTERM (a scheduler's kill) is handled like Ctrl-C: the journal is
    flushed, one line is printed. The handler that was there before comes back on exit (a
    caller of `leakmodels.cli.main` keeps its own); outside the main thread, where Python
    lets no one install a handler, nothing changes."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


class Progress:
    """One line on stderr with the count, the elapsed time and an ETA (on a terminal only)."""

    def __init__(self, total: int, label: str = "", start: int = 0, stream=None):
        self.total, self.label, self.done, self.first = total, label, start, start
        self.stream = sys.stderr if stream is None else stream
        self.t0 = time.perf_counter()
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, n: int = 1) -> None:
        self.done += n
        if not self.live:
            return
        elapsed = time.perf_counter() - self.t0
        rate = (self.done - self.first) / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else math.nan
        bar = "#" * int(30 * self.done / max(self.total, 1))
        self.stream.write(f"\r{self.label} [{bar:<30}] {self.done}/{self.total}, "
                          f"{elapsed:.0f} s, about {eta:.0f} s left ")
        self.stream.flush()
        if self.done >= self.total:
            self.stream.write("\n")
