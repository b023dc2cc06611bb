"""A column of tissue as plain numbers: the geometry of a tissue in which many neurons fire
(no NEURON here; `leakmodels.cell.tissue` builds it, `leakmodels.measure.tissue` measures it).

The tissue is a slab: a layer `driven_um` thick on each side of its mid-plane whose neurons
are driven, and quiet tissue beyond it, `length_um` from the mid-plane in all. Every column
through it is the same, so one column of one voxel's cross-section stands for the whole slab
(its side faces are planes of symmetry: no flux crosses them), and the mid-plane is one too.
Along the column, each voxel (`voxel_um` on a side) holds

* neuronal membrane: `neuron_area_per_um` um2 of it per um3 of tissue, as one isopotential
  patch per voxel (the neurons of a voxel fire together; no axial current joins patches), with
  `neuron_volume_per_area_um` of cytoplasm behind each um2 (its Na+ and K+ move);
* glial membrane: `glia_area_per_um` um2 per um3, as one cable through every voxel, the
  astrocytic syncytium, whose axial resistivity gives it a length constant at rest of
  `glia_length_constant_um` (`syncytium_ra_ohm_cm`): K+ it takes up in one voxel can leave
  it in another (spatial buffering).

`TissueColumn.of_neurons(area_um2, volume_um3, per_cm3, ...)` makes the neuronal membrane
that of `per_cm3` copies of one cell per cm3 of tissue.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .checks import ArgumentError, number

UM3_PER_CM3 = 1e12


@dataclass(frozen=True)
class TissueColumn:
    """One column of a driven slab of tissue (see the module docstring); lengths in um."""

    neuron_area_per_um: float
    neuron_volume_per_area_um: float
    glia_area_per_um: float
    glia_length_constant_um: float = 200.0
    voxel_um: float = 20.0
    length_um: float = 1000.0
    driven_um: float = 100.0

    def __post_init__(self):
        for name in ("neuron_area_per_um", "glia_area_per_um"):
            number(f"TissueColumn.{name}", getattr(self, name), lo=0.0, hi=100.0,
                   positive=True, unit="um2/um3",
                   fix="membrane area per tissue volume (brain: of order 0.1-10 um2/um3)")
        number("TissueColumn.neuron_volume_per_area_um", self.neuron_volume_per_area_um,
               lo=1e-3, hi=1e3, positive=True, unit="um", fix="cytoplasm per membrane area "
               "(a cylinder: diam / 4; a sphere: diam / 6)")
        number("TissueColumn.glia_length_constant_um", self.glia_length_constant_um,
               "length_um", unit="um")
        number("TissueColumn.voxel_um", self.voxel_um, "length_um", unit="um")
        number("TissueColumn.length_um", self.length_um, "length_um", unit="um")
        number("TissueColumn.driven_um", self.driven_um, "length_um", unit="um")
        for name in ("length_um", "driven_um"):
            n = getattr(self, name) / self.voxel_um
            if abs(n - round(n)) > 1e-9 * max(n, 1.0):
                raise ArgumentError(f"TissueColumn.{name}={getattr(self, name)!r} is not a "
                                    f"whole number of voxels of {self.voxel_um} um: make it a "
                                    "multiple of voxel_um.")
        if self.driven_um >= self.length_um:
            raise ArgumentError(f"TissueColumn.driven_um={self.driven_um!r} reaches the "
                                f"column's end ({self.length_um} um): leave quiet tissue "
                                "beyond the driven layer (driven_um < length_um).")

    @classmethod
    def of_neurons(cls, area_um2: float, volume_um3: float, per_cm3: float, **rest):
        """The neuronal membrane of `per_cm3` cells of area_um2 and volume_um3 per cm3."""
        number("area_um2", area_um2, positive=True, unit="um2")
        number("volume_um3", volume_um3, positive=True, unit="um3")
        number("per_cm3", per_cm3, positive=True, unit="1/cm3")
        return cls(neuron_area_per_um=area_um2 * per_cm3 / UM3_PER_CM3,
                   neuron_volume_per_area_um=volume_um3 / area_um2, **rest)

    @property
    def n_voxels(self) -> int:
        return round(self.length_um / self.voxel_um)

    @property
    def n_driven(self) -> int:
        return round(self.driven_um / self.voxel_um)

    def centres_um(self) -> tuple:
        """Each voxel's centre's distance from the mid-plane (um)."""
        return tuple((k + 0.5) * self.voxel_um for k in range(self.n_voxels))

    def neuron_patch_area_um2(self) -> float:
        """The neuronal membrane in one voxel (um2)."""
        return self.neuron_area_per_um * self.voxel_um ** 3

    def glia_diam_um(self) -> float:
        """The diameter of a cable whose membrane per voxel length is the voxel's glia."""
        return self.glia_area_per_um * self.voxel_um ** 2 / math.pi

    def syncytium_ra_ohm_cm(self, rm_ohm_cm2: float) -> float:
        """The axial resistivity that gives the glial cable, of specific membrane resistance
        rm_ohm_cm2, the length constant glia_length_constant_um: lambda^2 = d Rm / (4 Ra)."""
        number("rm_ohm_cm2", rm_ohm_cm2, positive=True, unit="ohm cm2")
        d_cm, lam_cm = self.glia_diam_um() * 1e-4, self.glia_length_constant_um * 1e-4
        return d_cm * rm_ohm_cm2 / (4.0 * lam_cm ** 2)

    def box_um(self) -> tuple:
        """The column's box ((xlo, ylo, zlo), (xhi, yhi, zhi)): x from the mid-plane along
        the column, one voxel across."""
        half = 0.5 * self.voxel_um
        return ((0.0, -half, -half), (self.length_um, half, half))
