"""The one owner of NEURON's global simulation settings: temperature, integrator, tolerances, dt.

Every simulation leakmodels runs goes through `settings(celsius_degC, integrator)`, a context
manager that sets each global explicitly and puts back, on exit, exactly what was there before
(also when the run raises). Nothing a measurement does to `h.celsius`, `h.dt`,
`h.secondorder`, the CVODE switch, its local-time-step switch or its tolerances leaks into the
next measurement or into the user's own NEURON code; `initial_ki(ki_mM)` does the same for
NEURON's default [K+]i (ki0_k_ion), which rxd's extracellular space makes matter. `snapshot()` and `restore()` are the same
bookkeeping for callers (the test suite restores the globals after every test with them).

`Integrator` describes how to integrate, as plain numbers:

* `CVODE`: NEURON's variable time step with local time steps (`cvode.use_local_dt(1)`): every
  cell has its own integrator, so a quiet cell elsewhere in NEURON costs almost nothing and
  does not change the steps (hence the numbers) of the cell being measured.
* `STEADY`: fixed-step backward Euler with a time step of 1e9 ms, the steady-state
  initialisation of The NEURON Book (chapter 8): each step solves the linearised current
  balance with every gate at its steady state for the previous potentials.

`solve_to(t_ms)` advances CVODE and checks that `h.t` ended where it was asked to.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ..mechanisms.loading import h

METHODS = ("cvode", "fixed")


@dataclass(frozen=True)
class Integrator:
    """How NEURON integrates. Tolerances and steps carry their units in their names."""

    method: str = "cvode"       # "cvode" (variable step) or "fixed" (h.dt)
    atol: float = 1e-6          # CVODE absolute tolerance (mV for v; same number for gates)
    rtol: float = 0.0           # CVODE relative tolerance
    local_dt: bool = True       # one CVODE integrator per cell
    dt_ms: float = 0.025        # fixed step
    secondorder: int = 0        # fixed step: 0 backward Euler, 2 Crank-Nicolson

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"Integrator.method={self.method!r}: use one of {METHODS}.")
        for name in ("atol", "dt_ms"):
            val = getattr(self, name)
            if not (isinstance(val, (int, float)) and math.isfinite(val) and val > 0):
                raise ValueError(f"Integrator.{name}={val!r} must be a finite number > 0.")
        if not (isinstance(self.rtol, (int, float)) and 0 <= self.rtol < 1):
            raise ValueError(f"Integrator.rtol={self.rtol!r} must be in [0, 1).")
        if self.secondorder not in (0, 1, 2):
            raise ValueError(f"Integrator.secondorder={self.secondorder!r}: use 0, 1 or 2.")

    def with_(self, **changes) -> "Integrator":
        return replace(self, **changes)


CVODE = Integrator()
STEADY = Integrator(method="fixed", dt_ms=1e9, secondorder=0)


def snapshot() -> dict:
    """Every global this module owns, as plain values."""
    return {"celsius": float(h.celsius), "dt": float(h.dt), "secondorder": int(h.secondorder),
            "cvode_active": int(h.cvode.active()), "atol": float(h.cvode.atol()),
            "rtol": float(h.cvode.rtol()), "local_dt": int(h.cvode.use_local_dt()),
            "stoprun": int(h.stoprun), "ki0_k_ion": float(h.ki0_k_ion)}


def restore(snap: dict) -> None:
    """Put back the globals of `snapshot()` (switching only what differs: a switch of the
    integrator reallocates NEURON's CVODE structures)."""
    _apply(snap["celsius"], snap["cvode_active"], snap["local_dt"], snap["atol"], snap["rtol"],
           snap["dt"], snap["secondorder"])
    h.stoprun = snap["stoprun"]
    h.ki0_k_ion = snap["ki0_k_ion"]


@contextmanager
def initial_ki(ki_mM: float):
    """NEURON's global default [K+]i (ki0_k_ion, 54.4 mM: the squid axon's) set to ki_mM, and
    put back after. It matters only where a cell's K+ is a concentration NEURON initialises
    from that default: inside rxd's extracellular space (`engine.extracellular`)."""
    saved = float(h.ki0_k_ion)
    h.ki0_k_ion = float(ki_mM)
    try:
        yield
    finally:
        h.ki0_k_ion = saved


def _apply(celsius, active, local_dt, atol, rtol, dt, secondorder) -> None:
    h.celsius = celsius
    if int(h.cvode.active()) != int(active):
        h.cvode_active(int(active))  # the run system's own switch (cvode.active(1) is not)
    # after the CVODE switch: switching CVODE on again resets the local time step to off
    if int(h.cvode.use_local_dt()) != int(local_dt):
        h.cvode.use_local_dt(int(local_dt))
    if h.cvode.atol() != atol:
        h.cvode.atol(atol)
    if h.cvode.rtol() != rtol:
        h.cvode.rtol(rtol)
    h.dt = dt
    h.secondorder = secondorder


@contextmanager
def settings(celsius_degC: float, integrator: Integrator = CVODE):
    """Set temperature and integrator for a run; restore every global afterwards."""
    if not (isinstance(celsius_degC, (int, float)) and math.isfinite(celsius_degC)):
        raise ValueError(f"celsius_degC={celsius_degC!r} is not a temperature in degC.")
    saved = snapshot()
    try:
        cvode = integrator.method == "cvode"
        _apply(float(celsius_degC), cvode, integrator.local_dt if cvode else saved["local_dt"],
               integrator.atol, integrator.rtol, integrator.dt_ms, integrator.secondorder)
        h.stoprun = 0
        yield integrator
    finally:
        restore(saved)


def solve_to(t_ms: float, allow_early_stop: bool = False) -> bool:
    """CVODE to t_ms. Returns True if it got there; False only if a stop event (a spike
    detector setting h.stoprun) ended it early and allow_early_stop is set; raises otherwise."""
    h.cvode.solve(t_ms)
    if abs(h.t - t_ms) <= 1e-9 * max(1.0, abs(t_ms)):
        return True
    if allow_early_stop and h.stoprun:
        return False
    raise RuntimeError(f"NEURON stopped at t = {h.t!r} ms instead of {t_ms!r} ms "
                       f"(stoprun = {h.stoprun}); the run is not trustworthy.")
