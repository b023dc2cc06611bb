"""leakmodels: how leak channels make a neuron electrically alive, on NEURON.

Quick start::

    import leakmodels as lm
    with lm.motoneuron() as cell:
        print(lm.resting_potential(cell), lm.input_resistance(cell), lm.rheobase(cell))

Data flow, one package each: `spec` (plain numbers) -> `mechanisms` (declared once; loaded
into NEURON) -> `cell` (built, painted) -> `engine` (one runner, steady states) -> `measure`
(registered by name) -> `sweeps` (cells x conditions, on a pool or MPI, journalled) ->
`studies` -> `report`, `cli`. Importing the package costs nothing it does not need: the spec
(physics, `MembraneSpec`, morphology specs, cable theory, SWC reading) works without NEURON;
NEURON is imported, and the mechanisms loaded (compiled on first use), when the first cell
is built. The public names below are imported on first use.
"""
from __future__ import annotations

import importlib
import os
import pkgutil
import sys

from .deprecation import MOVED_MODULES, MovedModuleFinder

# NEURON's start-up options, set before anything imports NEURON (leakmodels.mechanisms.loading
# imports it when the first cell is built): no graphics
os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")

__version__ = "0.3.0"

sys.meta_path.append(MovedModuleFinder())  # the 0.2 module names, for one release

# public name -> module that defines it (imported on first use)
_EXPORTS = {
    "ball_and_stick": "cell.builders", "build_neuron": "cell.builders",
    "cylinder": "cell.builders", "interneuron": "cell.builders", "motoneuron": "cell.builders",
    "sphere": "cell.builders",
    "Cell": "cell.cell", "CellDestroyedError": "cell.cell",
    "apply_membrane": "cell.painting", "from_swc": "cell.reconstruction",
    "from_neuroml": "cell.reconstruction",
    "adopt": "cell.adopted", "ModelStimulusWarning": "cell.adopted",
    "from_hoc": "cell.foreign", "from_python": "cell.foreign", "HocError": "cell.foreign",
    "RangeChange": "cell.ranges", "apply_ranges": "cell.ranges", "replace_pas": "cell.transplant",
    "Addition": "cell.additions", "add_mechanisms": "cell.additions",
    "LeakClassification": "measure.classify", "classify_mechanism": "measure.classify",
    "holding_state": "measure.passive", "input_resistance": "measure.passive",
    "input_resistance_about": "measure.passive", "resting_potential": "measure.passive",
    "time_constant": "measure.passive", "time_constant_result": "measure.passive",
    "NotExponentialError": "measure.passive", "TimeConstantResult": "measure.passive",
    "CannotFireError": "measure.rheobase", "RheobaseResult": "measure.rheobase",
    "rheobase": "measure.rheobase", "rheobase_result": "measure.rheobase",
    "rheobase_search": "measure.rheobase",
    "AhpResult": "measure.firing", "FiPoint": "measure.firing", "ahp_result": "measure.firing",
    "after_hyperpolarisation": "measure.firing", "fi_curve": "measure.firing",
    "fi_summary": "measure.firing",
    "ExpRamp": "measure.recruitment", "ramp_recruitment": "measure.recruitment",
    "Column": "measure.registry", "measurement": "measure.registry",
    "Trace": "measure.runs", "first_spike_ms": "measure.runs", "firing_rate_Hz": "measure.runs",
    "spike_times": "measure.runs", "spontaneous_rate_Hz": "measure.runs",
    "voltage_trace": "measure.runs",
    "SagResult": "measure.sag", "sag": "measure.sag", "sag_ratio": "measure.sag",
    "sag_result": "measure.sag",
    "MechanismsNotCompiledError": "mechanisms.loading", "load_mechanisms": "mechanisms.user",
    "NoLeakError": "engine.steadystate", "NoRestError": "engine.steadystate",
    "SettleError": "engine.steadystate", "UnphysicalStateError": "engine.steadystate",
    "CurrentStep": "engine.stimuli", "CurrentWaveform": "engine.stimuli",
    "VoltageClamp": "engine.stimuli",
    "ArgumentError": "spec.checks", "ArgumentTypeError": "spec.checks",
    "DEFAULT_MEMBRANE": "spec.membrane", "INTERNEURON_MEMBRANE": "spec.membrane",
    "MOTONEURON_MEMBRANE": "spec.membrane", "MembraneSpec": "spec.membrane",
    "default_membrane": "spec.membrane",
    "BallAndStickSpec": "spec.morphology", "CylinderSpec": "spec.morphology",
    "NeuronSpec": "spec.morphology", "SphereSpec": "spec.morphology",
    "literature_spec": "spec.morphology",
    "SwcError": "spec.swc", "read_swc": "spec.swc",
    "Execution": "sweeps.execution", "CellSource": "sweeps.sources",
    "ExtracellularSpace": "engine.extracellular", "TissueColumn": "spec.tissue",
    "Condition": "sweeps.sources", "cell_sources": "sweeps.discovery", "sweep": "sweeps.table",
}
# every module and subpackage of the package, read from its folder (none is kept by hand)
_SUBMODULES = {m.name for m in pkgutil.iter_modules(__path__)}


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES or name in MOVED_MODULES:  # (a moved one's old name warns)
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'leakmodels' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)


__all__ = sorted(_EXPORTS)
