"""leakmodels.spec.membrane: MembraneSpec's copies (plain numbers, no NEURON)."""
import leakmodels as lm


def test_modulated_pins_the_pump_unless_told_otherwise():
    """A modulated copy keeps the pump that balanced the unchanged leaks (its imax, not
    re-balanced for the halved K+ leak); an imax among the changes is the one kept (the
    command line's --set pump_imax_mA_cm2=... once failed: the keyword was given twice);
    None re-balances for the new leaks."""
    base = lm.MembraneSpec()
    imax = base.pump_imax()
    half = base.modulated(kleak_fopen=0.5 * base.kleak_fopen)
    assert half.pump_imax_mA_cm2 == imax
    assert half.with_(pump_imax_mA_cm2=None).pump_imax() != imax
    assert base.modulated(pump_imax_mA_cm2=2 * imax).pump_imax_mA_cm2 == 2 * imax
    assert base.modulated(pump_imax_mA_cm2=None).pump_imax_mA_cm2 is None
