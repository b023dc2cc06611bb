"""Cells in NEURON: the `Cell` that owns its sections, painting a membrane onto it, the
builders of analytic and literature cells, and SWC reconstructions built into cells.
"""
from .cell import Cell, CellDestroyedError, cell_arg

__all__ = ["Cell", "CellDestroyedError", "cell_arg"]
