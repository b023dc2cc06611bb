"""Figure of the cells study: the default cells' responses to steps around rheobase, and
their f-I relations beside the cat motoneurons' minimum rates."""
from __future__ import annotations

from ...spec import reference_data as ref
from .plotting import COLORS, new_figure


def figure(cells_table, fi, traces: dict, fi_step_ms: float):
    """One panel per cell (traces: {cell: [(multiple of rheobase, t_ms, v_mV), ...]}) and one
    of the f-I points `fi` (steady rate and first interval against current / rheobase)."""
    fig, axes = new_figure(ncols=len(traces) + 1,
                           title="Default cells: steps at -0.5, 0.95 and 1.05 x rheobase; f-I")
    for ax, (name, runs) in zip(axes, traces.items()):
        for k, t, v in runs:
            ax.plot(t, v, lw=1, label=f"{k:+.2f} x rheobase")
        r = cells_table.set_index("cell").loc[name]
        ax.set_title(f"{name}: R_in {r.rin_MOhm:.3g} MOhm, rheobase {r.rheobase_nA:.3g} nA",
                     fontsize=9, color=COLORS.get(name, "k"))
        ax.set_xlabel("time (ms)")
        ax.set_ylabel("somatic membrane potential (mV)")
        ax.legend(fontsize=8)
    ax = axes[len(traces)]
    for name, g in fi.groupby("cell", sort=False):
        r = cells_table.set_index("cell").loc[name]
        ax.plot(g.amp_over_rheobase, g.steady_rate_Hz, "o-", color=COLORS.get(name, "k"),
                label=f"{name}: steady (min {r.min_steady_rate_Hz:.0f} Hz, AHP "
                      f"{r.ahp_duration_ms:.0f} ms)")
        ax.plot(g.amp_over_rheobase, g.first_rate_Hz, ":", color=COLORS.get(name, "k"),
                label=f"{name}: first interval")
    mn = ref.CAT_MN_MIN_RATE_HZ
    ax.axhspan(mn.lo, mn.hi, fc="none", ec=COLORS.get("motoneuron", "k"), ls="--",
               label=f"cat motoneurons start at {mn.lo:g}-{mn.hi:g} Hz")
    ax.set_xlabel(f"step current / rheobase ({fi_step_ms:g}-ms steps)")
    ax.set_ylabel("firing rate (Hz)")
    ax.set_title("f-I: steady rate (2nd half of the step) and first interval", fontsize=9)
    ax.legend(fontsize=7)
    return fig
