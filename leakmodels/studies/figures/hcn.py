"""Figure of the hcn study (S6): Ih is not a leak (I-V, activation and cAMP, sag and rebound, R_in
against holding potential).
"""
from __future__ import annotations

import numpy as np

from ...measure.classify import boltzmann, ohmic_chord_S_cm2
from ...mechanisms.catalogue import HCN, KLEAK
from .plotting import COLORS, new_figure

INDEX_FLOOR = 1e-12  # classifier indices below this are numerical error: shown as "< floor"
DENSITY_UNITS = {"gbar": " S/cm2", "pbar": " cm/s", "g": " S/cm2"}


def figure(cls, fits, cells, ghcn_S_cm2, camp_shift_mV, *, voltage_tol: float):
    """The clamped I-V of kleak and hcn, their chord quantities with Boltzmann fits, the
    classifier's indices, the sag of one step, and R_in against the holding potential."""
    fig, axes = new_figure(3, 2, width_in=5.2, height_in=4.0,
                           title="HCN is an impostor leak: its open probability depends on voltage, "
                                 "time and cAMP; a leak's does not")
    colors = {HCN.suffix: COLORS["na"], KLEAK.suffix: COLORS["k"], "hcn + cAMP": "#ff7f0e",
              "no hcn": COLORS["sim"]}
    ax = axes[0]
    for name in (KLEAK.suffix, HCN.suffix):
        iv = cls[name].iv
        density = ", ".join(f"{k} {v:g}{DENSITY_UNITS.get(k, '')}" for k, v in cls[name].params
                            if k in DENSITY_UNITS)
        ax.plot(iv.v_mV, iv.i_ss_mA_cm2 * 1e3, "o-", color=colors[name],
                label=f"{name} ({density}): steady")
        ax.plot(iv.v_mV, iv.i_inst_mA_cm2 * 1e3, "--", color=colors[name],
                label=f"{name}: instantaneous, on a step from {iv.v_hold_mV:g} mV")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set_xlabel("clamped potential (mV)")
    ax.set_ylabel("membrane current density (uA/cm2, outward +)")
    ax.set_title("A  voltage clamp of a sphere with one mechanism (test densities)", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")

    ax = axes[1]
    vv = np.linspace(-135, 35, 200)
    ax.plot(cls[KLEAK.suffix].iv.v_mV, cls[KLEAK.suffix].chord_rel, "o-", color=colors[KLEAK.suffix],
            label="kleak: chord permeability I/GHK factor")
    hc = cls[HCN.suffix]
    for label, iv, col in (("control", hc.iv, colors[HCN.suffix]), ("cAMP", hc.modulated_iv, colors["hcn + cAMP"])):
        gmax, vh, k = fits[label]
        ax.plot(iv.v_mV, ohmic_chord_S_cm2(iv, hc.e_rev_inst_mV) / fits["control"][0], "o", color=col,
                label=f"hcn {label}: chord conductance I/(V-E_h)")
        ax.plot(vv, boltzmann(vv, gmax, vh, k) / fits["control"][0], "-", color=col, lw=1,
                label=f"Boltzmann fit V1/2 = {vh:.1f} mV, k = {k:.1f} mV")
    ax.set_xlabel("clamped potential (mV)")
    ax.set_ylabel("chord quantity / its maximum")
    ax.set_title("B  driving force removed: open probability", fontsize=9)
    ax.legend(fontsize=7)

    ax = axes[2]
    names = list(cls)
    x = np.arange(len(names))
    for dx, attr, col, label in ((-0.15, "voltage_index", COLORS["k"], "voltage index"),
                                 (0.15, "time_index", "#ff7f0e", "time index")):
        vals = np.array([getattr(cls[n], attr) for n in names], float)
        high = vals >= INDEX_FLOOR
        ax.plot(x[high] + dx, vals[high], "o", color=col, ms=7, label=label)
        # at numerical error (a leak): drawn on the floor as an upper bound, not as a value
        ax.plot(x[~high] + dx, np.full((~high).sum(), INDEX_FLOOR), "v", color=col, ms=7,
                mfc="none", label=f"{label} < {INDEX_FLOOR:g} (numerical floor)"
                if (~high).any() else None)
    ax.axhline(voltage_tol, color="k", ls="--", lw=1, label=f"leak tolerance {voltage_tol:g}")
    ax.axhline(INDEX_FLOOR, color="0.6", ls=":", lw=1)
    ax.text(len(names) - 0.5, INDEX_FLOOR * 2, f"< {INDEX_FLOOR:g}", ha="right", va="bottom",
            fontsize=7, color="0.4")
    ax.set_yscale("log")
    ax.set_ylim(INDEX_FLOOR / 20, 1e6)
    ax.set_xlim(-0.5, len(names) - 0.5)
    ax.set_xticks(x, [f"{n}\n{'LEAK' if cls[n].is_leak else 'not leak'}" for n in names], fontsize=8)
    ax.set_xlabel("mechanism and verdict")
    ax.set_ylabel("classifier index (dimensionless, log)")
    ax.set_title("C  classifier: measured indices and verdicts", fontsize=9)
    ax.text(0.02, 0.98, "voltage index: spread (max - min)/|median| of the chord conductance\n"
            "  or permeability (current / driving force), -130...+30 mV\n"
            "time index: largest |I(t) - I_steady| after a step / largest |I|",
            transform=ax.transAxes, ha="left", va="top", fontsize=6.5,
            bbox={"boxstyle": "round", "fc": "white", "ec": "0.7", "alpha": 0.9})
    ax.legend(fontsize=6.5, loc="center left")

    ax = axes[3]
    for label, c in cells.items():
        s = c["sag"]
        reb = "rebound spike" if s.v_rebound_mV > 0 else f"rebound {s.rebound_mV:+.1f} mV"
        ax.plot(s.t_ms, s.v_mV, color=colors[label], lw=1,
                label=f"{label}: sag ratio {s.sag_ratio:.2f}, {reb}")
    lo = min(c["sag"].v_min_mV for c in cells.values())
    top = -40.0
    ax.set_ylim(lo - 12, top)
    clipped = any(np.nanmax(c["sag"].v_mV) > top for c in cells.values())
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("soma potential (mV" + (f"; clipped at {top:g} mV)" if clipped else ")"))
    ax.set_title(f"D  the same {cells[HCN.suffix]['sag'].amp_nA * 1e3:.0f} pA step, interneuron, "
                 f"gh = {ghcn_S_cm2 * 1e3:g} mS/cm2", fontsize=9)
    ax.legend(fontsize=7, loc="upper right")

    ax = axes[4]
    for label, c in cells.items():
        hold = sorted(c["hold"])
        ax.plot([p[0] for p in hold], [p[1] for p in hold], "o-", color=colors[label], label=label)
        ax.plot(c["v_rest_mV"], c["rin_MOhm"], "*", ms=12, color=colors[label])
    ax.set_xlabel("holding potential (mV)")
    ax.set_ylabel("DC input resistance (MOhm)")
    ax.set_title("E  R_in (+/-0.01 mV steady solves) against holding potential; star: at rest", fontsize=9)
    ax.legend(fontsize=7)

    ax = axes[5]
    labels = list(cells)
    vr = [cells[lb]["v_rest_mV"] for lb in labels]
    rin = [cells[lb]["rin_MOhm"] for lb in labels]
    for lb, x, y in zip(labels, vr, rin):  # three separate cells: points, not a curve
        ax.plot(x, y, "o", ms=10, color=colors[lb], label=f"{lb}: {x:.1f} mV, {y:.0f} MOhm")
    ax.set_xlim(min(vr) - 2, max(vr) + 2)
    ax.set_ylim(min(rin) * 0.9, max(rin) * 1.1)
    ax.set_xlabel("resting potential (mV)")
    ax.set_ylabel("input resistance at rest (MOhm)")
    ax.set_title(f"F  Ih, then cAMP (+{camp_shift_mV:g} mV): depolarised, lower R_in", fontsize=9)
    ax.legend(fontsize=7)
    return fig
