"""Benchmark: leakmodels' engine against the ways a modeller measures by hand, in one run.

For the default interneuron, the default motoneuron and the reconstruction v_e_moto1 it
prints rest, R_in and rheobase from leakmodels beside:

  rest  the settle leakmodels used before its engine: CVODE (atol 1e-7) from the leak rest in
        chunks doubling from 100 to 2000 ms until no segment moves by 1e-6 mV between chunks;
  (a)   R_in from a 1-s current step with the variable time step, sized to move V by ~1 mV
        (200 ms to settle first, R = dV/I at the end of the step), and a converged reference
        (20 s settle, +-0.01 mV steps held 20 s, central difference);
  (b)   rheobase by BluePyEModel-style bisection: lower bound 0, upper (-30 mV - V_rest)/R_in,
        2000-ms steps in 3000-ms runs, variable time step, spike = crossing -20 mV, bisection
        to the same relative precision (0.5 %);
  (c)   the two trials that bracket the answer, run alone (the limit of any search).

leakmodels measures rheobase with the same protocol (2000-ms steps, -20 mV) so that the
answers can be compared. Times are wall-clock seconds in this process, so the ratios do not
depend on the machine; each leakmodels measurement starts from a fresh cell ("cold":
steady-state solve and stability check included) unless marked "warm" (the rest already
found, as every measurement after the first finds it). Each cell's first row is what a
sweep pays: rest then R_in on a freshly built cell against the 1-s step on a freshly built
cell (medians of five; building not counted). Last, an interneuron is measured alone and
beside a settled motoneuron.

    python benchmarks/bench_engine.py [--morphologies DIR]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import leakmodels as lm  # first: it sets NEURON's start-up options
from leakmodels.engine import nrnglobals
from leakmodels.engine.rest import rest
from leakmodels.measure import rheobase as excitability
from neuron import h  # noqa: E402

DEFAULT_MORPHOLOGIES = Path(__file__).resolve().parents[2] / "shared" / "morphologies"
PRECISION = 0.005
STEP_MS, RUN_MS, DELAY_MS, SPIKE_MV = 2000.0, 3000.0, 500.0, -20.0


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0


def _cvode(cell, atol):
    h.celsius = cell.celsius_degC
    h.cvode.use_local_dt(0)
    h.cvode_active(1)
    h.cvode.atol(atol)
    h.cvode.rtol(0)


def old_settle(cell):
    """The settle leakmodels used before the engine (see the module docstring)."""
    _cvode(cell, 1e-7)
    h.finitialize(cell.membrane.leak_rest_mV())
    segs = list(cell.segments())
    last = np.array([s.v for s in segs])
    chunk = 100.0
    while h.t < 30000.0:
        h.cvode.solve(h.t + chunk)
        now = np.array([s.v for s in segs])
        if np.max(np.abs(now - last)) < 1e-6:
            break
        last, chunk = now, min(chunk * 2, 2000.0)
    return cell.soma(0.5).v


def step_rin(cell, amp_nA):
    """(a): settle 200 ms, then a 1-s step of amp_nA; R = (V_end - V_before) / I."""
    _cvode(cell, 1e-3)  # NEURON's default CVODE tolerance, as a script would run it
    stim = h.IClamp(cell.soma(0.5))
    stim.delay, stim.dur, stim.amp = 200.0, 1000.0, amp_nA
    h.finitialize(cell.membrane.leak_rest_mV())
    h.cvode.solve(200.0)
    v0 = cell.soma(0.5).v
    h.cvode.solve(1200.0)
    return (cell.soma(0.5).v - v0) / amp_nA


def reference_rin(cell, amp_nA, t_ms=20000.0):
    """Converged: 20 s settle, then +-amp_nA held 20 s (CVODE atol 1e-9)."""
    _cvode(cell, 1e-9)
    stim = h.IClamp(cell.soma(0.5))
    stim.delay, stim.dur = t_ms, 1e12
    v = {}
    for sign in (-1, 1):
        stim.amp = sign * amp_nA
        h.finitialize(cell.membrane.leak_rest_mV())
        h.cvode.solve(2 * t_ms)
        v[sign] = cell.soma(0.5).v
    return (v[1] - v[-1]) / (2 * amp_nA)


def bisection_rheobase(cell, v_rest, rin):
    """(b): BluePyEModel-style bisection (see the module docstring)."""
    _cvode(cell, 1e-3)
    seg = cell.soma(0.5)
    stim = h.IClamp(seg)
    stim.delay, stim.dur = DELAY_MS, STEP_MS
    spikes = h.Vector()
    nc = h.NetCon(seg._ref_v, None, sec=seg.sec)
    nc.threshold = SPIKE_MV
    nc.record(spikes)
    lo, hi = 0.0, (-30.0 - v_rest) / rin
    trials = 0

    def fires(amp):
        nonlocal trials
        trials += 1
        stim.amp = amp
        h.finitialize(cell.membrane.leak_rest_mV())
        h.cvode.solve(RUN_MS)
        return spikes.size() > 0 and spikes.max() > DELAY_MS

    while not fires(hi):
        lo, hi = hi, 2 * hi
    while hi - lo > PRECISION * hi:
        mid = 0.5 * (lo + hi)
        if fires(mid):
            hi = mid
        else:
            lo = mid
    return hi, trials


def bracket_trials(cell, res):
    """(c): the two trials of the final bracket, run alone from the settled rest."""
    ss = rest(cell)
    t0 = time.perf_counter()
    for amp in (res.rheobase_nA, res.below_nA):
        excitability._trial(cell, cell.soma(0.5), ss, amp, STEP_MS, SPIKE_MV, 1e-5)
    return time.perf_counter() - t0


def row(name, what, lm_val, lm_s, other_val, other_s, other_name, note=""):
    print(f"{name:12s} {what:18s} {lm_val:12.6g} {lm_s:9.3f} s | {other_name:20s} "
          f"{other_val:12.6g} {other_s:9.3f} s | {other_s / lm_s:7.1f}x {note}")


def bench_rest(name, build):
    with build() as cell:
        v_old, t_old = timed(old_settle, cell)
    with build() as cell:
        v_lm, t_lm = timed(lm.resting_potential, cell)
        cell.forget_rest()
        v_again, t_again = timed(lm.resting_potential, cell)
    row(name, "rest cold (mV)", v_lm, t_lm, v_old, t_old, "old 1e-6 settle",
        f"diff {abs(v_lm - v_old):.1e} mV (cold: the cell's state layout built first)")
    row(name, "rest re-solved", v_again, t_again, v_old, t_old, "old 1e-6 settle")


def bench_fresh(name, build, repeats=5):
    """What a sweep pays: rest then R_in on a freshly built cell (building not counted),
    against (a) the 1-s step on a freshly built cell; medians of `repeats`, alternating."""
    ours, theirs = [], []
    for _ in range(repeats):
        with build() as cell:
            t0 = time.perf_counter()
            lm.resting_potential(cell)
            r_lm = lm.input_resistance(cell)
            ours.append(time.perf_counter() - t0)
        with build() as cell:
            r_a, t_a = timed(step_rin, cell, -1.0 / r_lm)
            theirs.append(t_a)
    row(name, "rest+R_in fresh", r_lm, float(np.median(ours)), r_a, float(np.median(theirs)),
        "(a) 1-s step, fresh", f"medians of {repeats}; R_in (MOhm) beside (a)'s")


def bench_cell(name, build):
    print()
    bench_fresh(name, build)
    bench_rest(name, build)
    with build() as cell:
        r_cold, t_cold = timed(lm.input_resistance, cell)
        r_warm, t_warm = timed(lm.input_resistance, cell)
        amp = -1.0 / r_warm
        r_a, t_a = timed(step_rin, cell, amp)
        r_ref = reference_rin(cell, 0.01 / r_warm)
    row(name, "R_in cold (MOhm)", r_cold, t_cold, r_a, t_a, "(a) 1-s step",
        f"vs reference {r_cold / r_ref - 1:+.1e}; (a) vs reference {r_a / r_ref - 1:+.1e}")
    row(name, "R_in warm (MOhm)", r_warm, t_warm, r_a, t_a, "(a) 1-s step")
    with build() as cell:
        v_rest, rin = lm.resting_potential(cell), lm.input_resistance(cell)
        (rh_b, n_b), t_b = timed(bisection_rheobase, cell, v_rest, rin)
    with build() as cell:
        res, t_lm = timed(lm.rheobase_result, cell, duration_ms=STEP_MS, precision=PRECISION,
                          spike_threshold_mV=SPIKE_MV)
        t_c = bracket_trials(cell, res)
    row(name, "rheobase (nA)", res.rheobase_nA, t_lm, rh_b, t_b, f"(b) bisection x{n_b}",
        f"{res.trials} trials; diff {res.rheobase_nA / rh_b - 1:+.1e}; "
        f"(c) two bracket trials {t_c:.3f} s: leakmodels / (c) = {t_lm / t_c:.2f}")


def bench_neighbours():
    print()
    def measure(cell):
        t0 = time.perf_counter()
        lm.resting_potential(cell)
        lm.input_resistance(cell)
        rh = lm.rheobase(cell)
        return rh, time.perf_counter() - t0

    with lm.interneuron() as cell:
        rh_alone, t_alone = measure(cell)
    with lm.motoneuron() as other, lm.interneuron() as cell:
        lm.resting_potential(other)
        rh_with, t_with = measure(cell)
    print(f"interneuron rest + R_in + rheobase alone {t_alone:.3f} s, beside a settled "
          f"motoneuron {t_with:.3f} s: {t_with / t_alone:.2f}x; rheobase {rh_alone:.6g} vs "
          f"{rh_with:.6g} nA")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--morphologies", default=str(DEFAULT_MORPHOLOGIES))
    args = p.parse_args(argv)
    saved = nrnglobals.snapshot()
    cells = {"interneuron": lm.interneuron, "motoneuron": lm.motoneuron}
    moto1 = Path(args.morphologies) / "cat-motoneurons" / "v_e_moto1.swc"
    if moto1.exists():
        cells["v_e_moto1"] = lambda: lm.from_swc(moto1)
    else:
        print(f"({moto1} not found: v_e_moto1 skipped)")
    print(f"{'cell':12s} {'quantity':18s} {'leakmodels':>12s} {'time':>11s} | {'by hand':20s} "
          f"{'value':>12s} {'time':>11s} | speed-up")
    for name, build in cells.items():
        bench_cell(name, build)
        nrnglobals.restore(saved)
    print()
    bench_rest("IN with hcn", lambda: lm.interneuron(membrane=lm.MembraneSpec(ghcn_S_cm2=1e-4)))
    bench_neighbours()


if __name__ == "__main__":
    main()
