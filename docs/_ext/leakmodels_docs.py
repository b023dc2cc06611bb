"""The site's pages made from the package's declarations, and its checks on the notebooks.

At the start of a build this writes ``docs/_generated/*.md`` and ``docs/reference/api.md``
(both ignored by git) from what the
package declares, so that a new mechanism, measurement, MembraneSpec field or study shows on
the site without an edit here: the measurement reference (one section per registered
measurement), the mechanism table with each NMODL file's TITLE and COMMENT (its equations,
sign conventions and sources), the MembraneSpec fields, the studies and the command line's
help. At the end of the reading phase it warns (an error under ``-W``) for every executed
notebook slower than ``MAX_NOTEBOOK_S`` in conf.py.
"""
from __future__ import annotations

import inspect
import re
from pathlib import Path

from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.util import logging

import leakmodels.mechanisms
from leakmodels import cli
from leakmodels.measure import measurements
from leakmodels.mechanisms import mechanisms
from leakmodels.report import reference, tables
from leakmodels.studies import STUDIES
from leakmodels.studies.base import KIND_MEANING

LOG = logging.getLogger(__name__)
MOD_DIR = Path(leakmodels.mechanisms.__file__).resolve().parent / "mod"
TITLE = re.compile(r"^\s*TITLE\s+(.*)$", re.M)
COMMENT = re.compile(r"^\s*COMMENT\b(.*?)^\s*ENDCOMMENT\b", re.S | re.M)


def measurement_pages() -> str:
    """One section per registered measurement: definition, columns and units, parameters
    with their defaults, eFEL's name, what it assumes and checks."""
    out = ["| name | columns (units in their names) | eFEL's name |", "|---|---|---|"]
    for m in measurements():
        cols = ", ".join(f"`{c.name}`" for c in m.columns)
        out.append(f"| [`{m.name}`](#measurement-{m.name}) | {cols} | "
                   f"{f'`{m.efel}`' if m.efel else '-'} |")
    out.append("")
    for m in measurements():
        out += [f"({'measurement-' + m.name})=", f"### `{m.name}`", "", m.definition, ""]
        public = reference.public_path(m.function)
        if public:
            out += [f"Function: {{py:func}}`{public}`.", ""]
        else:
            out += [f"Function: `{m.function.__module__}.{m.function.__qualname__}` "
                    "(through `sweep` and the command line).", ""]
        out += ["| column | unit | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.unit or '-'} | {c.doc} |" for c in m.columns]
        out.append("")
        params = [p for p in inspect.signature(m.function).parameters.values()
                  if p.name != "cell" and p.kind is not p.VAR_KEYWORD]
        if params:
            shown = ", ".join(f"`{p.name}={p.default!r}`" if p.default is not p.empty
                              else f"`{p.name}`" for p in params)
            out += [f"Parameters (`name:key=value` in a sweep or on the command line): {shown}.",
                    ""]
        if m.efel:
            out += [f"eFEL's name: `{m.efel}`.", ""]
        if m.assumes:
            out += [f"Assumes, and checks: {m.assumes}", ""]
    return "\n".join(out)


def mechanism_pages() -> str:
    """The declarations' table, then each NMODL file's TITLE and COMMENT, as written."""
    out = [tables.mechanism_table(), ""]
    for m in mechanisms():
        if not m.mod_file:
            continue
        text = (MOD_DIR / m.mod_file).read_text()
        title = TITLE.search(text)
        comment = COMMENT.search(text)
        out += [f"## `{m.suffix}`: {m.summary}", "",
                f"File `leakmodels/mechanisms/mod/{m.mod_file}`"
                + (f"; TITLE: *{title.group(1).strip()}*" if title else "") + ".", ""]
        if comment:
            out += ["```text", comment.group(1).strip("\n"), "```", ""]
    return "\n".join(out)


def study_table() -> str:
    """One row per study: what it shows, its usual time, and its functions' reference."""
    rows = ["| study | what it shows | usual time (s, 2 cores) | functions |", "|---|---|---|---|"]
    rows += [f"| `{name}` | {s.description} | {s.usual_s:g} | "
             f"[`leakmodels.studies.{s.module}`](api.md#study-{name.replace('_', '-')}) |"
             for name, s in STUDIES.items()]
    return "\n".join(rows)


def claim_kinds() -> str:
    return "\n".join(f"- **{kind}**: {meaning}." for kind, meaning in KIND_MEANING.items())


def cli_help() -> str:
    parser = cli.parser()
    out = ["```text", parser.format_help().rstrip(), "```", ""]
    for action in parser._subparsers._group_actions:  # argparse keeps its subcommands here
        for name, sub in action.choices.items():
            out += [f"### `leakmodels {name}`", "", "```text", sub.format_help().rstrip(),
                    "```", ""]
    return "\n".join(out)


def api_page() -> str:
    """Every documented object (`leakmodels.report.reference.groups`) as autosummary tables,
    one page each; the ready-made membranes as a list."""
    out = []
    for group in reference.groups():
        out += [f"## {group.heading}", "", group.what + ".", "", "```{eval-rst}",
                ".. autosummary::", "   :toctree: api/", "   :nosignatures:", ""]
        out += [f"   {name}" for name in group.names]
        out += ["```", ""]
    out += ["## Membranes ready to use", ""]
    for name, value in reference.exported_values().items():
        out.append(f"- `lm.{name}`: a `{type(value).__name__}` (see [the membrane](membrane.md)).")
    return "\n".join(out)


PAGES = {"measurements.md": measurement_pages, "mechanisms.md": mechanism_pages,
         "membrane.md": tables.membrane_table, "studies.md": study_table,
         "cli.md": cli_help, "claims.md": claim_kinds}


API_INTRO = """# API

The first sections are ``import leakmodels as lm``'s names (``lm.sphere``, ``lm.sweep``, ...):
the package's stable way in, whatever module defines them. Then the analytic equations the
tests and tutorials compare with, every study's functions (each can be called from a script
with its own cells and parameters), and the classroom knobs. Each page is made from the
docstring: parameters with units and defaults, what it returns, the errors it raises. This
page is generated when the site is built (`leakmodels.report.reference`), and a test holds
every docstring on it to numpydoc.

"""


def _write(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:  # unchanged: not read again
        path.write_text(text)


def write_generated(app, config) -> None:
    """Write the generated pages before anything reads the sources (autosummary included)."""
    src = Path(app.srcdir)
    folder = src / "_generated"
    folder.mkdir(exist_ok=True)
    for name, make in PAGES.items():
        _write(folder / name, make() + "\n")
    _write(src / "reference" / "api.md", API_INTRO + api_page() + "\n")


def check_notebook_times(app, env) -> None:
    limit = app.config.MAX_NOTEBOOK_S
    for docname, data in NbMetadataCollector.get_doc_data(env).items():
        runtime = (data.get("exec_data") or {}).get("runtime")
        if runtime is not None and runtime > limit:
            LOG.warning(f"notebook {docname} took {runtime:.0f} s to execute (over "
                        f"{limit:g} s): make it faster", location=docname)


def setup(app):
    app.add_config_value("MAX_NOTEBOOK_S", 60.0, "env")
    app.connect("config-inited", write_generated)
    app.connect("env-updated", check_notebook_times)
    return {"version": "1", "parallel_read_safe": True}
