"""measure.tissue: a train in a small column of tissue keeps its K+ books and its glia buffer."""
import pytest

import leakmodels as lm
from leakmodels.engine.stimuli import pulse_train
from leakmodels.measure.tissue import _net_ik_at_rest, k_balanced, tissue_k_columns
from leakmodels.spec.checks import ArgumentError
from leakmodels.spec.tissue import TissueColumn

COLUMN = TissueColumn(neuron_area_per_um=0.3, neuron_regions=(("soma", 0.3, 1.0), ("dend", 0.7, 0.4)),
                      glia_area_per_um=1.4, glia_length_constant_um=100.0, voxel_um=20.0,
                      length_um=200.0, driven_um=40.0)
NEURONS = lm.INTERNEURON_MEMBRANE.with_(accumulate_ions=True)
# the glia: a K+ leak, Kir4.1 and a pump, no spikes (a 100-um syncytium: the column's)
GLIA = lm.INTERNEURON_MEMBRANE.without_spikes().with_(
    pk_cm_s=7e-6, pna_cm_s=3.5e-8, kleak_fopen=1.0, pump_imax_mA_cm2=None, gkir_S_cm2=1e-3)


@pytest.fixture(scope="module")
def run():
    return tissue_k_columns(COLUMN, NEURONS, GLIA, 40.0, train_ms=400.0, after_ms=200.0)


def test_the_sealed_column_keeps_its_k_books(run):
    """Sealed faces: the K+ the space gained over the train is what the neurons carried out
    less what the glia took in. 1 %: the glia's currents are read every 1 ms (trapezoid) and
    the neurons' at every step; a sign error in either, or K+ lost by rxd, is far larger."""
    gained = run["k_space_gained_train_amol"]
    assert gained > 0
    assert gained == pytest.approx(run["k_neurons_out_train_amol"]
                                   - run["glia_k_in_train_amol"], rel=0.01)


def test_every_pulse_fires_and_k_rises_most_in_the_driven_layer(run):
    assert run["n_pulses"] == 16 and run["n_spikes_mid"] == 16
    profile = run["ko_end_train_profile_mM"]
    assert run["ko_peak_mM"] > run["ko_start_mM"] + 0.5
    assert profile[0] > profile[-1] > run["ko_start_mM"]
    assert run["nai_mid_end_train_mM"] > NEURONS.nai_mM  # the spikes' Na+ stays inside


def test_glia_take_k_up_in_the_layer_and_let_it_out_beyond(run):
    assert run["glia_k_in_driven_train_amol"] > 0
    assert run["glia_k_in_quiet_train_amol"] < 0
    ch = run["glia_ik_channels_end_train_nA"]
    assert ch[0] < 0 < ch[-1]  # through the channels: in where [K+]o is high, out where low


def test_no_pulses_no_spikes_and_glia_at_rest_carry_no_k(run):
    """Without a train nothing fires, and the glia (their pump set by k_balanced) neither
    take up nor release K+ anywhere: what they move in a train is the train's."""
    r = tissue_k_columns(COLUMN, NEURONS, GLIA, 0.0, train_ms=400.0, after_ms=20.0)
    assert r["n_pulses"] == 0 and r["n_spikes_mid"] == 0
    assert abs(r["ko_peak_mM"] - r["ko_start_mM"]) < 0.05
    for key in ("glia_k_in_driven_train_amol", "glia_k_in_quiet_train_amol"):
        assert abs(r[key]) < 0.01 * abs(run[key]), key


def test_k_balanced_glia_carry_no_net_k_at_rest():
    """k_balanced sets the pump's imax so that the net K+ current at rest is 0 (the balanced
    pump of the spec balances the leaks alone, and Kir4.1 carries K+ at rest)."""
    assert abs(_net_ik_at_rest(GLIA)) > 1e-6  # Kir4.1 unbalanced by the spec's pump
    assert abs(_net_ik_at_rest(k_balanced(GLIA))) <= 1e-12


def test_pulse_train_shape():
    w = pulse_train(10.0, 5.0, 250.0, 1.0, 2.0, 400.0)
    starts = [t for t, a, b in zip(w.t_ms[1:], w.i_nA[:-1], w.i_nA[1:]) if a == 0 and b > 0]
    # the pulses rise 1 us after each start: 5, 105, 205 ms
    assert starts == pytest.approx([5.001, 105.001, 205.001])
    assert max(w.i_nA) == 2.0 and w.t_ms[-1] == 400.0


@pytest.mark.parametrize("kw, words", [
    ({"pulse_ms": 30.0}, "pulse_ms"), ({"rate_Hz": -1.0}, "rate_Hz"),
    ({"delay_ms": 0.0}, "delay_ms")])
def test_bad_protocols_are_refused(kw, words):
    args = {"rate_Hz": 40.0, **kw}
    rate = args.pop("rate_Hz")
    with pytest.raises(ArgumentError, match=words):
        tissue_k_columns(COLUMN, NEURONS, GLIA, rate, **args)


def test_a_column_is_required():
    with pytest.raises(ArgumentError, match="TissueColumn"):
        tissue_k_columns("column", NEURONS, GLIA, 10.0)
