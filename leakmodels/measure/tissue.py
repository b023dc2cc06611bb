"""[K+]o in a tissue whose neurons fire together: what a driven layer releases, what holds
[K+]o to a ceiling, and what an astrocytic syncytium does with it (`spec.tissue`,
`cell.tissue`, `engine.extracellular`).

`tissue_k_columns(column, neurons, glia, rate_Hz, ...)` builds the column's neuron patches
(membrane `neurons`) and glial syncytium (membrane `glia`) in NEURON's rxd extracellular space
over the column's box (sealed: its faces are planes of symmetry of the slab). The glia start
at their own rest (fixed concentrations; solved); the neurons at theirs when their ions are
fixed, or else, when their Na+ and K+ move (accumulate_ions), at the resting potential of a
sphere of their membrane at fixed concentrations (no rest is solved for a cell whose ions
move: its concentrations drift slowly from there; run `rate_Hz=0` for that drift). Every
patch of the driven layer gets a current pulse of `pulse_x_rheobase` x the membrane's
rheobase density (a sphere's 500-ms rheobase / its area) for `pulse_ms`, at rate_Hz for
train_ms after delay_ms (one spike per pulse while the patch can fire); the column is
followed for after_ms more.

Returned as columns: pulses given and spikes of the mid-plane patch; [K+]o at every voxel's
centre every sample_ms (`ko_mM`, one list per voxel) with x_um; at the mid-plane its peak,
the time of the peak, its value at the train's end and its change over the train's last
second (near 0 at a ceiling), the half-time of its return after the train; the mid-plane
patch's V and [Na+]i; the glia's V at the mid-plane and at the far end at the train's end,
and their K+ current in every segment then (nA, outward +), through its channels and through
its pump apart; the K+ the glia took in over the train in the driven layer and beyond it
(amol; net, from their currents read every SNAPSHOT_MS); and the books: the K+ the space
gained, the K+ the neurons carried out (their ik at every step, integrated) and the K+ the
glia took in: in a sealed column space = neurons - glia.
"""
from __future__ import annotations

import numpy as np

from ..cell.builders import sphere
from ..cell.tissue import glial_syncytium, neuron_patches
from ..engine.extracellular import CVODE_GLOBAL, ExtracellularSpace, extracellular_k
from ..engine.rest import rest
from ..engine.runner import Record, Simulation
from ..engine.stimuli import CurrentWaveform
from ..mechanisms.catalogue import NAKPUMP
from ..spec.checks import ArgumentError, number
from ..spec.tissue import TissueColumn
from .ionbudget import MA_CM2_UM2_TO_NA, carried_amol, time_to_fraction_ms
from .passive import resting_potential
from .rheobase import rheobase

SNAPSHOT_MS = 1.0  # the glia's currents are read this often
REFERENCE_SPHERE_UM = 20.0


def patch_reference(membrane) -> tuple:
    """(resting potential mV, rheobase density nA/um2) of the membrane at fixed
    concentrations, on a sphere of REFERENCE_SPHERE_UM (an isopotential patch)."""
    fixed = membrane.with_(accumulate_ions=False, volume_follows_osmosis=False)
    with sphere(REFERENCE_SPHERE_UM, fixed) as ball:
        return resting_potential(ball), rheobase(ball) / ball.area_um2


def pulse_train(rate_Hz, delay_ms, train_ms, pulse_ms, amp_nA, end_ms) -> CurrentWaveform:
    """Square pulses of amp_nA, pulse_ms long, at rate_Hz from delay_ms for train_ms."""
    t, i = [0.0], [0.0]
    starts = np.arange(delay_ms, delay_ms + train_ms, 1e3 / rate_Hz) if rate_Hz > 0 else ()
    edge = 1e-3  # ms: each pulse's rise and fall
    for t0 in starts:
        t += [t0, t0 + edge, t0 + pulse_ms, t0 + pulse_ms + edge]
        i += [0.0, amp_nA, amp_nA, 0.0]
    t.append(max(end_ms, t[-1] + 1.0))
    i.append(0.0)
    return CurrentWaveform(tuple(t), tuple(i))


def tissue_k_columns(column: TissueColumn, neurons, glia, rate_Hz: float, *,
                     train_ms: float = 6000.0, after_ms: float = 4000.0, delay_ms: float = 50.0,
                     pulse_x_rheobase: float = 40.0, pulse_ms: float = 1.0,
                     space: ExtracellularSpace | None = None, sample_ms: float = 10.0) -> dict:
    """A train in the column's driven layer and its [K+]o (see the module docstring)."""
    if not isinstance(column, TissueColumn):
        raise ArgumentError(f"column={column!r}: give an lm.TissueColumn(...).")
    number("rate_Hz", rate_Hz, lo=0.0, hi=500.0, unit="Hz", fix="pulses per second; 0: none")
    for name, val in (("train_ms", train_ms), ("after_ms", after_ms), ("pulse_ms", pulse_ms),
                      ("sample_ms", sample_ms), ("pulse_x_rheobase", pulse_x_rheobase)):
        number(name, val, positive=True)
    if rate_Hz > 0 and pulse_ms >= 1e3 / rate_Hz:
        raise ArgumentError(f"pulse_ms={pulse_ms!r} is not shorter than the interval between "
                            f"pulses at rate_Hz={rate_Hz!r}: shorten it or lower the rate.")
    base = space or ExtracellularSpace()
    space = ExtracellularSpace(volume_fraction=base.volume_fraction, tortuosity=base.tortuosity,
                               diffusion_um2_ms=base.diffusion_um2_ms, dx_um=column.voxel_um,
                               margin_um=0.0, bath=False)
    v_start, rheobase_nA_um2 = patch_reference(neurons)
    end_train, t_stop = delay_ms + train_ms, delay_ms + train_ms + after_ms
    with glial_syncytium(column, glia) as astro:
        settled = rest(astro)
        settled.layout.scatter(settled.y)  # the runner keeps it there across initialisation
        with neuron_patches(column, neurons) as cells:
            moving = neurons.accumulate_ions or neurons.volume_follows_osmosis
            start = v_start if moving else rest(cells)
            patches = list(cells.segments())
            amp = [pulse_x_rheobase * rheobase_nA_um2 * seg.area() for seg in patches]
            stimuli = tuple(CurrentWaveform(w.t_ms, w.i_nA, site=seg) for seg, w in (
                (seg, pulse_train(rate_Hz, delay_ms, train_ms, pulse_ms, a, t_stop))
                for seg, a in zip(patches[:column.n_driven], amp)))
            times = tuple(np.arange(0.0, t_stop + 0.5 * sample_ms, sample_ms))
            mid, far = patches[0], patches[-1]
            records = ([Record("ko", seg, times_ms=times) for seg in patches]
                       + [Record("v", mid, times_ms=times), Record("nai", mid, times_ms=times),
                          Record("v", patches[2 * column.n_driven]
                                 if 2 * column.n_driven < len(patches) else far, times_ms=times)]
                       + [Record("ik", seg) for seg in patches])
            with extracellular_k(cells, space, ((astro, (0.5 * column.length_um - column.centres_um()[0], 0.0, 0.0)),),
                                 box_um=column.box_um()) as ecs:
                with Simulation(cells, start=start, stimuli=stimuli, records=records,
                                integrator=CVODE_GLOBAL, spike_site=mid) as sim:
                    amount0 = ecs.amount_amol()
                    glia_ik = [_glia_ik_nA(astro)]
                    grid = np.arange(SNAPSHOT_MS, end_train + 0.5 * SNAPSHOT_MS, SNAPSHOT_MS)
                    for t_next in np.append(grid[grid < end_train], end_train):
                        sim.advance(float(t_next))
                        glia_ik.append(_glia_ik_nA(astro))
                    end = _end_of_train(astro, column, ecs, amount0)
                    neurons_out = _carried(sim, patches, first=len(patches) + 3)
                    sim.advance(t_stop)
                    traces = [sim.trace(k)[1] for k in range(len(patches) + 3)]
                    t = sim.trace(0)[0]
                    spikes = sim.spikes_ms
    glia_t = np.append(np.append(0.0, grid[grid < end_train]), end_train)
    return {**_summary(column, t, traces, spikes, delay_ms, end_train, rate_Hz, train_ms),
            **end, **_glia_books(column, glia_t, np.array(glia_ik)),
            "k_neurons_out_train_amol": neurons_out,
            "rheobase_nA_um2": rheobase_nA_um2, "v_start_mV": v_start}


def _glia_ik_nA(astro) -> np.ndarray:
    """Every glial segment's K+ current (nA, outward +): its total and its pump's."""
    return np.array([[seg.ik * seg.area() * MA_CM2_UM2_TO_NA,
                      getattr(seg, NAKPUMP.suffix).ik * seg.area() * MA_CM2_UM2_TO_NA]
                     for seg in astro.segments()])


def _end_of_train(astro, column, ecs, amount0) -> dict:
    ik = _glia_ik_nA(astro)
    segs = list(astro.segments())
    return {"glia_ik_channels_end_train_nA": (ik[:, 0] - ik[:, 1]).tolist(),
            "glia_ik_pump_end_train_nA": ik[:, 1].tolist(),
            "glia_v_mid_end_train_mV": float(segs[0].v),
            "glia_v_far_end_train_mV": float(segs[-1].v),
            "ko_end_train_profile_mM": [float(c) for c in ecs.profile((0.0, 0.0, 0.0))[1]],
            "k_space_gained_train_amol": ecs.amount_amol() - amount0}


def _glia_books(column, t, ik) -> dict:
    """K+ the glia took in over the train (amol): net, in the driven layer, beyond it."""
    per_seg = -np.array([carried_amol(t, ik[:, k, 0]) for k in range(ik.shape[1])])
    n = column.n_driven
    return {"glia_k_in_train_amol": float(per_seg.sum()),
            "glia_k_in_driven_train_amol": float(per_seg[:n].sum()),
            "glia_k_in_quiet_train_amol": float(per_seg[n:].sum())}


def _carried(sim, patches, first: int) -> float:
    """K+ the patches carried out so far (amol), their ik at every step, integrated."""
    scale = np.array([seg.area() for seg in patches]) * MA_CM2_UM2_TO_NA
    cols = [sim.trace(first + k) for k in range(len(patches))]
    size = min(len(y) for _, y in cols)
    return carried_amol(cols[0][0][:size], scale @ np.array([y[:size] for _, y in cols]))


def _summary(column, t, traces, spikes, delay_ms, end_train, rate_Hz, train_ms) -> dict:
    n = column.n_voxels
    ko = np.array(traces[:n])
    v_mid, nai_mid, v_quiet = traces[n:n + 3]
    mid = ko[0]
    during = (t >= delay_ms) & (t <= end_train)
    i_end = min(int(np.searchsorted(t, end_train)), t.size - 1)
    i_last = int(np.searchsorted(t, end_train - 1000.0))
    i_peak = int(np.argmax(np.where(during, mid, -np.inf)))
    after = t >= end_train
    bath = float(mid[0])
    in_train = spikes[(spikes >= delay_ms) & (spikes < end_train)]
    return {"rate_Hz": float(rate_Hz), "n_pulses": int(round(rate_Hz * train_ms / 1e3)),
            "n_spikes_mid": int(in_train.size), "x_um": list(column.centres_um()),
            "driven_um": column.driven_um,
            "t_ms": t.tolist(), "ko_mM": ko.tolist(), "ko_start_mM": bath,
            "v_mid_mV": v_mid.tolist(), "nai_mid_mM": nai_mid.tolist(),
            "v_quiet_mV": v_quiet.tolist(),
            "ko_peak_mM": float(mid[i_peak]), "t_peak_ms": float(t[i_peak] - delay_ms),
            "ko_end_train_mM": float(mid[i_end]),
            "ko_last_second_change_mM": float(mid[i_end] - mid[i_last]),
            "nai_mid_end_train_mM": float(nai_mid[i_end]),
            "t_half_recovery_ms": time_to_fraction_ms(t[after] - end_train, mid[after],
                                                      float(mid[i_end]), bath),
            "train_start_ms": float(delay_ms), "train_end_ms": float(end_train)}
