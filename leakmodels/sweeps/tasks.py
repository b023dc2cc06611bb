"""One cell under one condition, measured: the unit of work a sweep hands to a process.

`run_task(task)` builds the cell in the process that runs it, measures it and destroys it,
and returns the row: the cell's identity and parameters, the condition, the measurements
with units in their names, `outcome` ('ok', 'no rest', 'cannot fire', 'error') and `reason`.
A cell that fires on its own or cannot be measured is a recorded outcome, not an exception
that stops the sweep.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ..cell.additions import add_mechanisms
from ..cell.ranges import apply_ranges
from ..cell.transplant import replace_pas
from ..engine.rest import rest
from ..engine.steadystate import NoRestError, SettleError
from ..measure import Bound, Measurement, parse
from ..measure.rheobase import CannotFireError
from ..spec.checks import ArgumentError, ArgumentTypeError, sequence
from .sources import CellSource, Condition

DEFAULT_MEASURES = ("rest", "rin", "tau", "rheobase")
OUTCOMES = ("ok", "no rest", "cannot fire", "error")  # a row's outcome, in this order


def measure_name(m) -> str:
    """A stable name for a measurement (registered and bound, a function, or a partial of
    one)."""
    if isinstance(m, Bound):
        return m.name
    func = getattr(m, "func", None)
    if func is not None:  # functools.partial
        kw = ", ".join(f"{k}={v!r}" for k, v in sorted(m.keywords.items()))
        return f"{measure_name(func)}({', '.join(map(repr, m.args))}{', ' if m.args and kw else ''}{kw})"
    qualname = getattr(m, "__qualname__", None) or type(m).__qualname__  # a callable object
    return f"{m.__module__}.{qualname}"


@dataclass(frozen=True)
class Task:
    """One cell under one condition, measured: what a worker receives."""

    cell: CellSource
    condition: Condition
    measures: tuple


def run_task(task: Task) -> dict:
    """Build the cell in this process, measure it, destroy it; the row (never raises for a
    cell that cannot be measured: the outcome says why, and a row that failed has no measured
    value: its registered measurements' columns are NaN)."""
    row = {**task.cell.as_columns(), **task.condition.as_columns()}
    for m in task.measures:
        if isinstance(m, Bound):
            row.update({c.name: math.nan for c in m.columns})
    row.update(outcome="ok", reason="")
    t0 = time.perf_counter()
    measured, built = {}, None
    try:
        with task.cell.build(task.condition.spec(task.cell.builder)) as cell:
            built = cell.name
            where = task.condition.replace_pas
            if where:  # matched segment by segment at the model's own rest: it keeps its
                state = rest(cell)                                           # rest and R_in
                replace_pas(cell, regions=None if where is True else where,
                            at_mV=[state.v_mV(seg) for seg in cell.segments()])
            add_mechanisms(cell, task.condition.add)
            apply_ranges(cell, task.condition.ranges)
            row["area_um2"] = cell.area_um2
            row["n_segments"] = sum(sec.nseg for sec in cell.sections)
            for m in task.measures:
                out = m(cell)
                measured.update(out if isinstance(out, dict) else {measure_name(m): out})
        row.update(measured)
    except NoRestError as exc:
        row.update(outcome="no rest", reason=str(exc))
    except CannotFireError as exc:
        row.update(outcome="cannot fire", reason=str(exc))
    except (SettleError, ValueError, RuntimeError, OSError) as exc:
        row.update(outcome="error", reason=f"{type(exc).__name__}: {exc}")
    if built and row["reason"]:  # the user's name for the cell, not leakmodels' internal one
        row["reason"] = row["reason"].replace(built, task.cell.display_name)
    row["seconds"] = time.perf_counter() - t0
    return row


def tasks_of(cells, conditions, measures) -> list:
    def seq(name, value, kind, example):
        value = (value,) if isinstance(value, kind) else sequence(name, value, example)
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                raise ArgumentTypeError(f"{name}[{i}]={item!r} is not a {kind.__name__}; pass "
                                        f"e.g. {example}.")
        return value

    cells = seq("cells", cells, CellSource, "lm.cell_sources(...) (CellSources)")
    conditions = seq("conditions", conditions, Condition, "Condition.of(...) (Conditions)")
    measures = (measures,) if isinstance(measures, str) or callable(measures) else tuple(measures)
    for cell in cells:
        painted = [k.name for k in conditions if cell.foreign and k.spec(None) is not None]
        if painted:
            raise ArgumentError(
                f"condition {painted[0]!r} paints a MembraneSpec, but {cell.display_name} is a "
                "user's model, measured as it stands (its own mechanisms): measure it under "
                "the default condition, or change the model itself.")
    return [Task(c, k, tuple(measure_arg(m) for m in measures)) for c in cells for k in conditions]


def measure_arg(m):
    """A measurement as a task carries it: a name ('rin', 'sag:target_mV=-10', an eFEL name)
    or a registered Measurement, bound; a Bound one, or a function of a cell, as it is."""
    if isinstance(m, str):
        try:
            return parse(m)
        except ArgumentError as exc:
            raise ArgumentError(f"measures: {exc}") from None
    if isinstance(m, Measurement):
        return m.bind()
    if isinstance(m, Bound) or callable(m):
        return m
    raise ArgumentTypeError(f"measures: {m!r} is not a measurement; give a name ('rin'), a "
                            "registered measurement or a function of a cell.")

