"""A user's model read from its own files: a hoc file, a hoc template, or a Python function
that builds it, adopted (`adopted.adopt`) as a cell.

* `from_hoc(path)`: runs a hoc file in its own folder (`hocfiles.run_file`); the sections it
  creates are the cell, deleted when the cell ends. Top-level hoc names are global: one such
  cell is alive at a time, and a model whose file loads others (load_file) is built once
  per process (NEURON runs a loaded file only once; sweeps give each such cell a process of
  its own).
* `from_hoc(path, template=NAME, args=...)`: the file defines templates; it runs once per
  process (NEURON cannot redefine a template) and each cell is a new `NAME(*args)`, freed
  when the cell ends. A template name defined by another file is refused.
* `from_python(factory, *args, **kwargs)`: calls a function (a callable, "module:function"
  or "path/to/file.py:function") that returns a Section, a list of them, or an object with
  `all` (a hoc template instance, or a Python class holding its sections in `all`); what it
  made is deleted when the cell ends.

`mechanisms=` (a folder of .mod files, files or a compiled library) is loaded first
(`leakmodels.mechanisms.user`). What the model sets of NEURON's globals while it loads
(celsius, dt, secondorder, the integrator, v_init) gives the cell its temperature and
starting potential and is put back as it was: the engine sets what each run needs. A model
that fails names its first error (NEURON's message, its file and line) and leaves no
section behind.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
import sys
import weakref
from pathlib import Path

from ..mechanisms.loading import h
from ..mechanisms.user import load_mechanisms
from ..spec.checks import ArgumentError, ArgumentTypeError
from .adopted import adopt, root_of
from .cell import Cell, delete_neuron_sections
from .hocfiles import HocError, call, loads_other_files, model_globals, run_file

__all__ = ["HocError", "from_hoc", "from_python", "resolve_factory"]

_TOP_LEVEL: list = []  # a weak reference to the top-level hoc cell alive, if any
_TEMPLATES: dict = {}  # template name -> (the file that defined it, its bytes' sha256 then,
#                                          the globals it set)
_MODULES: dict = {}  # (file, size, mtime) -> module
_TEMPLATE = re.compile(r"^\s*begintemplate\s+(\w+)", re.M)


def _new_sections(before: set) -> list:
    return [s for s in h.allsec() if s not in before]


def _owned(cell: Cell, made=None) -> Cell:
    """The cell deletes what the model created when it ends (and keeps what the factory
    returned alive until then)."""
    cell.owns_sections = True
    if cell.owner is None:
        cell.owner = made
    return cell


def _pick_tree(new: list, soma, path) -> tuple:
    """(the sections of the tree holding `soma` (a name or a Section; None: the only tree),
    its soma section or None, every other new section)."""
    roots = {}
    for sec in new:
        roots.setdefault(root_of(sec), []).append(sec)
    if soma is None:
        if len(roots) > 1:
            raise ArgumentError(f"{path} makes {len(roots)} cells (trees rooted at "
                                f"{', '.join(r.name() for r in roots)}): give soma=<its "
                                "section's name> for the one to measure (the others are "
                                "deleted).")
        return new, None, []
    name = soma if isinstance(soma, str) else soma.name()
    for secs in roots.values():
        picked = next((s for s in secs if s.name() == name), None)
        if picked is not None:
            return secs, picked, [s for s in new if s not in secs]
    raise ArgumentError(f"soma={soma!r}: no section of that name in what {path} made "
                        f"({', '.join(s.name() for s in new[:8])}).")


def from_hoc(path, *, template: str | None = None, args=(), mechanisms=None, soma=None,
             name: str | None = None, celsius_degC: float | None = None) -> Cell:
    """Build a cell from a user's hoc file, adopted to be measured as it stands.

    Without `template`, the file runs in its own folder and the sections it creates are the
    cell, deleted when the cell ends. Top-level hoc names are global: one such cell is alive
    at a time, and a model whose file loads others (load_file) is built once per process
    (NEURON runs a loaded file only once; sweeps give each such cell a process of its own).
    With `template`, the file (which defines templates) runs once per process, since NEURON
    cannot redefine a template, and each cell is a new ``template(*args)``, freed when the
    cell ends; a template name defined by another file is refused. What the model sets of
    NEURON's globals while it loads (celsius, dt, secondorder, the integrator, v_init) gives
    the cell its temperature and starting potential and is then put back as it was. A model
    that fails leaves no section behind.

    Parameters
    ----------
    path : str or os.PathLike
        The hoc file; ``~`` is expanded.
    template : str or None, optional
        The name of a template the file defines; default None, the file's top-level
        sections.
    args : tuple, optional
        The template's arguments; default ().
    mechanisms : str, os.PathLike, sequence of them, or None, optional
        The model's own NMODL mechanisms, loaded first with `load_mechanisms`: a folder of
        .mod files, .mod files, or a compiled library; default None, none.
    soma : str, nrn.Section or None, optional
        The soma, by name or as a Section (with `template`, a Section of the instance);
        default None: the template's ``soma``, else a section named soma, else the thickest
        section. Without `template` it also picks the cell where the file makes several
        trees (the others are deleted).
    name : str or None, optional
        The cell's name; default None, the template's name or the file's stem.
    celsius_degC : float or None, optional
        The cell's temperature, in degC (0 to 45); default None, the ``celsius`` the model
        set while it loaded.

    Returns
    -------
    leakmodels.Cell
        The cell, which owns the model's sections (``cell.membrane`` is None).

    Raises
    ------
    FileNotFoundError
        The hoc file does not exist.
    HocError
        NEURON could not run the file or the template's constructor; the message gives
        NEURON's first error, its file and line.
    ArgumentError
        Another top-level hoc cell is alive, the file creates no section (or several trees
        and no `soma`), the template is not defined by this file, or an argument is out of
        range (`ArgumentTypeError`: `template` is not a name).

    Examples
    --------
    >>> import leakmodels as lm
    >>> with lm.from_hoc("model/cell.hoc", template="PyramidalCell",
    ...                  mechanisms="model/mod") as cell:
    ...     v_mV = lm.resting_potential(cell)
    """
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such hoc file.")
    if mechanisms is not None:
        load_mechanisms(mechanisms)
    if template is not None:
        return _from_template(path, template, args, soma, name, celsius_degC)
    alive = _TOP_LEVEL[0]() if _TOP_LEVEL else None
    if alive is not None and alive.alive:
        raise ArgumentError(
            f"{path}: {alive.name}, a cell of top-level hoc sections, is alive; top-level hoc "
            "names are global (a second `create soma` would replace its soma). Leave it first "
            "(its with block), or make the model a template (template=).")
    if _defined_here(path):  # its templates are defined: running it again would fail
        raise ArgumentError(_no_sections(path))
    before, found = set(h.allsec()), {}
    try:
        with model_globals(found):
            run_file(path, again=True)
        _note_templates(path, found)
        new = _new_sections(before)
        if not new:
            raise ArgumentError(_no_sections(path))
        keep, picked, others = _pick_tree(new, soma, path)
        delete_neuron_sections(others)
        cell = adopt(keep, soma=picked, name=name or path.stem,
                     celsius_degC=found["celsius"] if celsius_degC is None else celsius_degC)
    except BaseException:
        delete_neuron_sections(_new_sections(before))
        raise
    cell.v_init_mV = found["v_init"]
    cell.morphology = str(path)
    _TOP_LEVEL[:] = [weakref.ref(cell)]
    return _owned(cell)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _templates_in(path: Path) -> list:
    """The names of the templates a hoc file defines (begintemplate NAME)."""
    return _TEMPLATE.findall(path.read_text(errors="replace"))


def _defined_here(path: Path) -> list:
    """The templates a file defines that are defined already, by it or by a file of the
    same bytes (running it again would fail: NEURON cannot redefine a template)."""
    digest = _digest(path)
    return [t for t in _templates_in(path) if t in _TEMPLATES and _TEMPLATES[t][1] == digest]


def _note_templates(path: Path, found: dict) -> None:
    """The templates a file that just ran defined are its, with the bytes NEURON read (a
    later template= finds them)."""
    digest = _digest(path)
    for template in _templates_in(path):
        if hasattr(h, template) and template not in _TEMPLATES:
            _TEMPLATES[template] = (path, digest, dict(found))


def _no_sections(path: Path) -> str:
    found = _templates_in(path)
    if found:
        return (f"{path} creates no section; it defines the template(s) "
                f"{', '.join(found)}: give template={found[0]!r} (and args= its arguments).")
    if loads_other_files(path):
        return (f"{path} created no section this time: the files it loads were loaded before "
                "in this process, and NEURON runs a loaded file only once. Build such a model "
                "once per process: keep its cell, or measure it in a process of its own (a "
                "sweep does: leakmodels measure, lm.sweep).")
    return f"{path} ran but created no section: it is not a cell's model."


def _from_template(path: Path, template: str, args, soma, name, celsius_degC) -> Cell:
    if not isinstance(template, str) or not template.isidentifier():
        raise ArgumentTypeError(f"template={template!r}: give the template's name (a str).")
    if template in _TEMPLATES and _TEMPLATES[template][1] != _digest(path):
        raise ArgumentError(f"template {template!r} was defined by {_TEMPLATES[template][0]}; "
                            f"{path} defines one of the same name, and NEURON cannot redefine "
                            "a template: measure it in another process, or rename it.")
    if template not in _TEMPLATES:
        if hasattr(h, template):
            raise ArgumentError(f"a template {template!r} exists already (defined outside "
                                f"leakmodels): NEURON cannot redefine it from {path}. Adopt its "
                                f"instance instead: lm.adopt(h.{template}(...)).")
        found = {}
        with model_globals(found):
            run_file(path, again=False)
        _note_templates(path, found)
        if not hasattr(h, template):
            defined = _templates_in(path)
            raise ArgumentError(f"{path} defines no template {template!r}"
                                + (f"; it defines {', '.join(defined)}." if defined else "."))
    globals_found = dict(_TEMPLATES[template][2])
    with model_globals({}):
        instance = call(f"{template}({', '.join(map(repr, args))}) from {path}", path.parent,
                        getattr(h, template), *args)
        celsius = globals_found["celsius"] if celsius_degC is None else celsius_degC
        cell = adopt(instance, soma=soma, name=name or template, celsius_degC=celsius)
    cell.v_init_mV = globals_found["v_init"]
    cell.morphology = str(path)
    return _owned(cell)


def resolve_factory(factory):
    """A callable from a callable, "module:function" (a module.py in the working folder
    first, as `python -m` finds it, else an installed one) or "path/to/file.py:function"
    (run once while the file is unchanged)."""
    if callable(factory):
        return factory
    if not isinstance(factory, str) or ":" not in factory:
        raise ArgumentTypeError(f"factory={factory!r}: give a function, 'module:function' or "
                                "'path/to/file.py:function'.")
    where, _, attr = factory.rpartition(":")
    if not where or not attr:
        raise ArgumentTypeError(f"factory={factory!r}: give 'module:function' or "
                                "'path/to/file.py:function'.")
    local = None if where.endswith(".py") else Path(*where.split(".")).with_suffix(".py")
    if local is not None and local.is_file():  # the working folder's first, as
        where = str(local)                     # python -m finds it
    module = _from_file(where, factory) if where.endswith(".py") else _import(where, factory)
    function = getattr(module, attr, None)
    if not callable(function):
        raise ArgumentError(f"factory={factory!r}: {where} has no function {attr!r}.")
    return function


def _from_file(where: str, factory: str):
    file = Path(where).expanduser().resolve()
    if not file.is_file():
        raise FileNotFoundError(f"{file}: no such Python file (factory={factory!r}).")
    st = file.stat()
    key = (str(file), st.st_size, st.st_mtime_ns)
    if key not in _MODULES:
        # named by its path: two build.py files of two models are two modules
        tag = hashlib.sha256(str(file).encode()).hexdigest()[:12]
        spec = importlib.util.spec_from_file_location(f"leakmodels_model_{file.stem}_{tag}", file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its functions pickle by this name in this process
        spec.loader.exec_module(module)
        _MODULES[key] = module
    return _MODULES[key]


def _import(name: str, factory: str):
    """A module by name, from the installed packages or the folder Python started in (as
    `python -m` finds it: a console command does not look there by itself)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name.split(".")[0] or os.getcwd() in sys.path:
            raise ArgumentError(f"factory={factory!r}: {exc}; give FILE.py:FUNCTION.") from None
    sys.path.insert(0, os.getcwd())  # kept: pool workers are started with this path
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        sys.path.remove(os.getcwd())
        raise ArgumentError(f"factory={factory!r}: no module {name!r} in the installed "
                            f"packages or in {os.getcwd()}; give FILE.py:FUNCTION.") from None


def from_python(factory, *args, mechanisms=None, soma=None, name: str | None = None,
                celsius_degC: float | None = None, **kwargs) -> Cell:
    """Build a cell with a user's Python function, adopted to be measured as it stands.

    ``factory(*args, **kwargs)`` must return a Section, a list of them, or an object with
    ``all`` (a hoc template instance, or a Python class holding its sections in ``all``);
    what it made is deleted when the cell ends. What the model sets of NEURON's globals
    while it builds (celsius, dt, secondorder, the integrator, v_init) gives the cell its
    temperature and starting potential and is then put back as it was. A model that fails
    leaves no section behind.

    Parameters
    ----------
    factory : callable or str
        The function, or "module:function" (a module.py in the working folder first, as
        ``python -m`` finds it, else an installed one) or "path/to/file.py:function".
    *args : object
        Positional arguments for the factory.
    mechanisms : str, os.PathLike, sequence of them, or None, optional
        The model's own NMODL mechanisms, loaded first with `load_mechanisms`: a folder of
        .mod files, .mod files, or a compiled library; default None, none.
    soma : nrn.Section or None, optional
        The soma; default None: the template's ``soma``, else a section named soma, else the
        thickest section.
    name : str or None, optional
        The cell's name; default None, the factory's ``__name__``.
    celsius_degC : float or None, optional
        The cell's temperature, in degC (0 to 45); default None, the ``celsius`` the model
        set while it loaded.
    **kwargs : object
        Keyword arguments for the factory.

    Returns
    -------
    leakmodels.Cell
        The cell, which owns what the factory made (``cell.membrane`` is None).

    Raises
    ------
    ArgumentTypeError
        `factory` is neither a callable nor a "module:function" or "file.py:function" text,
        or what it returned holds no sections.
    ArgumentError
        The module has no such function or cannot be imported, or what the factory returned
        holds no section, a deleted one or several trees.
    FileNotFoundError
        The factory's .py file does not exist.
    """
    if mechanisms is not None:
        load_mechanisms(mechanisms)
    before, found = set(h.allsec()), {}
    try:
        function = resolve_factory(factory)  # importing the file may make sections too
        with model_globals(found):
            made = function(*args, **kwargs)
        cell = adopt(made, soma=soma, name=name or getattr(function, "__name__", "model"),
                     celsius_degC=found["celsius"] if celsius_degC is None else celsius_degC)
    except BaseException:
        delete_neuron_sections(_new_sections(before))
        raise
    cell.v_init_mV = found["v_init"]
    return _owned(cell, made)
