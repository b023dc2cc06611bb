"""leakmodels.cell.painting: a spec painted onto a cell: concentrations and reversal potentials set
explicitly, Ra where the spec leaves it."""
import pytest
from neuron import h

import leakmodels as lm
from leakmodels.spec import physics as P
from leakmodels.spec.membrane import DEFAULT_RA_OHM_CM


def _clamp_state(cell, v_mV):
    """Initialise the cell at v_mV and evaluate every current there (no time step)."""
    h.celsius = cell.celsius_degC  # plain NEURON; the fixture restores it
    h.finitialize(v_mV)
    h.fcurrent()


def test_concentrations_and_reversals_are_set_explicitly():
    """Every segment carries the spec's concentrations after finitialize, never NEURON's squid
    defaults (nai 10, ki 54.4, ko 2.5, nao 140), and ena/ek are their Nernst potentials at the
    spec's temperature (to 1e-6 mV: NEURON's and our constants differ below that)."""
    mem = lm.MembraneSpec(nai_mM=12.0, ki_mM=130.0, ko_mM=4.0, nao_mM=150.0, celsius_degC=34.0)
    for accumulate in (False, True):
        with lm.ball_and_stick(15, 200, 1, membrane=mem.with_(accumulate_ions=accumulate)) as cell:
            _clamp_state(cell, -65.0)
            assert h.celsius == 34.0
            for seg in cell.segments():
                assert (seg.nai, seg.ki, seg.ko, seg.nao) == (12.0, 130.0, 4.0, 150.0)
                assert seg.ek == pytest.approx(P.nernst_mV(4, 130, 1, 34.0), abs=1e-3)
                assert seg.ena == pytest.approx(P.nernst_mV(150, 12, 1, 34.0), abs=1e-3)


def test_ra_default_is_the_module_constant():
    assert DEFAULT_RA_OHM_CM == 100.0


CA_POOL = """
NEURON { SUFFIX userpool  USEION ca READ ica WRITE cai  RANGE tau }
UNITS { (mM) = (milli/liter)  (mA) = (milliamp) }
PARAMETER { tau = 100 (ms)  cainf = 5e-5 (mM) }
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) }
BREAKPOINT { SOLVE s METHOD cnexp }
DERIVATIVE s { cai' = -ica * 1e-3 - (cai - cainf) / tau }
"""


def test_painting_keeps_a_hand_inserted_pool_a_state(tmp_path):
    """A Ca2+ pool of the user's own (WRITE cai) inserted by hand: painting the membrane again
    keeps cai a state NEURON integrates (c_style 3; the spec's value its start), as NEURON
    made it; without the pool the spec fixes it (c_style 1)."""
    (tmp_path / "userpool.mod").write_text(CA_POOL)
    lm.load_mechanisms(tmp_path)
    with lm.sphere(20.0) as plain:
        plain.soma.insert("userpool")
        lm.apply_membrane(plain, lm.DEFAULT_MEMBRANE)
        assert plain.soma.has_membrane("userpool")
        assert int(h.ion_style("ca_ion", sec=plain.soma)) & 3 == 3
        assert plain.soma(0.5).cai == lm.DEFAULT_MEMBRANE.cai_mM
        plain.soma.uninsert("userpool")
        lm.apply_membrane(plain, lm.DEFAULT_MEMBRANE)
        assert int(h.ion_style("ca_ion", sec=plain.soma)) & 3 == 1
