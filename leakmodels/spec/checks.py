"""Checks of the arguments a user passes: one rule per kind of value, one message style, and
every physical bound in one place.

Every public entry point (builders, specs, measurements, sweeps, the command line) checks its
arguments here, once, at the boundary. A number must be a real number (an int or a float; not
a bool, not a string, not None), finite, and inside the bound its quantity has; the message
names the argument, the value given, the allowed range with the reason for it, and the fix.
Nothing here imports NEURON.
"""
from __future__ import annotations

import math
import numbers


class ArgumentError(ValueError):
    """A bad argument: the message names it, the value, what is allowed and the fix."""


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong type (also a TypeError)."""


# quantity -> (lowest, highest, why): the ranges a real cell, membrane or protocol lives in
BOUNDS = {
    "celsius_degC": (0.0, 45.0, "the temperatures cells live at: from freezing to 45 degC; "
                     "mammals at 37, amphibian preparations at 10-25"),
    "size_um": (0.01, 5000.0, "no membrane tube is thinner than 10 nm (twice a bilayer) and "
                "no soma or process wider than a few mm"),
    "length_um": (0.01, 1e5, "a neurite is 10 nm to 10 cm long"),
    "scale": (0.01, 100.0, "a scale of the literature cells from 1/100 to 100 times"),
    "concentration_mM": (1e-3, 1000.0, "ion concentrations from 1 uM to 1 M"),
    "calcium_mM": (1e-7, 100.0, "Ca2+ from 0.1 uM inside (0.05-0.1 at rest) to tens of mM "
                   "outside (1-2 in most baths)"),
    "permeability_cm_s": (0.0, 1e-2, "leak permeabilities are of order 1e-9 to 1e-5 cm/s"),
    "water_permeability_cm_s": (0.0, 1.0, "0 holds a cell's volume fixed; 1 cm/s is far "
                                "above any cell membrane's"),
    "conductance_S_cm2": (0.0, 1e3, "channel densities up to ~100 S/cm2 (nodes of Ranvier)"),
    "cotransport_mA_cm2": (0.0, 1.0, "a cotransporter's rate, as the current of one of its "
                           "ions at unit free energy; neurons' are far below 1 mA/cm2"),
    "pump_mA_cm2": (0.0, 1.0, "the balanced default is 0.015 mA/cm2 and an astrocyte's 0.4; "
                    "a pump above 1 mA/cm2 drives V beyond every reversal potential"),
    "capacitance_uF_cm2": (0.1, 10.0, "biological membranes have 0.5-2 uF/cm2"),
    "ra_ohm_cm": (1.0, 1e5, "cytoplasm has 30-400 ohm cm"),
    "duration_ms": (0.01, 1e6, "a protocol from 10 us to 1000 s of model time (a longer run's "
                    "recording would fill the memory)"),
    "d_lambda": (1e-4, 1.0, "a segment is at most one length constant long at 100 Hz "
                 "(0.1 by default)"),
    "q10": (1.0, 10.0, "temperature coefficients of channels and pumps lie between 1 (none) "
            "and about 5"),
    "current_nA": (-1e4, 1e4, "currents up to 10 uA"),
    "potential_mV": (-250.0, 250.0, "membrane potentials within +-250 mV"),
}
# the smallest positive leak permeability that is a leak at all: 1e-14 cm/s is a GHK slope
# conductance of 0.9 pS/cm2 at rest (less than one open 1-pS channel per cm2, R_m above
# 1e12 ohm cm2); below it a leak's currents are rounding noise beside any gated channel's
LEAK_PERMEABILITY_FLOOR_CM_S = 1e-14


def number(name: str, value, quantity: str | None = None, lo: float | None = None,
           hi: float | None = None, *, positive: bool = False, integer: bool = False,
           unit: str = "", fix: str = "") -> float:
    """`value` as a float (an int with integer=True), or ArgumentError naming `name`.

    quantity: a key of BOUNDS (lo, hi and the reason come from it unless given);
    positive: also > 0.
    """
    what = f"{name}={value!r}"
    hint = f"; {fix}" if fix else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = "a whole number" if integer else "a number"
        raise ArgumentTypeError(f"{what} is not {kind}{f' in {unit}' if unit else ''}: give "
                                f"{kind} (an int or a float, not a {type(value).__name__}){hint}.")
    if integer and not float(value).is_integer():
        raise ArgumentTypeError(f"{what} is not a whole number{hint}.")
    val = float(value)
    if positive and not (math.isfinite(val) and val > 0):
        raise ArgumentError(f"{what} must be a finite number greater than 0"
                            f"{f' ({unit})' if unit else ''}{hint}.")
    if not math.isfinite(val):
        raise ArgumentError(f"{what} is not finite: give a finite number{f' in {unit}' if unit else ''}{hint}.")
    why = ""
    if quantity is not None:
        b_lo, b_hi, why = BOUNDS[quantity]
        lo = b_lo if lo is None else lo
        hi = b_hi if hi is None else hi
    if (lo is not None and val < lo) or (hi is not None and val > hi):
        span = f"{lo:g} to {hi:g}" if lo is not None and hi is not None else (
            f"at least {lo:g}" if lo is not None else f"at most {hi:g}")
        if quantity == "celsius_degC" and 250.0 <= val <= 350.0:  # a temperature in kelvin
            hint += f"; {val:g} looks like kelvin: give degC ({val - 273.15:g})"
        raise ArgumentError(f"{what} is outside {span}{f' {unit}' if unit else ''}"
                            f"{f' ({why})' if why else ''}{hint}.")
    return int(val) if integer else val


def check_positive(name: str, value, fix: str = "pass a positive number in the unit of its name") -> float:
    """A size: a finite number > 0 (kept for the specs; see `number`)."""
    return number(name, value, positive=True, fix=fix)


def size_um(name: str, value) -> float:
    """A diameter or length of a real neuron's part, in um."""
    return number(name, value, "size_um", positive=True, unit="um",
                  fix="pass micrometres (a soma is 5-100 um across)")


def count(name: str, value, lo: int = 1, hi: int = 100_000, fix: str = "") -> int:
    """A whole number from lo to hi (2.0 is taken as 2)."""
    return int(number(name, value, lo=lo, hi=hi, integer=True, fix=fix))


def fraction(name: str, value) -> float:
    return number(name, value, lo=0.0, hi=1.0, fix="a fraction: give 0..1")


def flag(name: str, value) -> bool:
    """True or False, and nothing else (1, 'yes' and None are refused, not guessed at)."""
    if not isinstance(value, bool):
        raise ArgumentTypeError(f"{name}={value!r} must be True or False.")
    return value


def sequence(name: str, value, example: str) -> tuple:
    """`value` as a tuple: a list, tuple, array or other iterable, never a string (whose
    characters would be taken one by one); `example` shows what to pass."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ArgumentTypeError(f"{name}={value!r} is not a sequence; pass e.g. {example}.")
    return tuple(value)


def choice(name: str, value, allowed) -> str:
    if value not in allowed:
        raise ArgumentError(f"{name}={value!r}: use one of {', '.join(map(repr, allowed))}.")
    return value
