"""nakacc.mod: ion accumulation conserves the amounts of Na+ and K+."""
import math

import pytest
from neuron import h

import leakmodels as lm
from leakmodels.spec import physics as P

PASSIVE = lm.MembraneSpec().without_spikes()


def test_accumulation_conserves_ion_amounts():
    """nakacc: d(nai)/dt = -ina A / (F W). Blocking the pump lets Na+ leak in and K+ out; the
    change of the amount inside (mol) equals the integral of the membrane current over F.
    With a sphere W/A = d/6. Over 2 s the integral is taken by the trapezoid rule on 0.1 ms
    samples of a current that changes by <1 %: its error is far below the 1e-4 tolerance."""
    mem = PASSIVE.with_(accumulate_ions=True, pump_block=1.0)
    with lm.sphere(5, membrane=mem) as cell:
        seg = cell.soma(0.5)
        area_cm2 = seg.area() * 1e-8
        vol_L = cell.volume_um3 * 1e-15
        assert cell.volume_um3 == pytest.approx(math.pi * 5 ** 3 / 6, rel=1e-12)
        tv, ina = h.Vector().record(h._ref_t, 0.1), h.Vector().record(seg._ref_ina, 0.1)
        h.cvode_active(0)
        h.dt = 0.025
        h.celsius = cell.celsius_degC  # plain NEURON; the fixture restores it
        h.finitialize(-68.0)
        nai0, ki0 = seg.nai, seg.ki
        while h.t < 2000.0 - 1e-9:
            h.fadvance()
        import numpy as np
        q_na_C = np.trapezoid(np.array(ina), np.array(tv)) * 1e-3 * 1e-3 * area_cm2  # mA/cm2*ms -> C
        dn_expected_mol = -q_na_C / P.FARADAY_C_PER_MOL
        dn_mol = (seg.nai - nai0) * 1e-3 * vol_L
        assert dn_mol > 0
        assert dn_mol == pytest.approx(dn_expected_mol, rel=1e-4)
        # charge: Na+ in and K+ out nearly cancel (only the capacitive charge differs)
        dk_mol = (seg.ki - ki0) * 1e-3 * vol_L
        q_cap_mol = abs(cell.soma(0.5).v + 68.0) * 1e-3 * 1e-6 * area_cm2 / P.FARADAY_C_PER_MOL
        assert abs(dn_mol + dk_mol) <= q_cap_mol * 1.01 + 1e-24
