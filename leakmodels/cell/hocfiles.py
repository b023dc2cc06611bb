"""Running a user's hoc code: in its file's folder, NEURON's messages caught, its globals put
back, and what it made (or failed to make) found.

`run_file(path, again)` runs a hoc file with `load_file` (again: even if it ran before) in
its own folder, so that the files it loads by relative names are found; NEURON's messages
are caught and, if it fails, the first one (with its file and line) is the `HocError`.
`call(what, fn, *args)` runs hoc code (a template's constructor) the same way.
`model_globals()` reads what the model set of NEURON's globals (celsius, v_init) and puts
every global back as it was (`engine.nrnglobals`, their owner, restores the integrator's).
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..engine.nrnglobals import restore, snapshot
from ..mechanisms.loading import h

LOADS = re.compile(r"\b(?:load_file|xopen)\s*\(", re.M)


class HocError(RuntimeError):
    """A hoc file could not be run: NEURON's message, where it was, and what to do."""


@contextmanager
def model_globals(found: dict):
    """NEURON's globals put back as they were after the model set its own; `found` gets the
    model's celsius and v_init."""
    snap, v_init = snapshot(), float(h.v_init)
    try:
        yield
        found.update(celsius=float(h.celsius), v_init=float(h.v_init))
    finally:
        restore(snap)
        h.v_init = v_init


@contextmanager
def _in_folder(folder: Path):
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextmanager
def _stderr_to(path: Path):
    """NEURON's messages into a file: those its C code writes to the process's stderr and
    those it writes through Python's sys.stderr (as NEURON does under Python). A process
    without a stderr (closed, or None) is left as it is."""
    stream = sys.stderr
    try:
        if stream is not None:
            stream.flush()
        saved_fd = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    with open(path, "w") as f:
        os.dup2(f.fileno(), 2)
        sys.stderr = f
        try:
            yield
        finally:
            f.flush()
            sys.stderr = stream
            os.dup2(saved_fd, 2)
            os.close(saved_fd)


def _caught(folder: Path, fn, *args) -> tuple:
    """(what fn returned or None, the exception it raised or None, NEURON's messages)."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "stderr"
        log.touch()
        result, error = None, None
        with _in_folder(folder), _stderr_to(log):
            try:
                result = fn(*args)
            except RuntimeError as exc:
                error = exc
        return result, error, log.read_text(errors="replace")


def _first_message(said: str) -> str:
    lines = [x.rstrip() for x in said.splitlines() if x.strip()]
    first = next((i for i, x in enumerate(lines) if x.startswith("NEURON:")), None)
    return " ".join(x.strip() for x in lines[first:first + 3]) if first is not None else ""


def _mechanism_hint(path: Path, message: str) -> str:
    if "is not a MECHANISM" not in message:
        return ""
    beside = sorted(path.parent.glob("*.mod")) + sorted(path.parent.glob("*/*.mod"))
    return (f" The model's .mod files are not loaded: pass mechanisms= (--mechanisms) their "
            f"folder ({beside[0].parent})." if beside else
            " Load the model's .mod files first: mechanisms= (--mechanisms) their folder.")


def _replay(said: str) -> None:
    """What the model printed while it ran, on stderr after all (it ran well)."""
    if said and sys.stderr is not None:
        sys.stderr.write(said)


def run_file(path: Path, again: bool) -> None:
    """Run a hoc file in its folder (see the module docstring); HocError if it fails."""
    ok, error, said = _caught(path.parent, h.load_file, int(again), str(path))
    if error is None and ok:
        _replay(said)
        return
    message = _first_message(said) or (str(error) if error else "NEURON could not run it")
    raise HocError(f"{path}: {message}.{_mechanism_hint(path, message)}")


def call(what: str, folder: Path, fn, *args):
    """fn(*args) (hoc code: a template's constructor) in `folder`; HocError with NEURON's
    message if it fails."""
    result, error, said = _caught(folder, fn, *args)
    if error is None:
        _replay(said)
        return result
    raise HocError(f"{what} failed: {_first_message(said) or error}.")


def loads_other_files(path: Path) -> bool:
    """True if a hoc file loads others (load_file, xopen): NEURON runs a file load_file ran
    before only once per process."""
    return bool(LOADS.search(path.read_text(errors="replace")))
