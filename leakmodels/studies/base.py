"""What a study returns: a tidy table, a figure, and the claims it checked.

A study is a function of cells and parameters that composes measurements. Every study's
run function takes `cells` ({label: CellSource}, None: its own; `study_cells`) and
`execution` (where its sweeps run, `leakmodels.sweeps.Execution`) besides its parameters. It
returns a `StudyResult`: one tidy pandas DataFrame (units in the column names), one matplotlib
Figure a reader understands without the code, and a list of `Claim` objects, each a measured
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
    """The cells a study measures: `cells` as given, or the study's own (`default`) when None.

    Parameters
    ----------
    cells : dict of str to leakmodels.CellSource or None
        {label: CellSource} (a description any process can build); None: the study's own.
    default : dict of str to leakmodels.CellSource
        The study's own cells.
    one : bool, optional
        The study measures one cell, so `cells` must hold exactly one; default False.

    Returns
    -------
    dict of str to leakmodels.CellSource
        A new dict {label: CellSource}.

    Raises
    ------
    leakmodels.spec.checks.ArgumentTypeError
        If `cells` is not a non-empty dict of str labels to `CellSource` objects.
    leakmodels.spec.checks.ArgumentError
        If `one` is True and `cells` holds more than one cell.
    """
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
    """The rows of a sweep's table as dicts, in order, when every row is usable.

    Parameters
    ----------
    table : pandas.DataFrame
        A sweep's table (`leakmodels.sweeps.table.sweep`), with its ``outcome``, ``cell``,
        ``condition`` and ``reason`` columns.

    Returns
    -------
    list of dict
        One {column: value} per row, in the table's order.

    Raises
    ------
    RuntimeError
        Naming the first row a study cannot use (``outcome`` not 'ok': its cell fired on its
        own or could not be measured), with its cell, condition, outcome and reason.
    """
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
    """One checked statement: a row of claims.csv.

    An input restated is not a claim. Frozen; `claim_between`, `claim_close`, `claim_less`,
    `claim_greater` and `claim_in_range` make one from a value and its bounds.

    Parameters
    ----------
    study, claim : str
        The study's name, and what is claimed (readable).
    value : float
        The measured value, in `unit`.
    expected : str
        The expected value or bounds, readable (e.g. "0.5 to 5", "0 ± 0.1", "< 1").
    unit : str
        The unit of `value` and the bounds ("" when dimensionless).
    holds : bool
        Whether `value` meets the expectation.
    kind : str
        One of `KINDS` ("prediction", "fit", "range", "consistency"; what each means:
        `KIND_MEANING`).
    expected_lo, expected_hi : float, optional
        The same bounds as numbers, in `unit`; NaN (default): open on that side. A strict
        bound is stored as the bound itself.
    source : str, optional
        Where the expectation comes from; default "". A prediction names the paper of its
        number here (never SCIENCE.md, an issue or the package's own reading).
    fitted : str, optional
        For a fit, the parameter that was chosen to meet it; default "".

    Raises
    ------
    ValueError
        If `kind` is not one of `KINDS`; if a prediction names no paper in `source` (or names
        SCIENCE.md, an issue, the source text or this package) or names a `fitted`
        parameter; if a fit names no `fitted` parameter.
    """

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
        """The claim as a row of claims.csv.

        Returns
        -------
        dict
            {column: value} with the keys of `CLAIM_COLUMNS`: study, kind, claim, value (in
            unit), expected, expected_lo, expected_hi (in unit), unit, holds (bool), source,
            fitted.
        """
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
    """A claim that holds when lo <= value <= hi.

    Parameters
    ----------
    study, claim : str
        The study's name, and what is claimed (readable).
    value : float
        The measured value, in `unit`.
    lo, hi : float
        The bounds, inclusive, in `unit`.
    unit : str
        The unit of `value` and the bounds ("" when dimensionless).
    kind : str
        One of `KINDS`: "prediction", "fit", "range" or "consistency".
    source, fitted : str, optional
        Where the expectation comes from (a prediction's paper), and for a fit the parameter
        chosen to meet it; default "".

    Returns
    -------
    Claim
        The claim, with `holds` computed.

    Raises
    ------
    ValueError
        If `kind`, `source` and `fitted` do not agree (see `Claim`).
    """
    return Claim(study, claim, float(value), f"{_fmt(lo)} to {_fmt(hi)}", unit,
                 bool(lo <= value <= hi), kind, float(lo), float(hi), source, fitted)


def claim_close(study: str, claim: str, value: float, expected: float, tol: float, unit: str, *,
                kind: str, source: str = "", fitted: str = "") -> Claim:
    """A claim that holds when ``abs(value - expected) <= tol``.

    Parameters
    ----------
    study, claim : str
        The study's name, and what is claimed (readable).
    value : float
        The measured value, in `unit`.
    expected : float
        The expected value, in `unit`.
    tol : float
        The tolerance, absolute, in `unit`.
    unit : str
        The unit of `value`, `expected` and `tol` ("" when dimensionless).
    kind : str
        One of `KINDS`: "prediction", "fit", "range" or "consistency".
    source, fitted : str, optional
        Where the expectation comes from (a prediction's paper), and for a fit the parameter
        chosen to meet it; default "".

    Returns
    -------
    Claim
        The claim, with `holds` computed.

    Raises
    ------
    ValueError
        If `kind`, `source` and `fitted` do not agree (see `Claim`).
    """
    return Claim(study, claim, float(value), f"{_fmt(expected)} ± {_fmt(tol)}", unit,
                 bool(abs(value - expected) <= tol), kind, float(expected - tol),
                 float(expected + tol), source, fitted)


def claim_less(study: str, claim: str, value: float, bound: float, unit: str, *, kind: str,
               source: str = "", fitted: str = "") -> Claim:
    """A claim that holds when value < bound.

    Parameters
    ----------
    study, claim : str
        The study's name, and what is claimed (readable).
    value : float
        The measured value, in `unit`.
    bound : float
        The strict upper bound, in `unit`.
    unit : str
        The unit of `value` and `bound` ("" when dimensionless).
    kind : str
        One of `KINDS`: "prediction", "fit", "range" or "consistency".
    source, fitted : str, optional
        Where the expectation comes from (a prediction's paper), and for a fit the parameter
        chosen to meet it; default "".

    Returns
    -------
    Claim
        The claim, with `holds` computed.

    Raises
    ------
    ValueError
        If `kind`, `source` and `fitted` do not agree (see `Claim`).
    """
    return Claim(study, claim, float(value), f"< {_fmt(bound)}", unit, bool(value < bound),
                 kind, math.nan, float(bound), source, fitted)


def claim_greater(study: str, claim: str, value: float, bound: float, unit: str, *, kind: str,
                  source: str = "", fitted: str = "") -> Claim:
    """A claim that holds when value > bound.

    Parameters
    ----------
    study, claim : str
        The study's name, and what is claimed (readable).
    value : float
        The measured value, in `unit`.
    bound : float
        The strict lower bound, in `unit`.
    unit : str
        The unit of `value` and `bound` ("" when dimensionless).
    kind : str
        One of `KINDS`: "prediction", "fit", "range" or "consistency".
    source, fitted : str, optional
        Where the expectation comes from (a prediction's paper), and for a fit the parameter
        chosen to meet it; default "".

    Returns
    -------
    Claim
        The claim, with `holds` computed.

    Raises
    ------
    ValueError
        If `kind`, `source` and `fitted` do not agree (see `Claim`).
    """
    return Claim(study, claim, float(value), f"> {_fmt(bound)}", unit, bool(value > bound),
                 kind, float(bound), math.nan, source, fitted)


def claim_in_range(study: str, claim: str, value: float, rng, fitted: str = "") -> Claim:
    """The model against a `reference_data.Range` (its bounds, unit and source).

    A prediction where the range's paper was checked (`rng.checked`), a range check where it
    was not, a fit where `fitted` names the parameter chosen to land the value in it.

    Parameters
    ----------
    study, claim : str
        The study's name, and what is claimed (readable).
    value : float
        The measured value, in `unit`.
    rng : leakmodels.spec.reference_data.Range
        The published interval lo..hi, inclusive, with its unit, source and whether it was
        checked.
    fitted : str, optional
        The parameter chosen to land the value in the range (the claim is then a fit);
        default "".

    Returns
    -------
    Claim
        A claim that holds when ``rng.lo <= value <= rng.hi``.

    Raises
    ------
    ValueError
        If a checked range's source names no paper (see `Claim`).
    """
    kind = "fit" if fitted else ("prediction" if rng.checked else "range")
    return claim_between(study, claim, value, rng.lo, rng.hi, rng.unit, kind=kind,
                         source=rng.source, fitted=fitted)


@dataclass
class StudyResult:
    """A study's output: its table, its figure and the claims it checked.

    Parameters
    ----------
    name : str
        The study's name (e.g. "development").
    title : str
        A one-line title.
    table : pandas.DataFrame
        Tidy: one observation per row, units in the column names.
    figure : matplotlib.figure.Figure
        The study's figure.
    claims : list of Claim, optional
        The claims it checked, in the order it made them; default empty.
    notes : str, optional
        Methods and caveats, as prose; default "".
    """

    name: str
    title: str
    table: pd.DataFrame
    figure: object  # matplotlib.figure.Figure
    claims: list = field(default_factory=list)
    notes: str = ""

    @property
    def holds(self) -> bool:
        """Whether every claim holds (bool; True when there are none)."""
        return all(c.holds for c in self.claims)

    def claims_frame(self) -> pd.DataFrame:
        """The claims as a table, by kind in the order of `KINDS` (predictions first).

        Returns
        -------
        pandas.DataFrame
            One row per claim (`Claim.as_row`), columns `CLAIM_COLUMNS`; each kind in the
            order the study made them.
        """
        rows = [c.as_row() for kind in KINDS for c in self.claims if c.kind == kind]
        return pd.DataFrame(rows, columns=CLAIM_COLUMNS)
