"""The command line `leakmodels` (and `python run.py`, which is `leakmodels run`).

    leakmodels run [STUDY ...] [--out DIR] [--morphologies DIR]   run studies, write a report
                   [--jobs N | --mpi] [--fresh-process]
    leakmodels list                                               the studies
    leakmodels measure PATH ... [--scales START:STOP:N] [--measure rest,rin,tau,rheobase]
                       [--set FIELD=V[/V],...] [--range MECH.VAR*F[@REGION],...]
                       [--replace-pas [REGION+REGION]] [--add MECH:FIELD=V,...[@REGION]]
                       [--recursive] [--fresh]
                       [--mechanisms DIR] [--template NAME] [--args A,B,...]
                       [--factory MODULE:FUNCTION]
                       [--out FILE.csv] [--jobs N | --mpi] [--fresh-process]
                                                                  measure cells into a table
    leakmodels compile [--force]                                  compile the NMODL mechanisms
    leakmodels --version

`leakmodels COMMAND --help` says what each option does.

Exit status: 0 when everything held, 1 when a claim failed or a study raised, 2 on bad
arguments. Thin: every piece of work is a function of the package.
"""
from __future__ import annotations

import argparse
from dataclasses import replace
import os
import sys
import time
from pathlib import Path

from . import __version__
from .cliargs import (
    addition,
    jobs,
    measures,
    membrane_set,
    model_args,
    ranges,
    scales,
    writable_dir,
    writable_file,
)
from .measure import measurements
from .mechanisms.loading import compile_mechanisms
from .report.writing import claims_table, kind_counts, write_report
from .spec.reference_data import default_morphologies
from .studies import STUDIES
from .studies.pool import JOURNAL_DIR, study_outcomes
from .sweeps.execution import Execution, mpi_session
from .sweeps.progress import Interrupted, terminate_as_interrupt
from .sweeps.discovery import cell_sources
from .sweeps.sources import Condition
from .sweeps.table import sweep
from .sweeps.tasks import DEFAULT_MEASURES, OUTCOMES


def _measure_help() -> str:
    lines = ["measurements (--measure NAME or NAME:PARAM=VALUE:...; eFEL's names too):"]
    for m in measurements():
        cols = ", ".join(c.name for c in m.columns)
        params = ", ".join(f"{k}={v!r}" for k, v in m.params)
        efel = f" [eFEL {m.efel}]" if m.efel else ""
        lines.append(f"  {m.name:17s}{cols}{efel}" + (f"; {params}" if params else ""))
    return "\n".join(lines)


def _add_execution(p) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--jobs", type=jobs, default=1, metavar="N",
                       help="worker processes (default 1: this process); `run` with several "
                            "studies runs N studies at a time, each in a fresh process, "
                            "otherwise the sweeps use N workers")
    group.add_argument("--mpi", action="store_true",
                       help="run the sweeps on MPI ranks (under mpiexec -n N; needs mpi4py)")
    p.add_argument("--fresh-process", action="store_true",
                   help="a new worker process for every cell (with --jobs)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="leakmodels", description=(
        "How leak channels make a neuron electrically alive: studies and measurements on NEURON."))
    p.add_argument("--version", action="version", version=f"leakmodels {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    lines = "\n".join(f"  {name:16s} {study.description}" for name, study in STUDIES.items())
    run = sub.add_parser("run", help="run studies and write tables, figures and a report",
                         epilog="studies:\n" + lines,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("studies", nargs="*", metavar="STUDY", help="studies to run (default: all)")
    run.add_argument("--out", default="results", type=writable_dir,
                     help="output folder (default: results)")
    run.add_argument("--morphologies", type=Path, default=None,
                     help="folder of real reconstructions for the validation study (default: "
                          "$LEAKMODELS_MORPHOLOGIES or ../shared/morphologies)")
    _add_execution(run)
    sub.add_parser("list", help="list the studies")
    meas = sub.add_parser("measure", help="measure cells into one table: rest (mV), R_in (MOhm), "
                          "tau (ms), rheobase (nA), sag, f-I, AHP, ...",
                          description="PATH: an SWC file, a NeuroML2 .nml cell file, a "
                          "folder of them (.swc, .cell.nml), a builder name "
                          "(interneuron, motoneuron, sphere, cylinder, ball_and_stick) which "
                          "--scales sweeps (every length and diameter times the scale), or a "
                          "model of one's own, measured as it stands: a .hoc file (--template "
                          "for a template's) or FILE.py:FUNCTION / module:function that "
                          "builds it, with its .mod files at --mechanisms.",
                          epilog=_measure_help(),
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    meas.add_argument("paths", nargs="*", metavar="PATH")
    meas.add_argument("--scales", type=scales, default=None, metavar="START:STOP:N",
                      help="N scale factors from START to STOP, spaced geometrically (builders)")
    meas.add_argument("--measure", type=measures, default=",".join(DEFAULT_MEASURES),
                      metavar="LIST", help="comma-separated measurements (below); default "
                      f"{','.join(DEFAULT_MEASURES)}")
    meas.add_argument("--set", type=membrane_set, action="append", default=None, metavar="FIELD=V,...",
                      help="a membrane condition: MembraneSpec fields changed from each cell's "
                      "own default, the pump kept (kleak_fopen=0.5,pump_block=1); repeat for "
                      "more conditions, a/b/c for one each; default: the cell's own membrane")
    meas.add_argument("--range", type=ranges, action="append", default=None,
                      metavar="MECH.VAR*F,...",
                      help="a condition on any cell, a model of one's own included: RANGE "
                      "variables scaled (*F) or set (=V) by name, @REGION+REGION to limit them "
                      "(pas.g*0.5@dend, kleak.pbar*0.5/0.25); repeat for more conditions")
    meas.add_argument("--replace-pas", nargs="?", const="all", default=None,
                      metavar="REGION+REGION",
                      help="in every condition, leakmodels' leaks and pump in place of the "
                      "model's pas (same reversal and conductance), everywhere or in these "
                      "regions; then --range kleak.fopen*0.5 halves its K+ leak")
    meas.add_argument("--add", type=addition, action="append", default=None,
                      metavar="MECH:FIELD=V,...[@REGION+REGION]",
                      help="in every condition, one of leakmodels' channels added over regions "
                      "after --replace-pas (hcn:ghcn_S_cm2=2e-4@dend); repeat for more; then "
                      "--range hcn.gbar*0/1 compares without and with it")
    meas.add_argument("--recursive", action="store_true",
                      help="read the SWC files of the folders' subfolders too")
    meas.add_argument("--factory", action="append", default=[], metavar="MODULE:FUNCTION",
                      help="a model built by a Python function (or FILE.py:FUNCTION; the same "
                      "as giving it as a PATH)")
    meas.add_argument("--mechanisms", default=None, metavar="DIR",
                      help="the model's .mod files (a folder, compiled once into the cache) "
                      "or its compiled library")
    meas.add_argument("--template", default=None, metavar="NAME",
                      help="the hoc template that makes the cell (its file defines it)")
    meas.add_argument("--args", type=model_args, default=(), metavar="A,B,...",
                      help="arguments of the template or FUNCTION (numbers or words)")
    meas.add_argument("--fresh", action="store_true",
                      help="measure every row again (do not resume from the journal)")
    meas.add_argument("--out", type=writable_file, default=None, metavar="FILE.csv",
                      help="write the table here (default: print it); finished rows are kept "
                           "beside it, so that an interrupted run resumes")
    _add_execution(meas)
    comp = sub.add_parser("compile", help="compile leakmodels' NMODL mechanisms into the "
                          "per-user cache (done automatically on first use)")
    comp.add_argument("--force", action="store_true", help="compile again even if cached")
    return p


def _execution(args, journal_dir):
    return Execution(jobs=args.jobs, mpi=args.mpi, fresh_process=args.fresh_process,
                     journal_dir=journal_dir, resume=not getattr(args, "fresh", False))


def _report(args, order, failures: dict, skipped: dict, interrupted: str | None = None):
    """report.md and claims.csv from every study's files in args.out; the studies this run
    did not measure say why (failed or skipped)."""
    notes = {**{n: f"FAILED: {w}" for n, w in failures.items()}, **skipped}
    return write_report(args.out, list(order), notes, interrupted=interrupted, argv=args.argv)


def _run(args) -> int:
    execution = _execution(args, args.out / JOURNAL_DIR)
    names = args.studies or list(STUDIES)
    unknown = [n for n in names if n not in STUDIES]
    if unknown:
        print(f"unknown study {', '.join(unknown)}; known: {', '.join(STUDIES)}",
              file=sys.stderr)
        return 2
    morph = args.morphologies or default_morphologies()
    frames, failures, skipped = {}, {}, {}
    t_all = time.time()
    parallel = args.jobs > 1 and not args.mpi and len(names) > 1
    try:
        jobs = args.jobs if parallel else 1
        for i, res in study_outcomes(names, args.out, morph, args.argv, execution, jobs):
            name = res["name"]
            head = f"[{i}/{len(names)}] {name}: " if parallel else "      "
            if "skipped" in res:
                skipped[name] = res["skipped"]
                print(f"{head}{skipped[name]}", flush=True)
            elif "failed" in res:
                failures[name] = res["failed"]
                print(f"{head}FAILED after {res['took']:.1f} s: {failures[name]}", flush=True)
            else:
                frames[name] = res["claims"]
                print(f"{head}{kind_counts(res['claims'])}, {res['took']:.1f} s -> "
                      f"{res['paths']['csv']}, {res['paths']['png']}", flush=True)
    except KeyboardInterrupt:
        running = [n for n in names if n not in frames and n not in failures and n not in skipped]
        _report(args, STUDIES, failures, skipped,
                f"during {', '.join(running)}" if running else "between studies")
        raise
    report = _report(args, STUDIES, failures, skipped)
    ordered = [frames[n] for n in names if n in frames]
    claims = claims_table(ordered)
    print()
    print(f"Claims of this run ({kind_counts(claims)}), total {time.time() - t_all:.0f} s:")
    for _, c in claims.iterrows():
        mark = "ok " if c.holds else "NO "
        print(f"  {mark} {c.kind[:4]} {c.study:15s} {c.claim[:56]:56s} {c.value:>11.4g} "
              f"{c.unit:8s} expected {c.expected}")
    for name, why in failures.items():
        print(f"  FAILED study {name}: {why}")
    for name, why in skipped.items():
        print(f"  study {name} {why}")
    print(f"\nReport: {report}")
    # a failed consistency check is a bug, and so is a study that fails: exit 1. A prediction
    # that does not hold is a result, reported as such.
    broken = claims[(claims.kind == "consistency") & ~claims.holds.astype(bool)] if len(claims) else claims
    return 0 if not len(broken) and not failures else 1


def _summary(table) -> str:
    """'12 rows: 10 ok, 1 no rest, 0 cannot fire, 1 error; 8 reused from FILE'."""
    counts = table.outcome.value_counts() if len(table) else {}
    text = f"{len(table)} rows: " + ", ".join(f"{counts.get(o, 0)} {o}" for o in OUTCOMES)
    if table.attrs.get("rows_reused"):
        text += (f"; {table.attrs['rows_reused']} reused from {table.attrs['journal']} "
                 "(inputs unchanged; --fresh measures them again)")
    return text


def _measure(args) -> int:
    scales = args.scales.values() if args.scales else None
    try:
        if not args.paths and not args.factory:
            raise ValueError("give a PATH (an SWC or NeuroML file or folder, a builder, a .hoc file) or "
                             "--factory MODULE:FUNCTION.")
        bad = [f for f in args.factory if ":" not in f]
        if bad:
            raise ValueError(f"--factory {bad[0]}: give MODULE:FUNCTION or FILE.py:FUNCTION.")
        cells = cell_sources([*args.paths, *args.factory], scales, recursive=args.recursive,
                             template=args.template, args=args.args,
                             mechanisms=args.mechanisms)
    except (FileNotFoundError, ValueError) as exc:
        print(f"leakmodels measure: {exc}", file=sys.stderr)
        return 2
    groups = (args.set or []) + (args.range or [])
    conditions = [c for group in groups for c in group] or [Condition()]
    if args.replace_pas:
        where = True if args.replace_pas == "all" else tuple(args.replace_pas.split("+"))
        conditions = [replace(c, replace_pas=where) for c in conditions]
    if args.add:
        conditions = [replace(c, add=tuple(args.add)) for c in conditions]
    journal = None if args.out is None else args.out.parent / JOURNAL_DIR
    table = sweep(cells, conditions, measures=args.measure,
                  execution=_execution(args, journal),
                  name=args.out.stem if args.out is not None else "measure")
    if args.out is not None:
        table.to_csv(args.out, index=False)
    else:
        cols = ["cell", *(["condition"] if groups else []),
                *(c.name for m in args.measure for c in m.columns), "outcome"]
        print(table[cols].to_string(index=False))
    print(_summary(table) + (f" -> {args.out}" if args.out is not None else ""))
    for _, row in table[table.outcome != "ok"].iterrows():
        where = f" ({row.condition})" if groups else ""
        print(f"  {row.cell}{where}: {row.outcome}: {row.reason}")
    return 0 if (table.outcome == "ok").all() else 1


def _compile(args) -> int:
    lib = compile_mechanisms(force=args.force)
    print(f"leakmodels mechanisms: {lib}")
    return 0


def _joined(argv: list) -> list:
    """'--scales -1:2:3' as '--scales=-1:2:3', so that argparse reads a value that starts
    with '-' as the value (and its own check names what is wrong with it)."""
    out, it = [], iter(argv)
    for a in it:
        if a in ("--scales", "--set", "--range", "--measure"):
            nxt = next(it, None)
            out.append(a if nxt is None else f"{a}={nxt}")
        else:
            out.append(a)
    return out


def main(argv=None, prog: str = "leakmodels") -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser().parse_args(_joined(argv))
    args.argv = [prog, *(argv[1:] if prog == "run.py" else argv)]  # what the results record
    commands = {"run": _run, "measure": _measure, "compile": _compile, "list": _list}
    if args.command not in commands:
        parser().print_help()
        return 2
    try:
        with terminate_as_interrupt():
            if getattr(args, "mpi", False):
                with mpi_session():  # ranks other than 0 serve the sweeps and never get past here
                    return commands[args.command](args)
            return commands[args.command](args)
    except BrokenPipeError:  # `leakmodels list | head -3`: the reader left; say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Interrupted as exc:
        print(f"\n{exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("\ninterrupted: the files written so far are kept", file=sys.stderr)
        return 130


def _list(args) -> int:
    for name, study in STUDIES.items():
        print(f"{name:16s} {study.description}")
    return 0


def run_py(argv=None) -> int:
    """`python run.py [STUDY ...] [--out DIR] [--morphologies DIR] [--list]`."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if "--list" in argv:
        return main(["list"])
    if argv and argv[0] in ("-h", "--help"):
        return main(["run", "--help"])
    return main(["run", *argv], prog="run.py")


if __name__ == "__main__":
    sys.exit(main())
