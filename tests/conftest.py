"""Shared pytest fixtures: every test must leave no NEURON section behind, and every test
gets NEURON's global settings (temperature, integrator, tolerances, dt) back as they were.

Hypothesis runs derandomized by default, so that a run of the test command is the same
every time (a CI run cannot fail on an example no earlier run tried). To hunt for new
failures, `HYPOTHESIS_PROFILE=explore python -m pytest tests/test_robustness.py
tests/spec/test_checks.py tests/spec/test_swc.py` draws fresh random examples, 20
times as many (helpers.property_settings); a failure it finds becomes a named test."""
import os
from pathlib import Path

import pytest
from hypothesis import settings

from helpers import SHARED_MORPHOLOGIES

os.environ.setdefault("MPLBACKEND", "Agg")
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)  # helpers.property_settings: 20x
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


import leakmodels as lm  # noqa: E402,F401,I001  (first: it sets NEURON's start-up options)
from neuron import h  # noqa: E402



def _n_sections() -> int:
    return sum(1 for _ in h.allsec())  # a test-only census of what NEURON holds


@pytest.fixture(autouse=True)
def no_section_leaks():
    """Fail a test that leaves sections alive (a cell not destroyed, a stray h.Section)."""
    import gc

    gc.collect()
    before = _n_sections()
    yield
    gc.collect()
    after = _n_sections()
    assert after == before, f"{after - before} NEURON section(s) leaked by this test"


@pytest.fixture(autouse=True)
def neuron_globals_restored():
    """Restore NEURON's globals after every test (tests may set them by hand to compare
    leakmodels with a plain NEURON script)."""
    from leakmodels.engine import nrnglobals

    saved = nrnglobals.snapshot()
    yield
    nrnglobals.restore(saved)


@pytest.fixture(scope="session")
def shared_morphologies() -> Path:
    """../shared/morphologies beside the repository (CI has it too)."""
    if not SHARED_MORPHOLOGIES.is_dir():
        pytest.skip(f"{SHARED_MORPHOLOGIES} not found: the real reconstructions live in ../shared")
    return SHARED_MORPHOLOGIES
