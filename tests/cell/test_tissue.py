"""cell.tissue: the column's neuron patches and glial syncytium, as NEURON holds them."""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.cell.tissue import glial_syncytium, neuron_patches, patch_somata
from leakmodels.engine.extracellular import segment_xyz_um
from leakmodels.engine.solver import solve
from leakmodels.mechanisms.loading import h
from leakmodels.spec.tissue import TissueColumn

COLUMN = TissueColumn(neuron_area_per_um=0.3, neuron_regions=(("soma", 0.3, 1.0), ("dend", 0.7, 0.4)),
                      glia_area_per_um=1.4, glia_length_constant_um=100.0, voxel_um=20.0,
                      length_um=400.0, driven_um=60.0)


def test_patches_one_per_voxel_region_by_region_unconnected_between_voxels():
    """Each voxel's patch: a soma section (root) with the dendrites' joined to it, their areas
    the regions' shares of the voxel's membrane, centred within 1 um of the voxel's centre,
    spike channels on the soma's only (as the interneuron's membrane paints them)."""
    with neuron_patches(COLUMN, lm.INTERNEURON_MEMBRANE) as cells:
        h.define_shape()  # as the extracellular space would: the children may move
        somata = patch_somata(cells)
        assert len(somata) == COLUMN.n_voxels == len(cells.sections) // 2
        for seg, x in zip(somata, COLUMN.centres_um()):
            ref = h.SectionRef(sec=seg.sec)
            assert ref.has_parent() == 0 and ref.nchild() == 1
            dend = ref.child[0](0.5)
            assert seg.area() == pytest.approx(0.3 * COLUMN.neuron_patch_area_um2(), rel=1e-6)
            assert dend.area() == pytest.approx(0.7 * COLUMN.neuron_patch_area_um2(), rel=1e-6)
            for s in (seg, dend):
                assert abs(segment_xyz_um(s)[0] - x) <= 1.0
            assert cells.volume_per_area_um(seg.sec) == 1.0
            assert cells.volume_per_area_um(dend.sec) == 0.4
            assert seg.sec.has_membrane("nav") and not dend.sec.has_membrane("nav")


def test_syncytium_segments_sit_in_the_voxels_with_the_voxel_glia():
    with glial_syncytium(COLUMN, lm.DEFAULT_MEMBRANE.with_(ra_ohm_cm=1e3)) as glia:
        segs = list(glia.segments())
        assert len(segs) == COLUMN.n_voxels
        per_voxel = COLUMN.glia_area_per_um * COLUMN.voxel_um ** 3
        assert [s.area() for s in segs] == pytest.approx([per_voxel] * len(segs), rel=1e-6)
        assert [segment_xyz_um(s)[0] for s in segs] == pytest.approx(COLUMN.centres_um())


def test_syncytium_length_constant_is_the_columns():
    """A sealed-end cable of length L with current into x = 0 holds, at steady state,
    dV(x) / dV(0) = cosh((L - x) / lambda) / cosh(L / lambda) (linear cable theory). A
    passive membrane (leaky as glia are: the leaks, no pump, no spikes) at rest: Rm is its
    slope resistance.
    Tolerance 1 %: 20-um segments on a 100-um length constant (second-order error ~0.3 %)."""
    mem = lm.DEFAULT_MEMBRANE.without_spikes().with_(pump_imax_mA_cm2=0.0, pk_cm_s=2e-5)
    ra = COLUMN.syncytium_ra_ohm_cm(mem.rest_slope_rm_ohm_cm2())
    with glial_syncytium(COLUMN, mem.with_(ra_ohm_cm=ra)) as glia:
        segs = list(glia.segments())
        rest = solve(glia)
        held = solve(glia, (lm.CurrentStep(0.05, site=glia.soma(0.0)),), start=rest.y)
        dv = np.array([held.v_mV(s) - rest.v_mV(s) for s in segs])
        x = np.array([s.x * COLUMN.length_um for s in segs])
    lam, length = COLUMN.glia_length_constant_um, COLUMN.length_um
    expected = np.cosh((length - x) / lam) / math.cosh(length / lam)
    first = math.cosh((length - x[0]) / lam) / math.cosh(length / lam)
    assert dv / dv[0] == pytest.approx(expected / first, rel=0.01)


def test_a_syncytium_without_its_axial_resistivity_is_refused():
    with pytest.raises(lm.ArgumentError, match="syncytium_ra_ohm_cm"):
        glial_syncytium(COLUMN, lm.DEFAULT_MEMBRANE)
