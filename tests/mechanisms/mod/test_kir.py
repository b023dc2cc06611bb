"""kir.mod: an inward rectifier's two defining properties, against its equation
ik = gbar sqrt(ko/ko_ref) (v - ek) / (1 + exp((v - ek - vhalf)/vslope))."""
import math

import pytest

import leakmodels as lm
from leakmodels.engine.nrnglobals import STEADY, settings
from leakmodels.mechanisms.loading import h

G = 1e-3


def _ik(cell, dv, ko):
    """kir's current at v = E_K + dv with [K+]o = ko (E_K as NEURON computes it)."""
    seg = cell.soma(0.5)
    seg.ko = ko
    with settings(cell.celsius_degC, STEADY):
        h.fcurrent()  # E_K for this ko
        seg.v = seg.ek + dv
        h.fcurrent()
    return seg.kir.ik, seg.v - seg.ek


def test_kir_rectifies_inwardly_and_grows_with_the_square_root_of_ko():
    """Zero at E_K; K+ in below E_K and less out at the same distance above it (inward
    rectification); at the same v - ek a fourfold [K+]o doubles the current (sqrt). Against
    the equation to 1e-12 (float rounding only)."""
    spec = lm.MembraneSpec().without_spikes().with_(gkir_S_cm2=G)
    with lm.sphere(10.0, membrane=spec) as cell:
        kir = cell.soma(0.5).kir
        vh, vs, ref = kir.vhalf, kir.vslope, kir.ko_ref
        for dv in (-20.0, 0.0, 20.0):
            ik, d = _ik(cell, dv, 3.0)
            want = G * math.sqrt(3.0 / ref) * d / (1 + math.exp((d - vh) / vs))
            assert ik == pytest.approx(want, rel=1e-12, abs=1e-18)
        below, _ = _ik(cell, -20.0, 3.0)
        above, _ = _ik(cell, 20.0, 3.0)
        assert below < 0 < above and abs(below) > abs(above)
        at3, d3 = _ik(cell, -20.0, 3.0)
        at12, d12 = _ik(cell, -20.0, 12.0)
        assert d3 == pytest.approx(d12, abs=1e-9)
        assert at12 / at3 == pytest.approx(2.0, rel=1e-9)
