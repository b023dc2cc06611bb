"""leakmodels.teach: the classroom knobs move V_rest, R_in and rheobase the way the physics
says, through the public measurements, and bad knobs are refused by name."""
import math

import pytest

import leakmodels as lm
from leakmodels import teach


def test_the_defaults_are_the_interneurons_own_measurements():
    result = teach.explore()
    with lm.interneuron() as cell:
        assert result.v_rest_mV == pytest.approx(lm.resting_potential(cell), abs=1e-9)
        assert result.rin_MOhm == pytest.approx(lm.input_resistance(cell), rel=1e-9)
    assert result.rheobase_nA > 0 and not result.note
    # the trace rests, then the step of HYPERPOLARISE_MV / R_in moves it further than
    # HYPERPOLARISE_MV: R_in is the slope at rest, and below rest the conductances close (the
    # GHK K+ leak rectifies outward, Kv7 shuts); measured -19.5 mV for -15, so up to 1.5x
    assert result.v_mV[0] == pytest.approx(result.v_rest_mV, abs=0.01)
    at = result.t_ms.searchsorted(teach.LEAD_MS + teach.STEP_MS - 1.0)
    ratio = (result.v_mV[at] - result.v_rest_mV) / teach.HYPERPOLARISE_MV
    assert 1.0 < ratio < 1.5


def test_closing_k_leak_depolarises_and_excites_and_size_lowers_rin():
    base, half_k, big = (teach.explore(), teach.explore(k_leak_scale=0.5),
                         teach.explore(size_scale=2.0))
    assert half_k.v_rest_mV > base.v_rest_mV and half_k.rin_MOhm > base.rin_MOhm
    assert half_k.rheobase_nA < base.rheobase_nA
    # area x4 at one membrane: R_in falls, by less than 4x in a cable (0.75-1 in log-log)
    assert 2.0 < base.rin_MOhm / big.rin_MOhm < 4.0
    assert big.v_rest_mV == pytest.approx(base.v_rest_mV, abs=0.5)


def test_hcn_lowers_rin_and_depolarises():
    base, hcn = teach.explore(), teach.explore(ghcn_mS_cm2=0.5)
    assert hcn.rin_MOhm < base.rin_MOhm and hcn.v_rest_mV > base.v_rest_mV


def test_a_cell_that_cannot_fire_says_so():
    result = teach.explore(k_leak_scale=0.1)
    assert math.isnan(result.rheobase_nA) and result.note


@pytest.mark.parametrize("knobs", [{"k_leak_scale": 9.0}, {"kleak": 1.0},
                                   {"pump_fraction": -0.1}])
def test_bad_knobs_are_named(knobs):
    with pytest.raises(lm.ArgumentError, match=next(iter(knobs))):
        teach.explore(**knobs)


def test_the_figure_draws_the_trace():
    fig = teach.figure(teach.explore())
    assert "R_in" in fig.axes[0].get_title() and len(fig.axes[0].lines) == 1


def test_the_sliders_measure_again_when_one_moves(monkeypatch):
    pytest.importorskip("ipywidgets")
    calls = []
    real = teach.explore

    def counted(**knobs):
        calls.append(knobs)
        return real(**knobs)

    monkeypatch.setattr(teach, "explore", counted)
    box = teach.live()
    sliders = box.children[:-1]
    assert [s.description for s in sliders] == [k[4] for k in teach.KNOBS.values()]
    assert len(calls) == 1 and calls[0]["k_leak_scale"] == 1.0  # drawn once at the defaults
    sliders[0].value = 0.5
    assert len(calls) == 2 and calls[1]["k_leak_scale"] == 0.5
