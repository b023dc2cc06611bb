"""Modulated membranes whose pump is not retuned, and the leak conductance they present.

A neuromodulator, a pH or temperature change, or a change of the bath acts in seconds; the number
of Na+/K+ pumps does not follow. `MembraneSpec` with pump_imax_mA_cm2=None would re-balance
the pump for every new leak, which is the cell's state after a long adaptation, not the
modulated state. `modulate(base, **changes)` therefore pins the pump's imax at the baseline's
balanced value. With fixed concentrations (no accumulation) the pump then carries a constant
outward current, imax * saturation(Nai, Ko) (nakpump.mod has no voltage dependence), and
`MembraneSpec.leak_rest_mV()` gives the analytic rest: the zero of
I_K,GHK(V; P_K fopen) + I_Na,GHK(V; P_Na) + I_pump.

`leak_slope_conductance_S_cm2(spec, v)` is dI/dV of the leaks at v: the specific input
conductance of an isopotential leak-and-pump cell.
"""
from __future__ import annotations

from ..membrane import MembraneSpec


def modulate(base: MembraneSpec, **changes) -> MembraneSpec:
    """A copy of `base` with `changes`, its pump imax pinned at the baseline's value."""
    return base.with_(pump_imax_mA_cm2=base.pump_imax(), **changes)


def leak_slope_conductance_S_cm2(spec: MembraneSpec, v_mV: float) -> float:
    """dI/dV of kleak + naleak at v_mV (the pump is voltage independent), S/cm2."""
    return sum(spec.leak_slope_conductances_S_cm2(v_mV))
