"""What a membrane's numbers imply: reversal potentials, the GHK leak rest, the pump's
current, slope conductances.

`_MembranePhysics` holds `leakmodels.MembraneSpec`'s derived quantities, analytic and
NEURON-free: each is computed from the spec's fields (concentrations, permeabilities, the
pump's constants, the temperature) by the formulas of `leakmodels.spec.physics`, as the
mechanisms' .mod files write them. `leakmodels.spec.membrane` makes MembraneSpec on it.
"""
from __future__ import annotations

import math

from .. import mechanisms
from . import physics


class _MembranePhysics:
    """MembraneSpec's derived quantities: the base class of `leakmodels.MembraneSpec`."""

    def reversal_mV(self, ion: str) -> float:
        """The Nernst potential of a declared ion from this membrane's concentrations.

        Parameters
        ----------
        ion : str
            A declared ion: "na", "k", "cl" or "ca".

        Returns
        -------
        float
            E = (RT/zF) ln(c_out / c_in), in mV, at celsius_degC.

        Raises
        ------
        KeyError
            `ion` is not a declared ion.
        """
        decl = mechanisms.ion(ion)
        return physics.nernst_mV(getattr(self, decl.outside.name), getattr(self, decl.inside.name),
                                 decl.charge, self.celsius_degC)

    @property
    def ek_mV(self) -> float:
        """The K+ reversal potential (Nernst, from ko_mM and ki_mM at celsius_degC), in mV."""
        return self.reversal_mV("k")

    @property
    def ena_mV(self) -> float:
        """The Na+ reversal potential (Nernst, from nao_mM and nai_mM at celsius_degC), in mV."""
        return self.reversal_mV("na")

    @property
    def pk_effective_cm_s(self) -> float:
        """The K+ leak's open permeability, pk_cm_s times kleak_fopen, in cm/s."""
        return self.pk_cm_s * self.kleak_fopen

    def pump_current_mA_cm2(self) -> float:
        """The Na+/K+ pump's net current at the spec's concentrations (voltage independent).

        Returns
        -------
        float
            imax (`pump_imax`) x (1 - pump_block) x saturation(nai_mM, ko_mM) x the
            temperature factor, in mA/cm2, outward positive.
        """
        sat = physics.pump_saturation(self.nai_mM, self.ko_mM, self.pump_kmna_mM, self.pump_kmk_mM)
        return self.pump_imax() * (1 - self.pump_block) * sat * self.pump_temperature_factor()

    def pump_temperature_factor(self) -> float:
        """The pump's turnover at this temperature relative to 37 degC (its Q10).

        Returns
        -------
        float
            pump_q10 ** ((celsius_degC - 37) / 10), dimensionless.
        """
        return physics.pump_temperature_factor(self.celsius_degC, self.pump_q10)

    def leak_rest_mV(self) -> float:
        """Analytic rest of the leaks and the pump: i_K,leak(V) + i_Na,leak(V) (+ i_Cl,leak(V))
        + i_pump = 0.

        With the balanced, unblocked pump and no Cl- leak this is the Mullins-Noda potential
        (closed form); with no pump current and no Cl- leak the GHK voltage; otherwise the
        root of the current balance (GHK leak currents at fixed concentrations, the pump a
        constant outward current). Gated channels are not counted.

        Returns
        -------
        float
            The resting potential, in mV; 0.0 by convention when there is no leak at all
            (the potential then stays wherever it starts).
        """
        args = (self.pk_effective_cm_s, self.pna_cm_s, self.ki_mM, self.ko_mM,
                self.nai_mM, self.nao_mM, self.celsius_degC)
        if self.pk_effective_cm_s == 0 and self.pna_cm_s == 0 and self.pcl_cm_s == 0:
            return 0.0  # no leak: V stays wherever it starts; 0 mV by convention
        chloride = self.pcl_cm_s > 0  # a Cl- leak: the root of the whole balance
        if (self.pump_imax_mA_cm2 is None and self.pump_block == 0 and self.pna_cm_s > 0
                and not chloride):
            return physics.pump_balanced_rest_mV(*args)
        ipump = self.pump_current_mA_cm2()
        if ipump == 0 and not chloride:
            return physics.ghk_voltage_mV(*args)

        def net(v):
            return (physics.ghk_current_mA_cm2(v, self.pk_effective_cm_s, self.ki_mM, self.ko_mM, 1, self.celsius_degC)
                    + physics.ghk_current_mA_cm2(v, self.pna_cm_s, self.nai_mM, self.nao_mM, 1, self.celsius_degC)
                    + physics.ghk_current_mA_cm2(v, self.pcl_cm_s, self.cli_mM, self.clo_mM, -1, self.celsius_degC)
                    + ipump)

        from scipy.optimize import brentq

        lo, hi = -300.0, 300.0
        while net(lo) > 0:
            lo *= 2
        return float(brentq(net, lo, hi, xtol=1e-12))

    def balanced_pump_imax_mA_cm2(self) -> float:
        """The pump's maximal current that carries exactly the Na+ and K+ that leak at rest.

        At the Mullins-Noda rest the unblocked 3Na:2K pump's Na+ efflux equals the Na+ leak's
        influx (and its K+ influx the K+ leak's efflux), at the spec's concentrations and
        temperature. It is what pump_imax_mA_cm2=None means.

        Returns
        -------
        float
            imax, in mA/cm2; 0.0 when pna_cm_s is 0 (no Na+ leak to balance).
        """
        if self.pna_cm_s == 0:
            return 0.0
        v = physics.pump_balanced_rest_mV(self.pk_effective_cm_s, self.pna_cm_s, self.ki_mM,
                                          self.ko_mM, self.nai_mM, self.nao_mM, self.celsius_degC)
        ina = physics.ghk_current_mA_cm2(v, self.pna_cm_s, self.nai_mM, self.nao_mM, 1,
                                         self.celsius_degC)
        sat = physics.pump_saturation(self.nai_mM, self.ko_mM, self.pump_kmna_mM, self.pump_kmk_mM)
        return (-ina / 3.0) / (sat * self.pump_temperature_factor())

    def pump_imax(self) -> float:
        """The pump's maximal current that this membrane paints.

        Returns
        -------
        float
            pump_imax_mA_cm2, or `balanced_pump_imax_mA_cm2()` when that is None, in
            mA/cm2.
        """
        if self.pump_imax_mA_cm2 is None:
            return self.balanced_pump_imax_mA_cm2()
        return self.pump_imax_mA_cm2

    @property
    def eca_mV(self) -> float:
        """The Ca2+ reversal potential (Nernst, from cao_mM and cai_mM at celsius_degC), in mV."""
        return self.reversal_mV("ca")

    def leak_slope_conductances_S_cm2(self, v_mV: float) -> tuple:
        """The K+ and Na+ leaks' slope conductances, dI/dV of kleak and naleak (GHK).

        Parameters
        ----------
        v_mV : float
            The membrane potential, in mV.

        Returns
        -------
        tuple of float
            (g_K, g_Na) at v_mV, in S/cm2 (the pump, voltage independent, adds none).
        """
        g_k = physics.ghk_slope_conductance_S_cm2(v_mV, self.pk_effective_cm_s, self.ki_mM,
                                                  self.ko_mM, 1, self.celsius_degC)
        g_na = physics.ghk_slope_conductance_S_cm2(v_mV, self.pna_cm_s, self.nai_mM,
                                                   self.nao_mM, 1, self.celsius_degC)
        return g_k, g_na

    def rest_slope_rm_ohm_cm2(self) -> float:
        """Specific membrane resistance of the leaks at their analytic rest: 1 / (dI/dV).

        Returns
        -------
        float
            1 / `leak_slope_conductance_S_cm2` at `leak_rest_mV()`, in ohm cm2; inf when
            the leaks conduct nothing.
        """
        g = self.leak_slope_conductance_S_cm2(self.leak_rest_mV())
        return 1.0 / g if g > 0 else math.inf

    def leak_slope_conductance_S_cm2(self, v_mV: float) -> float:
        """The leaks' total slope conductance: the input conductance of a leak-and-pump cell.

        Parameters
        ----------
        v_mV : float
            The membrane potential, in mV.

        Returns
        -------
        float
            dI/dV of kleak + naleak + clleak (GHK) at v_mV, in S/cm2: the specific input
            conductance of an isopotential leak-and-pump cell (the pump is voltage
            independent; gated channels are not counted).
        """
        g_cl = physics.ghk_slope_conductance_S_cm2(v_mV, self.pcl_cm_s, self.cli_mM,
                                                   self.clo_mM, -1, self.celsius_degC)
        return sum(self.leak_slope_conductances_S_cm2(v_mV)) + g_cl

    def passive_cli_mM(self, v_mV: float | None = None) -> float:
        """[Cl-]i in equilibrium at a potential: where chloride goes with its leak alone.

        Parameters
        ----------
        v_mV : float or None, optional
            The potential, in mV, at which E_Cl = v_mV; default None, `leak_rest_mV()`.

        Returns
        -------
        float
            clo_mM exp(F v / RT) (z = -1), in mM.
        """
        v = self.leak_rest_mV() if v_mV is None else v_mV
        return self.clo_mM * math.exp(v / physics.rt_over_f_mV(self.celsius_degC))
