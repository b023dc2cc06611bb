"""leakmodels.measure.rheobase: rheobase from the fold of the steady-state I-V, its trials, slow K+
currents, cells that cannot fire."""
import pytest

import leakmodels as lm
from leakmodels.measure.rheobase import slow_gates_frozen, steady_iv_fold


# --- rheobase --------------------------------------------------------------------------------
def test_rheobase_reports_its_trials_and_starts_from_the_fold():
    """The interneuron with the uniform DEFAULT_MEMBRANE: the prediction (fold + passage-time
    excess) is within the precision of the answer, so the two first trials are the final
    bracket; every trial is reported, ended by a spike or by reaching its steady state or the
    step's end. (With its own membrane's slow M-current a 500-ms step fires at its onset,
    before Kv7 opens, below the steady-state fold: the next test.)"""
    with lm.interneuron(membrane=lm.DEFAULT_MEMBRANE) as cell:
        res = lm.rheobase_result(cell, precision=0.005)
    assert res.below_nA < res.rheobase_nA <= res.below_nA / (1 - 0.005) * (1 + 1e-9)
    assert res.trials == len(res.history) == 2
    assert abs(res.prediction_nA / res.rheobase_nA - 1) <= 0.005
    assert res.fold_nA < res.rheobase_nA
    fired = [t for t in res.history if t.fired]
    assert fired and all(t.ended_by == "spike" and t.end_ms < 500.0 for t in fired)
    assert all(t.ended_by in ("settled", "step end") for t in res.history if not t.fired)


def test_a_slow_k_current_puts_rheobase_below_the_steady_fold():
    """The default interneuron's M-current (tau ~40 ms) is still closed when a step just
    above rheobase fires (within ~50 ms): the steady-state fold, with Kv7 open, lies above the
    rheobase, the fold with Kv7 held at rest below it; starting between the two, the first
    two trials are the final bracket (0.5 %), as on a cell without slow gates."""
    with lm.interneuron() as cell:
        res = lm.rheobase_result(cell, precision=0.005)
        with slow_gates_frozen(cell) as has_slow:
            fast = steady_iv_fold(cell)
        assert has_slow and cell.soma(0.5).km.tau_min == 5.0  # restored on leaving
    assert fast.current_nA < res.below_nA < res.rheobase_nA < res.fold_nA / 1.1
    assert res.rheobase_nA <= res.below_nA / (1 - 0.005) * (1 + 1e-9)
    assert res.trials == 2


def test_a_cell_that_cannot_fire_is_told_so():
    """No voltage-gated state: no spike is possible. A kdr-only membrane is pushed above
    0 mV by a large current with outward ionic current all the way: not a spike either."""
    with lm.sphere(20.0, membrane=lm.MembraneSpec().without_spikes()) as cell:
        with pytest.raises(lm.CannotFireError, match="no voltage-gated"):
            lm.rheobase(cell)
    kdr_only = lm.MembraneSpec(gnav_soma_S_cm2=0.0, gnav_axon_S_cm2=0.0)
    with lm.sphere(20.0, membrane=kdr_only) as cell:
        with pytest.raises(lm.CannotFireError, match="passively"):
            lm.rheobase(cell, precision=0.05)
