"""The validation study's real cells and what is measured on each (`studies.validation`).

The cells: the reconstructions of the morphologies folder (cat motoneurons, and the Allen mouse
interneurons that have measured data), as `CellSource` objects labelled by file stem. Their
membranes: Fleshman, Segev & Burke (1988)'s "step" membrane, and an Allen cell's membrane
fitted to its own measured R_in and tau (and V_rest). The sweep measurements made on each
cell: R_in, tau_0, V_rest and rheobase, the tree's size and the membrane's parameters.
"""
from __future__ import annotations

import math
from pathlib import Path

from ..cell.reconstruction import from_swc
from ..measure.fitting import MembraneFit, fit_membrane, membrane_with_rm
from ..measure.passive import input_resistance, time_constant
from ..measure.rheobase import rheobase_result
from ..spec import reference_data as ref
from ..spec.membrane import DEFAULT_MEMBRANE, MembraneSpec, axial_resistivity_ohm_cm
from ..sweeps.sources import CellSource

RHEOBASE_ATOL_MV = 1e-4  # CVODE atol of rheobase trials: same bracket as 1e-5 (v_e_moto2), 1.5x faster


# --- membranes -----------------------------------------------------------------------------
def step_membrane(step: ref.StepMembrane = ref.FLESHMAN_STEP,
                  base: MembraneSpec = DEFAULT_MEMBRANE) -> MembraneSpec:
    """A step membrane: a dendritic R_m, and a soma whose leaks and pump are scaled to a lower one.

    The soma's K+ and Na+ leaks and its pump are scaled together (`soma_leak_scale`) to R_m
    step.rm_soma_ohm_cm2, so that PNa/PK, the pump balance and hence V_rest are those of the
    dendrites.

    Parameters
    ----------
    step : leakmodels.spec.reference_data.StepMembrane, optional
        Its R_m of soma and dendrites (ohm cm2), Ra (ohm cm) and cm (uF/cm2); default
        `FLESHMAN_STEP` (Fleshman, Segev & Burke 1988: soma 225, dendrites 11000 ohm cm2, Ra
        70 ohm cm, cm 1 uF/cm2).
    base : leakmodels.spec.membrane.MembraneSpec, optional
        The membrane whose leaks are scaled (`membrane_with_rm`, PNa/PK kept); default the
        default membrane.

    Returns
    -------
    leakmodels.spec.membrane.MembraneSpec
        The step membrane.
    """
    membrane = membrane_with_rm(base.with_(ra_ohm_cm=step.ra_ohm_cm, cm_uF_cm2=step.cm_uF_cm2),
                                step.rm_dend_ohm_cm2)
    return membrane.with_(soma_leak_scale=step.rm_dend_ohm_cm2 / step.rm_soma_ohm_cm2)


def fit_allen_membrane(path, target: ref.MeasuredCell, fit_v_rest: bool = True,
                       cm_uF_cm2: float | None = None) -> MembraneFit:
    """`fitting.fit_membrane` of the reconstruction at `path` to its measured R_in and tau (and
    V_rest).

    Parameters
    ----------
    path : str or pathlib.Path
        The reconstruction's SWC file (built with `from_swc`).
    target : leakmodels.spec.reference_data.MeasuredCell
        The cell's measured R_in (MOhm), tau (ms) and V_rest (mV).
    fit_v_rest : bool, optional
        Also fit PNa/PK to the measured V_rest (Mullins-Noda, pump balanced); default True.
    cm_uF_cm2 : float, optional
        The specific capacitance, in uF/cm2; default None: fitted so that tau matches. Given:
        cm kept there, tau not fitted.

    Returns
    -------
    leakmodels.measure.fitting.MembraneFit
        The fitted membrane, its R_m (ohm cm2), the iterations and the cell's R_in (MOhm) and
        tau (ms).

    Raises
    ------
    RuntimeError
        The fit did not converge (`fit_membrane`).
    """
    return fit_membrane(lambda m: from_swc(path, membrane=m), target.rin_MOhm, target.tau_ms,
                        target.v_rest_mV if fit_v_rest else None, cm_uF_cm2=cm_uF_cm2)


# --- measurements ------------------------------------------------------------------------
def cell_columns(cell, precision: float = 0.01, with_rheobase: bool = True,
                 with_tau: bool = False, rm_soma_ohm_cm2=None) -> dict:
    """R_in, optionally tau_0 and (V_rest with) rheobase of a cell; lengths of its tree; its
    membrane's R_m, cm, Ra and PNa/PK (a sweep measurement).

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    precision : float, optional
        The rheobase bisection's relative bracket, dimensionless; default 0.01.
    with_rheobase : bool, optional
        Measure V_rest and the rheobase (500-ms steps); default True (False: both NaN).
    with_tau : bool, optional
        Measure the time constant tau_0; default False (NaN).
    rm_soma_ohm_cm2 : float, optional
        The soma's R_m to report, in ohm cm2; default None: the membrane's rest slope R_m.

    Returns
    -------
    dict
        area_um2 (um2), soma_diam_um (um), dend_length_um (total dendrite, um), rin_MOhm
        (MOhm), tau_ms (ms), v_rest_mV (mV), rheobase_nA (nA), threshold_distance_mV (R_in x
        rheobase, mV), rm_dend_ohm_cm2 and rm_soma_ohm_cm2 (ohm cm2), cm_uF_cm2 (uF/cm2),
        ra_ohm_cm (ohm cm: the spec's, else the morphology's) and pna_over_pk (dimensionless).
    """
    dend = [s for s in cell.sections if cell.region_of(s) == "dend"]
    row = {"area_um2": cell.area_um2, "soma_diam_um": cell.soma.diam,
           "dend_length_um": sum(s.L for s in dend),
           "rin_MOhm": input_resistance(cell),
           "tau_ms": time_constant(cell) if with_tau else math.nan,
           "v_rest_mV": math.nan, "rheobase_nA": math.nan}
    if with_rheobase:
        rh = rheobase_result(cell, precision=precision, atol=RHEOBASE_ATOL_MV)
        row.update(v_rest_mV=rh.v_rest_mV, rheobase_nA=rh.rheobase_nA)
    row["threshold_distance_mV"] = row["rin_MOhm"] * row["rheobase_nA"]
    return {**row, **_membrane_columns(cell, rm_soma_ohm_cm2)}


def fitted_columns(cell, precision: float = 0.01, fit_v_rest: bool = True,
                   cm_uF_cm2: float | None = None) -> dict:
    """An Allen cell with a membrane fitted to its own measured R_in and tau (and V_rest),
    measured like the others (a sweep measurement).

    Parameters
    ----------
    cell : leakmodels.Cell
        The Allen cell, built from its SWC file (named as in `ALLEN_INTERNEURONS`) with the
        default membrane; it is rebuilt with the fitted one.
    precision : float, optional
        The rheobase bisection's relative bracket, dimensionless; default 0.01.
    fit_v_rest : bool, optional
        Also fit PNa/PK to the measured V_rest; default True.
    cm_uF_cm2 : float, optional
        The specific capacitance, in uF/cm2; default None: fitted. Given: cm kept there and tau
        not fitted.

    Returns
    -------
    dict
        fit_iterations and the columns of `cell_columns` (with tau_0) of the refitted cell.
    """
    path = cell.morphology.path
    target = ref.ALLEN_INTERNEURONS[Path(path).stem]
    fit = fit_allen_membrane(path, target, fit_v_rest, cm_uF_cm2)
    with from_swc(path, membrane=fit.membrane) as fitted:
        return {"fit_iterations": fit.iterations, **cell_columns(fitted, precision, with_tau=True)}


def _membrane_columns(cell, rm_soma=None) -> dict:
    spec = cell.membrane
    rm = spec.rest_slope_rm_ohm_cm2()
    return {"rm_dend_ohm_cm2": rm, "rm_soma_ohm_cm2": rm if rm_soma is None else rm_soma,
            "cm_uF_cm2": spec.cm_uF_cm2,
            # the Ra the cell carries: the spec's, else its morphology's (70 for lm.motoneuron)
            "ra_ohm_cm": axial_resistivity_ohm_cm(spec, cell.default_ra_ohm_cm),
            "pna_over_pk": spec.pna_cm_s / spec.pk_cm_s}


# --- the cells -----------------------------------------------------------------------------
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


def validation_cells(morphologies_dir=None, motoneurons=None, interneurons=None) -> dict:
    """{label: CellSource} of the real cells in morphologies_dir, labelled by file stem.

    Parameters
    ----------
    morphologies_dir : str or pathlib.Path, optional
        The folder holding cat-motoneurons/ and mouse-cortical-interneurons/; default None:
        $LEAKMODELS_MORPHOLOGIES, else ../shared/morphologies beside a checkout.
    motoneurons : list of str, optional
        The cat motoneurons' file stems; default None: every one.
    interneurons : list of str, optional
        The Allen interneurons' file stems; default None: every one with measured data in
        `reference_data.ALLEN_INTERNEURONS`.

    Returns
    -------
    dict of str to leakmodels.CellSource
        The motoneurons, then the interneurons, each an SWC source labelled by its file stem.

    Raises
    ------
    FileNotFoundError
        No folder given and none found, or a folder missing.
    ValueError
        A named cell is not in its folder.
    """
    if morphologies_dir is None:
        morphologies_dir = ref.default_morphologies()
        if morphologies_dir is None:
            raise FileNotFoundError(f"the validation study needs {ref.WHERE_TO_GET}.")
    mdir = Path(morphologies_dir)
    paths = (_swc_paths(mdir / ref.MOTONEURON_FOLDER, motoneurons)
             + _swc_paths(mdir / ref.INTERNEURON_FOLDER, interneurons, ref.ALLEN_INTERNEURONS))
    return {p.stem: CellSource(swc=str(p), label=p.stem) for p in paths}
