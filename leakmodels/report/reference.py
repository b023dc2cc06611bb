"""What the API reference documents, derived, never listed by hand: every public name of
``leakmodels`` (``leakmodels.__all__``) grouped by the subpackage that defines it, the analytic
equations (``leakmodels.spec.physics``), every study's module (``leakmodels.studies.STUDIES``,
with its helper modules) and the studies' contract (``leakmodels.studies.base``), and the
classroom knobs (``leakmodels.teach``). The documentation site's build and tests/test_docstrings.py read the
same lists, so that what the site shows is what the tests hold to numpydoc.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass

import leakmodels

from .. import teach
from ..spec import physics
from .. import studies
from ..studies import STUDIES, base


# numpydoc's checks every documented docstring passes: a docstring and a summary (GL08, SS01),
# every parameter documented with a description and none unknown (PR01, PR07, PR02), a
# described Returns section (RT01, RT03); the site's build and tests/test_docstrings.py use it
NUMPYDOC_CHECKS = frozenset({"GL08", "SS01", "PR01", "PR02", "PR07", "RT01", "RT03"})


@dataclass(frozen=True)
class Group:
    """One section of the API reference.

    Parameters
    ----------
    heading : str
        The section's title.
    what : str
        One line on what it holds.
    names : tuple of str
        The documented objects by import path (``leakmodels.sphere``,
        ``leakmodels.spec.physics.nernst_mV``, ...).
    """

    heading: str
    what: str
    names: tuple


# subpackage of lm.__all__'s names -> (heading, what it holds), in the reference's order
SUBPACKAGES = {
    "cell": ("Cells", "built, read from SWC or NeuroML, or adopted from your own NEURON model"),
    "spec": ("Membranes, morphologies and checks", "plain numbers, no NEURON"),
    "mechanisms": ("Mechanisms", "loading your own .mod files"),
    "measure": ("Measurements", "functions of a cell, and their records"),
    "engine": ("Stimuli, the extracellular space and the engine's errors", ""),
    "sweeps": ("Sweeps", "cells x conditions -> one tidy table, on a pool or MPI"),
}


def _defined_in(module) -> tuple:
    """The public functions and classes a module defines (not those it imports)."""
    return tuple(f"{module.__name__}.{n}" for n, o in vars(module).items()
                 if not n.startswith("_") and _is_api(o) and o.__module__ == module.__name__)


def _exported_object(name: str):
    """lm.NAME read from the module that defines it (``leakmodels.NAME`` itself can be a 0.2
    module's stand-in once its old name has been imported: ``leakmodels.sweep``)."""
    return getattr(importlib.import_module(f"leakmodels.{leakmodels._EXPORTS[name]}"), name)


def defined_at(path: str) -> str:
    """The import path of a documented object in the module that defines it.

    Parameters
    ----------
    path : str
        A path of `documented` (``leakmodels.sweep``, ``leakmodels.spec.physics.nernst_mV``).

    Returns
    -------
    str
        ``leakmodels.sweeps.table.sweep`` for ``leakmodels.sweep``; other paths unchanged.
    """
    name = path[len("leakmodels."):]
    if name in leakmodels._EXPORTS:
        return f"leakmodels.{leakmodels._EXPORTS[name]}.{name}"
    return path


def _is_api(obj) -> bool:
    return inspect.isfunction(obj) or inspect.isclass(obj)


def exported() -> dict:
    """{subpackage: [lm.NAME, ...]} of the functions and classes in ``leakmodels.__all__``."""
    groups = {sub: [] for sub in SUBPACKAGES}
    for name in leakmodels.__all__:
        obj = _exported_object(name)
        if _is_api(obj):
            sub = obj.__module__.split(".")[1]
            if sub not in groups:
                raise RuntimeError(f"lm.{name} is defined in {obj.__module__}: give "
                                   f"{sub!r} a heading in SUBPACKAGES")
            groups[sub].append(f"leakmodels.{name}")
    return groups


def exported_values() -> dict:
    """{NAME: value} of what ``leakmodels.__all__`` exports besides functions and classes
    (the ready-made membranes)."""
    values = {name: _exported_object(name) for name in leakmodels.__all__}
    return {name: value for name, value in values.items() if not _is_api(value)}


def public_path(obj) -> str | None:
    """``leakmodels.NAME`` of a function or class that ``leakmodels`` exports, else None."""
    return next((f"leakmodels.{name}" for name in leakmodels.__all__
                 if _exported_object(name) is obj), None)


NOT_A_STUDY = ("base", "pool", "figures")  # the studies' package holds these besides studies


def study_helpers() -> dict:
    """{study module: [its helper modules]}: a module of `leakmodels.studies` that is not a
    study's own (nor base, pool or figures) belongs to the study whose module name it extends
    (``validation_cells`` to ``validation``).

    Returns
    -------
    dict
        Each study module's helper modules, in name order.

    Raises
    ------
    RuntimeError
        For a module that extends no study's name (give it one).
    """
    own = sorted({s.module for s in STUDIES.values()}, key=len, reverse=True)
    helpers: dict = {m: [] for m in own}
    for info in sorted(pkgutil.iter_modules(studies.__path__), key=lambda i: i.name):
        if info.name in helpers or info.name in NOT_A_STUDY:
            continue
        owner = next((m for m in own if info.name.startswith(m + "_")), None)
        if owner is None:
            raise RuntimeError(f"leakmodels.studies.{info.name} belongs to no study: name it "
                               "after the study it serves (STUDY_...)")
        helpers[owner].append(info.name)
    return helpers


def groups() -> tuple:
    """The API reference's sections, in order.

    Returns
    -------
    tuple of Group
        ``leakmodels.__all__`` by subpackage, then the analytic equations, the studies' base,
        one section per study module, and the classroom knobs.
    """
    out = [Group(heading, what, tuple(exported()[sub]))
           for sub, (heading, what) in SUBPACKAGES.items()]
    out.append(Group("Analytic equations", "`leakmodels.spec.physics`: Nernst, GHK, the "
                     "pump's balance, cable theory; plain numbers", _defined_in(physics)))
    out.append(Group("Studies: the contract", "`leakmodels.studies.base`: what a study "
                     "returns and the claims it checks", _defined_in(base)))
    for name, study in STUDIES.items():
        modules = [study.module] + study_helpers()[study.module]
        names = sum((_defined_in(importlib.import_module(f"leakmodels.studies.{m}"))
                     for m in modules), ())
        out.append(Group(f"Study `{name}`", study.description, names))
    out.append(Group("Teaching", "`leakmodels.teach`: five knobs and their sliders",
                     _defined_in(teach)))
    return tuple(out)


def documented() -> tuple:
    """Every object the API reference documents, by import path, each once.

    Returns
    -------
    tuple of str
        Import paths, in the reference's order.
    """
    seen: dict = {}
    for group in groups():
        for name in group.names:
            seen.setdefault(name, None)
    return tuple(seen)
