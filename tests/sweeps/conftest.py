"""The sweeps' tests share one serial table of a small sweep, measured once."""
import pytest

from leakmodels import sweeps as sw

from helpers import SWEEP_CELLS, SWEEP_MEASURES


@pytest.fixture(scope="session")
def serial():
    return sw.sweep(SWEEP_CELLS, measures=SWEEP_MEASURES)
