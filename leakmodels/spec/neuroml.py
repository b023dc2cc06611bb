"""NeuroML2 morphologies (`.cell.nml`) read into the points and sections SWC files give, so
that a NeuroML cell is built, checked and measured as an SWC reconstruction is.

`read_neuroml(path, cell_id=None)` reads the file with libNeuroML (the `neuroml` extra:
`pip install "leakmodels[neuroml]"`; `<include>`d files are read too) and returns an
`SwcMorphology` of its cell's segments, whose `own_starts` are the points that begin their
section themselves (see below), which `spec.sections.plan_sections` honours.

Conventions:

* The cell: the file's one `<cell>` (cell_id= picks one of several), its morphology inline
  or a top-level `<morphology>` it names.
* Regions come from segment groups: the NeuroLex ids of soma (GO:0043025), axon
  (GO:0030424) and dendrite (GO:0030425), or the groups NEURON's and pyNeuroML's exports
  write (`soma_group`, `axon_group`, `dendrite_group`); a group whose id says apical holds
  apical dendrites. A segment in no such group goes by its name
  (`spec.morphology.region_of_word`, as adopted sections do). Precedence, for a segment in
  several: soma, axon, apical, dendrite.
* The soma: one section with the area its segments describe (each a frustum from its
  proximal to its distal point, a sphere where they coincide, as libNeuroML computes it),
  a cylinder L = diam as SWC somata are; its branches attach at its middle.
* Other segments: their distal point, after their proximal one where it is given and is not
  their parent's distal point. A segment with no proximal point starts where its parent
  ends (at its parent's diameter; on the soma, at fractionAlong of the soma segment, as
  libNeuroML places it); one with a proximal point of its own starts its section there at
  its own diameter (no taper from the parent, and no step of membrane at the joint),
  connected to its parent's end.
* A branch attaches at its parent segment's end (fractionAlong 1), or anywhere on the soma;
  one that attaches part way along another segment is refused, naming both segments.
* Groups list their segments with <member> and <include>; one given by <path> or
  <subTree> is refused. Apical dendrites become SWC type 4 (sections named apic), in the
  region dend, as in SWC files.
"""
from __future__ import annotations

import math
import os
import re
from pathlib import Path

from .checks import ArgumentTypeError
from .morphology import region_of_word
from .swc import SwcError, SwcFileNotFoundError, SwcMorphology, SwcPoint

try:  # the optional 'neuroml' extra
    from neuroml import loaders as _loaders
except ImportError:  # pragma: no cover - the message below says how to install it
    _loaders = None

INSTALL = 'NeuroML files need libNeuroML: pip install "leakmodels[neuroml]"'
NEUROLEX = {"GO:0043025": "soma", "GO:0030424": "axon", "GO:0030425": "dend"}
GROUP_IDS = {"soma_group": "soma", "axon_group": "axon", "dendrite_group": "dend"}
TYPE_OF = {"soma": 1, "axon": 2, "dend": 3, "apic": 4}
PRECEDENCE = ("soma", "axon", "apic", "dend")


class NeuroMLError(SwcError):
    """A NeuroML file that cannot be read as a cell: the message names file and fault."""


def is_neuroml_name(path) -> bool:
    """A file name a NeuroML2 file has (.nml, .cell.nml), in any case."""
    return Path(path).name.lower().endswith(".nml")


def neuroml_stem(path) -> str:
    """'cells/pyr.cell.nml' -> 'pyr'."""
    name = Path(path).name
    for end in (".cell.nml", ".nml"):
        if name.lower().endswith(end):
            return name[: -len(end)]
    return Path(path).stem


def _document(p: Path):
    if _loaders is None:
        raise NeuroMLError(f"{p}: {INSTALL}.")
    try:
        return _loaders.read_neuroml2_file(str(p), include_includes=True)
    except Exception as exc:  # libNeuroML raises many kinds; the message is what matters
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NeuroMLError(f"{p} cannot be read as NeuroML2 ({first}).") from None


_INCLUDE = re.compile(r"<include\s[^>]*href\s*=\s*[\"']([^\"']+)[\"']", re.I)


def neuroml_files(path) -> list:
    """The file and every file it <include>s, followed down (resolved, in order, each once;
    a missing one is left to the reader to name): what a NeuroML cell is read from."""
    out, todo = [], [Path(path).expanduser().resolve()]
    while todo:
        f = todo.pop(0)
        if f in out or not f.is_file():
            continue
        out.append(f)
        text = f.read_text(errors="replace")
        todo += [(f.parent / href).resolve() for href in _INCLUDE.findall(text)]
    return out


def neuroml_cell_ids(path) -> list:
    """The ids of the cells a NeuroML2 file holds, in its order (NeuroMLError if none)."""
    p = Path(path).expanduser()
    cells = [c.id for c in _document(p).cells]
    if not cells:
        raise NeuroMLError(f"{p} holds no <cell>; a NeuroML cell file has one (with its "
                           "morphology).")
    return cells


def _cell(p: Path, doc, cell_id):
    cells = list(doc.cells)
    if not cells:
        raise NeuroMLError(f"{p} holds no <cell>; a NeuroML cell file has one (with its "
                           "morphology).")
    if cell_id is None:
        if len(cells) > 1:
            raise NeuroMLError(f"{p} holds {len(cells)} cells ({', '.join(c.id for c in cells)}): "
                               "give cell_id= one of them.")
        return cells[0]
    found = [c for c in cells if c.id == cell_id]
    if not found:
        raise NeuroMLError(f"{p} holds no cell {cell_id!r}; it holds "
                           f"{', '.join(c.id for c in cells)}.")
    return found[0]


def _morphology(p: Path, doc, cell):
    if cell.morphology is not None:
        return cell.morphology
    name = getattr(cell, "morphology_attr", None)
    found = [m for m in doc.morphology if m.id == name]
    if not found:
        raise NeuroMLError(f"{p}: cell {cell.id!r} has no morphology"
                           + (f" (it names {name!r}, which the file does not hold)." if name
                              else "."))
    return found[0]


def _members(p: Path, morph) -> dict:
    """group id -> the ids of its segments, its <include>d groups' too (a group given by
    <path> or <subTree> is refused: its segments would be guessed)."""
    groups = {g.id: g for g in morph.segment_groups}
    out: dict = {}

    def of(gid, seen):
        if gid in out:
            return out[gid]
        if gid not in groups or gid in seen:
            why = "is not defined" if gid not in groups else "includes itself"
            raise NeuroMLError(f"{p}: segment group {gid!r} {why}.")
        group = groups[gid]
        if group.paths or group.sub_trees:
            raise NeuroMLError(f"{p}: segment group {gid!r} is given by <path> or <subTree>; "
                               "list its segments with <member> (or <include> groups).")
        ids = {int(m.segments) for m in group.members}
        for inc in group.includes:
            ids |= of(inc.segment_groups, seen | {gid})
        out[gid] = ids
        return ids

    for gid in groups:
        of(gid, frozenset())
    return out


def _regions(p: Path, morph) -> dict:
    """segment id -> region, from the segment groups, else from the names."""
    members = _members(p, morph)
    found: dict = {}
    for group in morph.segment_groups:
        region = NEUROLEX.get(group.neuro_lex_id or "") or GROUP_IDS.get(group.id)
        if "apic" in group.id.lower() and region in (None, "dend"):
            region = "apic"
        if region is None:
            continue
        for sid in members[group.id]:
            found.setdefault(sid, set()).add(region)
    out = {}
    for seg in morph.segments:
        regions = found.get(int(seg.id))
        if regions:
            out[int(seg.id)] = next(r for r in PRECEDENCE if r in regions)
        else:
            out[int(seg.id)] = region_of_word(seg.name or "")
    return out


def _frustum_um2(a: tuple, b: tuple) -> float:
    """NeuroML's (libNeuroML's) area of a segment from a to b: a sphere where they coincide."""
    if a[:3] == b[:3]:
        return math.pi * b[3] ** 2
    ra, rb = a[3] / 2, b[3] / 2
    return math.pi * (ra + rb) * math.hypot(math.dist(a[:3], b[:3]), ra - rb)


def _xyzd(point) -> tuple:
    return (float(point.x), float(point.y), float(point.z), float(point.diameter))


def read_neuroml(path, cell_id: str | None = None) -> SwcMorphology:
    """The morphology of a NeuroML2 cell as SWC points (see the module docstring)."""
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path={path!r} is not a file path: pass the path of a "
                                ".cell.nml file (a str or a pathlib.Path).")
    p = Path(path).expanduser()
    if not p.is_file():
        raise SwcFileNotFoundError(f"NeuroML file not found: {p}.")
    doc = _document(p)
    cell = _cell(p, doc, cell_id)
    morph = _morphology(p, doc, cell)
    segments = {int(s.id): s for s in morph.segments}
    if not segments:
        raise NeuroMLError(f"{p}: cell {cell.id!r} has no segment.")
    region = _regions(p, morph)
    roots = [sid for sid, s in segments.items() if s.parent is None]
    if len(roots) != 1:
        raise NeuroMLError(f"{p}: cell {cell.id!r} has {len(roots)} segments without a parent "
                           f"({', '.join(map(str, roots[:5]))}); a cell is one tree.")
    kids: dict = {}
    for sid, s in segments.items():
        if s.parent is not None:
            parent = int(s.parent.segments)
            if parent not in segments:
                raise NeuroMLError(f"{p}: segment {sid} names parent {parent}, which does not "
                                   "exist.")
            kids.setdefault(parent, []).append(sid)
    root = segments[roots[0]]
    if region[roots[0]] != "soma":
        raise NeuroMLError(f"{p}: the root segment {roots[0]} ({root.name}) is not in the "
                           "soma; leakmodels measures at the soma and needs the tree to "
                           "start there (a soma_group, or a segment named soma).")
    if root.proximal is None:
        raise NeuroMLError(f"{p}: the root segment {roots[0]} has no proximal point.")
    proximal: dict = {}

    def proximal_of(sid):  # a segment's own proximal point, else its parent's at fraction
        if sid not in proximal:
            seg = segments[sid]
            if seg.proximal is not None:
                proximal[sid] = _xyzd(seg.proximal)
            else:
                parent = int(seg.parent.segments)
                a, b = proximal_of(parent), _xyzd(segments[parent].distal)
                f = float(seg.parent.fraction_along)
                proximal[sid] = tuple(x + f * (y - x) for x, y in zip(a, b))
        return proximal[sid]

    order, todo = [], [roots[0]]
    while todo:  # parents before children
        sid = todo.pop()
        order.append(sid)
        todo.extend(reversed(kids.get(sid, [])))
    soma = [sid for sid in order if region[sid] == "soma"]
    for sid in soma[1:]:
        parent = int(segments[sid].parent.segments)
        if region[parent] != "soma":
            raise NeuroMLError(f"{p}: soma segment {sid} hangs from segment {parent} "
                               f"({region[parent]}); the soma's segments must form the root.")
    # the soma: one sphere with the area its segments describe (as SWC somata are built)
    area = sum(_frustum_um2(proximal_of(sid), _xyzd(segments[sid].distal)) for sid in soma)
    ends = [proximal_of(sid) for sid in soma] + [_xyzd(segments[sid].distal) for sid in soma]
    centre = tuple(sum(e[i] for e in ends) / len(ends) for i in range(3))
    points = [SwcPoint(0, 1, *centre, math.sqrt(area / math.pi) / 2, -1, 1)]
    distal_of: dict = {sid: 0 for sid in soma}
    own: list = []

    def add(xyzd, kind, parent_id):
        points.append(SwcPoint(len(points), TYPE_OF[kind], *xyzd[:3], xyzd[3] / 2,
                               parent_id, len(points) + 1))
        return len(points) - 1

    for sid in order:
        if region[sid] == "soma":
            continue
        seg, parent = segments[sid], int(segments[sid].parent.segments)
        fraction = float(seg.parent.fraction_along)
        on_soma = region[parent] == "soma"
        if not on_soma and not math.isclose(fraction, 1.0):
            raise NeuroMLError(f"{p}: segment {sid} ({seg.name}) attaches at fractionAlong "
                               f"{fraction:g} of segment {parent}, not at its end; leakmodels "
                               "reads branches that attach at a segment's end or on the soma.")
        at, start = distal_of[parent], proximal_of(sid)
        if on_soma or start != _xyzd(segments[parent].distal):
            at = add(start, region[sid], at)  # its section starts here, at its diameter
            own.append(at)
        distal_of[sid] = add(_xyzd(seg.distal), region[sid], at)
    return SwcMorphology(str(p), tuple(points), (f"NeuroML2 cell {cell.id}",),
                         frozenset(own), name=cell.id)
