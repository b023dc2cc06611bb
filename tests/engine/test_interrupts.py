"""Ctrl-C during a NEURON solve reaches the caller (and SIGTERM turned into one)."""
import subprocess
import sys
import textwrap

import pytest
from helpers import default_sigint

# A firing sphere; a second detector, on nav's m gate (so that the runner's own detector on
# the soma's v stays the plain one, not runner._Relay), sends this process the signal at the
# first spike, that is while NEURON is inside a Python callback. Held until the solve returns, the
# KeyboardInterrupt must come out of advance() with h.t where it was asked to be. Without the
# hold NEURON swallows it in the callback (prints a traceback, then hangs or carries on), so
# the script runs in a process of its own with a timeout.
SCRIPT = textwrap.dedent("""
    import os, signal
    import leakmodels as lm
    from leakmodels.mechanisms.loading import h
    from leakmodels.engine.rest import rest
    from leakmodels.engine.runner import Simulation
    from leakmodels.engine.stimuli import CurrentStep
    with lm.sphere(20) as cell:
        seg = cell.resolve_site(None)
        nc = h.NetCon(seg._ref_m_nav, None, sec=seg.sec)
        nc.threshold = 0.5
        nc.record(lambda: os.kill(os.getpid(), signal.{sig}))
        with Simulation(cell, start=rest(cell), stimuli=(CurrentStep(1.0),)) as sim:
            try:
                sim.advance(200.0)
            except KeyboardInterrupt:
                print(f"interrupted after the solve at t = {{sim.t_ms:.6f}} ms, "
                      f"{{len(sim.spikes_ms)}} spikes")
            else:
                print("not interrupted")
""")


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_an_interrupt_inside_a_solve_reaches_the_caller(sig):
    code = SCRIPT.format(sig=sig)
    if sig == "SIGTERM":
        code = "from leakmodels.sweeps.progress import terminate_as_interrupt\n" \
               "held = terminate_as_interrupt()  # kept: its exit restores the default\n" \
               "held.__enter__()\n" + code
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, preexec_fn=default_sigint)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "interrupted after the solve at t = 200.000000 ms" in done.stdout, done.stdout
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    spikes = int(done.stdout.split(",")[-1].split()[0])
    assert spikes > 5  # the solve went on to the end, past the spike that sent the signal


def test_the_command_line_gives_back_the_sigterm_handler_it_found(capsys):
    """`leakmodels.cli.main` turns SIGTERM into Ctrl-C while it runs, and only then: a
    program that calls it keeps its own handler afterwards."""
    import signal

    from leakmodels.cli import main

    def mine(signum, frame):
        pass

    before = signal.signal(signal.SIGTERM, mine)
    try:
        assert main(["list"]) == 0
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, before)
