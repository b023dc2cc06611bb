"""Helpers shared by test modules (not tests themselves)."""
import os
import signal

from hypothesis import HealthCheck, settings

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
