"""Helpers shared by test modules (not tests themselves): property-test settings, a signal
reset for child processes, and plain-NEURON references (written with NEURON's own API,
independently of leakmodels' runner): a long settle with the global variable time step and
converged long current steps."""
import importlib.util
import os
import shutil
import signal
from pathlib import Path

from functools import partial

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from neuron import h

from leakmodels import sweeps as sw
from leakmodels.measure.columns import rheobase_columns
from leakmodels.spec import physics

# the real reconstructions, in ../shared beside the repository (CI has them too)
SHARED_MORPHOLOGIES = Path(__file__).resolve().parents[2] / "shared" / "morphologies"
# HYPOTHESIS_PROFILE=explore (see conftest.py) draws 20 times as many random examples
EXAMPLES_FACTOR = 20 if os.environ.get("HYPOTHESIS_PROFILE") == "explore" else 1


def property_settings(max_examples: int):
    """A property test's settings: `max_examples` examples (x EXAMPLES_FACTOR), no deadline
    (a NEURON solve's time varies), function-scoped fixtures allowed (the autouse leak and
    globals checks run around the whole test, which is what they guard)."""
    return settings(max_examples=max_examples * EXAMPLES_FACTOR, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def default_sigint():
    """preexec_fn for a child that must get Ctrl-C as a terminal sends it: a shell running
    the suite in the background starts it with SIGINT ignored, which a child inherits (and
    then never installs Python's KeyboardInterrupt handler) unless it is reset here."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


SETTLE_MS = 20000.0


def cvode_settle(cell, t_ms=SETTLE_MS, atol=1e-9):
    """Plain NEURON: global CVODE from the membrane's analytic rest for t_ms (many times the
    slowest time constant, 300 ms for hcn); the potential of every segment."""
    h.celsius = cell.celsius_degC
    h.cvode.use_local_dt(0)
    h.cvode_active(1)
    h.cvode.atol(atol)
    h.cvode.rtol(0)
    h.finitialize(cell.membrane.leak_rest_mV())
    h.cvode.solve(t_ms)
    assert h.t == pytest.approx(t_ms)
    return np.array([seg.v for seg in cell.segments()])


def long_step_rin_MOhm(cell, amp_nA, settle_ms=SETTLE_MS, step_ms=SETTLE_MS):
    """Plain NEURON: settle for settle_ms, then hold +-amp_nA for step_ms (until nothing
    moves); R = [V(+I) - V(-I)] / 2I at the soma at the end."""
    seg = cell.soma(0.5)
    stim = h.IClamp(seg)
    stim.delay, stim.dur = settle_ms, 1e12
    v_end = {}
    for sign in (-1, +1):
        stim.amp = sign * amp_nA
        cvode_settle(cell, settle_ms + step_ms)
        v_end[sign] = seg.v
    stim = None
    return (v_end[+1] - v_end[-1]) / (2 * amp_nA)


# --- steady states ---------------------------------------------------------------------------


# --- a user's model: a hoc file with its own .mod file, a template, a Python builder -------
# An inward rectifier of the user's own, in the layout users write: an instantaneous K+
# conductance that closes on depolarisation, i = gbar (v - ek) / (1 + exp((v - vh) / k)).
KIR_MOD = """
TITLE kirfor: an instantaneous inward rectifier (a test's own mechanism)
NEURON {
    SUFFIX kirfor
    USEION k READ ek WRITE ik
    RANGE gbar, vh, k, ik
    THREADSAFE
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER { gbar = 1e-4 (S/cm2)  vh = -80 (mV)  k = 10 (mV) }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) }
BREAKPOINT { ik = gbar * (v - ek) / (1 + exp((v - vh) / k)) }
"""
G_PAS, E_PAS, GBAR, E_K, VH, K, DIAM = 5e-5, -60.0, 2e-4, -90.0, -80.0, 10.0, 20.0

MODEL_HOC = f"""
// a sphere with a leak and the user's Kir, and the globals a model file sets for its own runs
celsius = 34
v_init = -75
dt = 0.01
secondorder = 2
create soma
soma {{ L = {DIAM}  diam = {DIAM}  insert pas  g_pas = {G_PAS}  e_pas = {E_PAS}
        insert kirfor  gbar_kirfor = {GBAR}  vh_kirfor = {VH}  k_kirfor = {K}  ek = {E_K} }}
"""

TEMPLATE_HOC = """
begintemplate ForeignBall
public soma, all
create soma
objref all
proc init() {
    create soma
    soma { L = $1  diam = $1  insert pas  g_pas = 1e-4  e_pas = -65 }
    all = new SectionList()
    soma all.append()
}
endtemplate ForeignBall
"""

FACTORY_PY = """
from neuron import h

class Ball:
    def __init__(self, diam_um, stimulus=False):
        self.soma = h.Section(name="soma", cell=self)
        self.soma.L = self.soma.diam = diam_um
        self.soma.insert("pas")
        self.soma(0.5).pas.g = 1e-4
        self.all = [self.soma]
        self.stim = h.IClamp(self.soma(0.5)) if stimulus else None

def ball(diam_um=20.0, stimulus=False):
    return Ball(diam_um, stimulus)
"""


def write_foreign_model(folder):
    """The model's folder: model.hoc (top-level sections, its own kirfor.mod), ball.hoc (the
    template ForeignBall(diam)), build.py (ball(diam_um=20, stimulus=False))."""
    (folder / "kirfor.mod").write_text(KIR_MOD)
    (folder / "model.hoc").write_text(MODEL_HOC)
    (folder / "ball.hoc").write_text(TEMPLATE_HOC)
    (folder / "build.py").write_text(FACTORY_PY)
    return folder


def pas_ball_and_stick(e_mV=-70.0, rm_ohm_cm2=1e4, ra_ohm_cm=100.0):
    """Plain NEURON: a 20-um pas soma and one 500 x 2 um pas dendrite (nseg 101) on its end;
    (soma, dend), for the caller to delete."""
    soma, dend = h.Section(name="soma"), h.Section(name="dend")
    soma.L = soma.diam = 20.0
    dend.L, dend.diam, dend.nseg = 500.0, 2.0, 101
    dend.connect(soma(1))
    for sec in (soma, dend):
        sec.insert("pas")
        sec.Ra = ra_ohm_cm
        for seg in sec:
            seg.pas.g, seg.pas.e = 1.0 / rm_ohm_cm2, e_mV
    return soma, dend


def ball_and_stick_rin_MOhm(rm_ohm_cm2, ra_ohm_cm=100.0):
    """Cable theory's R_in of `pas_ball_and_stick` with a uniform membrane of specific
    resistance rm: the soma's conductance (a sphere) plus the sealed-end cable's, in parallel."""
    g = (1 / physics.sphere_input_resistance_MOhm(20.0, rm_ohm_cm2)
         + 1 / physics.sealed_cable_input_resistance_MOhm(500.0, 2.0, rm_ohm_cm2, ra_ohm_cm))
    return 1 / g


# --- a small sweep, measured serially once for the sweeps' tests (tests/sweeps/conftest.py) ---
SWEEP_CELLS = sw.cell_sources(["interneuron", "sphere"], [0.7, 1.4])
SWEEP_MEASURES = ("rest", "rin", partial(rheobase_columns, precision=0.02))


def plain(table):
    """A sweep's table without its timings (which differ between runs)."""
    return table.drop(columns=["seconds"])


def swc_file(tmp_path, text, name="cell.swc"):
    path = tmp_path / name
    path.write_text(text)
    return path


def stems(cell):
    """The sections that start at the soma."""
    return [s for s in cell.sections[1:] if s.parentseg().sec == cell.soma]


# MPI runs need both mpiexec (e.g. Debian's openmpi-bin) and mpi4py (pip install ".[mpi]")
HAS_MPI = shutil.which("mpiexec") is not None and importlib.util.find_spec("mpi4py") is not None
needs_mpi = pytest.mark.skipif(not HAS_MPI, reason="no MPI: apt install openmpi-bin and "
                               "pip install '.[mpi]' (mpi4py)")
