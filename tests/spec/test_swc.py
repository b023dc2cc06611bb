"""leakmodels.spec.swc: reading SWC files, and the rules that turn their points into sections
checked on the cells built from them (the plan itself: tests/spec/test_sections.py)."""
import math
from dataclasses import FrozenInstanceError
import pytest
from neuron import h
import leakmodels as lm
from leakmodels.spec.swc import SwcError, read_swc
from helpers import property_settings, stems
from helpers import swc_file as swc
from hypothesis import assume, given
from hypothesis import strategies as st


PI = math.pi


# --- somata -------------------------------------------------------------------------------
def test_single_point_soma_is_a_sphere_with_a_wired_dendrite(tmp_path):
    """Soma r = 5: L = diam = 10, area 4 pi 25 = 100 pi. The dendrite starts at its own first
    point (5, 0, 0), not at the soma centre: L = 20, d = 2, area 40 pi. Total 140 pi."""
    p = swc(tmp_path, "# one-point soma\n1 1 0 0 0 5 -1\n2 3 5 0 0 1 1\n"
                      "3 3 15 0 0 1 2\n4 3 25 0 0 1 3\n")
    with lm.from_swc(p) as cell:
        soma, dend = cell.sections
        assert soma.L == pytest.approx(10) and soma.diam == pytest.approx(10)
        assert dend.L == pytest.approx(20) and dend.diam == pytest.approx(2)
        assert cell.area_um2 == pytest.approx(140 * PI, rel=1e-6)
        assert dend.parentseg().sec == soma and dend.parentseg().x == 0.5
        assert cell.region_of(soma) == "soma" and cell.region_of(dend) == "dend"
        assert cell.volume_per_area_um(soma) == pytest.approx(10 / 6)
        assert cell.membrane == lm.DEFAULT_MEMBRANE
        h.define_shape()  # the wire keeps the dendrite where the file puts it
        assert dend.x3d(0) == pytest.approx(5)


def test_three_point_soma_is_the_sphere_through_its_points(tmp_path):
    """NeuroMorpho soma r = 5 with points at y = -5, 0, 5: L = diam = 10, area 100 pi; the
    dendrite runs from the centre to (20, 0, 0): L = 20, d = 2, area 40 pi. Total 140 pi."""
    p = swc(tmp_path, "1 1 0 0 0 5 -1\n2 1 0 -5 0 5 1\n3 1 0 5 0 5 1\n"
                      "4 3 0 0 0 1 1\n5 3 20 0 0 1 4\n")
    with lm.from_swc(p) as cell:
        soma, dend = cell.sections
        assert soma.n3d() == 3
        assert (soma.y3d(0), soma.y3d(1), soma.y3d(2)) == pytest.approx((-5, 0, 5))
        assert soma.L == pytest.approx(10) and soma.diam == pytest.approx(10)
        assert dend.L == pytest.approx(20)
        assert cell.area_um2 == pytest.approx(140 * PI, rel=1e-6)


def test_stack_of_soma_points_becomes_an_equal_area_sphere(tmp_path):
    """Soma chain of radius 5 over 0 -> 10 -> 20 um on y: two cylinders of 10 pi 10 = 100 pi,
    area 200 pi, so diam = L = sqrt(200) = 14.142, centred on the centroid (0, 10, 0)."""
    p = swc(tmp_path, "1 1 0 0 0 5 -1\n2 1 0 10 0 5 1\n3 1 0 20 0 5 2\n")
    with lm.from_swc(p) as cell:
        assert len(cell.sections) == 1
        assert cell.soma.diam == pytest.approx(math.sqrt(200), rel=1e-6)
        assert cell.soma.L == pytest.approx(math.sqrt(200), rel=1e-6)
        assert cell.area_um2 == pytest.approx(200 * PI, rel=1e-6)
        assert cell.soma.y3d(1) == pytest.approx(10)


def test_branched_soma_points_sum_their_frusta(tmp_path):
    """Root r = 5 with three soma children at distance 10, r = 5: 3 x 100 pi = 300 pi."""
    p = swc(tmp_path, "1 1 0 0 0 5 -1\n2 1 10 0 0 5 1\n3 1 -10 0 0 5 1\n4 1 0 10 0 5 1\n")
    with lm.from_swc(p) as cell:
        assert cell.area_um2 == pytest.approx(300 * PI, rel=1e-6)


def test_soma_contour_is_four_times_its_enclosed_area(tmp_path):
    """A 10 x 10 um square outline (radius 0) encloses 100 um2 -> soma area 400 um2
    (diam = sqrt(400 / pi)); a dendrite from (5, 0, 0) to (15, 0, 0), d = 2: 20 pi."""
    p = swc(tmp_path, "1 1 -5 -5 0 0 -1\n2 1 5 -5 0 0 1\n3 1 5 5 0 0 2\n4 1 -5 5 0 0 3\n"
                      "5 3 5 0 0 1 2\n6 3 15 0 0 1 5\n")
    with lm.from_swc(p) as cell:
        assert cell.soma.diam == pytest.approx(math.sqrt(400 / PI), rel=1e-6)
        assert cell.area_um2 == pytest.approx(400 + 20 * PI, rel=1e-6)
        assert stems(cell)[0].parentseg().x == 0.5


def test_missing_soma_is_an_error_naming_the_root_line(tmp_path):
    p = swc(tmp_path, "# a dendrite only\n1 3 0 0 0 1 -1\n2 3 10 0 0 1 1\n")
    with pytest.raises(SwcError, match=r"no soma.*line 2") as err:
        lm.from_swc(p)
    assert str(p) in str(err.value)


def test_soma_not_at_the_root_or_not_connected_is_an_error(tmp_path):
    p = swc(tmp_path, "1 3 0 0 0 1 -1\n2 1 10 0 0 5 1\n")
    with pytest.raises(SwcError, match=r"line 1: the root point 1 has type 3"):
        lm.from_swc(p)
    p = swc(tmp_path, "1 1 0 0 0 5 -1\n2 3 10 0 0 1 1\n3 1 20 0 0 5 2\n")
    with pytest.raises(SwcError, match=r"line 3: soma point 3 hangs from point 2"):
        lm.from_swc(p)


def test_zero_soma_radius_is_an_error(tmp_path):
    p = swc(tmp_path, "1 1 0 0 0 0 -1\n2 3 10 0 0 1 1\n")
    with pytest.raises(SwcError, match=r"line 1: soma radius"):
        lm.from_swc(p)


# --- trees --------------------------------------------------------------------------------
BRANCHED = """\
1 1 0 0 0 5 -1
2 3 5 0 0 1 1
3 3 15 0 0 1 2
4 3 15 10 0 1 3
5 3 15 20 0 1 4
6 3 25 0 0 1 3
"""


def test_branch_points_split_sections_and_children_connect_at_the_branch(tmp_path):
    """Stem 5 -> 15 um (L 10, 20 pi); at (15, 0, 0) it forks into 15 -> 20 on y (L 20, 40 pi)
    and 15 -> 25 on x (L 10, 20 pi). d = 2 throughout. Total 100 pi + 80 pi = 180 pi."""
    with lm.from_swc(swc(tmp_path, BRANCHED)) as cell:
        soma, stem, up, right = cell.sections
        assert [stem.L, up.L, right.L] == pytest.approx([10, 20, 10])
        for child in (up, right):
            assert child.parentseg().sec == stem and child.parentseg().x == 1
            assert (child.x3d(0), child.y3d(0)) == pytest.approx((15, 0))
        assert cell.area_um2 == pytest.approx(180 * PI, rel=1e-6)
    with lm.from_swc(swc(tmp_path, BRANCHED), nseg=3) as cell:  # explicit nseg is passed on
        assert [s.nseg for s in cell.sections] == [3, 3, 3, 3]
        assert cell.area_um2 == pytest.approx(180 * PI, rel=1e-6)


def test_a_tapering_stem_has_the_frustum_area(tmp_path):
    """Cone from r = 4 to r = 1 over L = 4 (slant 5): pi (4 + 1) 5 = 25 pi; + soma 100 pi."""
    p = swc(tmp_path, "1 1 0 0 0 5 -1\n2 3 0 0 10 4 1\n3 3 0 0 14 1 2\n")
    with lm.from_swc(p, nseg=1) as cell:
        assert cell.area_um2 == pytest.approx(125 * PI, rel=1e-6)


def test_a_one_point_stem_is_drawn_from_the_soma_centre(tmp_path):
    """Point at (10, 0, 0) with d = 2 on a soma centred at 0: L = 10, area 20 pi."""
    p = swc(tmp_path, "1 1 0 0 0 5 -1\n2 3 10 0 0 1 1\n")
    with lm.from_swc(p) as cell:
        assert cell.sections[1].L == pytest.approx(10)
        assert cell.area_um2 == pytest.approx(120 * PI, rel=1e-6)


def test_zero_length_section_is_dropped_and_its_children_reattached(tmp_path):
    """Point 4 repeats the fork point 3: its section has zero length. Its children (L 10 each)
    and the sibling 3 -> 6 hang from the stem's end: 4 x 20 pi + 100 pi = 180 pi."""
    p = swc(tmp_path, "1 1 0 0 0 5 -1\n2 3 5 0 0 1 1\n3 3 15 0 0 1 2\n4 3 15 0 0 1 3\n"
                      "5 3 15 10 0 1 4\n6 3 25 0 0 1 3\n7 3 15 -10 0 1 4\n")
    with lm.from_swc(p) as cell:
        stem = cell.sections[1]
        assert len(cell.sections) == 5
        assert all(s.parentseg().sec == stem for s in cell.sections[2:])
        assert cell.area_um2 == pytest.approx(180 * PI, rel=1e-6)


TYPES = """\
1 1 0 0 0 5 -1
2 2 0 -5 0 1 1
3 2 0 -15 0 1 2
4 3 5 0 0 1 1
5 3 15 0 0 1 4
6 7 25 0 0 1 5
7 4 0 5 0 1 1
8 4 0 25 0 1 7
"""


def test_types_map_to_regions_and_type_changes_split_sections(tmp_path):
    """Axon (type 2) L 10, basal 10 + custom type 7 10, apical 20; all d = 2."""
    with lm.from_swc(swc(tmp_path, TYPES)) as cell:
        names = {s.name().split(".")[-1]: s for s in cell.sections}
        assert sorted(names) == ["apic0", "axon0", "dend0", "soma", "type7_0"]
        assert [cell.region_of(names[n]) for n in ("axon0", "dend0", "type7_0", "apic0")] == \
            ["axon", "dend", "dend", "dend"]
        assert names["type7_0"].parentseg().sec == names["dend0"]
        assert names["axon0"](0.5).nav.gbar == lm.DEFAULT_MEMBRANE.gnav_axon_S_cm2
        assert not hasattr(names["dend0"](0.5), "nav")
        assert cell.area_um2 == pytest.approx((100 + 20 + 40 + 40) * PI, rel=1e-6)


def test_keep_axon_false_drops_the_axon(tmp_path):
    with lm.from_swc(swc(tmp_path, TYPES), keep_axon=False) as cell:
        assert cell.sections_in("axon") == []
        assert cell.area_um2 == pytest.approx((100 + 40 + 40) * PI, rel=1e-6)
    with pytest.raises(TypeError, match="keep_axon"):
        lm.from_swc(swc(tmp_path, TYPES), keep_axon="no")


def test_read_swc_returns_frozen_points_with_units_and_lines(tmp_path):
    m = read_swc(swc(tmp_path, "# header text\n\n1 1 0 0 0 5 -1  # inline\n2 3 5 1.5 0 1 1\n"))
    assert m.comments == ("header text", "inline")
    second = m.points[1]
    assert (second.id, second.type, second.parent_id, second.line) == (2, 3, 1, 4)
    assert second.xyz_um == (5.0, 1.5, 0.0) and second.radius_um == 1.0
    assert m.type_counts() == {1: 1, 3: 1}
    with pytest.raises(FrozenInstanceError):
        second.x_um = 0.0
    with lm.from_swc(m) as cell:  # a parsed morphology builds too
        assert cell.morphology is m


# --- malformed files ----------------------------------------------------------------------
GOOD = "1 1 0 0 0 5 -1\n2 3 5 0 0 1 1\n"


@pytest.mark.parametrize("bad_line, message", [
    ("3 3 10 0 0 1", r"line 4: 6 columns; an SWC line has 7"),
    ("3 3 10 0 0 1 2 9", r"line 4: 8 columns"),
    ("3 3 ten 0 0 1 2", r"line 4: x = 'ten' is not a number"),
    ("3 3 10 0 nan 1 2", r"line 4: z = 'nan' is not a finite number"),
    ("3.5 3 10 0 0 1 2", r"line 4: id = '3.5' is not a whole number"),
    ("3 3 10 0 0 1 7", r"line 4: parent 7 of point 3 does not exist: no point"),
    ("3 3 10 0 0 1e9 2", r"line 4: radius 1e9 um of point 3 is not a neuron's"),
    ("2 3 10 0 0 1 1", r"line 4: duplicate id 2 \(already defined on line 3\)"),
    ("3 3 10 0 0 0 2", r"line 4: radius 0 of point 3 \(type 3\) must be > 0"),
    ("3 3 10 0 0 -1 2", r"line 4: radius -1 of point 3"),
    ("3 3 10 0 0 1 3", r"line 4: point 3 is its own parent"),
    ("3 3 10 0 0 1 -1", r"line 4: point 3 is a second root .* on line 2"),
    ("3 3 10 0 0 1 -4", r"line 4: parent -4 is negative"),
    ("-3 3 10 0 0 1 2", r"line 4: id -3 is negative"),
])
def test_malformed_lines_are_rejected_with_file_and_line(tmp_path, bad_line, message):
    p = swc(tmp_path, "# test\n" + GOOD + bad_line + "\n")
    with pytest.raises(SwcError, match=message) as err:
        read_swc(p)
    assert str(err.value).startswith(f"{p}, line 4:")


def test_an_unsorted_file_is_sorted_on_read(tmp_path):
    """A child before its parent is valid SWC: read in tree order, built like the sorted file."""
    unsorted = swc(tmp_path, GOOD + "3 3 10 0 0 1 4\n4 3 20 0 0 1 2\n", name="unsorted.swc")
    ordered = swc(tmp_path, GOOD + "4 3 20 0 0 1 2\n3 3 10 0 0 1 4\n", name="sorted.swc")
    m = read_swc(unsorted)
    assert [q.id for q in m.points] == [1, 2, 4, 3]
    with lm.from_swc(unsorted) as a, lm.from_swc(ordered) as b:
        assert a.area_um2 == pytest.approx(b.area_um2, rel=1e-12)


def test_a_cycle_is_named_with_its_ids(tmp_path):
    p = swc(tmp_path, GOOD + "3 3 10 0 0 1 4\n4 3 20 0 0 1 5\n5 3 30 0 0 1 3\n")
    with pytest.raises(SwcError, match=r"points 3 -> 4 -> 5 -> 3 form a cycle \(lines 3, 4, 5\)"):
        read_swc(p)


def test_compressed_home_relative_and_wrong_paths(tmp_path, monkeypatch):
    """A .swc.gz is read as it is; '~' is expanded; a binary file and a None are named."""
    import gzip

    gz = tmp_path / "cell.swc.gz"
    gz.write_bytes(gzip.compress(GOOD.encode()))
    assert len(read_swc(gz).points) == 2
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "x.swc").write_text(GOOD)
    assert read_swc("~/x.swc").path == str(tmp_path / "x.swc")
    (tmp_path / "b.swc").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(SwcError, match="binary file"):
        read_swc(tmp_path / "b.swc")
    with pytest.raises(TypeError, match="path=None is not a file path"):
        lm.from_swc(None)


def test_a_jump_no_neurite_makes_is_warned(tmp_path):
    p = swc(tmp_path, GOOD + "3 3 5000 0 0 1 2\n")
    with pytest.warns(UserWarning, match=r"line 3: point 3 is 4995 um from its parent 2"):
        read_swc(p)


def test_empty_file_is_rejected(tmp_path):
    p = swc(tmp_path, "# only a comment\n\n")
    with pytest.raises(SwcError, match="is empty") as err:
        lm.from_swc(p)
    assert str(p) in str(err.value)


def test_missing_file_names_the_path_and_where_to_get_one(tmp_path):
    p = tmp_path / "nowhere.swc"
    with pytest.raises(FileNotFoundError, match="NeuroMorpho.org") as err:
        lm.from_swc(p)
    assert isinstance(err.value, SwcError) and str(p) in str(err.value)
    with pytest.raises(SwcError, match="not a file"):
        read_swc(tmp_path)


SETTINGS = property_settings(30)


@st.composite
def trees(draw):
    """A single-point soma (radius 5 um at the origin) and 1-25 dendritic points, each hanging
    from a random earlier point, at least 1 um from its parent."""
    n = draw(st.integers(2, 26))
    pts = [(1, 1, 0.0, 0.0, 0.0, 5.0, -1)]
    coord = st.floats(-200.0, 200.0, allow_nan=False)
    for i in range(2, n + 1):
        parent = draw(st.integers(1, i - 1))
        x, y, z = draw(coord), draw(coord), draw(coord)
        px, py, pz = pts[parent - 1][2:5]
        assume(math.dist((x, y, z), (px, py, pz)) > 1.0)
        pts.append((i, 3, x, y, z, draw(st.floats(0.1, 5.0)), parent))
    return pts


def _write(tmp_path, pts, name="tree.swc"):
    path = tmp_path / name
    path.write_text("# random tree\n" + "\n".join(" ".join(str(v) for v in p) for p in pts) + "\n")
    return path


def _expected_area_um2(pts):
    """Soma: pi d^2. Each dendritic edge between two dendritic points: a frustum's lateral area
    pi (r1 + r2) sqrt(L^2 + (r1 - r2)^2). Stems start at their own first point (no membrane
    between the soma centre and a stem's first point, except for a one-point stem, drawn from
    the soma centre at its own radius: the importer's documented conventions)."""
    area = math.pi * 10.0 ** 2
    n_children = {}
    for p in pts:
        n_children[p[6]] = n_children.get(p[6], 0) + 1
    for (i, _, x, y, z, r, parent) in pts[1:]:
        if parent == 1:
            if n_children.get(i, 0) != 1:  # a one-point stem section (it ends or branches at
                # once) is a cylinder from the soma centre
                area += 2 * math.pi * r * math.dist((x, y, z), (0.0, 0.0, 0.0))
            continue
        _, _, px, py, pz, pr, _ = pts[parent - 1]
        L = math.dist((x, y, z), (px, py, pz))
        area += math.pi * (r + pr) * math.sqrt(L * L + (r - pr) ** 2)
    return area


@SETTINGS
@given(pts=trees())
def test_random_trees_build_with_their_area(tmp_path_factory, pts):
    """NEURON stores 3-D points in single precision: relative tolerance 1e-5."""
    tmp_path = tmp_path_factory.mktemp("swc")
    before = sum(1 for _ in h.allsec())
    with lm.from_swc(_write(tmp_path, pts)) as cell:
        assert cell.area_um2 == pytest.approx(_expected_area_um2(pts), rel=1e-5)
        stems = sum(1 for p in pts[1:] if p[6] == 1)
        assert sum(1 for s in cell.sections if s.parentseg() and s.parentseg().sec == cell.soma) == stems
    assert sum(1 for _ in h.allsec()) == before


@SETTINGS
@given(pts=trees(), data=st.data())
def test_a_corrupted_line_is_named(tmp_path_factory, pts, data):
    tmp_path = tmp_path_factory.mktemp("swc")
    lines = [" ".join(str(v) for v in p) for p in pts]
    k = data.draw(st.integers(0, len(lines) - 1))
    lines[k] = data.draw(st.sampled_from(["1 2 3", "x 3 0 0 0 1 1", f"{k + 1} 3 0 0 0 nan 1",
                                          f"{k + 1} 3 0 0 0 1 {len(lines) + 7}"]))
    path = tmp_path / "bad.swc"
    path.write_text("# header\n" + "\n".join(lines) + "\n")
    with pytest.raises(lm.SwcError, match=rf"line {k + 2}\b"):
        lm.from_swc(path)
