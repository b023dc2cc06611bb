"""Figure of the development study (S2): V_rest against PNa/PK on the GHK curve, with E_K, E_Na,
the mature PNa/PK and V_rest ranges, and V_rest - E_K at the two scored ratios beside the
package's reading of "just above E_K"."""
from __future__ import annotations

import numpy as np

from .plotting import COLORS, new_figure

Y_TOP_MV = 10.0  # panel A stops here: E_Na (+71 mV) is written at the edge, not drawn
SCORED = "#ff7f0e"  # the points the claims score


def _scored_rows(table, mature):
    rows = []
    for r in (mature.hi, mature.lo):
        sel = table.loc[np.isclose(table.pna_over_pk, r)]
        if len(sel):
            rows.append(sel.iloc[0])
    return rows


def _rest_panel(ax, table, base, ghk_curve, mature, v_mature, scored):
    dense, ghk = ghk_curve
    ax.axvspan(mature.lo, mature.hi, color="0.85", label=f"mature PNa/PK {mature.lo:g}-{mature.hi:g}")
    ax.axhspan(v_mature.lo, v_mature.hi, color=COLORS["theory"], alpha=0.15, ec="none",
               label=f"mature V_rest {v_mature.hi:g}...{v_mature.lo:g} mV (source text)")
    ax.semilogx(dense, ghk, color=COLORS["theory"], label="GHK voltage equation")
    ax.semilogx(table.pna_over_pk, table.v_rest_sim_mV, "o", color=COLORS["sim"], mfc="none",
                label="NEURON: kleak + naleak sphere")
    ax.semilogx([r.pna_over_pk for r in scored], [r.v_rest_sim_mV for r in scored], "o", ms=8,
                color=SCORED, mec="k", zorder=3, label="scored: PNa/PK = "
                + " and ".join(f"{r.pna_over_pk:g}" for r in scored))
    for r, dy in zip(scored, (34, 12)):  # above and right of the points: above the curve
        ax.annotate(f"PNa/PK {r.pna_over_pk:g}: {r.v_rest_sim_mV:.1f} mV",
                    (r.pna_over_pk, r.v_rest_sim_mV), xytext=(30, dy), textcoords="offset points",
                    fontsize=8, ha="left", va="center",
                    arrowprops={"arrowstyle": "-", "color": "0.4", "lw": 0.8})
    ax.axhline(base.ek_mV, color=COLORS["k"], ls="--", label=f"E_K = {base.ek_mV:.1f} mV")
    ax.annotate(f"E_Na = {base.ena_mV:+.1f} mV (off scale)", (0.99, 0.985),
                xycoords="axes fraction", ha="right", va="top", fontsize=8, color=COLORS["na"])
    ax.set_ylim(min(base.ek_mV, float(np.min(ghk))) - 6.0, Y_TOP_MV)
    ax.invert_xaxis()
    ax.set_xlabel("PNa / PK (log; K+ leak grows to the right)")
    ax.set_ylabel("resting potential (mV)")
    ax.set_title("A  V_rest falls from 0 mV towards E_K as K+ leak grows", fontsize=10)
    ax.legend(fontsize=7, loc="upper right", bbox_to_anchor=(1.0, 0.94))


def _above_ek_panel(ax, table, mature, scored, just_above_mV):
    above = table.v_rest_sim_mV - table.ek_mV
    ax.axvspan(mature.lo, mature.hi, color="0.85", label=f"mature PNa/PK {mature.lo:g}-{mature.hi:g}")
    ax.axhspan(0.0, just_above_mV, color=COLORS["k"], alpha=0.15, ec="none",
               label=f"'just above E_K': within {just_above_mV:g} mV (this package's reading)")
    ax.semilogx(table.pna_over_pk, above, "o-", color=COLORS["sim"], mfc="none", lw=0.8,
                label="V_rest - E_K (NEURON)")
    ax.semilogx([r.pna_over_pk for r in scored], [r.v_rest_sim_mV - r.ek_mV for r in scored], "o",
                ms=8, color=SCORED, mec="k", zorder=3, label="scored points")
    lines = ["'mature V_rest sits just above E_K', scored at:"]
    for r in scored:
        d = r.v_rest_sim_mV - r.ek_mV
        verdict = "within" if 0.0 <= d <= just_above_mV else "not within"
        lines.append(f"PNa/PK {r.pna_over_pk:g}: V_rest - E_K = {d:.1f} mV, {verdict} "
                     f"{just_above_mV:g} mV")
    ax.text(0.98, 0.97, "\n".join(lines), transform=ax.transAxes, ha="right", va="top",
            fontsize=8, bbox={"fc": "white", "ec": SCORED})
    ax.set_ylim(0.0, float(above.max()) * 1.05)
    ax.invert_xaxis()
    ax.set_xlabel("PNa / PK (log; K+ leak grows to the right)")
    ax.set_ylabel("V_rest - E_K (mV)")
    ax.set_title("B  how far above E_K the rest sits", fontsize=10)
    ax.legend(fontsize=7, loc="upper right", bbox_to_anchor=(1.0, 0.8))


def figure(table, base, ghk_curve: tuple, mature, mature_v_rest, just_above_ek_mV: float):
    """The simulated rests on the GHK voltage curve ghk_curve = (PNa/PK, V mV); base: the
    membrane (E_K, E_Na); mature, mature_v_rest: the mature PNa/PK and V_rest ranges
    (reference_data.Range); just_above_ek_mV: the reading of "just above E_K" the claims use."""
    scored = _scored_rows(table, mature)
    above = [r.v_rest_sim_mV - r.ek_mV for r in scored] or [np.nan]
    fig, (ax_v, ax_d) = new_figure(ncols=2, width_in=6.0, height_in=4.6, title=(
        "Development: more K+ leak takes V_rest from 0 mV towards E_K; at the mature PNa/PK it "
        f"lies in {mature_v_rest.hi:g}...{mature_v_rest.lo:g} mV, but {min(above):.1f}-"
        f"{max(above):.1f} mV above E_K"))
    _rest_panel(ax_v, table, base, ghk_curve, mature, mature_v_rest, scored)
    _above_ek_panel(ax_d, table, mature, scored, just_above_ek_mV)
    return fig
