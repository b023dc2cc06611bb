"""leakmodels.engine.rest: a cell's rest, solved directly, against a long settle of plain NEURON;
kept, found again when the membrane changes; refused where the cell fires."""
import math

import numpy as np
import pytest
from helpers import cvode_settle

import leakmodels as lm
from leakmodels.engine.rest import rest
from leakmodels.studies.sentinels import _trek_membranes

BUILDERS = {
    "interneuron": lm.interneuron,
    "motoneuron": lm.motoneuron,
    "sphere": lambda: lm.sphere(20.0),
    "interneuron with hcn": lambda: lm.interneuron(membrane=lm.MembraneSpec(ghcn_S_cm2=1e-4)),
}


@pytest.mark.parametrize("name", list(BUILDERS))
def test_rest_equals_a_long_cvode_settle(name):
    """The directly solved rest (backward Euler with dt = 1e9 ms, Anderson-mixed, converged to
    1e-10 mV) equals a 20 s settle with CVODE at atol 1e-9 in every segment: 1e-6 mV (the
    settle's own error after 2,000 membrane time constants is ~atol)."""
    with BUILDERS[name]() as cell:
        solved = rest(cell)
        v_solved = np.array([solved.v_mV(seg) for seg in cell.segments()])
        v_cvode = cvode_settle(cell)
    assert np.max(np.abs(v_solved - v_cvode)) < 1e-6


def test_real_cells_rest_equals_a_long_cvode_settle(shared_morphologies):
    """Every real reconstruction (six cat motoneurons, two Allen interneurons), default
    membrane: the solved rest equals a 20 s CVODE settle to 1e-6 mV in every segment."""
    paths = sorted(shared_morphologies.glob("*/*.swc"))
    assert len(paths) == 8
    for path in paths:
        with lm.from_swc(path) as cell:
            solved = rest(cell)
            v_solved = np.array([solved.v_mV(seg) for seg in cell.segments()])
            v_cvode = cvode_settle(cell)
        assert np.max(np.abs(v_solved - v_cvode)) < 1e-6, path.name


def test_rest_is_found_once_and_found_again_when_the_membrane_changes():
    """rest() keeps the settled state: the second call returns it; a parameter changed by
    hand leaves it no longer a steady state (one iteration tells) and a new rest is found."""
    with lm.sphere(20.0, membrane=lm.MembraneSpec().without_spikes()) as cell:
        first = rest(cell)
        assert rest(cell) is first
        cell.soma(0.5).kleak.pbar *= 0.5
        second = rest(cell)
        assert second is not first and second.v_mV(cell.soma(0.5)) > first.v_mV(cell.soma(0.5)) + 1


def test_a_cell_that_fires_on_its_own_has_no_rest():
    """The default interneuron with half its K+ leak (pump kept) fires with no input."""
    base = lm.MembraneSpec()
    with lm.interneuron(membrane=base.modulated(pk_cm_s=0.5 * base.pk_cm_s)) as cell:
        with pytest.raises(lm.NoRestError, match="fires with no input"):
            lm.resting_potential(cell)
        with pytest.raises(lm.NoRestError):  # the verdict is kept, and every measurement says so
            lm.input_resistance(cell)


def test_a_rest_in_depolarisation_block_is_found_where_cvode_settles():
    """The default interneuron with 10 % of its K+ leak is bistable: from its leak rest it
    spikes once and settles into depolarisation block near -28.5 mV (nav inactivated),
    while larger fixed steps than NEURON's semi-implicit scheme tolerates send it spiking.
    rest() must find the block state that a 3-s CVODE run from the leak rest reaches
    (1e-4 mV: that run still creeps by ~1e-6 mV/s on a slow mode), and no step can make it
    fire there (CannotFireError), which sweeps record as rheobase NaN with the reason.
    Red when the pseudo-transient march lets dt grow past the scheme's limit (it then
    reported "no stable rest")."""
    from leakmodels.engine.runner import Record, Simulation
    from leakmodels.measure.columns import resting_or_firing_columns
    from leakmodels.measure.rheobase import CannotFireError

    mem = lm.default_membrane("interneuron")
    mem = mem.modulated(kleak_fopen=0.1 * mem.kleak_fopen)
    with lm.interneuron(membrane=mem) as cell:
        with Simulation(cell, start=mem.leak_rest_mV(), records=(Record("v"),)) as sim:
            sim.advance(3000.0)
            settled = sim.trace(0)[1][-1]
        assert -35.0 < settled < -20.0  # depolarised, not spiking
        assert lm.resting_potential(cell) == pytest.approx(settled, abs=1e-4)
        with pytest.raises(CannotFireError):
            lm.rheobase(cell)
        cols = resting_or_firing_columns(cell)
    assert not cols["spontaneous"] and math.isnan(cols["rheobase_nA"])
    assert "no regenerative" in cols["cannot_fire_reason"]


def test_a_rest_is_found_where_the_solve_lands_on_an_unstable_steady_state():
    # The interneuron with half its K+ leak TREK-like, cooled to 24 degC, has several steady
    # states near its fold: the direct solve lands on an unstable one near -53 mV, while the
    # cell, let go from its leak rest, sits at -59.26 mV. rest() then takes that stable one
    # (probed), and a 2-s free run from it stays there (CVODE, atol 1e-5: within 1e-3 mV).
    mem = _trek_membranes(lm.default_membrane("interneuron"), 0.5, (24.0,))[0]
    with lm.interneuron(membrane=mem) as cell:
        v = lm.resting_potential(cell)
        assert v == pytest.approx(-59.26, abs=0.05)
        assert "settles to" in cell._rest.stability
        tr = lm.voltage_trace(cell, (), 2000.0)
        assert np.max(np.abs(tr.v_mV - v)) < 1e-3
