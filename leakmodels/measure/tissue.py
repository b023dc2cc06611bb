"""[K+]o in a tissue whose neurons fire together: what a driven layer releases, what holds
[K+]o back, and what an astrocytic syncytium does with it (`spec.tissue`, `cell.tissue`,
`engine.extracellular`).

`tissue_k_columns(column, neurons, glia, rate_Hz, ...)` builds the column's neuron patches
(membrane `neurons`) and glial syncytium (membrane `glia`) in NEURON's rxd extracellular space
over the column's box (sealed: its faces are planes of symmetry of the slab). The glia's
axial resistivity gives the syncytium the column's length constant at the specific
resistance `glia_rm_ohm_cm2` (default: `glia`'s own, measured, `specific_resistance_ohm_cm2`),
and their pump is set so that they carry no net K+ at their rest (`k_balanced`: the glia's
Na+ is not followed). The glia start at that rest; the neurons at theirs when their ions are
fixed, or else, when their Na+ and K+ move (accumulate_ions), at the resting potential of a
sphere of their membrane at fixed concentrations (no rest is solved for a cell whose ions
move: its concentrations drift slowly from there; run `rate_Hz=0` for that drift). The soma
of every patch of the driven layer gets a current pulse of `pulse_x_rheobase` x the
membrane's rheobase density (a sphere's 500-ms rheobase / its area) x the patch's whole area
for `pulse_ms`, at rate_Hz for train_ms after delay_ms (one spike per pulse while the patch can
fire); the column is followed for after_ms more.

Returned as columns: pulses given and spikes of the mid-plane patch; [K+]o at every voxel's
centre every sample_ms (`ko_mM`, one list per voxel) with x_um; at the mid-plane its peak,
the time of the peak, its value at the train's end and its change over the train's last
second (or over the whole train if shorter), the half-time of its return after the train;
the mid-plane patch's V and its soma's [Na+]i; the glia's V at the mid-plane and at the far
end at the train's end, and their K+ current in every segment then (nA, outward +), through
their channels and through their pump apart; the K+ the glia took in over the train in the
driven layer and beyond it (amol; net, from their currents read every SNAPSHOT_MS); and the
books: the K+ the space gained, the K+ the neurons carried out (their ik at every step,
integrated) and the K+ the glia took in: in a sealed column space = neurons - glia.
"""
from __future__ import annotations

import numpy as np

from ..cell.builders import sphere
from ..cell.tissue import glial_syncytium, neuron_patches, patch_somata
from ..engine.extracellular import (
    CVODE_GLOBAL,
    ExtracellularSpace,
    extracellular_k,
    segment_xyz_um,
)
from ..engine.nrnglobals import STEADY, settings
from ..engine.rest import rest
from ..engine.runner import Record, Simulation
from ..engine.stimuli import pulse_starts_ms, pulse_train
from ..mechanisms.catalogue import NAKPUMP
from ..mechanisms.loading import h
from ..spec.checks import number
from ..spec.tissue import TissueColumn, column_arg
from .ionbudget import (
    MA_CM2_UM2_TO_NA,
    carried_amol,
    recorded_carried_amol,
    time_to_fraction_ms,
)
from .passive import input_resistance, resting_potential
from .rheobase import rheobase

SNAPSHOT_MS = 1.0  # the glia's currents are read this often
REFERENCE_SPHERE_UM = 20.0
LAST_MS = 1000.0  # the stretch at the train's end over which [K+]o's change is read


def patch_reference(membrane) -> tuple:
    """(resting potential mV, rheobase density nA/um2) of the membrane at fixed
    concentrations, on a sphere of REFERENCE_SPHERE_UM (an isopotential patch)."""
    fixed = membrane.with_(accumulate_ions=False, volume_follows_osmosis=False)
    with sphere(REFERENCE_SPHERE_UM, fixed) as ball:
        return resting_potential(ball), rheobase(ball) / ball.area_um2


def specific_resistance_ohm_cm2(membrane) -> float:
    """The membrane's specific resistance at rest: R_in x area of a REFERENCE_SPHERE_UM sphere
    (every conductance at rest included, Kir4.1's too)."""
    with sphere(REFERENCE_SPHERE_UM, membrane) as ball:
        return input_resistance(ball) * 1e6 * ball.area_um2 * 1e-8


def _net_ik_at_rest(membrane) -> float:
    """The membrane's net K+ current density at its rest (mA/cm2, outward +)."""
    with sphere(REFERENCE_SPHERE_UM, membrane) as ball:
        state = rest(ball)
        state.layout.scatter(state.y)
        with settings(ball.celsius_degC, STEADY):
            h.fcurrent()
        return float(ball.soma(0.5).ik)


def k_balanced(membrane, tol_mA_cm2: float = 1e-12):
    """The membrane with the pump's imax at which its net K+ current at rest is zero (the
    balanced pump of `MembraneSpec` balances the leaks alone; Kir4.1 also carries K+ at rest).
    Secant iterations on imax; RuntimeError if they do not converge."""
    a = membrane.pump_imax()
    b = 1.1 * a
    fa, fb = _net_ik_at_rest(membrane.with_(pump_imax_mA_cm2=a)), None
    for _ in range(30):
        fb = _net_ik_at_rest(membrane.with_(pump_imax_mA_cm2=b))
        if abs(fb) <= tol_mA_cm2:
            return membrane.with_(pump_imax_mA_cm2=b)
        a, b, fa = b, b - fb * (b - a) / (fb - fa), fb
    raise RuntimeError(f"k_balanced: no pump rate balances K+ at rest (last {fb!r} mA/cm2).")


def tissue_k_columns(column: TissueColumn, neurons, glia, rate_Hz: float, *,
                     train_ms: float = 6000.0, after_ms: float = 4000.0, delay_ms: float = 50.0,
                     pulse_x_rheobase: float = 40.0, pulse_ms: float = 1.0,
                     space: ExtracellularSpace | None = None, sample_ms: float = 2.0,
                     glia_rm_ohm_cm2: float | None = None) -> dict:
    """A train in the column's driven layer and its [K+]o (see the module docstring)."""
    column = column_arg(column)
    for name, val in (("after_ms", after_ms), ("sample_ms", sample_ms),
                      ("pulse_x_rheobase", pulse_x_rheobase)):
        number(name, val, positive=True)
    end_train, t_stop = delay_ms + train_ms, delay_ms + train_ms + after_ms
    pulse_train(rate_Hz, delay_ms, train_ms, pulse_ms, 1.0, t_stop)  # checks the protocol
    base = space or ExtracellularSpace()
    column.check_fits(base.volume_fraction)
    space = ExtracellularSpace(volume_fraction=base.volume_fraction, tortuosity=base.tortuosity,
                               diffusion_um2_ms=base.diffusion_um2_ms, dx_um=column.voxel_um,
                               margin_um=0.0, bath=False)
    rm = glia_rm_ohm_cm2 if glia_rm_ohm_cm2 is not None else specific_resistance_ohm_cm2(glia)
    glia = k_balanced(glia.with_(ra_ohm_cm=column.syncytium_ra_ohm_cm(rm)))
    v_start, rheobase_nA_um2 = patch_reference(neurons)
    with glial_syncytium(column, glia) as astro:
        settled = rest(astro)
        settled.layout.scatter(settled.y)  # the runner keeps it there across initialisation
        with neuron_patches(column, neurons) as cells:
            moving = neurons.accumulate_ions or neurons.volume_follows_osmosis
            start = v_start if moving else rest(cells)
            somata, segs = patch_somata(cells), list(cells.segments())
            patch_area = column.neuron_patch_area_um2()
            stimuli = tuple(pulse_train(rate_Hz, delay_ms, train_ms, pulse_ms,
                                        pulse_x_rheobase * rheobase_nA_um2 * patch_area, t_stop,
                                        site=seg) for seg in somata[:column.n_driven])
            times = tuple(np.arange(0.0, t_stop + 0.5 * sample_ms, sample_ms))
            quiet = somata[min(2 * column.n_driven, len(somata) - 1)]
            records = ([Record("ko", seg, times_ms=times) for seg in somata]
                       + [Record("v", somata[0], times_ms=times),
                          Record("nai", somata[0], times_ms=times),
                          Record("v", quiet, times_ms=times)]
                       + [Record("ik", seg) for seg in segs])
            # both cells lie on the column's axis from x = 0: no move (offsets are between
            # the somata's centres)
            offset = np.subtract(segment_xyz_um(astro.soma(0.5)),
                                 segment_xyz_um(cells.soma(0.5)))
            with extracellular_k(cells, space, ((astro, tuple(offset)),),
                                 box_um=column.box_um()) as ecs:
                with Simulation(cells, start=start, stimuli=stimuli, records=records,
                                integrator=CVODE_GLOBAL, spike_site=somata[0]) as sim:
                    amount0 = ecs.amount_amol()
                    glia_ik = [_glia_ik_nA(astro)]
                    grid = np.arange(SNAPSHOT_MS, end_train, SNAPSHOT_MS)
                    glia_t = np.concatenate(([0.0], grid, [end_train]))
                    for t_next in glia_t[1:]:
                        sim.advance(float(t_next))
                        glia_ik.append(_glia_ik_nA(astro))
                    end = _end_of_train(astro, glia_ik[-1], ecs, amount0)
                    neurons_out = recorded_carried_amol(sim, segs, first=len(somata) + 3)
                    sim.advance(t_stop)
                    traces = [sim.trace(k)[1] for k in range(len(somata) + 3)]
                    t = sim.trace(0)[0]
                    spikes = sim.spikes_ms
    return {**_summary(column, t, traces, spikes, delay_ms, end_train, rate_Hz, train_ms),
            **end, **_glia_books(column, glia_t, np.array(glia_ik)),
            "k_neurons_out_train_amol": neurons_out, "glia_rm_ohm_cm2": rm,
            "glia_ra_ohm_cm": glia.ra_ohm_cm, "glia_pump_imax_mA_cm2": glia.pump_imax_mA_cm2,
            "rheobase_nA_um2": rheobase_nA_um2, "v_start_mV": v_start,
            "volume_fraction": space.volume_fraction, "tortuosity": space.tortuosity,
            "voxel_um": column.voxel_um}


def _glia_ik_nA(astro) -> np.ndarray:
    """Every glial segment's K+ current (nA, outward +): its total and its pump's."""
    return np.array([[seg.ik * seg.area() * MA_CM2_UM2_TO_NA,
                      getattr(seg, NAKPUMP.suffix).ik * seg.area() * MA_CM2_UM2_TO_NA]
                     for seg in astro.segments()])


def _end_of_train(astro, ik, ecs, amount0) -> dict:
    """At the train's end: the glia's K+ currents `ik` (the last snapshot), their V, the
    [K+]o profile and what the space gained."""
    segs = list(astro.segments())
    dist, conc = ecs.profile((0.0, 0.0, 0.0))
    order = np.argsort(dist)
    return {"glia_ik_channels_end_train_nA": (ik[:, 0] - ik[:, 1]).tolist(),
            "glia_ik_pump_end_train_nA": ik[:, 1].tolist(),
            "glia_v_mid_end_train_mV": float(segs[0].v),
            "glia_v_far_end_train_mV": float(segs[-1].v),
            "ko_end_train_profile_mM": [float(conc[i]) for i in order],
            "k_space_gained_train_amol": ecs.amount_amol() - amount0}


def _glia_books(column, t, ik) -> dict:
    """K+ the glia took in over the train (amol): net, in the driven layer, beyond it."""
    per_seg = -np.array([carried_amol(t, ik[:, k, 0]) for k in range(ik.shape[1])])
    n = column.n_driven
    return {"glia_k_in_train_amol": float(per_seg.sum()),
            "glia_k_in_driven_train_amol": float(per_seg[:n].sum()),
            "glia_k_in_quiet_train_amol": float(per_seg[n:].sum())}


def _summary(column, t, traces, spikes, delay_ms, end_train, rate_Hz, train_ms) -> dict:
    n = column.n_voxels
    ko = np.array(traces[:n])
    v_mid, nai_mid, v_quiet = traces[n:n + 3]
    mid = ko[0]
    during = (t >= delay_ms) & (t <= end_train)
    i_end = min(int(np.searchsorted(t, end_train)), t.size - 1)
    last_ms = min(LAST_MS, train_ms)
    i_last = int(np.searchsorted(t, end_train - last_ms))
    i_peak = int(np.argmax(np.where(during, mid, -np.inf)))
    after = t >= end_train
    bath = float(mid[0])
    in_train = spikes[(spikes >= delay_ms) & (spikes < end_train)]
    return {"rate_Hz": float(rate_Hz),
            "n_pulses": len(pulse_starts_ms(rate_Hz, delay_ms, train_ms)),
            "n_spikes_mid": int(in_train.size), "x_um": list(column.centres_um()),
            "driven_um": column.driven_um,
            "t_ms": t.tolist(), "ko_mM": ko.tolist(), "ko_start_mM": bath,
            "v_mid_mV": v_mid.tolist(), "nai_mid_mM": nai_mid.tolist(),
            "v_quiet_mV": v_quiet.tolist(),
            "ko_peak_mM": float(mid[i_peak]), "t_peak_ms": float(t[i_peak] - delay_ms),
            "ko_end_train_mM": float(mid[i_end]),
            "ko_last_change_mM": float(mid[i_end] - mid[i_last]), "last_ms": last_ms,
            "nai_mid_end_train_mM": float(nai_mid[i_end]),
            "t_half_recovery_ms": time_to_fraction_ms(t[after] - end_train, mid[after],
                                                      float(mid[i_end]), bath),
            "train_start_ms": float(delay_ms), "train_end_ms": float(end_train)}
