"""Is a membrane mechanism a leak? A verdict from measured behaviour, never from its name.

`classify_mechanism(name)` inserts the mechanism alone into a small test sphere (every other
mechanism the builder paints is removed; concentrations and temperature come from a
MembraneSpec), voltage-clamps it with NEURON's SEClamp and measures three things:

1. Voltage dependence, with the driving-force nonlinearity removed. The steady current at each
   test potential is divided by a driving-force factor D(V): for an ohmic channel
   D = V - E_rev (E_rev read from the instantaneous I-V, which is linear for an ohmic channel at
   fixed gating), for a GHK channel of ion X D = F [X_i efun(-u) - X_o efun(u)] (the GHK flux
   factor, as in physics.ghk_current_mA_cm2). The quotient is the chord conductance (S/cm2) or
   chord permeability (cm/s): the open probability times a constant. A leak (constant open
   probability) makes it flat for at least one of the models: `pas` the ohmic one, `kleak` the
   GHK-K one, `naleak` the GHK-Na one. Its spread (max - min) / |median| is `voltage_index`.
2. Time dependence: after each step from the holding potential the current must be at its steady
   value at once. `time_index` is the largest |I(t) - I_ss| after the step (from 0.05 ms on, once
   the capacitive transient of the clamp, time constant rs*C ~ 1e-5 ms, is over), relative to the
   largest current seen. A gated channel relaxes (HCN over tens of ms) or makes a transient (Nav).
   The instantaneous current (gates still at their holding values) is extrapolated back to the
   moment of the step from the samples at 0.05 and 0.10 ms.
3. Modulation (optional): the steady I-V again with some parameters changed (e.g.
   {"camp_shift": 10} for hcn, {"fopen": 0.5} for kleak). A modulator that only scales a leak
   (K2P closed by a neuromodulator) leaves it flat: still a leak. One that moves the voltage
   dependence (cAMP shifting HCN's V1/2) shows gating; the modulated I-V is held to criterion 1.

Tolerances (VOLTAGE_TOL, TIME_TOL = 1 %): for a true leak both indices are set only by numerical
error, below 1e-5 here (CVODE with atol 1e-7 mV; the clamp error I*rs is removed because the
measured, not the commanded, potential enters D(V); points within 5 mV of a reversal potential,
where D -> 0 and the quotient is 0/0, are left out). 1 % is therefore > 100 times the error of a
leak, and it asks that the open probability be constant to 1 % across -130...+30 mV; a
Boltzmann gate of slope k changes by e-fold every k mV in its foot, so any gate with k below
~100 mV whose V1/2 lies within some k of the tested range fails by far (hcn: index ~ 20, kdr and
nav: > 100). A gate whose V1/2 lies far outside the range is constant there and is, for this
range, correctly called a leak.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import curve_fit

from ..cell.builders import sphere
from ..cell.painting import painted_mechanisms, set_ion_concentrations
from ..engine.nrnglobals import CVODE
from ..engine.runner import Record, Simulation
from ..engine.stimuli import VoltageClamp
from ..mechanisms.loading import known_mechanisms, load_mechanisms
from ..spec import physics
from ..spec.checks import ArgumentError, ArgumentTypeError, number
from ..spec.membrane import DEFAULT_MEMBRANE, MembraneSpec

VOLTAGE_TOL = 0.01
TIME_TOL = 0.01
NEAR_REVERSAL_MV = 5.0  # chord quotients within this of a reversal (0/0 there) are left out
INSTANT_MS = 0.05
DEFAULT_TEST_V_MV = tuple(float(v) for v in np.arange(-130.0, 31.0, 10.0))
# Density set on the mechanism when the caller gives none: the classifier only uses the
# shape of the I-V, so any density that gives a measurable current will do.
DEFAULT_DENSITY = {"gbar": 1e-3, "pbar": 1e-6, "g": 1e-3}  # S/cm2, cm/s, S/cm2


@dataclass(frozen=True)
class IVMeasurement:
    """Voltage-clamp steps from v_hold_mV to each v_mV: currents are ionic, outward positive."""

    v_hold_mV: float
    v_mV: np.ndarray            # measured clamped potential at the end of each step
    i_inst_mA_cm2: np.ndarray   # at the step: extrapolated from 0.05 and 0.10 ms after it
    i_ss_mA_cm2: np.ndarray     # at the end of the step
    max_dev_mA_cm2: np.ndarray  # max |I(t) - I_ss| after the step
    t63_ms: np.ndarray          # time to 63 % of the way from I_inst to I_ss
    max_abs_mA_cm2: float       # largest |I| seen after any step
    ki_mM: float
    ko_mM: float
    nai_mM: float
    nao_mM: float
    celsius_degC: float


@dataclass(frozen=True)
class LeakClassification:
    """What `classify_mechanism` measured and its verdict.

    Parameters
    ----------
    mechanism : str
        The mechanism's SUFFIX.
    is_leak : bool
        The verdict: voltage- and time-independent (and still so when modulated).
    verdict : str
        The verdict in words, with the reasons for "not a leak".
    params : tuple
        (name, value) pairs set on the mechanism.
    driving_force : str
        The model whose chord quantity is flattest: 'ohmic', 'ghk_k' or 'ghk_na'.
    voltage_index : float
        (max - min) / abs(median) of that chord quantity over the test potentials,
        dimensionless.
    voltage_indices : dict
        The same for every model tried, {model: index}.
    e_rev_inst_mV : float
        The zero of the instantaneous I-V (linear fit), in mV.
    chord_rel : numpy.ndarray
        The best model's chord quantity at each test potential over its largest absolute
        value, dimensionless (NaN near its reversal).
    time_index : float
        The largest abs(I(t) - I_ss) after a step over the largest current seen,
        dimensionless.
    relax_t63_ms : float
        Time to 63 % of the way from I_inst to I_ss at the step with the largest relaxation,
        in ms (NaN where the current does not relax: time_index <= time_tol).
    iv : IVMeasurement
        The voltage-clamp steps the indices come from (currents in mA/cm2).
    modulation : tuple or None, default None
        (name, value) pairs changed for the second I-V; None: none.
    modulation_index : float or None, default None
        max abs(dI_ss) / max abs(I_ss) between the two I-Vs, dimensionless.
    modulated_voltage_index : float or None, default None
        The voltage index of the modulated I-V (same model), dimensionless.
    modulated_iv : IVMeasurement or None, default None
        The modulated I-V.
    voltage_tol : float, default 0.01
        The largest voltage index of a leak (VOLTAGE_TOL), dimensionless.
    time_tol : float, default 0.01
        The largest time index of a leak (TIME_TOL), dimensionless.
    """

    mechanism: str
    is_leak: bool
    verdict: str
    params: tuple               # (name, value) pairs set on the mechanism
    driving_force: str          # model whose chord quantity is flattest: ohmic, ghk_k, ghk_na
    voltage_index: float        # (max - min)/|median| of that chord quantity
    voltage_indices: dict       # the same for every model tried
    e_rev_inst_mV: float        # zero of the instantaneous I-V (linear fit)
    chord_rel: np.ndarray       # chord quantity of the best model / its largest |value| (NaN near E)
    time_index: float
    relax_t63_ms: float         # at the step with the largest relaxation (NaN for a leak)
    iv: IVMeasurement
    modulation: tuple | None = None
    modulation_index: float | None = None          # max |dI_ss| / max |I_ss|
    modulated_voltage_index: float | None = None   # criterion 1 on the modulated I-V
    modulated_iv: IVMeasurement | None = None
    voltage_tol: float = VOLTAGE_TOL
    time_tol: float = TIME_TOL

    def as_row(self) -> dict:
        """The verdict and its indices as one table row.

        Returns
        -------
        dict
            {column: value}: mechanism, is_leak, driving_force, voltage_index, time_index
            (dimensionless), relax_t63_ms (ms), modulation_index, modulated_voltage_index
            (dimensionless) and verdict.
        """
        return {"mechanism": self.mechanism, "is_leak": self.is_leak,
                "driving_force": self.driving_force, "voltage_index": self.voltage_index,
                "time_index": self.time_index, "relax_t63_ms": self.relax_t63_ms,
                "modulation_index": self.modulation_index,
                "modulated_voltage_index": self.modulated_voltage_index,
                "verdict": self.verdict}


def _set_params(seg, name: str, params: dict) -> None:
    mech = getattr(seg, name)
    for key, value in params.items():
        if not hasattr(mech, key):
            raise ValueError(f"mechanism {name!r} has no parameter {key!r}; give one of its "
                             "RANGE variables (see its .mod file).")
        setattr(mech, key, value)


def _default_params(seg, name: str) -> dict:
    mech = getattr(seg, name)
    for key, value in DEFAULT_DENSITY.items():
        if hasattr(mech, key):
            return {key: value}
    raise ValueError(f"mechanism {name!r} has none of {list(DEFAULT_DENSITY)}; pass "
                     "params={<its density parameter>: value}.")


def measure_iv(name: str, params: dict, test_v_mV=DEFAULT_TEST_V_MV, v_hold_mV: float = -60.0,
               step_ms: float = 1500.0, membrane: MembraneSpec = DEFAULT_MEMBRANE,
               diam_um: float = 10.0) -> IVMeasurement:
    """Voltage-clamp steps of a sphere that carries only mechanism `name` (with `params`).

    The sphere starts at steady state at v_hold_mV (finitialize there), steps at t = 1 ms to
    each test potential for step_ms; CVODE records densely (0.01 ms) for the first 2 ms of the
    step and every 1 ms later. rs = 1e-3 MOhm, so the clamp settles in ~1e-5 ms.
    """
    t_step = 1.0
    tvec = np.unique(np.concatenate([
        np.arange(0.0, t_step, 0.25), t_step + np.arange(0.0, 2.0, 0.01),
        t_step + np.arange(2.0, step_ms + 1e-9, 1.0)]))
    times = tuple(tvec)
    rows = []
    with sphere(diam_um, membrane=membrane.bare()) as cell:
        sec = cell.soma
        for mech in painted_mechanisms():  # what a bare membrane still paints (at zero)
            if sec.has_membrane(mech.suffix):
                sec.uninsert(mech.suffix)
        sec.insert(name)
        seg = sec(0.5)
        _set_params(seg, name, params)
        set_ion_concentrations(sec, membrane)
        area_cm2 = seg.area() * 1e-8
        records = (Record("i", stimulus=0, times_ms=times), Record("i_cap", seg, times_ms=times),
                   Record("v", seg, times_ms=times))
        for v_test in test_v_mV:
            clamp = VoltageClamp(((t_step, v_hold_mV), (step_ms, float(v_test))), rs_MOhm=1e-3)
            # starts at v_hold_mV with every gate at its steady state there
            with Simulation(cell, start=v_hold_mV, stimuli=(clamp,), records=records,
                            integrator=CVODE.with_(atol=1e-7)) as sim:
                sim.advance(t_step + step_ms)
                (t, i_clamp), (_, i_cap), (_, v_rec) = sim.trace(0), sim.trace(1), sim.trace(2)
            i_ion = i_clamp * 1e-6 / area_cm2 - i_cap
            after = t >= t_step + INSTANT_MS - 1e-9
            i_after, t_after = i_ion[after], t[after] - t_step
            # back to the moment of the step, linearly from 0.05 and 0.10 ms: a gate
            # relaxing with tau then biases I_inst by (0.05/tau)^2, not 0.05/tau
            k2 = int(np.argmin(np.abs(t_after - 2 * INSTANT_MS)))
            i_inst = 2 * i_after[0] - i_after[k2]
            i_ss = i_after[-1]
            dev = np.abs(i_after - i_ss)
            moved = np.abs(i_after - i_inst)
            full = abs(i_ss - i_inst)
            reached = np.flatnonzero(moved >= 0.632 * full) if full > 0 else []
            t63 = float(t_after[reached[0]]) if len(reached) else float("nan")
            rows.append((float(v_rec[-1]), i_inst, i_ss, float(dev.max()), t63,
                         float(np.abs(i_after).max())))
        ions = (seg.ki, seg.ko, seg.nai, seg.nao)
    v, ii, iss, dev, t63, mx = (np.array(c) for c in zip(*rows))
    return IVMeasurement(v_hold_mV, v, ii, iss, dev, t63, float(mx.max()), *ions,
                         membrane.celsius_degC)


def _ghk_factor(v_mV, c_in_mM, c_out_mM, celsius_degC):
    """GHK flux factor: the current density (mA/cm2) of a permeability of 1 cm/s."""
    return physics.ghk_current_mA_cm2(v_mV, 1.0, c_in_mM, c_out_mM, 1, celsius_degC)


def _spread(values) -> float:
    vals = np.asarray(values, float)
    vals = vals[np.isfinite(vals)]
    if vals.size < 3:
        return float("inf")
    med = np.median(vals)
    if med == 0:
        return float("inf")
    return float((vals.max() - vals.min()) / abs(med))


def chord_quantities(iv: IVMeasurement) -> tuple:
    """Chord conductance/permeability of every driving-force model, and E_rev of the inst I-V.

    Returns ({model: chord array with NaN within NEAR_REVERSAL_MV of its reversal}, e_rev_mV).
    """
    slope, intercept = np.polyfit(iv.v_mV, iv.i_inst_mA_cm2, 1)
    e_rev = -intercept / slope if slope != 0 else float("nan")
    models = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        ohm = iv.i_ss_mA_cm2 / (iv.v_mV - e_rev)
    models["ohmic"] = np.where(np.abs(iv.v_mV - e_rev) < NEAR_REVERSAL_MV, np.nan, ohm)
    for label, ci, co in (("ghk_k", iv.ki_mM, iv.ko_mM), ("ghk_na", iv.nai_mM, iv.nao_mM)):
        e_ion = physics.nernst_mV(co, ci, 1, iv.celsius_degC)
        with np.errstate(divide="ignore", invalid="ignore"):
            chord = iv.i_ss_mA_cm2 / _ghk_factor(iv.v_mV, ci, co, iv.celsius_degC)
        models[label] = np.where(np.abs(iv.v_mV - e_ion) < NEAR_REVERSAL_MV, np.nan, chord)
    return models, float(e_rev)


def classify_mechanism(name: str, params: dict | None = None, modulation: dict | None = None,
                       test_v_mV=DEFAULT_TEST_V_MV, v_hold_mV: float = -60.0,
                       step_ms: float = 1500.0,
                       membrane: MembraneSpec = DEFAULT_MEMBRANE) -> LeakClassification:
    """Is a membrane mechanism a leak? A verdict from a voltage clamp of it alone.

    The mechanism alone is inserted into a 10-um test sphere and voltage-clamped (SEClamp)
    from `v_hold_mV` to each test potential; the verdict comes from measured behaviour,
    never from its name (see the module docstring, `leakmodels.measure.classify`).

    Parameters
    ----------
    name : str
        The mechanism's SUFFIX, a density mechanism NEURON knows (e.g. 'kleak').
    params : dict or None, default None
        RANGE parameters set on the mechanism; None: its density (gbar, pbar or g) set to
        DEFAULT_DENSITY (1e-3 S/cm2, 1e-6 cm/s, 1e-3 S/cm2).
    modulation : dict or None, default None
        Parameters changed for a second I-V, e.g. {'camp_shift': 10} for hcn, {'fopen': 0.5}
        for kleak; None: none.
    test_v_mV : sequence of float, default -130 to +30 in 10 mV steps
        The test potentials, in mV (at least 4).
    v_hold_mV : float, default -60.0
        The holding potential, in mV.
    step_ms : float, default 1500.0
        How long each clamp step lasts, in ms.
    membrane : MembraneSpec, default DEFAULT_MEMBRANE
        Where the ion concentrations (mM) and the temperature (degC) come from.

    Returns
    -------
    LeakClassification
        The verdict, its indices (dimensionless) and the I-V measurements.

    Raises
    ------
    ArgumentTypeError
        If `name` is not a str, `test_v_mV` not a sequence, `params` or `modulation` not a
        dict, or `membrane` not a MembraneSpec.
    ArgumentError
        If NEURON knows no density mechanism `name`, or fewer than 4 test potentials or a
        number out of range are given.
    ValueError
        If the mechanism has no such parameter, no density parameter to default, or
        carries no current.

    Notes
    -----
    The verdict is 'leak' when voltage_index <= VOLTAGE_TOL and time_index <= TIME_TOL (both
    0.01), and the modulated I-V, if any, passes the voltage criterion too.

    Examples
    --------
    >>> import leakmodels as lm
    >>> lm.classify_mechanism("kleak").is_leak
    True
    >>> lm.classify_mechanism("hcn").is_leak
    False
    """
    if not isinstance(name, str):
        raise ArgumentTypeError(f"name={name!r} is not a mechanism name; pass its SUFFIX as a "
                                "str, e.g. 'kleak'.")
    load_mechanisms()  # a fresh process may not have built a cell yet
    if name not in known_mechanisms():
        raise ArgumentError(f"name={name!r}: NEURON knows no density mechanism {name!r}; "
                            "compile it or check the SUFFIX in its .mod file.")
    if isinstance(test_v_mV, (str, bytes)) or not hasattr(test_v_mV, "__iter__"):
        raise ArgumentTypeError(f"test_v_mV={test_v_mV!r} is not a sequence of potentials in mV.")
    test_v_mV = tuple(number(f"test_v_mV[{k}]", v, "potential_mV", unit="mV")
                      for k, v in enumerate(test_v_mV))
    if len(test_v_mV) < 4:
        raise ArgumentError(f"test_v_mV={test_v_mV!r}: give at least 4 test potentials in mV.")
    v_hold_mV = number("v_hold_mV", v_hold_mV, "potential_mV", unit="mV")
    step_ms = number("step_ms", step_ms, "duration_ms", unit="ms",
                     fix="how long each clamp step lasts (1500 ms by default)")
    for arg, value in (("params", params), ("modulation", modulation)):
        if value is not None and not isinstance(value, dict):
            raise ArgumentTypeError(f"{arg}={value!r} is not a dict of the mechanism's RANGE "
                                    "parameters, e.g. {'pbar': 1e-6}.")
    if not isinstance(membrane, MembraneSpec):
        raise ArgumentTypeError(f"membrane={membrane!r} is not a MembraneSpec.")
    if params is None:
        with sphere(10.0, membrane=membrane.bare()) as probe:
            probe.soma.insert(name)
            params = _default_params(probe.soma(0.5), name)
    params = dict(params)
    iv = measure_iv(name, params, test_v_mV, v_hold_mV, step_ms, membrane)
    if iv.max_abs_mA_cm2 == 0:
        raise ValueError(f"mechanism {name!r} with {params} carries no current; raise its density.")
    models, e_rev = chord_quantities(iv)
    indices = {m: _spread(c) for m, c in models.items()}
    best = min(indices, key=indices.get)
    chord = models[best]
    top = np.nanmax(np.abs(chord)) if np.any(np.isfinite(chord)) else float("nan")
    chord_rel = chord / top
    time_index = float(iv.max_dev_mA_cm2.max() / iv.max_abs_mA_cm2)
    k = int(np.argmax(iv.max_dev_mA_cm2))
    is_leak = indices[best] <= VOLTAGE_TOL and time_index <= TIME_TOL
    t63 = float(iv.t63_ms[k]) if time_index > TIME_TOL else float("nan")
    mod_iv = mod_index = mod_vindex = None
    if modulation:
        mod_iv = measure_iv(name, {**params, **modulation}, test_v_mV, v_hold_mV, step_ms,
                            membrane)
        scale = np.abs(iv.i_ss_mA_cm2).max()
        mod_index = float(np.abs(mod_iv.i_ss_mA_cm2 - iv.i_ss_mA_cm2).max() / scale)
        mod_vindex = _spread(chord_quantities(mod_iv)[0][best])
        is_leak = is_leak and mod_vindex <= VOLTAGE_TOL
    reasons = []
    if indices[best] > VOLTAGE_TOL:
        reasons.append(f"open probability depends on voltage (chord spread {indices[best]:.3g})")
    if time_index > TIME_TOL:
        reasons.append(f"current relaxes after a step (time index {time_index:.3g})")
    if mod_vindex is not None and mod_vindex > VOLTAGE_TOL:
        reasons.append("modulation changes the voltage dependence")
    verdict = (f"leak ({best} driving force, voltage- and time-independent)" if is_leak
               else "not a leak: " + "; ".join(reasons))
    return LeakClassification(
        name, bool(is_leak), verdict, tuple(sorted(params.items())), best, indices[best],
        indices, e_rev, chord_rel, time_index, t63, iv,
        tuple(sorted(modulation.items())) if modulation else None, mod_index, mod_vindex,
        mod_iv)


def is_leak(name: str, **kwargs) -> bool:
    """True when classify_mechanism(name, **kwargs) calls the mechanism a leak."""
    return classify_mechanism(name, **kwargs).is_leak


def ohmic_chord_S_cm2(iv, e_rev_mV):
    """Chord conductance I_ss / (V - E_rev) (S/cm2), NaN within 5 mV of E_rev."""
    d = iv.v_mV - e_rev_mV
    return np.where(np.abs(d) < NEAR_REVERSAL_MV, np.nan, iv.i_ss_mA_cm2 / np.where(d == 0, 1.0, d))


def boltzmann(v_mV, gmax, vhalf_mV, k_mV):
    """Open probability of a gate opening on hyperpolarisation, times gmax."""
    return gmax / (1.0 + np.exp((np.asarray(v_mV) - vhalf_mV) / k_mV))


def fit_activation(v_mV, chord) -> tuple:
    """(gmax, V1/2 mV, k mV) of a Boltzmann fitted to a chord conductance (NaNs dropped)."""
    ok = np.isfinite(chord)
    p, _ = curve_fit(boltzmann, v_mV[ok], chord[ok], p0=(np.nanmax(chord), -80.0, 8.0))
    return tuple(float(x) for x in p)
