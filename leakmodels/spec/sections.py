"""The sections a reconstruction is built as: SWC points planned into NEURON sections.

`plan_sections` turns an `SwcMorphology` (from `leakmodels.spec.swc.read_swc`, or from a
NeuroML file, `leakmodels.spec.neuroml`) into `SwcSection`s, plain Python;
`leakmodels.cell.reconstruction` lays them out in NEURON.

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

import math
from dataclasses import dataclass

from .swc import TYPE_PREFIX, SwcError, SwcMorphology, _fault


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
