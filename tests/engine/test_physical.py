"""leakmodels.engine.physical: which steady potentials a cell's currents can hold."""
import leakmodels as lm
from leakmodels.mechanisms import IonUse, Mechanism, Param, register, unregister

NO_PUMP = lm.MembraneSpec(pump_imax_mA_cm2=0.0).without_spikes()


def test_a_users_mechanism_may_hold_v_beyond_the_ions_reversal_range():
    """A mechanism declared by a user may reverse where no ion of the spec does: NEURON's hh
    reduced to its leak (gl = 1 mS/cm2, el = -115 mV, ten times the K+ leak) holds a sphere
    near el, below E_K. Only leakmodels' own mechanisms are held to the ions' range with
    the 1-mV no-pump margin (this rest was refused as unphysical when every declared
    mechanism was)."""
    assert NO_PUMP.pump_current_mA_cm2() == 0.0
    e_k = NO_PUMP.reversal_mV("k")
    register(Mechanism("hh", "squid channels, their leak only", "gated", None,
                       params=(Param("gnabar", value=lambda spec: 0.0),
                               Param("gkbar", value=lambda spec: 0.0),
                               Param("gl", value=lambda spec: 1e-3),
                               Param("el", value=lambda spec: -115.0)),
                       density=("gl",),
                       ions=(IonUse("na", ("ena",), ("ina",)), IonUse("k", ("ek",), ("ik",)))))
    try:
        with lm.sphere(15.0, membrane=NO_PUMP) as cell:
            v = lm.resting_potential(cell)
    finally:
        unregister("hh")
    assert -115.0 < v < e_k - 1.0
    with lm.sphere(15.0, membrane=NO_PUMP) as cell:  # without it: the leaks' own rest
        assert lm.resting_potential(cell) > e_k
