"""Sag and rebound: the response to a hyperpolarising current step, where a gated inward
current (Ih) that opens on hyperpolarisation pulls V back during the step (sag) and
overshoots after it (rebound); a leak does neither.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..cell.cell import cell_arg
from ..deprecation import formerly_positional, renamed_function
from ..engine.rest import rest
from ..engine.runner import Record, Simulation
from ..engine.stimuli import CurrentStep
from ..spec.checks import ArgumentError, number
from .passive import input_resistance
from .registry import Column, measurement


@dataclass(frozen=True)
class SagResult:
    """Response to a hyperpolarising step: sag and rebound (`sag_result`).

    Parameters
    ----------
    amp_nA : float
        The step's current, in nA (negative).
    v_base_mV : float
        V just before the step, in mV.
    v_min_mV : float
        The lowest V during the step, in mV.
    v_ss_mV : float
        V at the end of the step, in mV.
    v_rebound_mV : float
        The peak of V after the step ends, in mV.
    sag_ratio : float
        (v_ss - v_min) / (v_base - v_min), dimensionless; 0: no sag.
    rebound_mV : float
        v_rebound - v_base, in mV.
    t_ms : numpy.ndarray
        Sample times, in ms from the start of the run (the step starts at 100 ms).
    v_mV : numpy.ndarray
        V at the site at those times, in mV.
    """

    amp_nA: float
    v_base_mV: float
    v_min_mV: float
    v_ss_mV: float
    v_rebound_mV: float   # peak after the step ends
    sag_ratio: float      # (v_ss - v_min) / (v_base - v_min); 0 = no sag
    rebound_mV: float     # v_rebound - v_base
    t_ms: np.ndarray = field(repr=False)
    v_mV: np.ndarray = field(repr=False)


@formerly_positional('site', 'amp_nA', 'target_mV', 'duration_ms', 'after_ms')
def sag_result(cell, *, site=None, amp_nA: float | None = None, target_mV: float = -20.0,
               duration_ms: float = 1000.0, after_ms: float = 500.0) -> SagResult:
    """The response to a hyperpolarising current step from rest: its sag and rebound.

    The step starts 100 ms into a run from the cell's rest, lasts `duration_ms` and is
    followed for `after_ms`; V is sampled every 0.1 ms. A sag needs a hyperpolarising step:
    `amp_nA` (or `target_mV`) must be negative.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    site : NEURON segment (nrn.Segment), optional
        Where the step is applied and V recorded; default (None) the middle of the soma.
    amp_nA : float or None, default None
        The step's current, in nA (< 0); None: sized from `target_mV`.
    target_mV : float, default -20.0
        With ``amp_nA=None``, the step is target_mV / R_in (the resting input resistance):
        a deflection of about target_mV, in mV (< 0). Ignored if `amp_nA` is given.
    duration_ms : float, default 1000.0
        The step's length, in ms.
    after_ms : float, default 500.0
        How long the response is followed after the step, in ms.

    Returns
    -------
    SagResult
        Base, minimum, end-of-step and rebound potentials (mV), the sag ratio
        (dimensionless), the rebound (mV) and the trace.

    Raises
    ------
    ArgumentError
        If `amp_nA` or `target_mV` is not negative, or a duration is out of range.
    NoRestError
        If the cell has no stable rest.

    Notes
    -----
    sag ratio = (V_ss - V_min) / (V_base - V_min): 0 where nothing opens on
    hyperpolarisation (a leak); a gated inward current (Ih) pulls V back during the step.
    eFEL's equivalent is ``sag_ratio1`` (registered as measurement ``sag``). The old name
    `sag` is a deprecated alias of this function.
    """
    site = cell_arg(cell).resolve_site(site)
    duration_ms = number("duration_ms", duration_ms, "duration_ms", unit="ms")
    after_ms = number("after_ms", after_ms, "duration_ms", unit="ms")
    if amp_nA is not None and number("amp_nA", amp_nA, "current_nA", unit="nA") >= 0:
        raise ArgumentError(f"amp_nA={amp_nA!r}: a sag is the response to a hyperpolarising "
                            "step; give a negative current (nA).")
    if amp_nA is None and number("target_mV", target_mV, "potential_mV", unit="mV") >= 0:
        raise ArgumentError(f"target_mV={target_mV!r}: a sag is the response to a "
                            "hyperpolarising step; give a negative deflection (mV).")
    delay = 100.0
    if amp_nA is None:
        amp_nA = target_mV / input_resistance(cell, site=site)
    t_stop = delay + duration_ms + after_ms
    times = tuple(np.round(np.arange(0.0, t_stop + 1e-9, 0.1), 10))
    with Simulation(cell, start=rest(cell), stimuli=(CurrentStep(amp_nA, delay, duration_ms, site=site),),
                    records=(Record("v", site, times_ms=times),)) as sim:
        sim.advance(t_stop)
        t, v = sim.trace(0)
    during = (t >= delay) & (t <= delay + duration_ms)
    after = t > delay + duration_ms
    v_base = float(v[t < delay][-1]) if np.any(t < delay) else float(v[0])
    v_min = float(v[during].min())
    v_ss = float(v[during][-1])
    v_reb = float(v[after].max())
    ratio = (v_ss - v_min) / (v_base - v_min) if v_base != v_min else 0.0
    return SagResult(amp_nA, v_base, v_min, v_ss, v_reb, ratio, v_reb - v_base, t, v)


@formerly_positional('site')
def sag_ratio(cell, *, site=None, **kwargs) -> float:
    """Sag ratio (V_ss - V_min) / (V_base - V_min) of a hyperpolarising step (`sag_result`).

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell.
    site : NEURON segment (nrn.Segment), optional
        Where the step is applied and V recorded; default (None) the middle of the soma.
    **kwargs
        Passed to `sag_result`: `amp_nA` (nA), `target_mV` (mV), `duration_ms` and
        `after_ms` (ms).

    Returns
    -------
    float
        The sag ratio, dimensionless: 0 for no sag (a leak).

    Raises
    ------
    ArgumentError
        If the step is not hyperpolarising (see `sag_result`).

    Notes
    -----
    eFEL's equivalent is ``sag_ratio1``.
    """
    return sag_result(cell, site=site, **kwargs).sag_ratio


@measurement("sag", Column("sag_ratio1", "", "(V_ss - V_min) / (V_base - V_min) of a "
                           "hyperpolarising step: 0 for a leak"),
             Column("sag_rebound_mV", "mV", "the peak after the step, above the base"),
             efel="sag_ratio1",
             assumes="a hyperpolarising step (checked) from a stable rest (checked)")
def sag_columns(cell, *, site=None, amp_nA: float | None = None, target_mV: float = -20.0,
                duration_ms: float = 1000.0) -> dict:
    """Sag ratio and rebound of a hyperpolarising step of amp_nA (default: sized to move the
    resting site by target_mV): (V_ss - V_min) / (V_base - V_min), 0 where nothing
    opens on hyperpolarisation (a leak), and the rebound above the base after the step."""
    res = sag_result(cell, site=site, amp_nA=amp_nA, target_mV=target_mV,
                     duration_ms=duration_ms)
    return {"sag_ratio1": res.sag_ratio, "sag_rebound_mV": res.rebound_mV}


sag = renamed_function(sag_result, "sag")

