"""Try it live: the default interneuron's resting potential, input resistance, rheobase and a
voltage trace as functions of five knobs (K+ leak, Na+ leak, pump, HCN, cell size), for a
classroom notebook.

`explore` measures one setting and returns an `Exploration`; `figure` draws it; `live` puts
sliders on the five knobs (ipywidgets, ``pip install "leakmodels[teach]"``) that measure and
redraw at every change (0.1-0.5 s on a 2-core machine). Everything goes through the public
measurements: a fresh cell per setting, built from the interneuron's own membrane with the
pump's maximal current kept (`MembraneSpec.modulated`), as a modulator or a mutation would
leave it.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np

from .cell.builders import interneuron
from .engine.steadystate import NoRestError
from .engine.stimuli import CurrentStep
from .measure.passive import input_resistance, resting_potential
from .measure.rheobase import CannotFireError, rheobase
from .measure.runs import voltage_trace
from .spec.checks import ArgumentError, number
from .spec.membrane import default_membrane

try:  # the `teach` extra; only `live` needs it
    import ipywidgets
    from IPython.display import display
except ImportError:  # pragma: no cover - depends on the environment
    ipywidgets = display = None

# the knobs: name -> (low, default, high, step, label)
KNOBS = {
    "k_leak_scale": (0.1, 1.0, 3.0, 0.05, "K+ leak (x default)"),
    "na_leak_scale": (0.0, 1.0, 5.0, 0.1, "Na+ leak (x default)"),
    "pump_fraction": (0.0, 1.0, 1.0, 0.05, "pumps working (fraction)"),
    "ghcn_mS_cm2": (0.0, 0.0, 1.0, 0.02, "HCN (mS/cm2)"),
    "size_scale": (0.5, 1.0, 3.0, 0.1, "cell size (lengths x)"),
}
HYPERPOLARISE_MV = -15.0  # the trace's first step moves rest by about this much
LEAD_MS, STEP_MS, GAP_MS = 50.0, 300.0, 150.0


@dataclass(frozen=True)
class Exploration:
    """One setting of the knobs and what the interneuron does with it.

    Parameters
    ----------
    knobs : dict
        The five knobs' values ({name: value}, names of `KNOBS`).
    v_rest_mV : float
        Resting potential (mV); NaN when the cell has no rest (it fires on its own).
    rin_MOhm : float
        Input resistance (MOhm); NaN without a rest.
    rheobase_nA : float
        Rheobase of a 300-ms step (nA); NaN when the cell cannot fire or has no rest.
    t_ms, v_mV : numpy.ndarray
        The trace (ms, mV): rest, a hyperpolarising step, a pause, a step of 1.5 x rheobase.
    steps_nA : tuple of float
        The two steps' currents (nA).
    note : str
        Why a quantity is missing, or "".
    seconds : float
        Wall-clock time the measurements took (s).
    """

    knobs: dict
    v_rest_mV: float
    rin_MOhm: float
    rheobase_nA: float
    t_ms: np.ndarray = field(repr=False)
    v_mV: np.ndarray = field(repr=False)
    steps_nA: tuple = ()
    note: str = ""
    seconds: float = 0.0


def _checked(knobs: dict) -> dict:
    out = {}
    for name, (lo, default, hi, _step, label) in KNOBS.items():
        value = knobs.get(name, default)
        out[name] = number(name, value, lo=lo, hi=hi,
                           fix=f"the slider {label!r} runs from {lo:g} to {hi:g}")
    unknown = set(knobs) - set(KNOBS)
    if unknown:
        raise ArgumentError(f"unknown knob(s) {sorted(unknown)}; the knobs are {list(KNOBS)}.")
    return out


def membrane_for(k_leak_scale: float = 1.0, na_leak_scale: float = 1.0,
                 pump_fraction: float = 1.0, ghcn_mS_cm2: float = 0.0):
    """The interneuron's membrane with the knobs turned, the pump's maximal current kept.

    Parameters
    ----------
    k_leak_scale : float, optional
        The K+ leak's permeability as a multiple of the default (dimensionless; default 1).
    na_leak_scale : float, optional
        The Na+ leak's permeability as a multiple of the default (dimensionless; default 1).
    pump_fraction : float, optional
        The fraction of Na+/K+ pumps working, 1 - `pump_block` (dimensionless; default 1).
    ghcn_mS_cm2 : float, optional
        HCN's maximal conductance on every section (mS/cm2; default 0).

    Returns
    -------
    leakmodels.MembraneSpec
        The modified membrane.
    """
    base = default_membrane("interneuron")
    return base.modulated(pk_cm_s=base.pk_cm_s * k_leak_scale,
                          pna_cm_s=base.pna_cm_s * na_leak_scale,
                          pump_block=1.0 - pump_fraction, ghcn_S_cm2=ghcn_mS_cm2 * 1e-3)


def explore(**knobs) -> Exploration:
    """Measure the interneuron with the knobs turned.

    Parameters
    ----------
    **knobs : float
        Any of `KNOBS`: ``k_leak_scale``, ``na_leak_scale`` (multiples of the default
        permeabilities, dimensionless), ``pump_fraction`` (dimensionless, 0-1),
        ``ghcn_mS_cm2`` (mS/cm2) and ``size_scale`` (every length and diameter x this);
        the others stay at their defaults.

    Returns
    -------
    Exploration
        V_rest (mV), R_in (MOhm), the 300-ms rheobase (nA) and a trace.

    Raises
    ------
    leakmodels.ArgumentError
        For an unknown knob or a value outside its slider's range.
    """
    values = _checked(knobs)
    start = time.perf_counter()
    membrane = membrane_for(**{k: v for k, v in values.items() if k != "size_scale"})
    rest = rin = rheo = math.nan
    note = ""
    with interneuron(scale=values["size_scale"], membrane=membrane) as cell:
        try:
            rest = resting_potential(cell)
            rin = input_resistance(cell)
        except NoRestError:
            note = "no rest: the cell fires on its own"
        if not note:
            try:
                rheo = rheobase(cell, duration_ms=STEP_MS, precision=0.02)
            except CannotFireError:
                note = "it cannot fire: no step makes a spike"
        down_nA = HYPERPOLARISE_MV / rin if rin == rin else 0.0
        up_nA = 1.5 * rheo if rheo == rheo else 0.0
        stimuli = [CurrentStep(amp_nA=down_nA, delay_ms=LEAD_MS, dur_ms=STEP_MS),
                   CurrentStep(amp_nA=up_nA, delay_ms=LEAD_MS + STEP_MS + GAP_MS,
                               dur_ms=STEP_MS)]
        t_stop_ms = LEAD_MS + 2 * STEP_MS + GAP_MS + 50.0
        trace = voltage_trace(cell, stimuli, t_stop_ms, start="rest" if rest == rest else -65.0,
                              dt_ms=0.1)
    return Exploration(values, rest, rin, rheo, trace.t_ms, trace.v_mV, (down_nA, up_nA), note,
                       time.perf_counter() - start)


def figure(result: Exploration, fig=None):
    """Draw an exploration: its trace, with V_rest, R_in and rheobase in the title.

    Parameters
    ----------
    result : Exploration
        What `explore` returned.
    fig : matplotlib.figure.Figure, optional
        A figure to draw into (cleared first); None: a new one.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    fig = fig or plt.figure(figsize=(7, 3.2))
    fig.clear()
    ax = fig.add_subplot()
    ax.plot(result.t_ms, result.v_mV, lw=1)
    ax.set(xlabel="time (ms)", ylabel="V (mV)", ylim=(-110, 50))
    down, up = result.steps_nA
    ax.text(LEAD_MS + STEP_MS / 2, 42, f"{down * 1e3:.0f} pA", ha="center", fontsize=8)
    ax.text(LEAD_MS + 1.5 * STEP_MS + GAP_MS, 42, f"{up * 1e3:.0f} pA", ha="center", fontsize=8)
    title = (f"V_rest {result.v_rest_mV:.1f} mV   R_in {result.rin_MOhm:.0f} MOhm   "
             f"rheobase {result.rheobase_nA * 1e3:.1f} pA")
    ax.set_title(title + (f"\n{result.note}" if result.note else ""), fontsize=10)
    fig.tight_layout()
    return fig


def live():
    """Sliders on the five knobs that measure the interneuron and redraw at every change.

    Returns
    -------
    ipywidgets.VBox
        The sliders and the output area (display it in a notebook; a running kernel is
        needed: a static page shows only what it was saved with).

    Raises
    ------
    ImportError
        Without ipywidgets (``pip install "leakmodels[teach]"``).
    """
    if ipywidgets is None:
        raise ImportError('the sliders need ipywidgets: pip install "leakmodels[teach]"')
    sliders = {name: ipywidgets.FloatSlider(value=default, min=lo, max=hi, step=step,
                                            description=label, continuous_update=False,
                                            style={"description_width": "12em"},
                                            layout=ipywidgets.Layout(width="32em"))
               for name, (lo, default, hi, step, label) in KNOBS.items()}
    out = ipywidgets.Output()

    def redraw(_change=None):
        result = explore(**{name: s.value for name, s in sliders.items()})
        fig = figure(result)
        with out:
            out.clear_output(wait=True)
            display(fig)
            print(f"measured in {result.seconds:.2f} s")
        plt.close(fig)  # shown once, in the output area

    for s in sliders.values():
        s.observe(redraw, names="value")
    redraw()
    return ipywidgets.VBox([*sliders.values(), out])
