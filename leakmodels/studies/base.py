"""What a study returns: a tidy table, a figure, and the claims it checked.

A study is a function of cells and parameters that composes measurements. It returns a
`StudyResult`: one tidy pandas DataFrame (units in the column names), one matplotlib
Figure a reader understands without the code, and a list of `Claim`s, each a measured
value beside its expected value (analytic or published) and whether the claim holds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Claim:
    """One checked statement: row of results/claims.csv."""

    study: str
    claim: str
    value: float
    expected: str
    unit: str
    holds: bool

    def as_row(self) -> dict:
        return {"study": self.study, "claim": self.claim, "value": self.value,
                "expected": self.expected, "unit": self.unit, "holds": bool(self.holds)}


def _fmt(x: float) -> str:
    if x == 0 or not math.isfinite(x):
        return str(x)
    return f"{x:.4g}"


def claim_between(study: str, claim: str, value: float, lo: float, hi: float, unit: str) -> Claim:
    """Holds when lo <= value <= hi."""
    return Claim(study, claim, float(value), f"{_fmt(lo)} to {_fmt(hi)}", unit,
                 bool(lo <= value <= hi))


def claim_close(study: str, claim: str, value: float, expected: float, tol: float, unit: str) -> Claim:
    """Holds when |value - expected| <= tol (absolute, in `unit`)."""
    return Claim(study, claim, float(value), f"{_fmt(expected)} ± {_fmt(tol)}", unit,
                 bool(abs(value - expected) <= tol))


def claim_less(study: str, claim: str, value: float, bound: float, unit: str) -> Claim:
    """Holds when value < bound."""
    return Claim(study, claim, float(value), f"< {_fmt(bound)}", unit, bool(value < bound))


def claim_greater(study: str, claim: str, value: float, bound: float, unit: str) -> Claim:
    """Holds when value > bound."""
    return Claim(study, claim, float(value), f"> {_fmt(bound)}", unit, bool(value > bound))


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
        return pd.DataFrame([c.as_row() for c in self.claims],
                            columns=["study", "claim", "value", "expected", "unit", "holds"])
