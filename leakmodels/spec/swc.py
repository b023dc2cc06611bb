"""The SWC format: reading reconstructions into frozen data.

This module owns the SWC format in leakmodels: parsing and validating the text (`read_swc`
-> `SwcMorphology` of `SwcPoint`s; faults raise `SwcError` naming file, line and fault),
plain Python. `leakmodels.spec.sections.plan_sections` turns the tree of points into
sections, and `leakmodels.cell.reconstruction.from_swc` lays them out in NEURON.
"""
from __future__ import annotations

import gzip
import heapq
import math
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from .checks import ArgumentTypeError

WHERE_TO_GET = ("SWC reconstructions can be downloaded from NeuroMorpho.org (use the "
                "'Standardized' SWC file of a neuron)")
COLUMNS = "id type x y z radius parent"
TYPE_REGION = {1: "soma", 2: "axon", 3: "dend", 4: "dend"}
TYPE_PREFIX = {1: "soma", 2: "axon", 3: "dend", 4: "apic"}


class SwcError(ValueError):
    """An SWC file that cannot be read or built; the message names file, line and fault."""


class SwcFileNotFoundError(SwcError, FileNotFoundError):
    """The SWC file does not exist."""


@dataclass(frozen=True)
class SwcPoint:
    """One SWC sample: id, structure type, centre and radius (um), parent id (-1: root)."""

    id: int
    type: int
    x_um: float
    y_um: float
    z_um: float
    radius_um: float
    parent_id: int
    line: int  # 1-based line of the file it was read from

    @property
    def xyz_um(self) -> tuple:
        return (self.x_um, self.y_um, self.z_um)

    @property
    def region(self) -> str:
        return TYPE_REGION.get(self.type, "dend")


@dataclass(frozen=True)
class SwcMorphology:
    """The points of one SWC file, parents before children (the file's order where it allows),
    its comments, `own_starts` (NeuroML: points that start a section) and the cell's `name`."""

    path: str
    points: tuple
    comments: tuple = ()
    own_starts: frozenset = frozenset()
    name: str | None = None

    @property
    def soma_points(self) -> tuple:
        return tuple(p for p in self.points if p.type == 1)

    def type_counts(self) -> dict:
        counts: dict = {}
        for p in self.points:
            counts[p.type] = counts.get(p.type, 0) + 1
        return counts


def _fault(path, line: int, what: str) -> SwcError:
    return SwcError(f"{path}, line {line}: {what}")


def _number(path, line: int, name: str, text: str, whole: bool):
    try:
        val = float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise _fault(path, line, f"{name} = {text!r} is not {kind} (columns: {COLUMNS})") from None
    if not math.isfinite(val):
        raise _fault(path, line, f"{name} = {text!r} is not a finite number")
    if whole:
        if not val.is_integer():
            raise _fault(path, line,
                         f"{name} = {text!r} is not a whole number (columns: {COLUMNS})")
        return int(val)
    return val


MAX_RADIUS_UM = 2500.0   # half of checks.BOUNDS["size_um"]: no neurite or soma is wider
MAX_JUMP_UM = 2000.0     # a point this far from its parent: warned (no neurite step is)


def _text_of(p: Path) -> str:
    raw = p.read_bytes()
    if raw[:2] == b"\x1f\x8b":  # gzip (cell.swc.gz): read it
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise SwcError(f"{p} looks gzip-compressed but cannot be read ({exc}); gunzip it.") from None
    if b"\0" in raw[:4096]:
        raise SwcError(f"{p} is a binary file, not an SWC text file ({COLUMNS} per line).")
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def is_swc_name(path) -> bool:
    """A file name an SWC file has: .swc or .swc.gz, in any case (copy.SWC)."""
    name = Path(path).name.lower()
    return name.endswith(".swc") or name.endswith(".swc.gz")


def not_swc_reason(path) -> str:
    """'' if the file reads as SWC by its content (its first data line holds the seven
    columns, id type x y z radius parent, as numbers), else why not."""
    try:
        lines = [x for x in _text_of(Path(path)).splitlines() if x.strip() and x.lstrip()[0] != "#"]
    except (OSError, SwcError) as exc:
        return str(exc)
    if not lines:
        return f"{path} holds no data line"
    fields = lines[0].split()
    if len(fields) < 7 or not all(re.fullmatch(r"[-+0-9.eE]+", x) for x in fields[:7]):
        return (f"{path}: its first data line {lines[0].strip()[:60]!r} is not the seven SWC "
                f"columns ({COLUMNS})")
    return ""


def _sorted_tree(p: Path, points: list, root) -> list:
    """Parents before children, keeping the file's order where it allows (a sorted file
    comes back unchanged); a point not reachable from the root is named: a cycle (with its
    ids) or a piece disconnected from the tree."""
    by_id = {q.id: q for q in points}
    kids: dict = {}
    for q in points:
        if q.parent_id != -1:
            kids.setdefault(q.parent_id, []).append(q)
    order, heap = [], [(root.line, root.id)]
    while heap:
        _, pid = heapq.heappop(heap)
        order.append(by_id[pid])
        for child in kids.get(pid, ()):
            heapq.heappush(heap, (child.line, child.id))
    if len(order) == len(points):
        return order
    reached = {q.id for q in order}
    stray = next(q for q in points if q.id not in reached)
    seen, q = [], stray
    while q.id not in seen and q.parent_id != -1 and q.parent_id in by_id:
        seen.append(q.id)
        q = by_id[q.parent_id]
    if q.id in seen:
        ring = seen[seen.index(q.id):] + [q.id]
        lines = ", ".join(str(by_id[i].line) for i in ring[:-1])
        raise SwcError(f"{p}: points {' -> '.join(map(str, ring))} form a cycle (lines {lines}): "
                       "each point's parent must lead back to the root.")
    raise SwcError(f"{p}, line {stray.line}: point {stray.id} is not connected to the tree of "
                   f"the root (point {root.id}, line {root.line}).")


def read_swc(path) -> SwcMorphology:
    """Parse and validate an SWC file into an `SwcMorphology`.

    Each data line has 7 columns: id type x y z radius parent; '#' starts a comment. Ids are
    unique whole numbers >= 0; a parent is -1 (the one root) or the id of another point
    anywhere in the file: an unsorted file is sorted on read (parents before children).
    Non-soma points need a radius > 0 and none may exceed MAX_RADIUS_UM (2500 um); a point
    more than MAX_JUMP_UM (2000 um) from its parent is warned about.

    Parameters
    ----------
    path : str, os.PathLike or SwcMorphology
        The .swc file (``~`` expanded; a gzip-compressed .swc.gz is read too); an
        `SwcMorphology` is returned as it is.

    Returns
    -------
    SwcMorphology
        The points (coordinates and radii in um), parents before children, and the file's
        comments.

    Raises
    ------
    SwcError
        The file is malformed (the message names file, line and fault; a cycle or a piece
        disconnected from the root with its ids), empty, binary or not a file;
        `SwcFileNotFoundError` (also a FileNotFoundError) if it does not exist.
    ArgumentTypeError
        `path` is not a path.
    """
    if isinstance(path, SwcMorphology):
        return path
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path={path!r} is not a file path: pass the path of an .swc file "
                                f"(a str or a pathlib.Path). {WHERE_TO_GET}.")
    p = Path(path).expanduser()
    if not p.exists():
        raise SwcFileNotFoundError(f"SWC file not found: {p}. {WHERE_TO_GET}.")
    if not p.is_file():
        raise SwcError(f"{p} is not a file; pass the path of an .swc file. {WHERE_TO_GET}.")
    points, comments, line_of = [], [], {}
    root = None
    for n, raw in enumerate(_text_of(p).splitlines(), start=1):
        data, hashmark, comment = raw.partition("#")
        if hashmark:
            comments.append(comment.strip())
        fields = data.split()
        if not fields:
            continue
        if len(fields) != 7:
            raise _fault(p, n, f"{len(fields)} columns; an SWC line has 7: {COLUMNS}")
        pid = _number(p, n, "id", fields[0], True)
        typ = _number(p, n, "type", fields[1], True)
        x, y, z = (_number(p, n, k, v, False) for k, v in zip("xyz", fields[2:5]))
        r = _number(p, n, "radius", fields[5], False)
        parent = _number(p, n, "parent", fields[6], True)
        if pid < 0:
            raise _fault(p, n, f"id {pid} is negative; ids are whole numbers >= 0")
        if typ < 0:
            raise _fault(p, n, f"type {typ} is negative; SWC types are 0 (undefined), 1 (soma), "
                               "2 (axon), 3 (basal), 4 (apical) or a custom number >= 5")
        if pid in line_of:
            raise _fault(p, n, f"duplicate id {pid} (already defined on line {line_of[pid]})")
        if parent == pid:
            raise _fault(p, n, f"point {pid} is its own parent")
        if parent == -1:
            if root is not None:
                raise _fault(p, n, f"point {pid} is a second root (parent -1; the first is point "
                                   f"{root.id} on line {root.line}); an SWC file must be one tree")
        elif parent < -1:
            raise _fault(p, n, f"parent {parent} is negative; use -1 for the root")
        if typ != 1 and r <= 0:
            raise _fault(p, n, f"radius {fields[5]} of point {pid} (type {typ}) must be > 0 um")
        if r > MAX_RADIUS_UM:
            raise _fault(p, n, f"radius {fields[5]} um of point {pid} is not a neuron's (no "
                               f"soma or neurite is wider than {2 * MAX_RADIUS_UM:g} um); is the "
                               "file in um?")
        point = SwcPoint(pid, typ, x, y, z, r, parent, n)
        if parent == -1:
            root = point
        line_of[pid] = n
        points.append(point)
    if not points:
        raise SwcError(f"{p} is empty: it has no SWC point line ({COLUMNS}). {WHERE_TO_GET}.")
    for q in points:
        if q.parent_id != -1 and q.parent_id not in line_of:
            raise _fault(p, q.line, f"parent {q.parent_id} of point {q.id} does not exist: no "
                                    "point has that id")
    if root is None:
        raise SwcError(f"{p}: no root (every point has a parent): the tree must start at one "
                       "point with parent -1.")
    ordered = _sorted_tree(p, points, root)
    by_id = {q.id: q for q in ordered}
    for q in ordered:
        if q.parent_id != -1:
            jump = math.dist(q.xyz_um, by_id[q.parent_id].xyz_um)
            if jump > MAX_JUMP_UM:
                warnings.warn(f"{p}, line {q.line}: point {q.id} is {jump:.0f} um from its parent "
                              f"{q.parent_id}: a jump no neurite makes (over {MAX_JUMP_UM:g} um)",
                              stacklevel=2)
    return SwcMorphology(str(p), tuple(ordered), tuple(comments))
