"""engine.extracellular: NEURON's rxd extracellular K+ around one cell, and the cell as it was
after it."""
import pytest

import leakmodels as lm
from leakmodels.engine.extracellular import ExtracellularSpace, extracellular_k
from leakmodels.mechanisms.loading import h
from leakmodels.spec.checks import ArgumentError


def test_the_cell_is_painted_again_after_the_space():
    """Inside the space rxd owns [K+]o and makes NEURON initialise [K+]i from ki0_k_ion; after
    it the cell's K+ style, [K+]i, [K+]o and its rest are what they were (without the repaint
    the cell kept rxd's style, and [K+]i fell to NEURON's 54.4 mM at the next finitialize)."""
    with lm.sphere(20.0) as cell:
        seg = cell.soma(0.5)
        style = h.ion_style("k_ion", sec=cell.soma)
        v0 = lm.resting_potential(cell)
        ki0 = float(h.ki0_k_ion)
        with extracellular_k(cell, ExtracellularSpace(dx_um=5.0, margin_um=10.0)) as ecs:
            assert h.ion_style("k_ion", sec=cell.soma) != style  # rxd's
            h.finitialize(-70.0)
            assert seg.ki == pytest.approx(cell.membrane.ki_mM)  # not 54.4
            assert ecs.amount_amol() > 0
        assert float(h.ki0_k_ion) == ki0
        assert h.ion_style("k_ion", sec=cell.soma) == style
        assert (seg.ki, seg.ko) == (cell.membrane.ki_mM, cell.membrane.ko_mM)
        assert lm.resting_potential(cell) == pytest.approx(v0, abs=1e-9)


def test_a_space_holds_its_volume_fraction():
    """Each voxel's free volume is alpha dx^3 (rxd's node volume), so a space at [K+]o = c
    holds c alpha V_box amol (1 mM in 1 um3 is 1 amol)."""
    space = ExtracellularSpace(dx_um=5.0, margin_um=10.0, volume_fraction=0.2)
    with lm.sphere(20.0) as cell, extracellular_k(cell, space) as ecs:
        h.finitialize(-70.0)
        (lo, hi) = ecs.bounds_um
        box = (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2])
        assert ecs.amount_amol() == pytest.approx(cell.membrane.ko_mM * 0.2 * box, rel=1e-9)


def test_bad_spaces_are_refused_with_the_fix():
    with pytest.raises(ArgumentError, match="volume_fraction"):
        ExtracellularSpace(volume_fraction=0.0)
    with pytest.raises(ArgumentError, match="tortuosity"):
        ExtracellularSpace(tortuosity=0.5)
    with pytest.raises(ArgumentError, match="bath"):
        ExtracellularSpace(bath=1)


def test_another_cell_that_carries_k_is_refused_and_left_as_it_was():
    """rxd's K+ species takes in every section with K+ in its box and leaves it with rxd's ion
    style and its last [K+]o (measured): a space is refused while another such cell lives,
    with the fix; the other cell is untouched."""
    with lm.sphere(20.0) as cell, lm.sphere(10.0) as other:
        style = h.ion_style("k_ion", sec=other.soma)
        with pytest.raises(ArgumentError, match="neighbour"):
            with extracellular_k(cell):
                pass
        assert h.ion_style("k_ion", sec=other.soma) == style


def test_a_neighbour_is_placed_beside_the_cell_and_put_back():
    """A neighbour's soma is moved to the offset from the cell's soma while the space lives,
    and back after; both cells' K+ are the space's inside it and their own after."""
    from leakmodels.engine.extracellular import segment_xyz_um

    with lm.sphere(20.0) as cell, lm.sphere(10.0) as other:
        with extracellular_k(cell, ExtracellularSpace(margin_um=5.0),
                             neighbours=((other, (0.0, 0.0, 15.0)),)):
            here = segment_xyz_um(cell.soma(0.5))
            there = segment_xyz_um(other.soma(0.5))
            assert there == pytest.approx((here[0], here[1], here[2] + 15.0), abs=1e-9)
            inside = h.ion_style("k_ion", sec=other.soma)
        assert segment_xyz_um(other.soma(0.5)) != pytest.approx(there)
        assert h.ion_style("k_ion", sec=other.soma) != inside
        assert other.soma(0.5).ko == other.membrane.ko_mM


def test_a_given_box_is_the_space():
    """box_um replaces the margin: the space is that box, alpha x its volume of free space."""
    space = ExtracellularSpace(dx_um=10.0, volume_fraction=0.2)
    with lm.sphere(20.0) as cell:
        h.define_shape()
        x = [h.x3d(i, sec=cell.soma) for i in range(int(h.n3d(sec=cell.soma)))]
        lo = (min(x) - 20.0, -20.0, -20.0)
        box = (lo, (lo[0] + 60.0, 20.0, 20.0))
        with extracellular_k(cell, space, box_um=box) as ecs:
            h.finitialize(-70.0)
            assert ecs.bounds_um == (lo, box[1])
            assert ecs.amount_amol() == pytest.approx(cell.membrane.ko_mM * 0.2 * 60 * 40 * 40,
                                                      rel=1e-9)


@pytest.mark.parametrize("box, words", [
    (((0, 0, 0), (10, 10)), "xlo, ylo, zlo"),
    (((0, 0, 0), (0, 10, 10)), "every hi > its lo"),
    (((1e4, -20, -20), (1e4 + 40, 20, 20)), "leaves out part of the cells"),
    (((-100, -20, -20), (115, 20, 20)), "whole voxels"),
])
def test_bad_boxes_are_refused_with_the_fix(box, words):
    with lm.sphere(20.0) as cell:
        with pytest.raises(ArgumentError, match=words):
            with extracellular_k(cell, ExtracellularSpace(dx_um=10.0), box_um=box):
                pass
