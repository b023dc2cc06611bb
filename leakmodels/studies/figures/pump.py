"""Figure of the pump study (S3): the pump's balance of the leaks, its ATP cost, and the ouabain
run-down.
"""
from __future__ import annotations

import numpy as np

from ...mechanisms.catalogue import KDR, KLEAK, NAKPUMP, NALEAK, NAV
from ...spec import physics
from ...spec.reference_data import ATTWELL_LAUGHLIN_ATP_PER_S
from .plotting import COLORS, new_figure


def figure(steady, downs, hours):
    """Each cell's Na+ and K+ fluxes by mechanism at rest, its ATP cost beside the tissue range,
    and the ouabain run-down of V and concentrations over hours."""
    fig, axes = new_figure(ncols=2, nrows=2, width_in=6.5, height_in=4.4, title=(
        "S3: the Na+/K+ pump balances the leaks and costs ATP; after ouabain the gradients run "
        "down and V goes to 0 mV"))
    ax_i, ax_atp, ax_v, ax_c = axes
    labels = [("na", NALEAK.suffix, "Na+ leak"), ("na", NAKPUMP.suffix, "pump Na+"),
              ("na", NAV.suffix, NAV.suffix), ("na", "total", "net Na+"),
              ("k", KLEAK.suffix, "K+ leak"), ("k", NAKPUMP.suffix, "pump K+"),
              ("k", KDR.suffix, KDR.suffix), ("k", "total", "net K+")]
    x = np.arange(len(labels))
    width = 0.8 / len(steady)
    for j, s in enumerate(steady):
        dens = [s["currents_nA"][ion].get(m, 0.0) / s["area_um2"] * 1e6 for ion, m, _ in labels]
        ax_i.bar(x + (j - (len(steady) - 1) / 2) * width, dens, width,
                 color=COLORS.get(s["cell"], None), label=s["cell"])
    ax_i.axhline(0, color="k", lw=0.8)
    ax_i.set_xticks(x, [lab for *_, lab in labels], rotation=30, fontsize=8)
    ax_i.set_ylabel("membrane current density at rest (fA/um2, outward +)")
    ax_i.set_xlabel("current, by carrier (whole cell / membrane area)")
    ax_i.set_title("at rest the pump cancels each leak (3 Na+ : 2 K+)", fontsize=10)
    ax_i.legend(fontsize=8)
    ax_i.text(0.5, 0.04, "nav, kdr and the net currents are < 0.2 % of the pump's", ha="center",
              transform=ax_i.transAxes, fontsize=8)

    names = [s["cell"] for s in steady]
    vals = [s["atp_per_s"] for s in steady]
    ax_atp.bar(names, vals, color=[COLORS.get(n, "0.5") for n in names], zorder=2)
    ax_atp.set_yscale("log")
    # the published band sits behind the bars (zorder 0), outlined, so that no bar is hidden
    ax_atp.axhspan(ATTWELL_LAUGHLIN_ATP_PER_S.lo, ATTWELL_LAUGHLIN_ATP_PER_S.hi, fc="0.9",
                   ec="0.5", ls="--", lw=0.8, zorder=0,
                   label="Attwell & Laughlin 2001: 1e8-1e9 ATP/s per cortical neuron")
    for i, s in enumerate(steady):
        ax_atp.text(i, s["atp_per_s"] * 1.3, f"{s['atp_per_s']:.2g} ATP/s\n"
                    f"{s['atp_per_s'] / s['area_um2']:.3g} /s/um2\n{s['power_W']:.2g} W",
                    ha="center", va="bottom", fontsize=8, zorder=3,
                    bbox={"fc": "white", "ec": "none", "alpha": 0.8, "pad": 1})
    ax_atp.set_ylim(min(vals + [1e8]) / 10, max(vals) * 100)
    ax_atp.set_ylabel("pump ATP turnover at rest (ATP/s per cell)")
    ax_atp.set_xlabel("cell (text: per cell, per um2 of membrane, power)")
    ax_atp.set_title("cost of fighting the leaks (50 kJ/mol ATP)", fontsize=10)
    ax_atp.legend(fontsize=8, loc="upper left")

    for d in downs:
        run = d["run"]
        sph = d["cell"].startswith("sphere")
        key = next((n for n in names if n in d["cell"]), None)
        color = COLORS.get(key, "0.4")
        pos = run.t_ms > 0
        ax_v.semilogx(run.t_ms[pos] / physics.MS_PER_H, run.v_mV[pos], color=color, ls="--" if sph else "-",
                      lw=1.2 if sph else 2,
                      label=f"{d['cell']} (t1/2 {d['t_half_v_h'] * 60:.1f} min)")
        tc = run.t_check_ms > 0
        t_h = run.t_check_ms[tc] / physics.MS_PER_H
        if not sph:
            ax_c.semilogx(t_h, run.mean_nai_mM[tc], color=color, lw=2,
                          label=f"{d['cell']}: mean [Na+]i")
            ax_c.semilogx(t_h, run.mean_ki_mM[tc], color=color, lw=2, ls=":",
                          label=f"{d['cell']}: mean [K+]i")
    ax_v.axhline(0, color="k", lw=0.8)
    ax_v.axhline(downs[0]["v0_mV"], color="0.5", ls=":", lw=1,
                 label=f"before: Mullins-Noda {downs[0]['v0_mV']:.1f} mV")
    ax_v.axhline(downs[0]["v_ghk_mV"], color=COLORS["theory"], ls=":", lw=1,
                 label=f"GHK of the leaks, pump current gone: {downs[0]['v_ghk_mV']:.1f} mV")
    ax_v.set_xlim(left=1e-7)
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
        ax_v.text(0.98, 0.04, "\n".join(lines), transform=ax_v.transAxes, ha="right",
                  va="bottom", fontsize=8, bbox={"fc": "white", "ec": "0.7"})
    ax_v.set_xlabel(f"time after ouabain (h, log; run {hours:g} h)")
    ax_v.set_ylabel("soma membrane potential (mV)")
    ax_v.set_title("run-down (leaks only; dashed: sphere of equal volume/area)", fontsize=10)
    ax_v.legend(fontsize=7, loc="upper left")
    bath = downs[0]
    ax_c.axhline(bath["nao_mM"], color=COLORS["na"], lw=0.8, ls="--",
                 label=f"bath [Na+]o {bath['nao_mM']:g} mM")
    ax_c.axhline(bath["ko_mM"], color=COLORS["k"], lw=0.8, ls="--",
                 label=f"bath [K+]o {bath['ko_mM']:g} mM")
    ax_c.set_xlabel("time after ouabain (h, log)")
    ax_c.set_ylabel("volume-weighted mean concentration inside (mM)")
    ax_c.set_title("Na+ leaks in, K+ leaks out until Ki/Ko = Nai/Nao", fontsize=10)
    ax_c.legend(fontsize=7, loc="center left")
    return fig
