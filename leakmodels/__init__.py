"""leakmodels: how leak channels make a neuron electrically alive, on NEURON.

Quick start::

    import leakmodels as lm
    with lm.motoneuron() as cell:
        print(lm.resting_potential(cell), lm.input_resistance(cell), lm.rheobase(cell))

Data flow: spec (frozen dataclass) -> builder -> Cell -> measurement -> study -> report.
"""
import os as _os

_os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")

from .nrn import MechanismsNotCompiledError, load_mechanisms  # noqa: E402

load_mechanisms()

from . import physics  # noqa: E402
from .builders import (ball_and_stick, build_neuron, cylinder, interneuron,  # noqa: E402
                       motoneuron, sphere)
from .cell import Cell, CellDestroyedError  # noqa: E402
from .classify import LeakClassification, classify_mechanism  # noqa: E402
from .measurements import (RheobaseResult, SagResult, input_resistance,  # noqa: E402
                           resting_potential, rheobase, rheobase_search, sag, sag_ratio,
                           time_constant)
from .membrane import DEFAULT_MEMBRANE, MembraneSpec, apply_membrane  # noqa: E402
from .morphology import (BallAndStickSpec, CylinderSpec, NeuronSpec, SphereSpec,  # noqa: E402
                         literature_spec)
from .simulate import SettleError  # noqa: E402
from .swc import SwcError, from_swc, read_swc  # noqa: E402

__version__ = "0.1.0"
