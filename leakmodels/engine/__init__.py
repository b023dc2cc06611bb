"""The engine: NEURON's globals (one owner), a cell's state vector, stimuli, the one runner
every simulation goes through, the steady-state solver, stability, and a cell's rest.

Layers, each importing only those before it: `interrupts`, `nrnglobals`, `cellstate`,
`stimuli` -> `steadystate` (the record) -> `runner` -> `physical`, `solver`,
`stability` -> `rest`.
"""
