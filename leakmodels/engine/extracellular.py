"""The extracellular K+ around one cell, with NEURON's rxd: the one owner of the rxd objects.

`ExtracellularSpace` describes the space as plain numbers: its volume fraction alpha and
tortuosity lambda (the brain's: about 0.2 and 1.6, Nicholson & Sykova 1998, Trends Neurosci
21:207, as restated in the abstract of Sykova & Nicholson 2008, Physiol Rev 88:1277), K+'s
free diffusion coefficient (rxd divides it by lambda^2), the margin of space around the
cell's 3-D extent, the voxel size, and what lies at the box's faces: a bath held at the
membrane's [K+]o (`bath=True`: K+ diffuses away to it) or nothing (sealed: what the cell
releases stays in the box, as in a tissue whose every neighbour releases as much).

`extracellular_k(cell, space, neighbours)` is a context manager inside which the cell's [K+]o
is rxd's (`rxd.Extracellular` and one K+ `rxd.Species`): every membrane K+ current of the cell
flows into the voxel around its segment and diffuses. `neighbours`, ((other cell, offset in
um), ...), share the space: each is moved so that its soma's centre lies at the offset from
the cell's soma's centre (and back after), and its K+ currents
flow into the same voxels, so that an astrocyte beside a neuron takes up what the neuron
releases. Runs integrate them together (one global CVODE): the runner keeps a neighbour's
state across NEURON's initialisation, so put it at its rest first. It yields an `ExtracellularK` that reads the
K+ in the space (amol) and its profile. On exit the rxd objects are deleted and the cell's K+
is painted again from its MembraneSpec: NEURON leaves rxd's ion style and the last [K+]o on
the sections otherwise (measured: a sphere then fired on its own at the [K+]o a train had
left). While it lives, NEURON's global ki0_k_ion is the membrane's [K+]i
(`nrnglobals.initial_ki`): rxd's ion style makes every finitialize reset [K+]i to it (54.4 mM
by default, measured: E_K -57 mV). Any other cell that carries K+ is refused (rxd's species
would take it in wherever it lies and leave it changed, measured). Cells without 3-D points get NEURON's default shape (`h.define_shape`), which keeps
their lengths and diameters. Runs inside it need NEURON's global variable step (rxd's
extracellular space takes no local time steps): `CVODE_GLOBAL`.
"""
from __future__ import annotations

import gc
import math
from contextlib import ExitStack
from dataclasses import dataclass

import numpy as np

from ..mechanisms.loading import h  # first: NEURON loaded the package's way
from ..cell.cell import cell_arg
from ..cell.painting import set_ion_concentrations
from ..spec.checks import ArgumentError, number
from .nrnglobals import CVODE, initial_ki

from neuron import rxd  # NEURON's reaction-diffusion module, after the package's NEURON

CVODE_GLOBAL = CVODE.with_(local_dt=False)
# K+ in water at 25 degC, 1.96e-5 cm2/s (the tabulated limiting value; not re-read here)
K_DIFFUSION_UM2_MS = 1.96


@dataclass(frozen=True)
class ExtracellularSpace:
    """An extracellular space for K+ around a cell, as plain numbers (NEURON's rxd).

    Used by `leakmodels.engine.extracellular.extracellular_k`, within which the cell's [K+]o
    is rxd's: every membrane K+ current flows into the voxel around its segment and diffuses
    (see the module docstring).

    Parameters
    ----------
    volume_fraction : float, default 0.2
        alpha, the free fraction of the tissue's volume, dimensionless (1e-3 to 1; about 0.2
        in brain: Nicholson & Sykova 1998).
    tortuosity : float, default 1.6
        lambda, dimensionless (1 to 10; 1: free diffusion; about 1.6 in brain).
    diffusion_um2_ms : float, default 1.96
        K+'s free diffusion coefficient, in um2/ms (1.96: K+ in water at 25 degC,
        1.96e-5 cm2/s); rxd divides it by lambda^2.
    margin_um : float, default 50.0
        The space around the cells' 3-D extent, in um (0 to 1e4).
    dx_um : float, default 10.0
        The voxels' side, in um (0.1 to 1e3).
    bath : bool, default True
        True: a bath held at the membrane's [K+]o at the box's faces (K+ diffuses away to
        it). False: sealed faces (what the cell releases stays in the box, as in a tissue
        whose every neighbour releases as much).

    Raises
    ------
    ArgumentError
        If a number is out of range or `bath` is not a bool.
    """

    volume_fraction: float = 0.2
    tortuosity: float = 1.6
    diffusion_um2_ms: float = K_DIFFUSION_UM2_MS
    margin_um: float = 50.0
    dx_um: float = 10.0
    bath: bool = True

    def __post_init__(self):
        number("ExtracellularSpace.volume_fraction", self.volume_fraction, lo=1e-3, hi=1.0,
               fix="the free fraction of the tissue's volume (about 0.2 in brain)")
        number("ExtracellularSpace.tortuosity", self.tortuosity, lo=1.0, hi=10.0,
               fix="lambda >= 1 (1: free diffusion; about 1.6 in brain)")
        number("ExtracellularSpace.diffusion_um2_ms", self.diffusion_um2_ms, positive=True,
               unit="um2/ms")
        number("ExtracellularSpace.margin_um", self.margin_um, lo=0.0, hi=1e4, unit="um")
        number("ExtracellularSpace.dx_um", self.dx_um, lo=0.1, hi=1e3, unit="um")
        if not isinstance(self.bath, bool):
            raise ArgumentError(f"ExtracellularSpace.bath={self.bath!r}: give True (a bath at "
                                "the faces) or False (sealed faces).")


def _points(cell) -> np.ndarray:
    """Every 3-D point of the cell (after `_shaped`)."""
    return np.array([[h.x3d(i, sec=sec), h.y3d(i, sec=sec), h.z3d(i, sec=sec)]
                     for sec in cell.sections for i in range(int(h.n3d(sec=sec)))])


def _shaped(cells) -> None:
    """3-D points for the cells' sections that have none (NEURON's define_shape: lengths and
    diameters are kept). define_shape acts on every section NEURON holds; `_refuse_others`
    has made sure none of another cell carries K+ (any other gets harmless points)."""
    if any(int(h.n3d(sec=sec)) == 0 for c in cells for sec in c.sections):
        h.define_shape()


def segment_xyz_um(seg) -> tuple:
    """The 3-D position of a segment's centre (along its section's points, by arc length)."""
    sec = seg.sec
    n = int(h.n3d(sec=sec))
    arc = np.array([h.arc3d(i, sec=sec) for i in range(n)])
    xyz = np.array([[h.x3d(i, sec=sec), h.y3d(i, sec=sec), h.z3d(i, sec=sec)] for i in range(n)])
    return tuple(float(np.interp(seg.x * arc[-1], arc, xyz[:, k])) for k in range(3))


def _translate(cell, offset_um) -> None:
    """Move every 3-D point of the cell by offset_um (x, y, z)."""
    dx, dy, dz = (float(o) for o in offset_um)
    for sec in cell.sections:
        for i in range(int(h.n3d(sec=sec))):
            h.pt3dchange(i, h.x3d(i, sec=sec) + dx, h.y3d(i, sec=sec) + dy,
                         h.z3d(i, sec=sec) + dz, h.diam3d(i, sec=sec), sec=sec)


def _refuse_others(cells) -> None:
    """ArgumentError if a section of no cell in `cells` carries K+: rxd's K+ species would
    take it in wherever it lies and leave it with rxd's ion style and its last [K+]o."""
    gc.collect()  # a deleted cell the collector has not freed yet
    mine = {sec for c in cells for sec in c.sections}
    for sec in h.allsec():
        if sec not in mine and h.ismembrane("k_ion", sec=sec):
            raise ArgumentError(
                f"section {sec.name()!r} is not part of {', '.join(c.name for c in cells)} and "
                "carries K+: an extracellular space would take its K+ currents in too. Delete "
                "that cell first, pass it as a neighbour, or measure in a process of its own "
                "(Execution(fresh_process=True)).")


class ExtracellularK:
    """The rxd extracellular space and K+ species around one cell (use `extracellular_k`)."""

    def __init__(self, cell, space: ExtracellularSpace, neighbours=(), box_um=None):
        self.cell = cell_arg(cell)
        self.box_um = None if box_um is None else _box_arg(box_um)
        if not isinstance(space, ExtracellularSpace):
            raise ArgumentError(f"space={space!r}: give an lm.ExtracellularSpace(...).")
        self.neighbours = tuple((cell_arg(c, "neighbour"), tuple(o)) for c, o in neighbours)
        for c in self.cells:
            if c.membrane is None:
                raise ArgumentError(f"{c.name} has no MembraneSpec (an adopted model): its K+ "
                                    "could not be painted again after the extracellular "
                                    "space; not supported yet.")
            if c.membrane.ko_mM != cell.membrane.ko_mM or c.membrane.ki_mM != cell.membrane.ki_mM:
                raise ArgumentError(f"{c.name}'s [K+]o or [K+]i differ from {cell.name}'s; cells "
                                    "that share a space share its bath and NEURON's ki0_k_ion.")
        self.space = space
        self.ko_mM = cell.membrane.ko_mM

    @property
    def cells(self) -> tuple:
        return (self.cell,) + tuple(c for c, _ in self.neighbours)

    def __enter__(self):
        _refuse_others(self.cells)
        self._stack = ExitStack()
        try:
            _shaped(self.cells)
            home = np.array(segment_xyz_um(self.cell.soma(0.5)))
            for c, offset in self.neighbours:
                move = home + np.asarray(offset, float) - np.array(segment_xyz_um(c.soma(0.5)))
                _translate(c, move)
                self._stack.callback(_translate, c, -move)
            self._stack.callback(self._repaint)
            pts = np.concatenate([_points(c) for c in self.cells])
            dx = self.space.dx_um
            if self.box_um is None:
                lo = pts.min(axis=0) - self.space.margin_um
                hi = pts.max(axis=0) + self.space.margin_um
                hi = lo + np.maximum(np.ceil((hi - lo) / dx), 1) * dx  # whole voxels
            else:
                lo, hi = (np.array(b) for b in self.box_um)
                _inside(pts, lo, hi, dx)
            self.bounds_um = (tuple(lo), tuple(hi))
            # rxd makes K+ a concentration NEURON initialises from its global default at every
            # finitialize: the cells' own while the space lives
            self._stack.enter_context(initial_ki(self.cell.membrane.ki_mM))
            self._region = rxd.Extracellular(*lo, *hi, dx=dx,
                                             volume_fraction=self.space.volume_fraction,
                                             tortuosity=self.space.tortuosity)
            self._k = rxd.Species(self._region, name="k", charge=1,
                                  d=self.space.diffusion_um2_ms, initial=self.ko_mM,
                                  ecs_boundary_conditions=self.ko_mM if self.space.bath else None)
            self._stack.callback(self._delete_rxd)
            self.nodes = self._k[self._region].nodes
        except BaseException:
            self._stack.close()
            raise
        return self

    def amount_amol(self) -> float:
        """K+ in the extracellular space: the sum of concentration x free volume (1 mM in
        1 um3 is 1 amol)."""
        return float(sum(n.concentration * n.volume for n in self.nodes))

    def profile(self, origin_um) -> tuple:
        """(distance of every voxel's centre from origin_um (um), its [K+]o (mM))."""
        xyz = np.array([[n.x3d, n.y3d, n.z3d] for n in self.nodes])
        conc = np.array([n.concentration for n in self.nodes])
        return np.linalg.norm(xyz - np.asarray(origin_um, float), axis=1), conc

    def _delete_rxd(self) -> None:
        self.nodes = None
        del self._k, self._region
        gc.collect()  # rxd keeps weak references: its species go when these do

    def _repaint(self) -> None:
        """Every cell's K+ as its MembraneSpec says (style, [K+]i, [K+]o), checked."""
        for c in self.cells:
            for sec in c.sections:
                set_ion_concentrations(sec, c.membrane, only=("k",))
            for seg in c.segments():
                if math.isfinite(seg.ko) and abs(seg.ko - self.ko_mM) > 1e-12:
                    raise RuntimeError(f"{c.name}: [K+]o stayed {seg.ko} mM after the "
                                       "extracellular space was removed.")

    def __exit__(self, *exc):
        self._stack.close()  # rxd deleted, ki0_k_ion back, cells repainted, neighbours back
        return False


def _box_arg(box_um) -> tuple:
    """((xlo, ylo, zlo), (xhi, yhi, zhi)) in um, checked."""
    try:
        lo, hi = (tuple(float(v) for v in corner) for corner in box_um)
    except (TypeError, ValueError):
        lo = hi = ()
    if len(lo) != 3 or len(hi) != 3 or not all(np.isfinite(lo + hi)) or any(
            b <= a for a, b in zip(lo, hi)):
        raise ArgumentError(f"box_um={box_um!r}: give ((xlo, ylo, zlo), (xhi, yhi, zhi)) in um "
                            "with every hi > its lo.")
    return lo, hi


def _inside(pts, lo, hi, dx) -> None:
    """ArgumentError unless the box holds every 3-D point and is whole voxels of dx."""
    if np.any(pts < lo) or np.any(pts > hi):
        raise ArgumentError(f"box_um=({tuple(lo)}, {tuple(hi)}) leaves out part of the cells "
                            f"(their points span {tuple(pts.min(axis=0))} to "
                            f"{tuple(pts.max(axis=0))} um): enlarge it.")
    n = (hi - lo) / dx
    if np.any(np.abs(n - np.round(n)) > 1e-9 * np.maximum(n, 1)):
        raise ArgumentError(f"box_um=({tuple(lo)}, {tuple(hi)}): its sides {tuple(hi - lo)} um "
                            f"are not whole voxels of dx_um={dx}; make each a multiple of it.")


def extracellular_k(cell, space: ExtracellularSpace | None = None,
                    neighbours=(), box_um=None) -> ExtracellularK:
    """The cell's [K+]o as NEURON's rxd extracellular space, shared with `neighbours` ((cell,
    offset_um), ...) (see the module docstring). box_um ((xlo, ylo, zlo), (xhi, yhi, zhi)):
    the space's box itself, in place of the space's margin around the cells (whole voxels,
    holding every point of the cells)."""
    return ExtracellularK(cell, space or ExtracellularSpace(), neighbours, box_um)
