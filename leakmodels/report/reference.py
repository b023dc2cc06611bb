"""What the API reference documents, derived, never listed by hand: every public name of
``leakmodels`` (``leakmodels.__all__``) grouped by the subpackage that defines it, the analytic
equations (``leakmodels.spec.physics``), every study's module (``leakmodels.studies.STUDIES``)
with the study's contract (``leakmodels.studies.base``), and the classroom knobs
(``leakmodels.teach``). The documentation site's build and tests/test_docstrings.py read the
same lists, so that what the site shows is what the tests hold to numpydoc.
"""
from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass

import leakmodels

from .. import teach
from ..spec import physics
from ..studies import STUDIES, base


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
                 if not n.startswith("_") and (inspect.isfunction(o) or inspect.isclass(o))
                 and o.__module__ == module.__name__)


def exported() -> dict:
    """{subpackage: [lm.NAME, ...]} of the functions and classes in ``leakmodels.__all__``."""
    groups = {sub: [] for sub in SUBPACKAGES}
    for name in leakmodels.__all__:
        obj = getattr(leakmodels, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            sub = obj.__module__.split(".")[1]
            if sub not in groups:
                raise RuntimeError(f"lm.{name} is defined in {obj.__module__}: give "
                                   f"{sub!r} a heading in SUBPACKAGES")
            groups[sub].append(f"leakmodels.{name}")
    return groups


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
        module = importlib.import_module(f"leakmodels.studies.{study.module}")
        out.append(Group(f"Study `{name}`", study.description, _defined_in(module)))
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
