"""Figure of the glia study (S7b): the astrocyte's V_rest follows E_K as bath K+ changes, the
neuron's does not; its R_in beside cable theory.
"""
from __future__ import annotations

from .plotting import COLORS, new_figure


def figure(table, slopes, nernst, *, astrocyte: str, neuron: str, interneuron: str,
           block_nav_h: float):
    """V_rest and E_K against Ko, V_rest - E_K, and R_in against cable theory; astrocyte,
    neuron, interneuron: the table's labels of the three cells (the last with spike channels);
    block_nav_h: the interneuron's depolarisation-block bound."""
    fig, axes = new_figure(3, 1, width_in=5.0, height_in=4.3,
                           title="Glia are K+ electrodes: the astrocyte's V_rest follows E_K as "
                                 "bath K+ changes; the neuron's does not")
    colors = {astrocyte: COLORS["glia"], neuron: COLORS["sim"],
              interneuron: COLORS["interneuron"]}
    ek = table.drop_duplicates("ko_mM").sort_values("ko_mM")
    ax = axes[0]
    ax.semilogx(ek.ko_mM, ek.ek_mV, "--", color=COLORS["k"],
                label=f"E_K (Nernst, {nernst:.1f} mV/decade)")
    for label, g in table.groupby("cell", sort=False):
        rest, block = g[~g.depolarisation_block], g[g.depolarisation_block]
        ax.semilogx(rest.ko_mM, rest.v_rest_mV, "o", color=colors[label], mfc="none",
                    label=f"{label}: {slopes[label]:.1f} mV/decade")
        if len(block):
            ax.semilogx(block.ko_mM, block.v_rest_mV, "s", color=colors[label], ms=7,
                        label=f"{label}: depolarisation block (nav h < {block_nav_h:g}), not rest")
        if label != interneuron:
            ax.semilogx(g.ko_mM, g.v_rest_theory_mV, "-", color=colors[label], lw=1)
    ax.set_xlabel("bath K+, Ko (mM, log)")
    ax.set_ylabel("resting potential (mV)")
    ax.set_title("A  steady V (lines: leak + pump equation; squares: block)", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    ax = axes[1]
    for label, g in table.groupby("cell", sort=False):
        ax.semilogx(g.ko_mM, g.v_rest_mV - g.ek_mV, "o-", color=colors[label], label=label)
        block = g[g.depolarisation_block]
        if len(block):
            ax.semilogx(block.ko_mM, block.v_rest_mV - block.ek_mV, "s", color=colors[label],
                        ms=7, label=f"{label}: depolarisation block")
    ax.axhline(0, color=COLORS["k"], ls="--", lw=1, label="E_K")
    ax.set_xlabel("bath K+, Ko (mM, log)")
    ax.set_ylabel("V_rest - E_K (mV)")
    ax.set_title("B  distance from E_K", fontsize=9)
    ax.legend(fontsize=7)
    ax = axes[2]
    for label, g in table.groupby("cell", sort=False):
        ax.loglog(g.ko_mM, g.rin_MOhm, "o", color=colors[label], mfc="none", label=label)
        block = g[g.depolarisation_block]
        if len(block):
            ax.loglog(block.ko_mM, block.rin_MOhm, "s", color=colors[label], ms=7,
                      label=f"{label}: depolarisation block")
        if g.rin_theory_MOhm.notna().any():
            ax.loglog(g.ko_mM, g.rin_theory_MOhm, "-", color=colors[label], lw=1)
    ax.set_xlabel("bath K+, Ko (mM, log)")
    ax.set_ylabel("input resistance (MOhm, log)")
    ax.set_title("C  R_in (lines: cable / sphere theory)", fontsize=9)
    ax.legend(fontsize=7)
    for ax in axes:
        ax.set_xticks(list(ek.ko_mM), [f"{k:g}" for k in ek.ko_mM])
        ax.minorticks_off()
    return fig
