"""Figure of the tissue-K+ study: [K+]o at the driven layer's mid-plane against time and
rate, with and without Kir4.1 and the Na+-sensing pump, its profile along the column, the
glia's K+ currents along it, and the neurons' [Na+]i.
"""
from __future__ import annotations

import numpy as np

from .plotting import COLORS, new_figure, plt


def _color(i, n):
    """Rates in viridis (conditions use the glia, Na+ and black colours)."""
    return plt.cm.viridis(0.1 + 0.75 * i / max(n - 1, 1))


STYLE = {"Kir4.1": (COLORS["glia"], "-"), "Kir4.1 knocked out": (COLORS["na"], "--"),
         "[Na+]i fixed": ("k", ":"), "no train": ("0.5", "-")}


def _train_label(r) -> str:
    return (f"time (s; pulses from {r['train_start_ms'] / 1e3:g} to "
            f"{r['train_end_ms'] / 1e3:g} s)")


def figure(runs, ceiling):
    """A: [K+]o at the mid-plane, each rate; B: peak against rate; C: Kir4.1, knockout and a
    fixed [Na+]i at one rate; D: [K+]o along the column at the train's end; E: the glia's K+
    currents along the column; F: the mid-plane neurons' [Na+]i."""
    kir = [r for r in runs if r["glia_and_ions"] == "Kir4.1"]
    r0 = kir[0]
    fig, (ax_t, ax_peak, ax_cmp, ax_x, ax_g, ax_na) = new_figure(
        ncols=2, nrows=3, width_in=6.5, height_in=4.2, title=(
            f"S7b a driven layer of tissue (neuronal membrane {r0['neuron_area_per_um']:.2g} "
            f"um2/um3, astrocytes {r0['glia_area_per_um']:.2g} um2/um3; rxd, alpha "
            f"{r0['volume_fraction']:g}, lambda {r0['tortuosity']:g}, a sealed column):\n"
            "[K+]o during trains at each rate, with Kir4.1 and without, with a pump that "
            "feels [Na+]i and one that does not"))
    n = len(kir)
    for i, r in enumerate(kir):
        t = np.asarray(r["t_ms"]) / 1e3
        ax_t.plot(t, r["ko_mM"][0], color=_color(i, n), lw=1.3, label=f"{r['rate_Hz']:g} Hz")
        ax_na.plot(t, r["nai_mid_mM"], color=_color(i, n), lw=1.3, label=f"{r['rate_Hz']:g} Hz")
    for ax in (ax_t, ax_peak):
        ax.axhspan(ceiling.lo, ceiling.hi, color="0.85", zorder=0,
                   label=f"the ceiling in cortex, {ceiling.lo:g}-{ceiling.hi:g} mM\n"
                         "(Heinemann & Lux 1977; not read)")
    ax_t.set_xlabel(_train_label(kir[0]))
    ax_t.set_ylabel("[K+]o at the mid-plane (mM)")
    ax_t.set_title("A  [K+]o at the driven layer's mid-plane during and after the trains",
                   fontsize=10)
    top = max(max(r["ko_mM"][0]) for r in kir)
    ax_t.set_ylim(None, max(top, ceiling.hi) + 2.5)  # room for the legend above the curves
    ax_t.legend(fontsize=7, loc="upper right", ncol=3, title="pulse rate, Kir4.1",
                title_fontsize=7)

    ax_peak.plot([r["rate_Hz"] for r in kir], [r["ko_peak_mM"] for r in kir], "o-",
                 color=COLORS["glia"], label="peak at the mid-plane, Kir4.1")
    for r in runs:
        if r["glia_and_ions"] in ("Kir4.1 knocked out", "[Na+]i fixed"):
            color, _ = STYLE[r["glia_and_ions"]]
            ax_peak.plot(r["rate_Hz"], r["ko_peak_mM"], "s", color=color,
                         label=r["glia_and_ions"])
    ax_peak.axhline(kir[0]["ko_start_mM"], color="0.5", lw=0.8, ls=":", label="at rest")
    ax_peak.set_xlabel("pulse rate in the driven layer (Hz; one spike per pulse)")
    ax_peak.set_ylabel("peak [K+]o at the mid-plane (mM)")
    ax_peak.set_title("B  the peak against the rate", fontsize=10)
    ax_peak.legend(fontsize=7, loc="center left")

    rate = next(r["rate_Hz"] for r in runs if r["glia_and_ions"] == "Kir4.1 knocked out")
    compare = [r for r in runs if r["glia_and_ions"] != "Kir4.1" or r["rate_Hz"] == rate]
    for r in compare:
        color, ls = STYLE[r["glia_and_ions"]]
        ax_cmp.plot(np.asarray(r["t_ms"]) / 1e3, r["ko_mM"][0], color=color, ls=ls, lw=1.4,
                    label=f"{r['glia_and_ions']} ({r['rate_Hz']:g} Hz)")
    ax_cmp.set_xlabel(_train_label(compare[0]))
    ax_cmp.set_ylabel("[K+]o at the mid-plane (mM)")
    ax_cmp.set_title("C  one rate: Kir4.1 knocked out; [Na+]i held fixed; no train",
                     fontsize=10)
    ax_cmp.legend(fontsize=7, loc="upper left")

    for r in compare:
        if r["rate_Hz"] > 0:
            color, ls = STYLE[r["glia_and_ions"]]
            ax_x.plot(r["x_um"], r["ko_end_train_profile_mM"], color=color, ls=ls, lw=1.4,
                      label=r["glia_and_ions"])
            if r["glia_and_ions"] == "Kir4.1":
                channels = 1e3 * np.asarray(r["glia_ik_channels_end_train_nA"])
                pump = 1e3 * np.asarray(r["glia_ik_pump_end_train_nA"])
                ax_g.plot(r["x_um"], channels + pump, color="k", lw=1.6,
                          label="net (0 at rest: the pump balances the channels)")
                ax_g.plot(r["x_um"], channels, color=COLORS["glia"], lw=1.2,
                          label="through Kir4.1 and the leak")
                ax_g.plot(r["x_um"], pump, color=COLORS["glia"], ls="--", lw=1.2,
                          label="through the pump")
    edge = kir[0]["driven_um"]
    for ax in (ax_x, ax_g):
        ax.axvspan(0, edge, color="0.92", zorder=0, label="driven layer")
        ax.set_xlabel("distance from the driven layer's mid-plane (um)")
    ax_x.set_ylabel("[K+]o at the train's end (mM)")
    ax_x.set_title("D  [K+]o along the column at the train's end (its far end sealed)",
                   fontsize=10)
    ax_x.legend(fontsize=7, loc="upper right")
    ax_g.axhline(0, color="k", lw=0.8)
    ax_g.set_ylabel(f"glial K+ current per {r0['voxel_um']:g}-um voxel,\ntrain's end "
                    "(pA, outward +)")
    ax_g.set_title("E  the glia's K+ currents along the column (Kir4.1): net, channels, pump",
                   fontsize=10)
    low, high = ax_g.get_ylim()
    ax_g.set_ylim(low - 0.45 * (high - low), high)  # room for the legend below the curves
    ax_g.legend(fontsize=7, loc="lower right")

    ax_na.set_xlabel(_train_label(kir[0]))
    ax_na.set_ylabel("[Na+]i of the mid-plane's neurons (mM)")
    ax_na.set_title("F  the Na+ the spikes bring into the mid-plane's somata", fontsize=10)
    ax_na.legend(fontsize=7, loc="upper left", title="pulse rate, Kir4.1", title_fontsize=7)
    return fig
