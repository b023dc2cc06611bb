"""TREK's temperature dependence, for the sentinels study (S7c; `studies.sentinels`).

Plain numbers, no NEURON: TREK's open fraction, ~7-fold per 10 degC (Maingret et al. 2000) up
to the warmest state simulated; the K+ leak's open fraction when a share of it at 37 degC is TREK
and the rest (TASK-3, TRESK) does not depend on temperature (Kang et al. 2005); and the Q10 of
the total conductance from the input resistances at two temperatures (Trevelyan & Jack 2002).
"""
from __future__ import annotations

import numpy as np

from ..spec import reference_data as ref

REF_CELSIUS_DEGC = 37.0
Q10_DEGC = ref.TREVELYAN_JACK_DEGC
TREK_FOLD = ref.MAINGRET_TREK_FOLD_PER_10_DEGC.value
TREK_MAX_DEGC = 42.0  # the warmest state simulated: the leak's open fraction is 1 there


def trek_open_fraction(celsius_degC, fold: float = TREK_FOLD, t_max_degC: float = TREK_MAX_DEGC):
    """TREK's open fraction: `fold` per 10 degC, fold^((T - t_max)/10), capped at 1 above.

    Parameters
    ----------
    celsius_degC : float or array_like of float
        The temperature T, in degC.
    fold : float, optional
        The rise per 10 degC, dimensionless; default TREK_FOLD (7, Maingret et al. 2000).
    t_max_degC : float, optional
        The temperature at which the channels are all open, in degC; default TREK_MAX_DEGC
        (42.0, the warmest state simulated).

    Returns
    -------
    numpy.ndarray of float
        The open fraction, dimensionless (at most 1), of the shape of `celsius_degC`.
    """
    return np.minimum(1.0, fold ** ((np.asarray(celsius_degC, float) - t_max_degC) / 10.0))


def k_leak_open_fraction(celsius_degC, trek_share: float, fold: float = TREK_FOLD,
                         t_ref_degC: float = REF_CELSIUS_DEGC,
                         t_max_degC: float = TREK_MAX_DEGC):
    """The K+ leak's open fraction (of its value at t_max) when `trek_share` of it at t_ref is
    TREK and the rest does not depend on temperature.

    Parameters
    ----------
    celsius_degC : float or array_like of float
        The temperature, in degC.
    trek_share : float
        TREK's share of the K+ leak at `t_ref_degC`, dimensionless (0-1).
    fold : float, optional
        TREK's rise per 10 degC, dimensionless; default TREK_FOLD (7).
    t_ref_degC : float, optional
        The temperature at which the share holds, in degC; default REF_CELSIUS_DEGC (37.0).
    t_max_degC : float, optional
        The temperature at which TREK is all open, in degC; default TREK_MAX_DEGC (42.0).

    Returns
    -------
    numpy.ndarray of float
        The open fraction, dimensionless (1 at `t_max_degC`), of the shape of `celsius_degC`.

    Notes
    -----
    relative(T) = (1 - share) + share x trek_open_fraction(T) / trek_open_fraction(t_ref);
    the open fraction is relative(T) / relative(t_max).
    """
    def relative(t):
        return (1.0 - trek_share) + trek_share * (trek_open_fraction(t, fold, t_max_degC)
                                                  / trek_open_fraction(t_ref_degC, fold, t_max_degC))
    return relative(np.asarray(celsius_degC, float)) / relative(t_max_degC)


def conductance_q10(rin_lo_MOhm, rin_hi_MOhm, degC=Q10_DEGC):
    """Q10 of the total conductance 1/R_in between the temperatures degC = (lo, hi).

    Parameters
    ----------
    rin_lo_MOhm : float or array_like of float
        R_in at the lower temperature, in MOhm.
    rin_hi_MOhm : float or array_like of float
        R_in at the higher temperature, in MOhm.
    degC : tuple of float, optional
        The two temperatures (lo, hi), in degC; default Q10_DEGC (24, 36: Trevelyan & Jack
        2002).

    Returns
    -------
    numpy.ndarray of float
        (R_in lo / R_in hi)^(10 / (hi - lo)), dimensionless.
    """
    return (np.asarray(rin_lo_MOhm) / np.asarray(rin_hi_MOhm)) ** (10.0 / (degC[1] - degC[0]))
