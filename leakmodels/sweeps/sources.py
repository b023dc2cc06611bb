"""What a sweep measures: cells described, not built (`CellSource`: a builder by name with
its parameters, or an SWC file), so that any process can build its own, and the membrane
conditions to measure them under (`Condition`).

A `Condition` is the membrane to paint: a whole MembraneSpec, or changes to the cell's
default one, by default with the pump kept at its baseline (`MembraneSpec.modulated`).
`cell_sources(paths, scales)` turns command-line style paths (SWC files, folders of them,
builder names) into sources; `Scales` is the command line's START:STOP:N.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..cell import builders
from ..cell.foreign import from_hoc, from_python, resolve_factory
from ..cell.additions import Addition
from ..cell.ranges import RangeChange
from ..cell.reconstruction import from_neuroml, from_swc
from ..spec.checks import ArgumentError, ArgumentTypeError, flag, number, sequence
from ..spec.membrane import MembraneSpec, default_membrane
from ..spec.morphology import (
    BallAndStickSpec,
    CylinderSpec,
    SphereSpec,
    literature_spec,
)
from ..spec.neuroml import is_neuroml_name, neuroml_cell_ids, neuroml_stem
from ..spec.swc import is_swc_name, not_swc_reason

BUILDER_NAMES = ("interneuron", "motoneuron", "sphere", "cylinder", "ball_and_stick")
SCALED_DEFAULTS = {  # what --scales multiplies for builders without a scale argument
    "sphere": {"diam_um": 20.0},
    "cylinder": {"length_um": 500.0, "diam_um": 2.0},
    "ball_and_stick": {"soma_diam_um": 20.0, "dend_length_um": 500.0, "dend_diam_um": 2.0},
}


@dataclass(frozen=True)
class CellSource:
    """A cell to build: a builder by name with its parameters ((name, value) pairs), an SWC
    file, a NeuroML2 cell file (`neuroml`; `cell_id` one of its cells), or a user's model: a hoc file (`template` and `args` for a template's), or a
    factory ("module:function" or "path/file.py:function", called with `args`), its .mod
    files at `mechanisms` (loaded in whichever process builds it). `label` names it in
    tables. A model is measured as it stands: no MembraneSpec is painted on it."""

    builder: str | None = None
    params: tuple = ()
    swc: str | None = None
    label: str = ""
    hoc: str | None = None
    template: str | None = None
    factory: str | None = None
    args: tuple = ()
    mechanisms: str | None = None
    neuroml: str | None = None
    cell_id: str | None = None

    def __post_init__(self):
        given = [k for k in ("builder", "swc", "neuroml", "hoc", "factory")
                 if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("CellSource: give one of a builder name, an SWC path, a NeuroML "
                             f"file, a hoc file or a factory (given: {', '.join(given) or 'none'}).")
        if self.builder is not None and self.builder not in BUILDER_NAMES:
            raise ValueError(f"CellSource.builder={self.builder!r}: use one of {BUILDER_NAMES}.")
        if self.factory is not None and not isinstance(self.factory, str):
            raise ArgumentTypeError(f"CellSource.factory={self.factory!r}: give it as text, "
                                    "'module:function' or 'path/file.py:function', so that "
                                    "other processes find it (lm.from_python takes a function "
                                    "itself).")
        if self.cell_id is not None and self.neuroml is None:
            raise ValueError("CellSource: cell_id belongs to a NeuroML file.")
        if (self.template or self.args or self.mechanisms) and not self.foreign:
            raise ValueError("CellSource: template, args and mechanisms belong to a hoc file "
                             "or a factory.")
        object.__setattr__(self, "params", tuple(sorted(dict(self.params).items())))
        object.__setattr__(self, "args", tuple(self.args))
        for key in ("hoc", "mechanisms"):  # known wherever the process goes next
            value = getattr(self, key)
            if value is not None:
                object.__setattr__(self, key, str(Path(value).expanduser().resolve()))
        if not self.label:
            object.__setattr__(self, "label", self._default_label())

    def _default_label(self) -> str:
        if self.hoc is not None:
            return self.template or Path(self.hoc).stem
        if self.factory is not None:
            return self.factory.rpartition(":")[2]
        if self.neuroml is not None:
            stem = neuroml_stem(self.neuroml)
            return f"{stem}.{self.cell_id}" if self.cell_id else stem
        name = Path(self.swc).stem if self.swc else self.builder
        extra = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                          for k, v in self.params)
        return f"{name}({extra})" if extra else name

    @property
    def foreign(self) -> bool:
        """A user's model (hoc or factory): measured as it stands."""
        return self.hoc is not None or self.factory is not None

    @classmethod
    def scaled(cls, builder: str, scale: float) -> "CellSource":
        """A builder at a scale: interneuron/motoneuron(scale=s); the others' sizes x s."""
        if builder in ("interneuron", "motoneuron"):
            return cls(builder, (("scale", float(scale)),))
        return cls(builder, tuple((k, v * scale) for k, v in SCALED_DEFAULTS[builder].items()))

    def build(self, membrane=None):
        if self.foreign:
            if membrane is not None:
                raise ArgumentError(f"{self.display_name} is a user's model, measured as it "
                                    "stands: a MembraneSpec paints only leakmodels' cells.")
            if self.hoc is not None:
                return from_hoc(self.hoc, template=self.template, args=self.args,
                                mechanisms=self.mechanisms, name=self.label)
            return from_python(self.factory, *self.args, mechanisms=self.mechanisms,
                               name=self.label)
        kw = dict(self.params)
        if membrane is not None:
            kw["membrane"] = membrane
        if self.swc is not None:
            return from_swc(self.swc, **kw)
        if self.neuroml is not None:
            return from_neuroml(self.neuroml, cell_id=self.cell_id, **kw)
        return getattr(builders, self.builder)(**kw)

    @property
    def display_name(self) -> str:
        """What a user calls this cell: its file's name (with its folder where two files
        share the name), or its label."""
        if self.swc and self.label == Path(self.swc).stem:
            return Path(self.swc).name
        if self.neuroml and self.label == self._default_label():
            return Path(self.neuroml).name + (f" ({self.cell_id})" if self.cell_id else "")
        if self.hoc is not None:
            return Path(self.hoc).name + (f" ({self.template})" if self.template else "")
        return self.label

    def morphology_spec(self):
        """The morphology spec a builder lays out (for theory: areas, cable input
        resistances); None for an SWC file or a build with its own nseg only."""
        kw = {k: v for k, v in self.params if k not in ("nseg", "membrane")}
        if self.builder in ("interneuron", "motoneuron"):
            return literature_spec(self.builder, kw.get("scale", 1.0))
        specs = {"sphere": SphereSpec, "cylinder": CylinderSpec,
                 "ball_and_stick": BallAndStickSpec}
        return specs[self.builder](**kw) if self.builder in specs else None

    def as_columns(self) -> dict:
        model = {"model": self.hoc or self.factory} if self.foreign else {}
        if self.neuroml:
            model = {"neuroml": self.neuroml}
        return {"cell": self.label, "builder": self.builder or "", "swc": self.swc or "",
                **model, **{f"cell.{k}": v for k, v in self.params}}


def _is_reconstruction(f: Path) -> bool:
    """A file a folder's reconstructions are: .swc (.swc.gz) or a NeuroML2 .cell.nml."""
    return f.is_file() and (is_swc_name(f) or f.name.lower().endswith(".cell.nml"))


def _reconstruction(f: Path) -> list:
    """A file's cells: an SWC file's one, a NeuroML file's each (cell_id where several)."""
    if not is_neuroml_name(f):
        return [CellSource(swc=str(f.resolve()))]
    ids = neuroml_cell_ids(f)
    return [CellSource(neuroml=str(f.resolve()), cell_id=i if len(ids) > 1 else None)
            for i in ids]


def _swc_files(folder: Path, recursive: bool) -> list:
    """The reconstructions of a folder (any case of .swc, .swc.gz and .cell.nml), sorted;
    with recursive, those of its subfolders too. None at the top level but some below: say
    where."""
    pick = folder.rglob("*") if recursive else folder.iterdir()
    files = sorted(f for f in pick if _is_reconstruction(f))
    if files:
        return files
    below = sorted(f for f in folder.rglob("*") if _is_reconstruction(f))
    if below and not recursive:
        raise FileNotFoundError(
            f"{folder} holds no .swc or .cell.nml file at its top level, but {len(below)} in its subfolders "
            f"(e.g. {below[0].relative_to(folder)}): pass --recursive (recursive=True) to "
            "read them.")
    raise FileNotFoundError(f"{folder} holds no .swc or .cell.nml file.")


def cell_sources(paths, scales=None, recursive: bool = False, *, template=None, args=(),
                 mechanisms=None) -> list:
    """CellSources from command-line style PATHs: an SWC file (read as one by its content,
    whatever its name), a folder of them (its .swc files in any case, sorted; recursive: its
    subfolders' too), a builder name, which `scales` (a sequence of scale factors)
    sweeps, or a user's model: a .hoc file (with `template` and `args` for a template's) or
    a factory, "path/file.py:function" or "module:function" (called with `args`), whose .mod
    files are at `mechanisms`. Scales are refused for files: a reconstruction or a model is
    measured as it is."""
    flag("recursive", recursive)
    model = {"template": template, "args": tuple(args), "mechanisms": mechanisms}
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if scales is not None:
        scales = [number(f"scales[{i}]", s, "scale", positive=True)
                  for i, s in enumerate(sequence("scales", scales, "[0.5, 1.0, 2.0] (scale factors)"))]
    out = []
    for item in paths:
        if not isinstance(item, (str, Path)):
            raise ArgumentTypeError(f"path={item!r} is not a builder name or a file path; pass "
                                    f"one of {', '.join(BUILDER_NAMES)}, an .swc file or a folder.")
        p = Path(str(item)).expanduser()
        factory = _factory_form(str(item))
        if (p.is_file() and p.suffix.lower() == ".hoc") or factory:
            if scales is not None:
                raise ArgumentError(f"scales={scales!r} with {item!r}: a model is measured as "
                                    "it is; give no scales.")
            if factory:
                resolve_factory(factory)  # a missing module or function is named now
            out.append(CellSource(hoc=str(p), **model) if not factory else
                       CellSource(factory=factory, **model))
            continue
        if str(item) in BUILDER_NAMES:
            out += [CellSource.scaled(str(item), float(s)) for s in (scales or (1.0,))]
        elif p.is_dir() or p.is_file():
            if scales is not None:
                raise ArgumentError(f"scales={scales!r} with {item!r}: scales size the built "
                                    "cells (builder names); a reconstruction is measured as it "
                                    "is. Give no scales for files.")
            if p.is_file() and not is_neuroml_name(p):
                why = not_swc_reason(p)
                if why:
                    raise ArgumentError(f"{why}; give an SWC file, a folder of them or a "
                                        f"builder ({', '.join(BUILDER_NAMES)}).")
            files = _swc_files(p, recursive) if p.is_dir() else [p]
            out += [c for f in files for c in _reconstruction(f)]
        else:
            raise FileNotFoundError(f"{item!r} is neither a builder ({', '.join(BUILDER_NAMES)}), "
                                    "an SWC or NeuroML file or a folder of them, a .hoc file nor "
                                    "FILE.py:FUNCTION (no such file).")
    if (template is not None or args or mechanisms is not None) and not any(
            s.foreign for s in out):
        raise ArgumentError("template, args and mechanisms belong to a model (a .hoc file or "
                            "a file.py:function); no path given is one.")
    return _distinct(out)


def _factory_form(item: str) -> str | None:
    """'file.py:function' (the file resolved) or 'module.name:function', else None."""
    where, colon, name = item.rpartition(":")
    if not colon or not name.isidentifier():
        return None
    if where.endswith(".py"):
        return f"{Path(where).expanduser().resolve()}:{name}"
    local = Path(*where.split(".")).with_suffix(".py") if where else None
    if local is not None and all(p.isidentifier() for p in where.split(".")) and local.is_file():
        return f"{local.resolve()}:{name}"  # the working folder's module, by its file
    if all(part.isidentifier() for part in where.split(".")):
        return item
    return None


def _distinct(sources: list) -> list:
    """Files of one name in different folders (a --recursive tree) are labelled by their
    path below the folder they share, so that no two rows of a table share a name."""
    labels = [s.label for s in sources]
    clash = [s for s in sources if s.swc and labels.count(s.label) > 1]
    if not clash:
        return sources
    root = Path(os.path.commonpath([str(Path(s.swc).parent) for s in clash]))
    renamed = {id(s): replace(s, label=str(Path(s.swc).relative_to(root).with_suffix("")))
               for s in clash}
    return [renamed.get(id(s), s) for s in sources]


@dataclass(frozen=True)
class Condition:
    """The membrane a cell is measured with: `membrane` (a MembraneSpec; None: the default),
    then `changes` ((field, value) pairs), applied with the pump pinned at the unchanged
    membrane's imax (pin_pump) or re-balanced; then `replace_pas` (True, or the regions where:
    leakmodels' leaks and pump in place of a model's pas, `cell.transplant.replace_pas`,
    matched at the model's own rest, so that its resting conductance is kept); then `add`
    (`Addition`s: leakmodels' own channels, Ih say, inserted over regions, in order);
    then `ranges` (`RangeChange`s: RANGE variables of any mechanism set or scaled by name
    over regions, in order), which reach any cell, a user's model included."""

    name: str = "default"
    changes: tuple = ()
    membrane: object = None
    pin_pump: bool = True
    ranges: tuple = ()
    replace_pas: object = False
    add: tuple = ()

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise ArgumentTypeError(f"Condition.name={self.name!r}: give the condition a name (a str).")
        if isinstance(self.changes, dict):
            object.__setattr__(self, "changes", tuple(sorted(self.changes.items())))
        if (not isinstance(self.changes, tuple)
                or not all(isinstance(c, tuple) and len(c) == 2 and isinstance(c[0], str)
                           for c in self.changes)):
            raise ArgumentTypeError(f"Condition.changes={self.changes!r} is not (field, value) "
                                    "pairs; pass a dict or use Condition.of(name, pk_cm_s=...).")
        fields = [field for field, _ in self.changes]
        twice = sorted({field for field in fields if fields.count(field) > 1})
        if twice:
            raise ArgumentError(f"Condition {self.name!r} changes {', '.join(twice)} more than "
                                "once; give each field one value.")
        # one order: the same changes are the same condition (its columns, its journal key)
        object.__setattr__(self, "changes", tuple(sorted(self.changes)))
        if self.membrane is not None and not isinstance(self.membrane, MembraneSpec):
            raise ArgumentTypeError(f"Condition.membrane={self.membrane!r} is not a MembraneSpec "
                                    "(or None for the default).")
        ranges = (self.ranges,) if isinstance(self.ranges, RangeChange) else self.ranges
        if not isinstance(ranges, (tuple, list)) or not all(
                isinstance(r, RangeChange) for r in ranges):
            raise ArgumentTypeError(f"Condition.ranges={self.ranges!r}: give RangeChanges, e.g. "
                                    "(lm.RangeChange('pas', 'g', scale=0.5),).")
        object.__setattr__(self, "ranges", tuple(ranges))
        add = (self.add,) if isinstance(self.add, Addition) else self.add
        if not isinstance(add, (tuple, list)) or not all(isinstance(a, Addition) for a in add):
            raise ArgumentTypeError(f"Condition.add={self.add!r}: give Additions, e.g. "
                                    "(lm.Addition('hcn', ghcn_S_cm2=1e-4),).")
        object.__setattr__(self, "add", tuple(add))
        where = self.replace_pas
        if isinstance(where, str):
            where = (where,)
        if not (isinstance(where, bool) or (isinstance(where, (tuple, list)) and where
                                            and all(isinstance(r, str) for r in where))):
            raise ArgumentTypeError(f"Condition.replace_pas={self.replace_pas!r}: give True "
                                    "(everywhere) or the regions, e.g. ('dend',).")
        object.__setattr__(self, "replace_pas", where if isinstance(where, bool)
                           else tuple(sorted(where)))
        if not isinstance(self.pin_pump, bool):
            raise ArgumentTypeError(f"Condition.pin_pump={self.pin_pump!r}: give True or False.")
        try:
            self.spec()  # every field named and every value in range, now rather than in a worker
        except (TypeError, ValueError) as exc:
            cls = ArgumentTypeError if isinstance(exc, TypeError) else ArgumentError
            raise cls(f"Condition {self.name!r}: {exc}") from None

    @classmethod
    def of(cls, name: str, membrane=None, pin_pump: bool = True, ranges=(),
           **changes) -> "Condition":
        return cls(name, tuple(sorted(changes.items())), membrane, pin_pump, ranges)

    def spec(self, builder: str | None = None):
        """The membrane of this condition on a cell of `builder` (None: an SWC cell): its
        changes applied to its own membrane, else to the builder's default membrane; None
        when there is nothing to change (the builder paints its default)."""
        base = default_membrane(builder) if self.membrane is None else self.membrane
        if not self.changes:
            return None if self.membrane is None else base
        kw = dict(self.changes)
        return base.modulated(**kw) if self.pin_pump else base.with_(**kw)

    def as_columns(self) -> dict:
        ranges = {k: v for change in (*self.add, *self.ranges)
                  for k, v in change.columns().items()}
        if self.replace_pas:
            ranges["replace_pas"] = ("+".join(self.replace_pas)
                                     if isinstance(self.replace_pas, tuple) else "all")
        return {"condition": self.name, **{f"membrane.{k}": v for k, v in self.changes},
                **ranges}


@dataclass(frozen=True)
class Scales:
    """START:STOP:N: N values spaced geometrically from START to STOP."""

    start: float
    stop: float
    n: int = 1

    @classmethod
    def parse(cls, text: str) -> "Scales":
        try:
            start, stop, n = text.split(":")
            out = cls(float(start), float(stop), int(n))
        except ValueError:
            raise ValueError(f"--scales {text!r}: give START:STOP:N, e.g. 0.5:4:8.") from None
        if not (out.start > 0 and out.stop > 0 and 1 <= out.n <= 1_000_000):
            raise ValueError(f"--scales {text!r}: START and STOP > 0, 1 <= N <= 1000000.")
        for what, v in (("START", out.start), ("STOP", out.stop)):
            number(f"--scales {what}", v, "scale")
        return out

    def values(self) -> list:
        if self.n == 1:
            return [self.start]
        ratio = (self.stop / self.start) ** (1 / (self.n - 1))
        return [self.start * ratio ** k for k in range(self.n)]

