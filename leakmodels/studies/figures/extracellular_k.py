"""Figure of the extracellular-K+ study: [K+]o at the soma during and after trains, its peak
against the firing rate beside the cortex's ceiling, its profile around the soma, and V.
"""
from __future__ import annotations

import numpy as np

from .plotting import COLORS, new_figure


def _color(i, n):
    return (0.15 + 0.7 * i / max(n - 1, 1), 0.2, 0.85 - 0.6 * i / max(n - 1, 1))


def _label(r):
    return f"{r['drive_x_rheobase']:g}x rheobase ({r['rate_Hz']:.0f} Hz)"


def _glia_panels(ax_t, ax_x, runs):
    glia = [r for r in runs if "astrocyte" in r["space"]]
    alone = next(r for r in runs if r["space"] == "alpha 0.2" and r["drive_x_rheobase"] == 2.0)
    for r, color, what in ((alone, "0.5", "no astrocyte"),
                           *((g, COLORS["glia"] if "with" in g["space"] else COLORS["na"],
                              g["space"].split(", ", 1)[1]) for g in glia)):
        ax_t.plot(r["t_ms"], r["ko_soma_mM"], color=color, lw=1.2, label=what)
    ax_t.axhline(alone["ko_bath_mM"], color="0.5", lw=0.8, ls=":")
    ax_t.set_xlabel(f"time (ms; 2x rheobase from {alone['train_start_ms']:g} to "
                    f"{alone['train_end_ms']:g} ms)")
    ax_t.set_ylabel("[K+]o in the neuron's soma voxel (mM)")
    share = max(g["astrocyte_uptake_share"] for g in glia)
    ax_t.set_title("E  an astrocyte 15 um away, with and without Kir4.1\n(the curves "
                   f"overlap: it takes up {100 * share:.2g} % of the neuron's K+ at most)",
                   fontsize=10)
    ax_t.legend(fontsize=7, loc="upper right")
    for g in glia:
        color = COLORS["glia"] if "with" in g["space"] else COLORS["na"]
        ax_x.plot(g["neighbour_dist_um"], 1e3 * np.asarray(g["neighbour_ik_nA"]), ".",
                  color=color, ms=4, label=g["space"].split(", ", 1)[1])
    ax_x.axhline(0, color="k", lw=0.8)
    ax_x.set_xlabel("distance of the astrocyte's segment from the neuron's soma (um)")
    ax_x.set_ylabel("astrocyte K+ current per segment,\ntrain's end (pA, outward +)")
    ax_x.set_title("F  spatial buffering: K+ in near the neuron, out far from it", fontsize=10)
    ax_x.legend(fontsize=7, loc="lower right")


def figure(runs, ceiling):
    """A: [K+]o at the soma; B: its peak against the rate; C: profile; D: soma V; E, F: an
    astrocyte beside the neuron."""
    fig, (ax_k, ax_peak, ax_prof, ax_v, ax_gt, ax_gx) = new_figure(
        ncols=2, nrows=3, width_in=6.5, height_in=4.2, title=(
        "S7b extracellular K+ (NEURON rxd; alpha 0.2, lambda 1.6, a bath 30 um beyond the arbor):\n"
        "one firing interneuron raises [K+]o around its soma; it clears in tens of ms; one "
        "astrocyte takes a little up"))
    main = [r for r in runs if r["space"] == "alpha 0.2"]
    n = len(main)
    for i, r in enumerate(main):
        t = np.asarray(r["t_ms"])
        ax_k.plot(t, r["ko_soma_mM"], color=_color(i, n), lw=1.5, label=_label(r))
        ax_v.plot(t, r["v_soma_mV"], color=_color(i, n), lw=0.6, label=_label(r))
        ax_prof.plot(r["profile_r_um"], r["profile_end_train_mM"], "o-", ms=3,
                     color=_color(i, n), label=_label(r))
    sparse = [r for r in runs if r["space"] != "alpha 0.2" and "astrocyte" not in r["space"]]
    sealed = [r for r in runs if r["space"].startswith("sealed")]
    sparse = [r for r in sparse if r not in sealed]
    for r in sealed:
        ax_k.plot(r["t_ms"], r["ko_soma_mM"], color="0.4", ls="-.", lw=1.2,
                  label=f"{_label(r)}, sealed space (no bath)")
    for r in sparse:
        ax_k.plot(r["t_ms"], r["ko_soma_mM"], color="k", ls="--", lw=1.2,
                  label=f"{_label(r)}, alpha 0.1")
    far = max(main, key=lambda r: r["drive_x_rheobase"])
    ax_k.plot(far["t_ms"], far["ko_far_mM"], color=COLORS["theory"], lw=1.2,
              label=f"{_label(far)}: far dendrite tip ({far['far_path_um']:.0f} um)")
    ax_k.axhline(main[0]["ko_bath_mM"], color="0.5", lw=0.8, ls=":", label="bath")
    ax_k.set_xlabel(f"time (ms; the train from {main[0]['train_start_ms']:g} to "
                    f"{main[0]['train_end_ms']:g} ms)")
    ax_k.set_ylabel("[K+]o in the soma's voxel (mM)")
    ax_k.set_title("A  [K+]o at the soma rises within the train, falls mostly within ~100 ms "
                   "after", fontsize=10)
    top = max(max(r["ko_soma_mM"]) for r in main + sparse)
    ax_k.set_ylim(None, top + 0.6 * (top - main[0]["ko_bath_mM"]))  # room for the legend
    ax_k.legend(fontsize=7, loc="upper right", ncol=2)

    rates = [r["rate_Hz"] for r in main]
    ax_peak.plot(rates, [r["ko_soma_peak_mM"] for r in main], "o-", color=COLORS["k"],
                 label="peak [K+]o at the soma (alpha 0.2)")
    for r in sparse:
        ax_peak.plot(r["rate_Hz"], r["ko_soma_peak_mM"], "s", color="k", label="alpha 0.1")
    ax_peak.axhspan(ceiling.lo, ceiling.hi, color="0.85", zorder=0,
                    label="the ceiling in cortex, 10-12 mM (Heinemann & Lux 1977; paper not "
                          "read);\nnot scored: the soma voxel's [K+]o depends on the voxel "
                          "size (10 um here)")
    ax_peak.axhline(main[0]["ko_bath_mM"], color="0.5", lw=0.8, ls=":", label="bath")
    ax_peak.set_xlabel("mean firing rate during the train (Hz)")
    ax_peak.set_ylabel("peak [K+]o at the soma (mM)")
    ax_peak.set_title("B  one neuron's own ceiling against the tissue's", fontsize=10)
    ax_peak.legend(fontsize=7, loc="upper left")

    ax_prof.axhline(main[0]["ko_bath_mM"], color="0.5", lw=0.8, ls=":")
    ax_prof.set_xlabel("distance of the voxel's centre from the soma (um)")
    ax_prof.set_ylabel("[K+]o at the train's end, mean over a 10-um shell (mM)")
    ax_prof.set_title("C  the K+ stays within tens of um (the arbor spans ~130 um)", fontsize=10)
    ax_prof.legend(fontsize=7, loc="upper right")

    ax_v.set_xlabel("time (ms)")
    ax_v.set_ylabel("soma membrane potential (mV)")
    ax_v.set_title("D  the trains (soma V)", fontsize=10)
    ax_v.legend(fontsize=7, loc="lower right")
    _glia_panels(ax_gt, ax_gx, runs)
    return fig
