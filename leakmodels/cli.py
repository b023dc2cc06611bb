"""The command line: `python run.py [STUDY ...] [--out DIR] [--morphologies DIR]`.

Runs the named studies (all by default), writes their tables, figures, claims.csv and
report.md under --out, prints progress and ends with a table of the claims. Exits 1 if any
claim does not hold, 2 on bad arguments.
"""
from __future__ import annotations

import argparse
import inspect
import sys
import time
from pathlib import Path

from . import studies
from .report import claims_table, write_report, write_study

DEFAULT_MORPHOLOGIES = Path(__file__).resolve().parents[2] / "shared" / "morphologies"


def _parser() -> argparse.ArgumentParser:
    lines = "\n".join(f"  {name:16s} {desc}" for name, (_, desc) in studies.STUDIES.items())
    p = argparse.ArgumentParser(
        prog="run.py",
        description="Run the leakmodels studies; write tables, figures and a report.",
        epilog="studies:\n" + lines,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("studies", nargs="*", metavar="STUDY", help="studies to run (default: all)")
    p.add_argument("--out", default="results", help="output folder (default: results)")
    p.add_argument("--morphologies", default=str(DEFAULT_MORPHOLOGIES),
                   help="folder of real reconstructions (default: ../shared/morphologies)")
    p.add_argument("--list", action="store_true", help="list the studies and exit")
    return p


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        for name, (_, desc) in studies.STUDIES.items():
            print(f"{name:16s} {desc}")
        return 0
    names = args.studies or list(studies.STUDIES)
    unknown = [n for n in names if n not in studies.STUDIES]
    if unknown:
        print(f"unknown study {', '.join(unknown)}; known: {', '.join(studies.STUDIES)}",
              file=sys.stderr)
        return 2
    out = Path(args.out)
    options = {"morphologies_dir": Path(args.morphologies)}
    results, timings, failures = [], {}, {}
    t_all = time.time()
    for i, name in enumerate(names, 1):
        fn = studies.get(name)
        accepted = inspect.signature(fn).parameters
        kwargs = {k: v for k, v in options.items() if k in accepted}
        print(f"[{i}/{len(names)}] {name}: {studies.STUDIES[name][1]} ...", flush=True)
        t0 = time.time()
        try:
            result = fn(**kwargs)
        except Exception as exc:  # one broken study must not lose the others' results
            failures[name] = f"{type(exc).__name__}: {exc}"
            print(f"      FAILED after {time.time() - t0:.1f} s: {failures[name]}", flush=True)
            continue
        timings[name] = time.time() - t0
        paths = write_study(result, out)
        ok = sum(c.holds for c in result.claims)
        print(f"      {ok}/{len(result.claims)} claims hold, {timings[name]:.1f} s -> "
              f"{paths['csv']}, {paths['png']}", flush=True)
        results.append(result)
    report = write_report(results, out, timings, failures)
    claims = claims_table(results)
    print()
    print(f"Claims ({int(claims.holds.sum())}/{len(claims)} hold), total {time.time() - t_all:.0f} s:")
    for _, c in claims.iterrows():
        mark = "ok " if c.holds else "NO "
        print(f"  {mark} {c.study:15s} {c.claim[:60]:60s} {c.value:>11.4g} {c.unit:8s} expected {c.expected}")
    for name, why in failures.items():
        print(f"  FAILED study {name}: {why}")
    print(f"\nReport: {report}")
    return 0 if claims.holds.all() and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
