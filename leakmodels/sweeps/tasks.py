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

from ..engine.steadystate import NoRestError, SettleError
from ..measure import passive
from ..measure.columns import measure_name
from ..measure.rheobase import CannotFireError, rheobase
from ..spec.checks import ArgumentError, ArgumentTypeError, sequence
from .sources import CellSource, Condition

MEASURES = {  # name -> column
    "rest": "v_rest_mV", "rin": "rin_MOhm", "tau": "tau_ms", "rheobase": "rheobase_nA",
}
DEFAULT_MEASURES = ("rest", "rin", "tau", "rheobase")


@dataclass(frozen=True)
class Task:
    """One cell under one condition, measured: what a worker receives."""

    cell: CellSource
    condition: Condition
    measures: tuple

    def key(self) -> str:
        return repr((self.cell, self.condition, tuple(measure_name(m) for m in self.measures)))


def _named(name):
    return {"rest": passive.resting_potential, "rin": passive.input_resistance,
            "tau": passive.time_constant, "rheobase": rheobase}[name]


def run_task(task: Task) -> dict:
    """Build the cell in this process, measure it, destroy it; the row (never raises for a
    cell that cannot be measured: the outcome says why)."""
    row = {**task.cell.as_columns(), **task.condition.as_columns()}
    for m in task.measures:
        if isinstance(m, str):
            row[MEASURES[m]] = math.nan
    row.update(outcome="ok", reason="")
    t0 = time.perf_counter()
    try:
        with task.cell.build(task.condition.spec(task.cell.builder)) as cell:
            row["area_um2"] = cell.area_um2
            row["n_segments"] = sum(sec.nseg for sec in cell.sections)
            for m in task.measures:
                if isinstance(m, str):
                    row[MEASURES[m]] = float(_named(m)(cell))
                else:
                    out = m(cell)
                    row.update(out if isinstance(out, dict) else {measure_name(m): out})
    except NoRestError as exc:
        row.update(outcome="no rest", reason=str(exc))
    except CannotFireError as exc:
        row.update(outcome="cannot fire", reason=str(exc))
    except (SettleError, ValueError, RuntimeError, OSError) as exc:
        row.update(outcome="error", reason=f"{type(exc).__name__}: {exc}")
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

    cells = seq("cells", cells, CellSource, "lm.sweep.cell_sources(...) (CellSources)")
    conditions = seq("conditions", conditions, Condition, "Condition.of(...) (Conditions)")
    measures = (measures,) if isinstance(measures, str) or callable(measures) else tuple(measures)
    unknown = [x for x in measures if not (isinstance(x, str) and x in MEASURES or callable(x))]
    if unknown:
        raise ArgumentError(f"measures: unknown measurement {', '.join(map(repr, unknown))}; use "
                            f"{', '.join(MEASURES)} or a function of a cell.")
    return [Task(c, k, measures) for c in cells for k in conditions]

