"""Where a sweep runs and what survives a kill: this process, a process pool, or MPI ranks
through NEURON's own bulletin board; a journal of finished rows to resume from.

`Execution(jobs=1, mpi=False, fresh_process=False, start_method="spawn", journal_dir=None,
progress=True, resume=True)` maps a list of `tasks.Task`s to their rows, always in the order of the tasks:

* jobs > 1: a `ProcessPoolExecutor` whose workers start clean ("spawn" by default) and build
  their own NEURON state: each imports leakmodels, loads the mechanisms itself (compiled
  once, under a lock) and builds the cell of its task. fresh_process=True gives every task a
  new process (NEURON state reused across tasks has given wrong results elsewhere); "fork"
  is refused while this process holds NEURON sections, which a forked worker would inherit.
* mpi=True: NEURON's ParallelContext bulletin board (`pc.submit`, `pc.working`); the ranks
  other than 0 serve tasks from `mpi_session()` until rank 0 is done. Run under
  `mpiexec -n N` with mpi4py installed.
* journal_dir: each finished row is appended (and flushed to the operating system: a killed
  process loses none, a crashed machine may lose the last) to a journal
  (`leakmodels.sweeps.journal`) as it arrives, with the hash of everything it depends on;
  run again, a task whose inputs are unchanged gets its row back, any other is measured.
  resume=False starts the journal anew.
* progress: a line on stderr as rows arrive.

A model of top-level hoc sections (`CellSource(hoc=...)` without a template) is built in a
process of its own wherever it runs (`needs_own_process`): its names are global and NEURON
runs the files it loads once per process.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..mechanisms.loading import h
from ..mechanisms.user import load_mechanisms, loaded_sources
from ..spec.checks import ArgumentTypeError, choice, count
from .fingerprint import task_keys
from .journal import Journal
from .progress import Interrupted, Progress
from .tasks import run_task

_MPI: dict = {}


def _cost(task) -> float:
    """A guess at a task's relative cost, to schedule the costliest first: a scaled
    builder's area (scale^2), an SWC file's size; motoneurons over interneurons."""
    cell = task.cell
    params = dict(cell.params)
    weight = {"motoneuron": 100.0, "interneuron": 3.0}.get(cell.builder, 1.0)
    if cell.swc is not None or cell.neuroml is not None:
        try:
            return float(Path(cell.swc or cell.neuroml).stat().st_size)
        except OSError:
            return 1.0
    return weight * float(params.get("scale", 1.0)) ** 2


# ProcessPoolExecutor's max_tasks_per_child (a new process for every task) is Python 3.11's
FRESH_PROCESS_AVAILABLE = sys.version_info >= (3, 11)
_FRESH_NEEDS = ("fresh_process=True needs Python 3.11 or later (ProcessPoolExecutor's "
                "max_tasks_per_child).")


def _report_pid(pids, initializer) -> None:
    pids.put(os.getpid())
    if initializer is not None:
        initializer()


class WorkerPool(ProcessPoolExecutor):
    """A ProcessPoolExecutor whose workers each report their process id as they start, so that
    `stop_now()` can end them at once: an interrupt does not wait for the tasks running."""

    def __init__(self, jobs: int, context, initializer=None, **options):
        self._pids, self._seen = context.SimpleQueue(), set()
        super().__init__(max_workers=jobs, mp_context=context, initializer=_report_pid,
                         initargs=(self._pids, initializer), **options)

    def stop_now(self) -> None:
        """Cancel what has not started and terminate every worker still alive."""
        self.shutdown(wait=False, cancel_futures=True)
        while not self._pids.empty():
            self._seen.add(self._pids.get())
        for proc in multiprocessing.active_children():  # ours only, never another's child
            if proc.pid in self._seen:
                proc.terminate()


def completed(futures, poll_s: float = 0.1):
    """Each future as it completes (as `as_completed`), waiting at most poll_s at a time, so
    that a Ctrl-C that the kernel handed to another thread of this process reaches the main
    thread at once (Python runs handlers there only; a main thread blocked on a lock waited
    for the next result, up to a cell's whole time)."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=poll_s, return_when=FIRST_COMPLETED)
        yield from done


def process_pool(jobs: int, start_method: str = "spawn", fresh_process: bool = False,
                 initializer=None) -> WorkerPool:
    """A pool of `jobs` worker processes started by `start_method`; fresh_process: a new
    process for every task (FRESH_PROCESS_AVAILABLE)."""
    if fresh_process and not FRESH_PROCESS_AVAILABLE:
        raise ValueError(_FRESH_NEEDS)
    fresh = {"max_tasks_per_child": 1} if fresh_process else {}
    return WorkerPool(jobs, multiprocessing.get_context(start_method), initializer, **fresh)


def _worker_init(user_mechanisms=()):
    """A worker ignores Ctrl-C (the parent handles it and stops the pool) and loads the
    user's own mechanisms the parent loaded (`mechanisms.user`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for item in user_mechanisms:
        load_mechanisms(item, quiet=True)


def _bbs_task(i, task):
    """One task on a rank of the bulletin board; once a stop was asked for (Ctrl-C, SIGTERM)
    the task in hand ends and the rest are skipped (None), so that every rank finishes at
    once."""
    if _MPI.get("stop"):
        return i, None
    try:
        return i, _in_own_process(task) if needs_own_process(task) else run_task(task)
    except KeyboardInterrupt:  # raised by _note_stop inside run_task: stop here, quietly
        return i, None


def needs_own_process(task) -> bool:
    """A model of top-level hoc sections: its names are global and NEURON runs the files it
    loads once per process, so each such cell is built in a process of its own."""
    return task.cell.hoc is not None and task.cell.template is None


def _in_own_process(task) -> dict:
    """run_task(task) in a new process (spawned clean, the user's mechanisms loaded)."""
    pool = process_pool(1, "spawn", False, partial(_worker_init, loaded_sources()))
    try:
        future = pool.submit(run_task, task)
        for _ in completed([future]):
            pass
        return future.result()
    except BaseException:
        pool.stop_now()
        raise
    finally:
        pool.shutdown(wait=True)


def _note_stop(signum, frame):
    """Under MPI a signal notes that the run must stop, and ends a task in hand (raised in
    run_task, caught by _bbs_task); anywhere else an exception raised while NEURON's bulletin
    board runs Python would abort every rank, so nothing is raised there."""
    _MPI["stop"] = signum
    while frame is not None:
        if frame.f_code is run_task.__code__:
            raise KeyboardInterrupt
        frame = frame.f_back


@contextmanager
def mpi_session():
    """Start NEURON's bulletin board under MPI: rank 0 continues (and submits), the others
    serve tasks here until rank 0 leaves the session, then exit."""
    try:  # an optional dependency: imported only here, for its clear error where it is missing
        from mpi4py import MPI  # noqa: F401
    except ImportError:
        raise SystemExit("--mpi needs mpi4py (pip install 'leakmodels[mpi]') and an MPI "
                         "library (Debian: apt install openmpi-bin libopenmpi-dev); run "
                         "under mpiexec -n N.") from None
    h.nrnmpi_init()  # MPI for NEURON, whether or not NEURON was imported first
    pc = h.ParallelContext()
    _MPI["pc"] = pc
    before = {s: signal.signal(s, _note_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        pc.runworker()  # ranks > 0 never come back from here
        yield pc
    finally:
        _MPI.clear()
        pc.done()
        for s, handler in before.items():
            signal.signal(s, handler)


@dataclass(frozen=True)
class Ran:
    """What a run of tasks gave: its rows (in the tasks' order), how many of them came back
    from the journal, and the journal's path (None: no journal)."""

    rows: list
    reused: int
    journal: Path | None


@dataclass(frozen=True)
class Execution:
    """Where a sweep runs and where its finished rows are kept; pass it to `sweep`.

    Rows always come back in the order of the tasks. A model of top-level hoc sections
    (``CellSource(hoc=...)`` without a template) is built in a process of its own wherever
    it runs: its names are global and NEURON runs the files it loads once per process.

    Parameters
    ----------
    jobs : int, optional
        Worker processes, 1 to 100000; default 1, this process. Above 1: a process pool
        whose workers start clean, each loading the mechanisms (compiled once, under a
        lock) and building the cell of its task itself.
    mpi : bool, optional
        True: NEURON's ParallelContext bulletin board, MPI ranks as the workers (run under
        ``mpiexec -n N`` with mpi4py; the command line's --mpi opens the session); default
        False.
    fresh_process : bool, optional
        True: a new process for every task (Python 3.11 or later); default False.
    start_method : str, optional
        How pool workers start, one the platform has: "spawn" (default), "forkserver" or
        "fork" (refused while this process holds NEURON sections, which a forked worker
        would inherit).
    journal_dir : str, os.PathLike or None, optional
        Folder of the journal: each finished row is appended (and flushed to the operating
        system) with the hash of everything it depends on, so that a sweep run again gets
        back the rows whose inputs are unchanged; default None, no journal.
    progress : bool, optional
        True: a line on stderr as rows arrive; default True.
    resume : bool, optional
        False: start the journal anew; default True.

    Raises
    ------
    ArgumentError
        jobs out of range or an unknown start method (`ArgumentTypeError`: a flag that is
        not a bool, or jobs not a whole number).
    ValueError
        fresh_process before Python 3.11, or both jobs > 1 and mpi.

    Examples
    --------
    >>> import leakmodels as lm
    >>> table = lm.sweep(lm.cell_sources("motoneuron", scales=[0.5, 1.0, 2.0]),
    ...                  execution=lm.Execution(jobs=4, journal_dir="journal"))
    """

    jobs: int = 1
    mpi: bool = False
    fresh_process: bool = False
    start_method: str = "spawn"
    journal_dir: object = None
    progress: bool = True
    resume: bool = True

    def __post_init__(self):
        object.__setattr__(self, "jobs", count("jobs", self.jobs, lo=1, hi=100_000,
                                               fix="worker processes (1: this process)"))
        choice("start_method", self.start_method, multiprocessing.get_all_start_methods())
        for flag in ("mpi", "fresh_process", "progress", "resume"):
            if not isinstance(getattr(self, flag), bool):
                raise ArgumentTypeError(f"{flag}={getattr(self, flag)!r}: give True or False.")
        if self.fresh_process and not FRESH_PROCESS_AVAILABLE:
            raise ValueError(_FRESH_NEEDS)
        if self.mpi and self.jobs > 1:
            raise ValueError("jobs and mpi are exclusive: MPI ranks are the workers.")

    def map(self, tasks, name: str = "sweep") -> list:
        """The rows of `tasks`, in their order (`run`'s rows).

        Parameters
        ----------
        tasks : list of leakmodels.sweeps.tasks.Task
            The cells and conditions to measure.
        name : str, optional
            The sweep's name: the journal's file name and the progress line's; default
            "sweep".

        Returns
        -------
        list of dict
            One row {column: value} per task, in the tasks' order.

        Raises
        ------
        leakmodels.sweeps.progress.Interrupted
            As `run`.
        """
        return self.run(tasks, name).rows

    def run(self, tasks, name: str = "sweep") -> "Ran":
        """Measure `tasks` where this Execution says, reusing the journal's rows.

        A task whose inputs are unchanged gets its row back from the journal (unless
        resume=False); the others are measured here, in the pool or on the MPI ranks.

        Parameters
        ----------
        tasks : list of leakmodels.sweeps.tasks.Task
            The cells and conditions to measure.
        name : str, optional
            The sweep's name: the journal's file name and the progress line's; default
            "sweep".

        Returns
        -------
        leakmodels.sweeps.execution.Ran
            Its rows (one dict per task, in the tasks' order), how many of them came back
            from the journal, and the journal's path (None: no journal).

        Raises
        ------
        leakmodels.sweeps.progress.Interrupted
            Ctrl-C (or SIGTERM under MPI): it says how many rows are done and kept, where.
        ValueError
            start_method="fork" with jobs > 1 while this process holds NEURON sections.
        RuntimeError
            mpi=True outside `mpi_session()`.
        """
        journal = Journal(self.journal_dir, name) if self.journal_dir else None
        keys = task_keys(tasks) if journal else []
        if journal and not self.resume:
            journal.clear()
        kept = journal.load() if journal else {}
        done = {i: kept[k] for i, k in enumerate(keys) if k in kept}
        reused = len(done)
        if journal and reused and self.progress:
            print(f"{name}: {reused} of {len(tasks)} rows reused from {journal.path} (their "
                  "inputs unchanged)", file=sys.stderr, flush=True)
        pending = [(i, t) for i, t in enumerate(tasks) if i not in done]
        bar = Progress(len(tasks), name, start=len(done)) if self.progress else None

        def on_row(i, row):
            done[i] = row
            if journal:
                journal.append(keys[i], row)
            if bar:
                bar.step()

        try:
            if self.mpi:
                self._mpi(pending, on_row)
            elif self.jobs > 1 and len(pending) > 1:
                self._pool(pending, on_row)
            else:
                for i, task in pending:
                    on_row(i, _in_own_process(task) if needs_own_process(task) else
                           run_task(task))
        except KeyboardInterrupt:
            raise Interrupted(len(done), len(tasks), journal.path if journal else None) from None
        return Ran([done[i] for i in range(len(tasks))], reused,
                   journal.path if journal else None)

    def _pool(self, pending, on_row):
        if self.start_method == "fork":
            alive = sum(1 for _ in h.allsec())
            if alive:
                raise ValueError(f"start_method='fork' with {alive} NEURON sections alive in "
                                 "this process: every worker would inherit them. Use 'spawn' "
                                 "(the default) or destroy the cells first.")
        fresh = self.fresh_process or any(needs_own_process(t) for _, t in pending)
        pool = process_pool(self.jobs, self.start_method, fresh,
                            partial(_worker_init, loaded_sources()))
        try:
            # the costliest first (a large cell left for last would keep one worker busy
            # alone at the end); the rows still come back in the tasks' order
            order = sorted(pending, key=lambda item: -_cost(item[1]))
            futures = {pool.submit(run_task, task): i for i, task in order}
            for future in completed(futures):
                on_row(futures[future], future.result())
        except BaseException:  # Ctrl-C: the finished rows are kept; the running ones stop now
            pool.stop_now()
            raise
        pool.shutdown(wait=True)

    def _mpi(self, pending, on_row):
        pc = _MPI.get("pc")
        if pc is None:
            raise RuntimeError("Execution(mpi=True) runs inside execution.mpi_session() (the "
                               "command line's --mpi opens it).")
        for i, task in pending:
            pc.submit(_bbs_task, i, task)
        while pc.working():
            i, row = pc.pyret()
            if row is not None:
                on_row(int(i), row)
            if _MPI.get("stop"):  # the rows so far are kept; the other ranks skip the rest
                raise KeyboardInterrupt

