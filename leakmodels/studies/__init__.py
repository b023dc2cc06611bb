"""The studies: one module per claim of the source text (../shared/SCIENCE.md S1-S7).

`STUDIES` maps a study's command-line name to its module (whose `run` runs it with default
parameters), what it shows and its usual time; each function can also be called from a script with its own cells and
parameters and returns a `StudyResult`.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from .base import Claim, StudyResult


@dataclass(frozen=True)
class Study:
    """A study as the command line knows it: its module, one line on what it shows, and
    about how long it takes on the 2-core development machine (s; a pool of processes
    starts the longest first, so that they finish together)."""

    module: str
    description: str
    usual_s: float


# name -> Study; modules are imported when a study runs
STUDIES = {
    "cells": Study("cells", "the default interneuron and motoneuron: V_rest, R_in, tau, rheobase", 22),
    "insulator": Study("insulator", "S1 no channels keeps V; a non-selective toxin collapses V to 0 mV", 0.2),
    "development": Study("development", "S2 V_rest against PNa/PK: 0 mV to -65...-70 mV by K+ leak", 0.1),
    "pump": Study("pump", "S3 pump balances the leaks; ATP cost; ouabain run-down over hours", 14),
    "pump_leak": Study("pump_leak", "S3 with Cl- and water: ouabain swells the cell; the Donnan state", 22),
    "half_k_leak": Study("half_k_leak", "S4 half the K+ leak: R_in up, rheobase down", 5),
    "size_principle": Study("size_principle", "S5 same density, more membrane: low R_in, high rheobase", 6),
    "hcn": Study("hcn", "S6 HCN is not a leak: I-V, sag, rebound, cAMP; a leak classifier", 1),
    "sleep_wake": Study("sleep_wake", "S7a closing K2P leak depolarises and excites; opening calms", 11),
    "glia": Study("glia", "S7b an astrocyte rests at E_K and follows it when Ko changes", 0.5),
    "extracellular_k": Study("extracellular_k", "S7b a firing neuron raises [K+]o (NEURON rxd); spread and clearance", 25),
    "tissue_k": Study("tissue_k", "S7b a driven layer of tissue: the [K+]o ceiling; astrocytes with Kir4.1 buffer it", 40),
    "sentinels": Study("sentinels", "S7c TASK senses pH, TREK senses temperature", 8),
    "validation": Study("validation", "real cat motoneurons and mouse interneurons against published data", 15),
}


def get(name: str):
    """The run function of a study by its command-line name."""
    if name not in STUDIES:
        raise KeyError(f"no study {name!r}; known: {', '.join(STUDIES)}")
    module = importlib.import_module(f".{STUDIES[name].module}", __name__)
    return module.run


__all__ = ["STUDIES", "Study", "get", "Claim", "StudyResult"]
