"""Every published reference number leakmodels compares its cells with, once, with its source.

The studies (`cells`, `size_principle`, `validation`, ...) and the tests take their ranges
from here and from nowhere else.

Plain numbers with units in their names, and where the real reconstructions live and how to
get them (`default_morphologies`, `WHERE_TO_GET`); nothing here runs NEURON. Where a number was taken
from the issue that asked for the study and not re-read in the original paper, its `source`
says so.

* Cat lumbar alpha-motoneurons: R_in and rheobase ranges, the primate means of Carp (1992),
  Caillet et al. (2022)'s empirical cat relation between rheobase and input resistance, and
  the "step" membrane of Fleshman, Segev & Burke (1988) (low somatic R_m, dendritic R_m
  11 kOhm cm2).
* Small interneurons: R_in and rheobase ranges.
* The two Allen Cell Types mouse interneurons in ../shared/morphologies: their measured
  R_in, tau, rheobase and V_rest (copied from that folder's README.md).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Range:
    """A published interval lo..hi (in `unit`) and where it comes from. checked: how the
    numbers were checked against the paper's (or database's) own text; "" when they were not
    (a study then scores the range as a plausibility check, never as a prediction)."""

    lo: float
    hi: float
    unit: str
    source: str
    checked: str = ""

    def contains(self, value: float) -> bool:
        return self.lo <= value <= self.hi


@dataclass(frozen=True)
class MeanSD:
    """A published mean +- standard deviation (in `unit`) and where it comes from; checked
    as `Range.checked`."""

    mean: float
    sd: float
    unit: str
    source: str
    checked: str = ""

    @property
    def lo(self) -> float:
        return self.mean - self.sd

    @property
    def hi(self) -> float:
        return self.mean + self.sd


# --- motoneurons ---------------------------------------------------------------------------
CAT_MN_RIN_MOHM = Range(0.5, 5.0, "MOhm", "cat lumbar alpha-motoneurons, about 0.5-5 MOhm "
                        "(SCIENCE.md S5 and the issue's range)")
CAT_MN_RHEOBASE_NA = Range(3.0, 40.0, "nA", "cat lumbar alpha-motoneurons, about 3-40 nA "
                           "(SCIENCE.md S5 and the issue's range)")
# repetitive firing of cat lumbar motoneurons (the ranges, from Kernell 1965 Acta
# Physiol Scand 65:65/74/87; Zengel et al. 1985 J Physiol 368:19; Powers & Binder 2001 Rev
# Physiol Biochem Pharmacol 143:137; not re-read against the papers here)
CAT_MN_MIN_RATE_HZ = Range(5.0, 25.0, "Hz", "cat lumbar motoneurons start steady firing at "
                           "roughly 5-25 Hz (Kernell 1965; Powers & Binder 2001)")
CAT_MN_AHP_MS = Range(50.0, 200.0, "ms", "cat motoneuron AHP duration, about 50-200 ms "
                      "(Zengel et al. 1985, J Neurophysiol 53:1323; range not re-read in the "
                      "paper)")
CAT_MN_FI_SLOPE_HZ_PER_NA = Range(1.0, 3.0, "Hz/nA", "primary-range f-I slope of cat "
                                  "motoneurons, roughly 1-3 Hz/nA (Kernell 1965; Powers & "
                                  "Binder 2001)")
PRIMATE_MN_RIN_MOHM = MeanSD(1.0, 0.5, "MOhm", "Carp 1992, J Neurophysiol 68:1121, primate "
                             "lumbar motoneurons (mean +- SD as quoted in the issue)")
PRIMATE_MN_RHEOBASE_NA = MeanSD(13.0, 7.0, "nA", "Carp 1992, J Neurophysiol 68:1121, primate "
                                "lumbar motoneurons (mean +- SD as quoted in the issue)")


@dataclass(frozen=True)
class PowerLaw:
    """y = k x^exponent, with k for x and y in the units of the names below."""

    k_nA: float            # rheobase (nA) at R_in = 1 MOhm
    exponent: float
    source: str
    checked: str = ""      # as Range.checked

    def rheobase_nA(self, rin_MOhm):
        return self.k_nA * rin_MOhm ** self.exponent


# Caillet, Phillips, Farina & Modenese 2022, eLife 11:e76489, Table 4 (cat data, SI units):
# I_th [A] = 2.7e-2 R [Ohm]^-1.04, i.e. 2.7e-2 * 1e9 * (1e6)^-1.04 = 15.5 nA at 1 MOhm.
# Their species-normalised relation (Appendix 1, Table 2) has exponent -1.0. The tables
# give no confidence interval for the exponent; the study's claim uses -1.3..-0.7.
_CAILLET_TABLE_4 = ("Table 4 (cat, SI units) read at PMC9612914; its extracted text lost "
                    "superscripts and minus signs, which the magnitudes fix")
CAILLET_CAT_RHEOBASE_VS_RIN = PowerLaw(
    k_nA=2.7e-2 * 1e9 * (1e6) ** -1.04, exponent=-1.04,
    source="Caillet et al. 2022, eLife 11:e76489, Table 4 (cat): I_th = 2.7e-2 R^-1.04 (A, Ohm)",
    checked=_CAILLET_TABLE_4)
# the same table: R = 1.7e-10 S_neuron^-2.43 (Ohm, m2) across cat motoneurons, whose membranes
# differ with size (R_m = 1.0e-10 S^-1.43, Ohm m2, in the same table); no spread is given
CAILLET_CAT_RIN_VS_AREA_EXPONENT = -2.43
CAILLET_CAT_RIN_VS_AREA_K = 1.7e-10  # R (Ohm) at S = 1 m2


def caillet_cat_rin_MOhm(area_um2):
    """Caillet et al.'s cat relation R = 1.7e-10 S^-2.43 (Ohm, m2), in MOhm for S in um2."""
    return CAILLET_CAT_RIN_VS_AREA_K * (area_um2 * 1e-12) ** CAILLET_CAT_RIN_VS_AREA_EXPONENT / 1e6
CAILLET_CAT_RIN_VS_AREA_SOURCE = ("Caillet et al. 2022, eLife 11:e76489, Table 4 (cat): "
                                  "R = 1.7e-10 S^-2.43 (Ohm, m2)")
CAILLET_NORMALISED_EXPONENT = -1.0  # Appendix 1, Table 2 (species-normalised)
EXPONENT_CLAIM_RANGE = (-1.3, -0.7)


@dataclass(frozen=True)
class StepMembrane:
    """A motoneuron membrane with a low-resistance soma ("step" model): plain numbers."""

    rm_soma_ohm_cm2: float
    rm_dend_ohm_cm2: float
    ra_ohm_cm: float
    cm_uF_cm2: float
    source: str


# Fleshman, Segev & Burke 1988, J Neurophysiol 60:60-85: passive models of six cat triceps
# surae motoneurons matched R_N and tau_0 only with a soma far leakier than the dendrites.
# The numbers are those of the published implementation of their cell 43/5 in Powers,
# ElBasiouny, Rymer & Heckman 2012, J Neurophysiol 107:808 (ModelDB 143671, FRcablepas.hoc:
# soma g_pas = 1/225 S/cm2, dendrite 1/11000 S/cm2, Ra 70 ohm cm, cm 1 uF/cm2).
FLESHMAN_STEP = StepMembrane(
    rm_soma_ohm_cm2=225.0, rm_dend_ohm_cm2=11000.0, ra_ohm_cm=70.0, cm_uF_cm2=1.0,
    source="Fleshman, Segev & Burke 1988 J Neurophysiol 60:60 'step' model, values of "
           "ModelDB 143671 (Powers et al. 2012 J Neurophysiol 107:808)")

# --- the K2P channels' senses (S7c) --------------------------------------------------------
@dataclass(frozen=True)
class Published:
    """One published number (in `unit`), where it comes from and how it was checked."""

    value: float
    unit: str
    source: str
    checked: str


# TASK-1's pH curve: two points of Duprat et al.'s abstract; the Hill curve through them has
# n = log10(81) = 1.91 and pK 7.2 (`studies.sentinels.hill_through`)
DUPRAT_TASK_PH_POINTS = ((7.7, 0.9), (6.7, 0.1))
DUPRAT_TASK_SOURCE = ("Duprat et al. 1997, EMBO J 16:5464: 90 % of the maximum TASK current at "
                      "pH 7.7, 10 % at pH 6.7 (abstract, PubMed 9312005)")
MAINGRET_TREK_FOLD_PER_10_DEGC = Published(
    7.0, "fold per 10 degC", "Maingret et al. 2000, EMBO J 19:2483: a 10 degC rise enhances "
    "TREK-1 current about 7-fold", checked="abstract (doi 10.1093/emboj/19.11.2483)")
# TASK-3 and TRESK are not temperature-sensitive between 24 and 37 degC, and in cerebellar
# granule and DRG neurons TREK-1/2 and TRAAK are mostly closed at 24 degC and very active at
# 37 (Kang, Choe & Kim 2005, J Physiol 564:103, abstract): the K+ leak is a temperature-
# insensitive part and a TREK part
KANG_2005 = "Kang, Choe & Kim 2005, J Physiol 564:103 (abstract)"
# the one measured share found: in rat DRG neurons at 37 degC, TREK-2-like (69 %), TREK-1-like
# (12 %) and TRAAK-like (3 %) channels carry 84 % of the resting K+ current, a TRESK-like one
# 16 % (a peripheral neuron; no share was found for a central one)
KANG_KIM_TREK_SHARE = Published(
    0.84, "", "Kang & Kim 2006, Am J Physiol Cell Physiol 291:C138: TREK-2, TREK-1 and TRAAK "
    "carry 69 + 12 + 3 % of the resting K+ current of DRG neurons at 37 degC",
    checked="abstract (PubMed 16495368)")
# cooling rat L2/3 pyramidal cells from 36 degC to room temperature: total membrane
# conductance Q10 1.98, capacitance Q10 0.96 (abstract)
TREVELYAN_JACK_GTOT_Q10 = Published(
    1.98, "", "Trevelyan & Jack 2002, J Physiol 539:623: total conductance of rat L2/3 "
    "pyramidal cells between 36 degC and room temperature, Q10 = 1.98",
    checked="abstract (PMC2290153)")
# the temperatures it was measured between: 36 degC and room temperature, taken as 24 degC
# (the abstract does not give room temperature; Kang et al. record at 24)
TREVELYAN_JACK_DEGC = (24.0, 36.0)
# room temperature, where slices are recorded and neurons rest with no input (Trevelyan &
# Jack's passive measurements were made on resting cells at room temperature)
SLICE_DEGC = (22.0, 25.0)

# the specific membrane capacitance of neurons, measured directly (a fitted membrane is kept
# at it where the data allow)
GENTET_CM_UF_CM2 = Published(
    0.9, "uF/cm2", "Gentet, Stuart & Clements 2000, Biophys J 79:314: specific membrane "
    "capacitance of three classes of neurons, about 0.9 uF/cm2",
    checked="as quoted (0.88-0.9 uF/cm2) by BioNumbers 109244 from Faisal et al. 2005; not "
            "read in the paper itself")

# --- energy --------------------------------------------------------------------------------
ATTWELL_LAUGHLIN_ATP_PER_S = Range(1e8, 1e9, "1/s", "Attwell & Laughlin 2001, J Cereb Blood "
                                   "Flow Metab 21:1133: the resting potential takes 13 % of "
                                   "3.29e9 ATP/s per rodent cortical neuron at 4 Hz, 4.3e8/s "
                                   "(abstract; the total as quoted by BioNumbers 108672); "
                                   "1e8-1e9 is this package's reading of that order for other "
                                   "neurons, not a published range")

# the tissue budget (S3's "2 % of body mass, 20 % of its energy; a large share pays the pump
# fighting the leaks"), each number with how it was read
CORTEX_NEURONS_PER_CM3 = Published(
    9.2e7, "1/cm3", "Attwell & Laughlin 2001, J Cereb Blood Flow Metab 21:1133, p. 1139, from "
    "Braitenberg & Schuz 1998: 9.2e7 neurons per cm3 (about per g) of rodent neocortex",
    checked="as quoted with page and column by BioNumbers 108672; not read in the paper")
CORTEX_ATP_UMOL_PER_G_MIN = Published(
    30.0, "umol/g/min", "Attwell & Laughlin 2001, p. 1139: 30 umol ATP/g/min for rodent "
    "neocortex at a mean firing rate of 4 Hz (3.29e9 ATP/s per neuron)",
    checked="as quoted with page and column by BioNumbers 108672; not read in the paper")
RESTING_POTENTIAL_SHARE = Range(
    0.13, 0.20, "", "the resting potentials' share of the cortex's signalling energy: 13 % "
    "(Attwell & Laughlin 2001, abstract), 20 % (Howarth, Gleeson & Attwell 2012, J Cereb Blood "
    "Flow Metab 32:1222, abstract); shares of two different totals (Howarth et al. revised "
    "the spikes' cost down), the tissue total only as quoted, and read here as neurons' "
    "resting potentials (a review's excerpt says neurons and glia): a plausibility band")
ATTWELL_LAUGHLIN_ATP_PER_NEURON_S = Published(
    3.29e9, "1/s", "Attwell & Laughlin 2001, p. 1139: 3.29e9 ATP/s per rodent cortical neuron "
    "at a mean firing rate of 4 Hz", checked="as quoted by BioNumbers 108672; not read in the "
    "paper")
ATTWELL_LAUGHLIN_RESTING_SHARE = Published(
    0.13, "", "Attwell & Laughlin 2001: the resting potential takes 13 % of the signalling "
    "energy", checked="abstract (PubMed 11598490)")
BRAIN_BODY_MASS_SHARE = Published(
    0.02, "", "Sokoloff 1991, Adv Exp Med Biol 291 (citing Sokoloff 1989): the human brain is "
    "about 2 % of body weight and uses about 20 % of the body's basal O2",
    checked="the chapter's opening paragraph")
BRAIN_O2_SHARE = Published(0.20, "", BRAIN_BODY_MASS_SHARE.source, BRAIN_BODY_MASS_SHARE.checked)

# the ceiling of [K+]o during intense activity in cortex
HEINEMANN_LUX_CEILING_MM = Range(10.0, 12.0, "mM", "Heinemann & Lux 1977, Brain Res 120:231: "
                                 "[K+]o rises to a ceiling of about 10-12 mM during repetitive "
                                 "stimulation (the issue's reading; the paper was not found "
                                 "to read)")

# the glia of a tissue (studies.tissue_k)
ASTROCYTE_AREA_PER_UM = Published(
    1.4, "um2/um3", "Lehre & Danbolt 1998, J Neurosci 18:8751 (abstract): the total astroglial "
    "cell surface is 1.4 m2/cm3 in the stratum radiatum of adult rat hippocampus CA1 (3.8 in "
    "the cerebellar molecular layer); 1 m2/cm3 = 1 um2/um3", checked="the abstract (PMC6793562)")
GARDNER_MEDWIN_BUFFER_ZONE_UM = Published(
    200.0, "um", "Gardner-Medwin 1983, J Physiol 335:393 (abstract): spatial buffering most "
    "reduces [K+]o rises with net release over zones of tissue wider than ca. 200 um, for "
    "minutes (reductions greater than 75 % may be achieved)", checked="the abstract")

# --- development (S2) and glia (S7) -----------------------------------------------------------
MATURE_PNA_OVER_PK = Range(0.04, 0.05, "", "the source text (SCIENCE.md S2): a mature "
                           "neuron's PNa/PK falls to 0.04-0.05")
MATURE_V_REST_MV = Range(-70.0, -65.0, "mV", "the source text (SCIENCE.md S2): PNa/PK "
                         "0.04-0.05 gives a rest of -65 to -70 mV (its body: -68 to -65)")
ASTROCYTE_REST_ABOVE_EK_MV = Range(0.0, 5.0, "mV", "astrocytes rest near E_K (SCIENCE.md "
                                   "S7); 'near' taken as within 5 mV above it, this package's "
                                   "reading, not a published bound")
ASTROCYTE_RIN_MOHM = Range(2.0, 50.0, "MOhm", "astrocytes have a low R_in (SCIENCE.md S7): "
                           "recorded values of a few to tens of MOhm (not re-checked against "
                           "one paper here)")

# --- interneurons --------------------------------------------------------------------------
SMALL_IN_RIN_MOHM = Range(150.0, 1600.0, "MOhm", "small interneurons, about 150 MOhm-1.6 GOhm "
                          "(the issue's range; no single paper checked)")
SMALL_IN_RHEOBASE_NA = Range(0.010, 0.160, "nA", "small interneurons, about 10-160 pA "
                             "(the issue's range; no single paper checked)")


@dataclass(frozen=True)
class MeasuredCell:
    """Electrophysiology measured on the same specimen as a reconstruction."""

    file: str
    rin_MOhm: float
    tau_ms: float
    rheobase_nA: float
    v_rest_mV: float
    source: str

    @property
    def threshold_distance_mV(self) -> float:
        """R_in x rheobase: the first-order voltage distance from rest to threshold."""
        return self.rin_MOhm * self.rheobase_nA


_ALLEN = ("Allen Cell Types Database (2015), long-square features of specimen {}, "
          "as listed in shared/morphologies/README.md")
ALLEN_INTERNEURONS = {
    "Pvalb_470522102_m": MeasuredCell("Pvalb_470522102_m.swc", 123.4, 5.9, 0.250, -81.4,
                                      _ALLEN.format(330080937)),
    "Sst_491119181_m": MeasuredCell("Sst_491119181_m.swc", 358.4, 23.6, 0.020, -66.2,
                                    _ALLEN.format(464198958)),
}
# A fitted cell's rheobase is scored against its measured one within this fraction: the
# long-square rheobase is the smallest of a series of 1-s steps that evoked a spike, known to
# one step of that series. The band is leakmodels' acceptance choice, not a published error.
ALLEN_RHEOBASE_TOLERANCE = 0.2
# R_in x rheobase of the two Allen aspiny interneurons here (30.9 and 7.2 mV): the measured
# bracket a default interneuron's threshold distance is set against
ALLEN_THRESHOLD_DISTANCE_MV = Range(
    min(c.threshold_distance_mV for c in ALLEN_INTERNEURONS.values()),
    max(c.threshold_distance_mV for c in ALLEN_INTERNEURONS.values()), "mV",
    "R_in x rheobase of the two Allen Cell Types aspiny interneurons in shared/morphologies "
    "(specimens 330080937 and 464198958)",
    checked="the database's long-square features of each specimen, as listed beside its "
            "file in shared/morphologies/README.md")
MOTONEURON_FOLDER = "cat-motoneurons"
INTERNEURON_FOLDER = "mouse-cortical-interneurons"
# where the real reconstructions are found, and where to get them
SHARED_MORPHOLOGIES = Path(__file__).resolve().parents[3] / "shared" / "morphologies"
WHERE_TO_GET = ("real reconstructions: SWC files from NeuroMorpho.org (cat motoneurons) and "
                "the Allen Cell Types Database (mouse interneurons, with their measured "
                "electrophysiology); pass --morphologies DIR (the folder holding "
                f"{MOTONEURON_FOLDER}/ and {INTERNEURON_FOLDER}/) or set "
                "LEAKMODELS_MORPHOLOGIES")


def default_morphologies() -> Path | None:
    """$LEAKMODELS_MORPHOLOGIES, else ../shared/morphologies beside a checkout, else None."""
    env = os.environ.get("LEAKMODELS_MORPHOLOGIES")
    if env:
        return Path(env).expanduser()
    return SHARED_MORPHOLOGIES if SHARED_MORPHOLOGIES.is_dir() else None


MOTONEURON_SOURCE = ("NeuroMorpho.org; Balbi, Martinoia & Massobrio 2015, Front. Comput. "
                     "Neurosci. 9:15 (ModelDB 180370)")
