"""Figure of the sentinels study (S7c): TASK reports pH, TREK reports temperature."""
from __future__ import annotations

import numpy as np

from .plotting import COLORS, new_figure


def figure(table, pK, n_hill, fold, trek_share, ratio, *, open_fraction: dict, trek: str,
           trek_no_pump: str, grid=None, q10_target=None):
    """Per sweep (pH, temperature): the open fraction (open_fraction: {column: (x, fraction)},
    the model's curves), V_rest, R_in and rheobase; `trek` and `trek_no_pump` are the table's
    labels of the temperature sweeps with the pump's Q10 and without."""
    fig, axes = new_figure(4, 3 if grid is not None else 2, width_in=4.2, height_in=3.6,
                           title="Sentinels: acid closes TASK (depolarises, excites); warmth opens "
                                 "TREK (hyperpolarises, lowers R_in); interneuron, pump density fixed")
    sweeps = (("pH (TASK)", "pHo", "extracellular pH", COLORS["na"]),
              (trek, "celsius_degC", "temperature (degC)", COLORS["k"]))
    for r, (which, col, xlabel, color) in enumerate(sweeps):
        d = table[table.sweep == which].sort_values(col)
        # a rest from which no step fires the cell (rheobase NaN) is depolarisation block
        block = d[(d.spont_rate_Hz == 0) & ~np.isfinite(d.rheobase_nA)]
        rest = d[(d.spont_rate_Hz == 0) & np.isfinite(d.rheobase_nA)]
        fires = d[d.spont_rate_Hz > 0]
        ax = axes[4 * r]
        if col == "pHo":
            ax.plot(*open_fraction[col], color=color,
                    label=f"1/(1+10^({n_hill:.2f}({pK:.2f}-pHo))), Duprat 1997")
            ax.axvline(pK, color="0.6", ls=":", label=f"pK {pK:.2f}")
            ax.set_title("A  TASK open fraction (kleak fopen)", fontsize=9)
        else:
            ax.plot(*open_fraction[col], color=color,
                    label=f"{1 - trek_share:.2f} fixed + {trek_share:.2f} TREK ({fold:g}-fold "
                          f"per 10 degC)\nTREK alone clamped at 0 mV: I(42)/I(32) = {ratio:.2f}")
            ax.set_title("E  K+ leak open fraction (kleak fopen)", fontsize=9)
        ax.plot(d[col], d.kleak_fopen, "o", color=color, mfc="none", label="states simulated")
        ax.set_ylabel("open fraction")
        ax.legend(fontsize=7)
        panels = (("v_rest_mV", "resting potential (mV)", "V_rest"),
                  ("rin_MOhm", "input resistance (MOhm)", "R_in"),
                  ("rheobase_nA", "500-ms rheobase (pA)", "rheobase"))
        for k, (ycol, ylabel, name) in enumerate(panels, start=1):
            ax = axes[4 * r + k]
            scale = 1e3 if ycol == "rheobase_nA" else 1.0
            ax.plot(rest[col], rest[ycol] * scale, "o-", color=COLORS["sim"],
                    label="NEURON interneuron" + (" (pump Q10 2.7)" if which == trek else ""))
            if which == trek:  # the same sweep with the pump held at its 37 degC rate
                held = table[(table.sweep == trek_no_pump) & (table.spont_rate_Hz == 0)]
                held = held.sort_values(col)
                ax.plot(held[col], held[ycol] * scale, "s--", color="0.5", ms=4, mfc="none",
                        label="pump at its 37 degC rate (Q10 1)")
            if ycol == "v_rest_mV":
                ax.plot(d[col], d.v_rest_theory_mV, "-", color=COLORS["theory"], lw=1,
                        label="leak + fixed pump equation")
                ax.plot(d[col], d.ek_mV, ":", color=COLORS["k"], label="E_K")
            if len(block) and ycol != "rheobase_nA":
                ax.plot(block[col], block[ycol] * scale, "D", color=COLORS["na"], mfc="none",
                        label="depolarisation block (no step fires it)")
            if len(fires) and ycol == "rheobase_nA":
                ax.plot(fires[col], fires[ycol] * scale, "x", color=COLORS["na"], ms=9,
                        label="fires with no input (rheobase 0)")
            elif len(fires):  # no rest to draw: say where
                ax.text(0.02, 0.02, "fires with no input at "
                        + ", ".join(f"{x:g}" for x in fires[col])
                        + (" (pump Q10 2.7)" if which == trek else ""), transform=ax.transAxes,
                        fontsize=7, color=COLORS["na"])
            letter = "ABCD"[k] if r == 0 else "EFGH"[k]
            ax.set_title(f"{letter}  {name}", fontsize=9)
            ax.set_ylabel(ylabel)
            ax.legend(fontsize=7)
        pad = 0.04 * (d[col].max() - d[col].min())
        for ax in axes[4 * r: 4 * r + 4]:
            ax.set_xlabel(xlabel)
            ax.set_xlim(d[col].min() - pad, d[col].max() + pad)
    if grid is not None:
        _grid_panels(axes[8:], grid, trek_share, q10_target)
    return fig


def _grid_panels(axes, grid, trek_share, q10_target):
    """I: the conductance Q10 over TREK shares (where the cell rests at both temperatures),
    against the published one; J: R_in at the two temperatures; the rest left empty."""
    lo, hi = float(grid.celsius_lo_degC.iloc[0]), float(grid.celsius_hi_degC.iloc[0])
    rests = grid[np.isfinite(grid.conductance_q10)]
    fires = grid[~np.isfinite(grid.conductance_q10)]
    ax = axes[0]
    ax.plot(rests.trek_share, rests.conductance_q10, "o-", color=COLORS["sim"],
            label=f"NEURON interneuron, 1/R_in between {lo:g} and {hi:g} degC")
    if q10_target is not None:
        ax.axhspan(0.75 * q10_target.value, 1.25 * q10_target.value, color=COLORS["k"],
                   alpha=0.15, label=f"Trevelyan & Jack 2002: {q10_target.value:g} (+-25 %)")
    for state, marker, what in (("fires", "x", "fires with no input"),
                                ("unstable", "+", "no stable rest"),
                                ("block", "D", "depolarisation block")):
        at = fires[fires.state_lo == state]
        if len(at):
            ax.plot(at.trek_share, np.zeros(len(at)), marker, color=COLORS["na"], mfc="none",
                    label=f"{what} at {lo:g} degC (no R_in)")
    ax.axvline(trek_share, color="0.5", ls=":", label=f"share used ({trek_share:g}, DRG)")
    ax.set_xlabel("TREK share of the K+ leak at 37 degC")
    ax.set_ylabel("conductance Q10")
    ax.set_title("I  conductance Q10 against TREK share", fontsize=9)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    ax = axes[1]
    for col, t, style in (("rin_lo_MOhm", lo, "o-"), ("rin_hi_MOhm", hi, "s--")):
        ok = np.isfinite(grid[col])
        ax.plot(grid.trek_share[ok], grid[col][ok], style, color=COLORS["sim"], mfc="none",
                label=f"R_in at {t:g} degC (where it rests)")
    ax.set_xlabel("TREK share of the K+ leak at 37 degC")
    ax.set_ylabel("input resistance (MOhm)")
    ax.set_title("J  R_in at the two temperatures", fontsize=9)
    ax.legend(fontsize=7)
    for ax in axes[2:]:
        ax.axis("off")
