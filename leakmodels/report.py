"""Writing a set of StudyResults to disk: one CSV and one PNG per study, claims.csv, report.md.

The report shows each study's figure with its claims beside the expected values and whether
each holds, so a reader can check every number of the source text in one page.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pandas as pd

from .plotting import save


def write_study(result, out_dir: Path) -> dict:
    """Write <name>.csv and <name>.png; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv = out_dir / f"{result.name}.csv"
    png = out_dir / f"{result.name}.png"
    result.table.to_csv(csv, index=False)
    save(result.figure, png)
    return {"csv": csv, "png": png}


def claims_table(results) -> pd.DataFrame:
    frames = [r.claims_frame() for r in results]
    if not frames:
        return pd.DataFrame(columns=["study", "claim", "value", "expected", "unit", "holds"])
    return pd.concat(frames, ignore_index=True)


def _md_table(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, row in df.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            if isinstance(v, bool):
                cells.append("yes" if v else "**NO**")
            elif isinstance(v, float):
                cells.append(f"{v:.4g}")
            else:
                cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(results, out_dir: Path, timings_s: dict | None = None,
                 failures: dict | None = None) -> Path:
    """Write claims.csv and report.md for all results."""
    out_dir.mkdir(parents=True, exist_ok=True)
    claims = claims_table(results)
    claims.to_csv(out_dir / "claims.csv", index=False)
    n_ok = int(claims.holds.sum()) if len(claims) else 0
    lines = [
        "# leakmodels report",
        "",
        f"Written {_dt.datetime.now().isoformat(timespec='seconds')}. "
        f"{n_ok} of {len(claims)} claims hold.",
        "",
        "Every number below was measured in this run; `expected` is the analytic or published "
        "value the claim is checked against. Tables: one CSV per study beside this file; "
        "all claims: `claims.csv`.",
        "",
    ]
    for name, why in (failures or {}).items():
        lines += [f"**Study `{name}` failed and wrote nothing:** {why}", ""]
    for r in results:
        lines += [f"## {r.title}", ""]
        if timings_s and r.name in timings_s:
            lines += [f"Study `{r.name}`, {timings_s[r.name]:.1f} s. Table: `{r.name}.csv`.", ""]
        lines += [f"![{r.title}]({r.name}.png)", ""]
        if r.notes:
            lines += [r.notes, ""]
        cf = r.claims_frame().drop(columns=["study"])
        if len(cf):
            lines += [_md_table(cf), ""]
    path = out_dir / "report.md"
    path.write_text("\n".join(lines))
    return path
