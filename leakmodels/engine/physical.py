"""What a steady state may be: the reversal range of a cell's currents, which mechanisms
conduct, and the check that refuses a solve that ended where no cell can be.

A steady state lies where the membrane currents cancel; every passive current reverses
between the reversal potentials of the ions it carries, and the only other current, the
pump's (at most 1 mA/cm2, `leakmodels.spec.checks.BOUNDS`), can hold V only a bounded distance
beyond them. A solution more than REVERSAL_MARGIN_MV outside [min E, max E] is a numerical
artefact, never a cell. Without a pump current, and with only leakmodels' own channels, every
current reverses inside the range: a state more than NO_PUMP_MARGIN_MV (the solver's
tolerance, with room) outside it is an artefact too (measured: a cell with only nav and kdr
"settled" at -158 mV, 47 mV below E_K, where both are shut to 1e-27 S/cm2 and their currents
round to nothing).
"""
from __future__ import annotations

from .steadystate import UnphysicalStateError

REVERSAL_MARGIN_MV = 100.0
NO_PUMP_MARGIN_MV = 1.0
LEAK_FIX = "Give it a K+ leak, e.g. MembraneSpec(pk_cm_s=8.5e-7)."


def reversal_range_mV(cell) -> tuple:
    """(lowest, highest) reversal potential of the cell's currents: E_K and E_Na (hcn's lies
    between them), and E_Ca where the AHP's Ca2+ current is painted."""
    mem = cell.membrane
    rev = [mem.ek_mV, mem.ena_mV] + ([mem.eca_mV] if mem.gca_soma_S_cm2 > 0 else [])
    return min(rev), max(rev)


# mechanisms that carry no membrane conductance (the pump's current does not depend on V),
# and those whose conductance is all gated (no leak in them)
_NON_CONDUCTING = {"nakpump", "nakacc", "k_ion", "na_ion", "ca_ion", "capacitance", "morphology"}
_GATED_ONLY = {"nav", "kdr", "hcn", "ahp", "km"}
_OWN_CONDUCTING = _GATED_ONLY | {"kleak", "naleak"}


def _conducting(cell):
    """Yield, once each and as found, the names of the mechanisms that give the cell's
    membrane a conductance somewhere, read from its segments as they stand (kleak and naleak
    count only where their permeability is above zero; mechanisms inserted by hand count). A
    mechanism is inserted in a whole section, so one segment per section names them; only
    the permeabilities are per segment. Lazy: a caller that needs only the first stops early."""
    seen = set()
    for sec in cell.sections:
        for mech in sec(0.5):
            name = mech.name()
            if name in _NON_CONDUCTING or name in seen:
                continue
            if name == "kleak" and not any(seg.kleak.pbar * seg.kleak.fopen > 0 for seg in sec):
                continue
            if name == "naleak" and not any(seg.naleak.pbar > 0 for seg in sec):
                continue
            seen.add(name)
            yield name


def conducting_mechanisms(cell) -> set:
    """Names of the mechanisms that give the cell's membrane a conductance somewhere."""
    return set(_conducting(cell))


def has_no_leak(cell) -> bool:
    """True if nothing but gated channels (nav, kdr, hcn, ahp, km) conducts anywhere on the cell."""
    return all(name in _GATED_ONLY for name in _conducting(cell))


def has_no_conductance(cell) -> bool:
    """True if nothing conducts: its I-V is flat, R_in is infinite and no potential is its rest."""
    return next(_conducting(cell), None) is None


def reversal_margin_mV(cell) -> float:
    """How far beyond the reversal range a steady potential may lie: REVERSAL_MARGIN_MV where
    a pump current flows or a mechanism inserted by hand conducts, else NO_PUMP_MARGIN_MV."""
    if (cell.membrane.pump_current_mA_cm2() > 0
            or any(name not in _OWN_CONDUCTING for name in _conducting(cell))):
        return REVERSAL_MARGIN_MV
    return NO_PUMP_MARGIN_MV


def check_physical(cell, ss) -> None:
    """UnphysicalStateError if any potential of `ss` lies outside the reversal range."""
    lo, hi = reversal_range_mV(cell)
    margin = reversal_margin_mV(cell)
    v = ss.v_all_mV
    bad = v[(v < lo - margin) | (v > hi + margin)]
    if bad.size:
        why, fix = (("for the pump", "Lower the pump current or raise the leaks.")
                    if margin == REVERSAL_MARGIN_MV else
                    ("no pump current flows: nothing can hold V beyond them", LEAK_FIX))
        raise UnphysicalStateError(
            f"{cell.name}: the steady state reached {bad[0]:.4g} mV, outside what its reversal "
            f"potentials allow ({lo:.1f} to {hi:.1f} mV, +-{margin:.0f} mV {why}): there is no "
            f"physical steady state. {fix}")

