"""leakmodels.studies.figures.plotting: the studies draw headless, but importing them in a
notebook keeps the notebook's own backend (its figures would vanish under Agg)."""
import os
import subprocess
import sys

import pytest


def _backend_after_import(backend: str) -> str:
    code = ("import leakmodels.studies.figures.plotting, matplotlib; "
            "print(matplotlib.get_backend())")
    env = dict(os.environ, MPLBACKEND=backend)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def test_a_notebooks_inline_backend_is_kept():
    pytest.importorskip("matplotlib_inline")
    inline = "module://matplotlib_inline.backend_inline"
    assert _backend_after_import(inline) == inline


def test_a_desktop_backend_gives_way_to_agg():
    """A study run from a script on a desktop draws headless (TkAgg is not imported)."""
    assert _backend_after_import("TkAgg").lower() == "agg"
