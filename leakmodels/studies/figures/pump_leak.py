"""Figure of the pump-leak study (S3 with Cl- and water): V and the volume after ouabain, run
four ways, the concentrations of the swelling cell, and the closed-form end states.
"""
from __future__ import annotations

import numpy as np

from ...spec import physics
from .plotting import COLORS, new_figure

STYLE = {  # run -> (colour, line style)
    "Na+ and K+ only": ("0.45", "-"),
    "Cl-, rigid (Pf = 0)": (COLORS["k"], "-"),
    "Cl- and water": (COLORS["na"], "-"),
    "Cl- and water, Pf / 10": (COLORS["na"], ":"),
    "Cl- and water, pump on": (COLORS["theory"], "-"),
}


def _hours(t_ms):
    keep = t_ms > 0
    return keep, t_ms[keep] / physics.MS_PER_H


def _v_panel(ax, downs, rigid, swell, v0, cell):
    for d in (d for d in downs if d["cell"] == cell):
        color, ls = STYLE[d["condition"]]
        keep, t_h = _hours(d["run"].t_ms)
        ax.semilogx(t_h, d["run"].v_mV[keep], color=color, ls=ls, lw=1.8, label=d["condition"])
    ax.axhline(rigid["v_mV"], color=COLORS["k"], lw=0.8, ls="--",
               label=f"closed form, rigid (Gibbs-Donnan): {rigid['v_mV']:.1f} mV")
    ax.axhline(swell["v_mV"], color=COLORS["na"], lw=0.8, ls="--",
               label=f"closed form, swelling: {abs(swell['v_mV']):.1f} mV")
    ax.axhline(v0, color="0.6", lw=0.8, ls="-.", label=f"before the block: {v0:.1f} mV")
    ax.set_xlabel("time after ouabain (h, log)")
    ax.set_ylabel("soma membrane potential (mV)")
    ax.set_xlim(1e-3, None)  # the jump to the leaks' GHK potential, in ms, is left of the axis
    ax.set_title(f"A  {cell}: V after ouabain, four models of the same cell", fontsize=10)
    ax.legend(fontsize=7, loc="center left")


def _volume_panel(ax, downs, swell, cells):
    for d in downs:
        run = d["run"]
        if run.volumes_um3 is None or d["condition"] == "Cl-, rigid (Pf = 0)":
            continue
        color, ls = STYLE[d["condition"]]
        keep, t_h = _hours(run.t_check_ms)
        lw = 2.0 if d["cell"] == cells[0] else 1.0
        ax.semilogx(t_h, run.volumes_um3[keep] / run.volumes_um3[0], color=color, ls=ls, lw=lw,
                    label=f"{d['cell']}: {d['condition']}")
    ax.axhline(swell["volume_ratio"], color=COLORS["na"], lw=0.8, ls="--",
               label=f"closed form: x {swell['volume_ratio']:.2f}")
    ax.set_xlabel("time after ouabain (h, log)")
    ax.set_ylabel("cell volume / volume before")
    ax.set_title("B  the cell takes up NaCl and water and swells\n(thick: "
                 f"{cells[0]}; thin: {', '.join(cells[1:])})", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")


def _concentration_panel(ax, downs, cell):
    d = next(d for d in downs if d["cell"] == cell and d["condition"] == "Cl- and water")
    rigid = next(d for d in downs if d["cell"] == cell and d["condition"].startswith("Cl-, rigid"))
    for run, ls, what in ((d["run"], "-", "swelling"), (rigid["run"], "--", "rigid")):
        keep, t_h = _hours(run.t_check_ms)
        for values, color, ion in ((run.mean_nai_mM, COLORS["na"], "[Na+]i"),
                                   (run.mean_ki_mM, COLORS["k"], "[K+]i"),
                                   (run.mean_cli_mM, COLORS["theory"], "[Cl-]i")):
            ax.semilogx(t_h, values[keep], color=color, ls=ls, lw=1.6, label=f"{ion}, {what}")
    ax.set_xlabel("time after ouabain (h, log)")
    ax.set_ylabel("volume-weighted mean concentration inside (mM)")
    ax.set_title(f"C  {cell}: NaCl comes in, K+ goes out (solid: swelling; dashed: rigid)",
                 fontsize=10)
    ax.legend(fontsize=7, loc="center left", ncol=2)


def _end_state_panel(ax, ends, downs, cells):
    ki = np.array(sorted({e["ki_start_mM"] for e in ends}))
    for swells, color, what in ((False, COLORS["k"], "rigid (volume held)"),
                                (True, COLORS["na"], "swelling (water follows)")):
        pts = sorted((e["impermeant_charge"], e["v_mV"]) for e in ends if e["swells"] == swells)
        ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", color=color, label=what)
    for d in downs:
        if d["condition"] in ("Cl-, rigid (Pf = 0)", "Cl- and water"):
            ax.plot(d["impermeant_charge"], d["run"].v_mV[-1], "x", color="k", ms=9, mew=1.5)
    ax.plot([], [], "x", color="k", ms=9, mew=1.5, label=f"simulated ends ({', '.join(cells)})")
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set_xlabel("mean charge of the impermeant solutes inside (per particle;\n"
                  f"set by Ki = {', '.join(f'{k:g}' for k in ki)} mM with Nai "
                  f"{ends[0]['nai_start_mM']:g}, Cli {ends[0]['cli_start_mM']:.3g})")
    ax.set_ylabel("V at the end state (mV)")
    ax.set_title("D  end states (closed form): a Donnan potential needs a held volume",
                 fontsize=10)
    ax.legend(fontsize=7, loc="center right")


def figure(downs, ends, v0, cells):
    """A: V of the first cell, four ways; B: volumes; C: concentrations; D: end states."""
    fig, axes = new_figure(ncols=2, nrows=2, width_in=6.5, height_in=4.4, title=(
        "S3 with Cl- and water: after ouabain a cell that can swell does, and ends near 0 mV; "
        "only a held volume keeps a Donnan potential"))
    first = ends[0]["ki_start_mM"]
    rigid, swell = (next(e for e in ends if e["ki_start_mM"] == first and e["swells"] == s)
                    for s in (False, True))
    _v_panel(axes[0], downs, rigid, swell, v0, cells[0])
    _volume_panel(axes[1], downs, swell, cells)
    _concentration_panel(axes[2], downs, cells[0])
    _end_state_panel(axes[3], ends, downs, cells)
    return fig
