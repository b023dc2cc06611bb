"""Reconstructions built into a `Cell`: SWC files (`from_swc`) and NeuroML2 cells
(`from_neuroml`, read by `leakmodels.spec.neuroml` into the same points), the sections
`leakmodels.spec.swc` plans laid out in NEURON with pt3dadd. Ra, cm, nseg and the membrane
are then set by `builders.finish`, as for every other builder.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..mechanisms.loading import h
from ..spec.checks import flag
from ..spec.membrane import DEFAULT_MEMBRANE, MembraneSpec
from ..spec.neuroml import read_neuroml
from ..spec.sections import plan_sections
from ..spec.swc import SwcMorphology, read_swc
from .builders import finish
from .cell import Cell


def from_swc(path, membrane: MembraneSpec | None = None, nseg: int | None = None, *,
             keep_axon: bool = True) -> Cell:
    """Build the SWC reconstruction at `path` into a `Cell`.

    The file is read by `read_swc`; the cell's ``morphology`` is the parsed
    `SwcMorphology`. Its conventions (regions by SWC type, the soma as one section, where
    sections connect) are those of `leakmodels.spec.swc`, which agree with NEURON's Import3d.

    Parameters
    ----------
    path : str, os.PathLike or SwcMorphology
        The .swc (or .swc.gz) file, or a morphology read already.
    membrane : leakmodels.MembraneSpec or None, optional
        The membrane painted on the cell; default None, `DEFAULT_MEMBRANE` (axon sections get
        its axon spike densities).
    nseg : int or None, optional
        Segments per section (1 to 100000); default None, the d_lambda rule.
    keep_axon : bool, optional
        False drops the axon (SWC type 2) and everything that hangs from it; default True.

    Returns
    -------
    leakmodels.Cell
        The new cell (Ra the membrane's, else 100 ohm cm); use it as a context manager so
        that its sections are deleted on exit.

    Raises
    ------
    SwcError
        The file is malformed or has no soma (`SwcFileNotFoundError`: it does not exist).
    ArgumentError
        nseg out of range, or keep_axon not a bool (`ArgumentTypeError`).
    TypeError
        `membrane` is not a `leakmodels.MembraneSpec`.

    Examples
    --------
    >>> import leakmodels as lm
    >>> with lm.from_swc("cell.swc", keep_axon=False) as cell:
    ...     v_mV = lm.resting_potential(cell)
    """
    return _build(read_swc(path), membrane, nseg, keep_axon)


def from_neuroml(path, membrane: MembraneSpec | None = None, nseg: int | None = None, *,
                 keep_axon: bool = True, cell_id: str | None = None) -> Cell:
    """Build the morphology of a NeuroML2 cell into a `Cell`, as `from_swc` builds an SWC file.

    The same membrane, nseg and checks as `from_swc`; its conventions are those of
    `leakmodels.spec.neuroml` (it needs the ``neuroml`` extra). Only the morphology is read:
    the membrane is `membrane`'s, not the file's biophysics.

    Parameters
    ----------
    path : str or os.PathLike
        The NeuroML2 file (``.cell.nml``).
    membrane : leakmodels.MembraneSpec or None, optional
        The membrane painted on the cell; default None, `DEFAULT_MEMBRANE` (axon sections get
        its axon spike densities).
    nseg : int or None, optional
        Segments per section (1 to 100000); default None, the d_lambda rule.
    keep_axon : bool, optional
        False drops the axon (SWC type 2) and everything that hangs from it; default True.
    cell_id : str or None, optional
        The id of the cell to build where the file holds several; default None, its only
        cell.

    Returns
    -------
    leakmodels.Cell
        The new cell (Ra the membrane's, else 100 ohm cm); use it as a context manager so
        that its sections are deleted on exit.

    Raises
    ------
    SwcError
        The file cannot be read as a NeuroML2 cell, or its cell's morphology cannot be built
        (`NeuroMLError`, a subclass; `SwcFileNotFoundError` if the file does not exist).
    ArgumentError
        nseg out of range, or keep_axon not a bool (`ArgumentTypeError`).
    TypeError
        `membrane` is not a `leakmodels.MembraneSpec`.
    """
    return _build(read_neuroml(path, cell_id), membrane, nseg, keep_axon)


def _build(morph: SwcMorphology, membrane, nseg, keep_axon) -> Cell:
    flag("keep_axon", keep_axon)
    plan = plan_sections(morph, keep_axon)
    membrane = DEFAULT_MEMBRANE if membrane is None else membrane
    cell = Cell(re.sub(r"\W", "_", morph.name or Path(morph.path).stem))  # e.g. "AlphaMN2_0"
    cell.morphology = morph
    try:
        secs = []
        for s in plan:
            vol = s.pt3d_um[1][3] / 6.0 if s.region == "soma" else None
            sec = cell.add_section(s.name, s.region, parent=None if s.parent is None else
                                   secs[s.parent], parent_x=s.parent_x, vol_area_um=vol)
            for x, y, z, d in s.pt3d_um:
                sec.pt3dadd(x, y, z, d)
            if s.wire_um is not None:
                h.pt3dstyle(1, *s.wire_um, sec=sec)
            secs.append(sec)
        return finish(cell, membrane, nseg)
    except BaseException:
        cell.destroy()
        raise
