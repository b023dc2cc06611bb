"""Sweeps: cells x conditions x measurements in, one tidy DataFrame out, in this process, on a
pool of workers or on MPI ranks, with a journal that survives a kill.

`sources` describes what to measure (`CellSource`, `Condition`), `discovery` finds cells
from paths (`cell_sources`), `tasks` measures one cell
under one condition, `execution` says where the tasks run, `journal` keeps finished rows,
`progress` is what the user sees, and `table.sweep` puts them together.
"""
from .discovery import Scales, cell_sources
from .execution import Execution
from .sources import CellSource, Condition
from .table import sweep

__all__ = ["CellSource", "Condition", "Execution", "Scales", "cell_sources", "sweep"]
