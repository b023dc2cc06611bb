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

import math

from ..cell.painting import mechanisms_for
from ..mechanisms import get, ions
from ..mechanisms.catalogue import PACKAGE_MECHANISMS
from .steadystate import UnphysicalStateError

REVERSAL_MARGIN_MV = 100.0
NO_PUMP_MARGIN_MV = 1.0
LEAK_FIX = "Give it a K+ leak, e.g. MembraneSpec(pk_cm_s=8.5e-7)."


def reversal_range_mV(cell) -> tuple:
    """(lowest, highest) reversal potential of the currents the cell's membrane carries: of
    every ion whose current a mechanism its spec paints writes (where that mechanism gates
    its currents one by one, as the AHP's Ca2+ and K+, only a current whose density is above
    zero), from the spec's concentrations (Nernst)."""
    mem = cell.membrane
    if mem is None or cell.ranges_changed:  # the spec no longer says what is painted
        return _segment_reversal_range_mV(cell)
    carried = set()
    for region in {cell.region_of(sec) for sec in cell.sections}:
        for suffix, values in mechanisms_for(mem, region).items():
            mech = get(suffix)
            carried |= {use.ion for use in mech.ions if use.carries_current
                        and (use.current_gate is None or values[use.current_gate] > 0)}
    rev = [mem.reversal_mV(ion.name) for ion in ions() if ion.name in carried]
    return min(rev), max(rev)


def _segment_reversal_range_mV(cell) -> tuple:
    """An adopted cell's (no MembraneSpec): every ion's reversal potential in its segments
    (e_na, e_k, ...) and every mechanism's own reversal parameter (e_pas, e of a nonspecific
    current), as they stand; the range margin is then REVERSAL_MARGIN_MV."""
    rev = []
    for sec in cell.sections:
        for mech in sec(0.5):
            name = mech.name()
            for seg in sec:
                if name.endswith("_ion"):
                    rev.append(getattr(seg, f"e{name[:-4]}"))
                elif hasattr(getattr(seg, name), "e"):
                    rev.append(getattr(getattr(seg, name), "e"))
    rev = [v for v in rev if math.isfinite(v)]
    return (min(rev), max(rev)) if rev else (-100.0, 100.0)


def _conducts_in(name: str, sec) -> bool:
    """Whether mechanism `name`, inserted in `sec`, gives it a membrane conductance: not an
    ion, the capacitance or a mechanism declared non-conducting (the pump, whose current does
    not depend on V; an ion pool); a declared leak only where its conductance is above zero;
    anything else (gated, or inserted by hand and not declared) always."""
    if name.endswith("_ion") or name in ("capacitance", "morphology"):
        return False
    try:
        mech = get(name)
    except KeyError:  # a mechanism of the user's own, not declared: take it as conducting
        return True
    if not mech.conducts:
        return False
    if mech.role == "leak":
        return any(math.prod(getattr(getattr(seg, name), v) for v in mech.leak_conductance) > 0
                   for seg in sec)
    return True


def _conducting(cell):
    """Yield, once each and as found, the names of the mechanisms that give the cell's
    membrane a conductance somewhere, read from its segments as they stand (a leak counts
    only where its conductance is above zero; mechanisms inserted by hand count). A
    mechanism is inserted in a whole section, so one segment per section names them; only
    the conductances are per segment. Lazy: a caller that needs only the first stops early."""
    seen = set()
    for sec in cell.sections:
        for mech in sec(0.5):
            name = mech.name()
            if name not in seen and _conducts_in(name, sec):
                seen.add(name)
                yield name


def conducting_mechanisms(cell) -> set:
    """Names of the mechanisms that give the cell's membrane a conductance somewhere."""
    return set(_conducting(cell))


def _declared_gated(name: str) -> bool:
    try:
        return get(name).gated
    except KeyError:
        return False


def has_no_leak(cell) -> bool:
    """True if nothing but declared gated channels (nav, kdr, hcn, ahp, km, ...) conducts
    anywhere on the cell."""
    return all(_declared_gated(name) for name in _conducting(cell))


def has_no_conductance(cell) -> bool:
    """True if nothing conducts: its I-V is flat, R_in is infinite and no potential is its rest."""
    return next(_conducting(cell), None) is None


def reversal_margin_mV(cell) -> float:
    """How far beyond the reversal range a steady potential may lie: REVERSAL_MARGIN_MV where
    a pump current flows or a mechanism that is not leakmodels' own conducts (declared by a
    user or inserted by hand), else NO_PUMP_MARGIN_MV."""
    if cell.membrane is None or cell.ranges_changed:  # adopted, or changed by name
        return REVERSAL_MARGIN_MV
    # leakmodels' own mechanisms carry only the ions of the reversal range; a user's declared
    # one (a NONSPECIFIC_CURRENT with its own e) or one inserted by hand may reverse elsewhere
    own = {m.suffix for m in PACKAGE_MECHANISMS if m.painted and m.conducts}
    if (cell.membrane.pump_current_mA_cm2() > 0
            or any(name not in own for name in _conducting(cell))):
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

