"""Benchmark: what a sweep costs beyond measuring its cells, in one run.

A 200-cell sweep of small cells (the default interneuron at 200 scales from 0.5 to 4,
spaced geometrically; rest and R_in), journalled as the command line journals it, in this
process and on 2 spawned pool workers. Each row's `seconds` is the time its worker spent
on it (building the cell, measuring it, deleting it), so

  overhead = (wall clock x workers - the rows' seconds) / (wall clock x workers)

is what the package adds: making the tasks and their journal keys, the journal, handing
tasks to workers and rows back, the table. The workers' start (spawning, importing,
loading the mechanisms) is measured apart, as the wall clock of a sweep of one cell per
worker less its slower cell, and taken out of the 2-worker figure (it is paid once per
sweep, not per cell).

    python benchmarks/bench_overhead.py [--cells N]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import leakmodels as lm

MEASURES = ("rest", "rin")


def sources(n):
    return lm.cell_sources(["interneuron"], [0.5 * 8 ** (k / (n - 1)) for k in range(n)])


def run(cells, jobs, folder):
    t0 = time.perf_counter()
    table = lm.sweep(cells, measures=MEASURES,
                     execution=lm.Execution(jobs=jobs, journal_dir=Path(folder) / f"j{jobs}",
                                            progress=False))
    return table, time.perf_counter() - t0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cells", type=int, default=200)
    args = p.parse_args(argv)
    cells = sources(args.cells)
    with tempfile.TemporaryDirectory() as folder:
        run(sources(2), 1, Path(folder) / "warm")  # this process's one-time costs (digests)
        first, wall = run(sources(2), 2, Path(folder) / "start")  # one cell per worker
        start = wall - first.seconds.max()  # spawning, importing, loading: the workers' start
        serial, t1 = run(cells, 1, folder)
        pool, t2 = run(cells, 2, folder)
    assert (serial.drop(columns="seconds").equals(pool.drop(columns="seconds")))
    busy1, busy2 = serial.seconds.sum(), pool.seconds.sum()
    over1 = (t1 - busy1) / t1
    wall2 = t2 - start  # the start, paid once, apart
    over2 = (2 * wall2 - busy2) / (2 * wall2)
    print(f"{args.cells} interneurons, rest + R_in; the rows equal on 1 and 2 workers")
    print(f"1 process : {t1:7.2f} s wall, cells {busy1:7.2f} s, overhead {over1:6.1%} "
          f"({(t1 - busy1) / args.cells * 1e3:.2f} ms a cell)")
    print(f"2 workers : {t2:7.2f} s wall ({start:.2f} s of it the workers' start, measured "
          f"apart), cells {busy2:7.2f} s, overhead {over2:6.1%} "
          f"({(2 * wall2 - busy2) / args.cells * 1e3:.2f} ms a cell)")
    print(f"speed-up of 2 workers: {t1 / t2:.2f}x")


if __name__ == "__main__":
    main()
