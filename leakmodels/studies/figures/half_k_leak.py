"""Figure of the half_k_leak study (S4): half the K+ leak raises R_in, depolarises and lowers
rheobase. Owns the drawing only; every number written on it is read from the study's table.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .plotting import COLORS, new_figure

CELL_COLORS = {"sphere": COLORS["theory"], "interneuron": COLORS["interneuron"],
               "motoneuron": COLORS["motoneuron"]}


def _at(grp: pd.DataFrame, f: float, column: str) -> float:
    sel = grp[np.isclose(grp.k_leak_fraction, f)]
    return float(sel[column].iloc[0]) if len(sel) else float("nan")


def _scored(table: pd.DataFrame, half: float) -> dict:
    """Per cell, the f = half numbers the claims use: passive and intact rest shifts (mV),
    passive R_in ratio, rheobase ratio (NaN: no rheobase) and what the intact cell does."""
    out = {}
    for cell, grp in table.groupby("cell", sort=False):
        if not np.isclose(grp.k_leak_fraction, half).any():
            continue
        state = ("fires with no input" if _at(grp, half, "spontaneous")
                 else "depolarisation block" if _at(grp, half, "depolarisation_block") else "")
        out[cell] = {"dv_passive": _at(grp, half, "v_rest_passive_mV")
                     - _at(grp, 1.0, "v_rest_passive_mV"),
                     "dv_intact": _at(grp, half, "v_rest_mV") - _at(grp, 1.0, "v_rest_mV"),
                     "rin": _at(grp, half, "rin_ratio_passive"),
                     "rheobase": _at(grp, half, "rheobase_ratio"), "state": state}
    return out


def _note(ax, lines, loc):
    x, y, ha, va = {"upper left": (0.03, 0.97, "left", "top"),
                    "lower left": (0.03, 0.03, "left", "bottom"),
                    "upper right": (0.97, 0.97, "right", "top")}[loc]
    ax.text(x, y, "\n".join(lines), transform=ax.transAxes, ha=ha, va=va, fontsize=7,
            bbox={"boxstyle": "round", "fc": "white", "ec": "0.7", "alpha": 0.9})


def _legend_below(ax):
    ax.legend(fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2,
              frameon=False, columnspacing=1.0)


def figure(table: pd.DataFrame, wt_by_cell: dict, theory: dict, half: float = 0.5):
    """V_rest, R_in ratio and rheobase ratio against the fraction of K+ leak kept; theory:
    the analytic curves the study computed (`half_k_leak.theory_curves`); half: the fraction
    whose ratios the claims score (written on panels B and C)."""
    fig, axes = new_figure(3, 1, width_in=5.4, height_in=6.4,
                           title="Losing K+ leak channels (kleak pbar x f, wild-type pump kept): "
                                 "rest depolarises, R_in rises, rheobase falls")
    ax_v, ax_r, ax_rh = axes
    scored = _scored(table, half)
    dense, share = theory["f"], theory["g_k_share"]
    ax_v.plot(dense, theory["v_fixed_pump_mV"], color="0.3",
              label="GHK leaks + wild-type pump (analytic)")
    ax_v.plot(dense, theory["v_rebalanced_mV"], color="0.3", ls=":",
              label="pump re-balanced (analytic)")
    ax_r.plot(dense, 1 / dense, color="0.6", ls="--", label="1/f: K+ leak only, V fixed")
    ax_r.plot(dense, 1 / (1 - share * (1 - dense)), color="0.3", ls=":",
              label=f"g_K share {share:.2f} of g at rest, V fixed")
    ax_r.plot(dense, theory["rin_isopotential"], color="0.3",
              label="isopotential: GHK slope at new rest")
    r_top = [np.nanmax(table.rin_ratio_passive), np.nanmax(theory["rin_isopotential"])]
    for cell, grp in table.groupby("cell", sort=False):
        col = CELL_COLORS.get(cell, COLORS["sim"])
        if cell in theory["rin_cable"]:
            ax_r.plot(dense, theory["rin_cable"][cell], color=col, lw=1,
                      label=f"{cell}: cable theory")
            r_top.append(np.nanmax(theory["rin_cable"][cell]))
        ax_v.plot(grp.k_leak_fraction, grp.v_rest_passive_mV, "o", mfc="none", color=col,
                  label=f"{cell}: passive (leaks + pump)")
        ok = ~grp.spontaneous & ~grp.depolarisation_block
        gated = " (with M-current, Kv7)" if wt_by_cell[cell].gkm_S_cm2 > 0 else ""
        ax_v.plot(grp.k_leak_fraction[ok], grp.v_rest_mV[ok], ".", color=col, ms=6,
                  label=f"{cell}: intact{gated}")
        blk = grp[grp.depolarisation_block]
        ax_v.plot(blk.k_leak_fraction, blk.v_rest_mV, "s", mfc="none", color=col, ms=7,
                  label=f"{cell}: intact, steady in depolarisation block" if len(blk) else None)
        ax_r.plot(grp.k_leak_fraction, grp.rin_ratio_passive, "o", mfc="none", color=col,
                  label=f"{cell}: passive, measured")
        # a cell that fires with no input has no rheobase: it is marked, not drawn as a ratio,
        # and the first-order estimate is drawn only where it is a current (> 0)
        fires = ~grp.spontaneous
        ax_rh.plot(grp.k_leak_fraction[fires], grp.rheobase_ratio[fires], "o-", color=col,
                   label=f"{cell}: measured")
        first = grp.rheobase_first_order_nA / grp.rheobase_nA.iloc[0]
        pos = first > 0
        ax_rh.plot(grp.k_leak_fraction[pos], first[pos], ":", color=col,
                   label=f"{cell}: (V_th - V_rest)/R_in")
        sp = grp[grp.spontaneous]
        ax_rh.plot(sp.k_leak_fraction, np.zeros(len(sp)), "x", color=col, ms=9, mew=2,
                   label=f"{cell}: fires with no input (no rheobase)" if len(sp) else None)
        ax_rh.plot(blk.k_leak_fraction, np.zeros(len(blk)), "s", mfc="none", color=col, ms=8,
                   label=f"{cell}: steady in depolarisation block (no rheobase)"
                   if len(blk) else None)
    # the 1/f line runs off the top: the axis is set by the data and the other curves
    ax_r.set_ylim(0.8, 1.1 * max(r_top))
    ax_rh.set_ylim(-0.06, 1.08)
    for ax in (ax_r, ax_rh):
        ax.axvline(half, color="0.5", ls="-.", lw=0.8)
    ax_r.plot([], [], color="0.5", ls="-.", lw=0.8, label=f"f = {half:g}: the scored mutant")
    _note(ax_v, [f"rest shift at f = {half:g}:"]
          + [f"{c}: passive {s['dv_passive']:+.1f} mV; "
             + (f"intact {s['dv_intact']:+.1f} mV" if not s["state"] else f"intact {s['state']}")
             for c, s in scored.items()], "upper left")
    _note(ax_r, [f"scored at f = {half:g} (passive):"]
          + [f"{c}: R_in x {s['rin']:.2f}" for c, s in scored.items()], "upper left")
    _note(ax_rh, [f"scored at f = {half:g}:"]
          + [f"{c}: " + (f"rheobase x {s['rheobase']:.2f}" if np.isfinite(s["rheobase"])
                         and not s["state"] else s["state"]) for c, s in scored.items()],
          "upper right")
    for ax in axes:
        ax.set_xlabel("K+ leak channels left, f (wild type 1)")
        ax.invert_xaxis()
        _legend_below(ax)
    ax_v.set_ylabel("resting potential (mV)")
    ax_v.set_title("A  V_rest", fontsize=10)
    ax_r.set_ylabel("R_in / R_in(wild type)")
    ax_r.set_title("B  input resistance (1/f line runs off the top)", fontsize=10)
    ax_rh.set_ylabel("rheobase / rheobase(wild type) (500 ms step)")
    ax_rh.set_title("C  rheobase", fontsize=10)
    return fig
