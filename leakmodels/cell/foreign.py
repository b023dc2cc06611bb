"""A user's model read from its own files: a hoc file, a hoc template, or a Python function
that builds it, adopted (`adopted.adopt`) as a cell that owns what it loaded.

* `from_hoc(path)`: runs a hoc file (in its own folder, so that the files it loads are
  found); the sections it creates are the cell. With `template=NAME`, the file defines
  templates and the cell is `NAME(*args)`.
* `from_python(factory, *args, **kwargs)`: calls a function (a callable, "module:function"
  or "path/to/file.py:function") that returns a Section, a list of them, or an object with
  `all` (a hoc template instance, or a Python class holding its sections in `all`).

`mechanisms=` (a folder of .mod files, files or a compiled library) is loaded first
(`leakmodels.mechanisms.user`). What the model sets of NEURON's globals while it loads
(celsius, dt, secondorder, the integrator, v_init) is read into the cell (its temperature,
its initial potential) and put back as it was: the engine sets what each run needs. Leaving
the cell deletes the sections the model created. A file that fails names the model's first
error (NEURON's message, its file and line) and leaves no section behind.

Top-level hoc sections are global names: a second file creating `soma` would replace the
first cell's soma, so one top-level hoc cell is alive at a time (templates have no limit).
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..engine.nrnglobals import restore, snapshot
from ..mechanisms.loading import h
from ..mechanisms.user import load_mechanisms
from ..spec.checks import ArgumentError, ArgumentTypeError
from .adopted import adopt
from .cell import Cell

_TOP_LEVEL: list = []  # the top-level hoc cell alive, if any
_TEMPLATE = re.compile(r"^\s*begintemplate\s+(\w+)", re.M)


class HocError(RuntimeError):
    """A hoc file could not be run: NEURON's message, where it was, and what to do."""


@contextmanager
def _model_globals():
    """NEURON's globals put back as they were after the model has set its own."""
    snap, v_init = snapshot(), float(h.v_init)
    try:
        yield
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
    those it writes through Python's sys.stderr (as NEURON does under Python)."""
    sys.stderr.flush()
    saved_fd, saved_stream = os.dup(2), sys.stderr
    with open(path, "w") as f:
        os.dup2(f.fileno(), 2)
        sys.stderr = f
        try:
            yield
        finally:
            f.flush()
            sys.stderr = saved_stream
            os.dup2(saved_fd, 2)
            os.close(saved_fd)


def _run_hoc(path: Path, again: bool) -> str:
    """Run a hoc file in its folder; NEURON's messages (replayed on stderr when it ran).
    HocError with NEURON's first message if it fails."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "stderr"
        error = None
        with _in_folder(path.parent), _stderr_to(log):
            try:
                ok = h.load_file(int(again), path.name)
            except RuntimeError as exc:
                ok, error = 0.0, exc
        said = log.read_text(errors="replace")
    if error is None and ok:
        sys.stderr.write(said)
        return said
    lines = [x.rstrip() for x in said.splitlines() if x.strip()]
    first = next((i for i, x in enumerate(lines) if x.startswith("NEURON:")), None)
    message = " ".join(x.strip() for x in lines[first:first + 3]) if first is not None else ""
    if "is not a MECHANISM" in message:
        beside = sorted(path.parent.glob("*.mod")) + sorted(path.parent.glob("*/*.mod"))
        hint = (f" The model's .mod files are not loaded: pass mechanisms= their folder "
                f"({beside[0].parent})." if beside else
                " Load the model's .mod files first: mechanisms=their folder.")
    else:
        hint = ""
    raise HocError(f"{path}: {message or 'NEURON could not run it'}.{hint}")


def _new_sections(before: set) -> list:
    return [s for s in h.allsec() if s not in before]


def _delete(sections) -> None:
    for sec in sections:
        try:
            h.delete_section(sec=sec)
        except Exception:  # a template's section, freed with its instance
            pass


def _owned(cell: Cell, made=None) -> Cell:
    """The cell deletes what the model created when it ends (and keeps what the factory
    returned alive until then)."""
    cell.owns_sections = True
    if cell.owner is None:
        cell.owner = made
    return cell


def _pick_tree(new: list, soma, path) -> tuple:
    """(the sections of the tree holding `soma` (a name or a Section), every other new one)."""
    roots = {}
    for sec in new:
        root = sec
        while root.parentseg() is not None:
            root = root.parentseg().sec
        roots.setdefault(root, []).append(sec)
    if len(roots) == 1:
        return new, []
    if soma is None:
        raise ArgumentError(f"{path} makes {len(roots)} cells (trees rooted at "
                            f"{', '.join(r.name() for r in roots)}): give soma=<its section's "
                            "name> for the one to measure (the others are deleted).")
    name = soma if isinstance(soma, str) else soma.name()
    for root, secs in roots.items():
        if any(s.name() == name for s in secs):
            return secs, [s for s in new if s not in secs]
    raise ArgumentError(f"soma={soma!r}: no section of that name in what {path} made "
                        f"({', '.join(s.name() for s in new[:8])}).")


def from_hoc(path, *, template: str | None = None, args=(), mechanisms=None, soma=None,
             name: str | None = None, celsius_degC: float | None = None) -> Cell:
    """A cell of the model a hoc file builds (see the module docstring)."""
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such hoc file.")
    if mechanisms is not None:
        load_mechanisms(mechanisms)
    if template is not None:
        return _from_template(path, template, args, soma, name, celsius_degC)
    if any(c.alive for c in _TOP_LEVEL):
        raise ArgumentError(
            f"{path}: {_TOP_LEVEL[0].name}, a cell of top-level hoc sections, is alive; top-level "
            "hoc names are global (a second `create soma` would replace its soma). Leave it "
            "first (its with block), or make the model a template (template=).")
    before = set(h.allsec())
    with _model_globals():
        try:
            _run_hoc(path, again=True)
            new = _new_sections(before)
            if not new:
                raise ArgumentError(_no_sections(path))
            keep, others = _pick_tree(new, soma, path)
            _delete(others)
            picked = soma if soma is None or not isinstance(soma, str) else next(
                s for s in keep if s.name() == soma)
            cell = adopt(keep, soma=picked, name=name or path.stem, celsius_degC=celsius_degC)
        except BaseException:
            _delete(_new_sections(before))
            raise
    cell.morphology = str(path)
    _TOP_LEVEL[:] = [cell]
    return _owned(cell)


def _no_sections(path: Path) -> str:
    found = _TEMPLATE.findall(path.read_text(errors="replace"))
    if found:
        return (f"{path} creates no section; it defines the template(s) "
                f"{', '.join(found)}: give template={found[0]!r} (and args= its arguments).")
    return f"{path} ran but created no section: it is not a cell's model."


def _from_template(path: Path, template: str, args, soma, name, celsius_degC) -> Cell:
    if not isinstance(template, str) or not template.isidentifier():
        raise ArgumentTypeError(f"template={template!r}: give the template's name (a str).")
    with _model_globals():
        if not hasattr(h, template):
            _run_hoc(path, again=False)
        if not hasattr(h, template):
            found = _TEMPLATE.findall(path.read_text(errors="replace"))
            raise ArgumentError(f"{path} defines no template {template!r}"
                                + (f"; it defines {', '.join(found)}." if found else "."))
        try:
            instance = getattr(h, template)(*args)
        except RuntimeError as exc:
            raise HocError(f"{template}({', '.join(map(repr, args))}) from {path} failed: "
                           f"{exc}") from None
        cell = adopt(instance, soma=soma, name=name or template, celsius_degC=celsius_degC)
    cell.morphology = str(path)
    return _owned(cell)


def resolve_factory(factory):
    """A callable from a callable, "module:function" or "path/to/file.py:function"."""
    if callable(factory):
        return factory
    if not isinstance(factory, str) or ":" not in factory:
        raise ArgumentTypeError(f"factory={factory!r}: give a function, 'module:function' or "
                                "'path/to/file.py:function'.")
    where, _, attr = factory.rpartition(":")
    if where.endswith(".py"):
        file = Path(where).expanduser().resolve()
        if not file.is_file():
            raise FileNotFoundError(f"{file}: no such Python file (factory={factory!r}).")
        spec = importlib.util.spec_from_file_location(f"leakmodels_model_{file.stem}", file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its functions pickle by this name in this process
        spec.loader.exec_module(module)
    else:
        module = importlib.import_module(where)
    function = getattr(module, attr, None)
    if not callable(function):
        raise ArgumentError(f"factory={factory!r}: {where} has no function {attr!r}.")
    return function


def from_python(factory, *args, mechanisms=None, soma=None, name: str | None = None,
                celsius_degC: float | None = None, **kwargs) -> Cell:
    """A cell of what `factory(*args, **kwargs)` builds (see the module docstring)."""
    function = resolve_factory(factory)
    if mechanisms is not None:
        load_mechanisms(mechanisms)
    before = set(h.allsec())
    with _model_globals():
        try:
            made = function(*args, **kwargs)
            cell = adopt(made, soma=soma, celsius_degC=celsius_degC,
                         name=name or getattr(function, "__name__", "model"))
        except BaseException:
            _delete(_new_sections(before))
            raise
    return _owned(cell, made)
