"""The leak classifier judges mechanisms by their voltage-clamped behaviour, not by their names."""
import numpy as np
import pytest

import leakmodels as lm
from leakmodels.measure.classify import (
    TIME_TOL,
    VOLTAGE_TOL,
    classify_mechanism,
    measure_iv,
)
from leakmodels.spec import physics

# A leak's indices are set only by numerical error (CVODE atol 1e-7 mV, clamp error removed by
# using the measured potential): measured below 1e-9. 1e-6 leaves a 1000-fold margin and is
# still 10^4 below the 1 % tolerance of the verdict.
NUMERICAL_FLOOR = 1e-6

LEAKS = {"kleak": ({"pbar": 1e-6, "fopen": 1.0}, "ghk_k"),
         "naleak": ({"pbar": 1e-6}, "ghk_na"),
         "pas": ({"g": 1e-4, "e": -70.0}, "ohmic")}
GATED = {"hcn": {"gbar": 1e-3}, "nav": {"gbar": 1e-3}, "kdr": {"gbar": 1e-3}}


@pytest.fixture(scope="module")
def verdicts():
    out = {name: classify_mechanism(name, params=p) for name, (p, _) in LEAKS.items()}
    out.update({name: classify_mechanism(name, params=p) for name, p in GATED.items()})
    return out


@pytest.mark.parametrize("name", list(LEAKS))
def test_leaks_are_leaks(verdicts, name):
    """kleak (GHK K+), naleak (GHK Na+) and NEURON's pas (ohmic) have a flat chord quantity for
    their own driving-force model and no relaxation: both indices at the numerical floor."""
    r = verdicts[name]
    assert r.is_leak, r.verdict
    assert r.driving_force == LEAKS[name][1]
    assert r.voltage_index < NUMERICAL_FLOOR
    assert r.time_index < NUMERICAL_FLOOR
    assert np.isnan(r.relax_t63_ms)


@pytest.mark.parametrize("name", list(GATED))
def test_gated_channels_are_not_leaks(verdicts, name):
    """hcn, nav and kdr: the open probability varies by far more than 1 % over -130...+30 mV
    (every driving-force model), and the current moves after a step."""
    r = verdicts[name]
    assert not r.is_leak, r.verdict
    assert min(r.voltage_indices.values()) > 100 * VOLTAGE_TOL
    assert r.time_index > 10 * TIME_TOL


def test_hcn_chord_conductance_is_its_boltzmann(verdicts):
    """With E_h from the instantaneous I-V, I_ss / (V - E_h) = gbar m_inf(V),
    m_inf = 1/(1 + exp((V - vhalf)/k)), vhalf -85 mV, k 8 mV (hcn.mod). The instantaneous
    current is read 0.05 ms after the step, when m has relaxed by 0.05/tau_m < 0.3 %, so E_h
    and the chord values agree to 1e-3 of gbar."""
    r = verdicts["hcn"]
    e_h = 0.37 * physics.nernst_mV(145, 10) + 0.63 * physics.nernst_mV(5, 140)
    assert r.e_rev_inst_mV == pytest.approx(e_h, abs=0.05)
    v = r.iv.v_mV
    far = np.abs(v - e_h) >= 5
    chord = r.iv.i_ss_mA_cm2[far] / (v[far] - r.e_rev_inst_mV)
    m_inf = 1 / (1 + np.exp((v[far] + 85.0) / 8.0))
    assert np.max(np.abs(chord - 1e-3 * m_inf)) < 1e-3 * 1e-3
    assert r.relax_t63_ms == pytest.approx(20 + 300 / (np.exp(-45 / 15) + np.exp(45 / 15)), rel=0.05)


def test_kleak_chord_permeability_is_pbar_times_fopen():
    """I_ss / GHK flux factor = pbar * fopen (cm/s) at every potential away from E_K: the units
    and the GHK factor of the classifier agree with kleak.mod to 1e-6."""
    iv = measure_iv("kleak", {"pbar": 2e-6, "fopen": 0.25}, test_v_mV=(-120.0, -40.0, 0.0, 30.0))
    flux = physics.ghk_current_mA_cm2(iv.v_mV, 1.0, 140.0, 5.0)
    np.testing.assert_allclose(iv.i_ss_mA_cm2 / flux, 5e-7, rtol=1e-6)


def test_modulation_scaling_keeps_a_leak_but_a_shift_reveals_gating():
    """fopen 0.5 halves kleak's current at every V (modulation index 0.5) and keeps it flat;
    a +10 mV cAMP shift changes hcn's voltage dependence."""
    k = classify_mechanism("kleak", params={"pbar": 1e-6, "fopen": 1.0}, modulation={"fopen": 0.5})
    assert k.is_leak
    assert k.modulation_index == pytest.approx(0.5, abs=1e-6)
    assert k.modulated_voltage_index < NUMERICAL_FLOOR
    hc = classify_mechanism("hcn", params={"gbar": 1e-3}, modulation={"camp_shift": 10.0},
                            test_v_mV=(-120.0, -100.0, -80.0, -60.0, -40.0))
    assert hc.modulated_voltage_index > 100 * VOLTAGE_TOL
    assert hc.modulation_index > 0.05


def test_verdict_follows_behaviour_not_name():
    """hcn with V1/2 at +200 mV is fully open (m > 1 - 1e-9) across the tested range: it then
    behaves, and is classified, as an ohmic leak. The same mechanism at V1/2 -85 mV is not."""
    r = classify_mechanism("hcn", params={"gbar": 1e-3, "vhalf": 200.0})
    assert r.is_leak, r.verdict
    assert r.driving_force == "ohmic"


def test_default_density_and_bad_input():
    """Without params the density is set to a documented default; unknown names and
    parameters are refused with a message."""
    r = classify_mechanism("kleak", test_v_mV=(-100.0, -60.0, -20.0, 20.0))
    assert dict(r.params) == {"pbar": 1e-6}
    assert r.is_leak
    with pytest.raises(ValueError, match="no density mechanism"):
        classify_mechanism("not_a_channel")
    with pytest.raises(ValueError, match="no parameter"):
        classify_mechanism("kleak", params={"gbar": 1.0})
    with pytest.raises(ValueError, match="at least 4"):
        classify_mechanism("kleak", test_v_mV=(-60.0, 0.0))


def test_exported_from_package():
    assert lm.classify_mechanism is classify_mechanism
    assert lm.LeakClassification.__name__ == "LeakClassification"
