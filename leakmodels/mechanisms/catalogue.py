"""The mechanisms leakmodels ships (their NMODL sources in `mechanisms/mod/`) and the ions they
use, each declared once (`leakmodels.mechanisms.declaration`).

The order is the order a section gets them. Every `MembraneSpec` field that sets a mechanism
is declared here with it; the spec, the painting, the engine's lists (what conducts, what is
a leak, what the certificate covers, what has slow gates), the classifier's and the site's
mechanism table are all derived from these declarations. Each .mod file's COMMENT gives its
sources, equations and sign conventions; a test holds every file against its declaration.
"""
from __future__ import annotations

from .declaration import (
    Field,
    Ion,
    IonUse,
    Mechanism,
    Param,
    mechanisms,
    register,
    register_ion,
    seal,
)

# the pump's turnover q10 (nakpump.mod's default and its sources) and the temperature at
# which imax is its maximal current
PUMP_Q10 = 2.7
PUMP_TREF_DEGC = 37.0


def _conductance(name, doc, default=0.0):
    return Field(name, default, "conductance_S_cm2", "S/cm2", doc)


NA = register_ion(Ion("na", 1, Field("nai_mM", 10.0, "concentration_mM", "mM", "Na+ inside", True),
                      Field("nao_mM", 145.0, "concentration_mM", "mM", "Na+ outside", True)))
K = register_ion(Ion("k", 1, Field("ki_mM", 140.0, "concentration_mM", "mM", "K+ inside", True),
                     Field("ko_mM", 5.0, "concentration_mM", "mM", "K+ outside", True)))
CL = register_ion(Ion("cl", -1, Field("cli_mM", 10.0, "concentration_mM", "mM",
                                      "Cl- inside (E_Cl = -68.6 mV with 130 mM outside at "
                                      "37 degC: near the default rest, i.e. passive chloride)",
                                      True),
                      Field("clo_mM", 130.0, "concentration_mM", "mM", "Cl- outside", True)))
CA = register_ion(Ion("ca", 2, Field("cai_mM", 5e-5, "calcium_mM", "mM",
                                     "resting intracellular Ca2+ (50 nM)", True),
                      Field("cao_mM", 2.0, "calcium_mM", "mM", "extracellular Ca2+", True)))

KLEAK = register(Mechanism(
    "kleak", "K+ leak (K2P/TASK-like), GHK current", "leak", "kleak.mod",
    fields=(Field("pk_cm_s", 8.5e-7, "permeability_cm_s", "cm/s",
                  "GHK permeability of the K+ leak (R_m = 10.0 kOhm cm2 at rest with PNa/PK 0.06)"),
            Field("kleak_fopen", 1.0, "fraction", "",
                  "fraction of K+ leak channels open (modulators, pH, temperature)")),
    params=(Param("pbar", "pk_cm_s", soma_scaled=True), Param("fopen", "kleak_fopen")),
    ions=(IonUse("k", ("ki", "ko"), ("ik",)),), leak_conductance=("pbar", "fopen"),
    certifiable=True, off=(("pk_cm_s", 0.0),)))

NALEAK = register(Mechanism(
    "naleak", "Na+ leak (NALCN-like), GHK current", "leak", "naleak.mod",
    fields=(Field("pna_cm_s", 5.1e-8, "permeability_cm_s", "cm/s",
                  "GHK permeability of the Na+ leak"),),
    params=(Param("pbar", "pna_cm_s", soma_scaled=True),),
    ions=(IonUse("na", ("nai", "nao"), ("ina",)),), leak_conductance=("pbar",),
    certifiable=True, off=(("pna_cm_s", 0.0),)))

CLLEAK = register(Mechanism(
    "clleak", "Cl- leak, GHK current (an anion: Cl- entering is an outward current)", "leak",
    "clleak.mod",
    fields=(Field("pcl_cm_s", 0.0, "permeability_cm_s", "cm/s",
                  "GHK permeability of the Cl- leak (0: none; the pump-leak model's)"),),
    params=(Param("pbar", "pcl_cm_s", soma_scaled=True),),
    ions=(IonUse("cl", ("cli", "clo"), ("icl",)),), leak_conductance=("pbar",),
    density=("pbar",), certifiable=True, off=(("pcl_cm_s", 0.0),)))

KCC2 = register(Mechanism(
    "kcc2", "K+-Cl- cotransporter (KCC2): Cl- out with K+, rate linear in its free energy; "
    "no net current", "cotransporter", "kcc2.mod",
    fields=(Field("kcc2_mA_cm2", 0.0, "cotransport_mA_cm2", "mA/cm2",
                  "KCC2's rate: its K+ current when ln(Ki Cli / (Ko Clo)) = 1 (0: none)"),),
    params=(Param("u", "kcc2_mA_cm2"),), density=("u",),
    ions=(IonUse("k", ("ki", "ko"), ("ik",)), IonUse("cl", ("cli", "clo"), ("icl",))),
    certifiable=True))

NKCC1 = register(Mechanism(
    "nkcc1", "Na+-K+-2Cl- cotransporter (NKCC1): Cl- in with Na+ and K+, rate linear in its "
    "free energy; no net current", "cotransporter", "nkcc1.mod",
    fields=(Field("nkcc1_mA_cm2", 0.0, "cotransport_mA_cm2", "mA/cm2",
                  "NKCC1's rate: its Na+ current when ln(Nao Ko Clo^2 / (Nai Ki Cli^2)) = 1 "
                  "(0: none)"),),
    params=(Param("u", "nkcc1_mA_cm2"),), density=("u",),
    ions=(IonUse("na", ("nai", "nao"), ("ina",)), IonUse("k", ("ki", "ko"), ("ik",)),
          IonUse("cl", ("cli", "clo"), ("icl",))),
    certifiable=True))

NAKPUMP = register(Mechanism(
    "nakpump", "Na+/K+-ATPase, 3 Na+ out : 2 K+ in per ATP, saturable in Nai and Ko", "pump",
    "nakpump.mod",
    fields=(Field("pump_imax_mA_cm2", None, "pump_mA_cm2", "mA/cm2",
                  "the pump's maximal current at 37 degC; None: it balances the leaks exactly",
                  optional=True),
            Field("pump_block", 0.0, "fraction", "", "fraction of pumps blocked (ouabain)"),
            Field("pump_kmna_mM", 10.0, "concentration_mM", "mM", "half-saturating Nai", True),
            Field("pump_kmk_mM", 3.5, "concentration_mM", "mM", "half-saturating Ko", True),
            Field("pump_q10", PUMP_Q10, "q10", "",
                  "turnover x q10^((T - 37)/10) (nakpump.mod's sources)", True)),
    params=(Param("imax", value=lambda spec: spec.pump_imax(), soma_scaled=True,
                  note="`pump_imax_mA_cm2`, or the imax that balances the leaks"),
            Param("block", "pump_block"), Param("q10", "pump_q10"),
            Param("kmna", "pump_kmna_mM"), Param("kmk", "pump_kmk_mM")),
    ions=(IonUse("na", ("nai",), ("ina",)), IonUse("k", ("ko",), ("ik",))),
    certifiable=True, off=(("pump_imax_mA_cm2", 0.0),), outputs=("ipump", "atp_rate")))

NAKACC = register(Mechanism(
    "nakacc", "intracellular Na+ and K+ accumulation (amounts conserved)", "ion pool",
    "nakacc.mod",
    fields=(Field("accumulate_ions", False, "flag", "",
                  "Nai and Ki change with the Na+ and K+ currents"),),
    params=(Param("nai0", "nai_mM"), Param("ki0", "ki_mM"),
            Param("vol_area", per_section="volume_per_area_um")),
    switch="accumulate_ions",
    ions=(IonUse("na", ("ina",), ("nai",)), IonUse("k", ("ik",), ("ki",))),
    off=(("accumulate_ions", False),)))

IONVOL = register(Mechanism(
    "ionvol", "the pump-leak model: Na+, K+ and Cl- inside, impermeant anions and a volume "
    "that water makes follow the osmotic balance (amounts and water conserved)", "ion pool",
    "ionvol.mod",
    fields=(Field("volume_follows_osmosis", False, "flag", "",
                  "Nai, Ki, Cli and the volume move (ionvol; instead of accumulate_ions)"),
            Field("water_permeability_cm_s", 1e-3, "water_permeability_cm_s", "cm/s",
                  "osmotic water permeability Pf of the membrane (0: a rigid cell; no "
                  "neuronal measurement found: neurons lack aquaporins, Andrew et al. 2007, "
                  "Cereb Cortex 17:787; in the pump-leak study's ouabain run-down Pf / 10 "
                  "barely matters). The bath is fixed for the whole run")),
    params=(Param("nai0", "nai_mM"), Param("ki0", "ki_mM"), Param("cli0", "cli_mM"),
            Param("pf", "water_permeability_cm_s"),
            Param("vol_area", per_section="volume_per_area_um")),
    switch="volume_follows_osmosis",
    ions=(IonUse("na", ("ina", "nao"), ("nai",)), IonUse("k", ("ik", "ko"), ("ki",)),
          IonUse("cl", ("icl", "clo"), ("cli",))),
    off=(("volume_follows_osmosis", False),), outputs=("w", "nx", "zx", "osm_o")))

NAV = register(Mechanism(
    "nav", "fast transient Na+ current for spikes, at 37 degC (q10 3)", "gated", "nav.mod",
    fields=(_conductance("gnav_soma_S_cm2", "Na+ spike channels in the soma", 0.5),
            _conductance("gnav_axon_S_cm2", "Na+ spike channels in the axon initial segment", 3.0)),
    params=(Param("gbar", by_region=(("soma", "gnav_soma_S_cm2"), ("axon", "gnav_axon_S_cm2"))),),
    regions=("soma", "axon"), density=("gbar",),
    ions=(IonUse("na", ("ena",), ("ina",)),), certifiable=True))

KDR = register(Mechanism(
    "kdr", "delayed-rectifier K+ current for spike repolarisation, at 37 degC (q10 3)",
    "gated", "kdr.mod",
    fields=(_conductance("gkdr_soma_S_cm2", "K+ spike channels in the soma", 1.0),
            _conductance("gkdr_axon_S_cm2", "K+ spike channels in the axon initial segment",
                         2.0)),
    params=(Param("gbar", by_region=(("soma", "gkdr_soma_S_cm2"), ("axon", "gkdr_axon_S_cm2"))),),
    regions=("soma", "axon"), density=("gbar",),
    ions=(IonUse("k", ("ek",), ("ik",)),), certifiable=True))

HCN = register(Mechanism(
    "hcn", "Ih: Na+ and K+ in a fixed conductance ratio, opened by hyperpolarisation and "
    "shifted by cAMP", "gated", "hcn.mod",
    fields=(_conductance("ghcn_S_cm2", "Ih on every section"),
            Field("hcn_camp_shift_mV", 0.0, "potential_mV", "mV",
                  "cAMP's shift of Ih's activation"),
            Field("hcn_vhalf_mV", -85.0, "potential_mV", "mV", "Ih's half-activation")),
    params=(Param("gbar", "ghcn_S_cm2"), Param("camp_shift", "hcn_camp_shift_mV"),
            Param("vhalf", "hcn_vhalf_mV")),
    density=("gbar",),
    ions=(IonUse("na", ("ena",), ("ina",)), IonUse("k", ("ek",), ("ik",))), certifiable=True))

AHP = register(Mechanism(
    "ahp", "the medium AHP: a high-threshold Ca2+ current fills a private Ca2+ pool that "
    "opens an SK-type K+ current; shut at rest", "gated", "ahp.mod",
    fields=(_conductance("gca_soma_S_cm2", "the soma's high-threshold Ca2+ current"),
            _conductance("gsk_soma_S_cm2", "the soma's SK-type K(Ca) current"),
            Field("ahp_tau_ca_ms", 40.0, "duration_ms", "ms",
                  "removal time constant of the AHP's Ca2+ pool", True)),
    params=(Param("gcabar", "gca_soma_S_cm2"), Param("gskbar", "gsk_soma_S_cm2"),
            Param("tau_ca", "ahp_tau_ca_ms")),
    regions=("soma",), density=("gcabar", "gskbar"),
    ions=(IonUse("ca", ("eca",), ("ica",), current_gate="gcabar"),
          IonUse("k", ("ek",), ("ik",), current_gate="gskbar")),
    certifiable=True, outputs=("cas", "q")))

KM = register(Mechanism(
    "km", "the M-current (Kv7/KCNQ): slow, non-inactivating K+ current, half-activated near "
    "-40 mV (q10 3)", "gated", "km.mod",
    fields=(_conductance("gkm_S_cm2", "the M-current in the soma and axon initial segment"),),
    params=(Param("gbar", "gkm_S_cm2"),),
    regions=("soma", "axon"), density=("gbar",),
    ions=(IonUse("k", ("ek",), ("ik",)),),
    # too slow (tens of ms at 37 degC) to move before a step just above rheobase fires
    slow_gates=(("tau_min", 1e30), ("tau_amp", 0.0)), certifiable=True))

KIR = register(Mechanism(
    "kir", "an astrocyte's inward rectifier (Kir4.1-like): K+ conductance ~ sqrt(Ko), closing "
    "positive to E_K; instantaneous", "gated", "kir.mod",
    fields=(_conductance("gkir_S_cm2", "Kir4.1 on every section (astrocytes)"),),
    params=(Param("gbar", "gkir_S_cm2"),),
    density=("gbar",),
    # its I-V has a negative slope positive to E_K: outside the certificate's reach
    ions=(IonUse("k", ("ek", "ko"), ("ik",)),), certifiable=False))

# NEURON's own passive leak: never painted by a spec, but a user may insert it by hand
PAS = register(Mechanism(
    "pas", "NEURON's passive leak (ohmic)", "leak", None,
    leak_conductance=("g",), certifiable=True, painted=False))

# declared above, before anyone else can declare: the package's own, in painting order
PACKAGE_MECHANISMS = mechanisms()
seal("package", PACKAGE_MECHANISMS)
# those whose .mod files ship with leakmodels (mechanisms/mod), which it compiles and loads
SHIPPED = tuple(m for m in PACKAGE_MECHANISMS if m.mod_file is not None)
