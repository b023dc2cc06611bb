"""Property-based tests of the SWC importer: random valid trees build with the area their points
describe and leave nothing behind; a corrupted line is always named in the error."""
import math

import pytest
from helpers import property_settings
from hypothesis import assume, given
from hypothesis import strategies as st
from neuron import h

import leakmodels as lm

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
