"""Typed results as plain columns and back: a sweep's row carries numbers and lists (a journal
keeps them as JSON, exactly), a study reads its typed result again.

`as_columns(result)` turns a frozen dataclass (numpy arrays among its fields) into a dict of
numbers and lists; `from_columns(cls, columns)` makes the dataclass again, lists as float
arrays.
"""
from __future__ import annotations

from dataclasses import fields

import numpy as np


def as_columns(result) -> dict:
    """{field: value} of a dataclass instance, numpy arrays as lists."""
    return {f.name: (getattr(result, f.name).tolist()
                     if isinstance(getattr(result, f.name), np.ndarray) else getattr(result, f.name))
            for f in fields(result)}


def from_columns(cls, columns: dict):
    """The dataclass `cls` from `as_columns`' dict (lists become float arrays)."""
    return cls(**{f.name: (np.asarray(columns[f.name], dtype=float)
                           if isinstance(columns[f.name], list) else columns[f.name])
                  for f in fields(cls)})
