"""The membrane mechanisms: each declared once, and loaded into NEURON.

`catalogue` lists the mechanisms leakmodels ships (their NMODL sources in `mod/`);
`loading` compiles them on demand and loads them into NEURON (the one module that starts
NEURON). Importing this package imports no NEURON: only `loading` does.
"""
