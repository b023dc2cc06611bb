"""Figure of the half_k_leak study (S4): half the K+ leak raises R_in, depolarises and lowers
rheobase.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .plotting import COLORS, new_figure

CELL_COLORS = {"sphere": COLORS["theory"], "interneuron": COLORS["interneuron"],
               "motoneuron": COLORS["motoneuron"]}


def figure(table: pd.DataFrame, wt_by_cell: dict, theory: dict):
    """V_rest, R_in ratio and rheobase ratio against the fraction of K+ leak kept; theory:
    the analytic curves the study computed (`half_k_leak.theory_curves`)."""
    fig, axes = new_figure(3, 1, width_in=5.2, height_in=4.6,
                           title="Losing K+ leak channels (kleak pbar x f, wild-type pump kept): "
                                 "rest depolarises, R_in rises, rheobase falls")
    ax_v, ax_r, ax_rh = axes
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
    for cell, grp in table.groupby("cell", sort=False):
        col = CELL_COLORS.get(cell, COLORS["sim"])
        if cell in theory["rin_cable"]:
            ax_r.plot(dense, theory["rin_cable"][cell], color=col, lw=1,
                      label=f"{cell}: cable theory")
        ax_v.plot(grp.k_leak_fraction, grp.v_rest_passive_mV, "o", mfc="none", color=col,
                  label=f"{cell}: passive (leaks + pump)")
        ok = ~grp.spontaneous
        gated = " (with Kv7)" if wt_by_cell[cell].gkm_S_cm2 > 0 else ""
        ax_v.plot(grp.k_leak_fraction[ok], grp.v_rest_mV[ok], ".", color=col, ms=5,
                  label=f"{cell}: intact{gated}")
        ax_r.plot(grp.k_leak_fraction, grp.rin_ratio_passive, "o", mfc="none", color=col,
                  label=f"{cell}: passive, measured")
        # a cell that fires with no input has no rheobase: it is marked, not drawn as a ratio,
        # and the first-order estimate is drawn only where it is a current (> 0)
        ax_rh.plot(grp.k_leak_fraction[ok], grp.rheobase_ratio[ok], "o-", color=col,
                   label=f"{cell}: measured")
        first = grp.rheobase_first_order_nA / grp.rheobase_nA.iloc[0]
        pos = first > 0
        ax_rh.plot(grp.k_leak_fraction[pos], first[pos], ":", color=col,
                   label=f"{cell}: (V_th - V_rest)/R_in")
        sp = grp[grp.spontaneous]
        ax_rh.plot(sp.k_leak_fraction, np.zeros(len(sp)), "x", color=col, ms=9, mew=2,
                   clip_on=False,
                   label=f"{cell}: fires with no input (no rheobase)" if len(sp) else None)
        blk = grp[grp.depolarisation_block]
        ax_rh.plot(blk.k_leak_fraction, np.zeros(len(blk)), "s", mfc="none", color=col, ms=8,
                   clip_on=False, label=f"{cell}: steady in depolarisation block (no rheobase)"
                   if len(blk) else None)
    ax_rh.set_ylim(bottom=0)
    for ax in axes:
        ax.set_xlabel("K+ leak channels left, f (wild type 1)")
        ax.invert_xaxis()
        ax.legend(fontsize=6.5)
    ax_v.set_ylabel("resting potential (mV)")
    ax_v.set_title("V_rest", fontsize=10)
    ax_r.set_ylabel("R_in / R_in(wild type)")
    ax_r.set_title("input resistance", fontsize=10)
    ax_rh.set_ylabel("rheobase / rheobase(wild type) (500 ms step)")
    ax_rh.set_title("rheobase", fontsize=10)
    return fig
