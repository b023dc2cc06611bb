"""The command line's argument types: each reads one option's text into the package's values
(a folder to write to, measurements, membrane conditions, RANGE changes, scales, model
arguments) and names what is wrong with it (argparse.ArgumentTypeError: exit status 2).
"""
from __future__ import annotations

import argparse
import itertools
import os
import tempfile
from pathlib import Path

from .cell.additions import parse_addition
from .cell.ranges import parse_ranges
from .measure import measurements, parse
from .spec.checks import ArgumentError
from .sweeps.discovery import Scales
from .sweeps.sources import Condition


def mpi_rank() -> int:
    """This process's rank under mpiexec (Open MPI, MPICH, PMIx), read before MPI starts; 0
    outside MPI."""
    for var in ("OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"):
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var])
    return 0


def writable_dir(text: str) -> Path:
    """--out's folder, made if needed and checked writable (by rank 0 alone under MPI, with a
    probe file of its own: ranks checking at once must not delete each other's)."""
    out = Path(text).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
        if mpi_rank() == 0:
            with tempfile.NamedTemporaryFile(dir=out, prefix=".leakmodels-write-test-"):
                pass
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"--out {text!r} is not a folder leakmodels can write "
                                         f"to ({exc.strerror}); give another one.") from None
    return out


def writable_file(text: str) -> Path:
    out = Path(text).expanduser()
    writable_dir(str(out.parent if str(out.parent) else "."))
    if out.exists() and out.is_dir():
        raise argparse.ArgumentTypeError(f"--out {text!r} is a folder; give a file name (.csv).")
    return out


def measures(text: str) -> tuple:
    """--measure LIST: registered measurements, comma-separated, each maybe with parameters
    (sag:target_mV=-10); a bad one is named on its own."""
    items = tuple(x.strip() for x in text.split(",") if x.strip())
    if not items:
        raise argparse.ArgumentTypeError(f"--measure {text!r}: name at least one of "
                                         f"{', '.join(m.name for m in measurements())}.")
    try:
        return tuple(parse(item) for item in items)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--measure: {exc}") from None


def field_value(text: str):
    """A MembraneSpec value typed on the command line: a number, true/false, or None."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if text == "None":
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number (nor true, false or None)") from None


def membrane_set(text: str) -> tuple:
    """--set FIELD=VALUE[,FIELD=VALUE...]: one membrane condition (MembraneSpec fields; a
    value a/b/c: one condition each, a grid over every such field), checked by the spec."""
    pairs = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, eq, value = part.partition("=")
        if not eq:
            raise argparse.ArgumentTypeError(f"--set {text!r}: give FIELD=VALUE, e.g. "
                                             "kleak_fopen=0.5 (MembraneSpec's fields).")
        try:
            values = [field_value(v.strip()) for v in value.split("/")]
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"--set {name.strip()}={exc}") from None
        pairs.append((name.strip(), values))
    conditions = []
    for combo in itertools.product(*[values for _, values in pairs]):
        changes = dict(zip((name for name, _ in pairs), combo))
        label = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                          for k, v in changes.items())
        try:
            conditions.append(Condition.of(label, **changes))
        except (TypeError, ValueError) as exc:
            raise argparse.ArgumentTypeError(f"--set {text!r}: {exc}") from None
    return tuple(conditions)


def scales(text: str) -> Scales:
    try:
        return Scales.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def jobs(text: str) -> int:
    """--jobs N: a whole number of worker processes, 1 or more (checked before anything runs)."""
    try:
        n = int(text)
    except ValueError:
        n = None
    if n is None or n < 1:
        raise argparse.ArgumentTypeError(f"--jobs {text}: give a whole number of worker "
                                          "processes, 1 or more.")
    return n


def model_args(text: str) -> tuple:
    """'20,0.5,soma' -> (20, 0.5, 'soma'): whole numbers as int, others as float or text."""
    out = []
    for item in (x.strip() for x in text.split(",") if x.strip()):
        for kind in (int, float, str):
            try:
                out.append(kind(item))
                break
            except ValueError:
                continue
    return tuple(out)


def ranges(text: str) -> tuple:
    """--range MECH.VAR*F[@REGIONS][,...]: one condition of RANGE changes, applied in order
    to any cell (a factor a/b/c: one condition each, a grid over every such change)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise argparse.ArgumentTypeError("--range: give MECHANISM.VARIABLE*FACTOR, e.g. "
                                         "pas.g*0.5@dend.")
    try:
        grid = [parse_ranges(part) for part in parts]
    except ArgumentError as exc:
        raise argparse.ArgumentTypeError(f"--range {exc}") from None
    return tuple(Condition(", ".join(c.label for c in combo), ranges=combo)
                 for combo in itertools.product(*grid))


def addition(text: str):
    """--add MECH:FIELD=V,...[@REGIONS]: one of leakmodels' channels added in every
    condition (`cell.additions.parse_addition`)."""
    try:
        return parse_addition(text)
    except ArgumentError as exc:
        raise argparse.ArgumentTypeError(f"--add {exc}") from None
