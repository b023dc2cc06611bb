"""Builders: turn a morphology spec and a membrane spec into a `Cell` of NEURON sections.

Public constructors: `sphere`, `cylinder`, `ball_and_stick`, `interneuron`, `motoneuron`
(and `from_swc` in `leakmodels.cell.reconstruction`). Each one lays out the geometry, sets nseg by the
d_lambda rule (or an explicit nseg) and paints the membrane with `apply_membrane`.
"""
from __future__ import annotations

import math

from ..spec.checks import ArgumentTypeError, count
from ..spec.membrane import DEFAULT_MEMBRANE, MembraneSpec, default_membrane
from ..spec.morphology import (
    BallAndStickSpec,
    CylinderSpec,
    NeuronSpec,
    SphereSpec,
    literature_spec,
)
from .cell import Cell
from .painting import apply_membrane, set_passive


def lambda_f_um(diam_um: float, ra_ohm_cm: float, cm_uF_cm2: float, freq_hz: float = 100.0) -> float:
    """AC length constant at freq_hz (Hines & Carnevale 2001), in um."""
    return 1e5 * math.sqrt(diam_um / (4 * math.pi * freq_hz * ra_ohm_cm * cm_uF_cm2))


def d_lambda_nseg(sec, d_lambda: float = 0.1, freq_hz: float = 100.0,
                 rm_ohm_cm2: float | None = None) -> int:
    """Odd nseg so that no segment is longer than d_lambda of the shorter of lambda_f(100 Hz)
    and, when rm_ohm_cm2 is given, the DC length constant sqrt(R_m d / 4 R_a).

    The classic rule (Hines & Carnevale 2001) assumes R_m large enough that lambda_f(100 Hz)
    is the shorter one; a leaky membrane (an astrocyte, R_m below ~2 kOhm cm2) needs the DC
    length constant too.
    """

    def lam(d):
        out = lambda_f_um(d, sec.Ra, sec.cm, freq_hz)
        if rm_ohm_cm2 is not None and math.isfinite(rm_ohm_cm2):
            out = min(out, 1e4 * math.sqrt(rm_ohm_cm2 * d * 1e-4 / (4 * sec.Ra)))
        return out

    n3d = int(sec.n3d())
    if n3d >= 2:
        elec = 0.0
        for i in range(1, n3d):
            dx = sec.arc3d(i) - sec.arc3d(i - 1)
            d = 0.5 * (sec.diam3d(i) + sec.diam3d(i - 1))
            if dx > 0 and d > 0:
                elec += dx / lam(d)
    else:
        elec = sec.L / lam(sec.diam)
    return int((elec / d_lambda + 0.9) / 2) * 2 + 1


def finish(cell: Cell, membrane: MembraneSpec, nseg: int | None = None) -> Cell:
    """Set nseg (d_lambda rule unless given) and paint the membrane (Ra and cm included).
    On a bad argument the half-built cell is destroyed before the error propagates."""
    try:
        if not isinstance(membrane, MembraneSpec):
            raise TypeError(f"membrane={membrane!r} is not a MembraneSpec; build one with "
                            "lm.MembraneSpec(...).")
        if nseg is not None:
            nseg = count("nseg", nseg, lo=1, hi=100_000,
                         fix="segments per section (odd keeps a node at 0.5), or None for the "
                             "d_lambda rule")
        rm = membrane.rest_slope_rm_ohm_cm2()
        set_passive(cell, membrane)  # the d_lambda rule needs Ra and cm
        for sec in cell.sections:
            sec.nseg = nseg if nseg is not None else d_lambda_nseg(sec, membrane.d_lambda,
                                                                    rm_ohm_cm2=rm)
        apply_membrane(cell, membrane)
    except BaseException:
        cell.destroy()
        raise
    return cell


def _soma(cell: Cell, diam_um: float):
    """A spherical soma as NEURON's equal-area cylinder (L = diam); its volume is the sphere's."""
    soma = cell.add_section("soma", "soma", vol_area_um=diam_um / 6.0)
    soma.L = soma.diam = diam_um
    return soma


def sphere(diam_um: float, membrane: MembraneSpec = DEFAULT_MEMBRANE, nseg: int | None = None) -> Cell:
    """Build an isopotential spherical cell.

    The sphere is NEURON's equal-area cylinder (L = diam), so its membrane area is
    pi d^2 and its volume per area d/6, the sphere's.

    Parameters
    ----------
    diam_um : float
        Diameter of the sphere, in um (0.01 to 5000).
    membrane : leakmodels.MembraneSpec, optional
        The membrane painted on the cell; default `DEFAULT_MEMBRANE`.
    nseg : int or None, optional
        Segments of its one section (1 to 100000); default None, which gives 1.

    Returns
    -------
    leakmodels.Cell
        The new cell; use it as a context manager (``with ... as cell:``) so that its
        sections are deleted on exit.

    Raises
    ------
    ArgumentError
        A size or nseg that is not a finite number in range (`ArgumentTypeError`: not a
        number at all).
    TypeError
        `membrane` is not a `leakmodels.MembraneSpec`.

    Examples
    --------
    >>> import leakmodels as lm
    >>> with lm.sphere(20.0) as cell:
    ...     v_mV = lm.resting_potential(cell)
    """
    spec = SphereSpec(diam_um)
    cell = Cell("sphere")
    cell.morphology = spec
    _soma(cell, spec.diam_um)
    return finish(cell, membrane, nseg if nseg is not None else 1)


def cylinder(length_um: float, diam_um: float, membrane: MembraneSpec = DEFAULT_MEMBRANE,
             nseg: int | None = None) -> Cell:
    """Build one unbranched cable with sealed ends.

    The cable is the cell's soma (region "soma"), so measurements default to its middle.

    Parameters
    ----------
    length_um : float
        Length of the cable, in um (0.01 to 1e5).
    diam_um : float
        Diameter of the cable, in um (0.01 to 5000).
    membrane : leakmodels.MembraneSpec, optional
        The membrane painted on every section; default `DEFAULT_MEMBRANE`.
    nseg : int or None, optional
        Segments per section (1 to 100000; odd keeps a node at 0.5); default None, the
        d_lambda rule: no segment longer than `MembraneSpec.d_lambda` (dimensionless) of the
        shorter of the 100-Hz and the DC length constant.

    Returns
    -------
    leakmodels.Cell
        The new cell; use it as a context manager (``with ... as cell:``) so that its
        sections are deleted on exit.

    Raises
    ------
    ArgumentError
        A size or nseg that is not a finite number in range (`ArgumentTypeError`: not a
        number at all).
    TypeError
        `membrane` is not a `leakmodels.MembraneSpec`.
    """
    spec = CylinderSpec(length_um, diam_um)
    cell = Cell("cylinder")
    cell.morphology = spec
    sec = cell.add_section("cable", "soma")
    sec.L, sec.diam = spec.length_um, spec.diam_um
    return finish(cell, membrane, nseg)


def ball_and_stick(soma_diam_um: float, dend_length_um: float, dend_diam_um: float,
                   n_dend: int = 1, membrane: MembraneSpec = DEFAULT_MEMBRANE,
                   nseg: int | None = None) -> Cell:
    """Build a spherical soma with identical unbranched, sealed-end dendrites.

    Every dendrite starts at the middle of the soma, soma(0.5).

    Parameters
    ----------
    soma_diam_um : float
        Diameter of the spherical soma, in um (0.01 to 5000).
    dend_length_um : float
        Length of each dendrite, in um (0.01 to 1e5).
    dend_diam_um : float
        Diameter of each dendrite, in um (0.01 to 5000).
    n_dend : int, optional
        Number of dendrites, 1 to 1000; default 1.
    membrane : leakmodels.MembraneSpec, optional
        The membrane painted on every section; default `DEFAULT_MEMBRANE`.
    nseg : int or None, optional
        Segments per section (1 to 100000; odd keeps a node at 0.5); default None, the
        d_lambda rule: no segment longer than `MembraneSpec.d_lambda` (dimensionless) of the
        shorter of the 100-Hz and the DC length constant.

    Returns
    -------
    leakmodels.Cell
        The new cell; use it as a context manager (``with ... as cell:``) so that its
        sections are deleted on exit.

    Raises
    ------
    ArgumentError
        A size or nseg that is not a finite number in range (`ArgumentTypeError`: not a
        number at all).
    TypeError
        `membrane` is not a `leakmodels.MembraneSpec`.
    """
    spec = BallAndStickSpec(soma_diam_um, dend_length_um, dend_diam_um, n_dend)
    cell = Cell("ball_and_stick")
    cell.morphology = spec
    soma = _soma(cell, spec.soma_diam_um)
    for i in range(spec.n_dend):
        d = cell.add_section(f"dend{i}", "dend", parent=soma, parent_x=0.5)
        d.L, d.diam = spec.dend_length_um, spec.dend_diam_um
    return finish(cell, membrane, nseg)


def build_neuron(spec: NeuronSpec, membrane: MembraneSpec | None = None,
                 nseg: int | None = None) -> Cell:
    """Build a `NeuronSpec`: a soma, n_dend binary trees and an optional axon initial segment.

    Each tree's stem starts at soma(0.5) and every branch of generation g has length
    ``spec.branch_lengths_um[g]``; the axon initial segment (region "axon"), when
    ``spec.ais_length_um`` > 0, starts at soma(0.5) too. The cell's axial resistivity is the
    spec's ``ra_ohm_cm`` unless the membrane sets one.

    Parameters
    ----------
    spec : leakmodels.NeuronSpec
        The morphology, e.g. from `literature_spec`.
    membrane : leakmodels.MembraneSpec or None, optional
        The membrane painted on the cell; default None, `DEFAULT_MEMBRANE`.
    nseg : int or None, optional
        Segments per section (1 to 100000; odd keeps a node at 0.5); default None, the
        d_lambda rule: no segment longer than `MembraneSpec.d_lambda` (dimensionless) of the
        shorter of the 100-Hz and the DC length constant.

    Returns
    -------
    leakmodels.Cell
        The new cell; use it as a context manager (``with ... as cell:``) so that its
        sections are deleted on exit.

    Raises
    ------
    ArgumentTypeError
        `spec` is not a `NeuronSpec`.
    ArgumentError
        nseg is not a whole number from 1 to 100000.
    TypeError
        `membrane` is not a `leakmodels.MembraneSpec`.
    """
    if not isinstance(spec, NeuronSpec):
        raise ArgumentTypeError(f"spec={spec!r} is not a NeuronSpec; use lm.literature_spec(name, "
                                "scale) or build one with lm.NeuronSpec(...).")
    if membrane is None:
        membrane = DEFAULT_MEMBRANE
    cell = Cell(spec.name)
    cell.morphology = spec
    cell.default_ra_ohm_cm = spec.ra_ohm_cm  # the morphology's Ra unless the membrane sets one
    soma = _soma(cell, spec.soma_diam_um)
    diams = spec.branch_diams_um()

    # an explicit stack, not a recursive closure: a closure that names itself holds the cell
    # in a reference cycle, so a deleted cell's sections would live until Python's collector
    # ran (and it may run in the middle of a walk over NEURON's mechanisms)
    stack = [(soma, 0.5, 0, str(i)) for i in reversed(range(spec.n_dend))]
    while stack:
        parent, parent_x, gen, label = stack.pop()
        sec = cell.add_section(f"dend{label}", "dend", parent=parent, parent_x=parent_x)
        sec.L, sec.diam = spec.branch_lengths_um[gen], diams[gen]
        if gen + 1 < len(diams):
            stack.extend((sec, 1.0, gen + 1, f"{label}_{child}") for child in (1, 0))
    if spec.ais_length_um > 0:
        ais = cell.add_section("ais", "axon", parent=soma, parent_x=0.5)
        ais.L, ais.diam = spec.ais_length_um, spec.ais_diam_um
    return finish(cell, membrane, nseg)


def interneuron(scale: float = 1.0, membrane: MembraneSpec | None = None, nseg: int | None = None) -> Cell:
    """Build the small aspiny interneuron of the literature, scaled.

    The morphology is ``morphologies/interneuron.json`` (`literature_spec`), every length and
    diameter multiplied by `scale`.

    Parameters
    ----------
    scale : float, optional
        Factor on every length and diameter (the area goes with scale**2), dimensionless,
        0.01 to 100; default 1.0, the literature size.
    membrane : leakmodels.MembraneSpec or None, optional
        The membrane painted on the cell; default None, `INTERNEURON_MEMBRANE` (the
        default membrane with the M-current in the soma and axon).
    nseg : int or None, optional
        Segments per section (1 to 100000; odd keeps a node at 0.5); default None, the
        d_lambda rule: no segment longer than `MembraneSpec.d_lambda` (dimensionless) of the
        shorter of the 100-Hz and the DC length constant.

    Returns
    -------
    leakmodels.Cell
        The new cell; use it as a context manager (``with ... as cell:``) so that its
        sections are deleted on exit.

    Raises
    ------
    ArgumentError
        scale or nseg out of range (`ArgumentTypeError`: not a number).
    TypeError
        `membrane` is not a `leakmodels.MembraneSpec`.
    """
    if membrane is None:
        membrane = default_membrane("interneuron")
    return build_neuron(literature_spec("interneuron", scale), membrane, nseg)


def motoneuron(scale: float = 1.0, membrane: MembraneSpec | None = None, nseg: int | None = None) -> Cell:
    """Build the cat lumbar alpha-motoneuron of the literature, scaled.

    The morphology is ``morphologies/motoneuron.json`` (`literature_spec`), every length and
    diameter multiplied by `scale`.

    Parameters
    ----------
    scale : float, optional
        Factor on every length and diameter (the area goes with scale**2), dimensionless,
        0.01 to 100; default 1.0, the literature size.
    membrane : leakmodels.MembraneSpec or None, optional
        The membrane painted on the cell; default None, `MOTONEURON_MEMBRANE` (the
        default membrane with the medium AHP at the soma).
    nseg : int or None, optional
        Segments per section (1 to 100000; odd keeps a node at 0.5); default None, the
        d_lambda rule: no segment longer than `MembraneSpec.d_lambda` (dimensionless) of the
        shorter of the 100-Hz and the DC length constant.

    Returns
    -------
    leakmodels.Cell
        The new cell; use it as a context manager (``with ... as cell:``) so that its
        sections are deleted on exit.

    Raises
    ------
    ArgumentError
        scale or nseg out of range (`ArgumentTypeError`: not a number).
    TypeError
        `membrane` is not a `leakmodels.MembraneSpec`.

    Examples
    --------
    >>> import leakmodels as lm
    >>> with lm.motoneuron() as cell:
    ...     r_MOhm = lm.input_resistance(cell)
    """
    if membrane is None:
        membrane = default_membrane("motoneuron")
    return build_neuron(literature_spec("motoneuron", scale), membrane, nseg)
