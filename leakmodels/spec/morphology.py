"""Morphology specs: frozen descriptions of cell shapes, in plain numbers with units.

`SphereSpec`, `CylinderSpec`, `BallAndStickSpec` are the analytic geometries;
`NeuronSpec` is a soma with n symmetric binary dendritic trees and an optional axon initial
segment, filled from the literature data shipped in `leakmodels/morphologies/*.json` by
`literature_spec(name, scale)`. Specs validate themselves; building them into NEURON is the
job of `leakmodels.cell.builders`. `region_of_word(name)` is the one rule by which a
section's or segment's name says its region (adopted cells, NeuroML segments).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .checks import (
    ArgumentError,
    ArgumentTypeError,
    check_positive,
    count,
    number,
    size_um,
)

MORPHOLOGY_DIR = Path(str(resources.files("leakmodels") / "morphologies"))


@dataclass(frozen=True)
class SphereSpec:
    """A spherical cell's shape: the morphology `sphere` builds.

    Parameters
    ----------
    diam_um : float
        Diameter, in um (0.01 to 5000); the area is pi diam^2 (``area_um2``, um2).

    Raises
    ------
    ArgumentError
        A diameter out of range (`ArgumentTypeError`: not a number).
    """

    diam_um: float

    def __post_init__(self):
        size_um("diam_um", self.diam_um)

    @property
    def area_um2(self) -> float:
        """The sphere's membrane area, pi diam_um^2, in um2."""
        return math.pi * self.diam_um ** 2


@dataclass(frozen=True)
class CylinderSpec:
    """An unbranched sealed-end cable's shape: the morphology `cylinder` builds.

    Parameters
    ----------
    length_um : float
        Length, in um (0.01 to 1e5).
    diam_um : float
        Diameter, in um (0.01 to 5000); the area is the lateral surface pi diam length, as
        NEURON counts it (``area_um2``, um2).

    Raises
    ------
    ArgumentError
        A size out of range (`ArgumentTypeError`: not a number).
    """

    length_um: float
    diam_um: float

    def __post_init__(self):
        number("length_um", self.length_um, "length_um", positive=True, unit="um")
        size_um("diam_um", self.diam_um)

    @property
    def area_um2(self) -> float:  # lateral surface, as NEURON counts it
        """The lateral surface pi diam_um length_um, as NEURON counts it (no ends), in um2."""
        return math.pi * self.diam_um * self.length_um


@dataclass(frozen=True)
class BallAndStickSpec:
    """A spherical soma with identical unbranched dendrites: what `ball_and_stick` builds.

    Parameters
    ----------
    soma_diam_um : float
        Diameter of the soma, in um (0.01 to 5000).
    dend_length_um : float
        Length of each dendrite, in um (0.01 to 1e5).
    dend_diam_um : float
        Diameter of each dendrite, in um (0.01 to 5000).
    n_dend : int, optional
        Number of dendrites, 1 to 1000; default 1.

    Raises
    ------
    ArgumentError
        A size or count out of range (`ArgumentTypeError`: not a number).
    """

    soma_diam_um: float
    dend_length_um: float
    dend_diam_um: float
    n_dend: int = 1

    def __post_init__(self):
        size_um("soma_diam_um", self.soma_diam_um)
        number("dend_length_um", self.dend_length_um, "length_um", positive=True, unit="um")
        size_um("dend_diam_um", self.dend_diam_um)
        object.__setattr__(self, "n_dend", _check_count("n_dend", self.n_dend))

    @property
    def area_um2(self) -> float:
        """The membrane area, the soma's sphere plus the dendrites' lateral surfaces, in um2."""
        return math.pi * self.soma_diam_um ** 2 + self.n_dend * math.pi * self.dend_diam_um * self.dend_length_um


@dataclass(frozen=True)
class NeuronSpec:
    """A neuron's shape: a soma, symmetric binary trees and maybe an axon initial segment.

    The morphology `build_neuron` builds: n_dend identical trees on the soma. Every branch
    of generation g (the stem is g = 0) has length ``branch_lengths_um[g]``, and
    a daughter's diameter is `daughter_diam_ratio` times its parent's, so each tree has
    2**len(branch_lengths_um) - 1 branches. `literature_spec` gives the literature cells';
    ``spec.scaled(s)`` multiplies every length and diameter by s.

    Parameters
    ----------
    name : str
        The cell's name (the built cell's name starts with it).
    soma_diam_um : float
        Diameter of the spherical soma, in um (0.01 to 5000).
    n_dend : int
        Number of dendritic trees, 0 to 1000.
    stem_diam_um : float
        Diameter of each tree's stem, in um (0.01 to 5000).
    branch_lengths_um : sequence of float
        Length of a branch of each generation, stem first, in um (each > 0; at least one
        when n_dend > 0).
    daughter_diam_ratio : float, optional
        A daughter branch's diameter over its parent's, dimensionless (> 0); default
        2**(-2/3) = 0.63, Rall's 3/2-power rule for two daughters.
    ais_length_um : float, optional
        Length of the axon initial segment, in um; default 0.0, none.
    ais_diam_um : float, optional
        Diameter of the axon initial segment, in um (> 0 when it has a length); default 0.0.
    ra_ohm_cm : float, optional
        The morphology's axial resistivity, in ohm cm (> 0), used unless the membrane sets
        one; default 100.0.
    sources : tuple of str, optional
        The literature the numbers come from (not compared); default ().

    Raises
    ------
    ArgumentError
        A size or count out of range (`ArgumentTypeError`: not a number).
    ValueError
        `branch_lengths_um` is empty while n_dend > 0.
    """

    name: str
    soma_diam_um: float
    n_dend: int
    stem_diam_um: float
    branch_lengths_um: tuple
    daughter_diam_ratio: float = 2 ** (-2 / 3)
    ais_length_um: float = 0.0
    ais_diam_um: float = 0.0
    ra_ohm_cm: float = 100.0
    sources: tuple = field(default=(), compare=False)

    def __post_init__(self):
        size_um("soma_diam_um", self.soma_diam_um)
        size_um("stem_diam_um", self.stem_diam_um)
        check_positive("daughter_diam_ratio", self.daughter_diam_ratio)
        check_positive("ra_ohm_cm", self.ra_ohm_cm)
        object.__setattr__(self, "n_dend", _check_count("n_dend", self.n_dend, minimum=0))
        object.__setattr__(self, "branch_lengths_um", tuple(self.branch_lengths_um))
        if not self.branch_lengths_um and self.n_dend > 0:
            raise ValueError("branch_lengths_um is empty; give at least one branch length in um.")
        for i, length in enumerate(self.branch_lengths_um):
            check_positive(f"branch_lengths_um[{i}]", length)
        if self.ais_length_um or self.ais_diam_um:
            check_positive("ais_length_um", self.ais_length_um)
            check_positive("ais_diam_um", self.ais_diam_um)

    def branch_diams_um(self) -> list:
        """The diameter of a branch of each generation, stem first.

        Returns
        -------
        list of float
            stem_diam_um x daughter_diam_ratio**g for g = 0, 1, ..., in um; one per entry of
            `branch_lengths_um`.
        """
        return [self.stem_diam_um * self.daughter_diam_ratio ** g
                for g in range(len(self.branch_lengths_um))]

    @property
    def area_um2(self) -> float:
        """The membrane area: the soma's sphere, the branches' and AIS' lateral surfaces (um2)."""
        tree = sum(2 ** g * math.pi * d * L for g, (d, L) in
                   enumerate(zip(self.branch_diams_um(), self.branch_lengths_um)))
        ais = math.pi * self.ais_diam_um * self.ais_length_um
        return math.pi * self.soma_diam_um ** 2 + self.n_dend * tree + ais

    @property
    def path_length_um(self) -> float:
        """A tree's path length from the soma to a tip, the sum of branch_lengths_um, in um."""
        return sum(self.branch_lengths_um)

    def scaled(self, scale: float) -> "NeuronSpec":
        """A copy with every length and diameter multiplied by `scale` (area by scale**2).

        Parameters
        ----------
        scale : float
            The factor, dimensionless, 0.01 to 100 (1.0: this size).

        Returns
        -------
        leakmodels.NeuronSpec
            The scaled copy; name, n_dend, daughter_diam_ratio, ra_ohm_cm and sources kept.

        Raises
        ------
        ArgumentError
            A scale out of range (`ArgumentTypeError`: not a number).
        """
        s = number("scale", scale, "scale", positive=True,
                   fix="pass a positive scale factor (1.0 = literature size)")
        return NeuronSpec(
            name=self.name, soma_diam_um=self.soma_diam_um * s, n_dend=self.n_dend,
            stem_diam_um=self.stem_diam_um * s,
            branch_lengths_um=tuple(L * s for L in self.branch_lengths_um),
            daughter_diam_ratio=self.daughter_diam_ratio,
            ais_length_um=self.ais_length_um * s, ais_diam_um=self.ais_diam_um * s,
            ra_ohm_cm=self.ra_ohm_cm, sources=self.sources)


def _check_count(name, value, minimum=1):
    return count(name, value, lo=minimum, hi=1000,
          fix="a neuron has from none to a few dozen dendrites (and branches a few levels)")


@lru_cache(maxsize=None)
def literature_data(name: str) -> dict:
    """The raw JSON record for `name` ('interneuron' or 'motoneuron') from morphologies/."""
    if not isinstance(name, str):
        raise ArgumentTypeError(f"name={name!r} is not a literature cell's name; pass "
                                "'interneuron' or 'motoneuron'.")
    path = MORPHOLOGY_DIR / f"{name}.json"
    if not path.exists():
        known = sorted(p.stem for p in MORPHOLOGY_DIR.glob("*.json"))
        raise ArgumentError(f"name={name!r}: no literature morphology of that name in "
                            f"{MORPHOLOGY_DIR}; known: {', '.join(known)}.")
    return json.loads(path.read_text())


def literature_spec(name: str, scale: float = 1.0) -> NeuronSpec:
    """The `NeuronSpec` of a literature cell, scaled.

    The numbers (and their sources) are in ``leakmodels/morphologies/<name>.json``.

    Parameters
    ----------
    name : str
        The literature cell: "interneuron" or "motoneuron" (any file of that folder).
    scale : float, optional
        Factor on every length and diameter (the area goes with scale**2), dimensionless,
        0.01 to 100; default 1.0, the literature size.

    Returns
    -------
    leakmodels.NeuronSpec
        The cell's morphology, scaled.

    Raises
    ------
    ArgumentError
        No literature cell of that name, or a scale out of range (`ArgumentTypeError`: a
        name that is not a str, or a scale that is not a number).

    Examples
    --------
    >>> import leakmodels as lm
    >>> spec = lm.literature_spec("motoneuron", scale=0.5)
    >>> with lm.build_neuron(spec, lm.MOTONEURON_MEMBRANE) as cell:
    ...     r_MOhm = lm.input_resistance(cell)
    """
    d = literature_data(name)
    ais = d.get("axon_initial_segment") or {}
    spec = NeuronSpec(
        name=name, soma_diam_um=d["soma_diam_um"], n_dend=int(d["n_dend"]),
        stem_diam_um=d["stem_diam_um"], branch_lengths_um=tuple(d["branch_lengths_um"]),
        daughter_diam_ratio=d["daughter_diam_ratio"], ais_length_um=ais.get("length_um", 0.0),
        ais_diam_um=ais.get("diam_um", 0.0), ra_ohm_cm=d.get("ra_ohm_cm", 100.0),
        sources=tuple(d.get("sources", ())))
    return spec.scaled(scale)


# the region a section's (or a NeuroML segment's) name says, word by word in this order
REGION_WORDS = (("soma", "soma"), ("axon", "axon"), ("ais", "axon"), ("hillock", "axon"),
                ("node", "axon"), ("myelin", "axon"), ("apic", "apic"))


def region_of_word(name: str) -> str:
    """soma, axon (also ais, hillock, node, myelin), apic, or dend (everything else), by the
    first of REGION_WORDS that `name` (any case) contains."""
    name = name.lower()
    return next((region for word, region in REGION_WORDS if word in name), "dend")
