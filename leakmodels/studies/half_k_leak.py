"""S4 Half the K+ leak: a loss-of-function mutation raises R_in, depolarises, lowers rheobase.

The K+ leak (kleak) channel count is multiplied by a fraction f (pbar x f; f = 0.5 is the
heterozygous-null 'half' mutant) in a sphere, the default interneuron and the default
motoneuron. The Na+/K+ pump keeps the wild type's imax (`mutant`, i.e. `fixed_pump.modulate`,
as in the sleep_wake study): a mutation changes the channel count, not the number of pumps, and
with fixed concentrations the pump is then a constant outward current. (MembraneSpec's default, pump_imax_mA_cm2=None, would
re-balance the pump for the new leaks, i.e. describe a cell whose pump expression has
adapted; its analytic rest is reported beside the fixed-pump one.)

Measured for each f: V_rest and R_in of the passive cell (spike channels removed, as in
TTX + TEA; every section then carries the same leak + pump membrane), compared with the
fixed-pump rest (GHK leaks + pump current = 0) and with R_in from the GHK slope conductance
at that rest (sphere: R_m / area; interneuron, motoneuron: Rall's cable recursion,
`leakmodels.cable_theory`); and, in the intact cell, V_rest, R_in and the rheobase of a
500 ms step (bisection to 2 %). A cell that fires with no input has rheobase 0.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import cable_theory
from ..builders import interneuron, motoneuron, sphere
from ..measurements import input_resistance, resting_potential, rheobase_search
from ..membrane import MembraneSpec
from ..morphology import SphereSpec, literature_spec
from ..nrn import h
from ..plotting import COLORS, new_figure
from ..simulate import SettleError, _Integrator, set_temperature
from .base import StudyResult, claim_close, claim_greater, claim_less
from .fixed_pump import modulate

NAME = "half_k_leak"
DEFAULT_FRACTIONS = {
    "sphere": (1.0, 0.9, 0.8, 0.7, 0.6, 0.5),
    "interneuron": (1.0, 0.9, 0.8, 0.7, 0.6, 0.5),
    "motoneuron": (1.0, 0.75, 0.5),  # each intact rheobase costs ~10 s
}
CELL_COLORS = {"sphere": COLORS["theory"], "interneuron": COLORS["interneuron"],
               "motoneuron": COLORS["motoneuron"]}


def _cell_kind(kind: str, base: MembraneSpec, sphere_diam_um: float):
    """(morphology spec, wild-type membrane, builder(membrane) -> Cell) for a cell kind."""
    if kind == "sphere":
        return (SphereSpec(sphere_diam_um), base,
                lambda m: sphere(sphere_diam_um, membrane=m))
    if kind in ("interneuron", "motoneuron"):
        spec = literature_spec(kind)
        build = interneuron if kind == "interneuron" else motoneuron
        return spec, base.with_(ra_ohm_cm=spec.ra_ohm_cm), lambda m: build(membrane=m)
    raise ValueError(f"cell kind {kind!r}: use 'sphere', 'interneuron' or 'motoneuron'.")


def first_spike_at_rest_ms(cell, v_init_mV: float, window_ms: float = 1000.0,
                           threshold_mV: float = 0.0):
    """Time (ms) of the first spike at the soma with no input, from v_init_mV; None if quiet.

    Cheap test for spontaneous firing: the run stops at the first spike, so a cell that fires
    at hundreds of Hz costs one spike, not `window_ms` of spiking.
    """
    site = cell.default_site()
    t, v = h.Vector(), h.Vector()
    t.record(h._ref_t)
    v.record(site._ref_v)
    with _Integrator():
        set_temperature(cell)
        h.finitialize(v_init_mV)
        while h.t < window_ms - 1e-9:
            h.cvode.solve(min(h.t + 25.0, window_ms))
            if v.max() > threshold_mV:
                tt, vv = np.array(t), np.array(v)
                return float(tt[np.argmax(vv > threshold_mV)])
    return None


def mutant(wt: MembraneSpec, k_leak_fraction: float) -> MembraneSpec:
    """`wt` with kleak pbar x k_leak_fraction and the wild type's pump imax kept."""
    return modulate(wt, pk_cm_s=wt.pk_cm_s * k_leak_fraction)


def leak_slope_conductances_S_cm2(mem: MembraneSpec, v_mV: float) -> tuple:
    """(g_K, g_Na): GHK slope conductances dI/dV of kleak and naleak at v_mV."""
    return mem.leak_slope_conductances_S_cm2(v_mV)


def _measure(kind, f, spec, wt, build, precision, duration_ms, window_ms) -> dict:
    mem = mutant(wt, f)
    v_fix = mem.leak_rest_mV()  # zero of GHK leaks + the (constant) pump current
    g_k, g_na = leak_slope_conductances_S_cm2(mem, v_fix)
    g = g_k + g_na
    row = {"cell": kind, "k_leak_fraction": f, "pk_cm_s": mem.pk_cm_s,
           "pump_imax_mA_cm2": mem.pump_imax(), "area_um2": spec.area_um2,
           "v_rest_fixed_pump_mV": v_fix,
           "v_rest_rebalanced_pump_mV": mem.with_(pump_imax_mA_cm2=None).leak_rest_mV(),
           "g_leak_S_cm2": g, "gk_share": g_k / g,
           "rin_theory_MOhm": cable_theory.input_resistance_MOhm(spec, 1.0 / g, wt.ra_ohm_cm)}
    with build(mem.without_spikes()) as cell:
        row["v_rest_passive_mV"] = resting_potential(cell)
        row["rin_passive_MOhm"] = input_resistance(cell)
    row.update(spontaneous=False, first_spike_ms=math.nan, v_rest_mV=math.nan,
               rin_MOhm=math.nan, rheobase_nA=math.nan)
    with build(mem) as cell:
        t_spike = first_spike_at_rest_ms(cell, v_fix, window_ms)
        if t_spike is None:
            try:
                row["v_rest_mV"] = resting_potential(cell)
                row["rin_MOhm"] = input_resistance(cell)
                row["rheobase_nA"] = rheobase_search(cell, duration_ms=duration_ms,
                                                     precision=precision).rheobase_nA
            except SettleError:  # fires later than the window: still spontaneous
                t_spike = window_ms
        if t_spike is not None:
            row.update(spontaneous=True, first_spike_ms=t_spike, rheobase_nA=0.0)
    return row


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
    """R_in ratio of an isopotential cell: leak slope conductance of wt over mem, at each rest."""
    return (sum(leak_slope_conductances_S_cm2(wt, wt.leak_rest_mV()))
            / sum(leak_slope_conductances_S_cm2(mem, mem.leak_rest_mV())))


def _at(table, cell, f, column):
    sel = table[(table.cell == cell) & np.isclose(table.k_leak_fraction, f)]
    return float(sel[column].iloc[0])


def _claims(table: pd.DataFrame, half: float) -> list:
    claims = []
    cells = list(dict.fromkeys(table.cell))
    for cell in cells:
        fr = table[table.cell == cell]
        if not np.isclose(fr.k_leak_fraction, half).any() or not np.isclose(fr.k_leak_fraction, 1).any():
            continue
        ratio = _at(table, cell, half, "rin_ratio_passive")
        expected = _at(table, cell, half, "rin_ratio_theory")
        how = "R_m/area" if cell == "sphere" else "cable theory"
        claims.append(claim_close(
            NAME, f"{cell}: R_in(f={half:g})/R_in(wild type), passive, vs GHK slope at new rest ({how})",
            ratio, expected, 2e-3 * expected, "ratio"))
        shift = _at(table, cell, half, "v_rest_passive_mV") - _at(table, cell, 1.0, "v_rest_passive_mV")
        shift_an = (_at(table, cell, half, "v_rest_fixed_pump_mV")
                    - _at(table, cell, 1.0, "v_rest_fixed_pump_mV"))
        claims.append(claim_close(NAME, f"{cell}: rest depolarises at f={half:g} (passive; GHK + fixed pump)",
                                  shift, shift_an, 0.01, "mV"))
        claims.append(claim_less(NAME, f"{cell}: rheobase(f={half:g}) / rheobase(wild type) (0 = fires with no input)",
                                 _at(table, cell, half, "rheobase_ratio"), 1.0, "ratio"))
        rh = fr.sort_values("k_leak_fraction", ascending=False).rheobase_nA.to_numpy()
        claims.append(claim_close(NAME, f"{cell}: rheobase never rises as K+ leak is lost (steps where it rises)",
                                  int(np.sum(np.diff(rh) > 0)), 0, 0, "steps"))
        if not _at(table, cell, half, "spontaneous"):
            claims.append(claim_greater(NAME, f"{cell}: intact R_in rises at f={half:g}",
                                        _at(table, cell, half, "rin_MOhm") / _at(table, cell, 1.0, "rin_MOhm"),
                                        1.0, "ratio"))
    mismatch = int(((table.rheobase_first_order_nA <= 0) != table.spontaneous).sum())
    claims.append(claim_close(NAME, "first-order (V_th - V_rest)/R_in <= 0 exactly when a cell fires with no input (mismatches)",
                              mismatch, 0, 0, "cells"))
    return claims


def _outcome(table: pd.DataFrame, half: float) -> str:
    """One sentence per cell on what the f = half mutant does, from the measured table."""
    parts = []
    for cell in dict.fromkeys(table.cell):
        if not np.isclose(table[table.cell == cell].k_leak_fraction, half).any():
            continue
        shift = _at(table, cell, half, "v_rest_passive_mV") - _at(table, cell, 1.0, "v_rest_passive_mV")
        if _at(table, cell, half, "spontaneous"):
            what = "fires with no input (rheobase 0)"
        else:
            what = f"rheobase x {_at(table, cell, half, 'rheobase_ratio'):.2f}"
        parts.append(f"{cell}: rest +{shift:.1f} mV, R_in x {_at(table, cell, half, 'rin_ratio_passive'):.2f}, {what}")
    return f"At f = {half:g}: " + "; ".join(parts) + ". "


def _figure(table: pd.DataFrame, wt_by_cell: dict, specs: dict):
    fig, axes = new_figure(3, 1, width_in=5.2, height_in=4.6,
                           title="Losing K+ leak channels (kleak pbar x f, wild-type pump kept): "
                                 "rest depolarises, R_in rises, rheobase falls")
    ax_v, ax_r, ax_rh = axes
    dense = np.linspace(1.0, min(table.k_leak_fraction.min(), 0.5), 60)
    wt0 = next(iter(wt_by_cell.values()))
    v_fix = [mutant(wt0, f).leak_rest_mV() for f in dense]
    v_bal = [mutant(wt0, f).with_(pump_imax_mA_cm2=None).leak_rest_mV() for f in dense]
    ax_v.plot(dense, v_fix, color="0.3", label="GHK leaks + wild-type pump (analytic)")
    ax_v.plot(dense, v_bal, color="0.3", ls=":", label="pump re-balanced (analytic)")
    g_k, g_na = leak_slope_conductances_S_cm2(wt0, wt0.leak_rest_mV())
    share = g_k / (g_k + g_na)
    iso = [g_wt_over(wt0, mutant(wt0, f)) for f in dense]
    ax_r.plot(dense, 1 / dense, color="0.6", ls="--", label="1/f: K+ leak only, V fixed")
    ax_r.plot(dense, 1 / (1 - share * (1 - dense)), color="0.3", ls=":",
              label=f"g_K share {share:.2f} of g at rest, V fixed")
    ax_r.plot(dense, iso, color="0.3", label="isopotential: GHK slope at new rest")
    for cell, grp in table.groupby("cell", sort=False):
        col = CELL_COLORS.get(cell, COLORS["sim"])
        if cell in specs and cell != "sphere":
            wt = wt_by_cell[cell]
            r0 = cable_theory.input_resistance_MOhm(specs[cell], wt.rest_slope_rm_ohm_cm2(), wt.ra_ohm_cm)
            cab = [cable_theory.input_resistance_MOhm(specs[cell], mutant(wt, f).rest_slope_rm_ohm_cm2(),
                                                      wt.ra_ohm_cm) / r0 for f in dense]
            ax_r.plot(dense, cab, color=col, lw=1, label=f"{cell}: cable theory")
        ax_v.plot(grp.k_leak_fraction, grp.v_rest_passive_mV, "o", mfc="none", color=col,
                  label=f"{cell}: passive (no nav/kdr)")
        ok = ~grp.spontaneous
        ax_v.plot(grp.k_leak_fraction[ok], grp.v_rest_mV[ok], ".", color=col, ms=5,
                  label=f"{cell}: intact")
        ax_r.plot(grp.k_leak_fraction, grp.rin_ratio_passive, "o", mfc="none", color=col,
                  label=f"{cell}: passive, measured")
        ax_rh.plot(grp.k_leak_fraction, grp.rheobase_ratio, "o-", color=col, label=f"{cell}: measured")
        ax_rh.plot(grp.k_leak_fraction, grp.rheobase_first_order_nA / grp.rheobase_nA.iloc[0], ":",
                   color=col, label=f"{cell}: (V_th - V_rest)/R_in")
        sp = grp[grp.spontaneous]
        ax_rh.plot(sp.k_leak_fraction, np.zeros(len(sp)), "x", color=col, ms=9, mew=2,
                   label=f"{cell}: fires with no input" if len(sp) else None)
    ax_rh.axhline(0, color="0.7", lw=0.8)
    for ax in axes:
        ax.set_xlabel("fraction of K+ leak channels left, f (wild type 1, half mutant 0.5)")
        ax.invert_xaxis()
        ax.legend(fontsize=6.5)
    ax_v.set_ylabel("resting potential (mV)")
    ax_v.set_title("V_rest", fontsize=10)
    ax_r.set_ylabel("R_in / R_in(wild type)")
    ax_r.set_title("input resistance", fontsize=10)
    ax_rh.set_ylabel("rheobase / rheobase(wild type) (500 ms step)")
    ax_rh.set_title("rheobase", fontsize=10)
    return fig


def half_k_leak(fractions: dict | None = None, membrane: MembraneSpec | None = None,
                sphere_diam_um: float = 20.0, precision: float = 0.02,
                duration_ms: float = 500.0, spontaneous_window_ms: float = 1000.0,
                half: float = 0.5) -> StudyResult:
    """R_in, V_rest and rheobase as K+ leak channels are removed (kleak pbar x f).

    fractions: {'sphere'|'interneuron'|'motoneuron': (f, ...)}; default DEFAULT_FRACTIONS.
    membrane: the wild-type membrane (default MembraneSpec(); the neurons get their own Ra).
    precision: relative bracket of the rheobase bisection (2 % is enough for ratios).
    half: the fraction whose claims are checked against the wild type (f = 1).
    """
    fractions = DEFAULT_FRACTIONS if fractions is None else fractions
    base = membrane or MembraneSpec()
    rows, wt_by_cell, specs = [], {}, {}
    for kind, fr in fractions.items():
        spec, wt, build = _cell_kind(kind, base, sphere_diam_um)
        wt_by_cell[kind], specs[kind] = wt, spec
        for f in sorted(set(float(x) for x in fr) | {1.0}, reverse=True):
            if not 0 < f <= 1:
                raise ValueError(f"k_leak_fraction={f!r}: give a fraction in (0, 1].")
            rows.append(_measure(kind, f, spec, wt, build, precision, duration_ms,
                                 spontaneous_window_ms))
    table = _derive(pd.DataFrame(rows))
    claims = _claims(table, half)
    fig = _figure(table, wt_by_cell, specs)
    wt0 = next(iter(wt_by_cell.values()))
    m = mutant(wt0, half)
    g_k, g_na = leak_slope_conductances_S_cm2(wt0, wt0.leak_rest_mV())
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
        + _outcome(table, half) +
        "The intact R_in near threshold exceeds the passive one (the Na+ window current has a "
        f"negative slope). Rheobase by bisection to {precision:.0%} of a {duration_ms:g} ms step; "
        f"'fires with no input' = a spike within {spontaneous_window_ms:g} ms of starting at the "
        "analytic rest.")
    return StudyResult(NAME, "S4 Half the K+ leak: R_in up, rest depolarised, rheobase down",
                       table, fig, claims, notes)


run = half_k_leak
