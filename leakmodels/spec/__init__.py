"""Plain numbers, never NEURON: the analytic physics, argument checks and their bounds, the
membrane and morphology specs, the SWC format and every published reference number.

Importing anything here imports neither NEURON nor leakmodels' compiled mechanisms (a test
checks it), so that specs can be built, checked and compared anywhere.
"""
