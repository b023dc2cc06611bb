"""Figure of the development study (S2): V_rest against PNa/PK on the GHK curve, with E_K and
E_Na and the mature range."""
from __future__ import annotations

from .plotting import COLORS, new_figure


def figure(table, base, ghk_curve: tuple, mature):
    """The simulated rests on the GHK voltage curve ghk_curve = (PNa/PK, V mV); base: the
    membrane (E_K, E_Na); mature: the mature PNa/PK range (a reference_data.Range)."""
    fig, (ax,) = new_figure(title="Development: more K+ leak takes V_rest from 0 mV towards E_K")
    dense, ghk = ghk_curve
    ax.semilogx(dense, ghk, color=COLORS["theory"], label="GHK voltage equation")
    ax.semilogx(table.pna_over_pk, table.v_rest_sim_mV, "o", color=COLORS["sim"],
                mfc="none", label="NEURON: kleak + naleak sphere")
    ax.axhline(base.ek_mV, color=COLORS["k"], ls="--", label=f"E_K = {base.ek_mV:.1f} mV")
    ax.axhline(base.ena_mV, color=COLORS["na"], ls="--", label=f"E_Na = {base.ena_mV:.1f} mV")
    ax.axvspan(mature.lo, mature.hi, color="0.85",
               label=f"mature PNa/PK {mature.lo:g}-{mature.hi:g}")
    ax.invert_xaxis()
    ax.set_xlabel("PNa / PK (log; K+ leak grows to the right)")
    ax.set_ylabel("resting potential (mV)")
    ax.legend(fontsize=8, loc="upper right")
    return fig
