"""leakmodels.cable_theory: Rall's input conductance of passive trees, against closed forms."""
import math

import numpy as np
import pytest

import leakmodels as lm
from leakmodels.spec import cable_theory, physics
from leakmodels.spec.morphology import NeuronSpec, SphereSpec, literature_spec

RM, RA = 10000.0, 100.0


def test_sealed_cable_is_ra_lambda_coth():
    """Load 0 (sealed end): G_in = 1 / (r_a lambda coth(L/lambda)), the physics closed form.
    Same formula written two ways: rel 1e-12."""
    for length in (50.0, 500.0, 5000.0):
        g = cable_theory.loaded_cable_input_conductance_S(length, 2.0, RM, RA)
        r = physics.sealed_cable_input_resistance_MOhm(length, 2.0, RM, RA)
        assert 1e-6 / g == pytest.approx(r, rel=1e-12)


def test_cable_loaded_by_its_own_infinite_continuation_is_infinite():
    """A cylinder whose far end sees G_inf (an infinite continuation) has G_in = G_inf for
    any length: G_inf = 1/(r_a lambda). Exact algebra: rel 1e-12."""
    lam_um = physics.cable_length_constant_um(RM, 2.0, RA)
    g_inf = 1 / (physics.axial_resistance_per_length_ohm_per_cm(2.0, RA) * lam_um * 1e-4)
    for length in (10.0, 300.0, 3000.0):
        g = cable_theory.loaded_cable_input_conductance_S(length, 2.0, RM, RA, load_S=g_inf)
        assert g == pytest.approx(g_inf, rel=1e-12)


def test_three_halves_tree_equals_its_equivalent_cylinder():
    """Rall: a symmetric tree obeying the 3/2 rule (d_parent^1.5 = 2 d_daughter^1.5) whose
    branches all have the same electrotonic length per generation is one cylinder of the
    stem's diameter and the summed electrotonic length X = sum L_g / lambda_g.
    G_tree = G_inf(stem) tanh(X). Exact identity: rel 1e-10."""
    ratio = 2 ** (-2 / 3)
    stem = 4.0
    lams = [physics.cable_length_constant_um(RM, stem * ratio ** g, RA) for g in range(3)]
    lengths = [0.3 * lam for lam in lams]  # X = 0.3 per generation
    spec = NeuronSpec("t", soma_diam_um=10.0, n_dend=1, stem_diam_um=stem,
                      branch_lengths_um=tuple(lengths), daughter_diam_ratio=ratio)
    g_tree = cable_theory.tree_input_conductance_S(spec, RM, RA)
    g_inf = 1 / (physics.axial_resistance_per_length_ohm_per_cm(stem, RA) * lams[0] * 1e-4)
    assert g_tree == pytest.approx(g_inf * math.tanh(0.9), rel=1e-10)


def test_sphere_is_rm_over_area():
    """Isopotential sphere: R_in = R_m / (pi d^2). Same formula: rel 1e-12."""
    assert cable_theory.input_resistance_MOhm(SphereSpec(20.0), RM) == pytest.approx(
        RM / (math.pi * (20e-4) ** 2) * 1e-6, rel=1e-12)


def test_passive_interneuron_matches_neuron():
    """The passive default interneuron (leaks + pump, no spike channels; uniform R_m = 1/slope
    conductance at rest) in NEURON against the recursion. NEURON's d_lambda = 0.1 grid
    (second-order accurate) leaves < 0.1 %; measured ~0.02 %."""
    spec = literature_spec("interneuron")
    mem = lm.MembraneSpec().without_spikes()  # the interneuron keeps its own Ra
    with lm.interneuron(membrane=mem) as cell:
        rin = lm.input_resistance(cell)
    assert rin == pytest.approx(cable_theory.input_resistance_MOhm(spec, mem.rest_slope_rm_ohm_cm2()),
                                rel=1e-3)


@pytest.mark.parametrize("name", ["interneuron", "motoneuron"])
def test_geometric_scaling_exponent_lies_between_three_quarters_and_one(name):
    """Scaling every length and diameter by s: area ~ s^2; each cylinder's G_inf ~ s^1.5 and
    L/lambda ~ s^0.5, so G_in ~ s^1.5 F(s^0.5) with F between ~x (short) and const (long):
    the local exponent a = -dlnR/dln(area) lies in [0.75, 1]. Central differences on a
    log grid are accurate to ~1e-6; no tolerance beyond 1e-9 is needed."""
    s = np.logspace(-1.5, 1.5, 31)
    area = np.array([literature_spec(name, x).area_um2 for x in s])
    rin = np.array([cable_theory.input_resistance_MOhm(literature_spec(name, x), RM) for x in s])
    a = -np.gradient(np.log(rin), np.log(area))
    assert np.all(a >= 0.75 - 1e-9) and np.all(a <= 1 + 1e-9)
    assert a[0] > 0.99 and a[-1] < a[0]  # small cells isopotential, large ones cable-like


def test_bad_input():
    with pytest.raises(ValueError, match="rm_ohm_cm2"):
        cable_theory.input_resistance_MOhm(SphereSpec(10.0), 0.0)
    with pytest.raises(TypeError, match="SphereSpec or a NeuronSpec"):
        cable_theory.input_resistance_MOhm("soma", RM)
