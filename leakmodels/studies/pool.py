"""Running studies: each writes its table, figure and report section, one after another in
this process (its sweeps on the given execution) or several at a time, each in a fresh
spawned process of its own.

`run_one_study(name, out, morphologies, argv)` runs one study and writes its files; a study
that raises is an outcome ({"failed": why}), not an exception, so that one broken study does
not lose the others' results. `study_outcomes(...)` yields the outcome of every study as it
finishes; interrupted, it stops every worker at once, so that no study goes on writing
behind the report's back.
"""
from __future__ import annotations

import inspect
import time
from pathlib import Path

from ..report.writing import write_study
from ..spec.reference_data import WHERE_TO_GET
from ..sweeps.execution import (
    FRESH_PROCESS_AVAILABLE,
    Execution,
    completed,
    process_pool,
)
from . import STUDIES, get

JOURNAL_DIR = ".leakmodels-journal"  # finished sweep rows, beside the outputs


def needs_morphologies(name: str) -> bool:
    """A study of real reconstructions: its run function takes `morphologies_dir`."""
    return "morphologies_dir" in inspect.signature(get(name)).parameters


def run_one_study(name: str, out: Path, morphologies, argv, execution=None) -> dict:
    """Run study `name` and write its table, figure and section into `out`. Returns
    {"name", "claims" (DataFrame), "took", "paths"}, or {"name", "failed": why} or
    {"name", "skipped": why}. execution None: its sweeps in this process, journalled in out."""
    fn = get(name)
    needs = needs_morphologies(name)
    if needs and (morphologies is None or not Path(morphologies).is_dir()):
        return {"name": name, "skipped": f"skipped: it needs {WHERE_TO_GET}"}
    if execution is None:
        execution = Execution(jobs=1, journal_dir=Path(out) / JOURNAL_DIR)
    kwargs = {"morphologies_dir": Path(morphologies)} if needs else {}
    t0 = time.time()
    try:
        result = fn(execution=execution, **kwargs)
    except Exception as exc:  # one broken study must not lose the others' results
        return {"name": name, "failed": f"{type(exc).__name__}: {exc}", "took": time.time() - t0}
    took = time.time() - t0
    paths = write_study(result, out, took, argv)
    return {"name": name, "claims": result.claims_frame(), "took": took, "paths": paths}


def study_outcomes(names, out: Path, morphologies, argv, execution, jobs: int = 1):
    """Yield (position, outcome) of every study: one after another in this process (its
    sweeps on `execution`, each announced on a line), or, with jobs > 1 and several studies,
    `jobs` at a time, each in a fresh spawned process of its own (its sweeps serial there),
    in the order they finish."""
    if jobs > 1 and len(names) > 1:
        # the longest first, so that the processes finish together
        order = sorted(names, key=lambda n: -STUDIES[n].usual_s)
        # each study in a process of its own where Python offers it (else workers are reused)
        pool = process_pool(min(jobs, len(names)), "spawn", FRESH_PROCESS_AVAILABLE)
        try:
            futures = {pool.submit(run_one_study, n, out, morphologies, argv): n for n in order}
            for done, fut in enumerate(completed(futures), 1):
                yield done, fut.result()
        except BaseException:  # interrupted: no study goes on writing behind the report's back
            pool.stop_now()
            raise
        pool.shutdown()
        return
    for i, name in enumerate(names, 1):
        print(f"[{i}/{len(names)}] {name}: {STUDIES[name].description} ...", flush=True)
        yield i, run_one_study(name, out, morphologies, argv, execution)
