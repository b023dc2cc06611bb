"""S4 Half the K+ leak: a loss-of-function mutation raises R_in, depolarises, lowers rheobase.

The K+ leak (kleak) channel count is multiplied by a fraction f (pbar x f; f = 0.5 is the
heterozygous-null 'half' mutant) in a sphere, the default interneuron and the default
motoneuron. The Na+/K+ pump keeps the wild type's imax (`mutant`, i.e.
`MembraneSpec.modulated`, as in the sleep_wake study): a mutation changes the channel count,
not the number of pumps, and with fixed concentrations the pump is then a constant outward
current. (MembraneSpec's default, pump_imax_mA_cm2=None, would re-balance the pump for the
new leaks, i.e. describe a cell whose pump expression has adapted; its analytic rest is
reported beside the fixed-pump one.)

Measured for each f: V_rest and R_in of the passive cell (spike channels removed, as in
TTX + TEA; every section then carries the same leak + pump membrane), compared with the
fixed-pump rest (GHK leaks + pump current = 0) and with R_in from the GHK slope conductance
at that rest (sphere: R_m / area; interneuron, motoneuron: Rall's cable recursion,
`leakmodels.spec.cable_theory`); and, in the intact cell, V_rest, R_in and the rheobase of a
500 ms step (bisection to 2 %). A cell that fires with no input has rheobase 0.
"""
from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..measure.columns import resting_or_firing_columns
from ..spec import cable_theory
from ..spec.membrane import KM_FITTED, MembraneSpec, default_membrane
from ..spec.morphology import NeuronSpec, SphereSpec
from ..sweeps.sources import CellSource, Condition
from ..sweeps.table import sweep
from .base import (
    StudyResult,
    claim_close,
    claim_greater,
    claim_less,
    ok_records,
    study_cells,
)
from .figures.half_k_leak import figure
from .half_k_leak_notes import _at, _boundary, _outcome

NAME = "half_k_leak"
DEFAULT_FRACTIONS = {
    "sphere": (1.0, 0.9, 0.8, 0.7, 0.6, 0.5),
    # down to where the interneuron (with its M-current) starts to fire on its own
    "interneuron": (1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.05),
    "motoneuron": (1.0, 0.75, 0.5),  # each intact rheobase costs ~10 s
}


CELLS = {"sphere": CellSource("sphere", (("diam_um", 20.0),)),
         "interneuron": CellSource("interneuron"), "motoneuron": CellSource("motoneuron")}

# the source text's statements whose direction depends on the parameters (the M-current, the
# window current), not on the leak equations alone: range checks, not consistency checks
TEXT_S4 = ("the source text (SCIENCE.md S4): half the K+ leak lowers rheobase and raises R_in; "
           "the direction depends on the cell's gated channels, not on the equations alone")


def mutant(wt: MembraneSpec, k_leak_fraction: float) -> MembraneSpec:
    """`wt` with kleak pbar x `k_leak_fraction` and the wild type's pump imax kept.

    Parameters
    ----------
    wt : leakmodels.MembraneSpec
        The wild-type membrane.
    k_leak_fraction : float
        The fraction f of the K+ leak kept, dimensionless.

    Returns
    -------
    leakmodels.MembraneSpec
        The mutant: PK x f, by `MembraneSpec.modulated` (the pump's imax fixed).
    """
    return wt.modulated(pk_cm_s=wt.pk_cm_s * k_leak_fraction)


def _theory(kind, f, spec, wt) -> dict:
    """The analytic columns of one (cell, f): fixed-pump rest, slope conductances, cable R_in."""
    mem = mutant(wt, f)
    v_fix = mem.leak_rest_mV()  # zero of GHK leaks + the (constant) pump current
    g_k, g_na = mem.leak_slope_conductances_S_cm2(v_fix)
    g = g_k + g_na
    return {"cell": kind, "k_leak_fraction": f, "pk_cm_s": mem.pk_cm_s,
            "pump_imax_mA_cm2": mem.pump_imax(), "area_um2": spec.area_um2,
            "v_rest_fixed_pump_mV": v_fix,
            "v_rest_rebalanced_pump_mV": mem.with_(pump_imax_mA_cm2=None).leak_rest_mV(),
            "g_leak_S_cm2": g, "gk_share": g_k / g,
            "rin_theory_MOhm": cable_theory.input_resistance_MOhm(spec, 1.0 / g, wt.ra_ohm_cm)}


def measure_mutants(kind, fractions, spec, source, wt, precision, duration_ms, window_ms,
                    execution=None) -> list:
    """Two sweeps over the fractions: the passive cell and the intact one.

    Parameters
    ----------
    kind : str
        The cell's label.
    fractions : sequence of float
        The fractions f of K+ leak kept, dimensionless.
    spec : leakmodels.spec.morphology.SphereSpec or leakmodels.spec.morphology.NeuronSpec
        The cell's morphology, for the theory.
    source : leakmodels.CellSource
        The cell.
    wt : leakmodels.MembraneSpec
        Its wild-type membrane.
    precision : float
        Relative bracket of the rheobase bisection, dimensionless.
    duration_ms : float
        The rheobase step's length, in ms.
    window_ms : float
        How long the intact cell is watched for a spike when it has no rest, in ms.
    execution : leakmodels.Execution, optional
        Where the sweeps run; default None, this process.

    Returns
    -------
    list of dict
        One row per f: the analytic columns (fixed-pump and re-balanced rests in mV, the
        leak's slope conductance in S/cm2 and its K+ share, R_in from theory in MOhm); the
        passive cell's ``v_rest_passive_mV`` (mV) and ``rin_passive_MOhm`` (MOhm) (spike
        channels removed); the intact cell's ``v_rest_mV``, ``rin_MOhm``, ``rheobase_nA``,
        or ``spontaneous`` and ``first_spike_ms`` (ms) if it has no rest, ``no_rest_reason``
        and ``depolarisation_block`` (steady, but no step fires it).

    Raises
    ------
    RuntimeError
        If a cell cannot be measured.
    """
    passive = sweep([source], [Condition(f"f={f:g}", membrane=mutant(wt, f).without_spikes())
                               for f in fractions], ("rest", "rin"), execution, f"{NAME}-{kind}-passive")
    intact = sweep([source], [Condition(f"f={f:g}", membrane=mutant(wt, f)) for f in fractions],
                   (partial(resting_or_firing_columns, duration_ms=duration_ms,
                            precision=precision, window_ms=window_ms),),
                   execution, f"{NAME}-{kind}-intact")
    rows = []
    for f, p, a in zip(fractions, ok_records(passive), ok_records(intact)):
        rows.append({**_theory(kind, f, spec, wt), "v_rest_passive_mV": p["v_rest_mV"],
                     "rin_passive_MOhm": p["rin_MOhm"],
                     **{k: a[k] for k in ("spontaneous", "first_spike_ms", "v_rest_mV",
                                          "rin_MOhm", "rheobase_nA", "no_rest_reason")},
                     # steady, but no step fires it there (nav inactivated): no rheobase
                     "depolarisation_block": bool(a["cannot_fire_reason"])})
    return rows


def _derive(table: pd.DataFrame) -> pd.DataFrame:
    """Ratios to each cell's wild type and the first-order rheobase (V_th - V_rest) / R_in."""
    out = []
    for _, grp in table.groupby("cell", sort=False):
        grp = grp.copy()
        wt = grp.loc[grp.k_leak_fraction.idxmax()]
        grp["rin_ratio_passive"] = grp.rin_passive_MOhm / wt.rin_passive_MOhm
        grp["rin_ratio_theory"] = grp.rin_theory_MOhm / wt.rin_theory_MOhm
        grp["rin_ratio_isopotential"] = wt.g_leak_S_cm2 / grp.g_leak_S_cm2
        grp["rin_ratio_naive"] = 1.0 / (1.0 - wt.gk_share * (1.0 - grp.k_leak_fraction))
        grp["rheobase_ratio"] = grp.rheobase_nA / wt.rheobase_nA
        # threshold of the wild type: V_th = V_rest + I_rh R_in (intact cell)
        v_th = wt.v_rest_mV + wt.rheobase_nA * wt.rin_MOhm
        grp["v_threshold_wt_mV"] = v_th
        # first order, with passive V_rest and R_in (defined for every f, also when the
        # intact cell fires), scaled by the wild type's intact/passive R_in ratio
        scale = wt.rin_MOhm / wt.rin_passive_MOhm
        pred = (v_th - grp.v_rest_passive_mV) / (grp.rin_passive_MOhm * scale)
        grp["rheobase_first_order_nA"] = pred
        out.append(grp)
    return pd.concat(out, ignore_index=True)


def g_wt_over(wt: MembraneSpec, mem: MembraneSpec) -> float:
    """R_in ratio of an isopotential cell: leak slope conductance of `wt` over `mem`.

    Parameters
    ----------
    wt, mem : leakmodels.MembraneSpec
        The wild-type and the mutant membrane.

    Returns
    -------
    float
        The ratio R_in(mem) / R_in(wt), each conductance at its own rest, dimensionless.
    """
    return (wt.leak_slope_conductance_S_cm2(wt.leak_rest_mV())
            / mem.leak_slope_conductance_S_cm2(mem.leak_rest_mV()))


def theory_curves(table: pd.DataFrame, wt_by_cell: dict, specs: dict) -> dict:
    """The figure's analytic curves over the fraction f of K+ leak kept.

    Parameters
    ----------
    table : pandas.DataFrame
        The study's table (its ``cell`` and ``k_leak_fraction`` columns).
    wt_by_cell : dict of str to leakmodels.MembraneSpec
        Each cell's wild-type membrane; the first gives the isopotential curves.
    specs : dict of str to morphology spec
        Each cell's morphology; the NeuronSpec ones get a cable curve.

    Returns
    -------
    dict
        ``f``: 60 fractions from 1 down to the smallest measured, or 0.5 (dimensionless);
        ``g_k_share``: the K+ share of the wild type's resting slope conductance;
        ``v_fixed_pump_mV`` and ``v_rebalanced_mV``: the isopotential rest with the
        wild-type pump and with a re-balanced one (mV); ``rin_isopotential``:
        R_in / R_in(wt) of an isopotential cell; ``rin_cable``: {cell: R_in / R_in(wt)}
        of each built neuron's cable (Rall); ratios dimensionless.
    """
    dense = np.linspace(1.0, min(table.k_leak_fraction.min(), 0.5), 60)
    wt0 = next(iter(wt_by_cell.values()))
    g_k, g_na = wt0.leak_slope_conductances_S_cm2(wt0.leak_rest_mV())
    cable = {}
    for cell, spec in specs.items():
        if isinstance(spec, NeuronSpec) and cell in set(table.cell):
            wt = wt_by_cell[cell]
            r0 = cable_theory.input_resistance_MOhm(spec, wt.rest_slope_rm_ohm_cm2(), wt.ra_ohm_cm)
            cable[cell] = [cable_theory.input_resistance_MOhm(
                spec, mutant(wt, f).rest_slope_rm_ohm_cm2(), wt.ra_ohm_cm) / r0 for f in dense]
    return {"f": dense, "g_k_share": g_k / (g_k + g_na),
            "v_fixed_pump_mV": [mutant(wt0, f).leak_rest_mV() for f in dense],
            "v_rebalanced_mV": [mutant(wt0, f).with_(pump_imax_mA_cm2=None).leak_rest_mV()
                                for f in dense],
            "rin_isopotential": [g_wt_over(wt0, mutant(wt0, f)) for f in dense],
            "rin_cable": cable}


def _claims(table: pd.DataFrame, half: float, gated_rest=(), isopotential=()) -> list:
    """gated_rest: the cells whose membrane has a gated conductance open at rest (Kv7);
    isopotential: the spheres (R_in = R_m / area), the others are cables."""
    claims = []
    cells = list(dict.fromkeys(table.cell))
    for cell in cells:
        fr = table[table.cell == cell]
        if not np.isclose(fr.k_leak_fraction, half).any() or not np.isclose(fr.k_leak_fraction, 1).any():
            continue
        ratio = _at(table, cell, half, "rin_ratio_passive")
        expected = _at(table, cell, half, "rin_ratio_theory")
        how = "R_m/area" if cell in isopotential else "cable theory"
        claims.append(claim_close(
            NAME, f"{cell}: R_in(f={half:g})/R_in(wild type), passive, vs GHK slope at new rest ({how})",
            ratio, expected, 2e-3 * expected, "ratio", kind="consistency"))
        shift = _at(table, cell, half, "v_rest_passive_mV") - _at(table, cell, 1.0, "v_rest_passive_mV")
        shift_an = (_at(table, cell, half, "v_rest_fixed_pump_mV")
                    - _at(table, cell, 1.0, "v_rest_fixed_pump_mV"))
        claims.append(claim_close(NAME, f"{cell}: rest depolarises at f={half:g} (passive; GHK + fixed pump)",
                                  shift, shift_an, 0.01, "mV", kind="consistency"))
        claims.append(claim_less(NAME, f"{cell}: rheobase(f={half:g}) / rheobase(wild type) (0 = fires with no input)",
                                 _at(table, cell, half, "rheobase_ratio"), 1.0, "ratio",
                                 kind="range", source=TEXT_S4))
        rh = fr.sort_values("k_leak_fraction", ascending=False).rheobase_nA.to_numpy()
        rh = rh[np.isfinite(rh)]  # (a level in depolarisation block has no rheobase)
        claims.append(claim_close(NAME, f"{cell}: rheobase never rises as K+ leak is lost (steps where it rises)",
                                  int(np.sum(np.diff(rh) > 0)), 0, 0, "steps",
                                  kind="range", source=TEXT_S4))
        if not (_at(table, cell, half, "spontaneous") or _at(table, cell, half, "depolarisation_block")):
            claims.append(claim_greater(NAME, f"{cell}: intact R_in rises at f={half:g}",
                                        _at(table, cell, half, "rin_MOhm") / _at(table, cell, 1.0, "rin_MOhm"),
                                        1.0, "ratio", kind="range", source=TEXT_S4))
    # the M-current's density was chosen so that the interneuron still rests with half its
    # K+ leak: a fit (no published target), named so that the report lists it
    if "interneuron" in set(table.cell) and "interneuron" in gated_rest:
        rests = not (_at(table, "interneuron", half, "spontaneous")
                     or _at(table, "interneuron", half, "depolarisation_block"))
        claims.append(claim_close(
            NAME, f"interneuron: rests at f={half:g} (1 = rests)", float(rests), 1.0, 0.0, "",
            kind="fit", source="this package's choice: no published target", fitted=KM_FITTED))
    # the first-order estimate reads the passive cell's rest and R_in, so it can only hold
    # where no gated conductance is open at rest: not in the interneuron, whose M-current
    # holds it below the passive rest (its rows stay in the table and the figure)
    plain = table[~table.cell.isin(gated_rest)]
    mismatch = int(((plain.rheobase_first_order_nA <= 0) != plain.spontaneous).sum())
    claims.append(claim_close(NAME, "first-order (V_th - V_rest)/R_in <= 0 exactly when a cell "
                              "without a gated resting conductance fires with no input (mismatches)",
                              mismatch, 0, 0, "cells", kind="consistency",
                              source="first-order estimate (V_th - V_rest) / R_in"))
    return claims


def half_k_leak(fractions: dict | None = None, membrane: MembraneSpec | None = None,
                precision: float = 0.02, duration_ms: float = 500.0,
                spontaneous_window_ms: float = 1000.0, half: float = 0.5,
                cells: dict | None = None, execution=None) -> StudyResult:
    """R_in, V_rest and rheobase as K+ leak channels are removed (kleak pbar x f).

    `run` is this function: run the study with its default parameters.

    Parameters
    ----------
    fractions : dict of str to sequence of float, optional
        {label: (f, ...)}, dimensionless, each in (0, 1] (f = 1 is always added); default
        None: `DEFAULT_FRACTIONS` (or (1, half) for a cell it does not name).
    membrane : leakmodels.MembraneSpec, optional
        The wild-type membrane of every cell; default None: each builder's own
        (`spec.membrane.default_membrane`: the interneuron with its M-current, the motoneuron
        with its AHP, the sphere the minimal DEFAULT_MEMBRANE; the neurons keep their own Ra).
    precision : float, optional
        Relative bracket of the rheobase bisection, dimensionless; default 0.02 (2 % is
        enough for ratios).
    duration_ms : float, optional
        The rheobase step's length, in ms; default 500.0.
    spontaneous_window_ms : float, optional
        How long a cell with no rest is watched for its first spike, in ms; default 1000.0.
    half : float, optional
        The fraction whose claims are checked against the wild type (f = 1), dimensionless;
        default 0.5.
    cells : dict of str to leakmodels.CellSource, optional
        Built cells (their morphology spec gives the theory); None (default): the study's
        own, the 20-um sphere, the interneuron and the motoneuron, or those of them that
        `fractions` names.
    execution : leakmodels.Execution, optional
        Where the sweeps run; default None, this process.

    Returns
    -------
    StudyResult
        Its table has one row per (cell, f): the columns of `measure_mutants` and the ratios
        to the cell's wild type (``rin_ratio_passive``, ``rin_ratio_theory``,
        ``rin_ratio_isopotential``, ``rin_ratio_naive``, ``rheobase_ratio``, dimensionless),
        the wild type's threshold ``v_threshold_wt_mV`` (mV) and the first-order rheobase
        ``rheobase_first_order_nA`` (nA). Its figure shows V_rest, the R_in ratio and the
        rheobase ratio against f beside `theory_curves`. Its claims: at f = `half` the
        passive R_in ratio and rest shift match the theory, and the first-order rheobase is
        <= 0 exactly where a cell without a gated resting conductance fires on its own
        (consistency); rheobase falls and never rises, intact R_in rises (range checks); the
        interneuron still rests (a fit of its M-current).

    Raises
    ------
    ValueError
        If `fractions` names a cell the study does not know while `cells` is None, a cell
        is not a sphere or a neuron builder's (interneuron, motoneuron), or a fraction is
        not in (0, 1].
    leakmodels.spec.checks.ArgumentTypeError
        If `cells` is not a non-empty {label: CellSource}.
    RuntimeError
        If a cell cannot be measured.
    """
    if cells is None:
        unknown = [k for k in (fractions or ()) if k not in CELLS]
        if unknown:
            raise ValueError(f"fractions names {unknown[0]!r}: use {', '.join(CELLS)}, or give "
                             "its cell in cells={label: CellSource}.")
        cells = {k: CELLS[k] for k in (DEFAULT_FRACTIONS if fractions is None else fractions)}
    cells = study_cells(cells, CELLS)
    rows, wt_by_cell, specs = [], {}, {}
    for kind, source in cells.items():
        spec = source.morphology_spec()
        if not isinstance(spec, (SphereSpec, NeuronSpec)):
            raise ValueError(f"cells[{kind!r}]={source!r}: the theory here is a sphere's "
                             "(R_m / area) or a neuron builder's cable (interneuron, "
                             "motoneuron); give one of those, not an SWC file, a cylinder or "
                             "a ball-and-stick.")
        fr = (fractions or DEFAULT_FRACTIONS).get(kind, (1.0, half))
        base = membrane or default_membrane(source.builder)  # the interneuron's has Kv7
        wt_by_cell[kind], specs[kind] = base, spec
        fs = sorted(set(float(x) for x in fr) | {1.0}, reverse=True)
        bad = [f for f in fs if not 0 < f <= 1]
        if bad:
            raise ValueError(f"k_leak_fraction={bad[0]!r}: give a fraction in (0, 1].")
        rows += measure_mutants(kind, fs, spec, source, base, precision, duration_ms,
                                spontaneous_window_ms, execution)
    table = _derive(pd.DataFrame(rows))
    claims = _claims(table, half, [k for k, wt in wt_by_cell.items() if wt.gkm_S_cm2 > 0],
                     [k for k, spec in specs.items() if isinstance(spec, SphereSpec)])
    fig = figure(table, wt_by_cell, theory_curves(table, wt_by_cell, specs), half=half)
    wt0 = next(iter(wt_by_cell.values()))
    m = mutant(wt0, half)
    g_k, g_na = wt0.leak_slope_conductances_S_cm2(wt0.leak_rest_mV())
    notes = (
        f"Pump: the mutant keeps the wild type's pump imax ({wt0.pump_imax():.4g} mA/cm2); at fixed "
        f"concentrations it is a constant outward current, so at f = {half:g} the rest is "
        f"{m.leak_rest_mV():.2f} mV (GHK leaks + pump = 0). A pump re-balanced for the new leaks "
        f"(MembraneSpec default) would give {m.with_(pump_imax_mA_cm2=None).leak_rest_mV():.2f} mV. "
        f"Why R_in does not double: at the wild-type rest the K+ leak carries only "
        f"{g_k / (g_k + g_na):.0%} of the slope conductance (PNa/PK = {wt0.pna_cm_s / wt0.pk_cm_s:.2f}, "
        "but Na+ enters from 145 mM outside, so its GHK slope conductance is large); halving it at "
        f"f = {half:g} at a fixed V would give {1 / (1 - (1 - half) * g_k / (g_k + g_na)):.2f}x (not "
        f"{1 / half:.2f}x), and the depolarisation raises the GHK K+ slope conductance (outward "
        f"rectification), leaving {g_wt_over(wt0, m):.2f}x for an isopotential cell. "
        "In cells with dendrites R_in scales less than linearly with R_m (between R_m^0.5 for long "
        "cables and R_m^1 when isopotential), so the cell with the longest dendrites gains least. "
        + _outcome(table, half) + _boundary(table) +
        "The intact R_in near threshold exceeds the passive one (the Na+ window current has a "
        f"negative slope). Rheobase of a {duration_ms:g} ms step, bracketed to {precision:.0%}; "
        "'fires with no input' = no stable steady state (leakmodels.engine.rest: the steady state "
        "is solved directly and a 0.01 mV nudge from it grows or makes a spike); "
        f"first_spike_ms: the first spike within {spontaneous_window_ms:g} ms of starting at "
        "the analytic rest.")
    return StudyResult(NAME, "S4 Half the K+ leak: R_in up, rest depolarised, rheobase down",
                       table, fig, claims, notes)


run = half_k_leak
