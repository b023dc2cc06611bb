"""Figure of the glia study (S7b): the astrocyte's V_rest follows E_K as bath K+ changes, the
neuron's does not; its R_in beside cable theory. Owns the drawing only: rests and
depolarisation-block states (drawn apart, never joined to rests) come from the study's table.
"""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .plotting import COLORS, new_figure

BLOCK_MARKER = {"marker": "s", "ls": "none", "ms": 8, "mew": 1.5, "mfc": "white"}


def _rest_runs(g):
    """The cell's rows split into runs of consecutive resting (non-block) points, by Ko."""
    g = g.sort_values("ko_mM")
    run_id = np.cumsum(g.depolarisation_block.to_numpy())
    rest = g[~g.depolarisation_block]
    return [r for _, r in rest.groupby(run_id[~g.depolarisation_block.to_numpy()])]


def _draw(ax, g, y, color, *, join: bool, label: str):
    """Rest points of one cell (joined within each run of rests when join) and its block
    states as separate squares, never joined to the rests."""
    style = "o-" if join else "o"
    for k, run in enumerate(_rest_runs(g)):
        ax.plot(run.ko_mM, y(run), style, color=color, mfc="none",
                label=label if k == 0 else None)
    block = g[g.depolarisation_block]
    if len(block):
        ax.plot(block.ko_mM, y(block), color=color, mec=color, **BLOCK_MARKER)


def _legend_below(ax, handles=None, ncol=1):
    ax.legend(handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2),
              ncol=ncol, frameon=False)


def figure(table, slopes, nernst, *, astrocyte: str, neuron: str, interneuron: str,
           block_nav_h: float):
    """V_rest and E_K against Ko, V_rest - E_K, and R_in against cable theory; astrocyte,
    neuron, interneuron: the table's labels of the three cells (the last with spike channels);
    block_nav_h: the interneuron's depolarisation-block bound. slopes: each cell's slope of
    V_rest against log10 Ko, fitted by the study on its resting points only."""
    fig, axes = new_figure(3, 1, width_in=5.0, height_in=5.6,
                           title="Glia are K+ electrodes: the astrocyte's V_rest follows E_K as "
                                 "bath K+ changes; the neuron's does not")
    colors = {astrocyte: COLORS["glia"], neuron: COLORS["sim"],
              interneuron: COLORS["interneuron"]}
    ek = table.drop_duplicates("ko_mM").sort_values("ko_mM")
    any_block = bool(table.depolarisation_block.any())
    block_handle = Line2D([], [], color="0.3", mec="0.3", **BLOCK_MARKER,
                          label=f"depolarisation block (nav h < {block_nav_h:g}): not a rest, "
                                "not in the slope fit")

    ax = axes[0]
    ax.semilogx(ek.ko_mM, ek.ek_mV, "--", color=COLORS["k"],
                label=f"E_K (Nernst, {nernst:.1f} mV/decade)")
    for label, g in table.groupby("cell", sort=False):
        _draw(ax, g, lambda d: d.v_rest_mV, colors[label], join=False,
              label=f"{label}: {slopes[label]:.1f} mV/decade (rest points)")
        if label != interneuron:
            ax.semilogx(g.ko_mM, g.v_rest_theory_mV, "-", color=colors[label], lw=1)
    ax.plot([], [], "-", color="0.3", lw=1, label="thin line, in each cell's colour: its leak + "
                                                 "pump equation (passive cells; points not joined)")
    ax.set_xlabel("bath K+, Ko (mM, log)")
    ax.set_ylabel("resting potential (mV)")
    ax.set_title("A  steady V against bath K+", fontsize=9)
    handles, _ = ax.get_legend_handles_labels()
    _legend_below(ax, handles + ([block_handle] if any_block else []))

    ax = axes[1]
    for label, g in table.groupby("cell", sort=False):
        _draw(ax, g, lambda d: d.v_rest_mV - d.ek_mV, colors[label], join=True, label=label)
    ax.axhline(0, color=COLORS["k"], ls="--", lw=1, label="E_K")
    ax.set_xlabel("bath K+, Ko (mM, log)")
    ax.set_ylabel("V_rest - E_K (mV)")
    ax.set_title("B  distance from E_K (lines join rests only)", fontsize=9)
    handles, _ = ax.get_legend_handles_labels()
    _legend_below(ax, handles + ([block_handle] if any_block else []))

    ax = axes[2]
    for label, g in table.groupby("cell", sort=False):
        _draw(ax, g, lambda d: d.rin_MOhm, colors[label], join=False, label=label)
        if g.rin_theory_MOhm.notna().any():
            ax.plot(g.ko_mM, g.rin_theory_MOhm, "-", color=colors[label], lw=1)
    ax.plot([], [], "-", color="0.3", lw=1, label="thin line, in each cell's colour: cable "
                                                 "(astrocyte) / sphere (neuron) theory")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("bath K+, Ko (mM, log)")
    ax.set_ylabel("input resistance (MOhm, log)")
    ax.set_title("C  R_in against bath K+", fontsize=9)
    handles, _ = ax.get_legend_handles_labels()
    _legend_below(ax, handles + ([block_handle] if any_block else []))
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xticks(list(ek.ko_mM), [f"{k:g}" for k in ek.ko_mM])
        ax.minorticks_off()
    return fig
