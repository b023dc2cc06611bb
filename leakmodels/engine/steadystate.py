"""A solved steady state, and the errors of looking for one.

`SteadyState` is the record every steady-state solve returns (`leakmodels.engine.solver`):
every state of the cell in its `StateLayout` order, how it was found, and, for a rest, whether
it is stable and how that was decided (`leakmodels.engine.stability`). The errors say why no
(stable, physical) steady state was found; measurements turn them into outcomes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cellstate import StateLayout


class SettleError(RuntimeError):
    """No steady state could be found (the cell fires, drifts, or the iteration diverged).

    Raised by the steady-state solves (`leakmodels.engine.solver`); a RuntimeError.
    """


class NoRestError(SettleError):
    """The cell has no stable resting state: it fires on its own (or drifts) with no input.

    Raised by `leakmodels.engine.rest.rest`, and so by every measurement from rest.
    """


class NoLeakError(NoRestError):
    """The membrane has no resting conductance: every potential is (or none is) a steady state."""


class UnphysicalStateError(NoRestError):
    """A solve ended at potentials the cell's reversal potentials cannot reach."""


@dataclass(frozen=True, eq=False)
class SteadyState:
    """A solved steady state: every state of the cell (`layout` order) and how it was found."""

    y: np.ndarray
    layout: StateLayout
    iterations: int
    residual_mV: float
    stimuli: tuple = ()
    clamp_currents_nA: tuple = ()   # holding current of each VoltageClamp, nA (depolarising > 0)
    stable: bool | None = None
    key: tuple | None = None
    reason: str = ""
    stability: str = ""  # how stability was decided (leakmodels.engine.stability)

    def v_mV(self, seg) -> float:
        """Potential (mV) of segment `seg` in this state."""
        return float(self.y[self.layout.site_index(seg)])

    @property
    def v_all_mV(self) -> np.ndarray:
        return self.layout.v_of(self.y)

