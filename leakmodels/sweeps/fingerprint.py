"""What determines a sweep's row, hashed: a journal gives a row back only for the same inputs.

`task_key(task)` covers everything the row of one cell under one condition depends on:

* the package's own code, data and mechanisms (every .py, .mod and .json of leakmodels),
  and the versions of Python, NEURON, NumPy, SciPy and pandas;
* the cell: its description (builder and parameters, file, or model) and the bytes of what
  it is read from (an SWC file; a hoc model's folder; a factory's code; its .mod files);
* the condition: the whole membrane spec and its changes;
* every measurement: its name and parameters and, for a function that is not the package's
  (a user's measurement, registered or passed as a function, a partial, a method or a
  callable object), its code (`code_key`);
* every mechanism declared from outside the package: its whole declaration (computed
  parameters by their code) and the bytes of its .mod file (a model's own .mod files are
  the cell's, above);

A function's code (`code_key`): the bytes of the file that defines it (an edit anywhere in
that file counts: a helper it calls may be there), or, where there is no file (`python -c`,
a REPL, a notebook cell), its compiled code; the values it closes over and its defaults;
and what it names at module level: constants by value, functions, classes and modules of
the user's own (outside the standard library and installed packages) by their code. A
library's own code is covered by its version only where listed above; a helper reached only
through an attribute of an object is not seen (`Execution(resume=False)`, `--fresh`,
measures again).

Content is hashed, not names, times or memory addresses: an SWC file edited in place, a
constant changed in the user's own function, gives a new key, and the same inputs give the
same key in any process. A file's digest is kept while its size and modification time stay
the same.
"""
from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import inspect
import os
import re
import sys
import sysconfig
import types
from pathlib import Path

import neuron
import numpy as np

from ..cell.foreign import resolve_factory
from ..measure.registry import Bound
from ..mechanisms import mechanisms
from ..mechanisms.catalogue import PACKAGE_MECHANISMS
from ..spec.neuroml import neuroml_files
from .tasks import Task, measure_name

PACKAGE_DIR = Path(__file__).resolve().parents[1]
LIBRARY_DIRS = tuple({Path(sysconfig.get_paths()[k]).resolve()
                      for k in ("stdlib", "platstdlib", "purelib", "platlib")})
VERSIONED = ("numpy", "scipy", "pandas")  # libraries the measurements compute with
_FILES: dict = {}
_PACKAGE: dict = {}
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def code_digest() -> str:
    """Hash of the package's code, data and mechanisms, and of the versions it runs on
    (recomputed when a package file changes size or time: an edit in a long session counts)."""
    paths = sorted(p for p in PACKAGE_DIR.rglob("*")
                   if p.suffix in (".py", ".mod", ".json") and "__pycache__" not in p.parts)
    stamp = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)
    if stamp not in _PACKAGE:
        versions = [sys.version, neuron.__version__]
        versions += [getattr(sys.modules.get(name), "__version__", "") for name in VERSIONED]
        digest = hashlib.sha256("\0".join(versions).encode() + b"\0")
        for path in paths:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0" + path.read_bytes())
        _PACKAGE.clear()
        _PACKAGE[stamp] = digest.hexdigest()
    return _PACKAGE[stamp]


def file_digest(path) -> str:
    """sha256 of a file's bytes ('' where there is no file), kept while it is unchanged."""
    try:
        st = os.stat(path)
    except (OSError, TypeError, ValueError):
        return ""
    key = (str(Path(path).resolve()), st.st_size, st.st_mtime_ns)
    if key not in _FILES:
        _FILES[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _FILES[key]


def _in(path, folders) -> bool:
    try:
        resolved = Path(path).resolve()
    except (OSError, TypeError, ValueError):
        return False
    return any(resolved.is_relative_to(folder) for folder in folders)


def _users(path) -> bool:
    """A file of the user's own: neither the package's nor an installed library's."""
    return bool(path) and not _in(path, (PACKAGE_DIR,) + LIBRARY_DIRS)


def _compiled(code) -> str:
    """A code object's instructions, names and constants (nested code included), without
    its file name or line numbers."""
    digest = hashlib.sha256(code.co_code + repr((code.co_names, code.co_varnames)).encode())
    for const in code.co_consts:
        digest.update((_compiled(const) if inspect.iscode(const) else repr(const)).encode())
    return digest.hexdigest()


def _names(code) -> set:
    """Every global name a code object (and the code nested in it) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _names(const)
    return names


def code_key(function, seen=None) -> str:
    """A callable's identity and, outside the package and installed libraries, its code (see
    the module docstring): the same in any process for the same code and values."""
    seen = {} if seen is None else seen  # id -> object, kept alive
    if id(function) in seen:
        return "<seen>"
    seen[id(function)] = function
    if isinstance(function, functools.partial):
        return (f"partial({code_key(function.func, seen)}, {stable(function.args, seen)}, "
                f"{stable(function.keywords, seen)})")
    if inspect.ismethod(function):
        return f"{code_key(function.__func__, seen)} of {stable(function.__self__, seen)}"
    function = inspect.unwrap(function)
    name = f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"
    if inspect.isclass(function):
        return _class_key(function, name, seen)
    code = getattr(function, "__code__", None)
    if code is None:
        if callable(function) and not isinstance(function, types.BuiltinFunctionType):
            # a callable object: its class's code and its own values
            return f"{code_key(type(function), seen)}({stable(vars(function), seen) if hasattr(function, '__dict__') else ''})"
        return name  # a builtin: its library's version covers it
    if not _users(code.co_filename):
        return name
    own = file_digest(code.co_filename) or _compiled(code)
    parts = [name, own, stable(function.__defaults__, seen),
             stable(function.__kwdefaults__, seen)]
    for cell in function.__closure__ or ():
        try:
            parts.append(stable(cell.cell_contents, seen))
        except ValueError:  # a cell not yet filled
            parts.append("<empty>")
    scope = getattr(function, "__globals__", {})
    for global_name in sorted(_names(code)):
        if global_name in scope:
            parts.append(f"{global_name}={_global(scope[global_name], seen)}")
    return "@".join(parts)


def _class_key(cls, name: str, seen) -> str:
    source = _file_of(cls)
    if not _users(source):
        return name
    own = file_digest(source)
    if not own:  # defined where there is no file: its methods' code
        own = stable({k: v for k, v in vars(cls).items() if inspect.isfunction(v)}, seen)
    return f"{name}@{own}"


def _global(value, seen) -> str:
    """What a function's module-level name contributes: a module of the user's own by its
    file, another module by its name, anything else by `stable`."""
    if isinstance(value, types.ModuleType):
        path = getattr(value, "__file__", None)
        return f"module {value.__name__}" + (f"@{file_digest(path)}" if _users(path) else "")
    return stable(value, seen)


def stable(value, seen=None) -> str:
    """A text of `value` that is equal for equal contents in any process (no memory address):
    numbers and text by repr, arrays by their bytes, containers by their items, functions
    and classes by `code_key`, files (Path) by their bytes, other objects by their class and
    attributes."""
    seen = {} if seen is None else seen  # id -> object, kept alive
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes, enum.Enum)):
        return repr(value)
    if isinstance(value, np.generic):
        return f"{type(value).__name__}({value.item()!r})"
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return f"ndarray({stable(value.tolist(), seen)})"
        data = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()
        return f"ndarray({value.dtype}, {value.shape}, {data})"
    if isinstance(value, Path):
        return f"Path({str(value)!r}@{file_digest(value)})"
    if id(value) in seen:
        return "<seen>"
    if isinstance(value, (tuple, list)):
        seen[id(value)] = value
        return f"{type(value).__name__}({', '.join(stable(v, seen) for v in value)})"
    if isinstance(value, (set, frozenset)):
        seen[id(value)] = value
        return f"{type(value).__name__}({', '.join(sorted(stable(v, seen) for v in value))})"
    if isinstance(value, dict):
        seen[id(value)] = value
        items = sorted(f"{stable(k, seen)}: {stable(v, seen)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if inspect.isclass(value):
        return code_key(value, seen)
    if dataclasses.is_dataclass(value):
        seen[id(value)] = value
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return f"{type(value).__qualname__}{stable(fields, seen)}"
    if callable(value):
        return code_key(value, seen)
    if hasattr(value, "__dict__") and _users(_file_of(type(value))):
        seen[id(value)] = value
        return f"{code_key(type(value), seen)}{stable(vars(value), seen)}"
    return _ADDRESS.sub("", repr(value))  # a library's object: what it says of itself


def _file_of(cls) -> str:
    """The file that defines a class ('' for Python's builtins)."""
    if cls.__module__ == "builtins":
        return ""
    try:
        return inspect.getfile(cls)
    except (TypeError, OSError):
        return "<no file>"  # defined in a REPL or notebook: the user's


def measure_key(m) -> str:
    """A measurement's name, parameters and code (see the module docstring)."""
    if isinstance(m, Bound):
        return f"{m.name}:{code_key(m.measurement.function)}"
    return f"{measure_name(m)}:{code_key(m)}"


def _mechanism_key(mech) -> str:
    """A declaration made outside the package, whole, and its .mod file's bytes."""
    mod = file_digest(mech.mod_file) if mech.mod_file else ""
    return f"{stable(mech)}@{mod}"


MODEL_FILES = (".hoc", ".ses", ".mod", ".py", ".json", ".swc", ".asc", ".txt")


def _cell_key(cell) -> str:
    """The cell's description and the bytes of what it is read from: its SWC file; its
    NeuroML file and the files it includes; a hoc
    model's folder (every hoc, session, .mod, Python, JSON and morphology file in it and
    below: the files it loads); a factory's code; the model's .mod files."""
    parts = [repr(cell)]
    if cell.swc:
        parts.append(file_digest(cell.swc))
    if cell.neuroml:  # with every file it <include>s
        parts += [f"{p}@{file_digest(p)}" for p in neuroml_files(cell.neuroml)]
    if cell.hoc:
        folder = Path(cell.hoc).parent
        parts += [f"{p.relative_to(folder)}@{file_digest(p)}" for p in _model_files(folder)]
    if cell.factory:
        parts.append(code_key(resolve_factory(cell.factory)))
    if cell.mechanisms:
        where = Path(cell.mechanisms)
        mods = sorted(where.glob("*.mod")) if where.is_dir() else [where]
        parts += [f"{p.name}@{file_digest(p)}" for p in mods]
    return "\0".join(parts)


def _model_files(folder: Path, depth: int = 2, most: int = 2000) -> list:
    """A model folder's files of MODEL_FILES kinds, two levels down at most (a hoc file in a
    home folder does not hash the home), skipping hidden and build folders."""
    out, level = [], [folder]
    for _ in range(depth + 1):
        below = []
        for where in level:
            try:
                entries = sorted(where.iterdir())
            except OSError:
                continue
            out += [p for p in entries if p.is_file() and p.suffix.lower() in MODEL_FILES]
            below += [p for p in entries if p.is_dir() and not p.name.startswith(".")
                      and p.name not in ("x86_64", "__pycache__", "arm64", "aarch64")]
        level = below
        if len(out) > most:
            break
    return out[:most]


def task_keys(tasks) -> list:
    """`task_key` of each task; what tasks share (the package's digest, the declarations made
    outside the package, each cell's files) is read once for them all."""
    package = code_digest().encode()
    declared = b"".join(b"\0" + _mechanism_key(mech).encode() for mech in mechanisms()
                        if mech not in PACKAGE_MECHANISMS)
    cells: dict = {}
    keys = []
    for task in tasks:
        try:
            if task.cell not in cells:
                cells[task.cell] = _cell_key(task.cell)
            cell = cells[task.cell]
        except TypeError:  # a source with an unhashable argument: read for this task alone
            cell = _cell_key(task.cell)
        digest = hashlib.sha256(package)
        digest.update(cell.encode())
        digest.update(stable(task.condition).encode())
        for m in task.measures:
            digest.update(b"\0" + measure_key(m).encode())
        digest.update(declared)
        keys.append(digest.hexdigest())
    return keys


def task_key(task: Task) -> str:
    """The hash of everything `task`'s row depends on (see the module docstring)."""
    return task_keys([task])[0]
