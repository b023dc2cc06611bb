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
    """Measure every cell under every condition: one row per (cell, condition), in that order.

    Each cell is built in the process that measures it, under the condition's membrane,
    measured and destroyed. A cell that fires on its own or cannot be measured is a recorded
    outcome, not an exception that stops the sweep: its row's ``outcome`` says so ('ok',
    'no rest', 'cannot fire', 'error'), ``reason`` says why, and its registered
    measurements' columns are NaN.

    Parameters
    ----------
    cells : leakmodels.CellSource or sequence of leakmodels.CellSource
        The cells, e.g. from `cell_sources`.
    conditions : leakmodels.Condition or sequence of leakmodels.Condition, optional
        The membrane conditions; default one ``Condition()``, each cell's default membrane.
        A user's model (hoc or factory) is measured as it stands: a condition that paints a
        MembraneSpec on it is refused.
    measures : str, callable or sequence of them, optional
        Registered measurement names, with parameters as ``"sag:target_mV=-10"`` (or eFEL
        names), registered measurements, or functions of a cell returning a value or a dict
        of columns; default ("rest", "rin", "tau", "rheobase"): v_rest_mV (mV), rin_MOhm
        (MOhm), tau_ms (ms) and rheobase_nA (nA) among the columns.
    execution : leakmodels.Execution or None, optional
        Where it runs and where finished rows are kept; default None, this process and no
        journal.
    name : str, optional
        The sweep's name (its journal's file and its progress line); default "sweep".

    Returns
    -------
    pandas.DataFrame
        One row per (cell, condition): the cell's and the condition's columns, the
        measurements (units in the column names), ``area_um2`` (um2), ``n_segments``,
        ``outcome``, ``reason`` and ``seconds`` (s, wall time). Its ``attrs`` say how many
        rows came back from the journal (``rows_reused``, their inputs unchanged) and from
        which (``journal``, '' for none).

    Raises
    ------
    ArgumentTypeError
        Cells, conditions or measures of the wrong type.
    ArgumentError
        An unknown measurement name, or a condition that paints a user's model.

    Examples
    --------
    >>> import leakmodels as lm
    >>> half_k = lm.Condition("half K leak", changes={"kleak_fopen": 0.5})
    >>> table = lm.sweep(lm.cell_sources(["interneuron", "motoneuron"]),
    ...                  [lm.Condition(), half_k], measures=["rest", "rin"])
    """
    execution = execution or Execution()
    ran = execution.run(tasks_of(cells, conditions, measures), name)
    import pandas  # here, not at the top: a pool worker that only runs tasks never needs it

    table = pandas.DataFrame(ran.rows)
    table.attrs.update(rows_reused=ran.reused, journal=str(ran.journal or ""))
    return table

