"""Cells in NEURON: the `Cell` that owns its sections, painting a membrane onto it, the
builders of analytic and literature cells, and SWC reconstructions built into cells.
"""
