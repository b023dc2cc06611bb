"""leakmodels.mechanisms.catalogue: every shipped .mod file against its one declaration, and no
mechanism named by hand anywhere else in the package."""
import ast
from pathlib import Path

import pytest

import leakmodels
from leakmodels.mechanisms import catalogue, declaration, mechanisms
from leakmodels.mechanisms.loading import mod_files
from leakmodels.mechanisms.modfile import read_mod
from leakmodels.spec.checks import BOUNDS
from leakmodels.spec.membrane import FIELDS, MembraneSpec
from leakmodels.studies import STUDIES

PACKAGE = Path(leakmodels.__file__).resolve().parent


def test_every_mod_file_has_one_declaration_and_every_declaration_its_file():
    files = {p.name for p in mod_files()}
    declared = {m.mod_file for m in catalogue.SHIPPED}
    assert files == declared
    assert len(catalogue.SHIPPED) == len(declared)  # one declaration per file


@pytest.mark.parametrize("mech", catalogue.SHIPPED, ids=lambda m: m.suffix)
def test_a_mod_file_says_what_its_declaration_says(mech):
    """SUFFIX, the USEION lines (ion, READ, WRITE) and every RANGE variable the declaration
    names (a PARAMETER missing from RANGE would silently be GLOBAL: one value everywhere)."""
    mod = read_mod(PACKAGE / "mechanisms" / "mod" / mech.mod_file)
    assert mod.suffix == mech.suffix and not mod.point_process
    assert {(ion, frozenset(r), frozenset(w)) for ion, r, w in mod.useion} == \
        {(u.ion, frozenset(u.reads), frozenset(u.writes)) for u in mech.ions}
    missing = [v for v in mech.range_variables() if v not in mod.range_vars + mod.states]
    assert not missing, f"{mech.mod_file}: not RANGE: {missing}"
    assert mod.threadsafe


def test_a_changed_mod_file_is_caught(tmp_path):
    """The check reads the file: a RANGE variable dropped, or an ion written that the
    declaration does not name, no longer matches."""
    text = (PACKAGE / "mechanisms" / "mod" / "kleak.mod").read_text()
    broken = tmp_path / "kleak.mod"
    broken.write_text(text.replace("RANGE pbar, fopen, ik", "RANGE pbar, ik"))
    assert "fopen" not in read_mod(broken).range_vars
    broken.write_text(text.replace("WRITE ik", "WRITE ik, ki"))
    assert read_mod(broken).useion[0][2] == ("ik", "ki")


def test_every_field_a_mechanism_declares_is_a_checked_membrane_field():
    for mech in mechanisms():
        for f in mech.fields:
            assert FIELDS[f.name] is f
            assert f.quantity in BOUNDS or f.quantity in ("fraction", "flag")
    assert MembraneSpec().ghcn_S_cm2 == 0.0  # every default passes its own rule
    with pytest.raises(ValueError, match="gkm_S_cm2=-1"):
        MembraneSpec(gkm_S_cm2=-1)


def _literals(tree):
    """(line, text) of every string constant and attribute name, but a measurement's name
    (the first argument of @measurement(...): another namespace, e.g. the measurement 'ahp')."""
    names = {id(node.args[0]) for node in ast.walk(tree) if isinstance(node, ast.Call)
             and getattr(node.func, "id", "") == "measurement" and node.args}
    for node in ast.walk(tree):
        if id(node) in names:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.Attribute):
            yield node.lineno, node.attr


def test_no_module_but_the_catalogue_names_a_mechanism():
    """Lists of mechanisms drift (three hand-written 'no spike channel' sets once left out
    km, gca and gsk): a SUFFIX is written once, in its declaration; every other module asks
    the declarations (or names the declaration, catalogue.NAKPUMP.suffix). A study may share
    a mechanism's name (the study 'hcn'): its name is written in the study registry and as
    its module's NAME."""
    suffixes = {m.suffix for m in mechanisms()}
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "mechanisms" / "catalogue.py":
            continue
        study_names = set(STUDIES) if path.parent.name == "studies" else set()
        for line, text in _literals(ast.parse(path.read_text())):
            if text in study_names and (path.name == "__init__.py"
                                        or f'NAME = "{text}"' in path.read_text().splitlines()[line - 1]):
                continue
            if text in suffixes:
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text!r}")
    assert not found, "\n".join(found)


def test_a_suffix_is_declared_once():
    with pytest.raises(ValueError, match="declared already"):
        declaration.register(catalogue.KLEAK)
    with pytest.raises(ValueError, match="stays declared"):
        declaration.unregister("kleak")
