"""The half_k_leak study's notes, read from its measured table: where each cell starts to fire
on its own (`_boundary`) and what the f = half mutant does in each cell (`_outcome`), with
`_at`, one value of the table by cell, fraction and column (its claims read it too).
`leakmodels.studies.half_k_leak` imports them; they draw and simulate nothing.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def _at(table, cell, f, column):
    sel = table[(table.cell == cell) & np.isclose(table.k_leak_fraction, f)]
    return float(sel[column].iloc[0])


def _boundary(table: pd.DataFrame) -> str:
    """Where each cell starts to fire on its own, from the measured fractions."""
    parts = []
    for cell, grp in table.groupby("cell", sort=False):
        grp = grp.sort_values("k_leak_fraction", ascending=False)
        fires = grp[grp.spontaneous]
        if not len(fires):
            parts.append(f"{cell} rests at every f down to {grp.k_leak_fraction.min():g}")
            continue
        first = fires.k_leak_fraction.max()
        rests = grp[(~grp.spontaneous) & ~grp.depolarisation_block & (grp.k_leak_fraction > first)]
        last = rests.k_leak_fraction.min() if len(rests) else float("nan")
        block = grp[grp.depolarisation_block]
        blocked = "".join(f"; steady in depolarisation block at f = {b.k_leak_fraction:g} "
                          f"({b.v_rest_mV:.1f} mV, no step fires it)" for _, b in block.iterrows())
        parts.append(f"{cell} fires on its own from f = {first:g} (rests at {last:g}{blocked})")
    return "Spontaneous-firing boundary: " + "; ".join(parts) + ". "


def _outcome(table: pd.DataFrame, half: float) -> str:
    """One sentence per cell on what the f = half mutant does, from the measured table."""
    parts = []
    for cell in dict.fromkeys(table.cell):
        if not np.isclose(table[table.cell == cell].k_leak_fraction, half).any():
            continue
        shift = _at(table, cell, half, "v_rest_passive_mV") - _at(table, cell, 1.0, "v_rest_passive_mV")
        if _at(table, cell, half, "spontaneous"):
            what, intact = "fires with no input (rheobase 0)", "intact has no rest"
        elif _at(table, cell, half, "depolarisation_block"):
            what = "steady in depolarisation block (no rheobase)"
            intact = "intact in depolarisation block"
        else:
            what = f"rheobase x {_at(table, cell, half, 'rheobase_ratio'):.2f}"
            d = _at(table, cell, half, "v_rest_mV") - _at(table, cell, 1.0, "v_rest_mV")
            intact = f"intact {d:+.1f} mV" if np.isfinite(d) else "intact wild type has no rest"
        parts.append(f"{cell}: rest passive {shift:+.1f} mV; {intact}, R_in x "
                     f"{_at(table, cell, half, 'rin_ratio_passive'):.2f} (passive), {what}")
    return f"At f = {half:g}: " + "; ".join(parts) + ". "
