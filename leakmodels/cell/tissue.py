"""The cells of a column of tissue (`spec.tissue.TissueColumn`): its neurons as one patch of
membrane per voxel, and its astrocytic syncytium as one cable through every voxel.

Both lie on the column's axis (x from the mid-plane; y = z = 0), in 3-D points that rxd's
extracellular space reads: `neuron_patches` gives each voxel one section (nseg 1, its centre
at the voxel's centre, its area the voxel's neuronal membrane, its volume per area the
column's), none connected to another: each is an isopotential patch, and the patches are as
independent as separate cells. `glial_syncytium` gives one section from 0 to the column's
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
from ..spec.tissue import TissueColumn
from .builders import finish
from .cell import Cell


def _column_arg(column) -> TissueColumn:
    if not isinstance(column, TissueColumn):
        raise ArgumentError(f"column={column!r}: give an lm.TissueColumn(...).")
    return column


def neuron_patches(column: TissueColumn, membrane: MembraneSpec) -> Cell:
    """The column's neuronal membrane: one unconnected isopotential section per voxel."""
    column = _column_arg(column)
    cell = Cell("tissue_neurons")
    cell.morphology = column
    area, length = column.neuron_patch_area_um2(), 0.5 * column.voxel_um
    diam = area / (math.pi * length)  # lateral area pi d L (NEURON's, from the 3-D points)
    try:
        for k, x in enumerate(column.centres_um()):
            sec = cell.add_section(f"patch{k}", "soma",
                                   vol_area_um=column.neuron_volume_per_area_um)
            h.pt3dadd(x - 0.5 * length, 0.0, 0.0, diam, sec=sec)
            h.pt3dadd(x + 0.5 * length, 0.0, 0.0, diam, sec=sec)
    except BaseException:
        cell.destroy()
        raise
    return finish(cell, membrane, 1)


def glial_syncytium(column: TissueColumn, membrane: MembraneSpec) -> Cell:
    """The column's glia: one cable along it, a segment per voxel."""
    column = _column_arg(column)
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
