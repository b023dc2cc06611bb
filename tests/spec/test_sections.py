"""leakmodels.spec.sections: the plan of sections made from SWC points, without NEURON
(the cells built from plans are checked in tests/spec/test_swc.py)."""
import math

import pytest

from helpers import swc_file as swc
from leakmodels.spec.sections import plan_sections
from leakmodels.spec.swc import read_swc

PI = math.pi
BRANCHED = """\
1 1 0 0 0 5 -1
2 3 5 0 0 1 1
3 3 15 0 0 1 2
4 3 15 10 0 1 3
5 3 15 20 0 1 4
6 3 25 0 0 1 3
7 2 0 -5 0 0.5 1
8 2 0 -25 0 0.5 7
"""


def test_plan_lists_the_points_and_parents_of_each_section(tmp_path):
    """A stem forking at (15, 0, 0): children start at the branch point, so the right branch
    runs 15 -> 25 um (L 10, d 2: lateral area 20 pi)."""
    plan = plan_sections(read_swc(swc(tmp_path, BRANCHED)))
    assert [s.point_ids for s in plan] == [(1,), (2, 3), (4, 5), (6,), (7, 8)]
    assert [s.parent for s in plan] == [None, 0, 1, 1, 0]
    assert [s.region for s in plan] == ["soma", "dend", "dend", "dend", "axon"]
    assert plan[3].length_um == pytest.approx(10)
    assert plan[3].area_um2 == pytest.approx(20 * PI)


def test_a_one_point_soma_is_a_cylinder_with_a_spheres_area(tmp_path):
    """Radius 5: L = diam = 10, lateral area pi d L = 100 pi = 4 pi r^2."""
    soma = plan_sections(read_swc(swc(tmp_path, BRANCHED)))[0]
    assert soma.length_um == pytest.approx(10) and soma.area_um2 == pytest.approx(100 * PI)


def test_keep_axon_false_drops_the_axon_and_keeps_the_rest(tmp_path):
    plan = plan_sections(read_swc(swc(tmp_path, BRANCHED)), keep_axon=False)
    assert [s.region for s in plan] == ["soma", "dend", "dend", "dend"]
