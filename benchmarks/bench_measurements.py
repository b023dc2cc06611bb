"""Benchmark: leakmodels' measurements against the way they are done by hand today.

The baseline is the usual script: fixed time step (dt = 0.025 ms), h.finitialize then
h.continuerun for every trial, a 100 ms settling period before each step, and a bisection
on the step amplitude between 0 and a generous upper bound. Both run in the same process
on the same cell, so the printed ratios do not depend on the machine.

    python benchmarks/bench_measurements.py            # interneuron and motoneuron
"""
from __future__ import annotations

import sys
import time


import leakmodels as lm  # first: it sets NEURON's start-up options
from neuron import h  # noqa: E402


def rheobase_by_hand(cell, precision=0.005, duration_ms=500.0, hi_nA=None):
    """The by-hand baseline: full fixed-step runs from finitialize for every trial."""
    soma = cell.soma(0.5)
    stim = h.IClamp(soma)
    stim.delay, stim.dur = 100.0, duration_ms
    v = h.Vector().record(soma._ref_v)
    h.cvode_active(0)
    h.dt = 0.025
    h.celsius = cell.celsius_degC
    v_init = cell.membrane.leak_rest_mV()

    def fires(amp):
        stim.amp = amp
        h.finitialize(v_init)
        h.continuerun(100.0 + duration_ms)
        return v.max() > 0.0

    lo, hi = 0.0, hi_nA
    trials = 0
    while hi - lo > precision * hi:
        mid = 0.5 * (lo + hi)
        trials += 1
        if fires(mid):
            hi = mid
        else:
            lo = mid
    return hi, trials


def rin_by_hand(cell, amp_nA):
    """R_in from a -amp step: fixed step, 100 ms settle, 1 s step, read the end."""
    soma = cell.soma(0.5)
    stim = h.IClamp(soma)
    stim.delay, stim.dur, stim.amp = 100.0, 1000.0, amp_nA
    h.cvode_active(0)
    h.dt = 0.025
    h.celsius = cell.celsius_degC
    h.finitialize(cell.membrane.leak_rest_mV())
    h.continuerun(100.0)
    v0 = soma.v
    h.continuerun(1100.0)
    return (soma.v - v0) / amp_nA


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0


def main(names):
    builders = {"interneuron": lm.interneuron, "motoneuron": lm.motoneuron}
    print(f"{'cell':12s} {'quantity':10s} {'leakmodels':>12s} {'by hand':>12s} "
          f"{'t_lm (s)':>9s} {'t_hand (s)':>10s} {'speed-up':>9s}")
    for name in names:
        with builders[name]() as cell:
            exact = lm.input_resistance(cell, method="step")
            (r_lm, t_lm) = timed(lm.input_resistance, cell)
            (r_hand, t_hand) = timed(rin_by_hand, cell, -0.05 * 10 / exact)
            print(f"{name:12s} {'R_in MOhm':10s} {r_lm:12.5g} {r_hand:12.5g} {t_lm:9.2f} "
                  f"{t_hand:10.2f} {t_hand / t_lm:8.1f}x   (exact DC slope {exact:.5g})")
            res, t_lm = timed(lm.rheobase_result, cell)
            (rh_hand, trials), t_hand = timed(rheobase_by_hand, cell, hi_nA=100 * 10 / exact)
            print(f"{name:12s} {'rheobase nA':10s} {res.rheobase_nA:12.5g} {rh_hand:12.5g} "
                  f"{t_lm:9.2f} {t_hand:10.2f} {t_hand / t_lm:8.1f}x   "
                  f"(trials {res.trials} vs {trials})")


if __name__ == "__main__":
    main(sys.argv[1:] or ["interneuron", "motoneuron"])
