"""Membrane and ion settings: what is painted on a cell's membrane, as plain numbers.

`MembraneSpec` is a frozen description (densities, concentrations, temperature, passive
constants); `apply_membrane(cell, spec)` inserts the mechanisms into the cell's sections and
sets every parameter explicitly: temperature, both sides' Na+ and K+ concentrations and
the reversal potentials computed from them. Nothing is left at NEURON's squid-axon defaults.

Default leak permeabilities give a specific membrane resistance near 10 kOhm cm2 at rest
(Fleshman, Segev & Burke 1988, J Neurophysiol 60:60, cat motoneuron dendrites) with
PNa/PK = 0.06; with the 3:2 pump balanced the rest is -68.6 mV (Mullins-Noda equation).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

from . import physics

@dataclass(frozen=True)
class MembraneSpec:
    """Everything painted on the membrane. Field names carry their units.

    pump_imax_mA_cm2=None means: choose the pump's maximal current so that, at the given
    concentrations, it balances the K+ and Na+ leaks exactly (zero net flux of each ion).
    Spike channels (nav, kdr) go into the soma and the axon (initial segment) regions,
    each with its own densities; dendrites carry only the leaks, the pump (and hcn).
    """

    celsius_degC: float = 37.0
    cm_uF_cm2: float = 1.0
    ra_ohm_cm: float = 100.0
    ki_mM: float = 140.0
    ko_mM: float = 5.0
    nai_mM: float = 10.0
    nao_mM: float = 145.0
    pk_cm_s: float = 8.5e-7
    pna_cm_s: float = 5.1e-8
    kleak_fopen: float = 1.0
    pump_imax_mA_cm2: float | None = None
    pump_block: float = 0.0
    pump_kmna_mM: float = 10.0
    pump_kmk_mM: float = 3.5
    accumulate_ions: bool = False
    gnav_soma_S_cm2: float = 0.5
    gkdr_soma_S_cm2: float = 1.0
    gnav_axon_S_cm2: float = 3.0
    gkdr_axon_S_cm2: float = 2.0
    ghcn_S_cm2: float = 0.0
    hcn_camp_shift_mV: float = 0.0
    hcn_vhalf_mV: float = -85.0
    d_lambda: float = 0.1

    def __post_init__(self):
        for f in fields(self):
            val = getattr(self, f.name)
            if f.name == "accumulate_ions" or val is None:
                continue
            if isinstance(val, bool) or not isinstance(val, (int, float)):
                raise TypeError(f"MembraneSpec.{f.name} must be a number, got {val!r}.")
            if not math.isfinite(val):
                raise ValueError(f"MembraneSpec.{f.name}={val!r} is not finite; give a finite number.")
        positive = ("cm_uF_cm2", "ra_ohm_cm", "ki_mM", "ko_mM", "nai_mM", "nao_mM",
                    "pump_kmna_mM", "pump_kmk_mM", "d_lambda")
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(
                    f"MembraneSpec.{name}={getattr(self, name)!r} must be greater than 0 "
                    f"(concentrations in mM, cm in uF/cm2, Ra in ohm cm); pass a positive value."
                )
        for name in ("pk_cm_s", "pna_cm_s", "gnav_soma_S_cm2", "gkdr_soma_S_cm2",
                     "gnav_axon_S_cm2", "gkdr_axon_S_cm2", "ghcn_S_cm2"):
            if getattr(self, name) < 0:
                raise ValueError(
                    f"MembraneSpec.{name}={getattr(self, name)!r} is negative; densities and "
                    "permeabilities must be >= 0."
                )
        if self.pump_imax_mA_cm2 is not None and self.pump_imax_mA_cm2 < 0:
            raise ValueError(
                f"MembraneSpec.pump_imax_mA_cm2={self.pump_imax_mA_cm2!r} is negative; pass a "
                "value >= 0, or None to balance the leaks."
            )
        for name in ("kleak_fopen", "pump_block"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(
                    f"MembraneSpec.{name}={getattr(self, name)!r} is a fraction: give 0..1."
                )
        if not -273.15 < self.celsius_degC < 100:
            raise ValueError(
                f"MembraneSpec.celsius_degC={self.celsius_degC!r} is not a temperature a cell "
                "lives at; give degrees Celsius (37 for mammals)."
            )
        if not isinstance(self.accumulate_ions, bool):
            raise TypeError(f"MembraneSpec.accumulate_ions={self.accumulate_ions!r} must be True or False.")

    # --- derived quantities (analytic, no NEURON) -------------------------------------------
    def spike_densities_S_cm2(self, region: str) -> tuple:
        """(gnav, gkdr) painted on a region: soma and axon have their own, others none."""
        if region == "soma":
            return self.gnav_soma_S_cm2, self.gkdr_soma_S_cm2
        if region == "axon":
            return self.gnav_axon_S_cm2, self.gkdr_axon_S_cm2
        return 0.0, 0.0

    @property
    def ek_mV(self) -> float:
        return physics.nernst_mV(self.ko_mM, self.ki_mM, 1, self.celsius_degC)

    @property
    def ena_mV(self) -> float:
        return physics.nernst_mV(self.nao_mM, self.nai_mM, 1, self.celsius_degC)

    @property
    def pk_effective_cm_s(self) -> float:
        return self.pk_cm_s * self.kleak_fopen

    def pump_current_mA_cm2(self) -> float:
        """Net pump current at the spec's concentrations (outward, voltage independent)."""
        sat = physics.pump_saturation(self.nai_mM, self.ko_mM, self.pump_kmna_mM, self.pump_kmk_mM)
        return self.pump_imax() * (1 - self.pump_block) * sat

    def leak_rest_mV(self) -> float:
        """Analytic rest of the leaks and the pump: i_K,leak(V) + i_Na,leak(V) + i_pump = 0.

        With the balanced, unblocked pump this is the Mullins-Noda potential (closed form);
        with no pump current the GHK voltage; otherwise the root of the current balance.
        """
        args = (self.pk_effective_cm_s, self.pna_cm_s, self.ki_mM, self.ko_mM,
                self.nai_mM, self.nao_mM, self.celsius_degC)
        if self.pk_effective_cm_s == 0 and self.pna_cm_s == 0:
            return 0.0  # no leak: V stays wherever it starts; 0 mV by convention
        if self.pump_imax_mA_cm2 is None and self.pump_block == 0 and self.pna_cm_s > 0:
            return physics.pump_balanced_rest_mV(*args)
        ipump = self.pump_current_mA_cm2()
        if ipump == 0:
            return physics.ghk_voltage_mV(*args)

        def net(v):
            return (physics.ghk_current_mA_cm2(v, self.pk_effective_cm_s, self.ki_mM, self.ko_mM, 1, self.celsius_degC)
                    + physics.ghk_current_mA_cm2(v, self.pna_cm_s, self.nai_mM, self.nao_mM, 1, self.celsius_degC)
                    + ipump)

        from scipy.optimize import brentq

        lo, hi = -300.0, 300.0
        while net(lo) > 0:
            lo *= 2
        return float(brentq(net, lo, hi, xtol=1e-12))

    def balanced_pump_imax_mA_cm2(self) -> float:
        """imax that makes the pump carry exactly the Na+ and K+ that leak at rest."""
        if self.pna_cm_s == 0:
            return 0.0
        v = physics.pump_balanced_rest_mV(self.pk_effective_cm_s, self.pna_cm_s, self.ki_mM,
                                          self.ko_mM, self.nai_mM, self.nao_mM, self.celsius_degC)
        ina = physics.ghk_current_mA_cm2(v, self.pna_cm_s, self.nai_mM, self.nao_mM, 1,
                                         self.celsius_degC)
        sat = physics.pump_saturation(self.nai_mM, self.ko_mM, self.pump_kmna_mM, self.pump_kmk_mM)
        return (-ina / 3.0) / sat

    def pump_imax(self) -> float:
        if self.pump_imax_mA_cm2 is None:
            return self.balanced_pump_imax_mA_cm2()
        return self.pump_imax_mA_cm2

    def without_spikes(self) -> "MembraneSpec":
        """A copy with no nav, kdr or hcn: the leaks and the pump only (a passive cell)."""
        return replace(self, gnav_soma_S_cm2=0.0, gkdr_soma_S_cm2=0.0, gnav_axon_S_cm2=0.0,
                       gkdr_axon_S_cm2=0.0, ghcn_S_cm2=0.0)

    def leak_slope_conductances_S_cm2(self, v_mV: float) -> tuple:
        """(g_K, g_Na): dI/dV of kleak and naleak at v_mV, S/cm2 (the pump adds none)."""
        g_k = physics.ghk_slope_conductance_S_cm2(v_mV, self.pk_effective_cm_s, self.ki_mM,
                                                  self.ko_mM, 1, self.celsius_degC)
        g_na = physics.ghk_slope_conductance_S_cm2(v_mV, self.pna_cm_s, self.nai_mM,
                                                   self.nao_mM, 1, self.celsius_degC)
        return g_k, g_na

    def rest_slope_rm_ohm_cm2(self) -> float:
        """Specific membrane resistance of the leaks at their analytic rest: 1 / (dI/dV)."""
        g = sum(self.leak_slope_conductances_S_cm2(self.leak_rest_mV()))
        return 1.0 / g if g > 0 else math.inf

    def with_(self, **changes) -> "MembraneSpec":
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)


DEFAULT_MEMBRANE = MembraneSpec()


def set_ion_concentrations(sec, spec: MembraneSpec) -> None:
    """Set both sides' Na+ and K+ concentrations and make NEURON derive ena, ek from them."""
    for seg in sec:
        seg.nai, seg.nao = spec.nai_mM, spec.nao_mM
        seg.ki, seg.ko = spec.ki_mM, spec.ko_mM
        if spec.accumulate_ions:
            seg.nakacc.nai0 = spec.nai_mM
            seg.nakacc.ki0 = spec.ki_mM
    # c_style 1 fixed (3: state when nakacc writes them), e_style 2: from Nernst,
    # einit 1 and eadvance 1: recompute at init and every step, cinit 0: never reset to globals.
    c_style = 3 if spec.accumulate_ions else 1
    for ion in ("na_ion", "k_ion"):
        h_ion_style(ion, c_style, sec)


def h_ion_style(ion: str, c_style: int, sec) -> None:
    from .nrn import h

    h.ion_style(ion, c_style, 2, 1, 1, 0, sec=sec)


def apply_membrane(cell, spec: MembraneSpec) -> None:
    """Insert and parameterise every mechanism of `spec` in all sections of `cell`.

    Sections must already have their geometry and nseg. Spike channels go only into the
    soma and axon regions. Sets cell.membrane and cell.celsius_degC.
    """
    imax = spec.pump_imax()
    for sec in cell.sections:
        region = cell.region_of(sec)
        sec.Ra = spec.ra_ohm_cm
        sec.cm = spec.cm_uF_cm2
        sec.insert("kleak")
        sec.insert("naleak")
        sec.insert("nakpump")
        if spec.accumulate_ions:
            sec.insert("nakacc")
        gnav, gkdr = spec.spike_densities_S_cm2(region)
        spiking = gnav > 0 or gkdr > 0
        if spiking:
            sec.insert("nav")
            sec.insert("kdr")
        if spec.ghcn_S_cm2 > 0:
            sec.insert("hcn")
        for seg in sec:
            seg.kleak.pbar = spec.pk_cm_s
            seg.kleak.fopen = spec.kleak_fopen
            seg.naleak.pbar = spec.pna_cm_s
            seg.nakpump.imax = imax
            seg.nakpump.block = spec.pump_block
            seg.nakpump.kmna = spec.pump_kmna_mM
            seg.nakpump.kmk = spec.pump_kmk_mM
            if spiking:
                seg.nav.gbar = gnav
                seg.kdr.gbar = gkdr
            if spec.ghcn_S_cm2 > 0:
                seg.hcn.gbar = spec.ghcn_S_cm2
                seg.hcn.camp_shift = spec.hcn_camp_shift_mV
                seg.hcn.vhalf = spec.hcn_vhalf_mV
            if spec.accumulate_ions:
                seg.nakacc.vol_area = cell.volume_per_area_um(sec)
        set_ion_concentrations(sec, spec)
    cell.membrane = spec
    cell.celsius_degC = spec.celsius_degC
