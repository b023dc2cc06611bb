"""What determines a sweep's row, hashed: a journal gives a row back only for the same inputs.

`task_key(task)` covers everything the row of one cell under one condition depends on:

* the package's own code, data and mechanisms (every .py, .mod and .json of leakmodels) and
  NEURON's version;
* the cell: its description (builder and parameters, or file) and, for a file, its bytes;
* the condition: the whole membrane spec and its changes;
* every measurement: its name and parameters and, for a function that is not the package's
  (a user's measurement, registered or passed as a function or a partial), the bytes of the
  file that defines it (an edit anywhere in that file counts: a helper it calls may be there);
* every mechanism declared from outside the package: its declaration and the bytes of its
  .mod file and of the files that define its computed parameters.

Content is hashed, not names or times: an SWC file edited in place, a constant changed in
the user's own function, gives a new key. A file's digest is kept for the process while its
size and modification time stay the same.
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import os
from functools import lru_cache
from pathlib import Path

import neuron

from ..measure.registry import Bound
from ..mechanisms import mechanisms
from ..mechanisms.catalogue import PACKAGE_MECHANISMS
from .tasks import Task

PACKAGE_DIR = Path(__file__).resolve().parents[1]
_FILES: dict = {}


@lru_cache(maxsize=None)
def code_digest() -> str:
    """Hash of the package's code, data and mechanisms, and of NEURON's version."""
    digest = hashlib.sha256(neuron.__version__.encode() + b"\0")
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".mod", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_digest(path) -> str:
    """sha256 of a file's bytes ('' where there is no file), kept while it is unchanged."""
    try:
        st = os.stat(path)
    except (OSError, TypeError):
        return ""
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _FILES:
        _FILES[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _FILES[key]


def _code_of(function) -> str:
    """A function's name and, outside the package, its defining file's digest."""
    function = inspect.unwrap(function)
    name = f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', repr(function))}"
    code = getattr(function, "__code__", None)
    source = code.co_filename if code is not None else None
    if source is None or Path(source).resolve().is_relative_to(PACKAGE_DIR):
        return name
    return f"{name}@{file_digest(source)}"


def measure_key(m) -> str:
    """A measurement's name, parameters and code (see the module docstring)."""
    if isinstance(m, Bound):
        return f"{m.name}:{_code_of(m.measurement.function)}"
    if isinstance(m, functools.partial):
        keywords = ", ".join(f"{k}={v!r}" for k, v in sorted(m.keywords.items()))
        return f"partial({measure_key(m.func)}, {m.args!r}, {keywords})"
    return _code_of(m)


def _mechanism_key(mech) -> str:
    params = [(p.range_var, p.field, p.by_region, p.per_section, p.soma_scaled,
               _code_of(p.value) if p.value is not None else None) for p in mech.params]
    mod = file_digest(mech.mod_file) if mech.mod_file else ""
    return repr((mech.suffix, mech.role, mech.fields, params, mech.regions, mech.density,
                 mech.switch, mech.ions, mech.leak_conductance, mech.slow_gates, mod))


def task_key(task: Task) -> str:
    """The hash of everything `task`'s row depends on (see the module docstring)."""
    digest = hashlib.sha256(code_digest().encode())
    cell = task.cell
    digest.update(repr(cell).encode() + file_digest(cell.swc).encode() if cell.swc else
                  repr(cell).encode())
    digest.update(repr(task.condition).encode())
    for m in task.measures:
        digest.update(b"\0" + measure_key(m).encode())
    for mech in mechanisms():
        if mech not in PACKAGE_MECHANISMS:
            digest.update(b"\0" + _mechanism_key(mech).encode())
    return digest.hexdigest()
