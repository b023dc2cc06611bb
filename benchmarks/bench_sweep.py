"""Benchmark: a 200-cell size sweep in one process, on 2 workers, on 2 MPI ranks, and the
standard way.

The sweep: the default interneuron and motoneuron, 100 scales each from 0.5 to 4 (spaced
geometrically), rest + R_in + rheobase (with the standard way's protocol: 2000-ms steps,
spike = -20 mV, 0.5 %). Printed, in one run:

  1. one process against 2 pool workers (spawned): wall-clock ratio, and the tables equal;
  2. 2 MPI ranks (mpiexec, NEURON's bulletin board) on every fifth cell: the rows equal the
     serial ones;
  3. the standard way on a sample of the cells (--sample K per cell type, spread evenly over
     the scales; default 2: the by-hand bisection takes minutes per motoneuron), one process: R_in from a 1-s current step (variable time step, sized to move
     V by ~1 mV) and rheobase by BluePyEModel-style bisection (upper bound (-30 mV - V_rest) /
     R_in, 2000-ms steps in 3000-ms runs, spike = -20 mV, 0.5 %), against leakmodels' time
     for the same sample: the ratio, and the answers side by side. (The whole sweep the
     standard way would take many hours; the sample's ratio is the sweep's.)

    python benchmarks/bench_sweep.py [--quick] [--sample K]   (--quick: 20 scales, not 100)
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from leakmodels.measure.columns import rheobase_columns  # noqa: E402
from leakmodels.sweeps.execution import Execution  # noqa: E402
from leakmodels.sweeps.discovery import cell_sources  # noqa: E402
from leakmodels.sweeps.table import sweep  # noqa: E402

# rheobase with the standard way's protocol, so that the answers can be compared
MEASURES = ("rest", "rin", partial(rheobase_columns, duration_ms=2000.0, precision=0.005,
                                   spike_threshold_mV=-20.0))


def cells(n):
    return cell_sources(["interneuron", "motoneuron"],
                        [0.5 * 8 ** (k / (n - 1)) for k in range(n)])


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0


def standard_way(sources):
    """R_in by a 1-s step and rheobase by bisection, by hand, one cell after the other."""
    from bench_engine import bisection_rheobase, step_rin  # the by-hand protocols

    import leakmodels as lm

    rows = []
    for src in sources:
        with src.build() as cell:
            v_rest = old_rest(cell)
            r_iso = lm.MembraneSpec().rest_slope_rm_ohm_cm2() / (cell.area_um2 * 1e-8) * 1e-6
            rin = step_rin(cell, -1.0 / r_iso)  # ~1 mV (R_in is above R_m/area)
            rh, _ = bisection_rheobase(cell, v_rest, rin)
        rows.append({"cell": src.label, "v_rest_mV": v_rest, "rin_MOhm": rin, "rheobase_nA": rh})
    return pd.DataFrame(rows)


def old_rest(cell):
    from bench_engine import old_settle

    return old_settle(cell)


def mpi_rows(sources_n, every):
    """The sweep's every-`every`th cell on 2 MPI ranks, through `leakmodels measure --mpi`."""
    mpiexec = shutil.which("mpiexec")
    if mpiexec is None:
        return None, "no mpiexec (apt install openmpi-bin; pip install mpi4py)"
    scales = [0.5 * 8 ** (k / (sources_n - 1)) for k in range(0, sources_n, every)]
    out = Path(tempfile.mkdtemp()) / "mpi.pkl"  # exact: a CSV turns "" into NaN
    root = ["--allow-run-as-root"] if os.geteuid() == 0 else []
    env = {**os.environ, "LEAKMODELS_BENCH_SCALES": ",".join(repr(s) for s in scales)}
    script = Path(tempfile.mkdtemp()) / "mpi_sweep.py"
    script.write_text(
        "import os, sys\n"
        "from leakmodels.sweeps import Execution, cell_sources, sweep\n"
        "from leakmodels.sweeps.execution import mpi_session\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "from bench_sweep import MEASURES\n"
        "scales = [float(x) for x in os.environ['LEAKMODELS_BENCH_SCALES'].split(',')]\n"
        "with mpi_session():\n"
        "    t = sweep(cell_sources(['interneuron', 'motoneuron'], scales),\n"
        "              measures=MEASURES, execution=Execution(mpi=True, progress=False))\n"
        f"    t.to_pickle({str(out)!r})\n")
    cmd = [mpiexec, *root, "--oversubscribe", "-n", "2", sys.executable, str(script)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        return None, done.stderr[-1500:]
    return pd.read_pickle(out), ""


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="20 scales per cell instead of 100")
    p.add_argument("--sample", type=int, default=2,
                   help="cells per cell type measured the standard way (default 2)")
    args = p.parse_args(argv)
    n = 20 if args.quick else 100
    sources = cells(n)
    print(f"sweep: {len(sources)} cells (interneuron and motoneuron, {n} scales 0.5-4), rest, "
          "R_in, rheobase (2000-ms steps, -20 mV, 0.5 %)")
    serial, t1 = timed(sweep, sources, measures=MEASURES, execution=Execution(progress=False))
    pool, t2 = timed(sweep, sources, measures=MEASURES, execution=Execution(jobs=2, progress=False))
    plain = lambda t: t.drop(columns=["seconds"])  # noqa: E731
    same = plain(serial).equals(plain(pool))
    print(f"1 process {t1:.1f} s, 2 workers {t2:.1f} s: {t1 / t2:.2f}x (target >= 1.8x); "
          f"tables equal: {same}; outcomes: {dict(serial.outcome.value_counts())}")

    every = 5
    mpi, why = mpi_rows(n, every)
    if mpi is None:
        print(f"MPI: not run ({why.strip()[:300]})")
    else:
        picked = serial.iloc[[i for i in range(len(sources)) if (i % n) % every == 0]]
        eq = plain(mpi).reset_index(drop=True).equals(plain(picked).reset_index(drop=True))
        print(f"MPI, 2 ranks, {len(mpi)} cells: rows equal to serial: {eq}")

    per_type = max(1, min(args.sample, n))  # sampled cells per cell type, spread over the scales
    picks = sorted({round(k * (n - 1) / per_type) for k in range(per_type)})
    sample_idx = [t * n + k for t in range(2) for k in picks]
    sample = [sources[i] for i in sample_idx]
    hand, t_hand = timed(standard_way, sample)
    lm_time = serial.seconds.iloc[sample_idx].sum()
    print(f"standard way, {len(sample)} sampled cells: {t_hand:.0f} s; leakmodels on the same "
          f"cells {lm_time:.1f} s: {t_hand / lm_time:.0f}x (target >= 20x); the whole sweep "
          f"the standard way would take about {t_hand / len(sample) * len(sources) / 3600:.1f} h")
    ours = serial.iloc[sample_idx].reset_index(drop=True)
    diff_r = (ours.rin_MOhm / hand.rin_MOhm - 1).abs().max()
    diff_h = (ours.rheobase_nA / hand.rheobase_nA - 1).abs().max()
    print(f"answers: largest R_in difference {diff_r:.2%} (the 1-s step reads the curved I-V "
          f"over ~1 mV), largest rheobase difference {diff_h:.2%} (both bracket to 0.5 %)")


if __name__ == "__main__":
    main()
