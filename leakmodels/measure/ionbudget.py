"""Ion bookkeeping: how much Na+ and K+ a cell holds, which mechanism moves it, and long runs.

This module owns the quantities that conservation checks need when a cell's concentrations
move (`MembraneSpec(accumulate_ions=True)`, the `nakacc` mechanism):

- `ion_amounts_amol(cell)`: Na+ and K+ inside, the sum over segments of concentration times
  the segment's volume (area times `cell.volume_per_area_um`); 1 mM in 1 um3 is 1 amol.
- `membrane_currents_nA(cell)`: whole-cell Na+ and K+ membrane currents (outward positive)
  split by the mechanism that carries them, with the ion's total as NEURON sums it.
- `pump_turnover(cell)`: ATP/s and net current of the cell's Na+/K+ pumps.
- `membrane_charge_amol(cell)`: the charge held on the membrane capacitance, sum of
  area * cm * v, expressed in amol of monovalent ions (divided by F).
- `run_accumulating(cell, t_stop_ms, v_init_mV)`: a CVODE run (hours are cheap) that records
  V, Na+ and K+ at a site at every step and integrates the whole-cell membrane currents, so
  that the amount of each ion can be compared with what the currents carried;
  `settled_columns(cell, hours, v_init_mV)` the state such a run reaches, as columns.

Charge bookkeeping: with only Na+ and K+ currents and no stimulus, the axial currents cancel
in the sum over segments, so F d(N_Na + N_K)/dt = -(I_Na + I_K) = d(sum A C V)/dt: the ions
inside change only by the capacitive charge.
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
from ..mechanisms.catalogue import NAKPUMP
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
    if cell.membrane is not None and cell.membrane.accumulate_ions:
        return
    if cell.membrane is None and any(n[2] in ("nai", "ki") for n in layout_for(cell).names):
        return
    raise ValueError(
        f"{cell.name} has fixed concentrations; build it with "
        "MembraneSpec(accumulate_ions=True) so that Na+ and K+ inside can move.")


def segment_volumes_um3(cell) -> np.ndarray:
    """Volume of every segment (um3), in the order of `cell.segments()`."""
    return np.array([seg.area() * cell.volume_per_area_um(seg.sec) for seg in cell.segments()])


def segment_areas_um2(cell) -> np.ndarray:
    return np.array([seg.area() for seg in cell.segments()])


def ion_amounts_amol(cell) -> dict:
    """Na+ and K+ inside the cell: {'na': amol, 'k': amol} (sum of c * volume)."""
    vol = segment_volumes_um3(cell)
    nai = np.array([seg.nai for seg in cell.segments()])
    ki = np.array([seg.ki for seg in cell.segments()])
    return {"na": float(vol @ nai), "k": float(vol @ ki)}


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
    the end (the cell itself is put back as it was before the run).
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

    @property
    def mean_nai_mM(self) -> np.ndarray:
        return self.na_amol / self.volume_um3

    @property
    def mean_ki_mM(self) -> np.ndarray:
        return self.k_amol / self.volume_um3

    def ion_balance_error_amol(self, ion: str) -> float:
        """Largest |change of the amount - amount carried by the currents| over the run."""
        amount = {"na": self.na_amol, "k": self.k_amol}[ion]
        carried = {"na": self.na_in_by_current_amol, "k": self.k_in_by_current_amol}[ion]
        return float(np.max(np.abs((amount - amount[0]) - carried)))

    def charge_balance_error_amol(self) -> float:
        """Largest |change of (N_Na + N_K) - change of capacitive charge| over the run."""
        total = self.na_amol + self.k_amol
        return float(np.max(np.abs((total - total[0]) - (self.charge_amol - self.charge_amol[0]))))



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
    scale = segment_areas_um2(cell) * MA_CM2_UM2_TO_NA
    records = ([Record("v", site), Record("nai", site), Record("ki", site)]
               + [Record("ina", seg) for seg in segs] + [Record("ik", seg) for seg in segs])
    n = len(segs)
    traces = {"t": [], "v": [], "nai": [], "ki": []}
    checks = {"t": [], "na": [], "k": [], "na_in": [], "k_in": [], "q": []}
    carried = {"na": 0.0, "k": 0.0}
    last = None  # (t, I_na, I_k) of the previous chunk's last sample

    def check(t_ms):
        amounts = ion_amounts_amol(cell)
        checks["t"].append(t_ms)
        checks["na"].append(amounts["na"])
        checks["k"].append(amounts["k"])
        checks["na_in"].append(carried["na"])
        checks["k_in"].append(carried["k"])
        checks["q"].append(membrane_charge_amol(cell))

    with Simulation(cell, start=v_init_mV, records=records,
                    integrator=CVODE.with_(atol=atol)) as sim:
        check(0.0)
        for t_end in np.geomspace(t_stop_ms * 1e-4, t_stop_ms, n_chunks):
            sim.advance(float(t_end))
            columns = [sim.trace(k) for k in range(len(records))]
            size = min(len(y) for _, y in columns)  # every record steps with the cell
            t = columns[0][0][:size]
            i_na = scale @ np.array([y[:size] for _, y in columns[3:3 + n]])
            i_k = scale @ np.array([y[:size] for _, y in columns[3 + n:]])
            for key, (_, y) in zip(("v", "nai", "ki"), columns[:3]):
                traces[key].append(y[:size])
            traces["t"].append(t)
            if last is not None:
                t, i_na, i_k = (np.concatenate([[a], b]) for a, b in zip(last, (t, i_na, i_k)))
            carried["na"] -= np.trapezoid(i_na, t) * NA_MS_TO_AMOL
            carried["k"] -= np.trapezoid(i_k, t) * NA_MS_TO_AMOL
            last = (t[-1], i_na[-1], i_k[-1])
            sim.clear_traces()
            check(sim.t_ms)
        nai_end = np.array([seg.nai for seg in segs])
        ki_end = np.array([seg.ki for seg in segs])
    cat = {k: np.concatenate(v) for k, v in traces.items()}
    return AccumulationRun(
        t_ms=cat["t"], v_mV=cat["v"], nai_mM=cat["nai"], ki_mM=cat["ki"],
        t_check_ms=np.array(checks["t"]), na_amol=np.array(checks["na"]),
        k_amol=np.array(checks["k"]), na_in_by_current_amol=np.array(checks["na_in"]),
        k_in_by_current_amol=np.array(checks["k_in"]), charge_amol=np.array(checks["q"]),
        volume_um3=float(segment_volumes_um3(cell).sum()), area_um2=float(cell.area_um2),
        samples=int(cat["t"].size), nai_end_mM=nai_end, ki_end_mM=ki_end)


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
