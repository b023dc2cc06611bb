"""S3 The Na+/K+ pump: it balances the leaks, what that costs, and what ouabain does.

1. Balance. At rest (default cells, fixed concentrations) the pump's Na+ current cancels the
   Na+ leak and its K+ current cancels the K+ leak; since one cycle moves 3 Na+ out and 2 K+
   in, the leaks themselves stand 3:2 and V is the Mullins-Noda potential
   V = (RT/F) ln[(1.5 PK Ko + PNa Nao) / (1.5 PK Ki + PNa Nai)] (physics.pump_balanced_rest_mV).
2. Cost. One cycle hydrolyses one ATP and moves one net charge out: ATP/s = I_pump / e, which
   at balance is the Na+ leak influx / 3. Reported per cell, per um2 and in watts (about
   50 kJ per mol ATP in vivo), beside Attwell & Laughlin (2001, J Cereb Blood Flow Metab
   21:1133): of the order of 1e8-1e9 ATP/s per rodent cortical neuron (total signalling
   3.29e9 ATP/s per neuron at 4 Hz, of which resting potentials about 13 %). Scaled to
   tissue (`tissue_budget`): ATP/s per neuron x neurons per cm3 (9.2e7 in rodent
   neocortex, about per g) in umol ATP/g/min, set against the cortex's total (30 umol/g/min)
   and the resting potentials' published share of it (13-20 %).
3. Ouabain. With the pump blocked (block = 1 on every segment) and concentrations free to move
   (accumulate_ions=True, nakacc), Na+ leaks in, K+ leaks out, and V runs down over hours
   to the end state of the leaks with a fixed bath: Ki/Ko = Nai/Nao, i.e. V = 0 mV. Each
   compartment's clock is its volume/area: an isopotential sphere with a cell's volume/area
   runs down with half-time exactly proportional to it; real cells depart from this because
   thin dendrites (small volume/area, most of the membrane) run down first.
"""
from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..measure.ionbudget import (
    AccumulationRun,
    membrane_currents_nA,
    pump_turnover,
    run_accumulating,
    time_to_fraction_ms,
)
from ..measure.passive import resting_potential
from ..measure.records import as_columns, from_columns
from ..mechanisms.catalogue import NAKPUMP, NALEAK
from ..spec import physics
from ..spec import reference_data as ref
from ..spec.membrane import DEFAULT_MEMBRANE
from ..sweeps.sources import CellSource, Condition
from ..sweeps.table import sweep
from .base import (
    StudyResult,
    claim_close,
    claim_greater,
    claim_in_range,
    claim_less,
    ok_records,
    study_cells,
)
from .figures.pump import figure

NAME = "pump"
MS_PER_H = physics.MS_PER_H
EARLY_MS = 200.0  # many membrane time constants after the block, before the ions have moved
ATTWELL_LAUGHLIN_ATP_PER_S = ref.ATTWELL_LAUGHLIN_ATP_PER_S
CELLS = {"interneuron": CellSource("interneuron"), "motoneuron": CellSource("motoneuron")}
# what the study keeps of each cell at rest (the table and the claims read these)
STEADY_KEYS = ("area_um2", "v_rest_mV", "v_mullins_noda_mV", "currents_nA", "atp_per_s",
               "pump_net_nA", "atp_per_s_from_leak", "power_W")

NOTES = (
    "Balance and cost are measured on the default cells as built (spike channels included, "
    "fixed concentrations): the nav and kdr window currents at rest shift V_rest by "
    "hundredths of a mV from the Mullins-Noda value and leave a net Na+ current of order 0.1 % "
    "of the pump's. The ouabain run-down removes the spike channels (MembraneSpec."
    "without_spikes): with them the cells fire for about a minute as V passes threshold, "
    "which costs ~5e5 CVODE steps per simulated minute, and because nakacc has no longitudinal "
    "diffusion the spikes pile Na+ into the thin axon initial segment (385 mM in a test run). "
    "The leak-only run-down is the clean form of the claim; with spikes the gradients would "
    "run down faster. Both real cells (full d_lambda discretisation) are simulated for 24 h "
    "with CVODE (atol 1e-7: the capacitive-charge check needs amounts to ~1e-7 relative); the "
    "motoneuron's soma (volume/area 8 um) is the last compartment to run down. Spheres with "
    "each cell's volume/area are run beside them: their half-times scale exactly with "
    "volume/area. The real cells depart from that scaling: V follows the membrane "
    "(area-weighted), where thin dendrites of small volume/area run down first, while the "
    "mean [Na+]i is volume-weighted and the soma holds much of the volume. Half run-down: "
    "t1/2(V) is when the soma V has gone half-way from rest to 0 mV; t1/2(mean Nai) when "
    "the volume-weighted [Na+]i is half-way from Nai to Nao. In the first ~10 ms after the "
    "block V jumps by ~6 mV to the GHK potential of the leaks: the pump's own outward current "
    "is gone (nothing else is dramatic at first). The same block with Cl-, impermeant anions "
    "and water (a cell that swells) is the pump_leak study.")
TISSUE_NOTE = (
    "Tissue budget: a rodent neocortex whose 9.2e7 neurons per cm3 each cost what the "
    "{cell} costs at rest would spend {per_g:.2g} umol ATP/g/min on fighting the leaks, "
    "{share:.2g} % of the cortex's 30 umol/g/min, against the 13 % (Attwell & Laughlin 2001) "
    "and 20 % (Howarth et al. 2012) published for resting potentials (shares of two different "
    "totals); per neuron it is {per_al:.2g} of Attwell & Laughlin's {al:.2g} ATP/s. What carries "
    "the number is the Na+ leak's influx (ATP/s = Na+ influx / 3): the cell's PNa times its "
    "{area:.2g} um2 of membrane; their cell is a 200-MOhm pyramidal neuron, larger and leakier "
    "to Na+. The 2 %/20 % statement makes the brain's per-gram rate {ratio:g}x the body's mean "
    "({body:.2g} umol/g/min if the cortex's 30 stands for the brain): this cortex's resting "
    "leaks alone would be {over_body:.2g} of that mean; it is signalling (spikes and synapses, "
    "whose Na+ the same pump removes) that makes grey matter expensive in these numbers. No "
    "membrane area per neuron was found in the published budgets (they work from R_in).")

# a bigger cell runs down more slowly: its volume per area is larger, but its thin dendrites
# run down first, so the ratio is not fixed by the equations alone: a range check
TEXT_S3 = ("the source text (SCIENCE.md S3): a big cell runs down more slowly; the ratio depends "
           "on its geometry, not on the equations alone")


def steady_columns(cell, kj_per_mol_atp: float) -> dict:
    """Settle a cell at rest; whole-cell currents by mechanism and the pump's ATP turnover.

    Parameters
    ----------
    cell : leakmodels.Cell
        The built cell, with its pump (nakpump) and fixed concentrations.
    kj_per_mol_atp : float
        Free energy of ATP hydrolysis, in kJ/mol.

    Returns
    -------
    dict
        ``area_um2`` (um2), ``vol_area_um`` (volume per area, for the equivalent sphere, um),
        ``v_rest_mV`` and its Mullins-Noda value ``v_mullins_noda_mV`` (mV), ``currents_nA``
        ({ion: {mechanism or "total": nA}}, outward positive), ``atp_per_s`` (1/s),
        ``pump_net_nA`` (nA), ``atp_per_s_from_leak`` (the Na+ leak's influx / 3, 1/s) and
        ``power_W`` (W).
    """
    spec = cell.membrane
    v_rest = resting_potential(cell)  # leaves the cell at its settled rest
    cur = membrane_currents_nA(cell)
    atp_per_s, pump_nA = pump_turnover(cell)
    return {"area_um2": cell.area_um2, "vol_area_um": cell.volume_um3 / cell.area_um2,
            "v_rest_mV": v_rest,
            "v_mullins_noda_mV": spec.leak_rest_mV(), "currents_nA": cur,
            "atp_per_s": atp_per_s, "pump_net_nA": pump_nA,
            "atp_per_s_from_leak": -cur["na"][NALEAK.suffix] * 1e-9 / 3 / physics.ELEMENTARY_CHARGE_C,
            "power_W": atp_per_s / physics.AVOGADRO_PER_MOL * kj_per_mol_atp * 1e3}


def tissue_budget(atp_per_s: float) -> dict:
    """The resting cost of one cell scaled to rodent neocortex (every neuron costing as much).

    Parameters
    ----------
    atp_per_s : float
        The cell's ATP turnover at rest, in 1/s.

    Returns
    -------
    dict
        ``resting_atp_umol_g_min`` (umol ATP/g/min, at 9.2e7 neurons per cm3, about per g);
        ``share_of_cortex_total`` (of the cortex's published 30 umol/g/min);
        ``brain_over_body_per_g`` (the brain's per-gram rate relative to the body's mean that
        the 2 % / 20 % statement implies, 10x); ``resting_over_body_mean_per_g`` (this
        resting cost relative to that body mean), all dimensionless; and
        ``al_resting_atp_per_s`` (Attwell & Laughlin's resting ATP/s per neuron, 1/s).
    """
    per_g = (atp_per_s * ref.CORTEX_NEURONS_PER_CM3.value * 60.0 / physics.AVOGADRO_PER_MOL
             * 1e6)
    total = ref.CORTEX_ATP_UMOL_PER_G_MIN.value
    brain_over_body = ref.BRAIN_O2_SHARE.value / ref.BRAIN_BODY_MASS_SHARE.value
    return {"resting_atp_umol_g_min": per_g, "share_of_cortex_total": per_g / total,
            "brain_over_body_per_g": brain_over_body,
            "resting_over_body_mean_per_g": per_g / (total / brain_over_body),
            "al_resting_atp_per_s": ref.ATTWELL_LAUGHLIN_RESTING_SHARE.value
            * ref.ATTWELL_LAUGHLIN_ATP_PER_NEURON_S.value}


def rundown_columns(cell, hours: float) -> dict:
    """Block the pump at the healthy rest and run until the gradients have run down.

    Parameters
    ----------
    cell : leakmodels.Cell
        The built cell, its membrane with the pump blocked and ion accumulation on.
    hours : float
        The run's length, in h.

    Returns
    -------
    dict
        ``run`` (the `leakmodels.measure.ionbudget.AccumulationRun`, 80 chunks, as columns);
        ``v0_mV`` (the healthy rest it starts from), ``v_ghk_mV`` (the leaks' GHK potential),
        ``v_early_mV`` (V at `EARLY_MS`) and ``max_ena_minus_ek_end_mV`` (over segments at
        the end), in mV; ``min_block`` (the pump's smallest block, dimensionless);
        ``vol_area_um`` (um); ``t_half_v_h`` and ``t_half_na_h`` (half run-down of the site's
        V to 0 mV and of the mean [Na+]i to Nao, h); ``nao_mM`` and ``ko_mM`` (mM).
    """
    blocked = cell.membrane
    healthy = blocked.with_(pump_block=0.0)
    v0 = healthy.leak_rest_mV()
    v_ghk = physics.ghk_voltage_mV(blocked.pk_effective_cm_s, blocked.pna_cm_s, blocked.ki_mM,
                                   blocked.ko_mM, blocked.nai_mM, blocked.nao_mM,
                                   blocked.celsius_degC)
    blocks = [getattr(seg, NAKPUMP.suffix).block for seg in cell.segments()]
    run = run_accumulating(cell, hours * MS_PER_H, v0, n_chunks=80)
    rtf = physics.rt_over_f_mV(blocked.celsius_degC)
    # |E_Na - E_K| = (RT/F)|ln(Nao Ki / (Nai Ko))| in every segment at the end
    mismatch = float(np.max(np.abs(rtf * np.log(blocked.nao_mM / run.nai_end_mM * run.ki_end_mM
                                                / blocked.ko_mM))))
    early = int(np.searchsorted(run.t_ms, EARLY_MS))
    return {"run": as_columns(run), "v0_mV": v0, "min_block": min(blocks),
            "v_ghk_mV": v_ghk, "v_early_mV": float(run.v_mV[early]),
            "vol_area_um": cell.volume_um3 / cell.area_um2,
            "t_half_v_h": time_to_fraction_ms(run.t_ms, run.v_mV, v0, 0.0) / MS_PER_H,
            "t_half_na_h": time_to_fraction_ms(run.t_check_ms, run.mean_nai_mM, healthy.nai_mM,
                                               healthy.nao_mM) / MS_PER_H,
            "max_ena_minus_ek_end_mV": mismatch, "nao_mM": blocked.nao_mM,
            "ko_mM": blocked.ko_mM}


def pump(rundown_hours: float = 24.0, kj_per_mol_atp: float = 50.0,
         equivalent_spheres: bool = True, cells: dict | None = None,
         execution=None) -> StudyResult:
    """Pump balance and ATP cost of each cell, and its run-down after ouabain.

    Each cell is built with DEFAULT_MEMBRANE (the leaks, the balanced pump, nav and kdr); the
    run-down removes the spike channels and lets Na+ and K+ move (see the module docstring).
    `run` is this function: run the study with its default parameters.

    Parameters
    ----------
    rundown_hours : float, optional
        The run-down's length, in h; default 24.0.
    kj_per_mol_atp : float, optional
        Free energy of ATP hydrolysis for the power, in kJ/mol; default 50.0 (in vivo).
    equivalent_spheres : bool, optional
        Run each cell's run-down beside a sphere of its volume/area; default True.
    cells : dict of str to leakmodels.CellSource, optional
        None (default): the study's own, the interneuron and the motoneuron. The first two
        are compared for the size effect; only "interneuron" gets the tissue budget.
    execution : leakmodels.Execution, optional
        Where the cells are measured; default None, this process.

    Returns
    -------
    StudyResult
        Its table has one row per (cell, condition, quantity): columns ``cell``,
        ``condition``, ``quantity``, ``value``, ``expected`` and ``unit``: at rest V_rest,
        the currents by ion and mechanism (nA), the pump's net current, ATP/s (per cell and
        per um2) and power (W); the interneuron's tissue budget (umol/g/min and shares); and
        for each run-down V early and at the end, half-times (h), end concentrations (mM)
        and the amounts' balances (amol). Its figure shows the fluxes at rest, the ATP cost
        and the run-down over hours. Its claims: V_rest = Mullins-Noda, the net Na+ and K+
        currents near 0, and after the block V = GHK of the leaks, V -> 0 mV, Nai/Nao =
        Ki/Ko and the amounts' balances (consistency); the interneuron's ATP/s and the
        cortex's resting share against Attwell & Laughlin's order and 13-20 % (range
        checks); the bigger cell runs down more slowly (range checks) and the equivalent
        spheres' half-times scale with volume/area (consistency).

    Raises
    ------
    leakmodels.spec.checks.ArgumentTypeError
        If `cells` is not a non-empty {label: CellSource}.
    RuntimeError
        If a cell cannot be measured (e.g. it fires on its own).
    """
    cells = study_cells(cells, CELLS)
    rows, steady, downs = [], [], []

    def row(cell, condition, quantity, value, expected=np.nan, unit=""):
        rows.append({"cell": cell, "condition": condition, "quantity": quantity,
                     "value": float(value), "expected": float(expected), "unit": unit})

    # the leak-and-pump membrane: without the interneuron's M-current or the motoneuron's AHP
    # (MembraneSpec's balanced pump balances the leaks, which is what is checked here)
    base = DEFAULT_MEMBRANE
    blocked = base.without_spikes().with_(accumulate_ions=True, pump_block=1.0)
    at_rest = ok_records(sweep(list(cells.values()), [Condition("rest", membrane=base)],
                               (partial(steady_columns, kj_per_mol_atp=kj_per_mol_atp),),
                               execution, name=f"{NAME}-rest"))
    ouabain = ([Condition("ouabain", membrane=blocked)],
               (partial(rundown_columns, hours=rundown_hours),), execution)
    ran = ok_records(sweep(list(cells.values()), *ouabain, name=f"{NAME}-ouabain"))
    downs = [{**d, "cell": label} for label, d in zip(cells, ran)]
    if equivalent_spheres:  # each after its cell: a sphere of the same volume/area
        spheres = [CellSource("sphere", (("diam_um", 6.0 * d["vol_area_um"]),)) for d in ran]
        ran = ok_records(sweep(spheres, *ouabain, name=f"{NAME}-ouabain-spheres"))
        downs = [x for d, s in zip(downs, ran)
                 for x in (d, {**s, "cell": f"sphere, vol/area of {d['cell']}"})]
    for d in downs:
        d["run"] = from_columns(AccumulationRun, d["run"])
    for name, s in zip(cells, at_rest):
        s = {"cell": name, **{k: s[k] for k in STEADY_KEYS}}
        s["budget"] = budget = tissue_budget(s["atp_per_s"])
        steady.append(s)
        rest = "rest, pump on"
        row(name, rest, "area_um2", s["area_um2"], unit="um2")
        row(name, rest, "v_rest_mV", s["v_rest_mV"], s["v_mullins_noda_mV"], "mV")
        for ion in ("na", "k"):
            for mech, val in s["currents_nA"][ion].items():
                row(name, rest, f"i{ion}_{mech}_nA", val,
                    0.0 if mech == "total" else np.nan, "nA")
        row(name, rest, "pump_net_current_nA", s["pump_net_nA"], unit="nA")
        row(name, rest, "atp_per_s", s["atp_per_s"], s["atp_per_s_from_leak"], "1/s")
        row(name, rest, "atp_per_s_um2", s["atp_per_s"] / s["area_um2"], unit="1/s/um2")
        row(name, rest, "power_W", s["power_W"], unit="W")
        if name != "interneuron":  # a cortex is made of small neurons, not of motoneurons
            continue
        tissue = "rodent neocortex of such interneurons (9.2e7 per cm3)"
        row(name, tissue, "resting_atp_umol_g_min", budget["resting_atp_umol_g_min"],
            unit="umol/g/min")
        for q in ("share_of_cortex_total", "resting_over_body_mean_per_g"):
            row(name, tissue, q, budget[q])
        row(name, tissue, "atp_per_s_over_al_resting_per_neuron",
            s["atp_per_s"] / budget["al_resting_atp_per_s"])
    for d in downs:
        run, cond = d["run"], "ouabain (block = 1), leaks only"
        row(d["cell"], cond, "vol_area_um", d["vol_area_um"], unit="um")
        row(d["cell"], cond, "min_pump_block", d["min_block"], 1.0)
        row(d["cell"], cond, "v_start_mV", d["v0_mV"], unit="mV")
        row(d["cell"], cond, f"v_at_{EARLY_MS:g}_ms_mV", d["v_early_mV"], d["v_ghk_mV"], "mV")
        row(d["cell"], cond, "v_end_mV", run.v_mV[-1], 0.0, "mV")
        row(d["cell"], cond, "t_half_v_h", d["t_half_v_h"], unit="h")
        row(d["cell"], cond, "t_half_mean_nai_h", d["t_half_na_h"], unit="h")
        row(d["cell"], cond, "mean_nai_end_mM", run.mean_nai_mM[-1], unit="mM")
        row(d["cell"], cond, "mean_ki_end_mM", run.mean_ki_mM[-1], unit="mM")
        row(d["cell"], cond, "max_abs_ena_minus_ek_end_mV", d["max_ena_minus_ek_end_mV"], 0.0,
            "mV")
        for ion in ("na", "k"):
            amount = getattr(run, f"{ion}_amol")
            row(d["cell"], cond, f"{ion}_change_amol", amount[-1] - amount[0], unit="amol")
            row(d["cell"], cond, f"{ion}_balance_error_amol", run.ion_balance_error_amol(ion),
                0.0, "amol")
        row(d["cell"], cond, "capacitive_charge_change_amol",
            run.charge_amol[-1] - run.charge_amol[0], unit="amol")
        row(d["cell"], cond, "charge_balance_error_amol", run.charge_balance_error_amol(), 0.0,
            "amol")
        row(d["cell"], cond, "recorded_samples", run.samples)
        row(d["cell"], cond, "run_h", run.t_ms[-1] / MS_PER_H, unit="h")
    claims = _claims(steady, downs, list(cells))
    fig = figure(steady, downs, rundown_hours)
    return StudyResult(NAME, "S3 The pump balances the leaks, costs ATP, and ouabain runs the "
                       "cell down to 0 mV", pd.DataFrame(rows), fig, claims,
                       notes=NOTES + "".join(_tissue_note(s) for s in steady
                                             if s["cell"] == "interneuron"))


def _tissue_note(s) -> str:
    b = s["budget"]
    return " " + TISSUE_NOTE.format(
        cell=s["cell"], per_g=b["resting_atp_umol_g_min"], share=100 * b["share_of_cortex_total"],
        per_al=s["atp_per_s"] / b["al_resting_atp_per_s"], al=b["al_resting_atp_per_s"],
        area=s["area_um2"], ratio=b["brain_over_body_per_g"],
        body=ref.CORTEX_ATP_UMOL_PER_G_MIN.value / b["brain_over_body_per_g"],
        over_body=b["resting_over_body_mean_per_g"])


def _claims(steady, downs, names):
    claims = []
    for s in steady:
        c, cur = s["cell"], s["currents_nA"]
        pump_na = cur["na"][NAKPUMP.suffix]
        # (the pump's 3:2 stoichiometry, its ATP rate = I_pump / e and the pump/leak ratios at
        # rest repeat lines of nakpump.mod and the balance imax was solved for: not claims)
        claims += [
            claim_close(NAME, f"{c}: V_rest = Mullins-Noda potential (NMODL currents against "
                        "physics.py's closed form)", s["v_rest_mV"], s["v_mullins_noda_mV"],
                        0.05, "mV", kind="consistency"),
            claim_less(NAME, f"{c}: net Na+ current / pump Na+ current at rest",
                       abs(cur["na"]["total"] / pump_na), 2e-3, "", kind="consistency"),
            claim_less(NAME, f"{c}: net K+ current / pump K+ current at rest",
                       abs(cur["k"]["total"] / cur["k"][NAKPUMP.suffix]), 2e-3, "", kind="consistency"),
        ]
    by = {s["cell"]: s for s in steady}
    if "interneuron" in by:
        claims.append(claim_in_range(NAME, "interneuron ATP/s at rest within Attwell & Laughlin's "
                                     "order per neuron", by["interneuron"]["atp_per_s"],
                                     ATTWELL_LAUGHLIN_ATP_PER_S))
        # the source text's "a large share [of the brain's energy] pays the pump fighting the
        # leaks", for a cortex whose every neuron costs what the interneuron does at rest
        claims.append(claim_in_range(
            NAME, "cortex of default interneurons: the resting leaks' share of 30 umol ATP/g/min",
            by["interneuron"]["budget"]["share_of_cortex_total"],
            ref.RESTING_POTENTIAL_SHARE))
    # (ATP/s per um2 equal in two cells of the same membrane, and ATP/s in proportion to area,
    # so a motoneuron's far larger rate, are identities: not claims)
    for d in downs:
        run, c = d["run"], d["cell"]
        claims.append(claim_close(NAME, f"{c}: V after ouabain run-down", run.v_mV[-1], 0.0, 1.0,
                                  "mV", kind="consistency"))
        if c in names:
            claims.append(claim_close(NAME, f"{c}: {EARLY_MS:g} ms after the block V = GHK of the "
                                      "leaks (the pump's electrogenic share is lost at once)",
                                      d["v_early_mV"], d["v_ghk_mV"], 0.1, "mV", kind="consistency"))
            claims.append(claim_less(NAME, f"{c}: end state Nai/Nao = Ki/Ko (max |E_Na - E_K| over "
                                     "segments)", d["max_ena_minus_ek_end_mV"], 1.0, "mV",
                                     kind="consistency"))
            for ion in ("na", "k"):
                amount = getattr(run, f"{ion}_amol")
                claims.append(claim_less(
                    NAME, f"{c}: {ion.capitalize()}+ amount changes by the integrated current "
                    "(rel. error)", run.ion_balance_error_amol(ion) / abs(amount[-1] - amount[0]),
                    1e-4, "", kind="consistency"))
            dq = run.charge_amol[-1] - run.charge_amol[0]
            claims.append(claim_less(NAME, f"{c}: Na+ + K+ inside changes only by the capacitive "
                                     "charge (rel. error)",
                                     run.charge_balance_error_amol() / abs(dq),
                                     1e-3, "", kind="consistency"))
    if len(names) >= 2:
        dd = {d["cell"]: d for d in downs}
        small, big = dd[names[0]], dd[names[1]]
        wa_ratio = big["vol_area_um"] / small["vol_area_um"]
        claims.append(claim_greater(NAME, f"{names[1]} runs down more slowly: t1/2(V) ratio "
                                    f"{names[1]}/{names[0]}",
                                    big["t_half_v_h"] / small["t_half_v_h"],
                                    1.0, "", kind="range", source=TEXT_S3))
        claims.append(claim_greater(NAME, f"{names[1]} runs down more slowly: t1/2(mean Nai) ratio",
                                    big["t_half_na_h"] / small["t_half_na_h"], 1.0, "",
                                    kind="range", source=TEXT_S3))
        s_small, s_big = (dd.get(f"sphere, vol/area of {n}") for n in names[:2])
        if s_small and s_big:
            claims.append(claim_close(NAME, "equivalent spheres: t1/2(V) ratio = volume/area ratio",
                                      s_big["t_half_v_h"] / s_small["t_half_v_h"], wa_ratio,
                                      0.01 * wa_ratio, "", kind="consistency"))
    return claims


run = pump
