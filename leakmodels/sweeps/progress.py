"""What a user sees of a running sweep: a progress line, and the one line an interrupt
leaves (how many rows are kept, and where).
"""
from __future__ import annotations

import math
import signal
import sys
import threading
import time
from contextlib import contextmanager


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

