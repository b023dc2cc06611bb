"""Cells found from paths: `cell_sources` turns command-line style paths (SWC and NeuroML
files, folders of them, builder names, hoc files and Python factories) into `CellSource`s,
and `Scales` is the command line's START:STOP:N of sizes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..cell.foreign import resolve_factory
from ..spec.checks import ArgumentError, ArgumentTypeError, flag, number, sequence
from ..spec.neuroml import is_neuroml_name, neuroml_cell_ids
from ..spec.swc import is_swc_name, not_swc_reason
from .sources import BUILDER_NAMES, CellSource


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
    """The `CellSource` objects of command-line style paths, builder names and models.

    Parameters
    ----------
    paths : str, os.PathLike or sequence of them
        Each an SWC file (read as one by its content, whatever its name) or NeuroML2
        ``.cell.nml`` file (one source per cell), a folder of them (sorted), a builder name,
        or a user's model: a .hoc file or a factory, "path/file.py:function" or
        "module:function".
    scales : sequence of float or None, optional
        Scale factors (dimensionless, 0.01 to 100) each builder name is built at
        (interneuron, motoneuron: ``scale``; the others' sizes times it); refused for files
        and models, measured as they are. Default None, 1.0.
    recursive : bool, optional
        True: a folder's subfolders too; default False.
    template : str or None, optional
        The .hoc file's template, with `args`; default None.
    args : tuple, optional
        Arguments of the template or the factory; default ().
    mechanisms : str or None, optional
        The model's .mod files; default None.

    Returns
    -------
    list of leakmodels.CellSource
        In the order given; files of one name are labelled by their path below the folder.

    Raises
    ------
    FileNotFoundError
        A path that is no builder, file or folder, or a folder with no reconstruction.
    ArgumentError
        Scales with a file or model, a file that is not SWC, or model options with no model
        (`ArgumentTypeError`: a path or scale of the wrong type).
    """
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

