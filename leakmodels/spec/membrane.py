"""Membrane and ion settings: what is painted on a cell's membrane, as plain numbers.

`MembraneSpec` is a frozen description (densities, concentrations, temperature, passive
constants); `apply_membrane(cell, spec)` inserts the mechanisms into the cell's sections and
sets every parameter explicitly: temperature, both sides' Na+ and K+ concentrations and
the reversal potentials computed from them. Nothing is left at NEURON's squid-axon defaults.

Default leak permeabilities give a specific membrane resistance near 10 kOhm cm2 at rest
(Fleshman, Segev & Burke 1988, J Neurophysiol 60:60, cat motoneuron dendrites) with
PNa/PK = 0.06; with the 3:2 pump balanced the rest is -68.6 mV (Mullins-Noda equation).
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, fields, replace

from . import physics
from .checks import LEAK_PERMEABILITY_FLOOR_CM_S, ArgumentError, flag, fraction, number

# The motoneuron's medium AHP at the soma (ahp.mod's COMMENT gives the sources of its form;
# these numbers are chosen so that the default motoneuron's minimum steady rate, AHP
# duration and f-I slope fall in the cat ranges, which the cells study measures).
AHP_GCA_S_CM2 = 3e-4
AHP_GSK_S_CM2 = 1.5e-2
AHP_TAU_CA_MS = 40.0
# the interneuron's M-current density in its soma and axon initial segment, where Kv7.2/7.3
# channels concentrate (Pan et al. 2006, J Neurosci 26:2599); chosen here so that the
# half-K-leak interneuron still rests (the S4 study measures it)
KM_GBAR_S_CM2 = 1e-3

@dataclass(frozen=True)
class MembraneSpec:
    """Everything painted on the membrane. Field names carry their units.

    pump_imax_mA_cm2=None means: choose the pump's maximal current so that, at the given
    concentrations, it balances the K+ and Na+ leaks exactly (zero net flux of each ion).
    Spike channels (nav, kdr) go into the soma and the axon (initial segment) regions,
    each with its own densities; dendrites carry only the leaks, the pump (and hcn). The
    soma can carry the medium after-hyperpolarisation (ahp.mod: a high-threshold Ca2+
    current, its Ca2+ pool and an SK-type K+ current, shut at rest), which sets how slowly
    a cell can fire steadily: none by default, MOTONEURON_MEMBRANE's densities on the
    motoneuron; cai_mM and cao_mM set E_Ca by Nernst.
    ra_ohm_cm=None keeps the morphology's own axial resistivity (70 ohm cm for the
    motoneuron, 100 for the others); soma_leak_scale multiplies the soma's K+ and Na+ leaks
    and its pump together (a leaky soma whose rest is that of the dendrites).
    """

    celsius_degC: float = 37.0
    cm_uF_cm2: float = 1.0
    ra_ohm_cm: float | None = None  # None: the morphology's own (Cell.default_ra_ohm_cm)
    ki_mM: float = 140.0
    ko_mM: float = 5.0
    nai_mM: float = 10.0
    nao_mM: float = 145.0
    pk_cm_s: float = 8.5e-7
    pna_cm_s: float = 5.1e-8
    kleak_fopen: float = 1.0
    pump_imax_mA_cm2: float | None = None
    pump_block: float = 0.0
    pump_kmna_mM: float = 10.0
    pump_kmk_mM: float = 3.5
    pump_q10: float = physics.PUMP_Q10  # turnover x q10^((T - 37)/10) (nakpump.mod's sources)
    accumulate_ions: bool = False
    gnav_soma_S_cm2: float = 0.5
    gkdr_soma_S_cm2: float = 1.0
    gnav_axon_S_cm2: float = 3.0
    gkdr_axon_S_cm2: float = 2.0
    ghcn_S_cm2: float = 0.0
    hcn_camp_shift_mV: float = 0.0
    hcn_vhalf_mV: float = -85.0
    gkm_S_cm2: float = 0.0        # M-current (Kv7, km.mod) in the soma and axon
    gca_soma_S_cm2: float = 0.0   # soma's high-threshold Ca2+ current (ahp.mod)
    gsk_soma_S_cm2: float = 0.0   # soma's SK-type K(Ca) current: the medium AHP
    ahp_tau_ca_ms: float = AHP_TAU_CA_MS    # removal time constant of the AHP's Ca2+ pool
    cai_mM: float = 5e-5                    # resting intracellular Ca2+ (50 nM)
    cao_mM: float = 2.0                     # extracellular Ca2+
    soma_leak_scale: float = 1.0   # soma's kleak, naleak and pump densities x this (a leaky soma)
    d_lambda: float = 0.1

    def __post_init__(self):
        for f in fields(self):
            val = getattr(self, f.name)
            if f.name == "accumulate_ions":
                flag("MembraneSpec.accumulate_ions", val)
                continue
            if val is None and f.name in _OPTIONAL:
                continue
            quantity, positive, unit = _FIELD_RULES[f.name]
            name = f"MembraneSpec.{f.name}"
            if quantity == "fraction":
                fraction(name, val)
            elif not positive and isinstance(val, (int, float)) and not isinstance(val, bool) \
                    and val < 0 and quantity in _DENSITIES:
                raise ArgumentError(f"{name}={val!r} is negative; densities, permeabilities and "
                                    "pump currents must be >= 0.")
            else:
                number(name, val, quantity, positive=positive, unit=unit)
        for what, p_cm_s in (("pk_cm_s * kleak_fopen", self.pk_effective_cm_s),
                             ("pna_cm_s", self.pna_cm_s)):
            if 0 < p_cm_s < LEAK_PERMEABILITY_FLOOR_CM_S:
                raise ArgumentError(
                    f"MembraneSpec.{what}={p_cm_s!r} cm/s is a leak too small to be one: a "
                    f"positive leak permeability must be at least {LEAK_PERMEABILITY_FLOOR_CM_S:g}"
                    " cm/s (0.9 pS/cm2, less than one open 1-pS channel per cm2); give 0 for "
                    "no leak.")

    # --- derived quantities (analytic, no NEURON) -------------------------------------------
    def spike_densities_S_cm2(self, region: str) -> tuple:
        """(gnav, gkdr) painted on a region: soma and axon have their own, others none."""
        if region == "soma":
            return self.gnav_soma_S_cm2, self.gkdr_soma_S_cm2
        if region == "axon":
            return self.gnav_axon_S_cm2, self.gkdr_axon_S_cm2
        return 0.0, 0.0

    @property
    def ek_mV(self) -> float:
        return physics.nernst_mV(self.ko_mM, self.ki_mM, 1, self.celsius_degC)

    @property
    def ena_mV(self) -> float:
        return physics.nernst_mV(self.nao_mM, self.nai_mM, 1, self.celsius_degC)

    @property
    def pk_effective_cm_s(self) -> float:
        return self.pk_cm_s * self.kleak_fopen

    def pump_current_mA_cm2(self) -> float:
        """Net pump current at the spec's concentrations (outward, voltage independent)."""
        sat = physics.pump_saturation(self.nai_mM, self.ko_mM, self.pump_kmna_mM, self.pump_kmk_mM)
        return self.pump_imax() * (1 - self.pump_block) * sat * self.pump_temperature_factor()

    def pump_temperature_factor(self) -> float:
        """The pump's turnover at this temperature relative to 37 degC (its Q10)."""
        return physics.pump_temperature_factor(self.celsius_degC, self.pump_q10)

    def leak_rest_mV(self) -> float:
        """Analytic rest of the leaks and the pump: i_K,leak(V) + i_Na,leak(V) + i_pump = 0.

        With the balanced, unblocked pump this is the Mullins-Noda potential (closed form);
        with no pump current the GHK voltage; otherwise the root of the current balance.
        """
        args = (self.pk_effective_cm_s, self.pna_cm_s, self.ki_mM, self.ko_mM,
                self.nai_mM, self.nao_mM, self.celsius_degC)
        if self.pk_effective_cm_s == 0 and self.pna_cm_s == 0:
            return 0.0  # no leak: V stays wherever it starts; 0 mV by convention
        if self.pump_imax_mA_cm2 is None and self.pump_block == 0 and self.pna_cm_s > 0:
            return physics.pump_balanced_rest_mV(*args)
        ipump = self.pump_current_mA_cm2()
        if ipump == 0:
            return physics.ghk_voltage_mV(*args)

        def net(v):
            return (physics.ghk_current_mA_cm2(v, self.pk_effective_cm_s, self.ki_mM, self.ko_mM, 1, self.celsius_degC)
                    + physics.ghk_current_mA_cm2(v, self.pna_cm_s, self.nai_mM, self.nao_mM, 1, self.celsius_degC)
                    + ipump)

        from scipy.optimize import brentq

        lo, hi = -300.0, 300.0
        while net(lo) > 0:
            lo *= 2
        return float(brentq(net, lo, hi, xtol=1e-12))

    def balanced_pump_imax_mA_cm2(self) -> float:
        """imax that makes the pump carry exactly the Na+ and K+ that leak at rest."""
        if self.pna_cm_s == 0:
            return 0.0
        v = physics.pump_balanced_rest_mV(self.pk_effective_cm_s, self.pna_cm_s, self.ki_mM,
                                          self.ko_mM, self.nai_mM, self.nao_mM, self.celsius_degC)
        ina = physics.ghk_current_mA_cm2(v, self.pna_cm_s, self.nai_mM, self.nao_mM, 1,
                                         self.celsius_degC)
        sat = physics.pump_saturation(self.nai_mM, self.ko_mM, self.pump_kmna_mM, self.pump_kmk_mM)
        return (-ina / 3.0) / (sat * self.pump_temperature_factor())

    def pump_imax(self) -> float:
        if self.pump_imax_mA_cm2 is None:
            return self.balanced_pump_imax_mA_cm2()
        return self.pump_imax_mA_cm2

    def without_spikes(self) -> "MembraneSpec":
        """A copy with no nav, kdr, hcn, M-current or AHP: the leaks and the pump only (a
        passive cell)."""
        return replace(self, gnav_soma_S_cm2=0.0, gkdr_soma_S_cm2=0.0, gnav_axon_S_cm2=0.0,
                       gkdr_axon_S_cm2=0.0, ghcn_S_cm2=0.0, gca_soma_S_cm2=0.0,
                       gsk_soma_S_cm2=0.0, gkm_S_cm2=0.0)

    @property
    def eca_mV(self) -> float:
        return physics.nernst_mV(self.cao_mM, self.cai_mM, 2, self.celsius_degC)

    def leak_slope_conductances_S_cm2(self, v_mV: float) -> tuple:
        """(g_K, g_Na): dI/dV of kleak and naleak at v_mV, S/cm2 (the pump adds none)."""
        g_k = physics.ghk_slope_conductance_S_cm2(v_mV, self.pk_effective_cm_s, self.ki_mM,
                                                  self.ko_mM, 1, self.celsius_degC)
        g_na = physics.ghk_slope_conductance_S_cm2(v_mV, self.pna_cm_s, self.nai_mM,
                                                   self.nao_mM, 1, self.celsius_degC)
        return g_k, g_na

    def rest_slope_rm_ohm_cm2(self) -> float:
        """Specific membrane resistance of the leaks at their analytic rest: 1 / (dI/dV)."""
        g = sum(self.leak_slope_conductances_S_cm2(self.leak_rest_mV()))
        return 1.0 / g if g > 0 else math.inf

    def leak_slope_conductance_S_cm2(self, v_mV: float) -> float:
        """dI/dV of kleak + naleak at v_mV (the pump is voltage independent), S/cm2: the
        specific input conductance of an isopotential leak-and-pump cell."""
        return sum(self.leak_slope_conductances_S_cm2(v_mV))

    def with_(self, **changes) -> "MembraneSpec":
        """A copy with some fields changed (validated again)."""
        known = {f.name for f in fields(self)}
        for name in changes:
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.4)
                hint = f"did you mean {' or '.join(close)}?" if close else f"fields: {', '.join(sorted(known))}"
                raise TypeError(f"MembraneSpec has no field {name!r}; {hint}")
        return replace(self, **changes)

    def modulated(self, **changes) -> "MembraneSpec":
        """A copy with `changes` whose pump keeps this membrane's imax.

        A neuromodulator, a mutation, a change of pH, temperature or bath acts in seconds to
        hours; the number of Na+/K+ pumps does not follow. pump_imax_mA_cm2=None would
        re-balance the pump for the new leaks (the cell long after, once its pump expression
        has adapted); this pins imax at the value that balanced this membrane's leaks. With
        fixed concentrations the pump is then a constant outward current,
        imax * saturation(Nai, Ko), and `leak_rest_mV()` solves
        I_K,GHK(V) + I_Na,GHK(V) + I_pump = 0.
        """
        return self.with_(pump_imax_mA_cm2=self.pump_imax(), **changes)


_OPTIONAL = ("ra_ohm_cm", "pump_imax_mA_cm2")
# field -> (bound in checks.BOUNDS, or "fraction", or None; must be > 0; unit)
_FIELD_RULES = {
    "celsius_degC": ("celsius_degC", False, "degC"),
    "cm_uF_cm2": ("capacitance_uF_cm2", True, "uF/cm2"),
    "ra_ohm_cm": ("ra_ohm_cm", True, "ohm cm"),
    "ki_mM": ("concentration_mM", True, "mM"), "ko_mM": ("concentration_mM", True, "mM"),
    "nai_mM": ("concentration_mM", True, "mM"), "nao_mM": ("concentration_mM", True, "mM"),
    "pk_cm_s": ("permeability_cm_s", False, "cm/s"),
    "pna_cm_s": ("permeability_cm_s", False, "cm/s"),
    "kleak_fopen": ("fraction", False, ""), "pump_block": ("fraction", False, ""),
    "pump_imax_mA_cm2": ("pump_mA_cm2", False, "mA/cm2"),
    "pump_kmna_mM": ("concentration_mM", True, "mM"),
    "pump_kmk_mM": ("concentration_mM", True, "mM"),
    "pump_q10": ("q10", True, ""),
    "gnav_soma_S_cm2": ("conductance_S_cm2", False, "S/cm2"),
    "gkdr_soma_S_cm2": ("conductance_S_cm2", False, "S/cm2"),
    "gnav_axon_S_cm2": ("conductance_S_cm2", False, "S/cm2"),
    "gkdr_axon_S_cm2": ("conductance_S_cm2", False, "S/cm2"),
    "ghcn_S_cm2": ("conductance_S_cm2", False, "S/cm2"),
    "hcn_camp_shift_mV": ("potential_mV", False, "mV"),
    "hcn_vhalf_mV": ("potential_mV", False, "mV"),
    "gkm_S_cm2": ("conductance_S_cm2", False, "S/cm2"),
    "gca_soma_S_cm2": ("conductance_S_cm2", False, "S/cm2"),
    "gsk_soma_S_cm2": ("conductance_S_cm2", False, "S/cm2"),
    "ahp_tau_ca_ms": ("duration_ms", True, "ms"),
    "cai_mM": ("calcium_mM", True, "mM"), "cao_mM": ("calcium_mM", True, "mM"),
    "soma_leak_scale": ("scale", True, ""),
    "d_lambda": ("d_lambda", True, ""),
}
_DENSITIES = ("permeability_cm_s", "conductance_S_cm2", "pump_mA_cm2")
DEFAULT_RA_OHM_CM = 100.0  # the analytic shapes' and SWC cells' Ra when the membrane sets none
DEFAULT_MEMBRANE = MembraneSpec()
# the motoneuron's own default: the default membrane and the medium AHP at its soma (SK
# channels carry the AHP that sets a motoneuron's minimum rate; ahp.mod's sources)
MOTONEURON_MEMBRANE = DEFAULT_MEMBRANE.with_(gca_soma_S_cm2=AHP_GCA_S_CM2,
                                             gsk_soma_S_cm2=AHP_GSK_S_CM2)


# the interneuron's own default: the default membrane and the M-current (Kv7) at its soma and
# axon, a resting K+ conductance besides the leak that opens further on depolarisation
INTERNEURON_MEMBRANE = DEFAULT_MEMBRANE.with_(gkm_S_cm2=KM_GBAR_S_CM2)


def default_membrane(builder: str | None) -> MembraneSpec:
    """The membrane a builder paints when it is given none: MOTONEURON_MEMBRANE for the
    motoneuron, INTERNEURON_MEMBRANE for the interneuron, DEFAULT_MEMBRANE for every other
    builder and for SWC cells."""
    return {"motoneuron": MOTONEURON_MEMBRANE,
            "interneuron": INTERNEURON_MEMBRANE}.get(builder, DEFAULT_MEMBRANE)


# every mechanism leakmodels ships (leakmodels/mod), in the order a section gets them


def axial_resistivity_ohm_cm(spec: MembraneSpec, morphology_ra_ohm_cm: float = DEFAULT_RA_OHM_CM) -> float:
    """The Ra a cell built with `spec` gets: the spec's, else the morphology's own."""
    return spec.ra_ohm_cm if spec.ra_ohm_cm is not None else morphology_ra_ohm_cm
