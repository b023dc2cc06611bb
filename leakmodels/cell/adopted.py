"""Cells leakmodels did not build: a NEURON cell adopted as it stands, to be measured.

`adopt(obj)` wraps sections that exist already in a leakmodels `Cell`:

* a Section: its whole tree (`sec.wholetree()`);
* a list, tuple or SectionList of sections (one connected tree);
* a template instance (a hoc object with `all`, a SectionList, and maybe `soma`: as BluePyOpt,
  the Allen Institute's and most ModelDB templates have them), or a Python object holding its
  sections the same way.

Point processes found on the sections (a model's own IClamp, synapses) stay and act in every
measurement; adopting names them in a warning (`ModelStimulusWarning`).

The soma is the one given, else the template's `soma`, else a section named soma, else the
thickest section. Each section's region comes from its name (soma; axon for axon, ais,
hillock, node and myelin; apic for apical; dend otherwise). The cell is measured as it
stands, with no MembraneSpec (`cell.membrane` is None): its mechanisms, their parameters and
its ions are the owner's. Its temperature is `celsius_degC`, else NEURON's `h.celsius` at
adoption; its initial potential the model's `h.v_init`. Leaving the cell (its `with` block,
`destroy()`) releases the sections to their owner with nothing of leakmodels' left on them;
`delete_sections()` deletes them when that is wanted.
"""
from __future__ import annotations

import math
import re
import warnings

from ..mechanisms.loading import h
from ..spec.checks import ArgumentError, ArgumentTypeError, number
from ..spec.morphology import region_of_word
from .cell import Cell

def _base_name(sec) -> str:
    """'Cell[0].dend[3]' -> 'dend'."""
    return re.sub(r"\[\d+\]$", "", sec.name().rsplit(".", 1)[-1]).lower()


def region_of_name(sec) -> str:
    """The region a section's name says: soma, axon, apic, or dend (everything else)."""
    return region_of_word(_base_name(sec))


def _is_section(x) -> bool:
    return type(x).__name__ == "Section" and hasattr(x, "wholetree")


def _sections_of(obj) -> tuple:
    """(sections, the template instance or None) of what adopt() was given."""
    if _is_section(obj):
        return list(obj.wholetree()), None
    if hasattr(obj, "hname") and not isinstance(obj, (list, tuple)):
        kind = obj.hname()
        if kind.startswith("SectionList"):
            return list(obj), None
        if not hasattr(obj, "all"):
            raise ArgumentError(f"adopt({kind}): a template instance needs a SectionList `all` "
                                "of its sections (public all); pass its sections instead, e.g. "
                                "lm.adopt(list(cell.somatic) + list(cell.basal)).")
        return list(obj.all), obj
    if isinstance(obj, (list, tuple)) and obj and all(_is_section(s) for s in obj):
        return list(obj), None
    if hasattr(obj, "all") and not isinstance(obj, (list, tuple)):  # a Python class's cell
        sections = list(obj.all)
        if sections and all(_is_section(s) for s in sections):
            return sections, obj
    raise ArgumentTypeError(f"adopt({obj!r}): give a NEURON Section (its whole tree is taken), a "
                            "list or SectionList of sections, or a template instance (or a Python "
                            "object) with `all`, its sections.")


def _template_soma(owner):
    soma = getattr(owner, "soma", None) if owner is not None else None
    if soma is None or _is_section(soma):
        return soma
    try:  # a section array: soma[0]
        return soma[0] if len(soma) else None
    except TypeError:
        return None


def _pick_soma(sections: list, owner, soma):
    if soma is not None:
        if not _is_section(soma) or soma not in sections:
            raise ArgumentError(f"soma={soma!r} is not one of the sections adopted; give one of "
                                "them (or None: the section named soma, else the thickest).")
        return soma
    return (_template_soma(owner)
            or next((s for s in sections if _base_name(s) == "soma"), None)
            or max(sections, key=lambda s: max(seg.diam for seg in s)))


def _check_one_tree(sections: list) -> None:
    roots = {}
    for sec in sections:
        roots.setdefault(root_of(sec).name(), []).append(sec.name())
    if len(roots) > 1:
        parts = "; ".join(f"{', '.join(names[:3])}{' ...' if len(names) > 3 else ''}"
                          for names in roots.values())
        raise ArgumentError(f"the sections given make {len(roots)} trees, not one cell ({parts}): "
                            "connect them, or adopt each tree as a cell of its own.")


def root_of(sec):
    """The root section of the tree `sec` is in."""
    while sec.parentseg() is not None:
        sec = sec.parentseg().sec
    return sec


SILENT = ("APCount",)  # NEURON's point processes that only watch (no current)


class ModelStimulusWarning(UserWarning):
    """An adopted model carries point processes of its own, which act in every measurement."""


def _owner_name(owner) -> str:
    hname = getattr(owner, "hname", None)
    return hname() if callable(hname) else type(owner).__name__


def _warn_of_stimuli(sections) -> None:
    found = [f"{pp.hname()} at {seg}" for sec in sections for seg in sec.allseg()
             for pp in seg.point_processes() if pp.hname().split("[")[0] not in SILENT]
    if found:
        warnings.warn(
            f"the model carries {len(found)} point process(es) of its own "
            f"({', '.join(found[:4])}{' ...' if len(found) > 4 else ''}): their currents flow "
            "in every measurement (a stimulus switched on at some time changes the rest, "
            "R_in and the rheobase). Remove them, or set their amplitude to 0, to measure "
            "the cell alone.", ModelStimulusWarning, stacklevel=3)


def adopt(obj, *, soma=None, name: str | None = None,
          celsius_degC: float | None = None) -> Cell:
    """Wrap an existing NEURON cell in a leakmodels `Cell`, to be measured as it stands.

    The cell keeps the owner's mechanisms, parameters and ions (``cell.membrane`` is None);
    each section's region comes from its name (soma; axon for axon, ais, hillock, node and
    myelin; apic for apical; dend otherwise). Its initial potential is the model's
    ``h.v_init``. Point processes found on the sections (a model's own IClamp, synapses)
    stay and act in every measurement; they are named in a `ModelStimulusWarning`. Leaving
    the cell (its ``with`` block, `Cell.destroy`) releases the sections to their owner with
    nothing of leakmodels' left on them; `Cell.delete_sections` deletes them.

    Parameters
    ----------
    obj : object
        What holds the sections: a NEURON Section (its whole tree is taken), a list, tuple
        or SectionList of sections (one connected tree), or a template instance (a hoc
        object with a SectionList ``all`` and maybe ``soma``, as BluePyOpt's, the Allen
        Institute's and most ModelDB templates have) or a Python object holding its sections
        in ``all``.
    soma : nrn.Section or None, optional
        The soma, one of the sections adopted; default None: the template's ``soma``, else a
        section named soma, else the thickest section.
    name : str or None, optional
        The cell's name; default None: the template's name, else the soma's.
    celsius_degC : float or None, optional
        The cell's temperature, in degC (0 to 45); default None, NEURON's ``h.celsius`` at
        adoption.

    Returns
    -------
    leakmodels.Cell
        The adopted cell (``cell.owner`` is the template instance or Python object).

    Raises
    ------
    ArgumentTypeError
        `obj` holds no sections in one of the forms above.
    ArgumentError
        `obj` holds no section or a deleted one, its sections make more than one tree, a
        template instance has no ``all``, `soma` is not one of the sections, or
        celsius_degC is out of range.

    Warns
    -----
    ModelStimulusWarning
        The sections carry point processes of their own (APCount excepted).

    Examples
    --------
    >>> import leakmodels as lm
    >>> from neuron import h
    >>> soma = h.Section(name="soma")
    >>> soma.L = soma.diam = 20.0
    >>> _ = soma.insert("pas")
    >>> with lm.adopt(soma) as cell:
    ...     r_MOhm = lm.input_resistance(cell)
    """
    sections, owner = _sections_of(obj)
    if not sections:
        raise ArgumentError(f"adopt({obj!r}): it holds no section.")
    for sec in sections:
        try:
            sec.name()
        except ReferenceError:
            raise ArgumentError(f"adopt({obj!r}): one of its sections was deleted.") from None
    _check_one_tree(sections)
    soma = _pick_soma(sections, owner, soma)
    celsius = number("celsius_degC", float(h.celsius) if celsius_degC is None else celsius_degC,
                     "celsius_degC", unit="degC")
    label = name or (_owner_name(owner) if owner is not None else _base_name(soma))
    _warn_of_stimuli(sections)
    cell = Cell(re.sub(r"\W", "_", label), adopted=True)
    cell.owner = owner
    cell.add_existing_section(soma, "soma")
    for sec in sections:
        if sec != soma:
            cell.add_existing_section(sec, region_of_name(sec))
    cell.celsius_degC = celsius
    v_init = float(getattr(h, "v_init", -65.0))
    cell.v_init_mV = v_init if math.isfinite(v_init) else -65.0
    cell.morphology = obj
    return cell
