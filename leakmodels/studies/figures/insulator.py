"""Figure of the insulator study (S1): no channels keeps V; a non-selective toxin collapses it to 0
mV.
"""
from __future__ import annotations

import numpy as np

from ...spec import physics
from .plotting import COLORS, new_figure


def toxin_analytic(t_ms, c0_mM, c_out_mM, tau_ms):
    return c_out_mM + (c0_mM - c_out_mM) * np.exp(-np.asarray(t_ms) / tau_ms)


def figure(insulator_runs, tox, base, tau_ms, cond, healthy_rest_mV, what: str):
    """The insulator's potential kept over an hour, and the toxin's run-down of V and of both
    gradients beside their analytic exponentials."""
    fig, (ax_ins, ax_v, ax_c) = new_figure(ncols=3, width_in=5.0, height_in=4.3, title=(
        f"S1: a {what} with no channels keeps its potential; equal K+ and Na+ "
        "permeability (toxin) discharges the gradients and V = 0 mV"))
    for v0, run in insulator_runs.items():
        ax_ins.plot(run.t_ms / 6e4, run.v_mV, lw=2, label=f"started at {v0:g} mV")
    ax_ins.set_ylim(-45, 15)
    ax_ins.set_xlabel("time (min)")
    ax_ins.set_ylabel("membrane potential (mV)")
    ax_ins.set_title("A  no channels, no pump: an insulator", fontsize=10)
    ax_ins.legend(fontsize=8)

    t_s = tox.t_ms / physics.MS_PER_S
    pos = t_s > 0
    ena = physics.rt_over_f_mV(base.celsius_degC) * np.log(base.nao_mM / tox.nai_mM)
    ek = physics.rt_over_f_mV(base.celsius_degC) * np.log(base.ko_mM / tox.ki_mM)
    ax_v.semilogx(t_s[pos], tox.v_mV[pos], color=COLORS["sim"], lw=2, label="V (NEURON)")
    ax_v.semilogx(t_s[pos], ena[pos], color=COLORS["na"], ls="--", label="E_Na (from nai)")
    ax_v.semilogx(t_s[pos], ek[pos], color=COLORS["k"], ls="--", label="E_K (from ki)")
    ax_v.axhline(healthy_rest_mV, color="0.6", ls=":",
                 label=f"healthy rest {healthy_rest_mV:.1f} mV")
    ax_v.axvline(tau_ms / physics.MS_PER_S, color=COLORS["theory"], lw=1,
                 label=f"tau = (vol/area)/P = {tau_ms / physics.MS_PER_S:.1f} s")
    ax_v.set_xlim(left=1e-6)
    ax_v.set_xlabel("time after the toxin (s, log)")
    ax_v.set_ylabel("potential (mV)")
    ax_v.set_title(f"B  {cond}", fontsize=10)
    ax_v.set_ylim(-100, 135)
    ax_v.legend(fontsize=7, loc="upper center", ncol=2)

    ax_c.plot(t_s, tox.nai_mM, color=COLORS["na"], lw=4, alpha=0.5, label="[Na+]i (NEURON)")
    ax_c.plot(t_s, tox.ki_mM, color=COLORS["k"], lw=4, alpha=0.5, label="[K+]i (NEURON)")
    ax_c.plot(t_s, tox.nai_mM + tox.ki_mM, color="0.3", lw=1.5, label="[Na+]i + [K+]i")
    dense = np.linspace(0, t_s[-1], 200)
    ax_c.plot(dense, toxin_analytic(dense * physics.MS_PER_S, base.nai_mM, base.nao_mM, tau_ms), ":",
              color="k", lw=1.5, label="analytic exp(-t/tau) at V = 0")
    ax_c.plot(dense, toxin_analytic(dense * physics.MS_PER_S, base.ki_mM, base.ko_mM, tau_ms), ":",
              color="k", lw=1.5)
    ax_c.axhline(base.nao_mM, color=COLORS["na"], lw=0.8, ls="--",
                 label=f"bath [Na+]o {base.nao_mM:g} mM")
    ax_c.axhline(base.ko_mM, color=COLORS["k"], lw=0.8, ls="--", label=f"bath [K+]o {base.ko_mM:g} mM")
    ax_c.set_xlabel("time after the toxin (s)")
    ax_c.set_ylabel("concentration inside (mM)")
    ax_c.set_title("C  gradients vanish: Nai -> Nao, Ki -> Ko", fontsize=10)
    ax_c.legend(fontsize=7, loc="center right")
    return fig
