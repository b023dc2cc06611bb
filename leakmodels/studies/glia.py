"""S7b Glia: an astrocyte is a K+ electrode; it rests at E_K and follows it when Ko changes.

The astrocyte here is a 10-um soma with a few thick processes whose membrane is dominated by K+
leak (PNa/PK = 0.005) and carries no spike channels. Its K+ permeability, 2e-5 cm/s (about 24
times the neuron's), gives a specific membrane resistance near 0.7 kOhm cm2, against the
neuron's 10 kOhm cm2: astrocyte membranes are packed with K+ channels (Kir4.1 and the K2P
channels TWIK-1 and TREK-1), so that with ~3,300 um2 of membrane R_in is ~20 MOhm, within the
few-to-tens of MOhm recorded from astrocytes (whose fine processes and gap-junction coupling,
left out here, lower it further). kleak is a GHK K+ leak; real astrocytic Kir4.1 rectifies
inwardly, which this model does not. Both cells keep the pump balanced at Ko = 5 mM
(`MembraneSpec.modulated`): a change of bath K+ does not change the number of pumps.

Ko is swept (default 2.5-40 mM); the slope of V_rest against log10(Ko) is compared with the
Nernst slope ln(10) RT/F (61.5 mV per decade at 37 degC). The neuron is a sphere with the
default leak membrane and pump but no spike channels: the default interneuron, also shown, goes
into depolarisation block above Ko ~ 15 mM, where kdr, not the leak, sets its potential.
Each cell's slope is fitted on its resting points only: a steady state in depolarisation block
(somatic nav h below 0.1: no step can fire the cell) is not a rest and is left out of the fit
(column in_slope_fit), so the interneuron's slope is that of its rests at low Ko.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..measure.passive import resting_potential
from ..mechanisms.catalogue import NAV
from ..spec import physics
from ..spec import reference_data as ref
from ..spec.membrane import MembraneSpec, axial_resistivity_ohm_cm, default_membrane
from ..spec.morphology import BallAndStickSpec, SphereSpec
from ..sweeps.sources import CellSource, Condition
from ..sweeps.table import sweep
from .base import (
    StudyResult,
    claim_between,
    claim_greater,
    claim_in_range,
    claim_less,
    ok_records,
    study_cells,
)
from .figures.glia import figure

NAME = "glia"
ASTROCYTE = "astrocyte"
NEURON = "neuron (sphere, leaks + pump)"
INTERNEURON = "interneuron (spike channels; block at high Ko)"

def astrocyte_membrane(base: MembraneSpec, pk_cm_s: float = 2e-5,
                       pna_over_pk: float = 0.005) -> MembraneSpec:
    """K+-leak-dominated membrane without spike channels, pump balanced at base's Ko.

    Parameters
    ----------
    base : leakmodels.spec.membrane.MembraneSpec
        The membrane it is made from: its gated channels are removed
        (`MembraneSpec.without_spikes`), its concentrations and the rest kept.
    pk_cm_s : float, optional
        The K+ leak permeability, in cm/s (kleak's fopen set to 1); default 2e-5 (about 24
        times the neuron's: R_m near 0.7 kOhm cm2).
    pna_over_pk : float, optional
        The Na+ leak's permeability over the K+ leak's, dimensionless; default 0.005.

    Returns
    -------
    leakmodels.spec.membrane.MembraneSpec
        The astrocyte's membrane, its pump re-balanced (pump_imax_mA_cm2=None) for these leaks
        at base's concentrations.
    """
    return base.without_spikes().with_(pk_cm_s=pk_cm_s, pna_cm_s=pk_cm_s * pna_over_pk,
                                       kleak_fopen=1.0, pump_imax_mA_cm2=None)


def ball_and_stick_rin_MOhm(mem: MembraneSpec, v_mV: float, soma_diam_um: float,
                            length_um: float, diam_um: float, n: int) -> float:
    """Input resistance of a soma with n sealed processes: G_in = G_soma + n G_sealed-cable.

    Parameters
    ----------
    mem : leakmodels.spec.membrane.MembraneSpec
        The membrane: its leak slope conductance at `v_mV` gives R_m, its axial resistivity
        (`axial_resistivity_ohm_cm`) the processes' Ra.
    v_mV : float
        The potential at which the leak slope conductance is taken, in mV (the rest).
    soma_diam_um : float
        The isopotential spherical soma's diameter, in um.
    length_um : float
        Each process's length, in um.
    diam_um : float
        Each process's diameter, in um.
    n : int
        The number of processes.

    Returns
    -------
    float
        The input resistance, in MOhm.

    Notes
    -----
    R_m = 1 / leak slope conductance at v_mV (ohm cm2); G_soma = 1 / R_sphere(soma_diam_um,
    R_m), G_sealed-cable = 1 / (r_a lambda coth(L / lambda)) of one process
    (`leakmodels.spec.physics`).
    """
    rm = 1.0 / mem.leak_slope_conductance_S_cm2(v_mV)
    g_soma = 1.0 / physics.sphere_input_resistance_MOhm(soma_diam_um, rm)
    g_dend = 1.0 / physics.sealed_cable_input_resistance_MOhm(length_um, diam_um, rm,
                                                              axial_resistivity_ohm_cm(mem))
    return 1.0 / (g_soma + n * g_dend)


# a steady state whose somatic nav inactivation gate h is below this (more than 90 % of the
# Na+ channels inactivated) cannot fire: it is depolarisation block, not a rest
BLOCK_NAV_H = 0.1


def nav_availability_columns(cell) -> dict:
    """The somatic nav h gate at the cell's steady state (nan without nav): a sweep measure.

    Parameters
    ----------
    cell : leakmodels.Cell
        The cell; it is brought to its steady state (`resting_potential`), which stays in its
        segments.

    Returns
    -------
    dict of str to float
        {"nav_h_soma": h}: the inactivation gate of nav at the soma's middle, dimensionless
        (0-1); NaN where the soma has no nav.
    """
    resting_potential(cell)  # leaves the steady state in the cell's segments
    seg = cell.soma(0.5)
    nav = getattr(seg, NAV.suffix, None)
    return {"nav_h_soma": float(nav.h) if nav is not None else math.nan}


def rest_slope_mV_per_decade(ko_mM, v_rest_mV, block) -> float:
    """Slope of V_rest against log10(Ko), fitted on the resting points (block False) only.

    Parameters
    ----------
    ko_mM : array_like of float
        The bath K+ of each point, in mM.
    v_rest_mV : array_like of float
        The steady potential of each point, in mV.
    block : array_like of bool
        Whether each point is in depolarisation block (left out of the fit).

    Returns
    -------
    float
        The least-squares slope, in mV per decade of Ko; NaN with fewer than two resting
        points.
    """
    rest = ~np.asarray(block, bool)
    if rest.sum() < 2:
        return math.nan
    return float(np.polyfit(np.log10(np.asarray(ko_mM, float)[rest]),
                            np.asarray(v_rest_mV, float)[rest], 1)[0])


def nernst_slope_mV_per_decade(celsius_degC: float) -> float:
    """The Nernst slope of a monovalent cation, ln(10) RT/F.

    Parameters
    ----------
    celsius_degC : float
        The temperature, in degC.

    Returns
    -------
    float
        The slope, in mV per decade of concentration (61.5 at 37 degC).
    """
    return math.log(10.0) * physics.rt_over_f_mV(celsius_degC)


def glia(ko_mM=(2.5, 5.0, 10.0, 20.0, 40.0), pk_cm_s: float = 2e-5, pna_over_pk: float = 0.005,
         soma_diam_um: float = 10.0, process_length_um: float = 80.0,
         process_diam_um: float = 2.0, n_processes: int = 6, process_nseg: int = 11,
         neuron_diam_um: float = 20.0, membrane: MembraneSpec | None = None,
         include_interneuron: bool = True, cells: dict | None = None,
         execution=None) -> StudyResult:
    """V_rest and R_in of an astrocyte and a neuron as bath K+ (Ko) is swept.

    Each cell's pump is balanced for its membrane at the base Ko and keeps its number as Ko
    changes (`MembraneSpec.modulated`). Each cell's slope of V_rest against log10(Ko) is fitted
    on its resting points only (a steady state with somatic nav h below BLOCK_NAV_H, 0.1, is in
    depolarisation block) and compared with the Nernst slope.

    Parameters
    ----------
    ko_mM : tuple of float, optional
        The bath K+ concentrations swept, in mM; default (2.5, 5, 10, 20, 40).
    pk_cm_s : float, optional
        The astrocyte's K+ leak permeability, in cm/s; default 2e-5 (`astrocyte_membrane`).
    pna_over_pk : float, optional
        The astrocyte's PNa/PK, dimensionless; default 0.005.
    soma_diam_um : float, optional
        The astrocyte's soma diameter, in um; default 10.0.
    process_length_um : float, optional
        The length of each astrocyte process, in um; default 80.0.
    process_diam_um : float, optional
        The diameter of each process, in um; default 2.0.
    n_processes : int, optional
        The number of processes; default 6.
    process_nseg : int, optional
        Segments per process; default 11. The d_lambda rule sizes segments by the 100-Hz length
        constant, which ignores R_m; for this leaky membrane the DC length constant is shorter
        (~190 um at Ko 5 mM, ~105 um at 40 mM) and the rule's 3 segments per process put R_in 1 %
        above cable theory. 11 keep every segment below 0.1 lambda_DC (error < 0.1 %).
    neuron_diam_um : float, optional
        The neuron sphere's diameter, in um; default 20.0.
    membrane : leakmodels.spec.membrane.MembraneSpec, optional
        The base membrane: the astrocyte's is made from it, the neuron carries it without spike
        channels, the interneuron as it is; default None: `MembraneSpec()` for the astrocyte and
        the neuron, the default interneuron's own (with Kv7) for the interneuron.
    include_interneuron : bool, optional
        Also measure the default interneuron (spike channels: depolarisation block above Ko ~15
        mM); default True.
    cells : dict of str to leakmodels.CellSource, optional
        {role: CellSource}, the roles ASTROCYTE (a ball-and-stick: soma and processes), NEURON
        (a sphere) and INTERNEURON; default None: the study's own, those the geometry
        parameters describe.
    execution : leakmodels.Execution, optional
        Where the sweeps run; default None: here.

    Returns
    -------
    leakmodels.studies.base.StudyResult
        Table: one row per cell (role, column cell) and Ko: ko_mM (mM), v_rest_mV (mV), rin_MOhm
        (MOhm), nav_h_soma (dimensionless), depolarisation_block and in_slope_fit (bool),
        ek_mV and v_rest_theory_mV (the leak + fixed-pump equation, mV), pk_cm_s and pna_cm_s
        (cm/s), pump_imax_mA_cm2 (mA/cm2), rin_theory_MOhm (ball-and-stick cable theory for the
        astrocyte, the sphere for the neuron, else NaN; MOhm), slope_mV_per_decade (the cell's
        fit, mV per decade). Figure: A steady V, B its distance from E_K, C R_in, against bath
        K+. Claims: range checks (the astrocyte rests 0-5 mV above E_K with an R_in of 2-50 MOhm
        at the base Ko; the neuron's slope under 0.75 of the astrocyte's, its V_rest more than
        15 mV from E_K, its R_in over ten times the astrocyte's) and consistency (the
        astrocyte's R_in on cable theory, its V_rest on the leak + fixed-pump equation, its
        slope within 0.9-1 of Nernst's). Notes: the module's account.

    Raises
    ------
    ValueError
        A label of `cells` is not a role, or `cells` is not a non-empty {label: CellSource}
        (`leakmodels.ArgumentTypeError`).
    RuntimeError
        A cell could not be measured (`ok_records`).

    Notes
    -----
    Nernst slope: ln(10) RT/F, 61.5 mV per decade at 37 degC.
    """
    base = membrane or MembraneSpec()
    default = {
        ASTROCYTE: CellSource("ball_and_stick", (
            ("soma_diam_um", soma_diam_um), ("dend_length_um", process_length_um),
            ("dend_diam_um", process_diam_um), ("n_dend", n_processes), ("nseg", process_nseg)),
            label=ASTROCYTE),
        NEURON: CellSource("sphere", (("diam_um", neuron_diam_um),)),
    }
    if include_interneuron:
        default[INTERNEURON] = CellSource("interneuron")
    roles = {ASTROCYTE: astrocyte_membrane(base, pk_cm_s, pna_over_pk),
             NEURON: base.without_spikes().with_(pump_imax_mA_cm2=None),
             INTERNEURON: (membrane or default_membrane("interneuron")).with_(
                 pump_imax_mA_cm2=None)}  # the default interneuron's own: with Kv7
    sources = study_cells(cells, default)
    unknown = [label for label in sources if label not in roles]
    if unknown:
        raise ValueError(f"cells: {unknown[0]!r} is not a role of this study; use "
                         f"{', '.join(map(repr, roles))}.")
    rows = []
    for label, source in sources.items():
        mem0, spec = roles[label], source.morphology_spec()
        mems = [mem0.modulated(ko_mM=float(ko)) for ko in ko_mM]
        measured = sweep([source], [Condition(f"Ko {ko:g} mM", membrane=m) for ko, m in zip(ko_mM, mems)],
                         ("rest", "rin", nav_availability_columns), execution,
                         f"{NAME}-{source.builder}")
        for ko, mem, m in zip(ko_mM, mems, ok_records(measured)):
            v = m["v_rest_mV"]
            row = {"cell": label, "ko_mM": float(ko), "v_rest_mV": v, "rin_MOhm": m["rin_MOhm"],
                   "nav_h_soma": m["nav_h_soma"],
                   "depolarisation_block": bool(m["nav_h_soma"] < BLOCK_NAV_H),
                   "ek_mV": mem.ek_mV, "v_rest_theory_mV": mem.leak_rest_mV(),
                   "pk_cm_s": mem.pk_cm_s, "pna_cm_s": mem.pna_cm_s,
                   "pump_imax_mA_cm2": mem.pump_imax_mA_cm2, "rin_theory_MOhm": np.nan}
            if label == ASTROCYTE and isinstance(spec, BallAndStickSpec):
                row["rin_theory_MOhm"] = ball_and_stick_rin_MOhm(
                    mem, v, spec.soma_diam_um, spec.dend_length_um, spec.dend_diam_um,
                    spec.n_dend)
            elif label == NEURON and isinstance(spec, SphereSpec):
                row["rin_theory_MOhm"] = physics.sphere_input_resistance_MOhm(
                    spec.diam_um, 1.0 / mem.leak_slope_conductance_S_cm2(v))
            rows.append(row)
    table = pd.DataFrame(rows)
    table["in_slope_fit"] = ~table.depolarisation_block
    slopes = {label: rest_slope_mV_per_decade(g.ko_mM, g.v_rest_mV, g.depolarisation_block)
              for label, g in table.groupby("cell", sort=False)}
    table["slope_mV_per_decade"] = table.cell.map(slopes)
    nernst = nernst_slope_mV_per_decade(base.celsius_degC)
    claims = _claims(table, slopes, nernst, base)
    fig = figure(table, slopes, nernst, astrocyte=ASTROCYTE, neuron=NEURON,
                 interneuron=INTERNEURON, block_nav_h=BLOCK_NAV_H)
    return StudyResult(NAME, "S7b Glia: an astrocyte rests at E_K and follows it", table, fig,
                       claims, notes=__doc__.split("\n\n", 1)[1].replace("\n", " "))


def _claims(table, slopes, nernst, base):
    astro = table[table.cell == ASTROCYTE]
    neuron = table[table.cell == NEURON]
    at_base = astro.loc[(astro.ko_mM - base.ko_mM).abs().idxmin()]
    ko_tag = f"Ko {at_base.ko_mM:g} mM"
    return [
        claim_in_range(NAME, f"astrocyte rests just above E_K ({ko_tag}, V_rest - E_K)",
                       at_base.v_rest_mV - at_base.ek_mV, ref.ASTROCYTE_REST_ABOVE_EK_MV),
        claim_in_range(NAME, f"astrocyte R_in is low ({ko_tag}; recorded: a few to tens of MOhm)",
                       at_base.rin_MOhm, ref.ASTROCYTE_RIN_MOHM),
        claim_less(NAME, "astrocyte R_in = ball-and-stick cable theory (max relative error)",
                   ((astro.rin_MOhm - astro.rin_theory_MOhm) / astro.rin_theory_MOhm).abs().max(),
                   0.005, "ratio", kind="consistency"),
        claim_less(NAME, "astrocyte V_rest = leak + fixed-pump equation at every Ko (max |error|)",
                   (astro.v_rest_mV - astro.v_rest_theory_mV).abs().max(), 0.05, "mV",
                   kind="consistency"),
        claim_between(NAME, f"astrocyte slope of V_rest vs log10 Ko (Nernst {nernst:.1f})",
                      slopes[ASTROCYTE], 0.9 * nernst, nernst, "mV/decade", kind="consistency",
                      source="Nernst slope ln(10) RT/F; SCIENCE.md S7b"),
        claim_less(NAME, "neuron slope / astrocyte slope (the neuron is no K+ electrode)",
                   slopes[neuron.cell.iloc[0]] / slopes[ASTROCYTE], 0.75, "ratio",
                   kind="range", source="the source text (SCIENCE.md S7b): a neuron is no K+ "
                                        "electrode; 'no' read as under 0.75 of the astrocyte's "
                                        "slope (this package's reading)"),
        claim_greater(NAME, "neuron: max |V_rest - E_K| over the Ko sweep",
                      (neuron.v_rest_mV - neuron.ek_mV).abs().max(), 15.0, "mV",
                      kind="range", source="the source text (SCIENCE.md S7b): a neuron does not "
                                           "follow E_K; read as more than 15 mV from it (this "
                                           "package's reading)"),
        claim_less(NAME, "astrocyte R_in / neuron R_in at baseline Ko",
                   at_base.rin_MOhm / neuron.loc[(neuron.ko_mM - base.ko_mM).abs().idxmin(),
                                                 "rin_MOhm"], 0.1, "ratio", kind="range",
                   source="the source text (SCIENCE.md S7b): an astrocyte's R_in is far below a "
                          "neuron's; 'far' read as a tenth (this package's reading)"),
    ]


run = glia
