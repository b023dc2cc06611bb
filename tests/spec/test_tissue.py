"""spec.tissue: the column's numbers, its checks and the syncytium's axial resistivity."""
import math

import pytest

from leakmodels.spec.checks import ArgumentError
from leakmodels.spec.tissue import TissueColumn


def column(**kw):
    return TissueColumn(**{"neuron_area_per_um": 0.3, "neuron_regions": (("soma", 1.0, 0.6),),
                           "glia_area_per_um": 1.4, **kw})


def test_of_neurons_is_area_times_density_region_by_region():
    # 2000 um2 per cell x 1e8 cells per cm3 (1e12 um3) = 0.2 um2 per um3; the soma 500 um2
    # with 1000 um3, the dendrites 1500 um2 with 300 um3
    c = TissueColumn.of_neurons({"dend": (1500.0, 300.0), "soma": (500.0, 1000.0)}, 1e8,
                                glia_area_per_um=1.0)
    assert c.neuron_area_per_um == pytest.approx(0.2, rel=1e-12)
    assert c.neuron_regions == (("soma", 0.25, 2.0), ("dend", 0.75, 0.2))
    assert c.neuron_volume_per_area_um == pytest.approx(1300.0 / 2000.0, rel=1e-12)
    assert c.neuron_volume_fraction() == pytest.approx(0.2 * 0.65, rel=1e-12)


def test_neurons_that_do_not_fit_are_refused():
    # 2e4 um3 per cell x 1e8 per cm3 fills 2 cm3 per cm3
    c = TissueColumn.of_neurons({"soma": (2000.0, 2e4)}, 1e8, glia_area_per_um=1.0)
    with pytest.raises(ArgumentError, match="do not fit"):
        c.check_fits(0.2)


def test_voxels_centres_and_areas():
    c = column(voxel_um=20.0, length_um=200.0, driven_um=60.0)
    assert (c.n_voxels, c.n_driven) == (10, 3)
    assert c.centres_um()[:2] == (10.0, 30.0) and c.centres_um()[-1] == 190.0
    assert c.neuron_patch_area_um2() == pytest.approx(0.3 * 20.0 ** 3, rel=1e-12)
    # a cable of diameter d has pi d um2 of membrane per um of length: 1.4 x 20^2 per um
    assert math.pi * c.glia_diam_um() == pytest.approx(1.4 * 20.0 ** 2, rel=1e-12)
    assert c.box_um() == ((0.0, -10.0, -10.0), (200.0, 10.0, 10.0))


def test_syncytium_ra_gives_the_length_constant():
    # lambda = sqrt(d Rm / (4 Ra)), d and lambda in cm: the Ra returned puts it back
    c = column(glia_length_constant_um=150.0)
    ra = c.syncytium_ra_ohm_cm(800.0)
    lam_um = math.sqrt(c.glia_diam_um() * 1e-4 * 800.0 / (4.0 * ra)) * 1e4
    assert lam_um == pytest.approx(150.0, rel=1e-12)


@pytest.mark.parametrize("kw, words", [
    ({"length_um": 210.0, "voxel_um": 20.0}, "whole number of voxels"),
    ({"driven_um": 30.0, "voxel_um": 20.0}, "whole number of voxels"),
    ({"driven_um": 1000.0}, "quiet tissue"),
    ({"glia_area_per_um": 0.0}, "glia_area_per_um"),
    ({"neuron_regions": (("soma", 1.0, -1.0),)}, "volume per area"),
    ({"neuron_regions": (("soma", 0.5, 1.0),)}, "add up to"),
    ({"neuron_regions": (("dend", 1.0, 1.0),)}, "the soma first"),
])
def test_bad_columns_are_refused_by_name(kw, words):
    with pytest.raises(ArgumentError, match=words.replace("+", r"\+")):
        column(**kw)
