"""The cells of a column of tissue (`spec.tissue.TissueColumn`): its neurons as one patch of
membrane per voxel, and its astrocytic syncytium as one cable through every voxel.

Both lie on the column's axis (x from the mid-plane; y = z = 0), in 3-D points that rxd's
extracellular space reads: `neuron_patches` gives each voxel one patch: a section per region
of the column's neurons (nseg 1; 1 um long, so that each one's centre is within 1 um of the
voxel's centre; its area that region's share of the voxel's neuronal membrane, its volume
per area the region's), the other regions' sections joined to the soma's, whose axial
resistance between them is negligible (the patch is isopotential); no patch is connected to
another: they are as independent as separate cells. Each section is painted as its region
(the membrane's spike channels on the soma's and axon's share only). `glial_syncytium` gives one section from 0 to the column's
length with one segment per voxel (each segment's centre at its voxel's centre), its
diameter such that each segment's membrane is the voxel's glia, and its axial resistivity the
membrane's (`MembraneSpec.ra_ohm_cm`: set it with `TissueColumn.syncytium_ra_ohm_cm`). The
shapes are geometric stand-ins: only each segment's area, volume and centre mean anything.
"""
from __future__ import annotations

import math

from ..mechanisms.loading import h
from ..spec.checks import ArgumentError
from ..spec.membrane import MembraneSpec
from ..spec.tissue import TissueColumn, column_arg
from .builders import finish
from .cell import Cell


PATCH_LENGTH_UM = 1.0


def neuron_patches(column: TissueColumn, membrane: MembraneSpec) -> Cell:
    """The column's neuronal membrane: one isopotential patch per voxel, a section per region
    (the soma's first: `patch_somata` lists them)."""
    column = column_arg(column)
    cell = Cell("tissue_neurons")
    cell.morphology = column
    area, length = column.neuron_patch_area_um2(), PATCH_LENGTH_UM
    try:
        for k, x in enumerate(column.centres_um()):
            soma = None
            for region, share, vol_area in column.neuron_regions:
                sec = cell.add_section(f"patch{k}_{region}", region, vol_area_um=vol_area,
                                       parent=soma, parent_x=0.5)
                diam = share * area / (math.pi * length)  # lateral area pi d L, from the points
                h.pt3dadd(x - 0.5 * length, 0.0, 0.0, diam, sec=sec)
                h.pt3dadd(x + 0.5 * length, 0.0, 0.0, diam, sec=sec)
                soma = soma or sec
    except BaseException:
        cell.destroy()
        raise
    return finish(cell, membrane, 1)


def patch_somata(cells) -> list:
    """The soma section's segment of every patch, voxel by voxel."""
    return [sec(0.5) for sec in cells.sections_in("soma")]


def glial_syncytium(column: TissueColumn, membrane: MembraneSpec) -> Cell:
    """The column's glia: one cable along it, a segment per voxel; the membrane's axial
    resistivity must be set (`TissueColumn.syncytium_ra_ohm_cm`)."""
    column = column_arg(column)
    if membrane.ra_ohm_cm is None:
        raise ArgumentError("the glial syncytium's membrane has no ra_ohm_cm: set it to "
                            "column.syncytium_ra_ohm_cm(its specific resistance) so that the "
                            "cable has the column's glia_length_constant_um.")
    cell = Cell("tissue_glia")
    cell.morphology = column
    try:
        sec = cell.add_section("syncytium", "soma")
        diam = column.glia_diam_um()
        h.pt3dadd(0.0, 0.0, 0.0, diam, sec=sec)
        h.pt3dadd(column.length_um, 0.0, 0.0, diam, sec=sec)
    except BaseException:
        cell.destroy()
        raise
    return finish(cell, membrane, column.n_voxels)
