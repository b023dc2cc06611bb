"""S1 A perfect insulator keeps its potential; a toxin that leaks every ion kills the cell.

Two experiments on a small isopotential sphere whose Na+ and K+ concentrations are free to
move (MembraneSpec(accumulate_ions=True), the nakacc mechanism), no pump, no spike channels:

1. Insulator: no K+ or Na+ leak (pbar 0) and no pump. No current can flow, so
   C dV/dt = 0: V stays exactly where it was started (0 mV, and -30 mV) for an hour.
2. Toxin: the membrane becomes equally permeable to K+ and Na+ (kleak pbar = naleak pbar = P),
   starting from the healthy rest of the same sphere (leaks plus a balanced pump, the
   Mullins-Noda potential). Analytic: with PK = PNa the GHK voltage is
   V = (RT/F) ln[(Ko + Nao) / (Ki + Nai)], and Ki + Nai = 150 mM = Ko + Nao, so V jumps to
   0 mV within a membrane time constant and stays there. At V = 0 the GHK flux of each ion is
   P (c_in - c_out), so each gradient decays exponentially,
       nai(t) = Nao + (Nai0 - Nao) exp(-t / tau),  ki(t) = Ko + (Ki0 - Ko) exp(-t / tau),
       tau = (volume / area) / P,
   to the end state Nai = Nao, Ki = Ko (so Nai/Nao = Ki/Ko, E_Na = E_K = V = 0 mV): the cell's
   batteries are discharged. Na+ in equals K+ out, so Nai + Ki stays constant up to the charge
   that moves onto the membrane capacitance (C A dV / (F W), a few uM).
"""
from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..measure.ionbudget import AccumulationRun, membrane_currents_nA, run_accumulating
from ..measure.records import as_columns, from_columns
from ..spec import physics
from ..spec.membrane import MembraneSpec
from ..sweeps.sources import CellSource, Condition
from ..sweeps.table import sweep
from .base import StudyResult, claim_close, claim_less, ok_records, study_cells
from .figures.insulator import figure

NAME = "insulator"
CELLS = {"sphere 10 um": CellSource("sphere", (("diam_um", 10.0),))}
MS_PER_S = physics.MS_PER_S

NOTES = (
    "Both experiments use one isopotential sphere with ion accumulation (nakacc), no pump and "
    "no spike channels, integrated with CVODE. The toxin starts from the sphere's healthy rest "
    "(kleak + naleak + balanced pump, Mullins-Noda potential) and replaces both leaks by the same "
    "permeability P; its permeability is chosen so that the gradients vanish in seconds "
    "(tau = (volume/area)/P). V reaches 0 mV within a membrane time constant, long before the "
    "gradients vanish, because Ki + Nai = Ko + Nao = 150 mM makes the GHK voltage 0 mV for "
    "PK = PNa at every moment; what the toxin destroys over tau is the batteries: E_K and E_Na "
    "both end at 0 mV.")


def insulator_columns(cell, hours: float, v0_mV: float) -> dict:
    """A run of `hours` from `v0_mV` and the membrane current after it.

    Parameters
    ----------
    cell : leakmodels.Cell
        The built cell, with ion accumulation (nakacc).
    hours : float
        The run's length, in h.
    v0_mV : float
        The potential every segment starts at, in mV.

    Returns
    -------
    dict
        ``run``: the `leakmodels.measure.ionbudget.AccumulationRun` (20 chunks) as columns
        (`leakmodels.measure.records.as_columns`); ``membrane_current_nA``: the whole-cell
        Na+ and K+ currents at the end, summed in magnitude, in nA.
    """
    run = run_accumulating(cell, hours * physics.MS_PER_H, v0_mV, n_chunks=20)
    currents = membrane_currents_nA(cell)
    return {"run": as_columns(run),
            "membrane_current_nA": abs(currents["na"]["total"]) + abs(currents["k"]["total"])}


def toxin_columns(cell, p_cm_s: float, run_taus: float, v0_mV: float) -> dict:
    """The toxin's run from `v0_mV` for `run_taus` x the analytic decay time of the gradients.

    Parameters
    ----------
    cell : leakmodels.Cell
        The built cell, with ion accumulation and the toxin's membrane.
    p_cm_s : float
        The toxin's permeability P (PK = PNa), in cm/s.
    run_taus : float
        The run's length in units of tau, dimensionless.
    v0_mV : float
        The potential every segment starts at, in mV.

    Returns
    -------
    dict
        ``tau_ms``: ``tau = (volume/area) / P``, which the cell's own geometry gives, in ms;
        ``run``: the `leakmodels.measure.ionbudget.AccumulationRun` (100 chunks) as columns.
    """
    vol_area_cm = cell.volume_um3 / cell.area_um2 * 1e-4
    tau_ms = vol_area_cm / p_cm_s * MS_PER_S
    tox = run_accumulating(cell, run_taus * tau_ms, v0_mV, n_chunks=100)
    return {"tau_ms": tau_ms, "run": as_columns(tox)}


def insulator(v_starts_mV=(0.0, -30.0), insulator_hours: float = 1.0,
              toxin_p_cm_s: float = 1e-5, toxin_run_taus: float = 12.0,
              membrane: MembraneSpec | None = None, cells: dict | None = None,
              execution=None) -> StudyResult:
    """Insulator (no channels) from each of `v_starts_mV`, and the non-selective toxin.

    Both on one cell whose Na+ and K+ concentrations move (nakacc), with no pump and no spike
    channels (see the module docstring). `run` is this function: run the study with its
    default parameters.

    Parameters
    ----------
    v_starts_mV : sequence of float, optional
        The insulator's starting potentials, in mV; default (0.0, -30.0).
    insulator_hours : float, optional
        The insulator's runs' length, in h; default 1.0.
    toxin_p_cm_s : float, optional
        The toxin's PK = PNa, in cm/s; default 1e-5.
    toxin_run_taus : float, optional
        How long the toxin run lasts, in units of the analytic ``tau = (volume/area)/P``,
        dimensionless; default 12.0.
    membrane : leakmodels.MembraneSpec, optional
        The healthy membrane, before its spike channels are removed and ion accumulation is
        switched on; default None, ``MembraneSpec()``. The toxin starts from its leak rest.
    cells : dict of str to leakmodels.CellSource, optional
        One cell; None (default): the study's own, a 10-um sphere.
    execution : leakmodels.Execution, optional
        Where the runs go; default None, this process.

    Returns
    -------
    StudyResult
        Its table has one row per (condition, quantity): columns ``cell``, ``condition``,
        ``quantity``, ``value``, ``expected`` and ``unit`` (mV, mM, nA, s, amol, h or ""):
        for each insulator run V at the end, the largest drift of V and of [Na+]i and the
        membrane current; for the toxin V at the start and end, the fitted and analytic
        gradient decay time, [Na+]i, [K+]i, E_Na and E_K at the end, the change of
        Nai + Ki against the capacitive charge, the Na+ moved and its balance error. Its
        figure shows the insulator's V over the hour and the toxin's run-down of V and both
        gradients beside their analytic exponentials. Its claims (all consistency checks):
        the toxin takes V to 0 mV, the gradients decay with tau = (volume/area)/P (1 %), the
        end state has E_Na = E_K, Nai + Ki stays constant up to the capacitive charge, and
        Na+ inside changes by the integrated Na+ current. The insulator's V staying put
        holds by construction: it is in the table, not a claim.

    Raises
    ------
    leakmodels.spec.checks.ArgumentError
        If `cells` is not {label: CellSource} of exactly one cell (ArgumentTypeError for a
        wrong type).
    RuntimeError
        If a run cannot be measured.
    """
    ((cell_label, source),) = study_cells(cells, CELLS, one=True).items()
    base = (membrane or MembraneSpec()).without_spikes().with_(accumulate_ions=True)
    healthy_rest_mV = base.leak_rest_mV()
    no_channels = base.with_(pk_cm_s=0.0, pna_cm_s=0.0, pump_imax_mA_cm2=0.0)
    toxin = base.with_(pk_cm_s=toxin_p_cm_s, pna_cm_s=toxin_p_cm_s, pump_imax_mA_cm2=0.0)
    rows, claims = [], []

    def row(condition, quantity, value, expected=np.nan, unit=""):
        rows.append({"cell": cell_label, "condition": condition, "quantity": quantity,
                     "value": float(value), "expected": float(expected), "unit": unit})

    # 1. the insulator, from each starting potential; 2. the toxin: PK = PNa, no pump, from
    # the healthy rest
    tasks = [Condition(f"no channels, V0 = {v0:g} mV", membrane=no_channels) for v0 in v_starts_mV]
    measures = [partial(insulator_columns, hours=insulator_hours, v0_mV=v0) for v0 in v_starts_mV]
    measured = [ok_records(sweep([source], [c], (m,), execution, name=f"{NAME}-{k}"))[0]
                for k, (c, m) in enumerate(zip(tasks, measures))]
    insulator_runs = {}
    for v0, cond, m in zip(v_starts_mV, tasks, measured):
        run = from_columns(AccumulationRun, m["run"])
        insulator_runs[v0] = run
        drift = float(np.max(np.abs(run.v_mV - v0)))
        row(cond.name, "v_end_mV", run.v_mV[-1], v0, "mV")
        row(cond.name, "max_abs_v_drift_mV", drift, 0.0, "mV")
        row(cond.name, "max_abs_nai_drift_mM", np.max(np.abs(run.nai_mM - base.nai_mM)), 0.0, "mM")
        row(cond.name, "membrane_current_nA", m["membrane_current_nA"], 0.0, "nA")
        # "no channels: V stays" holds by construction (no conductance, no current): the drift
        # is in the table, not a claim
    (m,) = ok_records(sweep([source], [Condition("toxin", membrane=toxin)],
                            (partial(toxin_columns, p_cm_s=toxin_p_cm_s, run_taus=toxin_run_taus,
                                     v0_mV=healthy_rest_mV),), execution, name=f"{NAME}-toxin"))
    tau_ms, tox = m["tau_ms"], from_columns(AccumulationRun, m["run"])
    cond = f"toxin PK = PNa = {toxin_p_cm_s:g} cm/s"
    t, nai, ki = tox.t_ms, tox.nai_mM, tox.ki_mM
    fit = (t > 0.2 * tau_ms) & (t < 4.0 * tau_ms)
    slope, _ = np.polyfit(t[fit], np.log(base.nao_mM - nai[fit]), 1)
    tau_fit_ms = -1.0 / slope
    ena_end = physics.nernst_mV(base.nao_mM, nai[-1], 1, base.celsius_degC)
    ek_end = physics.nernst_mV(base.ko_mM, ki[-1], 1, base.celsius_degC)
    # capacitive charge per volume: C A (V_end - V_0) / (F W), in mM
    dq_mM = (tox.charge_amol[-1] - tox.charge_amol[0]) / tox.volume_um3
    dsum_mM = (nai[-1] + ki[-1]) - (nai[0] + ki[0])
    na_moved_amol = tox.na_amol[-1] - tox.na_amol[0]
    na_balance_rel = tox.ion_balance_error_amol("na") / abs(na_moved_amol)
    row(cond, "v_start_mV", tox.v_mV[0], healthy_rest_mV, "mV")
    row(cond, "v_end_mV", tox.v_mV[-1], 0.0, "mV")
    row(cond, "tau_gradient_s", tau_fit_ms / MS_PER_S, tau_ms / MS_PER_S, "s")
    row(cond, "nai_end_mM", nai[-1], base.nao_mM, "mM")
    row(cond, "ki_end_mM", ki[-1], base.ko_mM, "mM")
    row(cond, "ena_end_mV", ena_end, 0.0, "mV")
    row(cond, "ek_end_mV", ek_end, 0.0, "mV")
    row(cond, "delta_nai_plus_ki_mM", dsum_mM, dq_mM, "mM")
    row(cond, "na_moved_in_amol", na_moved_amol, np.nan, "amol")
    row(cond, "na_balance_error_relative", na_balance_rel, 0.0, "")
    row(cond, "run_hours", t[-1] / physics.MS_PER_H, np.nan, "h")

    claims += [
        claim_close(NAME, "toxin: V after the gradients vanish", tox.v_mV[-1], 0.0, 1.0, "mV",
                    kind="consistency"),
        claim_close(NAME, "toxin: gradient decay time = (volume/area)/P (fitted, s)",
                    tau_fit_ms / MS_PER_S, tau_ms / MS_PER_S, 0.01 * tau_ms / MS_PER_S, "s",
                    kind="consistency"),
        claim_close(NAME, "toxin end state Nai/Nao = Ki/Ko: E_Na - E_K", ena_end - ek_end,
                    0.0, 0.1, "mV", kind="consistency"),
        claim_less(NAME, "toxin: Nai + Ki constant (|change| while 135 mM of each ion moved)",
                   abs(dsum_mM), 0.01, "mM", kind="consistency"),
        claim_close(NAME, "toxin: change of Nai + Ki = capacitive charge C A dV / (F W)",
                    dsum_mM, dq_mM, 0.01 * abs(dq_mM), "mM", kind="consistency"),
        claim_less(NAME, "toxin: Na+ inside changes by the integrated Na+ current (rel. error)",
                   na_balance_rel, 1e-4, "", kind="consistency"),
    ]
    params = dict(source.params)
    what = (f"{params['diam_um']:g}-um sphere" if source.builder == "sphere" else cell_label)
    fig = figure(insulator_runs, tox, base, tau_ms, cond, healthy_rest_mV, what)
    return StudyResult(NAME, "S1 A perfect insulator keeps its potential; a non-selective toxin "
                       "collapses it to 0 mV", pd.DataFrame(rows), fig, claims, notes=NOTES)


run = insulator
