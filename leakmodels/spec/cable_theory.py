"""Cable theory for whole cells: the DC input resistance of a passive, uniform neuron.

Owns Rall's recursion for the input conductance of branched trees of sealed-end cylinders
(Rall 1959, Exp Neurol 1:491; Rall & Rinzel 1973, Biophys J 13:648). Each cylinder of
length L, diameter d, with specific membrane resistance R_m and axial resistivity R_a, has
lambda = sqrt(R_m d / (4 R_a)), X = L / lambda and G_inf = 1 / (r_a lambda),
r_a = 4 R_a / (pi d^2). Loaded at its far end by a conductance G_L, its input conductance is

    G_in = G_inf (G_L + G_inf tanh X) / (G_inf + G_L tanh X)

(G_L = 0, a sealed end, gives G_inf tanh X). A daughter pair loads its parent with the sum
of their input conductances; the soma is isopotential (area pi d^2). Plain numbers, no NEURON.
"""
from __future__ import annotations

import math

from . import physics
from .morphology import NeuronSpec, SphereSpec


def loaded_cable_input_conductance_S(length_um: float, diam_um: float, rm_ohm_cm2: float,
                                     ra_ohm_cm: float, load_S: float = 0.0) -> float:
    """Input conductance (S) of a finite cylinder whose far end sees load_S (0 = sealed)."""
    lam_um = physics.cable_length_constant_um(rm_ohm_cm2, diam_um, ra_ohm_cm)
    g_inf = 1.0 / (physics.axial_resistance_per_length_ohm_per_cm(diam_um, ra_ohm_cm)
                   * lam_um * 1e-4)
    t = math.tanh(length_um / lam_um)
    return g_inf * (load_S + g_inf * t) / (g_inf + load_S * t)


def tree_input_conductance_S(spec: NeuronSpec, rm_ohm_cm2: float, ra_ohm_cm: float) -> float:
    """One symmetric binary dendritic tree of `spec`, seen from its stem (S)."""
    load = 0.0
    for length, diam in reversed(list(zip(spec.branch_lengths_um, spec.branch_diams_um()))):
        load = 2.0 * loaded_cable_input_conductance_S(length, diam, rm_ohm_cm2, ra_ohm_cm, load)
    return load / 2.0


def input_resistance_MOhm(spec, rm_ohm_cm2: float, ra_ohm_cm: float | None = None) -> float:
    """DC input resistance at the soma of a passive cell of uniform R_m (MOhm).

    spec: a SphereSpec (R_m / area) or a NeuronSpec (isopotential soma + n_dend trees +
    a sealed axon initial segment, all attached to the soma). ra_ohm_cm defaults to the
    spec's own (NeuronSpec.ra_ohm_cm).
    """
    if rm_ohm_cm2 <= 0:
        raise ValueError(f"rm_ohm_cm2={rm_ohm_cm2!r} must be > 0 (specific membrane resistance).")
    if isinstance(spec, SphereSpec):
        return physics.sphere_input_resistance_MOhm(spec.diam_um, rm_ohm_cm2)
    if not isinstance(spec, NeuronSpec):
        raise TypeError(f"spec={spec!r}: give a SphereSpec or a NeuronSpec.")
    ra = spec.ra_ohm_cm if ra_ohm_cm is None else ra_ohm_cm
    g = math.pi * (spec.soma_diam_um * 1e-4) ** 2 / rm_ohm_cm2
    if spec.n_dend:
        g += spec.n_dend * tree_input_conductance_S(spec, rm_ohm_cm2, ra)
    if spec.ais_length_um > 0:
        g += loaded_cable_input_conductance_S(spec.ais_length_um, spec.ais_diam_um,
                                              rm_ohm_cm2, ra)
    return 1e-6 / g
