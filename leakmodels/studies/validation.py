"""Validation: real cat motoneurons and mouse interneurons against published and measured data.

1. The six cat alpha-motoneuron reconstructions (shared/morphologies/cat-motoneurons) are built
   with `from_swc` and the default membrane; their R_in (a -0.1 mV current step) and rheobase
   (500 ms steps, bisection to `precision`) are set against the cat ranges (R_in 0.5-5 MOhm,
   rheobase 3-40 nA), Carp (1992)'s primate means and Caillet et al. (2022)'s cat relation
   I_th = 15.5 nA (R_in / 1 MOhm)^-1.04; the exponent of rheobase against R_in across the
   real cells is fitted (log-log least squares). A cell the default membrane puts outside
   the cat ranges is rebuilt with Fleshman, Segev & Burke (1988)'s "step" membrane: dendritic
   R_m 11 kOhm cm2, Ra 70 ohm cm, and a soma whose K+ and Na+ leaks (and the pump that
   balances them) are scaled up together to R_m 225 ohm cm2 (`apply_somatic_shunt`; PNa/PK,
   hence V_rest, unchanged).
2. The default `interneuron()` against the small-interneuron ranges (R_in 150 MOhm-1.6 GOhm,
   rheobase 10-160 pA); the two Allen mouse interneurons against their own measured R_in,
   tau, rheobase and V_rest, first with the default membrane, then with a membrane fitted to
   the cell (`fit_membrane`): PNa/PK from the measured V_rest (Mullins-Noda, pump balanced),
   the leak permeabilities scaled together until R_in matches and cm until tau matches.
   The model's R_in x rheobase (distance from rest to threshold) is reported beside the
   measured one.
Reference numbers and their sources: `leakmodels.validation_data`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import validation_data as ref
from ..builders import interneuron, motoneuron
from ..measurements import input_resistance, rheobase_search, time_constant
from ..membrane import DEFAULT_MEMBRANE, MembraneSpec
from ..swc import from_swc
from .base import StudyResult, claim_between, claim_close
from .validation_figure import validation_figure

NAME = "validation"
DEFAULT_MORPHOLOGIES = Path(__file__).resolve().parents[3] / "shared" / "morphologies"
RHEOBASE_ATOL_MV = 1e-4  # CVODE atol of rheobase trials: same bracket as 1e-5 (v_e_moto2), 1.5x faster
FIT_RTOL = 0.002         # the membrane fit stops when R_in and tau are both within 0.2 %


# --- membranes -----------------------------------------------------------------------------
def membrane_with_rm(base: MembraneSpec, rm_ohm_cm2: float, pna_over_pk: float | None = None) -> MembraneSpec:
    """`base` with pk_cm_s and pna_cm_s scaled together (ratio kept, or set to pna_over_pk)
    so that the leaks' specific resistance at their (pump-balanced) rest is rm_ohm_cm2."""
    ratio = base.pna_cm_s / base.pk_cm_s if pna_over_pk is None else pna_over_pk
    unit = base.with_(pk_cm_s=1e-6, pna_cm_s=1e-6 * ratio)
    scale = unit.rest_slope_rm_ohm_cm2() / rm_ohm_cm2  # slope conductance is linear in P
    return base.with_(pk_cm_s=1e-6 * scale, pna_cm_s=1e-6 * ratio * scale)


def apply_somatic_shunt(cell, rm_soma_ohm_cm2: float) -> float:
    """Make the soma's resting R_m equal rm_soma_ohm_cm2: kleak and naleak pbar and the pump's
    imax of every soma segment multiplied by one factor (returned). PNa/PK and the pump
    balance are kept, so V_rest does not move; cell.membrane still describes the dendrites."""
    factor = cell.membrane.rest_slope_rm_ohm_cm2() / rm_soma_ohm_cm2
    for sec in cell.sections_in("soma"):
        for seg in sec:
            seg.kleak.pbar *= factor
            seg.naleak.pbar *= factor
            seg.nakpump.imax *= factor
    return factor


def step_membrane_cell(path, step: ref.StepMembrane = ref.FLESHMAN_STEP,
                       base: MembraneSpec = DEFAULT_MEMBRANE):
    """The reconstruction at `path` with a step membrane: leaky soma, dendritic R_m elsewhere."""
    membrane = membrane_with_rm(base.with_(ra_ohm_cm=step.ra_ohm_cm, cm_uF_cm2=step.cm_uF_cm2),
                                step.rm_dend_ohm_cm2)
    cell = from_swc(path, membrane=membrane)
    try:
        apply_somatic_shunt(cell, step.rm_soma_ohm_cm2)
    except BaseException:
        cell.destroy()
        raise
    return cell


def mullins_noda_pna_over_pk(v_rest_mV: float, spec: MembraneSpec) -> float:
    """PNa/PK that puts the pump-balanced leak rest at v_rest_mV (inverse of
    V = (RT/F) ln[(1.5 PK Ko + PNa Nao) / (1.5 PK Ki + PNa Nai)])."""
    x = math.exp(v_rest_mV / (1e3 * 8.314462618 * (spec.celsius_degC + 273.15) / 96485.33212))
    num, den = 1.5 * (x * spec.ki_mM - spec.ko_mM), spec.nao_mM - x * spec.nai_mM
    if num <= 0 or den <= 0:
        raise ValueError(f"v_rest_mV={v_rest_mV} cannot be reached by K+ and Na+ leaks with a "
                         f"balanced pump (E_K {spec.ek_mV:.1f} mV, E_Na {spec.ena_mV:.1f} mV).")
    return num / den


@dataclass(frozen=True)
class MembraneFit:
    """A membrane fitted to a cell's measured R_in and tau (and V_rest)."""

    membrane: MembraneSpec
    rm_ohm_cm2: float
    iterations: int


def fit_membrane(path, target: ref.MeasuredCell, base: MembraneSpec = DEFAULT_MEMBRANE,
                 fit_v_rest: bool = True, rtol: float = FIT_RTOL, max_iter: int = 12) -> MembraneFit:
    """Fit cm_uF_cm2 and the leak scale (pk_cm_s, pna_cm_s together) to target.rin_MOhm and
    target.tau_ms; with fit_v_rest, PNa/PK from target.v_rest_mV (Mullins-Noda).

    Start from the isopotential cell (R_m = R_in x area, cm = tau / R_m), then fixed-point
    steps: R_m *= R_in,target / R_in (R_in ~ R_m), R_m cm *= tau_target / tau (tau ~ R_m cm),
    until both are within rtol. R_in from a -0.1 mV step, tau = tau_0 (`time_constant`).
    """
    ratio = mullins_noda_pna_over_pk(target.v_rest_mV, base) if fit_v_rest else None
    with from_swc(path, membrane=base) as cell:
        area_cm2 = cell.area_um2 * 1e-8
    rm = target.rin_MOhm * 1e6 * area_cm2
    cm = target.tau_ms * 1e-3 / rm * 1e6
    for i in range(1, max_iter + 1):
        spec = membrane_with_rm(base.with_(cm_uF_cm2=cm), rm, ratio)
        with from_swc(path, membrane=spec) as cell:
            rin = input_resistance(cell, method="step")
            tau = time_constant(cell)
        if abs(rin / target.rin_MOhm - 1) < rtol and abs(tau / target.tau_ms - 1) < rtol:
            return MembraneFit(spec, rm, i)
        rm_new = rm * target.rin_MOhm / rin
        cm *= (target.tau_ms / tau) * (rm / rm_new)
        rm = rm_new
    raise RuntimeError(f"fit_membrane({Path(str(path)).name}): R_in {rin:.4g} MOhm and tau "
                       f"{tau:.4g} ms not within {rtol:.1%} of the targets after {max_iter} steps.")


# --- measurements ------------------------------------------------------------------------
def _measure(cell, precision: float, with_rheobase: bool = True, with_tau: bool = False) -> dict:
    """V_rest, R_in (step), optionally tau_0 and rheobase of a cell; lengths of its tree."""
    dend = [s for s in cell.sections if cell.region_of(s) == "dend"]
    row = {"area_um2": cell.area_um2, "soma_diam_um": cell.soma.diam,
           "dend_length_um": sum(s.L for s in dend),
           "rin_MOhm": input_resistance(cell, method="step"),
           "rin_impedance_MOhm": input_resistance(cell, method="impedance"),
           "tau_ms": time_constant(cell) if with_tau else math.nan,
           "v_rest_mV": math.nan, "rheobase_nA": math.nan}
    if with_rheobase:
        rh = rheobase_search(cell, precision=precision, atol=RHEOBASE_ATOL_MV)
        row.update(v_rest_mV=rh.v_rest_mV, rheobase_nA=rh.rheobase_nA)
    row["threshold_distance_mV"] = row["rin_MOhm"] * row["rheobase_nA"]
    return row


def _membrane_columns(spec: MembraneSpec, rm_soma=None) -> dict:
    rm = spec.rest_slope_rm_ohm_cm2()
    return {"rm_dend_ohm_cm2": rm, "rm_soma_ohm_cm2": rm if rm_soma is None else rm_soma,
            "cm_uF_cm2": spec.cm_uF_cm2, "ra_ohm_cm": spec.ra_ohm_cm,
            "pna_over_pk": spec.pna_cm_s / spec.pk_cm_s}


def in_cat_ranges(row) -> bool:
    return (ref.CAT_MN_RIN_MOHM.contains(row["rin_MOhm"])
            and ref.CAT_MN_RHEOBASE_NA.contains(row["rheobase_nA"]))


def motoneuron_rows(paths, precision: float, step: ref.StepMembrane = ref.FLESHMAN_STEP,
                    literature_scales=()) -> list:
    """Default and (where the default misses the cat ranges) step-membrane rows per cell.

    The step membrane's R_in is measured for every cell; its rheobase only where the default
    misses (`final_model` marks the membrane kept for each cell's claims)."""
    rows = []
    for path in paths:
        common = {"cell": path.stem, "group": "cat motoneuron", "source": ref.MOTONEURON_SOURCE}
        with from_swc(path) as cell:
            default = {**common, "membrane": "default", **_measure(cell, precision),
                       **_membrane_columns(cell.membrane)}
        misses = not in_cat_ranges(default)
        default["final_model"] = not misses
        with step_membrane_cell(path, step) as cell:
            adjusted = {**common, "membrane": "adjusted", **_measure(cell, precision, misses),
                        **_membrane_columns(cell.membrane, step.rm_soma_ohm_cm2),
                        "final_model": misses, "membrane_source": step.source}
        rows += [default, adjusted]
    for scale in literature_scales:
        with motoneuron(scale=scale) as cell:
            rows.append({"cell": f"lm.motoneuron(scale={scale:g})", "group": "literature motoneuron",
                         "source": "morphologies/motoneuron.json", "membrane": "default",
                         **_measure(cell, precision), **_membrane_columns(cell.membrane),
                         "final_model": True})
    for r in rows:
        r["rheobase_caillet_nA"] = ref.CAILLET_CAT_RHEOBASE_VS_RIN.rheobase_nA(r["rin_MOhm"])
    return rows


def interneuron_rows(paths, precision: float, fit_v_rest: bool = True) -> tuple:
    """Rows of the default interneuron and of each Allen cell (default and fitted membrane),
    and {cell: MembraneFit}."""
    with interneuron() as cell:
        rows = [{"cell": "lm.interneuron()", "group": "model interneuron", "membrane": "default",
                 "source": "morphologies/interneuron.json", "final_model": True,
                 **_measure(cell, precision, with_tau=True), **_membrane_columns(cell.membrane)}]
    fits = {}
    for path in paths:
        target = ref.ALLEN_INTERNEURONS[path.stem]
        measured = {"rin_measured_MOhm": target.rin_MOhm, "tau_measured_ms": target.tau_ms,
                    "rheobase_measured_nA": target.rheobase_nA,
                    "v_rest_measured_mV": target.v_rest_mV,
                    "threshold_distance_measured_mV": target.threshold_distance_mV}
        common = {"cell": path.stem, "group": "mouse interneuron", "source": target.source,
                  **measured}
        with from_swc(path) as cell:
            rows.append({**common, "membrane": "default", "final_model": False,
                         **_measure(cell, precision, with_tau=True), **_membrane_columns(cell.membrane)})
        fits[path.stem] = fit = fit_membrane(path, target, fit_v_rest=fit_v_rest)
        with from_swc(path, membrane=fit.membrane) as cell:
            rows.append({**common, "membrane": "fitted", "final_model": True,
                         "fit_iterations": fit.iterations,
                         **_measure(cell, precision, with_tau=True), **_membrane_columns(cell.membrane)})
    return rows, fits


def fit_exponent(rin_MOhm, rheobase_nA) -> tuple:
    """(exponent, prefactor nA at 1 MOhm) of rheobase = k R_in^exponent, log-log least squares."""
    slope, intercept = np.polyfit(np.log(rin_MOhm), np.log(rheobase_nA), 1)
    return float(slope), float(math.exp(intercept))


def _swc_paths(folder: Path, names, known=None) -> list:
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} not found: pass morphologies_dir=<the folder that "
                                f"holds {folder.name}/> (see shared/morphologies/README.md).")
    paths = sorted(folder.glob("*.swc"))
    if known is not None:
        paths = [p for p in paths if p.stem in known]
    if names is not None:
        by_name = {p.stem: p for p in paths}
        missing = [n for n in names if n not in by_name]
        if missing:
            raise ValueError(f"no {', '.join(missing)} in {folder}; known: {', '.join(by_name)}")
        paths = [by_name[n] for n in names]
    return paths


# --- the study -----------------------------------------------------------------------------
def validation(morphologies_dir=DEFAULT_MORPHOLOGIES, motoneurons=None, interneurons=None,
               precision: float = 0.01, fit_v_rest: bool = True, literature_scales=(),
               step: ref.StepMembrane = ref.FLESHMAN_STEP) -> StudyResult:
    """Real cells against published and measured data (module doc).

    morphologies_dir: the folder holding cat-motoneurons/ and mouse-cortical-interneurons/.
    motoneurons, interneurons: file stems to use (None: every file; interneurons need
    measured data in `validation_data.ALLEN_INTERNEURONS`). precision: relative rheobase
    bracket. literature_scales: also measure lm.motoneuron(scale) at these scales (~10 s each).
    """
    mdir = Path(morphologies_dir)
    mn_paths = _swc_paths(mdir / ref.MOTONEURON_FOLDER, motoneurons)
    in_paths = _swc_paths(mdir / ref.INTERNEURON_FOLDER, interneurons, ref.ALLEN_INTERNEURONS)
    mn_rows = motoneuron_rows(mn_paths, precision, step, literature_scales)
    in_rows, fits = interneuron_rows(in_paths, precision, fit_v_rest)
    table = pd.DataFrame(mn_rows + in_rows)
    if "membrane_source" not in table:
        table["membrane_source"] = ""
    table["membrane_source"] = table.membrane_source.fillna("")

    real = table[(table.group == "cat motoneuron") & (table.membrane == "default")]
    final = table[(table.group == "cat motoneuron") & table.final_model]
    fits_mn = {"default": fit_exponent(real.rin_MOhm, real.rheobase_nA) if len(real) > 1 else None,
               "final": fit_exponent(final.rin_MOhm, final.rheobase_nA) if len(final) > 1 else None}
    lit = table[table.group == "literature motoneuron"]
    if len(lit):
        both = pd.concat([real, lit])
        fits_mn["default + literature"] = fit_exponent(both.rin_MOhm, both.rheobase_nA)
    claims = _claims(table, fits_mn, fit_v_rest)
    fig = validation_figure(table, fits_mn)
    return StudyResult(NAME, "Validation: real motoneurons and interneurons against published data",
                       table, fig, claims, _notes(table, fits_mn, step, precision))


def _claims(table, fits_mn, fit_v_rest) -> list:
    claims = []
    lo_e, hi_e = ref.EXPONENT_CLAIM_RANGE
    for _, r in table[(table.group == "cat motoneuron") & table.final_model].iterrows():
        what = f"{r.cell} ({r.membrane} membrane)"
        claims += [claim_between(NAME, f"{what} R_in in the cat range", r.rin_MOhm,
                                 ref.CAT_MN_RIN_MOHM.lo, ref.CAT_MN_RIN_MOHM.hi, "MOhm"),
                   claim_between(NAME, f"{what} rheobase in the cat range", r.rheobase_nA,
                                 ref.CAT_MN_RHEOBASE_NA.lo, ref.CAT_MN_RHEOBASE_NA.hi, "nA")]
    labels = {"default": "default membrane, real cells",
              "default + literature": "default membrane, real + literature cells"}
    for key, fit in fits_mn.items():  # "final" mixes two membranes: reported in the notes only
        if fit is not None and key in labels:
            claims.append(claim_between(NAME, f"exponent of rheobase vs R_in ({labels[key]}; "
                                        "Caillet 2022: -1.04)", fit[0], lo_e, hi_e, ""))
    d = table[table.cell == "lm.interneuron()"].iloc[0]
    claims += [claim_between(NAME, "default interneuron R_in in the small-interneuron range",
                             d.rin_MOhm, ref.SMALL_IN_RIN_MOHM.lo, ref.SMALL_IN_RIN_MOHM.hi, "MOhm"),
               claim_between(NAME, "default interneuron rheobase in the small-interneuron range",
                             d.rheobase_nA, ref.SMALL_IN_RHEOBASE_NA.lo, ref.SMALL_IN_RHEOBASE_NA.hi, "nA")]
    for _, r in table[(table.group == "mouse interneuron") & (table.membrane == "fitted")].iterrows():
        claims += [claim_close(NAME, f"{r.cell} fitted R_in matches the measured (2 %)", r.rin_MOhm,
                               r.rin_measured_MOhm, 0.02 * r.rin_measured_MOhm, "MOhm"),
                   claim_close(NAME, f"{r.cell} fitted tau matches the measured (2 %)", r.tau_ms,
                               r.tau_measured_ms, 0.02 * r.tau_measured_ms, "ms")]
        if fit_v_rest:
            claims.append(claim_close(NAME, f"{r.cell} fitted V_rest matches the measured",
                                      r.v_rest_mV, r.v_rest_measured_mV, 0.5, "mV"))
    return claims


def _notes(table, fits_mn, step, precision) -> str:
    mn = table[table.group == "cat motoneuron"]
    dflt, adj = mn[mn.membrane == "default"], mn[mn.membrane == "adjusted"]
    missed = dflt[~dflt.final_model]
    kept = dflt[dflt.final_model]
    fmt = lambda s: ", ".join(f"{c} {v:.3g}" for c, v in s.items())  # noqa: E731
    err = 100 * (table.rin_impedance_MOhm / table.rin_MOhm - 1)
    uniform = table.membrane != "adjusted"
    parts = [f"R_in from a -0.1 mV current step, rheobase from 500 ms steps (bisection to "
             f"{100 * precision:g} %). "
             f"NEURON's Impedance.compute(0, 1) (extended) agrees with the step within "
             f"{err[uniform].abs().max():.1f} % on uniform membranes"
             + (f" but misreads the DC R_in once the soma's leak differs from the dendrites' (step "
                f"membrane: {err[~uniform].min():.0f} to {err[~uniform].max():.0f} %)"
                if (~uniform).any() else "") + "; every R_in here is from a step."]
    if fits_mn["default"] is not None:
        e, k = fits_mn["default"]
        parts.append(f"Real cells, default membrane: rheobase = {k:.3g} nA (R_in/MOhm)^{e:.2f}; "
                     f"Caillet et al. 2022 (cat): 15.5 nA (R_in/MOhm)^-1.04. Threshold distance "
                     f"R_in x rheobase: {fmt(dflt.set_index('cell').threshold_distance_mV)} mV.")
    if len(missed):
        parts.append(
            f"The default membrane misses the cat ranges for {', '.join(missed.cell)} (R_in "
            f"{fmt(missed.set_index('cell').rin_MOhm)} MOhm; rheobase "
            f"{fmt(missed.set_index('cell').rheobase_nA)} nA). They hold "
            f"{missed.dend_length_um.min() / 1e3:.0f}-{missed.dend_length_um.max() / 1e3:.0f} mm of "
            f"dendrite and {missed.area_um2.min():.3g}-{missed.area_um2.max():.3g} um2 of membrane"
            + (f", against {kept.dend_length_um.min() / 1e3:.0f}-{kept.dend_length_um.max() / 1e3:.0f}"
               f" mm and {kept.area_um2.min():.3g}-{kept.area_um2.max():.3g} um2 in the other "
               f"archive's cells" if len(kept) else "")
            + ": most likely incomplete dendritic trees. At 10 kOhm cm2 so little membrane gives "
            "a high R_in and a low rheobase, on Caillet's line but beyond the recorded range. "
            f"Adjusted membrane ({step.source}): dendritic R_m {step.rm_dend_ohm_cm2:.0f} ohm cm2, "
            f"Ra {step.ra_ohm_cm:.0f} ohm cm, soma R_m {step.rm_soma_ohm_cm2:.0f} ohm cm2 (K+ and Na+ "
            "leaks and pump scaled together, V_rest unchanged); the recorded R_in of cat "
            "motoneurons includes this somatic shunt. It is used only where the default "
            "misses" + (f": on the other cells, whose somata are {kept.soma_diam_um.min():.0f}-"
                        f"{kept.soma_diam_um.max():.0f} um across, the same shunt gives R_in "
                        f"{fmt(adj[adj.cell.isin(kept.cell)].set_index('cell').rin_MOhm)} MOhm."
                        if len(kept) else "."))
        shunted = adj[adj.final_model]
        parts.append(
            f"The leaky soma raises the spike threshold: R_in x rheobase is "
            f"{shunted.threshold_distance_mV.min():.1f}-{shunted.threshold_distance_mV.max():.1f} mV "
            f"with the step membrane against {dflt.threshold_distance_mV.min():.1f}-"
            f"{dflt.threshold_distance_mV.max():.1f} mV with the default, so a fit across the "
            f"membranes kept (exponent {fits_mn['final'][0]:.2f}) mixes two populations and is "
            "not a test of Caillet's exponent." if fits_mn["final"] is not None else "")
    ins = table[table.group == "mouse interneuron"]
    if len(ins):
        f = ins[ins.membrane == "fitted"].set_index("cell")
        parts.append(
            "Allen interneurons, fitted membranes (cm uF/cm2, R_m ohm cm2, PNa/PK): "
            + "; ".join(f"{c} {r.cm_uF_cm2:.2f}, {r.rm_dend_ohm_cm2:.0f}, {r.pna_over_pk:.3f}"
                        for c, r in f.iterrows())
            + ". Threshold distance R_in x rheobase, model vs measured: "
            + "; ".join(f"{c} {r.threshold_distance_mV:.1f} vs {r.threshold_distance_measured_mV:.1f} mV"
                        for c, r in f.iterrows())
            + ". Only the leaks and cm are fitted; the spike channels keep their default densities, "
            "so the rheobase is a prediction. The Allen R_in and tau come from the whole cell, "
            "its reconstruction misses spines and fine processes: a fitted cm above 1 uF/cm2 "
            "absorbs that missing membrane.")
    parts.append("Sources: NeuroMorpho.org and Balbi, Martinoia & Massobrio 2015 (cat "
                 "motoneurons); Allen Cell Types Database 2015 (mouse interneurons); numbers with "
                 "sources in leakmodels/validation_data.py.")
    return " ".join(parts)


run = validation
