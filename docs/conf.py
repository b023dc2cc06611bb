"""Sphinx configuration of the leakmodels documentation site.

Build (from the repository root, after ``pip install -e ".[docs]"``)::

    sphinx-build -W --keep-going -b html docs docs/_build/html

Every notebook in ``tutorials/`` is executed by the build (myst-nb); an error in a cell, a
notebook slower than ``MAX_NOTEBOOK_S`` or a broken cross-reference fails it (``-W``).
"""
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import leakmodels  # noqa: E402
from leakmodels.report import reference  # noqa: E402

project = "leakmodels"
author = "the leakmodels developers"
copyright = "2026, the leakmodels developers"
release = leakmodels.__version__
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax served with the site (no CDN: pages work offline)
    "numpydoc",
    "leakmodels_docs",
]

exclude_patterns = ["_build", "_generated", "**.ipynb_checkpoints", "Thumbs.db", ".DS_Store",
                    "jupyter_execute"]
html_theme = "furo"
html_title = f"leakmodels {release}"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["custom.css"]
templates_path = ["_templates"]

# MyST (Markdown) and notebooks
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = os.environ.get("LEAKMODELS_DOCS_EXECUTE", "force")
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
MAX_NOTEBOOK_S = 60.0  # leakmodels_docs fails the build on a slower notebook

# the API reference, from the numpydoc docstrings
autosummary_generate = True
autodoc_typehints = "none"
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
# the checks tests/test_docstrings.py makes: a public name that breaks one fails the build
numpydoc_validation_checks = set(reference.NUMPYDOC_CHECKS)
numpydoc_validation_exclude = {r"\.__init__$", r"\.__call__$", r"\.__enter__$",
                               r"\.__exit__$", r"\._[a-z]"}



def setup(app):
    """The kernels that execute the notebooks inherit this process's environment: an
    MPLBACKEND set here (by CI, or by the studies' plotting module when the extensions
    imported it) would make them draw with Agg and show no figure. They get their own
    inline backend."""
    os.environ.pop("MPLBACKEND", None)
