"""Measurements: functions of a cell that return numbers with units in their names, or small
typed results.

`passive` (rest, input resistance, time constant), `runs` (traces, spikes, rates), `sag`,
`rheobase`, `firing` (f-I, AHP), `recruitment`, `ionbudget` (ion amounts, pump turnover,
long runs), `classify` (is a mechanism a leak), `fitting` (a membrane fitted to a cell) and
`columns` (measurements with parameters, for sweeps).
"""
