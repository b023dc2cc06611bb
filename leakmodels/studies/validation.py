"""Validation: real cat motoneurons and mouse interneurons against published and measured data.

1. The six cat alpha-motoneuron reconstructions (shared/morphologies/cat-motoneurons) are built
   with `from_swc` and the default membrane; their R_in (steady solves under +/-0.01 mV
   currents) and rheobase (500 ms steps, bisection to `precision`) are set against the cat
   ranges (R_in 0.5-5 MOhm, rheobase 3-40 nA), Carp (1992)'s primate means and Caillet et al. (2022)'s cat relation
   I_th = 15.5 nA (R_in / 1 MOhm)^-1.04; the exponent of rheobase against R_in across the
   real cells is fitted (log-log least squares). Every cell is also measured with one other
   membrane, Fleshman, Segev & Burke (1988)'s "step" membrane: dendritic R_m 11 kOhm cm2,
   Ra 70 ohm cm, and a soma whose K+ and Na+ leaks (and the pump that balances them) are
   scaled up together to R_m 225 ohm cm2 (PNa/PK, hence V_rest, unchanged). One membrane is
   scored on all cells at a time: no cell gets the membrane that suits it. A tree with less
   membrane than the cat literature's lower bound (`MN_AREA_MIN_UM2`, decided on morphology
   before any measurement) is reported as incomplete and not scored: the three AlphaMN trees
   hold a quarter of the v_e cells' membrane and dendrite.
2. The default `interneuron()` against the small-interneuron ranges (R_in 150 MOhm-1.6 GOhm,
   rheobase 10-160 pA); the two Allen mouse interneurons against their own measured R_in,
   tau, rheobase and V_rest, first with the default membrane, then with a membrane fitted to
   the cell (`fit_membrane`): PNa/PK from the measured V_rest (Mullins-Noda, pump balanced),
   the leak permeabilities scaled together until R_in matches and cm until tau matches.
   The model's R_in x rheobase (distance from rest to threshold) is reported beside the
   measured one.
Reference numbers and their sources: `leakmodels.spec.reference_data`.
"""
from __future__ import annotations

import math
from dataclasses import replace
from functools import partial

import numpy as np
import pandas as pd

from ..spec import reference_data as ref
from ..spec.morphology import literature_data
from ..sweeps.sources import CellSource, Condition
from ..sweeps.table import sweep
from .base import (
    StudyResult,
    claim_between,
    claim_close,
    claim_in_range,
    ok_records,
    study_cells,
)
from .figures.validation import validation_figure
from .validation_cells import cell_columns, fitted_columns, step_membrane, validation_cells

NAME = "validation"
STEP = "step"  # the membrane label of Fleshman's step membrane in the table
FITTED_CM = "fitted, cm 0.9"  # R_in and V_rest fitted, cm kept at Gentet et al.'s
# the lower bound of a cat alpha-motoneuron's membrane area in morphologies/motoneuron.json
# (Cullheim et al. 1987, as read there; not re-checked here): a tree below it is incomplete
MN_AREA_MIN_UM2 = float(literature_data("motoneuron")["targets"]["total_membrane_area_um2"][0])


def in_cat_ranges(row) -> bool:
    """Whether a cell's R_in and rheobase both lie in the cat motoneuron ranges.

    Parameters
    ----------
    row : dict or pandas.Series
        A row of the table, with rin_MOhm (MOhm) and rheobase_nA (nA).

    Returns
    -------
    bool
        R_in within 0.5-5 MOhm and rheobase within 3-40 nA (`CAT_MN_RIN_MOHM`,
        `CAT_MN_RHEOBASE_NA`).
    """
    return (ref.CAT_MN_RIN_MOHM.contains(row["rin_MOhm"])
            and ref.CAT_MN_RHEOBASE_NA.contains(row["rheobase_nA"]))


def _rows(table, **common) -> list:
    out = []
    for r in ok_records(table):
        keep = {k: v for k, v in r.items() if k not in ("builder", "swc", "condition", "outcome",
                                                        "reason", "seconds", "n_segments")
                and not k.startswith("cell.")}
        out.append({**keep, **common})
    return out


def motoneuron_rows(sources, precision: float, step: ref.StepMembrane = ref.FLESHMAN_STEP,
                    literature_scales=(), execution=None) -> list:
    """Default and step-membrane rows per cell, both fully measured.

    Parameters
    ----------
    sources : list of leakmodels.CellSource
        The cat motoneurons, labelled by cell.
    precision : float
        The rheobase bisection's relative bracket, dimensionless.
    step : leakmodels.spec.reference_data.StepMembrane, optional
        The second membrane (`step_membrane`); default `FLESHMAN_STEP`.
    literature_scales : tuple of float, optional
        Also measure lm.motoneuron(scale) at these scales (dimensionless) with the default
        membrane; default ().
    execution : leakmodels.Execution, optional
        Where the sweeps run; default None: here.

    Returns
    -------
    list of dict
        Two rows per cell (membrane "default" and STEP), then one per literature scale: the
        columns of `cell_columns`, cell, group ("cat motoneuron" or "literature motoneuron"),
        source, membrane (and membrane_source), tree_complete (bool: at least MN_AREA_MIN_UM2
        of membrane), rheobase_caillet_nA (Caillet et al. 2022's rheobase at that R_in, nA).

    Raises
    ------
    RuntimeError
        A cell could not be measured (`ok_records`).
    """
    common = {"group": "cat motoneuron", "source": ref.MOTONEURON_SOURCE}
    default = _rows(sweep(sources, [Condition("default")],
                          (partial(cell_columns, precision=precision),), execution,
                          f"{NAME}-motoneurons"), membrane="default", **common)
    step_cond = [Condition("step membrane", membrane=step_membrane(step))]
    stepped = {r["cell"]: r for r in _rows(sweep(sources, step_cond, (partial(
        cell_columns, precision=precision, rm_soma_ohm_cm2=step.rm_soma_ohm_cm2),),
        execution, f"{NAME}-step"), membrane=STEP, membrane_source=step.source, **common)}
    rows = [x for r in default for x in (r, stepped[r["cell"]])]
    for r in rows:
        r["tree_complete"] = bool(r["area_um2"] >= MN_AREA_MIN_UM2)
    if literature_scales:
        lit = [CellSource.scaled("motoneuron", s) for s in literature_scales]
        for s, r in zip(literature_scales, _rows(
                sweep(lit, [Condition("default")], (partial(cell_columns, precision=precision),),
                      execution, f"{NAME}-literature"), group="literature motoneuron",
                source="morphologies/motoneuron.json", membrane="default", tree_complete=True)):
            rows.append({**r, "cell": f"lm.motoneuron(scale={s:g})"})
    for r in rows:
        r["rheobase_caillet_nA"] = ref.CAILLET_CAT_RHEOBASE_VS_RIN.rheobase_nA(r["rin_MOhm"])
    return rows


def interneuron_rows(sources, precision: float, fit_v_rest: bool = True, execution=None) -> list:
    """Rows of the default interneuron and of each Allen cell (default and fitted membrane).

    Parameters
    ----------
    sources : list of leakmodels.CellSource
        The Allen cells, labelled by name (their measured data in `ALLEN_INTERNEURONS`).
    precision : float
        The rheobase bisection's relative bracket, dimensionless.
    fit_v_rest : bool, optional
        Fit PNa/PK to each cell's measured V_rest; default True.
    execution : leakmodels.Execution, optional
        Where the sweeps run; default None: here.

    Returns
    -------
    list of dict
        The default interneuron's row (cell "lm.interneuron()", group "model interneuron"),
        then three per Allen cell (group "mouse interneuron"; membrane "default", "fitted" and
        FITTED_CM: fitted with cm kept at Gentet et al.'s 0.9 uF/cm2): the columns of
        `cell_columns` (fit_iterations too where fitted) and the measured rin_measured_MOhm
        (MOhm), tau_measured_ms (ms), rheobase_measured_nA (nA), v_rest_measured_mV and
        threshold_distance_measured_mV (mV) and source.

    Raises
    ------
    RuntimeError
        A cell could not be measured or fitted (`ok_records`).
    """
    model = _rows(sweep([CellSource("interneuron")], [Condition("default")],
                        (partial(cell_columns, precision=precision, with_tau=True),), execution,
                        f"{NAME}-model-interneuron"),
                  group="model interneuron", membrane="default",
                  source="morphologies/interneuron.json")
    model[0]["cell"] = "lm.interneuron()"
    rows = list(model)
    if not sources:
        return rows
    default = _rows(sweep(sources, [Condition("default")], (partial(
        cell_columns, precision=precision, with_tau=True),), execution, f"{NAME}-allen"),
        group="mouse interneuron", membrane="default")
    fitted = _rows(sweep(sources, [Condition("default")], (partial(
        fitted_columns, precision=precision, fit_v_rest=fit_v_rest),), execution,
        f"{NAME}-allen-fitted"), group="mouse interneuron", membrane="fitted")
    # the same fit with cm kept at the measured specific capacitance: tau is then predicted
    kept = _rows(sweep(sources, [Condition("default")], (partial(
        fitted_columns, precision=precision, fit_v_rest=fit_v_rest,
        cm_uF_cm2=ref.GENTET_CM_UF_CM2.value),), execution, f"{NAME}-allen-fitted-cm"),
        group="mouse interneuron", membrane=FITTED_CM)
    for d, f, k in zip(default, fitted, kept):
        target = ref.ALLEN_INTERNEURONS[d["cell"]]
        measured = {"rin_measured_MOhm": target.rin_MOhm, "tau_measured_ms": target.tau_ms,
                    "rheobase_measured_nA": target.rheobase_nA,
                    "v_rest_measured_mV": target.v_rest_mV,
                    "threshold_distance_measured_mV": target.threshold_distance_mV,
                    "source": target.source}
        rows += [{**d, **measured}, {**f, **measured}, {**k, **measured}]
    return rows


def fit_exponent(rin_MOhm, rheobase_nA) -> tuple:
    """(exponent, prefactor nA at 1 MOhm) of rheobase = k R_in^exponent, log-log least squares.

    Parameters
    ----------
    rin_MOhm : array_like of float
        The cells' input resistances, in MOhm (> 0).
    rheobase_nA : array_like of float
        Their rheobases, in nA (> 0).

    Returns
    -------
    exponent : float
        The slope of log rheobase against log R_in, dimensionless.
    prefactor : float
        k, the rheobase at 1 MOhm, in nA.
    """
    slope, intercept = np.polyfit(np.log(rin_MOhm), np.log(rheobase_nA), 1)
    return float(slope), float(math.exp(intercept))


# --- the study -----------------------------------------------------------------------------


def validation(morphologies_dir=None, precision: float = 0.01, fit_v_rest: bool = True,
               literature_scales=(), step: ref.StepMembrane = ref.FLESHMAN_STEP,
               cells: dict | None = None, execution=None) -> StudyResult:
    """Real cells against published and measured data (module doc).

    Each cat motoneuron is measured with the default membrane and with a step membrane; one
    membrane is scored on all complete trees at a time (a tree below MN_AREA_MIN_UM2 is
    reported as incomplete, not scored). The default interneuron and the Allen interneurons
    (default, fitted, and fitted with cm kept at 0.9 uF/cm2) are set against their ranges and
    measurements.

    Parameters
    ----------
    morphologies_dir : str or pathlib.Path, optional
        The folder of the reconstructions (`validation_cells`); default None: found.
    precision : float, optional
        The rheobase bisection's relative bracket, dimensionless; default 0.01.
    fit_v_rest : bool, optional
        Fit the Allen cells' PNa/PK to their measured V_rest; default True.
    literature_scales : tuple of float, optional
        Also measure lm.motoneuron(scale) at these scales (~10 s each), dimensionless; default
        ().
    step : leakmodels.spec.reference_data.StepMembrane, optional
        The motoneurons' second membrane; default `FLESHMAN_STEP`.
    cells : dict of str to leakmodels.CellSource, optional
        Real cells; a label with measured data in `reference_data.ALLEN_INTERNEURONS` is a
        mouse interneuron, every other a cat motoneuron; default None: the study's own,
        `validation_cells(morphologies_dir)`, every one of both folders.
    execution : leakmodels.Execution, optional
        Where the sweeps run; default None: here.

    Returns
    -------
    leakmodels.studies.base.StudyResult
        Table: one row per cell and membrane (`motoneuron_rows`, `interneuron_rows`): group,
        cell, membrane, R_in (MOhm), tau (ms), V_rest (mV), rheobase (nA), the membrane's R_m,
        cm and Ra, the measured values of the Allen cells. Figure: (a) the cat motoneurons'
        rheobase against R_in beside Caillet et al. 2022's line, (b) the interneurons, model
        against measured, (c) the Allen cells, model / measured. Claims: range checks (each
        complete tree's R_in and rheobase in the cat ranges, per membrane; the default
        interneuron's in the small-interneuron ranges) and predictions (the exponent of
        rheobase against R_in within -1.3 to -0.7, Caillet: -1.04; the Allen cells' rheobase
        and tau, fitted with cm 0.9, within 20 % of the measured). Notes: the fits, the
        incomplete trees, the step membrane, the fitted membranes.

    Raises
    ------
    FileNotFoundError
        `cells` is None and the reconstructions are not found.
    ValueError
        `cells` is not a non-empty {label: CellSource} (`leakmodels.ArgumentTypeError`).
    RuntimeError
        A cell could not be measured (`ok_records`).
    """
    cells = study_cells(cells, {} if cells is not None else validation_cells(morphologies_dir))
    sources = {label: replace(src, label=label) for label, src in cells.items()}
    mn = [src for label, src in sources.items() if label not in ref.ALLEN_INTERNEURONS]
    inn = [src for label, src in sources.items() if label in ref.ALLEN_INTERNEURONS]
    mn_rows = motoneuron_rows(mn, precision, step, literature_scales, execution)
    in_rows = interneuron_rows(inn, precision, fit_v_rest, execution)
    table = pd.DataFrame(mn_rows + in_rows)
    if "membrane_source" not in table:
        table["membrane_source"] = ""
    table["membrane_source"] = table.membrane_source.fillna("")

    # the exponent is the model's own relation between rheobase and R_in across cells of one
    # membrane and many sizes: the incomplete trees enter it as model cells with less membrane
    # (they are not scored against the cat ranges, whose cells are whole); the complete trees
    # alone span too little R_in (1.8-2.6 MOhm) to fix an exponent
    real = table[(table.group == "cat motoneuron") & (table.membrane == "default")]
    fits_mn = {"default": fit_exponent(real.rin_MOhm, real.rheobase_nA) if len(real) > 1 else None}
    lit = table[table.group == "literature motoneuron"]
    if len(lit):
        both = pd.concat([real, lit])
        fits_mn["default + literature"] = fit_exponent(both.rin_MOhm, both.rheobase_nA)
    claims = _claims(table, fits_mn)
    fig = validation_figure(table, fits_mn)
    return StudyResult(NAME, "Validation: real motoneurons and interneurons against published data",
                       table, fig, claims, _notes(table, fits_mn, step, precision))


def _claims(table, fits_mn) -> list:
    claims = []
    lo_e, hi_e = ref.EXPONENT_CLAIM_RANGE
    # one membrane on every complete tree; an incomplete one is reported, not scored (notes)
    mn = table[table.group == "cat motoneuron"]
    for _, r in mn[mn.tree_complete.astype(bool)].iterrows():
        what = f"{r.cell} ({r.membrane} membrane)"
        claims += [claim_in_range(NAME, f"{what} R_in in the cat range", r.rin_MOhm,
                                  ref.CAT_MN_RIN_MOHM),
                   claim_in_range(NAME, f"{what} rheobase in the cat range", r.rheobase_nA,
                                  ref.CAT_MN_RHEOBASE_NA)]
    labels = {"default": "default membrane, real trees",
              "default + literature": "default membrane, real trees + literature cells"}
    for key, fit in fits_mn.items():
        if fit is not None and key in labels:
            claims.append(claim_between(NAME, f"exponent of rheobase vs R_in ({labels[key]}; "
                                        "Caillet 2022: -1.04)", fit[0], lo_e, hi_e, "",
                                        kind="prediction",
                                        source=ref.CAILLET_CAT_RHEOBASE_VS_RIN.source))
    d = table[table.cell == "lm.interneuron()"].iloc[0]
    claims += [claim_in_range(NAME, "default interneuron R_in in the small-interneuron range",
                              d.rin_MOhm, ref.SMALL_IN_RIN_MOHM),
               claim_in_range(NAME, "default interneuron rheobase in the small-interneuron range",
                              d.rheobase_nA, ref.SMALL_IN_RHEOBASE_NA)]
    # The fitted Allen cells' R_in, tau and V_rest are the fit's own targets (in the table, not
    # claims); their rheobase was not fitted: a prediction against the same cell's measurement.
    # scored on the membrane whose cm stays physiological (kept at the measured 0.9 uF/cm2,
    # R_in and V_rest fitted): the rheobase and tau are predicted (tau in the same band as the
    # rheobase); a reconstruction that lacks membrane (spines, fine processes) predicts tau
    # too short. (The fit with cm free, 2-2.6 uF/cm2, is in the table and the figure.)
    band = ref.ALLEN_RHEOBASE_TOLERANCE
    for _, r in table[(table.group == "mouse interneuron") & (table.membrane == FITTED_CM)].iterrows():
        for what, model, measured, unit in (("rheobase", "rheobase_nA", "rheobase_measured_nA", "nA"),
                                            ("tau", "tau_ms", "tau_measured_ms", "ms")):
            claims.append(claim_close(
                NAME, f"{r.cell} fitted with cm {ref.GENTET_CM_UF_CM2.value:g}: {what} against "
                f"the measured (not fitted; {band:.0%} band)", r[model], r[measured],
                band * r[measured], unit, kind="prediction", source=r.source))
    return claims


def _notes(table, fits_mn, step, precision) -> str:
    mn = table[table.group == "cat motoneuron"]
    dflt, stp = mn[mn.membrane == "default"], mn[mn.membrane == STEP]
    whole = dflt[dflt.tree_complete.astype(bool)]
    cut = dflt[~dflt.tree_complete.astype(bool)]
    fmt = lambda s: ", ".join(f"{c} {v:.3g}" for c, v in s.items())  # noqa: E731
    parts = [f"R_in is the DC slope of the steady state (steady-state solves under currents "
             f"moving the soma by +/-0.01 mV); rheobase from 500 ms steps bracketed to "
             f"{100 * precision:g} % from the fold of the steady-state I-V."]
    if fits_mn["default"] is not None:
        e, k = fits_mn["default"]
        parts.append(f"Real trees (complete and incomplete, as model cells of one membrane), default "
                     f"membrane: rheobase = {k:.3g} nA (R_in/MOhm)^{e:.2f}; "
                     f"Caillet et al. 2022 (cat): 15.5 nA (R_in/MOhm)^-1.04. Threshold distance "
                     f"R_in x rheobase: {fmt(dflt.set_index('cell').threshold_distance_mV)} mV.")
    if len(cut):
        parts.append(
            f"Incomplete trees, reported and not scored: {', '.join(cut.cell)} hold "
            f"{cut.area_um2.min():.3g}-{cut.area_um2.max():.3g} um2 of membrane and "
            f"{cut.dend_length_um.min() / 1e3:.0f}-{cut.dend_length_um.max() / 1e3:.0f} mm of "
            f"dendrite, below the cat literature's {MN_AREA_MIN_UM2:.3g} um2"
            + (f" and a quarter of the other archive's cells ({whole.area_um2.min():.3g}-"
               f"{whole.area_um2.max():.3g} um2, {whole.dend_length_um.min() / 1e3:.0f}-"
               f"{whole.dend_length_um.max() / 1e3:.0f} mm)" if len(whole) else "")
            + f". With the default membrane they have R_in {fmt(cut.set_index('cell').rin_MOhm)} "
            f"MOhm and rheobase {fmt(cut.set_index('cell').rheobase_nA)} nA: on Caillet's line, "
            "beyond the recorded range, as so little membrane must be.")
    if len(stp):
        s_whole = stp[stp.tree_complete.astype(bool)]
        parts.append(
            f"The step membrane ({step.source}: dendritic R_m {step.rm_dend_ohm_cm2:.0f} ohm cm2, "
            f"Ra {step.ra_ohm_cm:.0f} ohm cm, soma R_m {step.rm_soma_ohm_cm2:.0f} ohm cm2, leaks and "
            "pump scaled together, V_rest unchanged) on every cell: R_in "
            f"{fmt(stp.set_index('cell').rin_MOhm)} MOhm, rheobase "
            f"{fmt(stp.set_index('cell').rheobase_nA)} nA"
            + (f"; on the complete trees {int(sum(in_cat_ranges(r) for _, r in s_whole.iterrows()))}"
               f" of {len(s_whole)} in both cat ranges, against "
               f"{int(sum(in_cat_ranges(r) for _, r in whole.iterrows()))} of {len(whole)} with "
               "the default membrane" if len(s_whole) else "")
            + ". It would bring the incomplete trees into the cat ranges only by standing in for "
            "the membrane their reconstructions lack; it is not used to rescue them.")
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
        k = ins[ins.membrane == FITTED_CM].set_index("cell")
        if len(k):
            parts.append(
                f"With cm kept at the measured {ref.GENTET_CM_UF_CM2.value:g} uF/cm2 "
                f"({ref.GENTET_CM_UF_CM2.source.split(':')[0]}) and R_in and V_rest fitted, "
                "tau is predicted, model vs measured: "
                + "; ".join(f"{c} {r.tau_ms:.1f} vs {r.tau_measured_ms:.1f} ms" for c, r in k.iterrows())
                + ": what cm above 1 stood in for is membrane the reconstructions lack.")
    parts.append("Sources: NeuroMorpho.org and Balbi, Martinoia & Massobrio 2015 (cat "
                 "motoneurons); Allen Cell Types Database 2015 (mouse interneurons); numbers with "
                 "sources in leakmodels/spec/reference_data.py.")
    return " ".join(parts)


run = validation
