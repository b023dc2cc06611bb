"""Every public name's docstring is numpydoc (the documentation site's reference is made from
them): a summary line; every parameter documented, none that does not exist, each with a
description; a function's Returns section with a description. numpydoc's own validator reads
them, as the site's build does (docs/conf.py sets the same checks)."""
import inspect

import pytest

import leakmodels as lm

numpydoc_validate = pytest.importorskip("numpydoc.validate")

# the checks the site's build makes too (docs/conf.py: numpydoc_validation_checks)
CHECKS = ("GL08", "SS01", "PR01", "PR02", "PR07", "RT01", "RT03")


def _public_objects() -> dict:
    """{import path: public name} of every function and class leakmodels exports (a name
    exported twice is one object)."""
    found = {}
    for name in lm.__all__:
        obj = getattr(lm, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            found.setdefault(f"{obj.__module__}.{obj.__qualname__}", name)
    return found


def _public_members() -> dict:
    """{import path: lm.Class.member} of every public method and property of the public
    classes that the package defines (inherited ones from Python, dataclasses or NumPy are not
    ours to document)."""
    found = {}
    for path, name in _public_objects().items():
        cls = getattr(lm, name)
        if not inspect.isclass(cls):
            continue
        ours = [k for k in reversed(cls.__mro__) if k.__module__.startswith("leakmodels")]
        for member, value in {m: v for k in ours for m, v in vars(k).items()}.items():
            if member.startswith("_"):
                continue
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            if inspect.isfunction(value) or isinstance(value, property):
                found[f"{cls.__module__}.{cls.__qualname__}.{member}"] = f"{name}.{member}"
    return found


PUBLIC = _public_objects()
MEMBERS = _public_members()


def test_the_public_names_are_found():
    assert len(PUBLIC) >= 80 and "leakmodels.measure.passive.input_resistance" in PUBLIC


@pytest.mark.parametrize("path", sorted(PUBLIC))
def test_the_docstring_is_numpydoc(path):
    errors = [f"{code}: {message}" for code, message in numpydoc_validate.validate(path)["errors"]
              if code in CHECKS]
    assert not errors, f"{path} (lm.{PUBLIC[path]}):\n  " + "\n  ".join(errors)


@pytest.mark.parametrize("path", sorted(MEMBERS))
def test_a_public_method_or_propertys_docstring_is_numpydoc(path):
    errors = [f"{code}: {message}" for code, message in numpydoc_validate.validate(path)["errors"]
              if code in CHECKS]
    assert not errors, f"{path} (lm.{MEMBERS[path]}):\n  " + "\n  ".join(errors)


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
