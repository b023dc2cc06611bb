"""Measurements: functions of a cell that return numbers with units in their names, or small
typed results; the ones a sweep or the command line asks for by name are registered.

`passive` (rest, input resistance, time constant), `runs` (traces, spikes, rates), `sag`,
`rheobase`, `firing` (f-I, AHP, first spike, rate), `recruitment`, `ionbudget` (ion amounts,
pump turnover, long runs), `classify` (is a mechanism a leak), `fitting` (a membrane fitted
to a cell) and `columns` (compositions the studies sweep). `registry` holds the measurements
by name; importing this package registers every one of them.
"""
from . import (  # they register
           firing,
           ionbudget,
           passive,
           recruitment,
           rheobase,
           runs,
           sag,
)
from .registry import Bound, Column, Measurement, get, measurement, measurements, parse

__all__ = ["Bound", "Column", "Measurement", "firing", "get", "ionbudget", "measurement",
           "measurements", "parse", "passive", "recruitment", "rheobase", "runs", "sag"]
