"""The studies: one module per claim of the source text (../shared/SCIENCE.md S1-S7).

`REGISTRY` maps a study's command-line name to the function that runs it with default
parameters; each function can also be called from a script with its own cells and
parameters and returns a `StudyResult`.
"""
from __future__ import annotations

import importlib

from .base import Claim, StudyResult

# name -> (module, one-line description); modules are imported when a study runs
STUDIES = {
    "cells": ("cells", "the default interneuron and motoneuron: V_rest, R_in, tau, rheobase"),
    "insulator": ("insulator", "S1 no channels keeps V; a non-selective toxin collapses V to 0 mV"),
    "development": ("development", "S2 V_rest against PNa/PK: 0 mV to -65...-70 mV by K+ leak"),
    "pump": ("pump", "S3 pump balances the leaks; ATP cost; ouabain run-down over hours"),
    "half_k_leak": ("half_k_leak", "S4 half the K+ leak: R_in up, rheobase down"),
    "size_principle": ("size_principle", "S5 same density, more membrane: low R_in, high rheobase"),
    "hcn": ("hcn", "S6 HCN is not a leak: I-V, sag, rebound, cAMP; a leak classifier"),
    "sleep_wake": ("sleep_wake", "S7a closing K2P leak depolarises and excites; opening calms"),
    "glia": ("glia", "S7b an astrocyte rests at E_K and follows it when Ko changes"),
    "sentinels": ("sentinels", "S7c TASK senses pH, TREK senses temperature"),
    "validation": ("validation", "real cat motoneurons and mouse interneurons against published data"),
}


def get(name: str):
    """The run function of a study by its command-line name."""
    if name not in STUDIES:
        raise KeyError(f"no study {name!r}; known: {', '.join(STUDIES)}")
    module = importlib.import_module(f".{STUDIES[name][0]}", __name__)
    return module.run


__all__ = ["STUDIES", "get", "Claim", "StudyResult"]
