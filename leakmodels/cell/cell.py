"""The `Cell`: owner of a neuron's NEURON sections, their regions and their lifetime.

A cell creates every section through `add_section` as `h.Section(name=..., cell=self)`,
remembers which region (soma, dend, axon) each belongs to, and deletes all of them in
`destroy()`, which the context manager calls on exit. No `allsec`, no hoc strings.
"""
from __future__ import annotations

import difflib
import itertools

from ..mechanisms.loading import h, known_mechanisms, load_mechanisms
from ..spec.checks import ArgumentError, ArgumentTypeError
from ..spec.membrane import DEFAULT_RA_OHM_CM

_ids = itertools.count()


class CellDestroyedError(RuntimeError):
    """The cell's sections were deleted; build a new cell."""


def delete_neuron_sections(sections) -> None:
    """Delete these sections (one already deleted, or a template's, which goes with its
    instance, is passed over)."""
    for sec in sections:
        try:
            h.delete_section(sec=sec)
        except Exception:
            pass


class Cell:
    """A neuron in NEURON, the owner of its sections, their regions and their lifetime.

    ``cell.soma`` and ``cell.sections`` are NEURON Sections; each section belongs to a region
    ("soma", "dend", "axon", "apic"). Built by leakmodels (`sphere`, `motoneuron`, `from_swc`, ...),
    a cell owns its sections and deletes them on exit from its ``with`` block (or `destroy`).
    Adopted (`adopt`), it measures sections that belong to someone else (a hoc file, a template, the
    user's Python), which exit leaves alone; `delete_sections` deletes them when asked. Users get
    cells from the builders, `adopt`, `from_hoc` or `from_python` rather than from this constructor.

    Parameters
    ----------
    name : str, optional
        Base of the cell's name; a process-wide number is appended (``"cell_3"``), and NEURON
        names its sections ``"<name>.<section>"``. Default "cell".
    adopted : bool, optional
        True for a cell of sections that exist already (leakmodels' own mechanisms are then
        not loaded, and its sections are not deleted on exit); default False.

    Examples
    --------
    >>> import leakmodels as lm
    >>> with lm.ball_and_stick(20.0, 500.0, 2.0) as cell:
    ...     regions = {cell.region_of(sec) for sec in cell.sections}  # {'soma', 'dend'}
    """

    def __init__(self, name: str = "cell", *, adopted: bool = False):
        if not adopted:  # an adopted cell needs none of leakmodels' mechanisms
            load_mechanisms()
        self.name = f"{name}_{next(_ids)}"
        self.adopted = adopted
        self.owns_sections = not adopted  # deleted on exit (an adopted cell: when it loaded them)
        self.ranges_changed = False  # RANGE variables changed after painting (cell.ranges)
        self.owner = None  # what an adopted cell's sections belong to (kept alive with it)
        self.v_init_mV: float | None = None  # an adopted model's own initial potential
        self._sections: list = []
        self._region: dict = {}
        self._vol_area_um: dict = {}
        self.soma = None
        self.membrane = None
        self.celsius_degC: float | None = None
        self.morphology = None  # the spec or file the cell was built from
        self.default_ra_ohm_cm = DEFAULT_RA_OHM_CM  # the morphology's Ra (builders set it)
        self._rest = None  # leakmodels.engine.rest keeps the settled rest here
        self._state_layout = None
        self._electrodes: dict = {}
        self._alive = True

    def __str__(self) -> str:  # NEURON names sections "<str(cell)>.<name>"
        return self.name

    def __repr__(self) -> str:
        if not self._alive:
            return f"<Cell {self.name} (destroyed)>"
        return (f"<Cell {self.name}: {len(self._sections)} sections, "
                f"{self.area_um2:.0f} um2>")

    # --- building ---------------------------------------------------------------------
    def add_section(self, name: str, region: str, *, parent=None, parent_x: float = 1.0,
                    vol_area_um: float | None = None):
        """Create a section owned by this cell, optionally connected to `parent(parent_x)`.

        Parameters
        ----------
        name : str
            The section's name; NEURON calls it "<cell name>.<name>".
        region : str
            Its region ("soma", "dend", "axon", ...); the first soma becomes ``cell.soma``.
        parent : NEURON Section or None, optional
            The section its 0 end connects to; default None, unconnected.
        parent_x : float, optional
            Where on the parent, dimensionless, 0 to 1; default 1.0, its far end.
        vol_area_um : float or None, optional
            Volume per area for ion accumulation, in um; default None, diam/4 (a sphere: diam/6).

        Returns
        -------
        NEURON Section
            The new section.
        """
        self._check_alive()
        sec = h.Section(name=name, cell=self)
        if parent is not None:
            sec.connect(parent(parent_x), 0)
        self._sections.append(sec)
        self._region[sec] = region
        if vol_area_um is not None:
            self._vol_area_um[sec] = vol_area_um
        if region == "soma" and self.soma is None:
            self.soma = sec
        return sec

    def insert(self, mechanism: str, region: str | None = None) -> list:
        """Insert a density mechanism into every section, or into those of one region.

        Parameters
        ----------
        mechanism : str
            The SUFFIX, e.g. "pas", that NEURON knows (ArgumentTypeError, ArgumentError).
        region : str or None, optional
            The region, e.g. "dend" (ArgumentError if it has no section); default None, all.

        Returns
        -------
        list of NEURON Section
            Those sections (measurements see it; `cell.membrane` does not describe it).
        """
        self._check_alive()
        if not isinstance(mechanism, str):
            raise ArgumentTypeError(f"mechanism={mechanism!r} is not a mechanism name; pass a str "
                                    "such as 'pas' or 'kleak'.")
        load_mechanisms()
        known = known_mechanisms()
        if mechanism not in known:
            close = difflib.get_close_matches(mechanism, sorted(known), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise ArgumentError(f"mechanism={mechanism!r} is not a density mechanism NEURON "
                                f"knows.{hint} Known: {', '.join(sorted(known))}.")
        secs = self.sections if region is None else self.sections_in(region)
        if region is not None and not secs:
            regions = sorted(set(self._region.values()))
            raise ArgumentError(f"region={region!r}: {self.name} has no such sections; its "
                                f"regions are {', '.join(regions)}.")
        for sec in secs:
            sec.insert(mechanism)
        return secs

    def add_existing_section(self, sec, region: str) -> None:
        """Take a section that exists already (an adopted cell's) into the cell.

        Parameters
        ----------
        sec : NEURON Section
            The section.
        region : str
            Its region ("soma", "dend", "axon", ...); the first soma becomes ``cell.soma``.
        """
        self._check_alive()
        self._sections.append(sec)
        self._region[sec] = region
        if region == "soma" and self.soma is None:
            self.soma = sec

    # --- queries ------------------------------------------------------------------------
    @property
    def sections(self) -> list:
        """All sections of the cell, soma first (a copy of the list)."""
        self._check_alive()
        if self.adopted:
            self._check_sections()
        return list(self._sections)

    def _check_sections(self) -> None:
        """An adopted cell's sections may be deleted by their owner: say so, and how to go on."""
        for sec in self._sections:
            try:
                sec.name()
            except ReferenceError:
                raise CellDestroyedError(
                    f"{self.name}: a section of this adopted cell was deleted by its owner (the "
                    "hoc file, template or code that made it): adopt the cell again.") from None

    def region_of(self, sec) -> str:
        """The region of one of the cell's sections (KeyError for any other section).

        Parameters
        ----------
        sec : NEURON Section
            A section of the cell.

        Returns
        -------
        str
            Its region: "soma", "dend", "axon", "apic", ...
        """
        return self._region[sec]

    def sections_in(self, region: str) -> list:
        """The cell's sections of one region, in the cell's order.

        Parameters
        ----------
        region : str
            The region: "soma", "dend", "axon", "apic", ...

        Returns
        -------
        list of NEURON Section
            Its sections; empty when the cell has none there.
        """
        return [s for s in self.sections if self._region[s] == region]

    def segments(self):
        """Every segment of every section (excluding the 0 and 1 nodes)."""
        for sec in self.sections:
            yield from sec

    def volume_per_area_um(self, sec) -> float:
        """A section's cytoplasmic volume per membrane area, as ion accumulation uses it.

        Parameters
        ----------
        sec : NEURON Section
            A section of the cell.

        Returns
        -------
        float
            In um: the value given to `add_section`, else diam/4 (a cylinder's).
        """
        return self._vol_area_um.get(sec, sec.diam / 4.0)

    @property
    def area_um2(self) -> float:
        """Total membrane area (sum of NEURON segment areas, um2)."""
        return sum(seg.area() for seg in self.segments())

    @property
    def volume_um3(self) -> float:
        """Cytoplasmic volume, from each segment's area times its volume-per-area (um3)."""
        return sum(seg.area() * self.volume_per_area_um(seg.sec) for seg in self.segments())

    def default_site(self):
        """The middle of the soma: where measurements look when no site is given.

        Returns
        -------
        NEURON Segment
            ``cell.soma(0.5)``; ValueError if the cell has no soma.
        """
        self._check_alive()
        if self.soma is None:
            raise ValueError(f"{self.name} has no soma; pass site=<a segment of the cell>.")
        return self.soma(0.5)

    def owns(self, seg) -> bool:
        """Whether a segment lies in one of the cell's sections.

        Parameters
        ----------
        seg : NEURON Segment
            The segment, e.g. ``cell.soma(0.5)``.

        Returns
        -------
        bool
            True if its section is one of the cell's.
        """
        return seg.sec in self._region

    def resolve_site(self, site=None):
        """The segment to measure or stimulate at: `site`, or the middle of the soma if None.

        Parameters
        ----------
        site : NEURON Segment or None, optional
            A segment of the cell (TypeError if no segment, ValueError if another cell's);
            default None, `default_site()`.

        Returns
        -------
        NEURON Segment
            The site.
        """
        if site is None:
            return self.default_site()
        if not hasattr(site, "sec") or not hasattr(site, "x"):
            raise TypeError(f"site={site!r} is not a NEURON segment; pass e.g. cell.soma(0.5).")
        self._check_alive()
        if not self.owns(site):
            raise ValueError(f"site={site!r} is not a segment of {self.name}; pass one of its "
                             "segments.")
        return site

    def electrode(self, kind: str, seg, index: int = 0):
        """The cell's electrode of one kind at a segment, made on first use, switched off.

        Parameters
        ----------
        kind : str
            "IClamp" or "SEClamp".
        seg : NEURON Segment
            Where it sits, e.g. ``cell.soma(0.5)``.
        index : int, optional
            Which of several of that kind at that segment; default 0.

        Returns
        -------
        NEURON IClamp or SEClamp
            The same one for the same arguments, until `remove_electrodes()` or `destroy`.
        """
        self._check_alive()
        key = (kind, seg.sec.name(), round(seg.x, 9), index)
        if key not in self._electrodes:
            obj = getattr(h, kind)(seg)
            switch_off(obj)
            self._electrodes[key] = obj
        return self._electrodes[key]

    @property
    def electrodes(self) -> list:
        """The electrodes leakmodels keeps on this cell (all switched off between runs)."""
        return list(self._electrodes.values())

    def remove_electrodes(self) -> None:
        """Delete the electrodes leakmodels keeps on this cell (they are made again when needed)."""
        self._electrodes.clear()

    def forget_rest(self) -> None:
        """Drop the settled rest leakmodels keeps for this cell (it is found again when next
        needed). Only needed after changing a kinetic parameter by hand that leaves the
        steady state where it was; every other change is detected."""
        self._rest = None

    # --- lifetime -------------------------------------------------------------------------
    @property
    def alive(self) -> bool:
        """True until the cell is destroyed (`destroy` or `delete_sections`)."""
        return self._alive

    def _check_alive(self):
        if not self._alive:
            raise CellDestroyedError(f"{self.name} was destroyed; build a new cell.")

    def destroy(self) -> None:
        """The end of the cell: a built cell's sections are deleted, and those of a model
        leakmodels loaded (`from_hoc`, `from_python`); an adopted cell's are left to their
        owner (`delete_sections` deletes them). Safe to call twice."""
        if not self._alive:
            return
        if self.owns_sections:
            self._delete_all()
        self._release()

    def delete_sections(self) -> None:
        """Delete every section of the cell, adopted or built, and end the cell."""
        if self._alive:
            self._delete_all()
            self._release()

    def _delete_all(self) -> None:
        delete_neuron_sections(reversed(self._sections))

    def _release(self) -> None:
        self._electrodes.clear()
        self._rest = None
        self._state_layout = None
        self._sections.clear()
        self._region.clear()
        self._vol_area_um.clear()
        self.soma = None
        self.owner = None
        self._alive = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.destroy()
        return False

    def __del__(self):
        try:
            self.destroy()
        except Exception:
            pass


def switch_off(obj) -> None:
    """Make an electrode inert: an IClamp with no current, an SEClamp with no level."""
    if obj.hname().startswith("IClamp"):
        obj.amp, obj.delay, obj.dur = 0.0, 0.0, 0.0
    else:
        obj.dur1 = obj.dur2 = obj.dur3 = 0.0
        obj.amp1 = obj.amp2 = obj.amp3 = 0.0


def cell_arg(cell, name: str = "cell"):
    """A living leakmodels Cell, or an error saying what was passed instead."""
    if not isinstance(cell, Cell):
        got = type(cell).__name__
        extra = (" (a NEURON Section: build the cell with a leakmodels builder, e.g. "
                 "lm.sphere(20), or lm.from_swc(path))") if got in ("Section", "nrn.Section") else ""
        raise ArgumentTypeError(f"{name}={cell!r} is not a leakmodels Cell{extra}; build one with "
                                "lm.sphere, lm.interneuron, lm.motoneuron or lm.from_swc.")
    if not cell.alive:
        raise CellDestroyedError(f"{cell.name} was destroyed; build a new cell.")
    return cell
