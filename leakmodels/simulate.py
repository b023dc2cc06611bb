"""Running NEURON for measurements: temperature, integrator settings, settling to rest, steps.

`Protocol` owns one current clamp and its recordings at a site of a cell. It settles the
cell to its steady state once (with the clamp off), saves that state, and then runs any
number of trials from it with `run(amp_nA, ...)`. Integrator settings are set explicitly on
entry and restored on exit; h.celsius is set from the cell, never left at NEURON's default.
"""
from __future__ import annotations

import numpy as np

from .nrn import h

ATOL = 1e-7  # absolute tolerance of CVODE for v (mV); concentrations use the same


class SettleError(RuntimeError):
    """The cell did not reach a steady state (it fires spontaneously, or drifts)."""


class _Integrator:
    """Switch CVODE on with explicit tolerances; put the previous settings back afterwards."""

    def __init__(self, atol=ATOL):
        self.atol = atol

    def __enter__(self):
        self._saved = (h.cvode_active(), h.cvode.atol(), h.cvode.rtol(), h.dt)
        h.cvode_active(1)
        h.cvode.atol(self.atol)
        h.cvode.rtol(0)
        return self

    def __exit__(self, *exc):
        active, atol, rtol, dt = self._saved
        h.cvode.atol(atol)
        h.cvode.rtol(rtol)
        h.cvode_active(active)
        h.dt = dt
        return False


def set_temperature(cell) -> None:
    if cell.celsius_degC is None:
        raise ValueError(f"{cell.name} has no temperature: paint a membrane with apply_membrane().")
    h.celsius = cell.celsius_degC


def resolve_site(cell, site):
    """The segment to measure at: `site`, or the middle of the soma if None."""
    if site is None:
        return cell.default_site()
    if not hasattr(site, "sec") or not hasattr(site, "x"):
        raise TypeError(f"site={site!r} is not a NEURON segment; pass e.g. cell.soma(0.5).")
    if not cell.owns(site):
        raise ValueError(f"site={site!r} is not a segment of {cell.name}; pass one of its segments.")
    return site


def _all_v(cell) -> np.ndarray:
    return np.fromiter((seg.v for seg in cell.segments()), dtype=float)


class Protocol:
    """One current clamp at `site`, settled once; `run` returns (t_ms, v_mV) arrays."""

    def __init__(self, cell, site=None, delay_ms: float = 0.0, dur_ms: float = 0.0,
                 settle_tol_mV: float = 1e-6, settle_max_ms: float = 30000.0,
                 record_dt_ms: float | None = None, atol: float = ATOL):
        self.cell = cell
        self.site = resolve_site(cell, site)
        self.integrator = _Integrator(atol)
        self.stim = h.IClamp(self.site)
        self.stim.amp = 0.0
        self.stim.delay = delay_ms
        self.stim.dur = dur_ms
        self.t = h.Vector()
        self.v = h.Vector()
        if record_dt_ms:
            self.t.record(h._ref_t, record_dt_ms)
            self.v.record(self.site._ref_v, record_dt_ms)
        else:
            self.t.record(h._ref_t)
            self.v.record(self.site._ref_v)
        self.v_init_mV = cell.membrane.leak_rest_mV() if cell.membrane is not None else -65.0
        with self.integrator:
            self.v_rest_mV = self._settle(settle_tol_mV, settle_max_ms)

    def _settle(self, tol_mV, max_ms) -> float:
        set_temperature(self.cell)
        h.finitialize(self.v_init_mV)
        chunk = 100.0
        last = _all_v(self.cell)
        seen, spiking_chunks = 0, 0
        while h.t < max_ms:
            h.cvode.solve(h.t + chunk)
            now = _all_v(self.cell)
            if np.max(np.abs(now - last)) < tol_mV:
                break
            last = now
            chunk = min(chunk * 2, 2000.0)
            # spikes (v > 0 mV at the site) in three successive chunks: it fires on its own
            n = int(self.v.size())
            fired = n > seen and self.v.max(seen, n - 1) > 0.0
            seen = n
            spiking_chunks = spiking_chunks + 1 if fired else 0
            if spiking_chunks >= 3:
                raise SettleError(
                    f"{self.cell.name} fires spontaneously (spikes through t = {h.t:.0f} ms with "
                    "no input): it has no resting potential. Lower nav/hcn densities, raise the "
                    "K+ leak, or measure with a holding current.")
        else:
            raise SettleError(
                f"{self.cell.name} did not settle to within {tol_mV} mV in {max_ms} ms "
                f"(v at site {self.site.v:.2f} mV): it may fire spontaneously. Lower nav/hcn "
                "densities, or measure with a holding current.")
        self.state = h.SaveState()
        self.state.save()
        return self.site.v

    def restore(self) -> None:
        """Put the cell back to the settled state at t = 0."""
        set_temperature(self.cell)
        h.finitialize(self.v_init_mV)  # clears recordings, queues fixed-interval record events
        self.state.restore(1)  # 1: keep the fresh event queue instead of the saved one
        h.t = 0.0
        h.cvode.re_init()
        if self.v.size():  # the t = 0 sample was taken before the restore
            self.v.x[0] = self.site.v

    def run(self, amp_nA: float, tstop_ms: float, stop_above_mV: float | None = None,
            chunk_ms: float = 25.0, steady_after_ms: float | None = None,
            steady_tol_mV: float = 1e-4, spike_chunk_ms: float = 10.0):
        """Run a trial with the clamp at amp_nA.

        stop_above_mV: stop early once v at the site exceeds it (a spike).
        steady_after_ms: also stop early, after this time, once no segment of the cell moves
        by more than steady_tol_mV over a chunk: the cell sits at a stable steady state and
        cannot fire later under a constant current.
        """
        self.stim.amp = amp_nA
        try:
            with self.integrator:
                self.restore()
                if stop_above_mV is None and steady_after_ms is None:
                    h.cvode.solve(tstop_ms)
                else:
                    last, seen, next_check = None, 0, chunk_ms
                    while h.t < tstop_ms - 1e-9:
                        # short chunks so that a trial ends soon after its first spike
                        h.cvode.solve(min(h.t + spike_chunk_ms, tstop_ms))
                        n = int(self.v.size())
                        if stop_above_mV is not None and n > seen and self.v.max(seen, n - 1) > stop_above_mV:
                            break
                        seen = n
                        if h.t < next_check - 1e-9:
                            continue
                        next_check = h.t + chunk_ms
                        if steady_after_ms is not None and h.t >= steady_after_ms:
                            now = _all_v(self.cell)
                            if last is not None and np.max(np.abs(now - last)) < steady_tol_mV:
                                break
                            last = now
        finally:
            self.stim.amp = 0.0
        return np.array(self.t), np.array(self.v)

    def run_until_steady(self, amp_nA: float, tol_mV: float, min_ms: float,
                         max_ms: float = 60000.0, abort_dev_mV: float = 10.0):
        """Run with the clamp on until v at the site changes less than tol_mV per chunk.

        Raises SettleError as soon as v leaves v_rest by more than abort_dev_mV (the cell
        fired: a small probe has no steady response there).
        """
        self.stim.amp = amp_nA
        try:
            with self.integrator:
                self.restore()
                h.cvode.solve(min_ms)
                self._check_no_spike(abort_dev_mV)
                last = self.site.v
                chunk = max(min_ms / 2, 10.0)
                while h.t < max_ms:
                    h.cvode.solve(h.t + chunk)
                    self._check_no_spike(abort_dev_mV)
                    if abs(self.site.v - last) < tol_mV:
                        break
                    last = self.site.v
                else:
                    raise SettleError(f"{self.cell.name}: no steady response to {amp_nA} nA in {max_ms} ms.")
        finally:
            self.stim.amp = 0.0
        return np.array(self.t), np.array(self.v)

    def _check_no_spike(self, abort_dev_mV: float) -> None:
        n = int(self.v.size())
        if n and max(abs(self.v.max() - self.v_rest_mV), abs(self.v.min() - self.v_rest_mV)) > abort_dev_mV:
            raise SettleError(
                f"{self.cell.name} left its rest by more than {abort_dev_mV} mV under a "
                f"{self.stim.amp:.4g} nA probe: it sits at threshold (or fires), so a small-signal "
                "measurement is undefined there.")

    def close(self) -> None:
        """Drop the clamp and recordings (the cell keeps no trace of the protocol)."""
        self.t.play_remove()
        self.v.play_remove()
        self.stim = None
        self.state = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
