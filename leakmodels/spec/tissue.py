"""A column of tissue as plain numbers: the geometry of a tissue in which many neurons fire
(no NEURON here; `leakmodels.cell.tissue` builds it, `leakmodels.measure.tissue` measures it).

The tissue is a slab: a layer `driven_um` thick on each side of its mid-plane whose neurons
are driven, and quiet tissue beyond it, `length_um` from the mid-plane in all. Every column
through it is the same, so one column of one voxel's cross-section stands for the whole slab
(its side faces are planes of symmetry: no flux crosses them), and the mid-plane is one too.
Along the column, each voxel (`voxel_um` on a side) holds

* neuronal membrane: `neuron_area_per_um` um2 of it per um3 of tissue, as one isopotential
  patch per voxel (the neurons of a voxel fire together; no axial current joins patches),
  split between the regions of the cell it copies (`neuron_regions`: (region, share of the
  area, cytoplasm per um2 of it), so that spike channels sit only on the soma's and axon's
  share, as in the cell);
* glial membrane: `glia_area_per_um` um2 per um3, as one cable through every voxel, the
  astrocytic syncytium, whose axial resistivity gives it a length constant at rest of
  `glia_length_constant_um` (`syncytium_ra_ohm_cm`): K+ it takes up in one voxel can leave
  it in another (spatial buffering).

`TissueColumn.of_neurons(regions, per_cm3, ...)` makes the neuronal membrane that of
`per_cm3` copies of one cell per cm3 of tissue ({region: (area um2, volume um3)}); the
neurons' cytoplasm and the extracellular space must fit in the tissue (checked by
`check_fits`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .checks import ArgumentError, number

UM3_PER_CM3 = 1e12
# the astrocyte of the extracellular_k and tissue_k studies (chosen, not measured)
ASTROCYTE_PK_CM_S = 7e-6   # its K+ leak (the glia study's 2e-5 is the whole K+ conductance)
ASTROCYTE_GKIR_S_CM2 = 1e-3  # Kir4.1: ~2/3 of its resting conductance (R_in 21 vs 65 MOhm)


def astrocyte_membrane(base, gkir_S_cm2: float):
    """An astrocyte's membrane from `base` (a MembraneSpec): K+ leak (PNa/PK 0.005), Kir4.1
    of gkir_S_cm2, a pump balanced for its leaks, no spike channels."""
    pk = ASTROCYTE_PK_CM_S
    return base.without_spikes().with_(pk_cm_s=pk, pna_cm_s=0.005 * pk, kleak_fopen=1.0,
                                       pump_imax_mA_cm2=None, gkir_S_cm2=gkir_S_cm2)


def column_arg(column):
    """`column` if it is a TissueColumn, else ArgumentError."""
    if not isinstance(column, TissueColumn):
        raise ArgumentError(f"column={column!r}: give an lm.TissueColumn(...).")
    return column


@dataclass(frozen=True)
class TissueColumn:
    """One column of a driven slab of tissue, as plain numbers.

    The slab has a layer `driven_um` thick on each side of its mid-plane whose neurons are
    driven, and quiet tissue beyond it, `length_um` from the mid-plane in all; one column of
    one voxel's cross-section stands for the whole slab. Each voxel holds one isopotential
    patch of neuronal membrane and a stretch of one glial cable through every voxel, the
    astrocytic syncytium (`leakmodels.cell.tissue` builds both). ``TissueColumn.of_neurons``
    makes the neuronal membrane that of a number of copies of one cell per cm3.

    Parameters
    ----------
    neuron_area_per_um : float
        Neuronal membrane per tissue volume, in um2/um3 (above 0, at most 100; brain: of
        order 0.1-10).
    neuron_regions : tuple of (str, float, float)
        ((region, share of the neuronal area, cytoplasm volume per membrane area in um),
        ...), the soma first; the shares (dimensionless) add up to 1. Spike channels sit
        only on the soma's and axon's share, as in the cell.
    glia_area_per_um : float
        Glial membrane per tissue volume, in um2/um3 (above 0, at most 100).
    glia_length_constant_um : float, optional
        The glial syncytium's length constant at rest, in um (``syncytium_ra_ohm_cm`` gives
        the axial resistivity for it); default 200.0.
    voxel_um : float, optional
        A voxel's side, in um; default 20.0.
    length_um : float, optional
        The column's length from the mid-plane, in um, a multiple of `voxel_um`; default
        1000.0.
    driven_um : float, optional
        The driven layer's thickness on each side of the mid-plane, in um, a multiple of
        `voxel_um` below `length_um`; default 100.0.

    Raises
    ------
    ArgumentError
        A value out of range, regions not in the form above (the soma first) or shares not
        adding up to 1, a length that is not a whole number of voxels, or no quiet tissue
        beyond the driven layer.
    """

    neuron_area_per_um: float
    neuron_regions: tuple
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
        regions = self.neuron_regions
        if (not isinstance(regions, tuple) or not regions
                or not all(isinstance(r, tuple) and len(r) == 3 for r in regions)
                or regions[0][0] != "soma"):
            raise ArgumentError(f"TissueColumn.neuron_regions={regions!r}: give ((region, share "
                                "of the area, cytoplasm per um2), ...), the soma first, e.g. "
                                "(('soma', 1.0, 0.6),).")
        for region, share, vol_area in regions:
            number(f"TissueColumn.neuron_regions[{region!r}] share", share, lo=0.0, hi=1.0,
                   positive=True)
            number(f"TissueColumn.neuron_regions[{region!r}] volume per area", vol_area,
                   lo=1e-3, hi=1e3, positive=True, unit="um", fix="cytoplasm per membrane "
                   "area (a cylinder: diam / 4; a sphere: diam / 6)")
        total = sum(share for _, share, _ in regions)
        if abs(total - 1.0) > 1e-9:
            raise ArgumentError(f"TissueColumn.neuron_regions: the shares add up to {total!r}; "
                                "make them add up to 1.")
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
    def of_neurons(cls, regions: dict, per_cm3: float, **rest):
        """A column whose neuronal membrane is that of `per_cm3` copies of one cell per cm3.

        Parameters
        ----------
        regions : dict
            The cell's {region: (area in um2, cytoplasm volume in um3)}, the soma among them.
        per_cm3 : float
            Cells per cm3 of tissue (> 0).
        **rest
            The other `TissueColumn` parameters (glia_area_per_um, voxel_um, ...).

        Returns
        -------
        leakmodels.TissueColumn
            The column: neuron_area_per_um (um2/um3) the cells' area per tissue volume, and
            neuron_regions each region's share of it and its cytoplasm per area (um), soma first.

        Raises
        ------
        ArgumentError
            No soma among the regions, or a count, area or volume not above 0 (or the
            column's own checks; `ArgumentTypeError`: a value that is not a number).
        """
        number("per_cm3", per_cm3, positive=True, unit="1/cm3")
        if not isinstance(regions, dict) or "soma" not in regions:
            raise ArgumentError(f"regions={regions!r}: give {{region: (area_um2, volume_um3)}} "
                                "with the soma among them.")
        for region, (area, volume) in regions.items():
            number(f"regions[{region!r}] area_um2", area, positive=True, unit="um2")
            number(f"regions[{region!r}] volume_um3", volume, positive=True, unit="um3")
        total = sum(a for a, _ in regions.values())
        order = ["soma"] + sorted(r for r in regions if r != "soma")
        return cls(neuron_area_per_um=total * per_cm3 / UM3_PER_CM3,
                   neuron_regions=tuple((r, regions[r][0] / total,
                                         regions[r][1] / regions[r][0]) for r in order), **rest)

    @property
    def neuron_volume_per_area_um(self) -> float:
        """The neurons' cytoplasm per um2 of their membrane, over all regions."""
        return sum(share * vol_area for _, share, vol_area in self.neuron_regions)

    def neuron_volume_fraction(self) -> float:
        """The share of the tissue's volume the neurons' cytoplasm fills.

        Returns
        -------
        float
            neuron_area_per_um x `neuron_volume_per_area_um`, dimensionless.
        """
        return self.neuron_area_per_um * self.neuron_volume_per_area_um

    def check_fits(self, volume_fraction: float) -> None:
        """Check that the neurons' cytoplasm and an extracellular space fit in the tissue.

        Parameters
        ----------
        volume_fraction : float
            The extracellular space's share of the tissue's volume, dimensionless.

        Raises
        ------
        ArgumentError
            `neuron_volume_fraction()` + volume_fraction is 1 or more.
        """
        used = self.neuron_volume_fraction()
        if used + volume_fraction >= 1.0:
            raise ArgumentError(
                f"the neurons' cytoplasm fills {used:.3g} of the tissue and the extracellular "
                f"space {volume_fraction:g}: they do not fit (sum >= 1). Give fewer neurons per "
                "cm3, or a smaller cell.")

    @property
    def n_voxels(self) -> int:
        """The number of voxels along the column, length_um / voxel_um."""
        return round(self.length_um / self.voxel_um)

    @property
    def n_driven(self) -> int:
        """The number of driven voxels from the mid-plane, driven_um / voxel_um."""
        return round(self.driven_um / self.voxel_um)

    def centres_um(self) -> tuple:
        """Each voxel's centre's distance from the mid-plane.

        Returns
        -------
        tuple of float
            (k + 0.5) voxel_um for k = 0 ... n_voxels - 1, in um.
        """
        return tuple((k + 0.5) * self.voxel_um for k in range(self.n_voxels))

    def neuron_patch_area_um2(self) -> float:
        """The neuronal membrane in one voxel.

        Returns
        -------
        float
            neuron_area_per_um x voxel_um**3, in um2.
        """
        return self.neuron_area_per_um * self.voxel_um ** 3

    def glia_diam_um(self) -> float:
        """The diameter of a cable whose membrane per voxel length is the voxel's glia.

        Returns
        -------
        float
            glia_area_per_um x voxel_um**2 / pi, in um.
        """
        return self.glia_area_per_um * self.voxel_um ** 2 / math.pi

    def syncytium_ra_ohm_cm(self, rm_ohm_cm2: float) -> float:
        """The glial cable's axial resistivity for its length constant glia_length_constant_um.

        Parameters
        ----------
        rm_ohm_cm2 : float
            The glial membrane's specific resistance, in ohm cm2 (> 0).

        Returns
        -------
        float
            Ra = d Rm / (4 lambda^2) (d: `glia_diam_um()`), in ohm cm.

        Raises
        ------
        ArgumentError
            rm_ohm_cm2 not above 0 (`ArgumentTypeError`: not a number).
        """
        number("rm_ohm_cm2", rm_ohm_cm2, positive=True, unit="ohm cm2")
        d_cm, lam_cm = self.glia_diam_um() * 1e-4, self.glia_length_constant_um * 1e-4
        return d_cm * rm_ohm_cm2 / (4.0 * lam_cm ** 2)

    def box_um(self) -> tuple:
        """The column's box: x from the mid-plane along the column, one voxel across.

        Returns
        -------
        tuple of tuple of float
            ((0, -voxel_um/2, -voxel_um/2), (length_um, voxel_um/2, voxel_um/2)), in um.
        """
        half = 0.5 * self.voxel_um
        return ((0.0, -half, -half), (self.length_um, half, half))
