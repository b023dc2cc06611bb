"""Sweeps: many cells x conditions x measurements in, one tidy DataFrame out.

`sweep(cells, conditions, measures, execution=Execution(...))` measures every cell
(`CellSource`) under every `Condition` and returns one row per (cell, condition), in that
order (`leakmodels.sweeps.tasks`). Where the work runs (this process, a pool, MPI ranks) and
where finished rows are kept (a journal, to resume a sweep that was killed) is
`leakmodels.sweeps.execution`'s.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .execution import Execution
from .sources import Condition
from .tasks import DEFAULT_MEASURES, tasks_of

if TYPE_CHECKING:
    import pandas


def sweep(cells, conditions=(Condition(),), measures=DEFAULT_MEASURES, execution=None,
          name: str = "sweep") -> "pandas.DataFrame":
    """Measure every cell (CellSource) under every Condition: one row per pair, in that order.
    execution: where it runs and where finished rows are kept (`leakmodels.sweeps.Execution`;
    default this process, no journal). The table's attrs say how many rows came back from
    the journal (`rows_reused`, their inputs unchanged) and from which (`journal`)."""
    execution = execution or Execution()
    ran = execution.run(tasks_of(cells, conditions, measures), name)
    import pandas  # here, not at the top: a pool worker that only runs tasks never needs it

    table = pandas.DataFrame(ran.rows)
    table.attrs.update(rows_reused=ran.reused, journal=str(ran.journal or ""))
    return table

