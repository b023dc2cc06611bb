"""Cell lifetime: a cell owns its sections and deletes every one of them."""
import gc

import pytest
from neuron import h

import leakmodels as lm


def _count():
    return sum(1 for _ in h.allsec())


def test_context_manager_deletes_sections():
    before = _count()
    with lm.motoneuron() as cell:
        n = len(cell.sections)
        assert n > 100
        assert _count() == before + n
        assert all(str(s).startswith(cell.name + ".") for s in cell.sections)
    assert _count() == before
    assert not cell.alive
    with pytest.raises(lm.CellDestroyedError, match="build a new cell"):
        cell.sections


def test_destroy_twice_and_garbage_collection():
    before = _count()
    cell = lm.interneuron()
    cell.destroy()
    cell.destroy()
    assert _count() == before
    cell = lm.ball_and_stick(20, 100, 1)
    del cell
    gc.collect()
    assert _count() == before


def test_two_cells_are_independent():
    with lm.sphere(10) as a, lm.sphere(30) as b:
        assert a.name != b.name
        assert lm.input_resistance(a) > 8 * lm.input_resistance(b)
        a.destroy()
        assert b.alive and len(b.sections) == 1


def test_measurement_leaves_only_switched_off_electrodes():
    """A measurement leaves nothing on the cell but its electrodes (one clamp per kind and
    site, kept because creating a point process makes NEURON rebuild its structures), all
    switched off: no current, no clamp level; remove_electrodes() removes them."""
    with lm.interneuron() as cell:
        before = sum(len(seg.point_processes()) for seg in cell.segments())
        lm.rheobase(cell, precision=0.05)
        lm.sag_result(cell)
        gc.collect()
        left = [pp for seg in cell.segments() for pp in seg.point_processes()]
        assert len(left) - before == len(cell.electrodes) == 2
        for pp in cell.electrodes:
            if pp.hname().startswith("IClamp"):
                assert pp.amp == 0 and pp.dur == 0
            else:
                assert pp.dur1 == pp.dur2 == pp.dur3 == 0
        del left, pp  # the test's own references keep point processes alive
        cell.remove_electrodes()
        gc.collect()
        assert sum(len(seg.point_processes()) for seg in cell.segments()) == before


def test_user_changes_to_the_membrane_are_measured():
    """Measurements use the membrane as it stands: removing kleak by hand depolarises the cell."""
    with lm.sphere(20, membrane=lm.MembraneSpec().without_spikes()) as cell:
        v0 = lm.resting_potential(cell)
        cell.soma.uninsert("kleak")
        assert lm.resting_potential(cell) > v0 + 30


def test_site_must_belong_to_the_cell():
    with lm.sphere(10) as a, lm.sphere(10) as b:
        with pytest.raises(ValueError, match="not a segment of"):
            lm.resting_potential(a, site=b.soma(0.5))
        with pytest.raises(TypeError, match="not a NEURON segment"):
            lm.resting_potential(a, site=0.5)
