"""leakmodels.measure.registry: every measurement declared once, by a decorated function, and
offered by name to sweeps, the command line and the top-level namespace."""
import math
import re
import warnings

import pytest

import leakmodels as lm
from leakmodels import measure
from leakmodels.measure.registry import Column, measurement
from leakmodels.spec.checks import ArgumentError
from leakmodels.sweeps import tasks

# a column's name ends in its unit; a ratio or fraction has none (and says so: unit "")
UNIT_SUFFIX = re.compile(r"_(mV|MOhm|ms|nA|Hz|Hz_per_nA|per_s|um2)$")


def test_every_measurement_is_declared_with_units_a_definition_and_its_function():
    names = [m.name for m in measure.measurements()]
    assert {"rest", "rin", "tau", "rheobase", "sag", "fi", "ahp", "first_spike"} <= set(names)
    for m in measure.measurements():
        assert m.definition and m.assumes, m.name  # what it is, and what it takes for granted
        for c in m.columns:
            assert bool(UNIT_SUFFIX.search(c.name)) == bool(c.unit), c.name
        exported = getattr(lm, m.function.__name__, None)  # lm.<function>, where exported,
        assert exported in (None, m.function), m.name    # is the registered one


def test_a_sweep_offers_every_registered_measurement():
    """One small cell measured by every name: each column filled as declared, in one row."""
    cell = lm.CellSource.scaled("sphere", 1.0)
    table = lm.sweep([cell], measures=[m.name for m in measure.measurements()])
    row = table.iloc[0]
    assert row.outcome == "ok", row.reason
    for m in measure.measurements():
        for c in m.columns:
            assert c.name in table.columns
    assert row.rin_MOhm > 0 and row.rheobase_nA > 0 and row.atp_per_s > 0
    assert row.sag_ratio1 == pytest.approx(0.0, abs=1e-3)  # no Ih: no sag
    assert 0 < row.first_spike_ms < 500 and row.rate_Hz > 0


def test_efel_names_and_parameters_are_accepted():
    assert measure.get("sag_ratio1") is measure.get("sag")
    assert measure.get("time_to_first_spike").name == "first_spike"
    bound = measure.parse("sag:target_mV=-10:duration_ms=300")
    assert bound.name == "sag(duration_ms=300.0, target_mV=-10.0)"
    assert measure.parse("fi:rheobase_multiples=1.1/2").params == (("rheobase_multiples", (1.1, 2.0)),)
    with pytest.raises(ArgumentError, match="unknown measurement 'rinn'; did you mean rin"):
        measure.parse("rinn")
    with pytest.raises(ArgumentError, match="no parameter 'target'; did you mean target_mV"):
        measure.parse("sag:target=-10")
    with pytest.raises(ArgumentError, match="not a number"):
        measure.parse("sag:target_mV=deep")


def test_a_users_measurement_is_one_decorated_function(monkeypatch):
    """Declared where it is written; sweeps and tasks then know it by name."""
    monkeypatch.setattr(measure.registry, "_REGISTRY", dict(measure.registry._REGISTRY))

    @measurement("area", Column("area_twice_um2", "um2", "twice the membrane area"))
    def twice_area(cell, *, factor: float = 2.0) -> float:
        """Twice the area, as a user might write a measurement."""
        return factor * cell.area_um2

    assert measure.get("area").params == (("factor", 2.0),)
    table = lm.sweep([lm.CellSource.scaled("sphere", 1.0)], measures=("area:factor=3",))
    assert table.area_twice_um2[0] == pytest.approx(3 * math.pi * 20.0 ** 2)
    with pytest.raises(ValueError, match="registered already"):
        measurement("area", Column("x_mV", "mV", ""))(twice_area)


def test_a_failed_row_has_no_measured_values():
    """A cell that cannot fire fails at rheobase; its rest, found before, is not kept (a
    number in a failed row is easy to take for a result)."""
    passive = lm.Condition("passive", membrane=lm.DEFAULT_MEMBRANE.without_spikes())
    table = lm.sweep([lm.CellSource.scaled("sphere", 1.0)], [passive], ("rest", "rheobase"))
    assert table.outcome[0] == "cannot fire"
    assert math.isnan(table.v_rest_mV[0]) and math.isnan(table.rheobase_nA[0])


def test_the_old_names_still_work_and_say_their_new_ones():
    with lm.sphere(20.0) as cell:
        with pytest.warns(DeprecationWarning, match="rheobase_search is renamed rheobase_result"):
            old = lm.rheobase_search(cell).rheobase_nA
        assert old == lm.rheobase_result(cell).rheobase_nA
        with pytest.warns(DeprecationWarning, match="threshold_mV"):
            spikes = lm.spike_times(cell, (lm.CurrentStep(1.0, 0, 50),), 50, threshold_mV=-10)
        assert spikes.size > 0
        with pytest.warns(DeprecationWarning, match="window"):
            lm.time_constant(cell, window=(0.4, 0.05))
        with pytest.raises(TypeError, match="not both"):
            lm.time_constant(cell, window=(0.4, 0.05), fit_fractions=(0.4, 0.05))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tasks.measure_arg("rheobase")  # the new names warn nothing
