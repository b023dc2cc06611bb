"""The figure of the `validation` study: real cells beside published and measured values.

(a) cat motoneurons, rheobase against R_in (log-log) with the published cat ranges and primate
means +- SD as shaded boxes, Caillet et al. (2022)'s cat relation and the fitted line;
(b) interneurons, rheobase against R_in with the small-interneuron box and the Allen cells'
measured values; (c) the Allen cells' model / measured ratios for R_in, tau, rheobase and
R_in x rheobase, default and fitted membranes, the fitted membrane's fit targets (R_in, tau)
marked as such.
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ...measure.fitting import FIT_RTOL
from ...spec import reference_data as ref
from .plotting import COLORS, new_figure

CELL_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
               "#7f7f7f"]
INTERNEURON_COLORS = ["#d62728", "#17becf", "#bcbd22", "#7f7f7f"]
FITTED = {"R_in", "tau"}  # what the fitted membrane was fitted to (and V_rest, not drawn here)
LABEL_OFFSETS = [((-7, -11), "right"), ((7, -3), "left"), ((7, -11), "left")]
# a step-membrane point's label goes to its right, or, where an earlier label lies within
# NEAR_DECADES of it on both axes, to the next side free of them
ADJUSTED_LABEL_OFFSETS = [((8, -2), "left"), ((-6, -12), "right"), ((-6, 5), "right")]
NEAR_DECADES = 0.12


def _free_side(placed, x, y) -> int:
    """The first side (index of ADJUSTED_LABEL_OFFSETS) that no label placed near (x, y)
    uses; `placed` holds (x, y, side) of the labels so far."""
    near = {side for px, py, side in placed
            if abs(np.log10(px / x)) < NEAR_DECADES and abs(np.log10(py / y)) < NEAR_DECADES}
    return next((k for k in range(len(ADJUSTED_LABEL_OFFSETS)) if k not in near), 0)


def _box(ax, x, y, color, label):
    ax.add_patch(Rectangle((x[0], y[0]), x[1] - x[0], y[1] - y[0], color=color, alpha=0.18,
                           lw=0, label=label))


def _motoneurons(ax, table, fits):
    _box(ax, (ref.CAT_MN_RIN_MOHM.lo, ref.CAT_MN_RIN_MOHM.hi),
         (ref.CAT_MN_RHEOBASE_NA.lo, ref.CAT_MN_RHEOBASE_NA.hi), "tab:blue",
         "cat range: R_in 0.5-5 MOhm, rheobase 3-40 nA")
    pr, ph = ref.PRIMATE_MN_RIN_MOHM, ref.PRIMATE_MN_RHEOBASE_NA
    _box(ax, (pr.lo, pr.hi), (ph.lo, ph.hi), "tab:orange",
         f"primate mean ± SD (Carp 1992): {pr.mean:g} ± {pr.sd:g} MOhm, {ph.mean:g} ± {ph.sd:g} nA")
    r = np.logspace(np.log10(0.2), np.log10(12), 50)
    cai = ref.CAILLET_CAT_RHEOBASE_VS_RIN
    ax.plot(r, cai.rheobase_nA(r), "--", color="0.3",
            label=f"Caillet 2022 (cat): {cai.k_nA:.3g} nA (R_in/MOhm)^{cai.exponent:g}")
    mn = table[table.group == "cat motoneuron"]
    n_plain = 0  # labels of cells without a step point, placed in turn around it
    placed = []  # (R_in, rheobase, side) of the step points' labels
    for i, (cell, g) in enumerate(mn.groupby("cell", sort=False)):
        c = CELL_COLORS[i % len(CELL_COLORS)]
        d = g[g.membrane == "default"].iloc[0]
        ax.plot(d.rin_MOhm, d.rheobase_nA, "o", mfc="none", mec=c, ms=8)
        if not bool(d.get("tree_complete", True)):
            cell = f"{cell} (incomplete tree)"
        a = g[(g.membrane == "step") & g.rheobase_nA.notna()]
        if len(a):  # label the step point, up-left of it, and arrow from the default
            a = a.iloc[0]
            ax.plot(a.rin_MOhm, a.rheobase_nA, "o", color=c, ms=8)
            ax.annotate("", (a.rin_MOhm, a.rheobase_nA), (d.rin_MOhm, d.rheobase_nA),
                        arrowprops={"arrowstyle": "->", "color": c, "lw": 0.8})
            side = _free_side(placed, a.rin_MOhm, a.rheobase_nA)
            placed.append((a.rin_MOhm, a.rheobase_nA, side))
            offset, ha = ADJUSTED_LABEL_OFFSETS[side]
            ax.annotate(cell, (a.rin_MOhm, a.rheobase_nA), xytext=offset, ha=ha,
                        textcoords="offset points", fontsize=7, color=c)
        else:
            offset, ha = LABEL_OFFSETS[n_plain % len(LABEL_OFFSETS)]
            n_plain += 1
            ax.annotate(cell, (d.rin_MOhm, d.rheobase_nA), xytext=offset, ha=ha,
                        textcoords="offset points", fontsize=7, color=c)
    lit = table[table.group == "literature motoneuron"]
    if len(lit):
        ax.plot(lit.rin_MOhm, lit.rheobase_nA, "^", color=COLORS["motoneuron"], mfc="none",
                label="lm.motoneuron(scale), default membrane")
    if fits.get("default") is not None:
        e, k = fits["default"]
        d = mn[mn.membrane == "default"]
        x = np.logspace(np.log10(d.rin_MOhm.min()), np.log10(d.rin_MOhm.max()), 20)
        ax.plot(x, k * x ** e, "-", color="k", lw=1.2,
                label=f"fit, real cells, default: {k:.3g} nA (R_in/MOhm)^{e:.2f}")
    ax.plot([], [], "o", mfc="none", mec="k", label="real cell, default membrane (open)")
    ax.plot([], [], "o", color="k", label="real cell, Fleshman 1988 step membrane (filled; "
                                          "every cell)")
    ax.plot([], [], "-", color="0.4", lw=0.8, label="arrow: the same cell, default -> step "
                                                    "membrane (not a fit)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(0.2, 12)
    ax.set_ylim(0.8, 60)
    ax.set_xlabel("input resistance R_in (MOhm)")
    ax.set_ylabel("rheobase, 500 ms step (nA)")
    ax.set_title("(a) cat motoneuron reconstructions", fontsize=10)
    ax.legend(fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=1)


def _interneurons(ax, table):
    _box(ax, (ref.SMALL_IN_RIN_MOHM.lo, ref.SMALL_IN_RIN_MOHM.hi),
         (1e3 * ref.SMALL_IN_RHEOBASE_NA.lo, 1e3 * ref.SMALL_IN_RHEOBASE_NA.hi), "tab:purple",
         "small interneurons: 150-1600 MOhm, 10-160 pA")
    d = table[table.cell == "lm.interneuron()"]
    ax.plot(d.rin_MOhm, 1e3 * d.rheobase_nA, "D", color=COLORS["interneuron"],
            label="the package's default interneuron (model)")
    ins = table[table.group == "mouse interneuron"]
    for i, (cell, g) in enumerate(ins.groupby("cell", sort=False)):
        c = INTERNEURON_COLORS[i % len(INTERNEURON_COLORS)]
        m = g.iloc[0]
        ax.plot(m.rin_measured_MOhm, 1e3 * m.rheobase_measured_nA, "*", color=c, ms=18,
                alpha=0.6, zorder=1, label=f"{cell.split('_')[0]}: measured (Allen)")
        for membrane, style in (("default", {"mfc": "none"}), ("fitted", {})):
            r = g[g.membrane == membrane].iloc[0]
            what = ("fitted membrane (R_in fitted, rheobase predicted)" if membrane == "fitted"
                    else "default membrane")
            ax.plot(r.rin_MOhm, 1e3 * r.rheobase_nA, "o", color=c, ms=7, **style,
                    label=f"{cell.split('_')[0]}: model, {what}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(80, 2500)
    ax.set_ylim(5, 500)
    ticks = [100, 200, 500, 1000, 2000]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{t:g}" for t in ticks])
    ax.set_xticks([], minor=True)
    ax.set_yticks([10, 20, 50, 100, 200, 500])
    ax.set_yticklabels(["10", "20", "50", "100", "200", "500"])
    ax.set_xlabel("input resistance R_in (MOhm)")
    ax.set_ylabel("rheobase (pA)")
    ax.set_title("(b) interneurons: model vs measured", fontsize=10)
    ax.legend(fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2)


def _ratios(ax, table):
    ins = table[table.group == "mouse interneuron"]
    quantities = [("rin_MOhm", "rin_measured_MOhm", "R_in"), ("tau_ms", "tau_measured_ms", "tau"),
                  ("rheobase_nA", "rheobase_measured_nA", "rheobase"),
                  ("threshold_distance_mV", "threshold_distance_measured_mV", "R_in x rheobase")]
    x = np.arange(len(quantities))
    for i, (cell, g) in enumerate(ins.groupby("cell", sort=False)):
        c = INTERNEURON_COLORS[i % len(INTERNEURON_COLORS)]
        for j, (membrane, style) in enumerate((("default", {"mfc": "none"}), ("fitted", {}),
                                               ("fitted, cm 0.9", {}))):
            if not (g.membrane == membrane).any():
                continue
            r = g[g.membrane == membrane].iloc[0]
            ratios = [r[a] / r[b] for a, b, _ in quantities]
            xs = x + 0.1 * (3 * i + j) - 0.25
            if membrane == "fitted, cm 0.9":  # R_in fitted (a cross), tau and rheobase predicted
                ax.plot(xs[:1], ratios[:1], "x", color=c, ms=7, mew=1)
                ax.plot(xs[1:], ratios[1:], "^", color=c, ms=7, mfc="none",
                        label=f"{cell.split('_')[0]}, cm kept at 0.9: R_in fitted, tau predicted")
                continue
            if membrane == "fitted":  # fit targets (R_in, tau) as crosses: 1 by construction
                fit = np.array([q in FITTED for *_, q in quantities])
                ax.plot(xs[fit], np.array(ratios)[fit], "x", color=c, ms=7, mew=2,
                        label=f"{cell.split('_')[0]}, fitted membrane: fit target")
                ax.plot(xs[~fit], np.array(ratios)[~fit], "o", color=c, ms=7,
                        label=f"{cell.split('_')[0]}, fitted membrane: predicted")
            else:
                ax.plot(xs, ratios, "o", color=c, ms=7, **style,
                        label=f"{cell.split('_')[0]}, default membrane")
    ax.axhline(1.0, color="0.3", lw=1, ls="--", label="model = measured")
    # each band over the columns it applies to: the fit's tolerance over what was fitted, the
    # claim's band over the rheobase (the one quantity scored)
    for k, (*_, q) in enumerate(quantities):
        first = k == 0
        if q in FITTED:
            ax.fill_between([k - 0.4, k + 0.4], 1 - FIT_RTOL, 1 + FIT_RTOL, color="0.6",
                            label=f"± {FIT_RTOL:.1%} (fit tolerance; a hairline at this scale)"
                            if first else None)
        if q in ("rheobase", "tau"):  # the claims' band: rheobase, and tau at cm 0.9
            t = ref.ALLEN_RHEOBASE_TOLERANCE
            ax.fill_between([k - 0.4, k + 0.4], 1 - t, 1 + t, color="tab:green", alpha=0.15,
                            label=f"± {t:.0%} (claims: rheobase; tau at cm 0.9)"
                            if q == "tau" else None)
    ax.set_yscale("log")
    ax.set_ylim(0.05, 5)
    ax.set_yticks([0.1, 0.2, 0.5, 1, 2, 5])
    ax.set_yticklabels(["0.1", "0.2", "0.5", "1", "2", "5"])
    ax.set_xticks(x)
    how = {"R_in": "fitted", "tau": "fitted at free cm"}
    ax.set_xticklabels([f"{q[2]}\n({how.get(q[2], 'not fitted')})" for q in quantities],
                       fontsize=8)
    ax.set_ylabel("model / measured (ratio, log scale)")
    ax.set_title("(c) Allen interneurons: model / measured", fontsize=10)
    ax.legend(fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)


def validation_figure(table, fits):
    """Three panels (a) motoneurons, (b) interneurons, (c) Allen model/measured ratios."""
    fig, axes = new_figure(ncols=3, width_in=5.8, height_in=6.0,
                           title="Real cells: rheobase against input resistance beside "
                                 "published ranges and measured values")
    _motoneurons(axes[0], table, fits)
    if (table.group == "mouse interneuron").any() or (table.cell == "lm.interneuron()").any():
        _interneurons(axes[1], table)
    if (table.group == "mouse interneuron").any():
        _ratios(axes[2], table)
    return fig
