"""Membrane and ion settings: what is painted on a cell's membrane, as plain numbers.

`MembraneSpec` is a frozen description (densities, concentrations, temperature, passive
constants) whose fields are the general ones below plus every field a declared mechanism or
ion adds (`leakmodels.mechanisms.catalogue`): a mechanism declared there is a field here,
checked by the rule its declaration gives. `leakmodels.cell.painting.apply_membrane` paints
it onto a cell. Nothing is left at NEURON's squid-axon defaults.

Default leak permeabilities give a specific membrane resistance near 10 kOhm cm2 at rest
(Fleshman, Segev & Burke 1988, J Neurophysiol 60:60, cat motoneuron dendrites) with
PNa/PK = 0.06; with the 3:2 pump balanced the rest is -68.6 mV (Mullins-Noda equation).
"""
from __future__ import annotations

import difflib
import inspect
import textwrap
from dataclasses import make_dataclass, replace

from .. import mechanisms
from ..mechanisms.declaration import ROLES, Field, seal
from .checks import (
    BOUNDS,
    LEAK_PERMEABILITY_FLOOR_CM_S,
    ArgumentError,
    ArgumentTypeError,
    flag,
    fraction,
    number,
)
from .membrane_physics import _MembranePhysics

# The motoneuron's medium AHP at the soma (ahp.mod's COMMENT gives the sources of its form;
# these numbers are chosen so that the default motoneuron's minimum steady rate, AHP
# duration and f-I slope fall in the cat ranges, which the cells study measures).
AHP_GCA_S_CM2 = 3e-4
AHP_GSK_S_CM2 = 1.5e-2
AHP_FITTED = ("the medium AHP's densities at the motoneuron's soma (AHP_GCA_S_CM2 = 3e-4, "
              "AHP_GSK_S_CM2 = 1.5e-2 S/cm2)")
# the interneuron's M-current density in its soma and axon initial segment, where Kv7.2/7.3
# channels concentrate (Pan et al. 2006, J Neurosci 26:2599); chosen here so that the
# half-K-leak interneuron still rests (the S4 study measures it)
KM_GBAR_S_CM2 = 1e-3
KM_FITTED = "the interneuron's M-current density (KM_GBAR_S_CM2 = 1e-3 S/cm2)"

# the fields of every membrane, whatever its mechanisms: first these, then each declared
# ion's and mechanism's (in declaration order), then the tail
GENERAL_FIELDS = (
    Field("celsius_degC", 37.0, "celsius_degC", "degC", "temperature (RT/F = 26.73 mV at 37)"),
    Field("cm_uF_cm2", 1.0, "capacitance_uF_cm2", "uF/cm2", "specific membrane capacitance",
          True),
    Field("ra_ohm_cm", None, "ra_ohm_cm", "ohm cm", "axial resistivity; None: the "
          "morphology's own (70 ohm cm for the motoneuron, 100 otherwise)", True, True),
)
TAIL_FIELDS = (
    Field("soma_leak_scale", 1.0, "scale", "", "the soma's leaks and pump x this (a leaky "
          "soma, as in Fleshman et al. 1988)", True),
    Field("d_lambda", 0.1, "d_lambda", "", "segments at most this fraction of the shorter of "
          "the 100-Hz and the DC length constant", True),
)
_DENSITIES = ("permeability_cm_s", "conductance_S_cm2", "pump_mA_cm2")


def spec_fields() -> tuple:
    """Every field of MembraneSpec, in order (see GENERAL_FIELDS)."""
    out = list(GENERAL_FIELDS)
    for ion in mechanisms.ions():
        out += [ion.inside, ion.outside]
    for mech in mechanisms.mechanisms():
        out += list(mech.fields)
    return tuple(out + list(TAIL_FIELDS))


FIELDS = {f.name: f for f in spec_fields()}


def _check_declarations() -> None:
    """Every field a declaration reads is a field (a typo fails at import, not in a run)."""
    for mech in mechanisms.mechanisms():
        named = [f for p in mech.params for f in p.fields()] + list(mech.off_changes())
        named += [mech.switch] if mech.switch else []
        unknown = [name for name in named if name not in FIELDS]
        if unknown:
            raise ValueError(f"mechanism {mech.suffix!r} names {', '.join(unknown)}, which no "
                             "declaration adds to MembraneSpec.")


_check_declarations()
seal("fields", frozenset(FIELDS))  # later declarations can add no field (the class is made)


def _check(f: Field, val) -> None:
    """The rule of one field, from its declaration."""
    name = f"MembraneSpec.{f.name}"
    if f.quantity == "flag":
        flag(name, val)
    elif val is None and f.optional:
        return
    elif f.quantity == "fraction":
        fraction(name, val)
    elif (not f.positive and isinstance(val, (int, float)) and not isinstance(val, bool)
          and val < 0 and f.quantity in _DENSITIES):
        raise ArgumentError(f"{name}={val!r} is negative; densities, permeabilities and "
                            "pump currents must be >= 0.")
    else:
        number(name, val, f.quantity, positive=f.positive, unit=f.unit)


def _known_fields(changes) -> None:
    """ArgumentTypeError naming a field MembraneSpec does not have, with the close ones."""
    for name in changes:
        if name not in FIELDS:
            close = difflib.get_close_matches(name, sorted(FIELDS), n=3, cutoff=0.4)
            hint = (f"did you mean {' or '.join(close)}?" if close
                    else f"fields: {', '.join(sorted(FIELDS))}")
            raise ArgumentTypeError(f"MembraneSpec has no field {name!r}; {hint}")


class _Membrane(_MembranePhysics):
    """MembraneSpec's checks and copies (the class itself is made from the field declarations;
    its derived quantities are `_MembranePhysics`')."""

    def __post_init__(self):
        for f in FIELDS.values():
            _check(f, getattr(self, f.name))
        for what, p_cm_s in (("pk_cm_s * kleak_fopen", self.pk_effective_cm_s),
                             ("pna_cm_s", self.pna_cm_s)):
            if 0 < p_cm_s < LEAK_PERMEABILITY_FLOOR_CM_S:
                raise ArgumentError(
                    f"MembraneSpec.{what}={p_cm_s!r} cm/s is a leak too small to be one: a "
                    f"positive leak permeability must be at least {LEAK_PERMEABILITY_FLOOR_CM_S:g}"
                    " cm/s (0.9 pS/cm2, less than one open 1-pS channel per cm2); give 0 for "
                    "no leak.")
        if self.volume_follows_osmosis and self.accumulate_ions:
            raise ArgumentError(
                "MembraneSpec: accumulate_ions=True and volume_follows_osmosis=True both move "
                "Nai and Ki (nakacc and ionvol); choose one: volume_follows_osmosis for the "
                "pump-leak model with Cl- and water, accumulate_ions for Na+ and K+ alone.")
        moving_cl = [f.name for m in mechanisms.mechanisms() if m.role == "cotransporter"
                     for f in m.fields if getattr(self, f.name)]
        if self.accumulate_ions and moving_cl:
            raise ArgumentError(
                f"MembraneSpec: {', '.join(f'{f}={getattr(self, f)!r}' for f in moving_cl)} "
                "with accumulate_ions=True: the cotransporters move Cl- with Na+ and K+, and "
                "nakacc follows only Na+ and K+ (Ki would drain while [Cl-]i stayed put). Use "
                "volume_follows_osmosis=True (ionvol follows Cl- too), or set them to 0.")
        if self.volume_follows_osmosis and self.clo_mM >= self.nao_mM + self.ko_mM:
            raise ArgumentError(
                f"MembraneSpec: with volume_follows_osmosis the bath is made neutral by "
                f"impermeant anions, nao_mM + ko_mM - clo_mM, which clo_mM={self.clo_mM:g} "
                f"leaves at {self.nao_mM + self.ko_mM - self.clo_mM:g} mM; give clo_mM below "
                f"{self.nao_mM + self.ko_mM:g}.")
        if self.volume_follows_osmosis:
            inside = self.nai_mM + self.ki_mM + self.cli_mM
            if inside >= 2 * (self.nao_mM + self.ko_mM):
                raise ArgumentError(
                    f"MembraneSpec: with volume_follows_osmosis the bath's osmolarity 2 (nao_mM + "
                    f"ko_mM) = {2 * (self.nao_mM + self.ko_mM):g} mM must exceed the permeant "
                    f"ions inside, nai_mM + ki_mM + cli_mM = {inside:g} mM (the rest is "
                    "impermeant anions); lower them or raise the bath's.")

    # --- copies ------------------------------------------------------------------------
    def without(self, *roles: str) -> "MembraneSpec":
        """A copy with every declared mechanism of these roles removed (their `off` fields).

        Parameters
        ----------
        *roles : str
            Roles of the declared mechanisms: "leak", "gated", "pump", "ion pool" or
            "cotransporter"; a role no mechanism has removes nothing.

        Returns
        -------
        leakmodels.MembraneSpec
            The copy; concentrations, temperature and cable constants unchanged.
        """
        changes = {}
        for mech in mechanisms.mechanisms():
            if mech.role in roles:
                changes.update(mech.off_changes())
        return replace(self, **changes)

    def without_spikes(self) -> "MembraneSpec":
        """A copy with none of the gated channels: the leaks and the pump only, a passive cell.

        Removes nav, kdr, hcn, the M-current, the AHP, Kir and any gated channel declared
        since (``without("gated")``).

        Returns
        -------
        leakmodels.MembraneSpec
            The passive copy.
        """
        return self.without("gated")

    def bare(self) -> "MembraneSpec":
        """A copy with no mechanism at all: no leak, no pump, no gated channel, no ion pool.

        Returns
        -------
        leakmodels.MembraneSpec
            The copy with every role removed (``without(*ROLES)``); the concentrations,
            temperature and cable constants stay.
        """
        return self.without(*ROLES)

    def with_(self, **changes) -> "MembraneSpec":
        """A copy with some fields changed, validated again.

        Parameters
        ----------
        **changes : float, bool or None
            Fields and their new values, each in the unit its name carries (mV, mM, cm/s,
            S/cm2, mA/cm2, ...), e.g. ``kleak_fopen=0.5`` (dimensionless).

        Returns
        -------
        leakmodels.MembraneSpec
            The copy. The pump is re-balanced for the new leaks when pump_imax_mA_cm2 is
            None (see `modulated` for one that keeps it).

        Raises
        ------
        ArgumentTypeError
            A name that is no field (the close ones are named), or a value of the wrong type.
        ArgumentError
            A value out of range, or a combination the spec refuses (see `MembraneSpec`).
        """
        _known_fields(changes)
        return replace(self, **changes)

    def modulated(self, **changes) -> "MembraneSpec":
        """A copy with `changes` whose pump keeps this membrane's imax.

        A neuromodulator, a mutation, a change of pH, temperature or bath acts in seconds to
        hours; the number of Na+/K+ pumps does not follow. pump_imax_mA_cm2=None would
        re-balance the pump for the new leaks (the cell long after, once its pump expression
        has adapted); this pins imax at the value that balanced this membrane's leaks. With
        fixed concentrations the pump is then a constant outward current,
        imax * saturation(Nai, Ko), and `leak_rest_mV()` solves
        I_K,GHK(V) + I_Na,GHK(V) + I_pump = 0.

        Parameters
        ----------
        **changes : float, bool or None
            Fields and their new values, each in the unit its name carries. A
            pump_imax_mA_cm2 among them (mA/cm2) is the one kept (None: re-balanced).

        Returns
        -------
        leakmodels.MembraneSpec
            The copy, pump_imax_mA_cm2 set to this membrane's `pump_imax()` (mA/cm2).

        Raises
        ------
        ArgumentTypeError
            A name that is no field, or a value of the wrong type.
        ArgumentError
            A value out of range, or a combination the spec refuses.
        """
        return self.with_(**{"pump_imax_mA_cm2": self.pump_imax(), **changes})


def _annotation(f: Field):
    kind = bool if f.quantity == "flag" else float
    return (kind | None) if f.optional else kind


def _parameters_doc() -> str:
    """MembraneSpec's Parameters section, made from the field declarations (each one's)."""
    out = ["Parameters", "----------"]
    for f in spec_fields():
        doc = f.doc[0].upper() + f.doc[1:] if f.doc.split()[0].islower() else f.doc
        where = {"flag": "", "fraction": " Dimensionless, 0 to 1;"}.get(f.quantity)
        if where is None:
            lo, hi, _ = BOUNDS[f.quantity]
            lo = ("above 0" if f.positive else "0") if f.quantity in _DENSITIES else f"{lo:g}"
            where = f" {'In ' + f.unit if f.unit else 'Dimensionless'}, {lo} to {hi:g};"
        text = f"{doc}.{where.replace('e+0', 'e')} {'d' if where else 'D'}efault {f.default!r}."
        kind = ("bool" if f.quantity == "flag" else "float") + (" or None" if f.optional else "")
        out += [f"{f.name} : {kind}, optional",
                *textwrap.wrap(text, 88, initial_indent="    ", subsequent_indent="    ")]
    return "\n".join(out)


MembraneSpec = make_dataclass(
    "MembraneSpec", [(f.name, _annotation(f), f.default) for f in spec_fields()],
    bases=(_Membrane,), frozen=True)
MembraneSpec.__module__ = __name__
MembraneSpec.__doc__ = """Everything painted on the membrane, as plain numbers.

Field names carry their units. Its fields: the general ones (temperature, cm, Ra, the soma's
leak scale, d_lambda), both sides' concentrations of every declared ion, and the fields of
every declared mechanism (`leakmodels.mechanisms.catalogue`; the site's membrane page lists
them).
Give the fields by name. A spec is frozen: ``spec.with_(field=value)`` is a validated copy
with fields changed, ``spec.modulated(...)`` one whose pump keeps this membrane's imax.

pump_imax_mA_cm2=None means: choose the pump's maximal current so that, at the given
concentrations, it balances the K+ and Na+ leaks exactly (zero net flux of each ion). Spike
channels (nav, kdr) go into the soma and the axon (initial segment) regions, each with its
own densities; dendrites carry only the leaks, the pump (and hcn). The soma can carry the
medium after-hyperpolarisation (ahp.mod), which sets how slowly a cell can fire steadily:
none by default, MOTONEURON_MEMBRANE's densities on the motoneuron; cai_mM and cao_mM set
E_Ca by Nernst. ra_ohm_cm=None keeps the morphology's own axial resistivity;
soma_leak_scale multiplies the soma's K+ and Na+ leaks and its pump together (a leaky soma
whose rest is that of the dendrites).

""" + _parameters_doc() + """

Raises
------
ArgumentTypeError
    A field given by position, a name that is no field (the close ones are named), or a
    value of the wrong type.
ArgumentError
    A value outside its range; a leak permeability above 0 but below 1e-14 cm/s;
    accumulate_ions with volume_follows_osmosis or a cotransporter; or, with
    volume_follows_osmosis, a bath not neutral or less osmotic than the ions inside.

Examples
--------
>>> import leakmodels as lm
>>> half_k = lm.MembraneSpec(kleak_fopen=0.5)
>>> round(lm.DEFAULT_MEMBRANE.leak_rest_mV(), 1)
-68.6
"""
_made_init = MembraneSpec.__init__


def _init(self, *args, **kwargs):
    if args:
        raise ArgumentTypeError(f"MembraneSpec{args!r}: give its fields by name, e.g. "
                                "MembraneSpec(pk_cm_s=8.5e-7).")
    _known_fields(kwargs)
    _made_init(self, **kwargs)


_init.__doc__ = _made_init.__doc__
_init.__signature__ = inspect.signature(_made_init)
MembraneSpec.__init__ = _init

DEFAULT_RA_OHM_CM = 100.0  # the analytic shapes' and SWC cells' Ra when the membrane sets none
DEFAULT_MEMBRANE = MembraneSpec()
# the motoneuron's own default: the default membrane and the medium AHP at its soma (SK
# channels carry the AHP that sets a motoneuron's minimum rate; ahp.mod's sources)
MOTONEURON_MEMBRANE = DEFAULT_MEMBRANE.with_(gca_soma_S_cm2=AHP_GCA_S_CM2,
                                             gsk_soma_S_cm2=AHP_GSK_S_CM2)
# the interneuron's own default: the default membrane and the M-current (Kv7) at its soma and
# axon, a resting K+ conductance besides the leak that opens further on depolarisation
INTERNEURON_MEMBRANE = DEFAULT_MEMBRANE.with_(gkm_S_cm2=KM_GBAR_S_CM2)


def default_membrane(builder: str | None) -> MembraneSpec:
    """The membrane a builder paints when it is given none.

    Parameters
    ----------
    builder : str or None
        The builder's name ("motoneuron", "sphere", ...); None: an SWC or NeuroML cell.

    Returns
    -------
    leakmodels.MembraneSpec
        `MOTONEURON_MEMBRANE` for the motoneuron, `INTERNEURON_MEMBRANE` for the
        interneuron, `DEFAULT_MEMBRANE` for every other builder and for SWC cells.
    """
    return {"motoneuron": MOTONEURON_MEMBRANE,
            "interneuron": INTERNEURON_MEMBRANE}.get(builder, DEFAULT_MEMBRANE)


def axial_resistivity_ohm_cm(spec: MembraneSpec, morphology_ra_ohm_cm: float = DEFAULT_RA_OHM_CM) -> float:
    """The Ra a cell built with `spec` gets: the spec's, else the morphology's own."""
    return spec.ra_ohm_cm if spec.ra_ohm_cm is not None else morphology_ra_ohm_cm
