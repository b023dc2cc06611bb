"""SWC reconstructions built into a `Cell`: the sections `leakmodels.spec.swc` plans, laid
out in NEURON with pt3dadd. Ra, cm, nseg and the membrane are then set by
`builders.finish`, as for every other builder.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..mechanisms.loading import h
from ..spec.checks import flag
from ..spec.membrane import DEFAULT_MEMBRANE, MembraneSpec
from ..spec.swc import plan_sections, read_swc
from .builders import finish
from .cell import Cell


def from_swc(path, membrane: MembraneSpec | None = None, nseg: int | None = None, *,
             keep_axon: bool = True) -> Cell:
    """Build the SWC reconstruction at `path` (or an `SwcMorphology`) into a `Cell`.

    membrane None -> DEFAULT_MEMBRANE (axon sections get its axon spike densities); nseg None
    -> d_lambda rule. keep_axon=False drops the axon (type 2) and what hangs from it. The
    cell's `morphology` is the parsed `SwcMorphology`. Its conventions: `leakmodels.spec.swc`.
    """
    flag("keep_axon", keep_axon)
    morph = read_swc(path)
    plan = plan_sections(morph, keep_axon)
    membrane = DEFAULT_MEMBRANE if membrane is None else membrane
    cell = Cell(re.sub(r"\W", "_", Path(morph.path).stem))  # names read e.g. "AlphaMN2_0"
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
