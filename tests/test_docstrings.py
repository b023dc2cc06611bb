"""Every object the API reference documents has a numpydoc docstring (the site's reference is
made from them): a summary line; every parameter documented, none that does not exist, each
with a description; a function's Returns section with a description. The objects are those
`leakmodels.report.reference` derives (the site's build reads the same list), with the public
methods and properties of their classes. numpydoc's own validator reads them, as the site's
build does (docs/conf.py sets the same checks)."""
import importlib
import inspect

import pytest

from leakmodels.report import reference

numpydoc_validate = pytest.importorskip("numpydoc.validate")

CHECKS = reference.NUMPYDOC_CHECKS  # the site's build makes the same checks


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _resolve_defined(path: str):
    return _resolve(reference.defined_at(path))


def _members(path: str, cls) -> dict:
    """{path.member: path} of the public methods and properties a class of the package
    defines, its own or from the package's base classes (Python's, dataclasses' or NumPy's
    are not ours to document)."""
    ours = [k for k in reversed(cls.__mro__) if k.__module__.startswith("leakmodels")]
    found = {}
    for member, value in {m: v for k in ours for m, v in vars(k).items()}.items():
        if member.startswith("_"):
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if inspect.isfunction(value) or isinstance(value, property):
            found[f"{path}.{member}"] = path
    return found


DOCUMENTED = reference.documented()
MEMBERS = {}
for _path in DOCUMENTED:
    if inspect.isclass(_resolve_defined(_path)):
        MEMBERS.update(_members(_path, _resolve_defined(_path)))


def _errors(path: str) -> list:
    """numpydoc's errors of the object at `path`, read in its defining module (lm.sweep's
    public path also names the 0.2 module leakmodels.sweep)."""
    owner, _, member = path.rpartition(".")
    real = (reference.defined_at(path) if path in DOCUMENTED
            else f"{reference.defined_at(owner)}.{member}")
    return [f"{code}: {message}" for code, message in numpydoc_validate.validate(real)["errors"]
            if code in CHECKS]


def test_the_reference_covers_the_public_names_the_equations_and_the_studies():
    assert len(DOCUMENTED) >= 180
    for path in ("leakmodels.input_resistance", "leakmodels.spec.physics.nernst_mV",
                 "leakmodels.studies.pump.pump", "leakmodels.teach.explore"):
        assert path in DOCUMENTED


@pytest.mark.parametrize("path", DOCUMENTED)
def test_the_docstring_is_numpydoc(path):
    errors = _errors(path)
    assert not errors, f"{path}:\n  " + "\n  ".join(errors)


@pytest.mark.parametrize("path", sorted(MEMBERS))
def test_a_public_method_or_propertys_docstring_is_numpydoc(path):
    errors = _errors(path)
    assert not errors, f"{path}:\n  " + "\n  ".join(errors)


def test_the_check_goes_red_on_an_undocumented_parameter():
    def f(x_mV: float) -> float:
        """Return x.

        Returns
        -------
        float
            x, in mV.
        """
        return x_mV

    f.__module__ = __name__
    globals()["_probe"] = f
    f.__qualname__ = "_probe"
    codes = [c for c, _ in numpydoc_validate.validate(f"{__name__}._probe")["errors"]]
    assert "PR01" in codes
