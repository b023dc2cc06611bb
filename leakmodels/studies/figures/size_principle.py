"""The S5 size-principle figure: four panels drawn from the study's table and curves.

(a) R_in against membrane area with the isopotential line, cable theory and Caillet et al.
2022's relation across real cat motoneurons; (b) how far dendrites lift R_in above R_m / area;
(c) rheobase against R_in with the isopotential line dV / R_in, Caillet's cat relation and the
reference ranges; (d) soma voltage under the shared current ramp.
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ...spec import reference_data as ref
from ...spec.morphology import literature_data
from .plotting import COLORS, new_figure

FAMILY_COLORS = {"sphere": COLORS["theory"], "interneuron": COLORS["interneuron"],
                 "motoneuron": COLORS["motoneuron"]}
FAMILY_MARKERS = {"sphere": "s", "interneuron": "o", "motoneuron": "D"}
FAMILY_LINES = {"sphere": ":", "interneuron": "-", "motoneuron": "--"}


def _box(ax, x, y, color, label):
    ax.add_patch(Rectangle((x[0], y[0]), x[1] - x[0], y[1] - y[0], color=color, alpha=0.15,
                           label=label, zorder=0))


def _panel_rin(ax, table, ex, curves):
    area, rin = curves["isopotential"]
    ax.loglog(area, rin, color="0.3", label="isopotential R_m / area (a = 1)")
    for fam in ("interneuron", "motoneuron"):
        if fam in curves:
            ax.loglog(*curves[fam], color=FAMILY_COLORS[fam], lw=1,
                      label=f"{fam} scaled: cable theory (passive)")
    for fam, g in table.groupby("family", sort=False):
        ax.loglog(g.area_um2, g.rin_MOhm, FAMILY_MARKERS[fam], color=FAMILY_COLORS[fam], mfc="none",
                  label=f"{fam}: NEURON (intact), least-squares a = {ex.get('a_' + fam, np.nan):.3f}")
    mn = table[table.family == "motoneuron"]
    if len(mn):
        s = np.geomspace(mn.area_um2.min(), mn.area_um2.max(), 20)  # over the family only
        ax.loglog(s, ref.caillet_cat_rin_MOhm(s), color=FAMILY_COLORS["motoneuron"], ls=":",
                  lw=1.5, label=f"cat motoneurons, Caillet 2022: a = "
                               f"{-ref.CAILLET_CAT_RIN_VS_AREA_EXPONENT:g}")
    for fam, rin_range, label in (("motoneuron", ref.CAT_MN_RIN_MOHM, "cat motoneurons"),
                                  ("interneuron", ref.SMALL_IN_RIN_MOHM, "small interneurons")):
        rin_range = (rin_range.lo, rin_range.hi)
        area_range = literature_data(fam)["targets"]["total_membrane_area_um2"]
        _box(ax, area_range, rin_range, FAMILY_COLORS[fam], f"{label}: area, R_in (literature)")
    ax.set_xlabel("membrane area (um2)")
    ax.set_ylabel("input resistance R_in (MOhm)")
    ax.set_title("(a) same channel density: R_in ~ area^-a", fontsize=10)


def _panel_departure(ax, table, curves):
    area, rin_iso = curves["isopotential"]
    ax.axhline(1.0, color="0.3", label="isopotential (R_in = R_m / area)")
    rm_area = rin_iso * area  # R_m in MOhm um2, the same for every cell
    for fam in ("interneuron", "motoneuron"):
        if fam in curves:
            a, r = curves[fam]
            ax.semilogx(a, r * a / rm_area[0], color=FAMILY_COLORS[fam], lw=1,
                        label=f"{fam} scaled: cable theory")
    for fam, g in table.groupby("family", sort=False):
        ax.semilogx(g.area_um2, g.rin_passive_MOhm / g.rin_isopotential_MOhm, FAMILY_MARKERS[fam],
                    color=FAMILY_COLORS[fam], mfc="none", label=f"{fam}: NEURON, passive")
    ax.set_xlabel("membrane area (um2)")
    ax.set_ylabel("R_in / (R_m / area)")
    ax.set_title("(b) dendrites hide membrane from the soma", fontsize=10)


def _panel_rheobase(ax, table, ex, duration_ms):
    sph = table[table.family == "sphere"]
    rin = np.logspace(np.log10(table.rin_MOhm.min() / 3), np.log10(table.rin_MOhm.max() * 3), 50)
    if len(sph):
        dv = float(np.median(sph.threshold_depolarisation_mV))
        ax.loglog(rin, dv / rin, color="0.3", label=f"isopotential dV / R_in, dV = {dv:.2f} mV (b = 1)")
    for fam, g in table.groupby("family", sort=False):
        ax.loglog(g.rin_MOhm, g.rheobase_nA, FAMILY_MARKERS[fam], color=FAMILY_COLORS[fam], mfc="none",
                  label=f"{fam}: NEURON, least-squares b = {ex.get('b_' + fam, np.nan):.3f}")
    law = ref.CAILLET_CAT_RHEOBASE_VS_RIN
    r = np.geomspace(ref.CAT_MN_RIN_MOHM.lo, ref.CAT_MN_RIN_MOHM.hi, 20)
    ax.loglog(r, law.rheobase_nA(r), color=FAMILY_COLORS["motoneuron"], ls=":", lw=1.5,
              label=f"cat motoneurons, Caillet 2022: b = {-law.exponent:g}")
    for rin, rh, fam, label in ((ref.CAT_MN_RIN_MOHM, ref.CAT_MN_RHEOBASE_NA, "motoneuron",
                                 "cat motoneurons"),
                                (ref.SMALL_IN_RIN_MOHM, ref.SMALL_IN_RHEOBASE_NA, "interneuron",
                                 "small interneurons")):
        _box(ax, (rin.lo, rin.hi), (rh.lo, rh.hi), FAMILY_COLORS[fam], f"{label} (reference)")
    ax.set_xlabel("input resistance R_in (MOhm)")
    ax.set_ylabel(f"rheobase, {duration_ms:g} ms step (nA)")
    ax.set_title(f"(c) rheobase ~ R_in^-b; all neurons b = {ex.get('b_neurons', np.nan):.3f}", fontsize=10)


def _panel_recruitment(ax, recs, ramp):
    if not recs:
        ax.text(0.5, 0.5, "no recruitment run", ha="center", transform=ax.transAxes)
        return
    areas = np.log10([k[2] for k in recs])
    lo, hi = areas.min(), max(areas.max(), areas.min() + 1e-9)
    cmap = __import__("matplotlib").colormaps["viridis"]
    for (fam, size, area), rec in sorted(recs.items(), key=lambda kv: kv[0][2]):
        col = cmap(0.9 * (np.log10(area) - lo) / (hi - lo))
        what = f"sphere {size:g} um (dotted)" if fam == "sphere" else (
            f"{fam} x{size:g}" + (" (dashed)" if fam == "motoneuron" else ""))
        ax.plot(rec.t_ms / 1e3, rec.v_mV, color=col, lw=0.8, ls=FAMILY_LINES[fam],
                label=f"{what} ({area:.2g} um2): {rec.i_recruit_nA:.3g} nA")
        if np.isfinite(rec.t_first_spike_ms):
            ax.plot(rec.t_first_spike_ms / 1e3, 0.0, "v", color=col, ms=6)
    ax.plot([], [], "v", color="0.4", ms=6, label="first spike (at 0 mV)")
    ax.set_xlabel("time from ramp start (s)")
    ax.set_ylabel("soma V (mV)")
    ax.set_title(f"(d) shared current {ramp.start_nA:g} nA x exp(t/{ramp.tau_ms:g} ms): "
                 "who fires first (current at first spike)", fontsize=9)
    top = ax.twinx()
    t = np.linspace(0, ax.get_xlim()[1], 200)
    top.semilogy(t, ramp.current_nA(t * 1e3), color="0.5", ls="-.")
    top.set_ylabel("injected current (nA, log; grey dash-dot line)")


def size_figure(table, ex, curves, recs, ramp, duration_ms=500.0):
    fig, axes = new_figure(2, 2, width_in=6.8, height_in=5.8,
                           title="Size principle: one leak density, more membrane -> lower R_in, "
                                 "higher rheobase, later recruitment")
    _panel_rin(axes[0], table, ex, curves)
    _panel_departure(axes[1], table, curves)
    _panel_rheobase(axes[2], table, ex, duration_ms)
    _panel_recruitment(axes[3], recs, ramp)
    for ax in axes[:3]:
        ax.legend(fontsize=6.5, loc="best")
    # (d)'s result is the first-spike markers along the top: its legend goes below the axes
    axes[3].legend(fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    return fig
