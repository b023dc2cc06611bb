"""Ion bookkeeping: how much Na+ and K+ (and Cl-) a cell holds, which mechanism moves it,
and long runs.

This module owns the quantities that conservation checks need when a cell's concentrations
move (`MembraneSpec(accumulate_ions=True)`, the `nakacc` mechanism; or
`volume_follows_osmosis=True`, the `ionvol` pump-leak model, where Cl- and the volume move too):

- `ion_amounts_amol(cell)`: Na+ and K+ (and Cl-) inside, the sum over segments of concentration
  times the segment's volume (area times `cell.volume_per_area_um`, or ionvol's present volume
  per area); 1 mM in 1 um3 is 1 amol.
- `membrane_currents_nA(cell)`: whole-cell Na+ and K+ membrane currents (outward positive)
  split by the mechanism that carries them, with the ion's total as NEURON sums it.
- `pump_turnover(cell)`: ATP/s and net current of the cell's Na+/K+ pumps.
- `membrane_charge_amol(cell)`: the charge held on the membrane capacitance, sum of
  area * cm * v, expressed in amol of monovalent ions (divided by F).
- `run_accumulating(cell, t_stop_ms, v_init_mV)`: a CVODE run (hours are cheap) that records
  V, Na+ and K+ at a site at every step and integrates the whole-cell membrane currents, so
  that the amount of each ion can be compared with what the currents carried;
  `settled_columns(cell, hours, v_init_mV)` the state such a run reaches, as columns.

Charge bookkeeping: with only Na+, K+ (and Cl-) currents and no stimulus, the axial currents
cancel in the sum over segments, so F d(N_Na + N_K - N_Cl)/dt = -(I_Na + I_K + I_Cl) =
d(sum A C V)/dt: the charge inside changes only by the capacitive charge.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..deprecation import formerly_positional, renamed_keywords
from ..engine.cellstate import layout_for
from ..engine.nrnglobals import CVODE, STEADY, settings
from ..engine.rest import rest
from ..engine.runner import Record, Simulation
from ..mechanisms import mechanisms
from ..mechanisms.catalogue import IONVOL, NAKPUMP
from ..mechanisms.loading import h
from ..spec.checks import count, number
from ..spec.physics import FARADAY_C_PER_MOL, MS_PER_H
from .registry import Column, measurement

ATOL = 1e-7  # CVODE absolute tolerance of long runs: amounts to ~1e-7 relative

MA_CM2_UM2_TO_NA = 1e-2          # 1 mA/cm2 on 1 um2 = 1e-11 A = 1e-2 nA
NA_MS_TO_AMOL = 1e-12 / FARADAY_C_PER_MOL * 1e18   # 1 nA for 1 ms, in amol of monovalent ion
UF_CM2_UM2_MV_TO_AMOL = 1e-17 / FARADAY_C_PER_MOL * 1e18  # 1 uF/cm2 * 1 um2 * 1 mV, in amol


def carriers(ion: str) -> tuple:
    """The declared mechanisms that carry a current of `ion` (each exposes it as
    seg.<mechanism>.i<ion>), in declaration order."""
    return tuple(m.suffix for m in mechanisms() if ion in m.current_ions())


def _require_accumulation(cell) -> None:
    """The cell's Na+ and K+ inside must be able to move: its spec accumulates them, or (an
    adopted cell) they are states of its mechanisms."""
    spec = cell.membrane
    if spec is not None and (spec.accumulate_ions or spec.volume_follows_osmosis):
        return
    if cell.membrane is None and any(n[2] in ("nai", "ki") for n in layout_for(cell).names):
        return
    raise ValueError(
        f"{cell.name} has fixed concentrations; build it with "
        "MembraneSpec(accumulate_ions=True) so that Na+ and K+ inside can move.")


def _swells(cell) -> bool:
    """True if the cell's volume moves (the ionvol pump-leak model in its sections)."""
    return any(sec.has_membrane(IONVOL.suffix) for sec in cell.sections)


def pool_ions(cell) -> tuple:
    """The ions whose amounts inside the cell's pools move: Na+ and K+, and Cl- with ionvol."""
    return ("na", "k", "cl") if _swells(cell) else ("na", "k")


def segment_volumes_um3(cell) -> np.ndarray:
    """Volume of every segment (um3), in the order of `cell.segments()`: its area times its
    volume per area (ionvol's present one where the volume moves)."""
    return np.array([seg.area() * (getattr(seg, IONVOL.suffix).w
                                   if seg.sec.has_membrane(IONVOL.suffix)
                                   else cell.volume_per_area_um(seg.sec))
                     for seg in cell.segments()])


def segment_areas_um2(cell) -> np.ndarray:
    return np.array([seg.area() for seg in cell.segments()])


def ion_amounts_amol(cell) -> dict:
    """The pool ions inside the cell: {'na': amol, 'k': amol} (and 'cl' with ionvol), each
    the sum of c * volume."""
    vol = segment_volumes_um3(cell)
    return {ion: float(vol @ np.array([getattr(seg, f"{ion}i") for seg in cell.segments()]))
            for ion in pool_ions(cell)}


def membrane_charge_amol(cell) -> float:
    """Charge on the membrane capacitance, sum of area * cm * v, in amol of unit charge."""
    return float(sum(seg.area() * seg.cm * seg.v for seg in cell.segments())
                 * UF_CM2_UM2_MV_TO_AMOL)


def membrane_currents_nA(cell) -> dict:
    """Whole-cell membrane currents (nA, outward positive) by ion and mechanism.

    Returns {'na': {'naleak': .., 'nakpump': .., 'nav': .., 'total': ..}, 'k': {...}}.
    'total' is NEURON's own sum of the ion's current in each segment (seg.ina, seg.ik); a
    mechanism not inserted anywhere is absent. A mechanism that writes the ion's current
    without keeping its own share as a RANGE variable (NEURON's hh has no hh.ina) cannot be
    told apart: what the named ones do not carry is then 'unattributed'. Currents are
    recomputed at the present state, at the cell's temperature.
    """
    _currents_now(cell)
    out = {"na": {"total": 0.0}, "k": {"total": 0.0}}
    carried = {ion: carriers(ion) for ion in out}
    hidden = False
    for seg in cell.segments():
        scale = seg.area() * MA_CM2_UM2_TO_NA
        out["na"]["total"] += seg.ina * scale
        out["k"]["total"] += seg.ik * scale
        for ion, mechs in carried.items():
            for mech in mechs:
                if not hasattr(seg, mech):
                    continue
                share = getattr(getattr(seg, mech), "i" + ion, None)
                if share is None:
                    hidden = True
                    continue
                out[ion][mech] = out[ion].get(mech, 0.0) + share * scale
    if hidden:
        for currents in out.values():
            named = sum(v for k, v in currents.items() if k != "total")
            currents["unattributed"] = currents["total"] - named
    return out


def _currents_now(cell) -> None:
    """Every mechanism's current at the present state and the cell's temperature."""
    with settings(cell.celsius_degC, STEADY):
        h.fcurrent()


def pump_turnover(cell) -> tuple:
    """(ATP hydrolysed per second by the whole cell's Na+/K+ pumps, their net current in nA)
    at the present state: nakpump's atp_rate (1/s/cm2) and ipump (mA/cm2) summed over the
    membrane. Put the cell where it should be measured first (`resting_potential` leaves
    it at its rest)."""
    _currents_now(cell)
    pumps = [(getattr(seg, NAKPUMP.suffix), seg.area()) for seg in cell.segments()]
    atp = sum(pump.atp_rate * area * 1e-8 for pump, area in pumps)
    net = sum(pump.ipump * area * MA_CM2_UM2_TO_NA for pump, area in pumps)
    return float(atp), float(net)


@measurement("atp", Column("atp_per_s", "1/s", "ATP hydrolysed per second by the whole cell's "
                           "Na+/K+ pumps at rest"),
             Column("pump_current_nA", "nA", "their net outward current at rest (one charge "
                    "per ATP)"),
             assumes=("a stable rest (checked) and leakmodels' pump (nakpump) in the membrane "
                      "(checked)"))
def atp_columns(cell) -> dict:
    """The pumps' cost at rest: ATP/s of the whole cell (nakpump's atp_rate over the
    membrane) and their net current, with the cell at its rest."""
    if not any(sec.has_membrane(NAKPUMP.suffix) for sec in cell.sections):
        raise ValueError(f"{cell.name} has no {NAKPUMP.suffix} (leakmodels' Na+/K+ pump): its "
                         "pumps' ATP cost is not what this measures.")
    state = rest(cell)
    state.layout.scatter(state.y)
    atp, net = pump_turnover(cell)
    return {"atp_per_s": atp, "pump_current_nA": net}


@dataclass(frozen=True)
class AccumulationRun:
    """Time course of a cell whose Na+ and K+ concentrations move.

    t_ms, v_mV, nai_mM, ki_mM: at the site, every CVODE step. The whole-cell columns are
    sampled at t = 0 and at the ends of the run's chunks (t_check_ms): amounts inside
    (na_amol, k_amol), what the membrane currents carried in since t = 0
    (na_in_by_current_amol = -integral of I_Na dt / F, by the trapezoid rule over every
    step) and the capacitive charge (charge_amol); nai_end_mM, ki_end_mM: every segment at
    the end (the cell itself is put back as it was before the run). Where the volume moves
    (ionvol), also Cl-: cli_mM at the site, cl_amol, cl_in_by_current_amol (+integral of
    I_Cl dt / F: an outward Cl- current is Cl- entering), cli_end_mM; and the whole-cell
    volume at each check (volumes_um3; volume_um3 is the starting one).
    """

    t_ms: np.ndarray
    v_mV: np.ndarray
    nai_mM: np.ndarray
    ki_mM: np.ndarray
    t_check_ms: np.ndarray
    na_amol: np.ndarray
    k_amol: np.ndarray
    na_in_by_current_amol: np.ndarray
    k_in_by_current_amol: np.ndarray
    charge_amol: np.ndarray
    volume_um3: float
    area_um2: float
    samples: int  # recorded time points: every CVODE step plus t = 0 and the chunk ends
    nai_end_mM: np.ndarray = None  # every segment's [Na+]i and [K+]i at the end of the run
    ki_end_mM: np.ndarray = None
    cli_mM: np.ndarray = None  # Cl- and the volume: only where the volume moves (ionvol)
    cl_amol: np.ndarray = None
    cl_in_by_current_amol: np.ndarray = None
    cli_end_mM: np.ndarray = None
    volumes_um3: np.ndarray = None

    @property
    def _volumes(self):
        return self.volume_um3 if self.volumes_um3 is None else self.volumes_um3

    @property
    def mean_nai_mM(self) -> np.ndarray:
        return self.na_amol / self._volumes

    @property
    def mean_ki_mM(self) -> np.ndarray:
        return self.k_amol / self._volumes

    @property
    def mean_cli_mM(self) -> np.ndarray:
        return self.cl_amol / self._volumes

    def ion_balance_error_amol(self, ion: str) -> float:
        """Largest |change of the amount - amount carried by the currents| over the run."""
        amount = getattr(self, f"{ion}_amol")
        carried = getattr(self, f"{ion}_in_by_current_amol")
        return float(np.max(np.abs((amount - amount[0]) - carried)))

    def charge_balance_error_amol(self) -> float:
        """Largest |change of (N_Na + N_K - N_Cl) - change of capacitive charge| over the run."""
        total = self.na_amol + self.k_amol - (0.0 if self.cl_amol is None else self.cl_amol)
        return float(np.max(np.abs((total - total[0]) - (self.charge_amol - self.charge_amol[0]))))



def carried_amol(t_ms, current_nA) -> float:
    """The charge a current carried, in amol of monovalent ion: the integral of current_nA
    over t_ms (trapezoid rule) / F; an outward current of a cation carries it out."""
    return float(np.trapezoid(np.asarray(current_nA, float), np.asarray(t_ms, float))
                 * NA_MS_TO_AMOL)


def recorded_carried_amol(sim, segs, first: int) -> float:
    """The charge the segments' currents carried so far (amol of monovalent ion), from the
    run's records numbered first .. first + len(segs) (one per segment, sampled at every
    step, in mA/cm2), each scaled by its segment's area and integrated (trapezoid rule)."""
    scale = np.array([seg.area() for seg in segs]) * MA_CM2_UM2_TO_NA
    cols = [sim.trace(first + k) for k in range(len(segs))]
    size = min(len(y) for _, y in cols)
    return carried_amol(cols[0][0][:size], scale @ np.array([y[:size] for _, y in cols]))


def time_to_fraction_ms(t_ms, y, start: float, end: float, fraction: float = 0.5) -> float:
    """First time at which y(t) has covered `fraction` of the way from start to end
    (linear interpolation between samples); nan if it never gets there."""
    t_ms, y = np.asarray(t_ms, float), np.asarray(y, float)
    target = start + fraction * (end - start)
    reached = (y - target) * np.sign(end - start) >= 0
    if not reached.any():
        return float("nan")
    i = int(np.argmax(reached))
    if i == 0:
        return float(t_ms[0])
    t0, t1, y0, y1 = t_ms[i - 1], t_ms[i], y[i - 1], y[i]
    return float(t0 + (target - y0) * (t1 - t0) / (y1 - y0))


@formerly_positional('site', 'n_chunks', 'atol')
@renamed_keywords(tstop_ms="t_stop_ms")
def run_accumulating(cell, t_stop_ms: float, v_init_mV: float, *, site=None,
                     n_chunks: int = 100, atol: float = ATOL) -> AccumulationRun:
    """Initialise every segment at v_init_mV (concentrations at the spec's nai/ki) and run to
    t_stop_ms with CVODE, recording and integrating as described in `AccumulationRun`.

    The run is cut into n_chunks chunks whose ends are spaced logarithmically from
    t_stop_ms / 1e4 to t_stop_ms (fast early changes are sampled finely); after each one the
    whole-cell amounts are read and the recorded currents are integrated and dropped, so
    memory stays small for hours of simulated time on a cell with thousands of segments.
    Every chunk ends where it was asked to (checked).
    """
    _require_accumulation(cell)
    t_stop_ms = number("t_stop_ms", t_stop_ms, positive=True, unit="ms")  # hours of run-down: no upper bound
    n_chunks = count("n_chunks", n_chunks, fix="split the run into 1 or more chunks")
    site = cell.resolve_site(site)
    segs = list(cell.segments())
    ions = pool_ions(cell)
    sign = {"na": -1.0, "k": -1.0, "cl": 1.0}  # amount in per outward current: an anion's is +
    scale = segment_areas_um2(cell) * MA_CM2_UM2_TO_NA
    at_site = ["v"] + [f"{ion}i" for ion in ions]
    records = ([Record(var, site) for var in at_site]
               + [Record(f"i{ion}", seg) for ion in ions for seg in segs])
    n, m = len(segs), len(at_site)
    traces = {key: [] for key in ["t"] + at_site}
    checks = {key: [] for key in ["t", "q", "vol"] + list(ions) + [f"{i}_in" for i in ions]}
    carried = dict.fromkeys(ions, 0.0)
    last = None  # (t, I of each ion) of the previous chunk's last sample

    def check(t_ms):
        amounts = ion_amounts_amol(cell)
        checks["t"].append(t_ms)
        for ion in ions:
            checks[ion].append(amounts[ion])
            checks[f"{ion}_in"].append(carried[ion])
        checks["q"].append(membrane_charge_amol(cell))
        checks["vol"].append(float(segment_volumes_um3(cell).sum()))

    with Simulation(cell, start=v_init_mV, records=records,
                    integrator=CVODE.with_(atol=atol)) as sim:
        check(0.0)
        for t_end in np.geomspace(t_stop_ms * 1e-4, t_stop_ms, n_chunks):
            sim.advance(float(t_end))
            columns = [sim.trace(k) for k in range(len(records))]
            size = min(len(y) for _, y in columns)  # every record steps with the cell
            t = columns[0][0][:size]
            currents = [scale @ np.array([y[:size] for _, y in columns[m + k * n:m + (k + 1) * n]])
                        for k in range(len(ions))]
            for key, (_, y) in zip(at_site, columns[:m]):
                traces[key].append(y[:size])
            traces["t"].append(t)
            if last is not None:
                t, *currents = (np.concatenate([[a], b]) for a, b in zip(last, (t, *currents)))
            for ion, i_ion in zip(ions, currents):
                carried[ion] += sign[ion] * carried_amol(t, i_ion)
            last = (t[-1], *(i_ion[-1] for i_ion in currents))
            sim.clear_traces()
            check(sim.t_ms)
        ends = {ion: np.array([getattr(seg, f"{ion}i") for seg in segs]) for ion in ions}
    cat = {k: np.concatenate(v) for k, v in traces.items()}
    arr = {k: np.array(v) for k, v in checks.items()}
    cl = "cl" in ions
    return AccumulationRun(
        t_ms=cat["t"], v_mV=cat["v"], nai_mM=cat["nai"], ki_mM=cat["ki"],
        t_check_ms=arr["t"], na_amol=arr["na"], k_amol=arr["k"],
        na_in_by_current_amol=arr["na_in"], k_in_by_current_amol=arr["k_in"],
        charge_amol=arr["q"], volume_um3=float(arr["vol"][0]), area_um2=float(cell.area_um2),
        samples=int(cat["t"].size), nai_end_mM=ends["na"], ki_end_mM=ends["k"],
        cli_mM=cat["cli"] if cl else None, cl_amol=arr["cl"] if cl else None,
        cl_in_by_current_amol=arr["cl_in"] if cl else None,
        cli_end_mM=ends["cl"] if cl else None, volumes_um3=arr["vol"] if cl else None)


def settled_columns(cell, hours: float, v_init_mV: float, early_ms: float = 1000.0) -> dict:
    """The state a cell whose concentrations move reaches: started at v_init_mV (gates at
    their steady state there, concentrations at the spec's), run for `hours` with CVODE
    (`run_accumulating`). v_early_mV: V at the site at early_ms (the response at fixed
    concentrations, before ions have moved); v_settled_mV, nai_settled_mM, ki_settled_mM: at
    the end (mean concentrations over the cell's volume); dv_last_tenth_mV: how far V moved
    over the last tenth of the run (near 0: settled); v_max_mV: the highest V on the way (a
    spike shows); na_ and k_balance_error_amol: |amount moved - carried by the currents|
    beside na_ and k_moved_amol."""
    hours = number("hours", hours, positive=True, unit="h")
    run = run_accumulating(cell, hours * MS_PER_H, v_init_mV, n_chunks=60)
    i_early = min(int(np.searchsorted(run.t_ms, early_ms)), run.t_ms.size - 1)
    i_tail = int(np.searchsorted(run.t_ms, 0.9 * run.t_ms[-1]))
    return {"v_early_mV": float(run.v_mV[i_early]), "v_settled_mV": float(run.v_mV[-1]),
            "nai_settled_mM": float(run.mean_nai_mM[-1]),
            "ki_settled_mM": float(run.mean_ki_mM[-1]),
            "dv_last_tenth_mV": float(run.v_mV[-1] - run.v_mV[i_tail]),
            "v_max_mV": float(run.v_mV.max()),
            "na_moved_amol": float(abs(run.na_amol[-1] - run.na_amol[0])),
            "k_moved_amol": float(abs(run.k_amol[-1] - run.k_amol[0])),
            "na_balance_error_amol": run.ion_balance_error_amol("na"),
            "k_balance_error_amol": run.ion_balance_error_amol("k")}
