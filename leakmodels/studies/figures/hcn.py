"""Figure of the hcn study (S6): Ih is not a leak (I-V, activation and cAMP, sag and rebound, R_in
against holding potential).
"""
from __future__ import annotations

import numpy as np

from ...measure.classify import boltzmann, ohmic_chord_S_cm2
from ...mechanisms.catalogue import HCN, KLEAK
from .plotting import COLORS, new_figure


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
        scale = np.abs(iv.i_ss_mA_cm2).max()
        ax.plot(iv.v_mV, iv.i_ss_mA_cm2 / scale, "o-", color=colors[name], label=f"{name} steady")
        ax.plot(iv.v_mV, iv.i_inst_mA_cm2 / scale, "--", color=colors[name],
                label=f"{name} instantaneous, on a step from {iv.v_hold_mV:g} mV")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set_xlabel("clamped potential (mV)")
    ax.set_ylabel("current / max |steady current|")
    ax.set_title("A  voltage clamp of a sphere with one mechanism", fontsize=9)
    ax.legend(fontsize=7)

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
    ax.bar(x - 0.2, [max(cls[n].voltage_index, 1e-14) for n in names], 0.4, label="voltage index")
    ax.bar(x + 0.2, [max(cls[n].time_index, 1e-14) for n in names], 0.4, label="time index")
    ax.axhline(voltage_tol, color="k", ls="--", lw=1, label=f"tolerance {voltage_tol:g}")
    ax.set_yscale("log")
    ax.set_xticks(x, [f"{n}\n{'LEAK' if cls[n].is_leak else 'not leak'}" for n in names], fontsize=8)
    ax.set_xlabel("mechanism and verdict")
    ax.set_ylabel("index (dimensionless, log)")
    ax.set_title("C  classifier: measured indices and verdicts", fontsize=9)
    ax.legend(fontsize=7)

    ax = axes[3]
    for label, c in cells.items():
        s = c["sag"]
        reb = "rebound spike" if s.v_rebound_mV > 0 else f"rebound {s.rebound_mV:+.1f} mV"
        ax.plot(s.t_ms, s.v_mV, color=colors[label], lw=1,
                label=f"{label}: sag ratio {s.sag_ratio:.2f}, {reb}")
    lo = min(c["sag"].v_min_mV for c in cells.values())
    ax.set_ylim(lo - 12, -40.0)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("soma potential (mV; spike clipped)")
    ax.set_title(f"D  the same {cells[HCN.suffix]['sag'].amp_nA * 1e3:.0f} pA step, interneuron, "
                 f"gh = {ghcn_S_cm2 * 1e3:g} mS/cm2", fontsize=9)
    ax.legend(fontsize=7, loc="lower right")

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
    ax.plot(vr, rin, "-", color="0.7", zorder=0)
    for lb, x, y in zip(labels, vr, rin):
        ax.plot(x, y, "o", ms=10, color=colors[lb], label=f"{lb}: {x:.1f} mV, {y:.0f} MOhm")
    ax.set_xlim(min(vr) - 2, max(vr) + 2)
    ax.set_ylim(min(rin) * 0.9, max(rin) * 1.1)
    ax.set_xlabel("resting potential (mV)")
    ax.set_ylabel("input resistance at rest (MOhm)")
    ax.set_title(f"F  Ih, then cAMP (+{camp_shift_mV:g} mV): depolarised, lower R_in", fontsize=9)
    ax.legend(fontsize=7)
    return fig
