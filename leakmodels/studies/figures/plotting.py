"""Plotting helpers shared by the studies: a headless backend (a notebook keeps its own),
one figure style, saving.

Figures must read without the code: every axis has a label with its unit, every line a
legend entry, every figure a title that states the claim.
"""
from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

# a notebook's inline or widget backend ("module://...") is kept: its figures are the point
_backend = matplotlib.get_backend().lower()
if _backend not in ("agg", "pdf", "svg", "cairo") and not _backend.startswith("module://"):
    try:
        matplotlib.use("Agg")
    except Exception:  # an interactive session chose its own backend: keep it
        pass

import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"k": "#1f77b4", "na": "#d62728", "sim": "#000000", "theory": "#2ca02c",
          "interneuron": "#9467bd", "motoneuron": "#8c564b", "glia": "#17becf"}


def new_figure(ncols: int = 1, nrows: int = 1, width_in: float = 6.0, height_in: float = 4.5,
               title: str | None = None):
    """A figure with nrows x ncols axes (always a flat list) and an optional suptitle."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(width_in * ncols, height_in * nrows),
                             squeeze=False)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig, list(axes.flat)


def save(fig, path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
