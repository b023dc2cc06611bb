"""Figure of the sleep_wake study (S7a): closing K2P leak depolarises and excites, opening it
calms. Owns the drawing only; a level in depolarisation block is drawn apart from the rests
(never joined to them by a line, its R_in marked off the axis).
"""
from __future__ import annotations

import numpy as np

from .plotting import COLORS, new_figure

OFFSET_MV = -150.0  # vertical shift between stacked traces
SCALE_BAR_MV = 50.0
BLOCK = {"marker": "x", "ls": "none", "color": COLORS["na"], "ms": 8, "mew": 2}


def _broken(table, column, block):
    """The column with depolarisation-block levels set to NaN, so a line breaks there."""
    return np.where(block, np.nan, table[column].to_numpy(float))


def _traces(ax, keys, traces, t_window, title, palette):
    """Voltage traces; when there are several, each is shifted by i * OFFSET_MV (stated in its
    label and with its starting level written on it) and a scale bar replaces the y ticks."""
    t0, t1 = t_window
    stacked = len(keys) > 1
    for i, k in enumerate(keys):
        tr = traces[k]
        shift = OFFSET_MV * i
        col = palette[i % len(palette)]
        shown = (f", drawn {shift:+.0f} mV" if shift else ", not shifted") if stacked else ""
        ax.plot(tr["t_ms"], tr["v_mV"] + shift, color=col, lw=0.7,
                label=f"K+ leak x{k:g}{shown}: {tr['spont_rate_Hz']:.0f} spikes/s no input, "
                      f"{tr['rate_Hz']:.0f} with input")
        if stacked:
            start = tr["v_mV"][np.searchsorted(tr["t_ms"], t0)]
            ax.annotate(f"{start:.0f} mV (true)", (t0, start + shift), xytext=(3, 3),
                        textcoords="offset points", ha="left", va="bottom", fontsize=7,
                        color=col)
    ax.set_xlim(t0, t1)
    if t0 < 500.0 < t1:
        ax.axvspan(500.0, t1, color="0.92", zorder=0)
    ax.set_xlabel("time (ms)" + ("; shaded: input on" if t0 < 500.0 < t1 else "; no input"))
    ax.set_title(title, fontsize=9)
    if not keys:
        return
    ax.set_ylim(-95.0 + OFFSET_MV * (len(keys) - 1), 70.0 + 35.0 * len(keys))
    ax.legend(fontsize=7, loc="upper left")
    if not stacked:
        ax.set_ylabel("soma potential (mV)")
        return
    ax.set_yticks([])
    ax.set_ylabel("soma potential (traces shifted as labelled)")
    # vertical scale bar above the top trace, early in the window (before the input)
    x_bar = t0 + 0.08 * (t1 - t0)
    ax.plot([x_bar, x_bar], [0.0, SCALE_BAR_MV], color="k", lw=2)
    ax.annotate(f"{SCALE_BAR_MV:g} mV", (x_bar, SCALE_BAR_MV / 2), xytext=(4, 0),
                textcoords="offset points", ha="left", va="center", fontsize=7)


def figure(table, traces, amp, rh0, input_x):
    """V_rest, R_in and rheobase against the K+ leak kept (or added), and traces of one input
    in the sleep-like and the wake-like state."""
    fig, axes = new_figure(3, 2, width_in=5.4, height_in=4.4,
                           title="Sleep/wake: closing K2P leak (fopen < 1) depolarises, raises R_in "
                                 "and excites; opening it calms (pump fixed at baseline)")
    blk = table.depolarisation_block.to_numpy(bool)
    rest = table[(table.spont_rate_Hz == 0) & ~table.depolarisation_block]
    block = table[blk]
    x = table.k_leak_rel

    def shade(ax):
        ax.axvline(1.0, color="0.5", ls=":", lw=1)
        ax.set_xscale("log")
        ax.set_xticks(list(x), [f"{v:g}" for v in x], fontsize=7)
        ax.minorticks_off()
        ax.set_xlabel("K+ leak relative to baseline (<1 fopen closes, >1 pbar raised)")

    ax = axes[0]
    ax.plot(x, table.v_rest_fixed_pump_mV, "-", color=COLORS["theory"],
            label="passive leak + fixed pump equation (GHK leaks + pump = 0)")
    ax.plot(x, table.v_rest_passive_mV, ".", color=COLORS["theory"], ms=6,
            label="NEURON, passive (gated channels removed): on that line")
    ax.plot(x, table.v_rest_rebalanced_pump_mV, "--", color=COLORS["theory"],
            label="if the pump were re-balanced (Mullins-Noda)")
    ax.plot(rest.k_leak_rel, rest.v_rest_mV, "o", color=COLORS["sim"], mfc="none",
            label="NEURON, intact: M-current (open at rest) and nav\nwindow current move it "
                  "off the passive line")
    if len(block):
        ax.plot(block.k_leak_rel, block.v_rest_mV, **BLOCK,
                label="intact, steady in depolarisation block (no step fires it)")
    if "v_settled_mV" in table:  # the states the ions settle to, hours later
        st = table[np.isfinite(table.v_settled_mV)]
        ax.plot(st.k_leak_rel, st.v_settled_mV, "*", color=COLORS["na"], ms=11,
                label="intact, settled after hours with its ions moving\n(pump's number kept; "
                      "[Na+]i in mM beside each)")
        for r in st.itertuples():
            ax.annotate(f"{r.nai_settled_mM:.2f}", (r.k_leak_rel, r.v_settled_mV), xytext=(5, -9),
                        textcoords="offset points", fontsize=6.5, color=COLORS["na"])
    ax.plot(x, table.ek_mV, ":", color=COLORS["k"], label="E_K")
    ax.set_ylabel("resting potential (mV)")
    ax.set_ylim(top=max(np.nanmax(table.v_rest_rebalanced_pump_mV), 0.0) + 5.0)
    ax.set_title("A  V_rest (no intact point: fires with no input)", fontsize=9)
    ax.legend(fontsize=6.5, loc="upper right", framealpha=0.9)
    shade(ax)

    ax = axes[1]
    ax.plot(x, _broken(table, "rin_MOhm", blk), "o-", color=COLORS["interneuron"],
            label="at rest (intact cell)")
    lo, hi = float(rest.rin_MOhm.min()), float(rest.rin_MOhm.max())
    bottom = 0.85 * lo
    ax.set_ylim(bottom, 1.08 * hi)
    for _, b in block.iterrows():
        # far below the rests' scale: a marker on the bottom edge, its value written beside it
        ax.plot(b.k_leak_rel, bottom, "v", color=COLORS["na"], ms=9, clip_on=False,
                label="depolarisation block (off axis, below)")
        ax.annotate(f"block: {b.rin_MOhm:.1f} MOhm", (b.k_leak_rel, bottom), xytext=(0, 9),
                    textcoords="offset points", ha="center", fontsize=7, color=COLORS["na"])
    ax.legend(fontsize=7, loc="upper right")
    ax.set_ylabel("input resistance (MOhm)")
    ax.set_title("B  R_in (DC, at rest)", fontsize=9)
    shade(ax)

    ax = axes[2]
    ax.plot(x, table.rheobase_nA * 1e3, "o-", color=COLORS["interneuron"],
            label="500-ms rheobase (0: fires with no input)")
    for k, b in enumerate(block.itertuples()):
        ax.annotate("block:\nno rheobase", (b.k_leak_rel, 0.0), xytext=(0, 6),
                    textcoords="offset points", ha="center", fontsize=7, color=COLORS["na"])
    ax.axhline(amp * 1e3, color=COLORS["na"], ls="--", label=f"fixed input {amp * 1e3:.1f} pA")
    ax.set_ylabel("rheobase (pA)")
    ax.set_title("C  rheobase", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    shade(ax)

    ax = axes[3]
    ax.plot(x, _broken(table, "rate_Hz", blk), "o-", color=COLORS["na"],
            label=f"input {input_x:g} x baseline rheobase")
    ax.plot(x, _broken(table, "spont_rate_Hz", blk), "s--", color=COLORS["sim"],
            label="no input")
    if len(block):
        ax.plot(block.k_leak_rel, block.rate_Hz, **BLOCK,
                label="depolarisation block: silent with or without input (not joined)")
    ax.set_ylabel("firing rate (spikes/s)")
    ax.set_title("D  firing rate over 500 ms", fontsize=9)
    ax.set_ylim(-8, 1.25 * float(np.nanmax(table.rate_Hz)) + 5)
    ax.legend(fontsize=7, loc="upper right")
    shade(ax)

    palette = ["#d62728", "#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]
    spont = table.set_index("k_leak_rel").spont_rate_Hz
    _traces(axes[4], [k for k in sorted(traces) if spont[k] == 0], traces, (450.0, 650.0),
            f"E  input {amp * 1e3:.1f} pA switched on at 500 ms", palette)
    _traces(axes[5], [k for k in sorted(traces) if spont[k] > 0], traces, (250.0, 500.0),
            "F  closed further: fires with no input", palette)
    return fig
