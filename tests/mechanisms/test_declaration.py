"""leakmodels.mechanisms.declaration: one declaration is all a mechanism needs; every list the
package keeps is derived from the declarations."""
import subprocess
import sys

import pytest

import leakmodels as lm
from leakmodels.mechanisms import (
    Field,
    IonUse,
    Mechanism,
    Param,
    catalogue,
    register,
    unregister,
)
from leakmodels.mechanisms.declaration import Ion, mechanisms, register_ion

# A mechanism of one's own, declared before MembraneSpec is made: NEURON's built-in hh (so
# that nothing needs compiling), painted in the soma with one density field of its own.
USER_MECHANISM = """
import leakmodels.mechanisms as mech
mech.register(mech.Mechanism(
    "hh", "Hodgkin-Huxley squid channels (a user's own)", "gated", None,
    fields=(mech.Field("ghh_na_S_cm2", 0.0, "conductance_S_cm2", "S/cm2", "hh's gnabar"),),
    params=(mech.Param("gnabar", "ghh_na_S_cm2"),), regions=("soma",), density=("gnabar",),
    ions=(mech.IonUse("na", ("ena",), ("ina",)), mech.IonUse("k", ("ek",), ("ik",)))))
import leakmodels as lm
spec = lm.MembraneSpec(ghh_na_S_cm2=0.12)
with lm.ball_and_stick(20, 200, 2, membrane=spec) as cell:
    dend = cell.sections_in("dend")[0]
    print(cell.soma.has_membrane("hh"), cell.soma(0.5).hh.gnabar, dend.has_membrane("hh"))
with lm.sphere(20, membrane=spec.without_spikes()) as cell:
    print(cell.soma.has_membrane("hh"))
"""


def test_a_users_mechanism_is_one_declaration_away():
    """Declared once, it is a MembraneSpec field with its rule, painted where its
    declaration says (the soma, not the dendrite) and removed with the other gated
    channels by without_spikes."""
    done = subprocess.run([sys.executable, "-c", USER_MECHANISM], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "0.12", "False", "False"]


def test_a_late_declaration_cannot_add_a_field():
    """MembraneSpec is made from the declarations once: a field declared afterwards would
    be silently missing, so it is refused with what to do instead."""
    lm.MembraneSpec()  # the class is made
    late = Mechanism("hh", "squid channels", "gated", None,
                     fields=(Field("ghh_S_cm2", 0.0, "conductance_S_cm2", "S/cm2", ""),),
                     params=(Param("gnabar", "ghh_S_cm2"),), density=("gnabar",))
    with pytest.raises(ValueError, match="after MembraneSpec was made"):
        register(late)
    typo = Mechanism("hh", "squid channels", "gated", None,
                     params=(Param("gnabar", value=lambda spec: 0.12),), switch="hh_on")
    with pytest.raises(ValueError, match="MembraneSpec has no field hh_on"):
        register(typo)  # the switch is checked now, not when a cell is painted
    with pytest.raises(ValueError, match="ion 'cl' is declared after MembraneSpec was made"):
        register_ion(Ion("cl", -1, Field("cli_mM", 5.0, "concentration_mM", "mM", ""),
                         Field("clo_mM", 120.0, "concentration_mM", "mM", "")))
    constant = Mechanism("hh", "squid channels", "gated", None,
                         params=(Param("gnabar", value=lambda spec: 0.12),), density=("gnabar",),
                         ions=(IonUse("na", ("ena",), ("ina",)),))
    register(constant)
    try:
        assert mechanisms()[-1] is constant
    finally:
        unregister("hh")
    assert "hh" not in {m.suffix for m in mechanisms()}


def test_without_spikes_removes_every_gated_channel_declared():
    """Three hand-written 'no spike channel' lists once left out the M-current and the AHP;
    derived from the declarations, none is left out."""
    for base in (lm.MOTONEURON_MEMBRANE, lm.INTERNEURON_MEMBRANE):
        passive = base.without_spikes()
        for mech in catalogue.PACKAGE_MECHANISMS:
            for name in mech.density_fields():
                expected = 0.0 if mech.gated else getattr(base, name)
                assert getattr(passive, name) == expected, name
        assert passive.pk_cm_s == base.pk_cm_s and passive.pump_imax() == base.pump_imax()
    bare = lm.MOTONEURON_MEMBRANE.bare()
    assert (bare.pk_cm_s, bare.pna_cm_s, bare.pump_imax(), bare.gsk_soma_S_cm2) == (0, 0, 0, 0)


def test_a_declaration_says_what_it_paints():
    with pytest.raises(ValueError, match="exactly one"):
        Param("gbar")
    with pytest.raises(ValueError, match="role"):
        Mechanism("x", "", "channel")
    with pytest.raises(ValueError, match="leak_conductance"):
        Mechanism("x", "", "leak")
