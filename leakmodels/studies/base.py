"""What a study returns: a tidy table, a figure, and the claims it checked.

A study is a function of cells and parameters that composes measurements. Every study's
run function takes `cells` ({label: CellSource}, None: its own; `study_cells`) and
`execution` (where its sweeps run, `leakmodels.sweeps.Execution`) besides its parameters. It returns a
`StudyResult`: one tidy pandas DataFrame (units in the column names), one matplotlib
Figure a reader understands without the code, and a list of `Claim`s, each a measured
value beside its expected value (analytic or published) and whether the claim holds.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from ..spec.checks import ArgumentError, ArgumentTypeError
from ..sweeps.sources import CellSource


def study_cells(cells, default: dict, one: bool = False) -> dict:
    """The cells a study measures, {label: CellSource} (a description any process can build):
    `cells` as given, or the study's own (`default`) when None. one: the study measures one
    cell (a dict of one)."""
    if cells is None:
        return dict(default)
    if (not isinstance(cells, dict) or not cells
            or not all(isinstance(k, str) and isinstance(v, CellSource) for k, v in cells.items())):
        raise ArgumentTypeError(f"cells={cells!r}: give {{label: CellSource}}, e.g. "
                                "{'interneuron': lm.CellSource('interneuron')}.")
    if one and len(cells) != 1:
        raise ArgumentError(f"cells={cells!r}: this study measures one cell; give one.")
    return dict(cells)


def ok_records(table) -> list:
    """The rows of a sweep's table as dicts, in order; RuntimeError naming the first row a
    study cannot use (its cell fired on its own or could not be measured)."""
    rows = table.to_dict("records")
    for r in rows:
        if r["outcome"] != "ok":
            raise RuntimeError(f"{r['cell']} ({r['condition']}): {r['outcome']}: {r['reason']}")
    return rows


KINDS = ("prediction", "fit", "range", "consistency")
KIND_MEANING = {
    "prediction": "the model against a published number (its citation checked against the "
                  "paper) that no parameter was chosen to meet: it can fail with correct code",
    "fit": "a published target that a named parameter was chosen to meet: it shows where the "
           "fit landed and predicts nothing",
    "range": "the model against a statement of the source text, or a range whose source has "
             "not been checked against a paper: a plausibility check, not a prediction",
    "consistency": "the code against its own equations (conservation, stoichiometry, balance, "
                   "cable theory, signs that follow from the equations): it fails only on a bug",
}
KIND_PLURAL = {"prediction": "predictions", "fit": "fits", "range": "range checks",
               "consistency": "consistency checks"}
CLAIM_COLUMNS = ["study", "kind", "claim", "value", "expected", "expected_lo", "expected_hi",
                 "unit", "holds", "source", "fitted"]
NOT_A_PAPER = re.compile(r"science\.md|\bissues?\b|\bsource text\b|\bthis package\b",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """One checked statement: a row of claims.csv. `expected` is readable; expected_lo and
    expected_hi are the same bounds as numbers (NaN: open on that side; a strict bound is
    stored as the bound itself). kind: one of KINDS (KIND_MEANING). A prediction names the
    paper of its number in `source` (never SCIENCE.md, an issue or the package's own
    reading); a fit names in `fitted` the parameter that was chosen to meet it. An input
    restated is not a claim."""

    study: str
    claim: str
    value: float
    expected: str
    unit: str
    holds: bool
    kind: str
    expected_lo: float = math.nan
    expected_hi: float = math.nan
    source: str = ""
    fitted: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Claim.kind={self.kind!r}: use one of {KINDS}.")
        if self.kind == "prediction" and (not self.source or NOT_A_PAPER.search(self.source)):
            raise ValueError(f"Claim {self.claim!r}: a prediction names the paper of its number "
                             f"(source={self.source!r}); a statement of the source text or an "
                             "unchecked range is kind='range'.")
        if self.kind == "prediction" and self.fitted:
            raise ValueError(f"Claim {self.claim!r}: fitted={self.fitted!r}, so it is a "
                             "kind='fit', not a prediction.")
        if self.kind == "fit" and not self.fitted:
            raise ValueError(f"Claim {self.claim!r}: a fit names the parameter chosen to meet "
                             "it (fitted=...).")

    def as_row(self) -> dict:
        return {"study": self.study, "kind": self.kind, "claim": self.claim, "value": self.value,
                "expected": self.expected, "expected_lo": self.expected_lo,
                "expected_hi": self.expected_hi, "unit": self.unit, "holds": bool(self.holds),
                "source": self.source, "fitted": self.fitted}


def _fmt(x: float) -> str:
    if x == 0 or not math.isfinite(x):
        return str(x)
    return f"{x:.4g}"


def claim_between(study: str, claim: str, value: float, lo: float, hi: float, unit: str, *,
                  kind: str, source: str = "", fitted: str = "") -> Claim:
    """Holds when lo <= value <= hi."""
    return Claim(study, claim, float(value), f"{_fmt(lo)} to {_fmt(hi)}", unit,
                 bool(lo <= value <= hi), kind, float(lo), float(hi), source, fitted)


def claim_close(study: str, claim: str, value: float, expected: float, tol: float, unit: str, *,
                kind: str, source: str = "", fitted: str = "") -> Claim:
    """Holds when |value - expected| <= tol (absolute, in `unit`)."""
    return Claim(study, claim, float(value), f"{_fmt(expected)} ± {_fmt(tol)}", unit,
                 bool(abs(value - expected) <= tol), kind, float(expected - tol),
                 float(expected + tol), source, fitted)


def claim_less(study: str, claim: str, value: float, bound: float, unit: str, *, kind: str,
               source: str = "", fitted: str = "") -> Claim:
    """Holds when value < bound."""
    return Claim(study, claim, float(value), f"< {_fmt(bound)}", unit, bool(value < bound),
                 kind, math.nan, float(bound), source, fitted)


def claim_greater(study: str, claim: str, value: float, bound: float, unit: str, *, kind: str,
                  source: str = "", fitted: str = "") -> Claim:
    """Holds when value > bound."""
    return Claim(study, claim, float(value), f"> {_fmt(bound)}", unit, bool(value > bound),
                 kind, float(bound), math.nan, source, fitted)


def claim_in_range(study: str, claim: str, value: float, rng, fitted: str = "") -> Claim:
    """The model against a `reference_data.Range` (its bounds, unit and source): a prediction
    where the range's paper was checked (`rng.checked`), a range check where it was not, a
    fit where `fitted` names the parameter chosen to land the value in it."""
    kind = "fit" if fitted else ("prediction" if rng.checked else "range")
    return claim_between(study, claim, value, rng.lo, rng.hi, rng.unit, kind=kind,
                         source=rng.source, fitted=fitted)


@dataclass
class StudyResult:
    """A study's output. `table` is tidy: one observation per row, units in column names."""

    name: str
    title: str
    table: pd.DataFrame
    figure: object  # matplotlib.figure.Figure
    claims: list = field(default_factory=list)
    notes: str = ""

    @property
    def holds(self) -> bool:
        return all(c.holds for c in self.claims)

    def claims_frame(self) -> pd.DataFrame:
        """The claims by kind in the order of KINDS (predictions first), each kind in the
        order the study made them."""
        rows = [c.as_row() for kind in KINDS for c in self.claims if c.kind == kind]
        return pd.DataFrame(rows, columns=CLAIM_COLUMNS)
