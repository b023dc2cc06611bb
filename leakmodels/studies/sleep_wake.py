"""S7a Sleep and wake: neuromodulators close K2P (TASK) leak channels and wake a neuron up.

Closing a fraction of the K+ leak (kleak fopen < 1) depolarises the default interneuron, raises
R_in, lowers its rheobase and raises its firing rate to a fixed input; closing enough of it makes
the cell fire with no input at all. Opening K+ leak (more open channels: pbar raised at
fopen = 1) does the reverse. The modulated states keep the baseline pump (`MembraneSpec.modulated`):
a neuromodulator acts in seconds and does not change the number of pumps, so imax stays at the
value that balanced the baseline leaks; re-balancing it (MembraneSpec's pump_imax_mA_cm2=None)
would describe the cell days later and is shown only as an analytic line. A level whose
steady state is in depolarisation block (steady, depolarised, nav inactivated: no step fires
it) is marked as such (`depolarisation_block`), drawn apart and not scored as a rest.

Those are the first seconds, at the baseline's concentrations. Sleep and wake last hours, so
the baseline, the closed state scored (CLOSED_STATE) and the most opened level are also
followed for SETTLE_HOURS with their concentrations moving (nakacc) and the pump's number
kept, from the baseline's rest: V at 1 s (still at the baseline's concentrations) and the
state the ions settle to (V, mean [Na+]i and [K+]i), with the drift over the last tenth of the
run and the Na+ and K+ bookkeeping (`measure.ionbudget.settled_columns`). The baseline itself
drifts: its pump is balanced against the leaks alone (Mullins-Noda), while the M-current and
nav's window current also carry ions at rest, so its concentrations move until the pump
balances them all.
"""
from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..measure.columns import resting_or_firing_columns, step_response_columns
from ..measure.ionbudget import settled_columns
from ..spec.membrane import MembraneSpec, default_membrane
from ..sweeps.sources import CellSource, Condition
from ..sweeps.table import sweep
from .base import StudyResult, claim_greater, claim_less, ok_records, study_cells
from .figures.sleep_wake import figure

NAME = "sleep_wake"
CELLS = {"interneuron": CellSource("interneuron")}
LEAD_MS, STEP_MS = 500.0, 500.0  # no input, then the fixed input
CLOSED_STATE = 0.5  # the closed state whose claims are scored: half the K2P leak shut
SETTLE_HOURS = 6.0  # long enough to settle: V moves < 1e-6 mV over the last tenth (measured)
SETTLED_COLUMNS = ("v_early_mV", "v_settled_mV", "nai_settled_mM", "ki_settled_mM",
                   "dv_last_tenth_mV", "v_max_mV", "na_moved_amol", "k_moved_amol",
                   "na_balance_error_amol", "k_balance_error_amol")

# the source text's statements whose direction depends on the parameters (the M-current, the
# window current), not on the leak equations alone: range checks, not consistency checks
TEXT_S7A = ("the source text (SCIENCE.md S7a): closing K2P leak excites, opening it calms; "
            "beyond V_rest the direction depends on the cell's gated channels")


def _state(base: MembraneSpec, k_leak_rel: float) -> MembraneSpec:
    """Relative K+ leak below 1: fopen closes; above 1: more channels (pbar x k_leak_rel)."""
    if k_leak_rel <= 1.0:
        return base.modulated(kleak_fopen=base.kleak_fopen * k_leak_rel)
    return base.modulated(pk_cm_s=base.pk_cm_s * k_leak_rel)


def sleep_wake(k_leak_rel=(0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0),
               input_x_rheobase: float = 1.5,
               membrane: MembraneSpec | None = None, trace_states=(0.6, 1.0, 2.0),
               settle_hours: float | None = SETTLE_HOURS, cells: dict | None = None,
               execution=None) -> StudyResult:
    """V_rest, R_in, rheobase and firing rate of the interneuron as its K+ leak closes or opens.

    Each level of the K+ leak keeps the baseline's pump (`MembraneSpec.modulated`: a
    neuromodulator acts in seconds and does not change the number of pumps). The cell is
    measured at rest (or firing on its own), then given a fixed input; the same levels without
    gated channels give the passive V_rest. The baseline, the closed state scored and the most
    opened level are also followed for hours with their concentrations moving.

    Parameters
    ----------
    k_leak_rel : tuple of float, optional
        The effective K+ leak permeability relative to the baseline membrane's (1.0, always
        added), dimensionless: below 1 kleak's fopen closes (fopen x k_leak_rel), above 1 more
        channels open (pbar x k_leak_rel at the baseline's fopen); default (0.05, 0.1, 0.15, 0.2,
        0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0).
    input_x_rheobase : float, optional
        The fixed input, a multiple of the baseline's rheobase, dimensionless, given for 500 ms
        after 500 ms without input; default 1.5.
    membrane : leakmodels.spec.membrane.MembraneSpec, optional
        The baseline membrane; default None: the cell's own
        (`leakmodels.spec.membrane.default_membrane`; the interneuron's has the M-current,
        which opposes the depolarisation).
    trace_states : tuple of float, optional
        The levels (relative K+ leak, dimensionless) whose soma traces under the fixed input the
        figure draws, besides every level that fires with no input; default (0.6, 1.0, 2.0).
    settle_hours : float or None, optional
        How long the baseline, CLOSED_STATE (the resting level below 1 nearest 0.5) and the most
        opened level (those that rest) are followed with their concentrations moving (nakacc)
        and the pump's number kept, from the baseline's rest, in h; default SETTLE_HOURS (6.0);
        None or 0: not followed.
    cells : dict of str to leakmodels.CellSource, optional
        The one cell; default None: the study's own, the default interneuron.
    execution : leakmodels.Execution, optional
        Where the sweeps run; default None: here.

    Returns
    -------
    leakmodels.studies.base.StudyResult
        Table: one row per level: k_leak_rel and kleak_fopen (dimensionless), pk_cm_s (cm/s),
        pump_imax_mA_cm2 (mA/cm2), input_nA (nA), spont_rate_Hz and rate_Hz (Hz; the rate over
        the 500-ms input), v_rest_fixed_pump_mV and v_rest_rebalanced_pump_mV (the leak + pump
        equation with the baseline's pump and re-balanced, mV), ek_mV, v_rest_passive_mV and
        v_rest_mV (mV), rin_MOhm (MOhm), rheobase_nA (nA), depolarisation_block (bool: it rests
        but no step fires it); for the followed levels SETTLED_COLUMNS (V at 1 s and settled,
        drift over the last tenth, peak V, in mV; settled [Na+]i and [K+]i in mM; Na+ and K+
        moved and their bookkeeping errors in amol; NaN elsewhere). Figure: A V_rest, B R_in,
        C rheobase, D rate against the relative K+ leak, and soma traces of the fixed input.
        Claims: consistency (passive V_rest on the leak + fixed-pump equation; the most opened
        level hyperpolarises; the followed states settle and hold the ions their currents
        carried) and range checks (closing raises the rate; opening lowers R_in and the rate
        and raises rheobase; a closed level fires with no input). Notes: the module's account.

    Raises
    ------
    leakmodels.ArgumentError
        `cells` is not a dict of one label to a `CellSource` (a ValueError; a TypeError too,
        `leakmodels.ArgumentTypeError`, when it is not such a dict at all).
    RuntimeError
        A level could not be measured (`ok_records`).
    """
    (cell_source,) = study_cells(cells, CELLS, one=True).values()
    base = membrane or default_membrane(cell_source.builder)  # the interneuron's: with Kv7
    levels = sorted(set(float(x) for x in k_leak_rel) | {1.0})
    (baseline,) = ok_records(sweep([cell_source], [Condition("baseline", membrane=base)],
                                   ("rheobase",), execution, NAME + "-baseline"))
    rh0 = baseline["rheobase_nA"]
    amp = input_x_rheobase * rh0
    mems = {rel: _state(base, rel) for rel in levels}
    conditions = [Condition(f"K+ leak x{rel:g}", membrane=mems[rel]) for rel in levels]
    measured = sweep([cell_source], conditions,
                     (resting_or_firing_columns,
                      partial(step_response_columns, amp_nA=amp, lead_ms=LEAD_MS,
                              step_ms=STEP_MS, trace_dt_ms=0.1)), execution, NAME)
    passive = sweep([cell_source], [Condition(f"K+ leak x{rel:g}, passive",
                                              membrane=mems[rel].without_spikes()) for rel in levels],
                    ("rest",), execution, NAME + "-passive")
    rows, traces = [], {}
    for rel, m, p in zip(levels, ok_records(measured), ok_records(passive)):
        mem = mems[rel]
        rows.append({"k_leak_rel": rel, "kleak_fopen": mem.kleak_fopen, "pk_cm_s": mem.pk_cm_s,
                     "pump_imax_mA_cm2": mem.pump_imax_mA_cm2, "input_nA": amp,
                     "spont_rate_Hz": m["spont_rate_Hz"], "rate_Hz": m["rate_Hz"],
                     "v_rest_fixed_pump_mV": mem.leak_rest_mV(),
                     "v_rest_rebalanced_pump_mV": mem.with_(pump_imax_mA_cm2=None).leak_rest_mV(),
                     "ek_mV": mem.ek_mV, "v_rest_passive_mV": p["v_rest_mV"],
                     "v_rest_mV": m["v_rest_mV"], "rin_MOhm": m["rin_MOhm"],
                     "rheobase_nA": m["rheobase_nA"],
                     # rests, but no step fires it there: nav inactivated (depolarisation block)
                     "depolarisation_block": bool(m["cannot_fire_reason"])})
        if rel in trace_states or m["spont_rate_Hz"] > 0:
            traces[rel] = {"t_ms": np.array(m["trace_t_ms"]), "v_mV": np.array(m["trace_v_mV"]),
                           "spont_rate_Hz": m["spont_rate_Hz"], "rate_Hz": m["rate_Hz"]}
    table = pd.DataFrame(rows)
    settled = _settled(table, cell_source, mems, settle_hours, execution)
    table = table.merge(settled, on="k_leak_rel", how="left") if len(settled) else table
    claims = _claims(table) + _settled_claims(table)
    fig = figure(table, traces, amp, rh0, input_x_rheobase)
    return StudyResult(NAME, "S7a Sleep/wake: closing K2P leak depolarises and excites", table,
                       fig, claims, notes=__doc__.split("\n\n", 1)[1].replace("\n", " "))


def _settled(table, cell_source, mems, hours, execution) -> pd.DataFrame:
    """SETTLED_COLUMNS of the baseline, the closed state scored and the most opened level
    (those that rest), followed for `hours` with their ions moving from the baseline's
    rest."""
    if not hours:
        return pd.DataFrame()
    base = table[table.k_leak_rel == 1.0].iloc[0]
    rests = _resting(table)
    closed = _closed_scored(rests)
    picks = {1.0, float(table.k_leak_rel.max()), *closed.k_leak_rel}
    levels = sorted(rel for rel in picks if rel in set(rests.k_leak_rel))
    conds = [Condition(f"K+ leak x{rel:g}, ions moving {hours:g} h",
                       membrane=mems[rel].with_(accumulate_ions=True)) for rel in levels]
    rows = ok_records(sweep([cell_source], conds, (partial(
        settled_columns, hours=hours, v_init_mV=float(base.v_rest_mV)),), execution,
        NAME + "-settled"))
    return pd.DataFrame([{"k_leak_rel": rel, **{k: r[k] for k in SETTLED_COLUMNS}}
                         for rel, r in zip(levels, rows)])


def _settled_claims(table) -> list:
    """That each followed state settled, and that the ions it holds are what its currents
    carried (consistency); the states themselves are results, in the table."""
    if "v_settled_mV" not in table:
        return []
    done = table[np.isfinite(table.v_settled_mV)]
    claims = [claim_less(NAME, "ions moving: every followed state settled (max |V drift| over "
                         "the last tenth of the run)", float(done.dv_last_tenth_mV.abs().max()),
                         1e-3, "mV", kind="consistency")]
    for ion in ("na", "k"):
        moved = done[f"{ion}_moved_amol"].to_numpy()
        err = done[f"{ion}_balance_error_amol"].to_numpy()
        claims.append(claim_less(
            NAME, f"ions moving: {ion.capitalize()}+ inside changes by what the currents carried "
            "(worst state, error / amount moved)", float(np.max(err / moved)), 1e-4, "",
            kind="consistency"))
    return claims


def _resting(table) -> pd.DataFrame:
    """The levels at which the intact cell rests: no spike, a V_rest, not in block."""
    return table[(table.spont_rate_Hz == 0) & np.isfinite(table.v_rest_mV)
                 & ~table.depolarisation_block]


def _closed_scored(rests) -> pd.DataFrame:
    """The closed state scored (a row, or none): the resting level below 1 nearest
    CLOSED_STATE (the levels below it map where spontaneous firing begins: a result in the
    table and figure)."""
    closed = rests[rests.k_leak_rel < 1.0]
    if not len(closed):
        return closed
    return closed.iloc[[int(np.argmin(np.abs(np.log(closed.k_leak_rel / CLOSED_STATE))))]]


def _claims(table):
    base = table[table.k_leak_rel == 1.0].iloc[0]
    closed = _closed_scored(_resting(table))
    opened = table[table.k_leak_rel > 1.0]
    # (the baseline's repetitive firing at the fixed input is how that input was chosen: in
    # the table, not a claim)
    # the passive cell (gated channels removed) rests where the leaks and the fixed pump
    # balance, at every level: the code against its own equation
    worst = float(np.max(np.abs(table.v_rest_passive_mV - table.v_rest_fixed_pump_mV)))
    claims = [claim_less(NAME, "passive V_rest = leak + fixed-pump equation (worst level)",
                         worst, 0.01, "mV", kind="consistency")]
    # V_rest's sign follows from the leak and pump equations: a consistency check; the others
    # depend on the gated channels: range checks. (The K+ leak closed to half is
    # half_k_leak's f = 0.5: its V_rest, R_in and rheobase are scored there, not again here.)
    if len(closed):
        c = closed.iloc[0]
        tag = f"K+ leak closed to {c.k_leak_rel:g}"
        claims += [
            claim_greater(NAME, f"{tag}: raises the rate at the fixed input (minus baseline)",
                          c.rate_Hz - base.rate_Hz, 0.0, "spikes/s", kind="range",
                          source=TEXT_S7A)]
    if len(opened):
        o = opened.loc[opened.k_leak_rel.idxmax()]
        tag = f"K+ leak opened to {o.k_leak_rel:g}"
        claims += [
            claim_less(NAME, f"{tag}: hyperpolarises (V_rest - baseline)",
                       o.v_rest_mV - base.v_rest_mV, 0.0, "mV", kind="consistency", source="SCIENCE.md S7a"),
            claim_less(NAME, f"{tag}: lowers R_in (ratio to baseline)",
                       o.rin_MOhm / base.rin_MOhm, 1.0, "ratio", kind="range", source=TEXT_S7A),
            claim_greater(NAME, f"{tag}: raises rheobase (ratio to baseline)",
                          o.rheobase_nA / base.rheobase_nA, 1.0, "ratio", kind="range", source=TEXT_S7A),
            claim_less(NAME, f"{tag}: lowers the rate at the fixed input (minus baseline)",
                       o.rate_Hz - base.rate_Hz, 0.0, "spikes/s", kind="range", source=TEXT_S7A)]
    spont = table[table.spont_rate_Hz > 0]
    if len(spont):
        s = spont.loc[spont.k_leak_rel.idxmax()]
        claims.append(claim_greater(NAME, f"K+ leak closed to {s.k_leak_rel:g}: fires with no input",
                                    s.spont_rate_Hz, 0.0, "spikes/s", kind="range", source=TEXT_S7A))
    return claims


run = sleep_wake
