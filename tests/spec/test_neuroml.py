"""leakmodels.spec.neuroml: NeuroML2 cells read into SWC points, with NeuroML's geometry
(areas as libNeuroML computes them), regions from segment groups, and clear errors."""
import math

import pytest

import leakmodels.spec.neuroml as nml_spec
from leakmodels.spec.neuroml import NeuroMLError, read_neuroml
from leakmodels.spec.sections import plan_sections
from leakmodels.spec.swc import SwcFileNotFoundError

neuroml = pytest.importorskip("neuroml")
from neuroml.writers import NeuroMLWriter  # noqa: E402


def _point(x, y, z, d):
    return neuroml.Point3DWithDiam(x=x, y=y, z=z, diameter=d)


def write_cell(path, segments, groups, cells=1):
    """A NeuroML2 file of `cells` cells with these segments: (id, name, parent or None,
    fraction along the parent, proximal or None, distal), and groups {id: [segment ids]}."""
    doc = neuroml.NeuroMLDocument(id="doc")
    for k in range(cells):
        morph = neuroml.Morphology(id=f"m{k}")
        for sid, name, parent, fraction, prox, dist in segments:
            seg = neuroml.Segment(id=sid, name=name, proximal=prox and _point(*prox),
                                  distal=_point(*dist))
            if parent is not None:
                seg.parent = neuroml.SegmentParent(segments=parent, fraction_along=fraction)
            morph.segments.append(seg)
        for gid, members in groups.items():
            morph.segment_groups.append(neuroml.SegmentGroup(
                id=gid, members=[neuroml.Member(segments=m) for m in members]))
        doc.cells.append(neuroml.Cell(id=f"cell{k}", morphology=morph))
    NeuroMLWriter.write(doc, str(path))
    return path


# a spherical soma; a dendrite that tapers (segment 2 has no proximal point: it starts at
# its parent's end) and steps down in diameter at a joint (segment 3's own proximal point);
# an axon from the soma's surface; a second dendrite with no proximal point on the soma
SEGMENTS = [
    (0, "soma", None, 1, (0, 0, 0, 20), (0, 0, 0, 20)),
    (1, "dend_a", 0, 1, (0, 10, 0, 3), (0, 110, 0, 3)),
    (2, "dend_b", 1, 1, None, (0, 210, 0, 2)),
    (3, "dend_c", 2, 1, (0, 210, 0, 1.5), (0, 310, 0, 1.5)),
    (4, "axon", 0, 0.5, (0, -10, 0, 1), (0, -110, 0, 1)),
    (5, "branch", 0, 1, None, (50, 0, 0, 2)),
]
GROUPS = {"soma_group": [0], "dendrite_group": [1, 2, 3, 5], "axon_group": [4]}


def test_the_sections_carry_the_area_libneuroml_gives_each_segment(tmp_path):
    """Every segment's membrane is the frustum from its proximal to its distal point (a
    sphere where they coincide), as libNeuroML's get_segment_surface_area computes it; the
    planned sections' areas sum to those (1e-12 relative: the same formulas in another
    order). A diameter step at a joint starts a new section (no annulus of membrane), a
    taper runs on in one; regions come from the groups."""
    path = write_cell(tmp_path / "c.cell.nml", SEGMENTS, GROUPS)
    morph = read_neuroml(path)
    plan = plan_sections(morph)
    cell = neuroml.loaders.read_neuroml2_file(str(path)).cells[0]
    expected = sum(cell.get_segment_surface_area(s[0]) for s in SEGMENTS)
    assert sum(s.area_um2 for s in plan[1:]) + math.pi * 20 ** 2 == pytest.approx(expected,
                                                                                  rel=1e-12)
    assert [s.region for s in plan] == ["soma", "dend", "dend", "axon", "dend"]
    assert morph.name == "cell0" and morph.points[0].radius_um == 10.0
    dend = plan[1]
    assert [p[3] for p in dend.pt3d_um] == [3.0, 3.0, 2.0]  # taper: one section
    assert plan[2].pt3d_um[0] == (0.0, 210.0, 0.0, 1.5) and plan[2].parent == 1


def test_regions_by_neurolex_ids_apical_groups_and_names(tmp_path):
    segments = [(0, "soma", None, 1, (0, 0, 0, 10), (0, 40, 0, 10)),
                (1, "a", 0, 1, None, (0, 60, 0, 2)),
                (2, "apical_trunk", 0, 1, (0, 10, 0, 2), (0, -60, 0, 2)),
                (3, "axon_hillock", 0, 1, (5, 5, 0, 1), (50, 5, 0, 1))]
    path = write_cell(tmp_path / "c.nml", segments, {"apical_dends": [2], "dends": [1]})
    doc = neuroml.loaders.read_neuroml2_file(str(path))
    doc.cells[0].morphology.segment_groups[1].neuro_lex_id = "GO:0030425"
    NeuroMLWriter.write(doc, str(path))
    morph = read_neuroml(path)
    assert {p.type for p in morph.points} == {1, 2, 3, 4}
    assert [s.region for s in plan_sections(morph)] == ["soma", "dend", "dend", "axon"]
    # the cylinder soma (10 x 40 um): a section L = diam with its lateral area, pi d L
    assert plan_sections(morph)[0].pt3d_um[0][3] == pytest.approx(math.sqrt(10 * 40))


def test_bad_files_are_named(tmp_path, monkeypatch):
    with pytest.raises(SwcFileNotFoundError, match="not found"):
        read_neuroml(tmp_path / "none.cell.nml")
    bad = tmp_path / "bad.nml"
    bad.write_text("<neuroml><cell")
    with pytest.raises(NeuroMLError, match="cannot be read as NeuroML2"):
        read_neuroml(bad)
    two = write_cell(tmp_path / "two.nml", SEGMENTS, GROUPS, cells=2)
    with pytest.raises(NeuroMLError, match="2 cells.*cell0, cell1.*cell_id"):
        read_neuroml(two)
    assert read_neuroml(two, cell_id="cell1").name == "cell1"
    with pytest.raises(NeuroMLError, match="no cell 'x'"):
        read_neuroml(two, cell_id="x")
    mid = [*SEGMENTS[:3], (3, "dend_c", 1, 0.5, None, (40, 60, 0, 1))]
    with pytest.raises(NeuroMLError, match="segment 3 .*fractionAlong 0.5 of segment 1"):
        read_neuroml(write_cell(tmp_path / "mid.nml", mid, GROUPS))
    no_soma = write_cell(tmp_path / "ns.nml", [(0, "d", None, 1, (0, 0, 0, 2), (0, 9, 0, 2))], {})
    with pytest.raises(NeuroMLError, match="root segment 0 .*not in the soma"):
        read_neuroml(no_soma)
    monkeypatch.setattr(nml_spec, "_loaders", None)
    with pytest.raises(NeuroMLError, match=r'pip install "leakmodels\[neuroml\]"'):
        read_neuroml(two)


def _libneuroml_area(path):
    """libNeuroML's own sum of its cell's segment areas (the reference)."""
    doc = neuroml.loaders.read_neuroml2_file(str(path))
    cell = doc.cells[0]
    if cell.morphology is None:
        cell.morphology = doc.morphology[0]
    return sum(cell.get_segment_surface_area(s.id) for s in cell.morphology.segments)


def _planned_area(morph):
    plan = plan_sections(morph)
    return math.pi * plan[0].pt3d_um[0][3] ** 2 + sum(s.area_um2 for s in plan[1:])


def test_soma_steps_and_branches_part_way_along_it_are_libneuromls(tmp_path):
    """A soma of two segments that steps from 10 to 6 um (no ring of membrane at the step),
    a dendrite with no proximal point at fractionAlong 0 of it (it starts at the soma's
    proximal end, not its distal one) and one at 0.5: the planned area is libNeuroML's
    (1e-12)."""
    segments = [(0, "soma", None, 1, (0, 0, 0, 10), (0, 10, 0, 10)),
                (1, "soma2", 0, 1, (0, 10, 0, 6), (0, 20, 0, 6)),
                (2, "d0", 0, 0.0, None, (0, -100, 0, 2)),
                (3, "d1", 1, 0.5, None, (80, 15, 0, 2))]
    path = write_cell(tmp_path / "s.cell.nml", segments, {"soma_group": [0, 1]})
    morph = read_neuroml(path)
    assert _planned_area(morph) == pytest.approx(_libneuroml_area(path), rel=1e-12)
    starts = sorted(s.pt3d_um[0] for s in plan_sections(morph)[1:])
    assert starts == [(0.0, 0.0, 0.0, 10.0), (0.0, 15.0, 0.0, 6.0)]  # on the soma, at f


def test_a_referenced_morphology_and_included_groups(tmp_path):
    """<cell morphology="m"> naming a top-level morphology, with the soma and axon groups
    given through <include>: read, with their regions; a <path> group is refused."""
    seg = ('<segment id="{0}" name="s{0}">{1}<proximal x="0" y="{2}" z="0" diameter="{3}"/>'
           '<distal x="0" y="{4}" z="0" diameter="{3}"/></segment>')
    body = (seg.format(0, "", 0, 10, 10) + seg.format(1, '<parent segment="0"/>', 10, 1, 60)
            + '<segmentGroup id="s"><member segment="0"/></segmentGroup>'
              '<segmentGroup id="soma_group"><include segmentGroup="s"/></segmentGroup>'
              '<segmentGroup id="axon_group"><member segment="1"/></segmentGroup>')
    text = ('<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="d">'
            f'<morphology id="m">{body}</morphology><cell id="c" morphology="m"/></neuroml>')
    path = tmp_path / "r.nml"
    path.write_text(text)
    plan = plan_sections(read_neuroml(path))
    assert [s.region for s in plan] == ["soma", "axon"]
    assert _planned_area(read_neuroml(path)) == pytest.approx(_libneuroml_area(path), rel=1e-12)
    path.write_text(text.replace('<member segment="1"/>',
                                 '<path><from segment="0"/><to segment="1"/></path>'))
    with pytest.raises(NeuroMLError, match="'axon_group' is given by <path>"):
        read_neuroml(path)
