"""Robustness: property-based tests over specs and builders, lifetime at scale, determinism."""
import gc
import math
import os

import pytest
from helpers import property_settings
from hypothesis import given
from hypothesis import strategies as st
from neuron import h

import leakmodels as lm
from leakmodels.engine.physical import REVERSAL_MARGIN_MV

SETTINGS = property_settings(25)

positive_um = st.floats(min_value=0.5, max_value=200.0, allow_nan=False)
membranes = st.builds(
    lm.MembraneSpec,
    celsius_degC=st.floats(20.0, 40.0),
    ki_mM=st.floats(80.0, 160.0), ko_mM=st.floats(1.0, 20.0),
    nai_mM=st.floats(4.0, 30.0), nao_mM=st.floats(100.0, 160.0),
    # a leak is absent (0) or at least 1e-14 cm/s (checks.LEAK_PERMEABILITY_FLOOR_CM_S: a
    # smaller positive one is refused, tested in test_input_rules)
    pk_cm_s=st.floats(1e-8, 5e-6), pna_cm_s=st.just(0.0) | st.floats(1e-12, 5e-7),
    kleak_fopen=st.just(0.0) | st.floats(1e-4, 1.0), pump_block=st.floats(0.0, 1.0),
    gnav_soma_S_cm2=st.sampled_from([0.0, 0.5]), gkdr_soma_S_cm2=st.sampled_from([0.0, 1.0]),
    ra_ohm_cm=st.floats(30.0, 300.0), cm_uF_cm2=st.floats(0.5, 2.0),
)


def _n_sections():
    return sum(1 for _ in h.allsec())


@SETTINGS
@given(diam=positive_um, length=positive_um, dend_diam=st.floats(0.2, 10.0),
       n_dend=st.integers(1, 6), membrane=membranes)
def test_any_valid_spec_builds_measures_and_destroys(diam, length, dend_diam, n_dend, membrane):
    """Any valid geometry and membrane builds; rest and R_in are finite (R_in > 0) or the cell
    is reported as spontaneously active (SettleError, the documented outcome); nothing leaks.
    Rest lies between the lowest and highest reversal potential (+-1 mV of solver slack)
    unless a pump current flows: the pump is a current source that can hold V beyond them,
    by at most REVERSAL_MARGIN_MV (a solve beyond it is refused)."""
    before = _n_sections()
    with lm.ball_and_stick(diam, length, dend_diam, n_dend=n_dend, membrane=membrane) as cell:
        assert len(cell.sections) == n_dend + 1
        try:
            v = lm.resting_potential(cell)
            r = lm.input_resistance(cell)
        except lm.SettleError:
            pass
        else:
            assert math.isfinite(v)
            margin = REVERSAL_MARGIN_MV if membrane.pump_current_mA_cm2() > 0 else 1.0
            assert min(membrane.ek_mV, membrane.ena_mV) - margin < v < max(membrane.ek_mV, membrane.ena_mV) + margin
            if not min(membrane.ek_mV, membrane.ena_mV) - 1 < v < max(membrane.ek_mV, membrane.ena_mV) + 1:
                # beyond the reversals only where the pump's outward current is what holds V
                assert v < membrane.ek_mV and membrane.pump_current_mA_cm2() > 0
            assert r > 0
            if membrane.pk_effective_cm_s + membrane.pna_cm_s > 1e-12:  # any real leak
                assert math.isfinite(r)
    assert _n_sections() == before


@SETTINGS
@given(value=st.one_of(st.floats(max_value=0.0), st.just(math.nan), st.just(math.inf),
                       st.just(-math.inf)))
def test_any_invalid_size_raises_documented_error(value):
    before = _n_sections()
    with pytest.raises(ValueError, match="must be a finite number greater than 0"):
        lm.ball_and_stick(20.0, 100.0, value)
    with pytest.raises(ValueError, match="must be a finite number greater than 0"):
        lm.sphere(value)
    assert _n_sections() == before


@SETTINGS
@given(field=st.sampled_from(["ki_mM", "ko_mM", "nai_mM", "nao_mM", "cm_uF_cm2", "ra_ohm_cm"]),
       value=st.floats(max_value=0.0, allow_nan=False))
def test_any_invalid_membrane_raises_documented_error(field, value):
    with pytest.raises(ValueError, match=f"MembraneSpec.{field}="):
        lm.MembraneSpec(**{field: value})


@SETTINGS
@given(scale=st.floats(0.3, 3.0))
def test_scaled_literature_cells_build(scale):
    """Any scale builds; area scales as scale^2 (exact geometry: 1e-9)."""
    spec = lm.literature_spec("interneuron", scale)
    with lm.interneuron(scale=scale) as cell:
        assert cell.area_um2 == pytest.approx(spec.area_um2, rel=1e-9)


def _rss_kib():
    with open(f"/proc/{os.getpid()}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc for RSS")
def test_thousand_cells_leave_no_sections_and_no_memory_growth():
    """Build and destroy 1,000 interneurons (about 30 sections each). After a warm-up of 100,
    the resident memory may not grow by more than 8 MiB (one live interneuron with its
    mechanisms is a few hundred KiB; a leak of every cell would be 1,000 times that)."""
    before = _n_sections()
    for _ in range(100):
        with lm.interneuron():
            pass
    gc.collect()
    rss0 = _rss_kib()
    for _ in range(1000):
        cell = lm.interneuron()
        cell.destroy()
    gc.collect()
    assert _n_sections() == before
    assert _rss_kib() - rss0 < 8 * 1024


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc for RSS")
def test_measuring_many_cells_does_not_grow_memory():
    """Rest, R_in and rheobase of 120 interneurons, one after another as a sweep's worker does
    them. After a warm-up of 20 the resident memory may grow by at most 6 MiB: the state-vector
    reads once kept ~150 kB per cell (NEURON's Vector.as_numpy() keeps ~200 bytes a call), 18
    MiB over these 120; what remains is ~7 kB per cell of NEURON's own bookkeeping (<1 MiB)."""
    from leakmodels.sweeps import tasks as sw

    task = sw.tasks_of([lm.CellSource.scaled("interneuron", 1.0)], [lm.Condition()],
                       ("rest", "rin", "rheobase"))[0]
    for _ in range(20):
        assert sw.run_task(task)["outcome"] == "ok"
    gc.collect()
    rss0 = _rss_kib()
    for _ in range(120):
        sw.run_task(task)
    gc.collect()
    assert _rss_kib() - rss0 < 6 * 1024


def test_same_inputs_same_numbers():
    """Determinism: two builds of the same spec measure bit-identical numbers."""
    out = []
    for _ in range(2):
        with lm.interneuron() as cell:
            out.append((lm.resting_potential(cell), lm.input_resistance(cell),
                        lm.time_constant(cell), lm.rheobase(cell, precision=0.02)))
    assert out[0] == out[1]
