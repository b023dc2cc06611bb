"""The default cells: resting potential, R_in, tau, rheobase, and how they fire.

Builds the default interneuron and motoneuron (morphologies/*.json; the default MembraneSpec,
with the medium AHP of MOTONEURON_MEMBRANE on the motoneuron's soma),
measures them, and checks them against the reference ranges of `leakmodels.spec.reference_data`:
cat lumbar motoneurons (R_in 0.5-5 MOhm, rheobase 3-40 nA; steady firing from 5-25 Hz, AHP
50-200 ms, primary-range f-I slope 1-3 Hz/nA) and small interneurons (their threshold
distance R_in x rheobase against the two measured Allen interneurons). The f-I curve:
FI_STEP_MS steps at FI_MULTIPLES x rheobase (`leakmodels.measure.firing`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..engine.stimuli import CurrentStep
from ..measure.firing import ahp_result, fi_curve, fi_summary
from ..measure.passive import input_resistance, resting_potential, time_constant
from ..measure.rheobase import rheobase_result
from ..measure.runs import voltage_trace
from ..spec import reference_data as ref
from ..spec.membrane import AHP_FITTED
from ..sweeps.sources import CellSource
from ..sweeps.table import sweep
from .base import StudyResult, claim_in_range, ok_records, study_cells
from .figures.cells import figure

NAME = "cells"
FI_MULTIPLES = (1.02, 1.5, 2.0, 3.0)  # x rheobase: just above threshold, and the primary range
FI_STEP_MS = 1000.0  # long enough for 3 intervals in its second half at 6 Hz

TRACE_MULTIPLES = (-0.5, 0.95, 1.05)  # x rheobase: the figure's steps
# the figure's steps last as long as the rheobase search's (500 ms), and the run shows recovery
TRACE_STEP_START_MS, TRACE_STEP_MS, TRACE_RUN_MS = 20.0, 500.0, 600.0
CELLS = {"interneuron": CellSource("interneuron"), "motoneuron": CellSource("motoneuron")}
TARGETS = {  # name: (R_in range, rheobase range), from reference_data
    "interneuron": (ref.SMALL_IN_RIN_MOHM, ref.SMALL_IN_RHEOBASE_NA),
    "motoneuron": (ref.CAT_MN_RIN_MOHM, ref.CAT_MN_RHEOBASE_NA),
}


def measure_cell(cell) -> dict:
    """Every basic measurement of one cell, as a row of numbers.

    Parameters
    ----------
    cell : leakmodels.Cell
        The built cell, at its membrane as it stands.

    Returns
    -------
    dict
        ``area_um2`` (um2), ``n_sections``, ``n_segments``, ``v_rest_mV`` (mV), ``rin_MOhm``
        (MOhm), ``tau_ms`` (ms), ``rheobase_nA`` (nA), ``rheobase_below_nA`` (the largest
        current tried that did not fire, nA), ``rheobase_trials`` (steps run) and
        ``threshold_distance_mV`` (rheobase x R_in, mV).
    """
    rh = rheobase_result(cell)
    rin = input_resistance(cell)
    return {"area_um2": cell.area_um2, "n_sections": len(cell.sections),
            "n_segments": sum(s.nseg for s in cell.sections),
            "v_rest_mV": resting_potential(cell), "rin_MOhm": rin,
            "tau_ms": time_constant(cell), "rheobase_nA": rh.rheobase_nA,
            "rheobase_below_nA": rh.below_nA, "rheobase_trials": rh.trials,
            "threshold_distance_mV": rh.rheobase_nA * rin}


def firing_columns(cell, rheobase_nA: float) -> tuple:
    """The firing of a cell: its f-I relation at `FI_MULTIPLES` x rheobase and one AHP.

    The f-I steps last `FI_STEP_MS` (1000 ms); the AHP follows one spike from a 1-ms pulse
    (`leakmodels.measure.firing.ahp_result`, starting at 5 x rheobase).

    Parameters
    ----------
    cell : leakmodels.Cell
        The built cell.
    rheobase_nA : float
        Its rheobase, in nA.

    Returns
    -------
    tuple of (dict, list of dict)
        The summary columns ``min_steady_rate_Hz`` (Hz), ``fi_slope_Hz_per_nA`` (Hz/nA),
        ``lowest_repetitive_nA`` (nA), ``ahp_depth_mV`` (mV) and ``ahp_duration_ms`` (ms);
        and one f-I row per step: ``amp_nA`` (nA), ``amp_over_rheobase`` (dimensionless),
        ``n_spikes``, ``first_rate_Hz`` and ``steady_rate_Hz`` (Hz).
    """
    points = fi_curve(cell, [k * rheobase_nA for k in FI_MULTIPLES], duration_ms=FI_STEP_MS)
    fi = fi_summary(points)
    ahp = ahp_result(cell, 5 * rheobase_nA)
    cols = {"min_steady_rate_Hz": fi.min_steady_rate_Hz, "fi_slope_Hz_per_nA": fi.fi_slope_Hz_per_nA,
            "lowest_repetitive_nA": fi.lowest_repetitive_nA, "ahp_depth_mV": ahp.depth_mV,
            "ahp_duration_ms": ahp.duration_ms}
    fi_rows = [{"amp_nA": p.amp_nA, "amp_over_rheobase": p.amp_nA / rheobase_nA,
                "n_spikes": p.n_spikes, "first_rate_Hz": p.first_rate_Hz,
                "steady_rate_Hz": p.steady_rate_Hz} for p in points]
    return cols, fi_rows


def cell_columns(cell) -> dict:
    """Everything the study measures on one cell, as plain numbers and lists.

    Parameters
    ----------
    cell : leakmodels.Cell
        The built cell.

    Returns
    -------
    dict
        ``cell_row``: its basic measurements (`measure_cell`) and firing summary
        (`firing_columns`); ``fi_points``: its f-I rows; ``traces``: its responses to
        steps of `TRACE_MULTIPLES` x rheobase (500 ms from 20 ms, a 600-ms run sampled
        every 0.05 ms), each [multiple (dimensionless), t_ms (ms), v_mV (mV)].
    """
    row = measure_cell(cell)
    cols, points = firing_columns(cell, row["rheobase_nA"])
    traces = []
    for k in TRACE_MULTIPLES:
        tr = voltage_trace(cell, (CurrentStep(k * row["rheobase_nA"], TRACE_STEP_START_MS,
                                              TRACE_STEP_MS),), TRACE_RUN_MS, dt_ms=0.05)
        traces.append([k, tr.t_ms.tolist(), tr.v_mV.tolist()])
    return {"cell_row": {**row, **cols}, "fi_points": points, "traces": traces}


def default_cells(cells: dict | None = None, execution=None) -> StudyResult:
    """Measure the default interneuron and motoneuron (or `cells`), their firing, and draw them.

    The default cells are built from ``morphologies/*.json`` with the default MembraneSpec (the
    motoneuron's soma with the medium AHP of MOTONEURON_MEMBRANE). `run` is this function:
    run the study with its default parameters.

    Parameters
    ----------
    cells : dict of str to leakmodels.CellSource, optional
        {label: CellSource}; None (default): the study's own, the interneuron and the
        motoneuron. Only the labels "interneuron" and "motoneuron" are scored.
    execution : leakmodels.Execution, optional
        Where the cells are measured; default None, this process.

    Returns
    -------
    StudyResult
        Its table has one row per cell (``measurement`` "cell": the columns of
        `measure_cell` and `firing_columns`: V_rest in mV, R_in in MOhm, tau in ms,
        rheobase in nA, firing rates in Hz, the AHP in mV and ms) and one per f-I step
        (``measurement`` "f-I step": ``amp_nA``, ``amp_over_rheobase``, ``n_spikes``,
        ``first_rate_Hz``, ``steady_rate_Hz``), each with its ``cell``. Its figure shows each
        cell's responses to steps around rheobase and its f-I relation. Its claims: R_in
        and rheobase against the reference ranges (predictions or range checks, as each
        range was checked); the motoneuron's minimum steady rate, AHP duration and f-I slope
        (fits: the AHP's densities were chosen for them); the interneuron's threshold
        distance R_in x rheobase within the measured Allen interneurons'. The resting
        potential is not a claim (PNa/PK was chosen to put it at -68.6 mV).

    Raises
    ------
    leakmodels.spec.checks.ArgumentTypeError
        If `cells` is not a non-empty {label: CellSource}.
    RuntimeError
        If a cell fires on its own or cannot be measured.
    """
    cells = study_cells(cells, CELLS)
    measured = ok_records(sweep(list(cells.values()), measures=(cell_columns,),
                                execution=execution, name=NAME))
    rows, fi_rows, traces = [], [], {}
    for name, m in zip(cells, measured):
        rows.append({"cell": name, "measurement": "cell", **m["cell_row"]})
        fi_rows += [{"cell": name, "measurement": "f-I step", **p} for p in m["fi_points"]]
        traces[name] = [(k, np.asarray(t), np.asarray(v)) for k, t, v in m["traces"]]
    cells_table = pd.DataFrame(rows)
    table = pd.concat([cells_table, pd.DataFrame(fi_rows)], ignore_index=True)
    claims = []
    for _, r in cells_table.iterrows():
        if r.cell in TARGETS:
            rin_range, rh_range = TARGETS[r.cell]
            claims += [claim_in_range(NAME, f"{r.cell} R_in", r.rin_MOhm, rin_range),
                       claim_in_range(NAME, f"{r.cell} rheobase", r.rheobase_nA, rh_range)]
        # the resting potential is not a claim: PNa/PK was chosen to put the balanced rest at
        # -68.6 mV (leakmodels.spec.membrane), so it restates an input
        if r.cell == "motoneuron":
            # the AHP's densities were chosen to land these three in their ranges: fits
            claims += [claim_in_range(NAME, "motoneuron: minimum steady firing rate",
                                      r.min_steady_rate_Hz, ref.CAT_MN_MIN_RATE_HZ, AHP_FITTED),
                       claim_in_range(NAME, "motoneuron: AHP duration (spike to 90 % recovery)",
                                      r.ahp_duration_ms, ref.CAT_MN_AHP_MS, AHP_FITTED),
                       claim_in_range(NAME, "motoneuron: primary-range f-I slope",
                                      r.fi_slope_Hz_per_nA, ref.CAT_MN_FI_SLOPE_HZ_PER_NA,
                                      AHP_FITTED)]
        if r.cell == "interneuron":
            claims.append(claim_in_range(NAME, "interneuron: threshold distance R_in x rheobase, "
                                         "within the measured Allen interneurons'",
                                         r.threshold_distance_mV, ref.ALLEN_THRESHOLD_DISTANCE_MV))
    fig = figure(cells_table, pd.DataFrame(fi_rows), traces, FI_STEP_MS,
                 (TRACE_STEP_START_MS, TRACE_STEP_MS))
    notes = ("R_in is the DC slope of the steady state: two steady-state solves under currents "
             "moving the soma by +/-0.01 mV (central difference, exact to ~1e-6). Rheobase: 500 ms "
             "steps from rest, bracketed to 0.5 % starting from the fold of the steady-state I-V "
             "(trials per cell in the table). Firing: steady rate = 1 / mean ISI over the "
             f"second half of a {FI_STEP_MS:g}-ms step; minimum steady rate = the lowest over the steps that "
             "fire repetitively; f-I slope = least squares up to twice the lowest repetitive "
             "current; AHP = one spike from a 1-ms pulse, spike peak to 90 % recovery.")
    return StudyResult(NAME, "Default cells: resting potential, R_in, tau, rheobase and firing", table,
                       fig, claims, notes)


run = default_cells
