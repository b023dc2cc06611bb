"""[K+]o around a firing cell: what its spikes release into an extracellular space, how far
it spreads and how fast it clears (`engine.extracellular`, NEURON's rxd).

`k_release_columns(cell, amp_nA, ...)` starts the cell at its rest, drives it with a current
step of amp_nA for train_ms (after delay_ms) and follows it for after_ms more, with the cell's
[K+]o as rxd's extracellular K+ (`ExtracellularSpace`: alpha, lambda, a bath at the faces or
none). It returns, as columns: the spike count and mean rate of the train; the soma's V and
[K+]o, and [K+]o at the far end of the cell's longest path from the soma, sampled every
`sample_ms`; the peak [K+]o at the soma and its value at the train's end; the half-time of
its return afterwards (from the end-of-train level half-way to the bath's); the [K+]o profile
around the soma at the train's end (mean over voxels in shells of dx); and the K+ bookkeeping
of the space: what the cell's membrane K+ currents carried out, what the space gained (in a
sealed space the two agree; with a bath the rest has diffused to it). The cell is measured
at its rest under fixed concentrations first (the rest solve needs the bath's [K+]o
everywhere), and is left at that rest.

`ko_soma_excess_train_mM_ms` and `..._after_...` integrate [K+]o above the bath at the soma
during the train and after it. `neighbours` ((cell, offset_um), ...) share the space (an
astrocyte beside the neuron; the offset is its soma's from the cell's soma): each is put at
its own rest first and integrated with the cell. The first one's K+ currents are read every
SNAPSHOT_MS of the train (its inward segments' sum, and its net) and integrated (trapezoid)
into the K+ it took up over the train (amol); at the train's end its K+ current in every
segment (nA, outward +) with the segment's distance from the cell's soma, and its soma's V:
where [K+]o is high an astrocyte takes K+ up (inward), where it is low it lets K+ out
(spatial buffering).
"""
from __future__ import annotations

import numpy as np

from ..engine.extracellular import (
    CVODE_GLOBAL,
    ExtracellularSpace,
    extracellular_k,
    segment_xyz_um,
)
from ..engine.rest import rest
from ..engine.runner import Record, Simulation
from ..engine.stimuli import CurrentStep
from ..mechanisms.loading import h
from ..spec.checks import number
from .ionbudget import (
    MA_CM2_UM2_TO_NA,
    carried_amol,
    recorded_carried_amol,
    time_to_fraction_ms,
)

SNAPSHOT_MS = 25.0  # a neighbour's currents are read this often during the train


def far_site(cell):
    """The segment at the end of the longest path from the soma (by path length)."""
    soma = cell.soma(0.5)
    paths = {seg: _path_um(cell, soma, seg) for seg in cell.segments()}
    return max(paths, key=paths.get)


def _path_um(cell, a, b) -> float:
    return float(h.distance(a, b))


def k_release_columns(cell, amp_nA: float, *, train_ms: float = 1000.0, delay_ms: float = 50.0,
                      after_ms: float = 3000.0, space: ExtracellularSpace | None = None,
                      sample_ms: float = 1.0, neighbours=()) -> dict:
    """The train and its [K+]o (see the module docstring), as columns."""
    number("amp_nA", amp_nA, "current_nA", unit="nA")
    for name, val in (("train_ms", train_ms), ("after_ms", after_ms), ("sample_ms", sample_ms)):
        number(name, val, positive=True, unit="ms")
    space = space or ExtracellularSpace()
    for other, _ in neighbours:
        settled = rest(other)
        settled.layout.scatter(settled.y)  # the runner keeps it there across initialisation
    state = rest(cell)
    end_train, t_stop = delay_ms + train_ms, delay_ms + train_ms + after_ms
    times = tuple(np.arange(0.0, t_stop + 0.5 * sample_ms, sample_ms))
    far = far_site(cell)
    segs = list(cell.segments())
    records = ([Record("v", None, times_ms=times), Record("ko", None, times_ms=times),
                Record("ko", far, times_ms=times)] + [Record("ik", seg) for seg in segs])
    with extracellular_k(cell, space, neighbours) as ecs:
        with Simulation(cell, start=state, stimuli=(CurrentStep(amp_nA, delay_ms, train_ms),),
                        records=records, integrator=CVODE_GLOBAL) as sim:
            amount0 = ecs.amount_amol()
            sim.advance(delay_ms)
            uptake = [(delay_ms, *_neighbour_k_nA(neighbours))]
            for t_next in np.append(np.arange(delay_ms + SNAPSHOT_MS, end_train, SNAPSHOT_MS),
                                    end_train):
                sim.advance(float(t_next))
                uptake.append((float(t_next), *_neighbour_k_nA(neighbours)))
            gained_train = ecs.amount_amol() - amount0
            soma_xyz = segment_xyz_um(cell.soma(0.5))
            dist, conc = ecs.profile(soma_xyz)
            buffer = _neighbour_snapshot(neighbours, soma_xyz, np.array(uptake))
            carried_train = recorded_carried_amol(sim, segs, first=3)
            sim.advance(t_stop)
            carried = recorded_carried_amol(sim, segs, first=3)
            gained = ecs.amount_amol() - amount0
            t, v = sim.trace(0)
            _, ko_soma = sim.trace(1)
            _, ko_far = sim.trace(2)
            spikes = sim.spikes_ms
    in_train = spikes[(spikes >= delay_ms) & (spikes < end_train)]
    i_end = int(np.searchsorted(t, end_train))
    ko_end = float(ko_soma[min(i_end, ko_soma.size - 1)])
    after = t >= end_train
    bath = cell.membrane.ko_mM
    shells = np.arange(0.0, dist.max() + space.dx_um, space.dx_um)
    which = np.digitize(dist, shells) - 1
    profile = [float(conc[which == i].mean()) if np.any(which == i) else float("nan")
               for i in range(shells.size)]
    return {"n_spikes": int(in_train.size), "rate_Hz": in_train.size / (train_ms / 1e3),
            "train_start_ms": float(delay_ms), "train_end_ms": float(end_train),
            "t_ms": t.tolist(), "v_soma_mV": v.tolist(), "ko_soma_mM": ko_soma.tolist(),
            "ko_far_mM": ko_far.tolist(), "ko_bath_mM": bath,
            "ko_soma_peak_mM": float(ko_soma.max()), "ko_soma_end_train_mM": ko_end,
            "ko_soma_excess_train_mM_ms": _excess(t, ko_soma, bath, delay_ms, end_train),
            "ko_soma_excess_after_mM_ms": _excess(t, ko_soma, bath, end_train, t_stop),
            "ko_far_peak_mM": float(ko_far.max()),
            "t_half_recovery_ms": time_to_fraction_ms(t[after] - end_train, ko_soma[after],
                                                      ko_end, bath),
            "profile_r_um": (shells + 0.5 * space.dx_um).tolist(),
            "profile_end_train_mM": profile,
            "k_carried_out_train_amol": carried_train, "k_gained_train_amol": gained_train,
            "k_carried_out_amol": carried, "k_gained_amol": gained,
            "far_path_um": _path_um(cell, cell.soma(0.5), far), **buffer}


def _excess(t, ko, bath, t0, t1) -> float:
    """Integral of ([K+]o - bath) dt from t0 to t1 (mM ms)."""
    keep = (t >= t0) & (t <= t1)
    return float(np.trapezoid(ko[keep] - bath, t[keep]))


def _neighbour_k_nA(neighbours) -> tuple:
    """(the first neighbour's inward K+ current summed over its inward segments, its net K+
    current), nA, outward +; (nan, nan) without one."""
    if not neighbours:
        return (float("nan"), float("nan"))
    ik = [seg.ik * seg.area() * MA_CM2_UM2_TO_NA for seg in neighbours[0][0].segments()]
    return (float(sum(i for i in ik if i < 0)), float(sum(ik)))


def _neighbour_snapshot(neighbours, origin, uptake) -> dict:
    """The first neighbour's K+ taken up over the train (amol, from the snapshots `uptake`:
    rows t_ms, inward nA, net nA), its K+ current per segment now (nA, outward +) with each
    segment's distance from `origin` (um), and its soma's V."""
    if not neighbours:
        return {}
    other = neighbours[0][0]
    segs = list(other.segments())
    ik = [seg.ik * seg.area() * MA_CM2_UM2_TO_NA for seg in segs]
    dist = [float(np.linalg.norm(np.subtract(segment_xyz_um(seg), origin))) for seg in segs]
    order = np.argsort(dist)
    return {"neighbour_dist_um": [dist[i] for i in order],
            "neighbour_ik_nA": [ik[i] for i in order],
            "neighbour_v_soma_end_train_mV": float(other.soma(0.5).v),
            "neighbour_k_uptake_train_amol": -carried_amol(uptake[:, 0], uptake[:, 1]),
            "neighbour_k_net_in_train_amol": -carried_amol(uptake[:, 0], uptake[:, 2])}
