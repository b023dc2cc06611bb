"""leakmodels.cell.adopted: NEURON cells leakmodels did not build, written here the ways users
write them (plain Python sections, a hoc file with top-level sections, a hoc template), are
measured as they stand, exactly, and left to their owner."""
import numpy as np
import pytest
from neuron import h

import leakmodels as lm
from leakmodels.cell.cell import CellDestroyedError
from leakmodels.spec import physics
from leakmodels.spec.checks import ArgumentError, ArgumentTypeError

RM_OHM_CM2, RA_OHM_CM, E_PAS_MV = 1e4, 100.0, -70.0


def _ball_and_stick(prefix=""):
    """A pas ball-and-stick in plain NEURON: a 20-um soma, one 500 x 2 um dendrite."""
    soma, dend = h.Section(name=prefix + "soma"), h.Section(name=prefix + "dend")
    soma.L = soma.diam = 20.0
    dend.L, dend.diam, dend.nseg = 500.0, 2.0, 101
    dend.connect(soma(0.5))
    for sec in (soma, dend):
        sec.insert("pas")
        sec.Ra, sec.cm = RA_OHM_CM, 1.0
        for seg in sec:
            seg.pas.g, seg.pas.e = 1.0 / RM_OHM_CM2, E_PAS_MV
    return soma, dend


def test_a_passive_python_cell_meets_cable_theory_and_is_left_to_its_owner():
    """G_in = G_soma + G_sealed cable: R_in to 1e-4 (nseg 101 puts the discretisation error
    near 1e-5); tau_0 = R_m C_m = 10 ms for a uniform passive membrane; the rest is e_pas."""
    soma, dend = _ball_and_stick()
    g_in = (1 / physics.sphere_input_resistance_MOhm(20.0, RM_OHM_CM2)
            + 1 / physics.sealed_cable_input_resistance_MOhm(500.0, 2.0, RM_OHM_CM2, RA_OHM_CM))
    with lm.adopt(soma) as cell:
        assert [cell.region_of(s) for s in cell.sections] == ["soma", "dend"]
        assert cell.membrane is None and cell.soma == soma
        assert lm.resting_potential(cell) == pytest.approx(E_PAS_MV, abs=1e-9)
        assert lm.input_resistance(cell) * g_in == pytest.approx(1.0, abs=1e-4)
        assert lm.time_constant(cell) == pytest.approx(RM_OHM_CM2 * 1e-3, rel=1e-4)
    assert soma.name() == "soma" and dend.name() == "dend"  # still there, the owner's
    assert not [x for x in soma.psection()["point_processes"]]  # no electrode left behind
    h.delete_section(sec=dend)
    h.delete_section(sec=soma)


HOC_FILE = """
create soma, dend[2]
soma { L = 20  diam = 20  insert hh }
for i = 0, 1 { connect dend[i](0), soma(1)  dend[i] { L = 300  diam = 2  nseg = 11  insert pas } }
forall { Ra = 100  cm = 1 }
celsius = 6.3
dt = 0.1
secondorder = 2
"""


def test_a_hoc_file_cell_is_measured_with_leakmodels_globals_and_its_own_temperature(tmp_path):
    """A hoc file that sets celsius, dt and secondorder for its own runs: the cell keeps the
    temperature it was adopted at; the runs use leakmodels' integrator and every global
    comes back as the file left it. The rest is a plain-NEURON settle's (to 1e-6 mV)."""
    path = tmp_path / "model.hoc"
    path.write_text(HOC_FILE)
    h.load_file(str(path))
    try:
        with lm.adopt(h.soma) as cell:
            assert cell.celsius_degC == 6.3 and len(cell.sections) == 3
            v = lm.resting_potential(cell)
            rheobase = lm.rheobase(cell, precision=0.01)
            assert (h.celsius, h.dt, h.secondorder) == (6.3, 0.1, 2)
            h.cvode_active(1)  # plain NEURON: a long settle, tight tolerances
            h.cvode.atol(1e-9)
            h.cvode.rtol(0)
            h.finitialize(-65.0)
            h.cvode.solve(20000.0)
            assert v == pytest.approx(h.soma(0.5).v, abs=1e-6)
            h.cvode_active(0)
            for factor, fires in ((1.01, True), (0.99, False)):
                step = lm.CurrentStep(factor * rheobase, 0.0, 500.0)
                assert lm.spike_times(cell, (step,), 500.0).size > 0 if fires else \
                    lm.spike_times(cell, (step,), 500.0).size == 0
    finally:
        for sec in list(h.allsec()):
            if sec.name().startswith(("soma", "dend")):
                h.delete_section(sec=sec)


TEMPLATE = """
begintemplate AdoptTestCell
public soma, dend, axon, all
create soma, dend[3], axon
objref all
proc init() { local i
    all = new SectionList()
    soma { L = 15  diam = 15  all.append() }
    axon { L = 100  diam = 1  all.append()  connect axon(0), soma(0) }
    for i = 0, 2 { dend[i] { L = 200  diam = 1.5  all.append() }  connect dend[i](0), soma(1) }
    forall { insert pas  g_pas = 5e-5  e_pas = -65  Ra = 150 }
}
endtemplate AdoptTestCell
"""


def test_a_template_is_adopted_by_its_all_and_soma_and_freed_by_its_owner():
    if not hasattr(h, "AdoptTestCell"):
        h(TEMPLATE)
    owner = h.AdoptTestCell()
    with lm.adopt(owner, celsius_degC=34.0) as cell:
        assert cell.soma == owner.soma and cell.celsius_degC == 34.0
        assert sorted(set(cell.region_of(s) for s in cell.sections)) == ["axon", "dend", "soma"]
        assert lm.resting_potential(cell) == pytest.approx(-65.0, abs=1e-9)
        assert lm.input_resistance(cell) > 0
    del owner  # its sections go with it: nothing of leakmodels' holds them


def test_what_cannot_be_adopted_is_named():
    soma, dend = _ball_and_stick("bad_")
    other = h.Section(name="bad_other")
    try:
        with pytest.raises(ArgumentError, match="make 2 trees, not one cell"):
            lm.adopt([soma, dend, other])
        with pytest.raises(ArgumentError, match="is not one of the sections adopted"):
            lm.adopt(soma, soma=other)
        with pytest.raises(ArgumentTypeError, match="give a NEURON Section"):
            lm.adopt("soma")
        cell = lm.adopt(soma)
        h.delete_section(sec=dend)
        with pytest.raises(CellDestroyedError, match="deleted by its owner"):
            lm.resting_potential(cell)
        cell.destroy()
    finally:
        for sec in (soma, other):
            h.delete_section(sec=sec)


def test_delete_sections_deletes_what_the_owner_asked_to_go():
    soma, _ = _ball_and_stick("gone_")
    cell = lm.adopt(soma)
    n = sum(1 for _ in h.allsec())
    cell.delete_sections()
    assert sum(1 for _ in h.allsec()) == n - 2 and not cell.alive
    assert np.isfinite(n)
