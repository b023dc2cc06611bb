"""Figure of the cells study: the default cells' responses to steps around rheobase (as long as
the rheobase search's steps), and each cell's f-I relation in nA with its least-squares slope,
the motoneuron's beside the cat motoneurons' minimum rates."""
from __future__ import annotations

import numpy as np

from ...spec import reference_data as ref
from .plotting import COLORS, new_figure

# an "AHP" shorter than this (spike peak to 90 % recovery) is the spike's own repolarisation
REPOLARISATION_MAX_MS = 5.0


def _trace_panel(ax, letter, name, runs, r, step):
    start_ms, dur_ms = step
    ax.axvspan(start_ms, start_ms + dur_ms, color="0.93", zorder=0,
               label=f"{dur_ms:g}-ms step (as in the rheobase search)")
    for k, t, v in runs:
        ax.plot(t, v, lw=1, label=f"{k:+.2f} x rheobase ({k * r.rheobase_nA:.3g} nA)")
    ax.set_title(f"{letter}  {name}: R_in {r.rin_MOhm:.3g} MOhm, rheobase {r.rheobase_nA:.3g} nA",
                 fontsize=9, color=COLORS.get(name, "k"))
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("somatic membrane potential (mV)")
    ax.legend(fontsize=7, loc="upper right")


def _ahp_text(r) -> str:
    if not np.isfinite(r.ahp_duration_ms) or r.ahp_duration_ms < REPOLARISATION_MAX_MS:
        return (f"no slow AHP: a fast one only ({r.ahp_depth_mV:.1f} mV deep, back to 90 % in "
                f"{r.ahp_duration_ms:.1f} ms)")
    return f"AHP {r.ahp_duration_ms:.0f} ms (spike to 90 % recovery), {r.ahp_depth_mV:.1f} mV deep"


def _fi_panel(ax, letter, name, g, r, fi_step_ms):
    color = COLORS.get(name, "k")
    rh = r.rheobase_nA
    ax.plot(g.amp_nA, g.steady_rate_Hz, "o", color=color, ms=7,
            label="steady rate (2nd half of step)")
    ax.plot(g.amp_nA, g.first_rate_Hz, "s:", color=color, mfc="none", label="first interval")
    ax.axvline(rh, color="0.5", lw=0.8, ls=":", label=f"rheobase {rh:.3g} nA")
    # the least-squares line of fi_slope_Hz_per_nA: through the mean of the points it fits
    # (steady rates up to twice the lowest repetitive current)
    rep = g[np.isfinite(g.steady_rate_Hz)]
    primary = rep[rep.amp_nA <= 2 * r.lowest_repetitive_nA + 1e-12]
    if np.isfinite(r.fi_slope_Hz_per_nA) and len(primary) >= 2:
        lo, hi = primary.amp_nA.min(), primary.amp_nA.max()
        x = np.array([lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo)])
        y = primary.steady_rate_Hz.mean() + r.fi_slope_Hz_per_nA * (x - primary.amp_nA.mean())
        slope = r.fi_slope_Hz_per_nA
        label = f"least-squares slope {slope:.0f} Hz/nA" if slope >= 100 else \
            f"least-squares slope {slope:.2f} Hz/nA"
        if name == "motoneuron":
            s_ref = ref.CAT_MN_FI_SLOPE_HZ_PER_NA
            label += f" (cat: {s_ref.lo:g}-{s_ref.hi:g})"
        ax.plot(x, y, "-", color="k", lw=1.2, zorder=1, label=label)
    if name == "motoneuron":
        mn = ref.CAT_MN_MIN_RATE_HZ
        ax.axhspan(mn.lo, mn.hi, fc=color, alpha=0.15, ec="none",
                   label=f"cat motoneurons start at {mn.lo:g}-{mn.hi:g} Hz")
    ax.text(0.98, 0.04, f"minimum steady rate {r.min_steady_rate_Hz:.1f} Hz\n{_ahp_text(r)}",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=8,
            bbox={"fc": "white", "ec": "0.7"})
    top = ax.secondary_xaxis("top", functions=(lambda a: a / rh, lambda m: m * rh))
    top.set_xlabel("step current / rheobase", fontsize=8)
    top.tick_params(labelsize=8)
    ax.set_title(f"{letter}  {name}: f-I ({fi_step_ms:g}-ms steps)", fontsize=9, color=color)
    ax.set_xlabel("step current (nA)")
    ax.set_ylabel("firing rate (Hz)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7, loc="upper left")


def figure(cells_table, fi, traces: dict, fi_step_ms: float, trace_step_ms: tuple):
    """Top row: each cell's responses (traces: {cell: [(multiple of rheobase, t_ms, v_mV), ...]})
    to steps trace_step_ms = (start, duration); bottom row: each cell's f-I points `fi` (steady
    rate and first interval against current in nA) with the table's least-squares slope."""
    n = len(traces)
    fig, axes = new_figure(ncols=n, nrows=2, width_in=6.0, height_in=4.3, title=(
        f"Default cells: {trace_step_ms[1]:g}-ms steps at -0.5, 0.95 and 1.05 x rheobase (top); "
        f"f-I in nA with the least-squares slope (bottom)"))
    letters = "ABCDEFGH"
    rows = cells_table.set_index("cell")
    for i, (name, runs) in enumerate(traces.items()):
        _trace_panel(axes[i], letters[i], name, runs, rows.loc[name], trace_step_ms)
    groups = dict(list(fi.groupby("cell", sort=False)))
    for i, name in enumerate(traces):
        _fi_panel(axes[n + i], letters[n + i], name, groups[name], rows.loc[name], fi_step_ms)
    return fig
