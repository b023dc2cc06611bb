"""The SWC format: reading reconstructions into frozen data and planning their sections.

This module owns the SWC format in leakmodels: parsing and validating the text (`read_swc`
-> `SwcMorphology` of `SwcPoint`s; faults raise `SwcError` naming file, line and fault) and
the rules that turn a tree of points into sections (`plan_sections` -> `SwcSection`s), all
plain Python; `leakmodels.cell.reconstruction.from_swc` lays them out in NEURON.

Conventions (they agree with NEURON's Import3d and reproduce its membrane areas):

* Regions: SWC type 1 -> "soma", 2 -> "axon", 3 (basal) and 4 (apical) -> "dend"; every
  other type (0 undefined, 5 fork point, 6 end point, 7+ custom) also goes to "dend".
* The soma is one section, a cylinder with L = diam, so its area is a sphere's (pi diam^2)
  and its volume per area is diam/6:
  - one type-1 point of radius r: diam = 2r, laid along y through the point;
  - NeuroMorpho's three-point soma (a root of radius r with two type-1 children of radius r
    at distance r on opposite sides): the same sphere, drawn through the three points;
  - any other set of type-1 points: a cylinder L = diam with the area the points describe,
    centred on their centroid. A closed outline (an unbranched chain of >= 4 points whose
    ends are closer than half its path length: a soma contour) stands for the sphere whose
    great circle encloses the contour's area, area = 4 x enclosed area (exact for a circle,
    like Import3d's contour treatment). Otherwise the points are a stack of frusta (a chain
    or tree, as in multi-cylinder somata) and the area is the sum of their lateral areas,
    which is the area Import3d builds from them.
  - no type-1 point: `SwcError`. Such a file is a fragment (a dendritic tree or an axon);
    inventing a soma would change the cell's area and input resistance silently.
* Sections are unbranched runs of points of one SWC type, split at branch points.
* Sections on the soma connect to soma(0.5), whichever soma point is their parent, and
  start at their own first point (a "wire" from the centre, declared with pt3dstyle so that
  NEURON does not shift them); a one-point stem is drawn from the soma centre.
* Every other section connects at parent(1) and starts with its parent (branch) point at
  that point's radius, so the tree is continuous (NeuroML's `own_starts` start at their own).
* A section of zero length is dropped; its children attach where it was attached.
* keep_axon=False drops type-2 points and everything that hangs from them.
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


@dataclass(frozen=True)
class SwcSection:
    """A planned NEURON section: its 3-D points (x, y, z, diam in um) and its connection."""

    name: str
    region: str
    swc_type: int
    pt3d_um: tuple          # ((x_um, y_um, z_um, diam_um), ...), drawn with pt3dadd
    point_ids: tuple        # the SWC points of the run (a prepended parent point excluded)
    parent: int | None      # index of the parent section in the plan; None for the soma
    parent_x: float
    wire_um: tuple | None = None  # logical connection point (x, y, z) of a wired section

    @property
    def length_um(self) -> float:
        return sum(math.dist(a[:3], b[:3]) for a, b in zip(self.pt3d_um, self.pt3d_um[1:]))

    @property
    def area_um2(self) -> float:
        """Lateral area of the frusta between the 3-D points, as NEURON computes it."""
        return sum(_frustum_um2(a[3] / 2, b[3] / 2, math.dist(a[:3], b[:3]))
                   for a, b in zip(self.pt3d_um, self.pt3d_um[1:]))


def _frustum_um2(r1_um: float, r2_um: float, length_um: float) -> float:
    return math.pi * (r1_um + r2_um) * math.hypot(length_um, r1_um - r2_um)


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
    """Parse and validate an SWC file; raise `SwcError` (file, line, fault) if it is malformed.

    Each data line has 7 columns: id type x y z radius parent; '#' starts a comment. Ids are
    unique whole numbers >= 0; a parent is -1 (the one root) or the id of another point
    anywhere in the file: an unsorted file is sorted on read (parents before children), a
    cycle or a piece disconnected from the root is named with its ids. Non-soma points need a
    radius > 0 and none may exceed MAX_RADIUS_UM; a point more than MAX_JUMP_UM from its
    parent is warned about. `~` is expanded; a gzip-compressed file (.swc.gz) is read.
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


# --- planning -----------------------------------------------------------------------------
def _soma_pt3d(morph: SwcMorphology, by_id: dict) -> tuple:
    """The soma's 3-D points: three points on a cylinder L = diam along y (see module doc)."""
    somas, root, path = morph.soma_points, morph.points[0], morph.path
    if not somas:
        raise SwcError(f"{path}: no soma: no point has type 1. leakmodels measures at the soma "
                       "and does not invent one; if the root point (line "
                       f"{root.line}) is the soma, set its type to 1.")
    if root.type != 1:
        raise _fault(path, root.line, f"the root point {root.id} has type {root.type}, but the "
                     f"soma (type 1, line {somas[0].line}) must be the root of the tree")
    for q in somas[1:]:
        if by_id[q.parent_id].type != 1:
            raise _fault(path, q.line, f"soma point {q.id} hangs from point {q.parent_id} of type "
                         f"{by_id[q.parent_id].type}; soma points must be connected to the root")
    if len(somas) == 1 or _is_three_point(somas):
        if root.radius_um <= 0:
            raise _fault(path, root.line, f"soma radius {root.radius_um} must be > 0 um")
        d = 2 * root.radius_um
        if len(somas) == 3:
            a, b = sorted(somas[1:], key=lambda q: (q.y_um, q.x_um, q.z_um))
            return tuple((*q.xyz_um, d) for q in (a, root, b))
        cx, cy, cz = root.xyz_um
    else:
        area = _contour_area_um2(somas)
        if area is None:
            area = sum(_frustum_um2(q.radius_um, by_id[q.parent_id].radius_um,
                                    math.dist(q.xyz_um, by_id[q.parent_id].xyz_um))
                       for q in somas[1:])
        if area <= 0:
            raise _fault(path, root.line, f"the {len(somas)} soma points describe no membrane "
                         "(zero radii and not a closed outline)")
        d = math.sqrt(area / math.pi)
        cx, cy, cz = (sum(q.xyz_um[i] for q in somas) / len(somas) for i in range(3))
    return tuple((cx, cy + dy, cz, d) for dy in (-d / 2, 0.0, d / 2))


def _is_three_point(somas) -> bool:
    """NeuroMorpho's three-point soma: root r, two children of radius r at +-r from it."""
    if len(somas) != 3:
        return False
    root, a, b = somas
    r = root.radius_um
    return (r > 0 and a.parent_id == b.parent_id == root.id
            and all(math.isclose(q.radius_um, r, rel_tol=1e-3) for q in (a, b))
            and all(math.isclose(math.dist(q.xyz_um, root.xyz_um), r, rel_tol=0.01) for q in (a, b))
            and math.isclose(math.dist(a.xyz_um, b.xyz_um), 2 * r, rel_tol=0.01))


def _contour_area_um2(somas) -> float | None:
    """4 x the area enclosed by a closed outline of soma points; None if not an outline."""
    chain = all(q.parent_id == prev.id for prev, q in zip(somas, somas[1:]))
    if not chain or len(somas) < 4:
        return None
    xyz = [q.xyz_um for q in somas]
    path = sum(math.dist(a, b) for a, b in zip(xyz, xyz[1:]))
    if not math.dist(xyz[0], xyz[-1]) < 0.5 * path:
        return None
    c = [sum(v[i] for v in xyz) / len(xyz) for i in range(3)]
    rel = [[v[i] - c[i] for i in range(3)] for v in xyz]
    vec = [0.0, 0.0, 0.0]
    for a, b in zip(rel, rel[1:] + rel[:1]):  # vector area of the polygon, closed
        vec[0] += a[1] * b[2] - a[2] * b[1]
        vec[1] += a[2] * b[0] - a[0] * b[2]
        vec[2] += a[0] * b[1] - a[1] * b[0]
    return 4 * 0.5 * math.hypot(*vec)


def plan_sections(morph: SwcMorphology, keep_axon: bool = True) -> tuple:
    """The sections `from_swc` builds, soma first, as `SwcSection`s (no NEURON involved)."""
    by_id = {p.id: p for p in morph.points}
    kids: dict = {p.id: [] for p in morph.points}
    for p in morph.points:
        if p.parent_id != -1:
            kids[p.parent_id].append(p.id)
    soma3d = _soma_pt3d(morph, by_id)
    centre = soma3d[1][:3]
    soma_ids = tuple(q.id for q in morph.soma_points)
    plan = [SwcSection("soma", "soma", 1, soma3d, soma_ids, None, 0.5)]
    counters: dict = {}
    # (first point of the run, parent section index, parent_x); the soma's children first
    todo = [(c, 0, 0.5) for q in morph.soma_points for c in kids[q.id] if by_id[c].type != 1]
    todo.reverse()
    while todo:
        start, parent, parent_x = todo.pop()
        first = by_id[start]
        if first.type == 2 and not keep_axon:
            continue
        run = [first]
        while (len(kids[run[-1].id]) == 1 and by_id[kids[run[-1].id][0]].type == first.type
               and kids[run[-1].id][0] not in morph.own_starts):
            run.append(by_id[kids[run[-1].id][0]])
        pts = [(*q.xyz_um, 2 * q.radius_um) for q in run]
        wire = None
        if parent == 0 and len(run) > 1:
            wire = centre
        elif parent == 0:
            pts.insert(0, (*centre, pts[0][3]))
        elif first.id in morph.own_starts:  # from its own first point, wired to the branch
            wire = by_id[first.parent_id].xyz_um
        else:
            branch = by_id[first.parent_id]
            pts.insert(0, (*branch.xyz_um, 2 * branch.radius_um))
        prefix = TYPE_PREFIX.get(first.type, f"type{first.type}_")
        sec = SwcSection(f"{prefix}{counters.get(prefix, 0)}", first.region, first.type,
                         tuple(pts), tuple(q.id for q in run), parent, parent_x, wire)
        here, here_x = parent, parent_x  # where children of a dropped zero-length run go
        if sec.length_um > 0:
            counters[prefix] = counters.get(prefix, 0) + 1
            plan.append(sec)
            here, here_x = len(plan) - 1, 1.0
        todo.extend((c, here, here_x) for c in reversed(kids[run[-1].id]))
    return tuple(plan)
