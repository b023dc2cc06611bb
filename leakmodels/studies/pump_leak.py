"""S3 with chloride and water: what ouabain does to a cell that also holds Cl- and impermeant
anions, and whose volume follows its osmotic balance (the pump-leak model).

The pump study's run-down ends at 0 mV by construction: with only Na+ and K+ leaks, a fixed
volume and Ki + Nai = Ko + Nao, Nai/Nao = Ki/Ko is the only end state. Real cells hold Cl-
(here a GHK leak, passive: [Cl-]i at equilibrium at rest) and impermeant anions, and water
follows the osmotic gradient (ionvol.mod: Tosteson & Hoffman 1960; Kay 2017). The same block
is run four ways from the same healthy rest, on the default interneuron (spike channels
removed, as in the pump study) and on a 20-um sphere:

1. Na+ and K+ only (the pump study's model): V -> 0 mV.
2. Cl- with the volume held (Pf = 0, a rigid cell): V -> the Gibbs-Donnan potential, about
   -11 mV, solved in closed form (physics.donnan_end_state); the cell is then osmotically
   stronger than the bath by the ions the Donnan ratio piles up.
3. Cl- and water: the cell takes up NaCl and water and swells; every permeant ion ends in
   equilibrium and in osmotic balance, which (closed form) puts V within 0.5 mV of 0 for a
   mean impermeant charge between -0.75 and -1.07 (Ki 120-145 mM; exactly 0 at -1) and the
   volume 6.8-7.9 times the start: no Donnan potential survives swelling in a fixed bath. A
   real cell bursts or blebs first.
4. As 3 with Pf / 10: ion entry, not water, sets the pace.
And a control: the pump-leak cell with the pump on stays where it started. With the pump on,
KCC2 (mature neurons) or NKCC1 (immature ones) moves [Cl-]i off its passive value: E_Cl ends
below V with KCC2 and above it with NKCC1.

What makes the difference is the volume: a cell that cannot swell (a rigid wall, or a membrane
that stops unfolding) keeps a Donnan potential; one that can ends near 0 mV for every
impermeant charge checked (-0.75 to -1.07). The Cl- leak itself changes nothing at rest
(E_Cl = V_rest there).
"""
from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..measure.ionbudget import AccumulationRun, run_accumulating, time_to_fraction_ms
from ..measure.passive import input_resistance, resting_potential
from ..measure.records import as_columns, from_columns
from ..mechanisms.catalogue import IONVOL
from ..spec import physics
from ..spec.membrane import DEFAULT_MEMBRANE
from ..sweeps.sources import CellSource, Condition
from ..sweeps.table import sweep
from .base import StudyResult, claim_close, claim_greater, claim_less, ok_records, study_cells
from .figures.pump_leak import figure

NAME = "pump_leak"
MS_PER_H = physics.MS_PER_H
CELLS = {"interneuron": CellSource("interneuron"),
         "sphere 20 um": CellSource("sphere", (("diam_um", 20.0),), label="sphere 20 um")}
# the Cl- leak's permeability relative to the K+ leak's (Hodgkin & Katz 1949's squid axon:
# PK : PNa : PCl = 1 : 0.04 : 0.45; a mammalian neuron's resting PCl is smaller and less
# certain, so the ratio is a parameter; it sets the pace of the run-down, not its end)
PCL_OVER_PK = 0.45  # as quoted from Hodgkin & Katz (1949, J Physiol 108:37); not re-read
RUNS = ("Na+ and K+ only", "Cl-, rigid (Pf = 0)", "Cl- and water", "Cl- and water, Pf / 10",
        "Cl- and water, pump on")
# chloride set actively, with the pump on: a mature neuron's KCC2 and an immature one's NKCC1
COTRANSPORT_RUNS = ("Cl- and water, pump on, KCC2", "Cl- and water, pump on, NKCC1")
COTRANSPORT_MA_CM2 = 1e-4  # chosen, not measured: the signs of E_Cl - V are what is scored
RIVERA = ("Rivera et al. 1999, Nature 397:251 (abstract): KCC2, the neurons' Cl- extruder, "
          "makes GABA hyperpolarising (E_Cl below rest) in mature neurons")
KOLBAEV = ("Kolbaev et al. 2020, Sci Rep 10:18399 (abstract): in immature CA3 neurons NKCC1 "
           "holds [Cl-]i above its passive distribution (blocked, it falls toward it)")
IMPERMEANT_KI_MM = (120.0, 130.0, 140.0, 145.0)  # the closed-form end states' Ki (charge z)

NOTES = (
    "Every run starts from the healthy rest of the leaks and the balanced pump (the Mullins-Noda "
    "potential; [Cl-]i in equilibrium there) with the spike channels removed, and runs with "
    "CVODE (atol 1e-7) with the pump blocked at t = 0. The impermeant anions inside are set by "
    "ionvol at the start so that the cell is neutral and in osmotic balance with a bath of "
    "2 (Nao + Ko) = 300 mOsm (its own impermeant anions, charge -1, make it neutral); with the "
    "default concentrations (Ki + Nai = Ko + Nao) their mean charge is -1. The membrane's area "
    "stays fixed while the volume grows (a cell unfolding membrane it has). Pf is the membrane's "
    "osmotic water permeability (no neuronal value found; 1e-3 cm/s gives water a time "
    "constant of ~10 s in the thin dendrites, against the ions' hours): a tenfold smaller Pf "
    "leaves V within 0.1 mV at 1 h and 4 h and delays the volume's 1.5-fold point by 13-17 % "
    "(the table's t_volume_x1.5_h). The Cl- leak's permeability (PCl/PK = 0.45, the squid "
    "axon's ratio as quoted; no mammalian value could be checked) sets the pace, not the end. "
    "No measured time course of swelling after ouabain could be checked, so none is scored. "
    "The closed forms (physics.donnan_end_state) assume every permeant ion in "
    "equilibrium at the end; the table's 'end state' rows give them for other Ki (other "
    "impermeant charges). KCC2 and NKCC1 (kcc2.mod, nkcc1.mod: rates linear in their free "
    "energy, 1e-4 mA/cm2 each, chosen) run with the pump on for the settling time: KCC2 takes "
    "[Cl-]i below its passive value and E_Cl below V, NKCC1 above it (the table's "
    "e_cl_minus_v_end_mV); their sizes follow from the chosen rates and PCl, only their signs "
    "are scored. Not modelled: membrane tension, "
    "lysis, the bath's changes in a slice.")


def rest_columns(cell) -> dict:
    """V_rest and R_in at fixed concentrations (the Cl- leak's effect at rest).

    Parameters
    ----------
    cell : leakmodels.Cell
        The built cell.

    Returns
    -------
    dict
        ``v_rest_mV`` (mV) and ``rin_MOhm`` (MOhm).
    """
    return {"v_rest_mV": resting_potential(cell), "rin_MOhm": input_resistance(cell)}


def rundown_columns(cell, hours: float, v0_mV: float) -> dict:
    """The run from `v0_mV` for `hours`, the impermeant charge and the volume per area.

    Parameters
    ----------
    cell : leakmodels.Cell
        The built cell, with its concentrations (and maybe its volume) free to move.
    hours : float
        The run's length, in h.
    v0_mV : float
        The potential every segment starts at, in mV.

    Returns
    -------
    dict
        ``run``: the `leakmodels.measure.ionbudget.AccumulationRun` (80 chunks) as columns;
        ``vol_area_um``: the volume per area, in um; ``impermeant_charge``: the mean charge
        of the impermeant anions that ionvol set at the start, dimensionless (NaN without
        ionvol).
    """
    run = run_accumulating(cell, hours * MS_PER_H, v0_mV, n_chunks=80)
    pools = [getattr(seg, IONVOL.suffix) for seg in cell.segments()
             if seg.sec.has_membrane(IONVOL.suffix)]
    return {"run": as_columns(run), "vol_area_um": cell.volume_um3 / cell.area_um2,
            "impermeant_charge": float(np.mean([p.zx for p in pools])) if pools else np.nan}


def membranes(base) -> dict:
    """The runs' membranes, from the healthy `base` (leaks and pump), spike channels removed.

    Parameters
    ----------
    base : leakmodels.MembraneSpec
        The healthy membrane.

    Returns
    -------
    dict of str to leakmodels.MembraneSpec
        {run: membrane} for each of `RUNS` and `COTRANSPORT_RUNS`: Na+ and K+ only (ion
        accumulation, pump blocked); with a Cl- leak (PCl = `PCL_OVER_PK` x PK, [Cl-]i at
        its passive value) and the volume following osmosis: rigid (Pf = 0), with water,
        with Pf / 10, each with the pump blocked; the pump on; the pump on with KCC2 or
        NKCC1 at `COTRANSPORT_MA_CM2` (1e-4 mA/cm2).
    """
    passive = base.without_spikes()
    # [Cl-]i in equilibrium at the rest without it: the Cl- leak then carries no current there
    cl = passive.with_(pcl_cm_s=PCL_OVER_PK * passive.pk_cm_s, cli_mM=passive.passive_cli_mM())
    swell = cl.with_(volume_follows_osmosis=True)
    return {RUNS[0]: passive.with_(accumulate_ions=True, pump_block=1.0),
            RUNS[1]: swell.with_(water_permeability_cm_s=0.0, pump_block=1.0),
            RUNS[2]: swell.with_(pump_block=1.0),
            RUNS[3]: swell.with_(water_permeability_cm_s=swell.water_permeability_cm_s / 10,
                                 pump_block=1.0),
            RUNS[4]: swell,
            COTRANSPORT_RUNS[0]: swell.with_(kcc2_mA_cm2=COTRANSPORT_MA_CM2),
            COTRANSPORT_RUNS[1]: swell.with_(nkcc1_mA_cm2=COTRANSPORT_MA_CM2)}


def end_states(spec) -> list:
    """The closed-form end states, rigid and swelling, for the spec's Ki and for other Ki.

    Other Ki (`IMPERMEANT_KI_MM`) give other mean impermeant charges.

    Parameters
    ----------
    spec : leakmodels.MembraneSpec
        The membrane whose concentrations and temperature are used.

    Returns
    -------
    list of dict
        One per (Ki, rigid or swelling), the spec's Ki first: the keys of
        `leakmodels.spec.physics.donnan_end_state` (V in mV, concentrations in mM, ratios
        and the charge dimensionless) and ``ki_start_mM``, ``nai_start_mM``,
        ``cli_start_mM`` (mM) and ``swells`` (bool).

    Raises
    ------
    ValueError
        If a set of concentrations has no pump-leak end state (`donnan_end_state`).
    """
    rows = []
    for ki in (spec.ki_mM,) + tuple(k for k in IMPERMEANT_KI_MM if k != spec.ki_mM):
        for swells in (False, True):
            d = physics.donnan_end_state(spec.nai_mM, ki, spec.cli_mM, spec.nao_mM, spec.ko_mM,
                                         spec.clo_mM, spec.celsius_degC, swells=swells)
            rows.append({**d, "ki_start_mM": ki, "nai_start_mM": spec.nai_mM,
                         "cli_start_mM": spec.cli_mM, "swells": swells})
    return rows


def pump_leak(hours: float = 480.0, settle_hours: float = 48.0, cells: dict | None = None,
              execution=None) -> StudyResult:
    """The ouabain block four ways (see the module docstring) on each cell.

    Every run starts from the healthy rest of the leaks and the balanced pump (the
    Mullins-Noda potential) with the spike channels removed. `run` is this function: run the
    study with its default parameters.

    Parameters
    ----------
    hours : float, optional
        The length of the swelling runs (Cl- and water, and with Pf / 10), in h; default
        480.0 (days: the volume's approach to its end is slow).
    settle_hours : float, optional
        The length of the others (which settle within hours), the control and the
        cotransporter runs, in h; default 48.0.
    cells : dict of str to leakmodels.CellSource, optional
        None (default): the study's own, the interneuron and a 20-um sphere, each with
        DEFAULT_MEMBRANE.
    execution : leakmodels.Execution, optional
        Where the cells are measured; default None, this process.

    Returns
    -------
    StudyResult
        Its table has columns ``cell``, ``condition``, ``quantity``, ``value`` and ``unit``:
        V_rest (mV) and R_in (MOhm) without and with the Cl- leak; for each run V at the
        start, at 1, 4 and 24 h and at the end (mV), mean end concentrations (mM), the
        volume's ratios and time to 1.5-fold (h), E_Cl - V (mV), the impermeant charge and
        the amounts' balances; and the closed-form end states (cell "closed form"). Its
        figure shows V and the volume four ways, the swelling cell's concentrations and the
        end states. Its claims: the Cl- leak at E_Cl leaves V_rest; V ends at 0 mV (Na+ and
        K+ only), at the Gibbs-Donnan potential (rigid) and at the closed form with its
        volume (swelling); the pump-on control stays put; every amount follows its current
        (consistency); KCC2 ends E_Cl below V and NKCC1 above it (range checks, Rivera et
        al. 1999 and Kolbaev et al. 2020).

    Raises
    ------
    leakmodels.spec.checks.ArgumentTypeError
        If `cells` is not a non-empty {label: CellSource}.
    RuntimeError
        If a cell cannot be measured.
    """
    cells = study_cells(cells, CELLS)
    base = DEFAULT_MEMBRANE
    mems = membranes(base)
    v0 = mems[RUNS[4]].leak_rest_mV()
    sources = list(cells.values())
    at_rest = ok_records(sweep(
        sources, [Condition("no Cl- leak", membrane=base.without_spikes()),
                  Condition("Cl- leak at E_Cl", membrane=mems[RUNS[4]].with_(
                      volume_follows_osmosis=False))],
        (rest_columns,), execution, name=f"{NAME}-rest"))
    ran = []
    for runs, h in ((RUNS[2:4], hours), (RUNS[:2] + RUNS[4:] + COTRANSPORT_RUNS, settle_hours)):
        ran += ok_records(sweep(sources, [Condition(r, membrane=mems[r]) for r in runs],
                                (partial(rundown_columns, hours=h, v0_mV=v0),), execution,
                                name=f"{NAME}-ouabain-{h:g}h"))
    downs = [{**d, "cell": d["cell"], "condition": d["condition"],
              "run": from_columns(AccumulationRun, d["run"])} for d in ran]
    ends = end_states(mems[RUNS[2]])
    rows = _rows(at_rest, downs, ends, v0)
    claims = _claims(at_rest, downs, ends, v0)
    fig = figure([d for d in downs if d["condition"] in RUNS], ends, v0, list(cells))
    return StudyResult(NAME, "S3 with Cl- and water: ouabain swells the cell; a Donnan "
                       "potential survives only if the volume is held", pd.DataFrame(rows),
                       fig, claims, notes=NOTES + " " + _cotransport_note(downs, v0))


def _cotransport_note(downs, v0) -> str:
    """What KCC2 and NKCC1 did to E_Cl, V and the volume (the first cell's runs)."""
    cell = downs[0]["cell"]
    parts = []
    for name in COTRANSPORT_RUNS:
        d = next(x for x in downs if x["cell"] == cell and x["condition"] == name)
        run = d["run"]
        parts.append(f"{name.rsplit(', ', 1)[1]}: E_Cl - V {_e_cl_minus_v(run):+.2g} mV, V "
                     f"{run.v_mV[-1] - v0:+.2g} mV from the start, volume x "
                     f"{run.volumes_um3[-1] / run.volumes_um3[0]:.3g}")
    return (f"With the pump on ({cell}, at the end): " + "; ".join(parts) + " (the Cl- leak "
            "now carries current, so the cotransporters move V and the volume too).")


def _t_half_h(run, v0, v_end):
    return time_to_fraction_ms(run.t_ms, run.v_mV, v0, v_end) / MS_PER_H


def _rows(at_rest, downs, ends, v0):
    rows = [{"cell": r["cell"], "condition": r["condition"], "quantity": q,
             "value": r[q], "unit": q.rsplit("_", 1)[1]}
            for r in at_rest for q in ("v_rest_mV", "rin_MOhm")]
    for d in downs:
        run = d["run"]

        def row(quantity, value, unit):
            rows.append({"cell": d["cell"], "condition": d["condition"], "quantity": quantity,
                         "value": float(value), "unit": unit})
        row("v_start_mV", v0, "mV")
        row("v_end_mV", run.v_mV[-1], "mV")
        for h in (1.0, 4.0, 24.0):
            row(f"v_at_{h:g}_h_mV", np.interp(h * MS_PER_H, run.t_ms, run.v_mV), "mV")
        row("mean_nai_end_mM", run.mean_nai_mM[-1], "mM")
        row("mean_ki_end_mM", run.mean_ki_mM[-1], "mM")
        row("vol_area_um", d["vol_area_um"], "um")
        if run.cl_amol is not None:
            vol = run.volumes_um3 / run.volumes_um3[0]
            row("mean_cli_end_mM", run.mean_cli_mM[-1], "mM")
            row("e_cl_minus_v_end_mV", _e_cl_minus_v(run), "mV")
            row("impermeant_charge", d["impermeant_charge"], "")
            row("volume_end_ratio", vol[-1], "")
            for h in (1.0, 4.0, 24.0):
                row(f"volume_at_{h:g}_h_ratio", np.interp(h * MS_PER_H, run.t_check_ms, vol), "")
            if vol[-1] > 1.5:
                row("t_volume_x1.5_h", time_to_fraction_ms(run.t_check_ms, vol, 1.0, 1.5, 1.0)
                    / MS_PER_H, "h")
        for ion in ("na", "k") + (("cl",) if run.cl_amol is not None else ()):
            row(f"{ion}_balance_error_rel", _rel_error(run, ion), "")
        row("charge_balance_error_amol", run.charge_balance_error_amol(), "amol")
        row("run_h", run.t_ms[-1] / MS_PER_H, "h")
    for e in ends:
        cond = f"end state, Ki {e['ki_start_mM']:g} mM, {'swelling' if e['swells'] else 'rigid'}"
        for q, unit in (("v_mV", "mV"), ("volume_ratio", ""), ("impermeant_charge", ""),
                        ("nai_mM", "mM"), ("cli_mM", "mM")):
            rows.append({"cell": "closed form", "condition": cond, "quantity": q,
                         "value": float(e[q]), "unit": unit})
    return rows


def _e_cl_minus_v(run) -> float:
    """E_Cl (from the mean [Cl-]i) - V at the run's end, mV."""
    spec = DEFAULT_MEMBRANE
    return (physics.nernst_mV(spec.clo_mM, run.mean_cli_mM[-1], -1, spec.celsius_degC)
            - run.v_mV[-1])


def _rel_error(run, ion):
    amount = getattr(run, f"{ion}_amol")
    moved = abs(amount[-1] - amount[0])
    return run.ion_balance_error_amol(ion) / moved if moved > 0 else run.ion_balance_error_amol(ion)


def _claims(at_rest, downs, ends, v0):
    claims = []
    rest = {(r["cell"], r["condition"]): r for r in at_rest}
    for cell in dict.fromkeys(r["cell"] for r in at_rest):
        without, with_cl = rest[(cell, "no Cl- leak")], rest[(cell, "Cl- leak at E_Cl")]
        claims.append(claim_close(NAME, f"{cell}: a Cl- leak at E_Cl leaves V_rest where it was "
                                  f"(R_in x {with_cl['rin_MOhm'] / without['rin_MOhm']:.2f})",
                                  with_cl["v_rest_mV"], without["v_rest_mV"], 1e-3, "mV",
                                  kind="consistency"))
    first = ends[0]["ki_start_mM"]
    rigid, swell = (next(e for e in ends if e["ki_start_mM"] == first and e["swells"] == s)
                    for s in (False, True))
    by = {(d["cell"], d["condition"]): d for d in downs}
    for cell in dict.fromkeys(d["cell"] for d in downs):
        runs = {r: by[(cell, r)]["run"] for r in RUNS}
        claims.append(claim_close(NAME, f"{cell}: Na+ and K+ only: V after the run-down",
                                  runs[RUNS[0]].v_mV[-1], 0.0, 1.0, "mV", kind="consistency"))
        claims.append(claim_close(NAME, f"{cell}: rigid: V at the end = the Gibbs-Donnan closed "
                                  "form", runs[RUNS[1]].v_mV[-1], rigid["v_mV"], 0.1, "mV",
                                  kind="consistency"))
        swelled = runs[RUNS[2]]
        claims.append(claim_close(NAME, f"{cell}: Cl- and water: V at the end = the closed form",
                                  swelled.v_mV[-1], swell["v_mV"], 0.5, "mV", kind="consistency"))
        claims.append(claim_close(NAME, f"{cell}: Cl- and water: volume at the end / start = the "
                                  "closed form (within 5 %)",
                                  swelled.volumes_um3[-1] / swelled.volumes_um3[0],
                                  swell["volume_ratio"], 0.05 * swell["volume_ratio"], "",
                                  kind="consistency"))
        control = runs[RUNS[4]]
        claims.append(claim_less(NAME, f"{cell}: pump on: the volume moves by (relative)",
                                 abs(control.volumes_um3[-1] / control.volumes_um3[0] - 1), 1e-6,
                                 "", kind="consistency"))
        claims.append(claim_close(NAME, f"{cell}: pump on: V at the end", control.v_mV[-1], v0,
                                  0.01, "mV", kind="consistency"))
        for ion in ("na", "k", "cl"):
            claims.append(claim_less(NAME, f"{cell}: Cl- and water: {ion.capitalize()}+ amount "
                                     "changes by the integrated current (rel. error)"
                                     .replace("Cl+", "Cl-"), _rel_error(swelled, ion), 1e-4, "",
                                     kind="consistency"))
        kcc2, nkcc1 = (by[(cell, r)] for r in COTRANSPORT_RUNS)
        claims.append(claim_less(NAME, f"{cell}: pump on with KCC2: E_Cl - V at the end",
                                 _e_cl_minus_v(kcc2["run"]), 0.0, "mV", kind="range",
                                 source=RIVERA))
        claims.append(claim_greater(NAME, f"{cell}: pump on with NKCC1: E_Cl - V at the end",
                                    _e_cl_minus_v(nkcc1["run"]), 0.0, "mV",
                                    kind="range", source=KOLBAEV))
        worst = max(_rel_error(d["run"], ion) for d in (kcc2, nkcc1) for ion in ("na", "k", "cl"))
        claims.append(claim_less(NAME, f"{cell}: KCC2 and NKCC1: every ion's amount changes by "
                                 "its integrated current (worst rel. error)", worst, 1e-4, "",
                                 kind="consistency"))
        dq = abs(swelled.charge_amol[-1] - swelled.charge_amol[0])
        moved = abs(swelled.cl_amol[-1] - swelled.cl_amol[0])
        claims.append(claim_less(NAME, f"{cell}: Cl- and water: Na+ + K+ - Cl- inside changes "
                                 "only by the capacitive charge (error / Cl- moved)",
                                 swelled.charge_balance_error_amol() / max(dq, moved), 1e-4, "",
                                 kind="consistency"))
    return claims


run = pump_leak
