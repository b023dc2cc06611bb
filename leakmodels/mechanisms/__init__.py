"""The membrane mechanisms: each declared once, and loaded into NEURON.

`declaration` says what a mechanism declaration holds and keeps the registry; `catalogue`
declares the mechanisms leakmodels ships (their NMODL sources in `mod/`) and the ions they
use; `modfile` reads a .mod file's NEURON block (SUFFIX, USEION, RANGE), to hold a file
against its declaration; `loading` compiles the shipped files on demand and loads them into
NEURON (the one module that starts NEURON). Importing this package imports no NEURON: only
`loading` does. A mechanism of one's own is declared with `register(Mechanism(...))`.
"""
from . import catalogue
from .declaration import (
                          Field,
                          Ion,
                          IonUse,
                          Mechanism,
                          Param,
                          get,
                          ion,
                          ions,
                          mechanisms,
                          register,
                          unregister,
)

__all__ = ["Field", "Ion", "IonUse", "Mechanism", "Param", "catalogue", "get", "ion", "ions",
           "mechanisms", "register", "unregister"]
