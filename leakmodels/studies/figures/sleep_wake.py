"""Figure of the sleep_wake study (S7a): closing K2P leak depolarises and excites, opening it
calms.
"""
from __future__ import annotations

from .plotting import COLORS, new_figure


def figure(table, traces, amp, rh0, input_x):
    """V_rest, R_in and rheobase against the K+ leak kept (or added), and traces of one input
    in the sleep-like and the wake-like state."""
    fig, axes = new_figure(3, 2, width_in=5.0, height_in=3.8,
                           title="Sleep/wake: closing K2P leak (fopen < 1) depolarises, raises R_in "
                                 "and excites; opening it calms (pump fixed at baseline)")
    rest = table[(table.spont_rate_Hz == 0) & ~table.depolarisation_block]
    block = table[table.depolarisation_block]
    x = table.k_leak_rel

    def shade(ax):
        ax.axvline(1.0, color="0.5", ls=":", lw=1)
        ax.set_xscale("log")
        ax.set_xticks(list(x), [f"{v:g}" for v in x], fontsize=7)
        ax.minorticks_off()
        ax.set_xlabel("K+ leak relative to baseline (<1 fopen closes, >1 pbar raised)")

    ax = axes[0]
    ax.plot(rest.k_leak_rel, rest.v_rest_mV, "o", color=COLORS["sim"], mfc="none",
            label="NEURON interneuron")
    if len(block):
        ax.plot(block.k_leak_rel, block.v_rest_mV, "x", color=COLORS["na"], ms=8,
                label="steady but in depolarisation block (no step fires it)")
    ax.plot(x, table.v_rest_fixed_pump_mV, "-", color=COLORS["theory"],
            label="leak + fixed pump equation")
    ax.plot(x, table.v_rest_rebalanced_pump_mV, "--", color=COLORS["theory"],
            label="if the pump were re-balanced (Mullins-Noda)")
    ax.plot(x, table.ek_mV, ":", color=COLORS["k"], label="E_K")
    ax.set_ylabel("resting potential (mV)")
    ax.set_title("A  V_rest (no point: fires with no input, x: block)", fontsize=9)
    ax.legend(fontsize=7)
    shade(ax)

    ax = axes[1]
    ax.plot(rest.k_leak_rel, rest.rin_MOhm, "o-", color=COLORS["interneuron"])
    if len(block):
        ax.plot(block.k_leak_rel, block.rin_MOhm, "x", color=COLORS["na"], ms=8,
                label="in depolarisation block")
        ax.legend(fontsize=7)
    ax.set_ylabel("input resistance (MOhm)")
    ax.set_title("B  R_in (DC, at rest)", fontsize=9)
    shade(ax)

    ax = axes[2]
    ax.plot(x, table.rheobase_nA * 1e3, "o-", color=COLORS["interneuron"],
            label="500-ms rheobase (0: fires with no input; none: block)")
    ax.axhline(amp * 1e3, color=COLORS["na"], ls="--", label=f"fixed input {amp * 1e3:.1f} pA")
    ax.set_ylabel("rheobase (pA)")
    ax.set_title("C  rheobase", fontsize=9)
    ax.legend(fontsize=7)
    shade(ax)

    ax = axes[3]
    ax.plot(x, table.rate_Hz, "o-", color=COLORS["na"], label=f"input {input_x:g} x baseline rheobase")
    ax.plot(x, table.spont_rate_Hz, "s--", color=COLORS["sim"], label="no input")
    for _, b in block.iterrows():
        ax.annotate("block", (b.k_leak_rel, b.rate_Hz), xytext=(0, 8), ha="center",
                    textcoords="offset points", fontsize=7, color=COLORS["na"])
    ax.set_ylabel("firing rate (spikes/s)")
    ax.set_title("D  firing rate over 500 ms", fontsize=9)
    ax.legend(fontsize=7)
    shade(ax)

    palette = ["#d62728", "#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]
    spont = table.set_index("k_leak_rel").spont_rate_Hz
    panels = ((axes[4], [k for k in sorted(traces) if spont[k] == 0], (450.0, 650.0),
               f"E  input {amp * 1e3:.1f} pA switched on at 500 ms"),
              (axes[5], [k for k in sorted(traces) if spont[k] > 0], (250.0, 500.0),
               "F  closed further: fires with no input"))
    for ax, keys, (t0, t1), title in panels:
        for i, k in enumerate(keys):
            tr = traces[k]
            ax.plot(tr["t_ms"], tr["v_mV"] - 150.0 * i, color=palette[i % len(palette)],
                    lw=0.7, label=f"K+ leak x{k:g}: {tr['spont_rate_Hz']:.0f} spikes/s no input, "
                                  f"{tr['rate_Hz']:.0f} with input")
        ax.set_xlim(t0, t1)
        if t0 < 500.0 < t1:
            ax.axvspan(500.0, t1, color="0.92", zorder=0)
        ax.set_xlabel("time (ms)" + ("; shaded: input on" if t0 < 500.0 < t1 else "; no input"))
        ax.set_ylabel("soma potential (mV)" + ("; traces offset by -150 mV" if len(keys) > 1 else ""))
        ax.set_title(title, fontsize=9)
        if keys:
            lo = -80.0 - 150.0 * (len(keys) - 1)
            ax.set_ylim(lo, 70.0 + 35.0 * len(keys))
            ax.legend(fontsize=7, loc="upper left")
    return fig
