"""leakmodels: how leak channels make a neuron electrically alive, on NEURON.

Quick start::

    import leakmodels as lm
    with lm.motoneuron() as cell:
        print(lm.resting_potential(cell), lm.input_resistance(cell), lm.rheobase(cell))

Data flow: spec (frozen dataclass) -> builder -> Cell -> runner -> measurement -> sweep ->
study -> report. Importing the package costs nothing it does not need: `leakmodels.physics`,
the specs (`MembraneSpec`, the morphology specs), `cable_theory` and SWC reading work without
NEURON's mechanisms; NEURON is imported, and the mechanisms loaded (compiled on first use),
when the first cell is built.
"""
from __future__ import annotations

import importlib
import pkgutil

__version__ = "0.2.0"

# public name -> module that defines it (imported on first use)
_EXPORTS = {
    "ball_and_stick": "builders", "build_neuron": "builders", "cylinder": "builders",
    "interneuron": "builders", "motoneuron": "builders", "sphere": "builders",
    "Cell": "cell", "CellDestroyedError": "cell",
    "LeakClassification": "classify", "classify_mechanism": "classify",
    "CannotFireError": "measurements", "RheobaseResult": "measurements",
    "SagResult": "measurements", "Trace": "measurements", "first_spike_ms": "measurements",
    "firing_rate_Hz": "measurements", "holding_state": "measurements",
    "input_resistance": "measurements", "input_resistance_about": "measurements",
    "resting_potential": "measurements",
    "rheobase": "measurements", "rheobase_search": "measurements", "sag": "measurements",
    "sag_ratio": "measurements", "spike_times": "measurements",
    "spontaneous_rate_Hz": "measurements", "time_constant": "measurements",
    "voltage_trace": "measurements",
    "DEFAULT_MEMBRANE": "membrane", "MOTONEURON_MEMBRANE": "membrane",
    "INTERNEURON_MEMBRANE": "membrane", "default_membrane": "membrane", "MembraneSpec": "membrane", "apply_membrane": "membrane",
    "BallAndStickSpec": "morphology", "CylinderSpec": "morphology", "NeuronSpec": "morphology",
    "SphereSpec": "morphology", "literature_spec": "morphology",
    "MechanismsNotCompiledError": "nrn", "load_mechanisms": "nrn",
    "NoLeakError": "steady", "NoRestError": "steady", "SettleError": "steady",
    "UnphysicalStateError": "steady",
    "CurrentStep": "stimuli", "CurrentWaveform": "stimuli", "VoltageClamp": "stimuli",
    "ArgumentError": "checks", "ArgumentTypeError": "checks",
    "SwcError": "swc", "from_swc": "swc", "read_swc": "swc",
}
# every module and subpackage of the package, read from its folder (none is kept by hand)
_SUBMODULES = {m.name for m in pkgutil.iter_modules(__path__)}


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'leakmodels' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)


__all__ = sorted(_EXPORTS)
