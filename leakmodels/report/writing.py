"""Writing studies to disk so that the report stays true: per-study files, then one report.

`write_study(result, out_dir, seconds)` writes `<name>.csv`, `<name>.png` and the study's
own section and claims (`.sections/<name>.md`, `.sections/<name>.claims.csv`), each saying
when and by what it was measured (package version, git commit, NEURON version, command
line). `write_report(out_dir, order, notes)` then assembles `report.md` and `claims.csv`
from every study's files present, in `order`: a run of some studies replaces their sections
and claim rows and keeps the others' (whose dates say they are older). A study that failed
or was skipped this time keeps its older section under a note saying so; a run that was
interrupted says so at the top.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pandas as pd

from ..studies.base import CLAIM_COLUMNS, KIND_MEANING, KIND_PLURAL, KINDS
from ..studies.figures.plotting import save
from .provenance import provenance, provenance_line

SECTIONS = ".sections"


def kind_counts(claims: pd.DataFrame) -> str:
    """'5 of 6 predictions, 3 of 3 fits, 20 of 22 range checks and 80 of 80 consistency
    checks hold'."""
    parts = []
    for kind in KINDS:
        sub = claims[claims.kind == kind] if len(claims) else claims
        parts.append(f"{int(sub.holds.astype(bool).sum())} of {len(sub)} {KIND_PLURAL[kind]}")
    return ", ".join(parts[:-1]) + " and " + parts[-1] + " hold"


def fitted_lines(claims: pd.DataFrame) -> list:
    """One line per fitted parameter: what was chosen to meet which targets."""
    if not len(claims) or "fitted" not in claims:
        return []
    fits = claims[(claims.kind == "fit") & claims.fitted.notna() & (claims.fitted != "")]
    lines = []
    for parameter, rows in fits.groupby("fitted", sort=False):
        targets = "; ".join(f"{r.claim} ({r.expected} {r.unit}, {r.source})"
                            for r in rows.itertuples())
        lines.append(f"- {parameter}: chosen to meet {targets}.")
    return lines


def _readable(cf: pd.DataFrame) -> pd.DataFrame:
    """The claims as the report shows them: without the study and the numeric bound columns."""
    return cf.drop(columns=["study", "expected_lo", "expected_hi", "source", "fitted"])


def _cell(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "**NO**"
    text = f"{v:.4g}" if isinstance(v, float) else str(v)
    return text.replace("|", "\\|").replace("\n", " ")


def md_table(df: pd.DataFrame) -> str:
    """A markdown table; a '|' inside a cell is escaped so that columns stay in place."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(_cell(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    for _, row in df.iterrows():
        lines.append("| " + " | ".join(_cell(row[c]) for c in cols) + " |")
    return "\n".join(lines)


def write_study(result, out_dir: Path, seconds: float | None = None, argv=None) -> dict:
    """Write the study's table, figure, section and claims; return the paths. argv: the
    command line to record (default sys.argv)."""
    out_dir = Path(out_dir)
    sections = out_dir / SECTIONS
    sections.mkdir(parents=True, exist_ok=True)
    csv, png = out_dir / f"{result.name}.csv", out_dir / f"{result.name}.png"
    result.table.to_csv(csv, index=False)
    save(result.figure, png)
    cf = result.claims_frame()
    cf.to_csv(sections / f"{result.name}.claims.csv", index=False)
    took = f", {seconds:.1f} s" if seconds is not None else ""
    lines = [f"## {result.title}", "",
             f"Study `{result.name}`: {kind_counts(cf)}{took}. Measured by "
             f"{provenance_line(provenance(argv))}. Table: `{result.name}.csv`.", "",
             f"![{result.title}]({result.name}.png)", ""]
    if result.notes:
        lines += [result.notes, ""]
    if len(cf):
        lines += [md_table(_readable(cf)), ""]
        sources = cf[cf.source.fillna("") != ""]
        if len(sources):
            lines += ["Sources of the published values: " + "; ".join(
                f"{c.claim}: {c.source}" for _, c in sources.iterrows()) + ".", ""]
    (sections / f"{result.name}.md").write_text("\n".join(lines))
    return {"csv": csv, "png": png}


def claims_table(frames) -> pd.DataFrame:
    """One table of the claims frames given, in their order (CLAIM_COLUMNS when none)."""
    frames = list(frames)
    if not frames:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def write_report(out_dir: Path, order, notes: dict | None = None,
                 interrupted: str | None = None, argv=None) -> Path:
    """Assemble report.md and claims.csv from every study's files in out_dir, in `order`.
    notes: {study: why this run did not (re)measure it}; interrupted: what was running."""
    out_dir = Path(out_dir)
    sections = out_dir / SECTIONS
    notes = notes or {}
    frames, body = [], []
    for name in order:
        section, claims = sections / f"{name}.md", sections / f"{name}.claims.csv"
        if name in notes:
            body += [f"**Study `{name}` was not measured by the last run:** {notes[name]}"
                     + (" The section below is from an earlier run." if section.exists() else ""),
                     ""]
        if section.exists():
            body += [section.read_text(), ""]
            if claims.exists():
                frames.append(pd.read_csv(claims))
    claims = claims_table(frames).reindex(columns=CLAIM_COLUMNS)  # sections written by an older version
    claims["kind"] = claims.kind.fillna("unlabelled (written by an older version)")
    claims.to_csv(out_dir / "claims.csv", index=False)
    head = ["# leakmodels report", "",
            f"Assembled {_dt.datetime.now().isoformat(timespec='seconds')} by "
            f"{provenance_line(provenance(argv))}. {kind_counts(claims)}.", "",
            "Every claim has a kind: a **prediction** is " + KIND_MEANING["prediction"]
            + "; a **fit** is " + KIND_MEANING["fit"] + "; a **range** check is "
            + KIND_MEANING["range"] + "; a **consistency** check is "
            + KIND_MEANING["consistency"] + ". Inputs restated are not claims. Each section "
            "lists its predictions first. Only the predictions test the model against "
            "data it was not made to meet; each names its paper.", ""]
    fitted = fitted_lines(claims)
    if fitted:
        head += ["Parameters chosen to meet published targets (their claims are fits, not "
                 "predictions):", "", *fitted, ""]
    if interrupted:
        head += [f"**The last run was interrupted** ({interrupted}); every section says when "
                 "it was measured.", ""]
    head += ["Each section was measured by the run its first line names; `expected` is the "
             "analytic or published value a claim is checked against. Tables: one CSV per "
             "study beside this file; all claims: `claims.csv`.", ""]
    path = out_dir / "report.md"
    path.write_text("\n".join(head + body))
    return path
