"""Ctrl-C and SIGTERM while NEURON integrates: held until the solve returns.

A Python signal handler runs at the next Python bytecode, and during a NEURON solve that is
inside a Python callback NEURON called (the spike detector's `NetCon.record` function). A
`KeyboardInterrupt` raised there does not reach the caller: NEURON prints its traceback and
the process hangs or carries on (measured: 3 of 25 Ctrl-Cs sent to a loop of interneuron
measurements were lost that way). `deferred()` wraps every solve: a signal whose handler is
Python code is only noted while NEURON runs, and delivered again, to the handler that was
there before, once the solve has returned. Signals left at the operating system's default or
ignored are not touched; outside the main thread (where Python cannot set handlers) nothing
changes.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

try:  # the C functions under `signal`: its wrappers convert to enums, 20 us a solve step
    import _signal as _sig
except ImportError:  # pragma: no cover - other Pythons
    _sig = signal

SIGNALS = tuple(int(s) for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None))
                if s is not None)
_MAIN = threading.main_thread()


@contextmanager
def deferred():
    """Hold SIGINT and SIGTERM (those with a Python handler) until the block ends, then
    deliver each one that arrived."""
    if threading.current_thread() is not _MAIN:
        yield
        return
    held = {s: old for s in SIGNALS if callable(old := _sig.getsignal(s))}
    arrived = []

    def note(signum, frame):
        arrived.append(signum)

    for s in held:
        _sig.signal(s, note)
    try:
        yield
    finally:
        for s, old in held.items():
            _sig.signal(s, old)
        for s in dict.fromkeys(arrived):
            signal.raise_signal(s)
