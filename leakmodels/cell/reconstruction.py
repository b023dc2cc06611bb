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
from ..spec.swc import SwcMorphology, plan_sections, read_swc
from .builders import finish
from .cell import Cell


def from_swc(path, membrane: MembraneSpec | None = None, nseg: int | None = None, *,
             keep_axon: bool = True) -> Cell:
    """Build the SWC reconstruction at `path` (or an `SwcMorphology`) into a `Cell`.

    membrane None -> DEFAULT_MEMBRANE (axon sections get its axon spike densities); nseg None
    -> d_lambda rule. keep_axon=False drops the axon (type 2) and what hangs from it. The
    cell's `morphology` is the parsed `SwcMorphology`. Its conventions: `leakmodels.spec.swc`.
    """
    return _build(read_swc(path), membrane, nseg, keep_axon)


def from_neuroml(path, membrane: MembraneSpec | None = None, nseg: int | None = None, *,
                 keep_axon: bool = True, cell_id: str | None = None) -> Cell:
    """Build the morphology of the NeuroML2 cell at `path` (`.cell.nml`; cell_id= one of
    several) into a `Cell`, as `from_swc` builds an SWC file: the same membrane, nseg and
    checks. Its conventions: `leakmodels.spec.neuroml` (needs the `neuroml` extra). Only the
    morphology is read: the membrane is `membrane`'s, not the file's biophysics."""
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
