"""Figure of the pump study (S3): the pump's balance of the leaks, its ATP cost, and the ouabain
run-down (V and the mean concentrations on one time axis).
"""
from __future__ import annotations

import numpy as np

from ...mechanisms.catalogue import KDR, KLEAK, NAKPUMP, NALEAK, NAV
from ...spec import physics
from ...spec.reference_data import ATTWELL_LAUGHLIN_ATP_PER_S
from .plotting import COLORS, new_figure

# drawn as bars: the leaks and the pump; printed as numbers: the currents too small to see
DRAWN = [("na", NALEAK.suffix, "Na+ leak"), ("na", NAKPUMP.suffix, "pump Na+"),
         ("k", KLEAK.suffix, "K+ leak"), ("k", NAKPUMP.suffix, "pump K+")]
PRINTED = [("na", NAV.suffix, f"{NAV.suffix} (Na+)"), ("na", "total", "net Na+"),
           ("k", KDR.suffix, f"{KDR.suffix} (K+)"), ("k", "total", "net K+")]


def _density_fA_um2(s, ion, mech):
    return s["currents_nA"][ion].get(mech, 0.0) / s["area_um2"] * 1e6


def _balance_panel(ax, steady):
    x = np.arange(len(DRAWN))
    width = 0.8 / len(steady)
    for j, s in enumerate(steady):
        ax.bar(x + (j - (len(steady) - 1) / 2) * width,
               [_density_fA_um2(s, ion, m) for ion, m, _ in DRAWN], width,
               color=COLORS.get(s["cell"], None), label=s["cell"])
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xticks(x, [lab for *_, lab in DRAWN], fontsize=8)
    ax.set_ylabel("membrane current density at rest (fA/um2, outward +)")
    ax.set_xlabel("current, by carrier (whole cell / membrane area)")
    ax.set_title("A  at rest the pump cancels each leak (3 Na+ : 2 K+)", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    rows = ["too small to draw (fA/um2)", f"{'':9}" + "".join(f"{s['cell']:>12}" for s in steady)]
    for ion, m, lab in PRINTED:
        rows.append(f"{lab:9}" + "".join(f"{_density_fA_um2(s, ion, m):>12.2g}" for s in steady))
    ax.text(0.5, 0.03, "\n".join(rows), transform=ax.transAxes, ha="center", va="bottom",
            fontsize=7, family="monospace", bbox={"fc": "white", "ec": "0.7"})


def _cost_panel(ax, steady):
    names = [s["cell"] for s in steady]
    vals = [s["atp_per_s"] for s in steady]
    ax.axhspan(ATTWELL_LAUGHLIN_ATP_PER_S.lo, ATTWELL_LAUGHLIN_ATP_PER_S.hi, fc="0.9",
               ec="0.5", ls="--", lw=0.8, zorder=0,
               label="Attwell & Laughlin 2001: 1e8-1e9 ATP/s per cortical neuron")
    for i, (n, v) in enumerate(zip(names, vals)):
        ax.plot(i, v, "o", ms=11, color=COLORS.get(n, "0.5"), mec="k", zorder=3,
                label=f"{n}: model")
    for i, s in enumerate(steady):
        ax.text(i + 0.08, s["atp_per_s"], f"{s['atp_per_s']:.2g} ATP/s\n"
                f"{s['atp_per_s'] / s['area_um2']:.3g} /s/um2\n{s['power_W']:.2g} W",
                ha="left", va="center", fontsize=8, zorder=3,
                bbox={"fc": "white", "ec": "none", "alpha": 0.8, "pad": 1})
    ax.set_yscale("log")
    ax.set_xticks(range(len(names)), names)
    ax.set_xlim(-0.5, len(names) - 0.2)
    ax.set_ylim(min(vals + [1e8]) / 10, max(vals) * 100)
    ax.set_ylabel("pump ATP turnover at rest (ATP/s per cell)")
    ax.set_xlabel("cell (text: per cell, per um2 of membrane, power)")
    if "interneuron" in names:
        budget = steady[names.index("interneuron")]["budget"]
        ax.text(0.02, 0.52, "a cortex of such interneurons (9.2e7 per cm3):\n"
                f"{budget['resting_atp_umol_g_min']:.2g} umol ATP/g/min at rest, "
                f"{100 * budget['share_of_cortex_total']:.1f} % of the cortex's 30\n"
                "(published share of resting potentials: 13-20 %)", transform=ax.transAxes,
                ha="left", va="top", fontsize=8, bbox={"fc": "white", "ec": "0.7"})
    ax.set_title("B  cost of fighting the leaks (50 kJ/mol ATP)", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")


def _mark_shoulder(ax, run, name):
    """Mark the cell's shoulder, if it has one: a flattest point (per decade of time) of V
    inside -40...-20 mV, not at its edge (V resampled to 100 points per decade). True if
    marked."""
    pos = run.t_ms > 0
    log_t = np.log10(run.t_ms[pos] / physics.MS_PER_H)
    grid = np.arange(log_t[0], log_t[-1], 0.01)
    v = np.interp(grid, log_t, run.v_mV[pos])
    sel = np.flatnonzero((v > -40.0) & (v < -20.0))
    if sel.size < 3:
        return False
    k = int(np.argmin(np.gradient(v, grid)[sel]))
    if k in (0, sel.size - 1):  # V steepens through the window: a plain sigmoid, no shoulder
        return False
    i = sel[k]
    ax.annotate(f"{name}'s shoulder near {v[i]:.0f} mV: its thin\ndendrites (small vol/area, "
                "most of the\nmembrane) have run down first; the\nthicker soma and branches "
                "follow", (10 ** grid[i], v[i]), xytext=(0.03, 0.95), textcoords="axes fraction",
                fontsize=7.5, ha="left", va="top",
                arrowprops={"arrowstyle": "->", "color": "k", "lw": 1.0, "shrinkB": 2})
    return True


def _rundown_panels(ax_v, ax_c, downs, names, hours):
    t_lo = []
    for d in downs:
        run = d["run"]
        sph = d["cell"].startswith("sphere")
        key = next((n for n in names if n in d["cell"]), None)
        color = COLORS.get(key, "0.4")
        pos = run.t_ms > 0
        ax_v.semilogx(run.t_ms[pos] / physics.MS_PER_H, run.v_mV[pos], color=color,
                      ls="--" if sph else "-", lw=1.2 if sph else 2,
                      label=f"{d['cell']} (t1/2 {d['t_half_v_h'] * 60:.1f} min)")
        tc = run.t_check_ms > 0
        t_h = run.t_check_ms[tc] / physics.MS_PER_H
        t_lo.append(t_h[0])
        if not sph:
            ax_c.semilogx(t_h, run.mean_nai_mM[tc], color=color, lw=2,
                          label=f"{d['cell']}: mean [Na+]i")
            ax_c.semilogx(t_h, run.mean_ki_mM[tc], color=color, lw=2, ls=":",
                          label=f"{d['cell']}: mean [K+]i")
    # one time axis for both: from the first whole-cell sample of the concentrations
    for ax in (ax_v, ax_c):
        ax.set_xlim(0.8 * min(t_lo), 1.5 * hours)
    first = downs[0]
    ax_v.axhline(0, color="k", lw=0.8)
    ax_v.axhline(first["v0_mV"], color="0.5", ls=":", lw=1,
                 label=f"before: Mullins-Noda {first['v0_mV']:.1f} mV")
    ax_v.axhline(first["v_ghk_mV"], color=COLORS["theory"], ls=":", lw=1,
                 label=f"GHK of the leaks (pump current gone): {first['v_ghk_mV']:.1f} mV,\n"
                       "reached ~10 ms after the block (left of axis)")
    for d in (d for d in downs if d["cell"] in names):  # the first real cell with a shoulder
        if _mark_shoulder(ax_v, d["run"], d["cell"]):
            break
    real = [d for d in downs if d["cell"] in names[:2]]
    if len(real) == 2:
        spheres = [d for d in downs if d["cell"] in (f"sphere, vol/area of {n}" for n in names[:2])]
        lines = [f"{real[1]['cell']} / {real[0]['cell']}:",
                 f"vol/area ratio {real[1]['vol_area_um'] / real[0]['vol_area_um']:.2f}",
                 f"t1/2(V) ratio {real[1]['t_half_v_h'] / real[0]['t_half_v_h']:.2f}",
                 f"t1/2(mean Nai) ratio {real[1]['t_half_na_h'] / real[0]['t_half_na_h']:.2f}"]
        if len(spheres) == 2:
            ratio = spheres[1]["t_half_v_h"] / spheres[0]["t_half_v_h"]
            lines.append(f"spheres t1/2(V) ratio {ratio:.2f}")
        ax_v.text(0.03, 0.72, "\n".join(lines), transform=ax_v.transAxes, ha="left",
                  va="top", fontsize=8, bbox={"fc": "white", "ec": "0.7"})
    ax_v.set_xlabel(f"time after ouabain (h, log; run {hours:g} h)")
    ax_v.set_ylabel("soma membrane potential (mV)")
    ax_v.set_title("C  run-down of V (leaks only; dashed: sphere of equal volume/area)",
                   fontsize=10)
    ax_v.legend(fontsize=7, loc="lower right")
    ax_c.axhline(first["nao_mM"], color=COLORS["na"], lw=0.8, ls="--",
                 label=f"bath [Na+]o {first['nao_mM']:g} mM")
    ax_c.axhline(first["ko_mM"], color=COLORS["k"], lw=0.8, ls="--",
                 label=f"bath [K+]o {first['ko_mM']:g} mM")
    ax_c.set_xlabel(f"time after ouabain (h, log; run {hours:g} h)")
    ax_c.set_ylabel("volume-weighted mean concentration inside (mM)")
    ax_c.set_title("D  Na+ leaks in, K+ leaks out until Ki/Ko = Nai/Nao", fontsize=10)
    ax_c.legend(fontsize=7, loc="center left")


def figure(steady, downs, hours):
    """Each cell's Na+ and K+ fluxes by mechanism at rest, its ATP cost beside the tissue range,
    and the ouabain run-down of V and concentrations over hours."""
    fig, axes = new_figure(ncols=2, nrows=2, width_in=6.5, height_in=4.4, title=(
        "S3: the Na+/K+ pump balances the leaks and costs ATP; after ouabain the gradients run "
        "down and V goes to 0 mV"))
    ax_i, ax_atp, ax_v, ax_c = axes
    _balance_panel(ax_i, steady)
    _cost_panel(ax_atp, steady)
    _rundown_panels(ax_v, ax_c, downs, [s["cell"] for s in steady], hours)
    return fig
