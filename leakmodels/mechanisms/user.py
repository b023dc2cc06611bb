"""A user's own NMODL mechanisms (a model's .mod files): compiled by content, loaded once.

`load_mechanisms(path=None)`:

* None: leakmodels' own mechanisms (`loading.load_mechanisms`).
* a folder of .mod files, one .mod file, or a list of them: compiled with nrnivmodl into the
  per-user cache under the hash of their bytes, NEURON's version and the machine (once, under
  a file lock, as leakmodels' own), then loaded. A compiler error names the .mod file, its
  line and what is wrong. The same sources loaded again load nothing.
* a compiled library (a `libnrnmech.so`, or a folder `nrnivmodl` was run in): loaded as it
  is, and its mechanisms are checked by the .mod files beside it where they are there.

Refused before anything is loaded, with both files named: a mechanism named as one of
leakmodels' own (SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL), one loaded before from a file
with other bytes, or one NEURON knows from elsewhere (its own hh, a library loaded outside
leakmodels): NEURON cannot hold two mechanisms of one name. The same files again, or files
NEURON auto-loaded at `import neuron` (the `x86_64/` of the folder Python started in, built
from them): nothing to load.

`loaded_sources()` lists what this process loaded, so that pool workers load the same
(`leakmodels.sweeps.execution`) and a sweep's journal key holds their bytes.
"""
from __future__ import annotations

import hashlib
import platform
import sys
from pathlib import Path

import neuron

from .catalogue import SHIPPED
from .loading import (
    LIB_NAMES,
    MechanismsNotCompiledError,
    compile_sources,
    h,
    known_mechanisms,
    library_in,
    load_mechanisms as load_own,
)
from .modfile import mechanism_name

_LOADED: dict = {}  # key -> (library, names, .mod files, what another process loads)
_NAMES: dict = {}  # mechanism name -> (sha256 of its .mod file, the file) loaded here


def _sources(path) -> tuple:
    """(the .mod files, a compiled library or None) that `path` names."""
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    mods, library = [], None
    for item in paths:
        p = Path(str(item)).expanduser()
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix == ".mod")
            built = library_in(p)
            if not found and built is None:
                raise FileNotFoundError(f"{p} holds no .mod file and no compiled library "
                                        "(nrnivmodl's x86_64/); give the folder of the model's "
                                        ".mod files.")
            if found:
                mods += found
            else:
                library = built
        elif p.is_file() and p.suffix == ".mod":
            mods.append(p)
        elif p.is_file() and p.name in {Path(n).name for n in LIB_NAMES}:
            library = p
        elif p.exists():
            raise ValueError(f"{p} is neither a .mod file, a folder of them nor a compiled "
                             "library (libnrnmech.so).")
        else:
            raise FileNotFoundError(f"{p} does not exist: give the folder of the model's .mod "
                                    "files.")
    if mods and library is not None:
        raise ValueError(f"give .mod files or one compiled library ({library}), not both.")
    return tuple(sorted({m.resolve() for m in mods}, key=lambda m: m.name)), library


def _key(mods: tuple) -> str:
    digest = hashlib.sha256()
    for path in mods:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"{neuron.__version__}|{platform.machine()}|{sys.platform}".encode())
    return "user-" + digest.hexdigest()[:16]


def _check_names(names: dict) -> None:
    """names: {mechanism name: its .mod file}. Refuse leakmodels' own names and names NEURON
    knows already from elsewhere."""
    own = {m.suffix: m.mod_file for m in SHIPPED}
    clash = [f"{name} ({path.name}) is leakmodels' own mechanism ({own[name]})"
             for name, path in names.items() if name in own]
    if clash:
        raise ValueError(f"{'; '.join(clash)}: NEURON holds one mechanism of a name. Rename "
                         "the SUFFIX in your file (and where your model inserts it), or use "
                         "leakmodels' own.")


def load_mechanisms(path=None, *, quiet: bool = False) -> Path | None:
    """Make sure NEURON knows the NMODL mechanisms at `path`, compiling them once if needed.

    leakmodels' own mechanisms are loaded first (compiled on first use). .mod files are
    compiled with nrnivmodl into the per-user cache under the hash of their bytes, NEURON's
    version and the machine (once, under a file lock), then loaded; the same sources loaded
    again load nothing. A compiled library is loaded as it is, its mechanisms checked by the
    .mod files beside it where there are any. Refused before anything is loaded, with both
    files named: a mechanism named as one of leakmodels' own, one loaded before from a file
    with other bytes, or one NEURON knows from elsewhere (its own hh, a library loaded
    outside leakmodels): NEURON cannot hold two mechanisms of one name. Files NEURON
    auto-loaded at ``import neuron`` (the ``x86_64/`` of the folder Python started in, built
    from them) are not loaded again.

    Parameters
    ----------
    path : str, os.PathLike, sequence of them, or None, optional
        A folder of .mod files, one .mod file, a list of them, or a compiled library (a
        ``libnrnmech.so``, or a folder nrnivmodl was run in); default None, leakmodels' own
        mechanisms only.
    quiet : bool, optional
        True: no "compiling ..." line on stderr; default False.

    Returns
    -------
    pathlib.Path or None
        The library loaded, or None if there was nothing to load (NEURON knew them).

    Raises
    ------
    FileNotFoundError
        A path that does not exist, or a folder with no .mod file and no library.
    ValueError
        A file that is neither .mod nor a library, a .mod file with no SUFFIX,
        POINT_PROCESS or ARTIFICIAL_CELL, .mod files with a library, two files of one
        mechanism, or a name NEURON holds already (see above).
    MechanismsNotCompiledError
        nrnivmodl is missing or cannot compile the files (the message names the .mod file,
        its line and what is wrong), or NEURON cannot load the library.

    Examples
    --------
    >>> import leakmodels as lm
    >>> lib = lm.load_mechanisms("model/mod")
    """
    own = load_own()
    if path is None:
        return own
    mods, library = _sources(path)
    if library is not None:
        return _load_library(library)
    if not mods:
        raise FileNotFoundError(f"{path}: no .mod file there.")
    key = _key(mods)
    if key in _LOADED:
        return _LOADED[key][0]
    names = {}
    for mod in mods:
        name = mechanism_name(mod)
        if name in names:
            raise ValueError(f"{names[name].name} and {mod.name} both declare {name}: NEURON "
                             "holds one mechanism of a name; keep one of the files.")
        names[name] = mod
    _check_names(names)
    digests = {n: hashlib.sha256(m.read_bytes()).hexdigest() for n, m in names.items()}
    known = known_mechanisms(points=True)
    same, clash = [], []
    for n, mod in names.items():
        if n in _NAMES:  # loaded by this module before: the same bytes, or a clash
            (same if _NAMES[n][0] == digests[n] else clash).append(
                f"{n} ({mod} and {_NAMES[n][1]}, which differ)")
        elif n in known:
            if _auto_loaded(mod):
                same.append(n)
            else:
                clash.append(f"{n} ({mod}: NEURON's own, or a library loaded outside "
                             "leakmodels)")
    if clash:
        raise ValueError(f"NEURON knows {'; '.join(clash)} already, and it cannot hold two "
                         "mechanisms of one name: rename the SUFFIX in your file (and where "
                         "the model inserts it), or start Python again to load the other.")
    if same and len(same) == len(names):  # every one loaded already, from these very files
        _LOADED[key] = (None, tuple(names), mods, [str(m) for m in mods])
        return None
    if same:
        raise ValueError(f"{', '.join(same)} of {mods[0].parent} are loaded already, the rest "
                         "not: load the folder's other files alone (NEURON cannot load one "
                         "mechanism twice).")
    lib = compile_sources(mods, key, f"{len(mods)} .mod file(s) of {mods[0].parent}",
                          quiet=quiet)
    _load(lib, names)
    _LOADED[key] = (lib, tuple(names), mods, [str(m) for m in mods])
    _NAMES.update({n: (digests[n], mod) for n, mod in names.items()})
    return lib


def _auto_loaded(mod: Path) -> bool:
    """True if NEURON auto-loaded this very file at `import neuron`: it is in the folder
    Python started in, whose x86_64/ was built from it."""
    lib = library_in(Path.cwd())
    return lib is not None and mod.parent == Path.cwd().resolve() and (
        lib.stat().st_mtime >= mod.stat().st_mtime)


def _load(lib: Path, names) -> None:
    if not h.nrn_load_dll(str(lib)):
        raise MechanismsNotCompiledError(f"NEURON could not load {lib}.")
    missing = [n for n in names if n not in known_mechanisms(points=True)]
    if missing:
        raise MechanismsNotCompiledError(f"{lib} was loaded but NEURON does not know "
                                         f"{', '.join(missing)}.")


def _load_library(lib: Path) -> Path:
    key = str(lib.resolve())
    if key in _LOADED:
        return _LOADED[key][0]
    folder = lib.parent.parent.parent if lib.parent.name == ".libs" else lib.parent.parent
    beside = sorted(folder.glob("*.mod")) + sorted(folder.glob("mod/*.mod"))
    names = {mechanism_name(m): m for m in beside}
    if names:
        _check_names(names)
        known = known_mechanisms(points=True)
        if all(n in known for n in names):
            _LOADED[key] = (lib, tuple(names), tuple(beside), str(lib))
            return lib
        clash = [n for n in names if n in known]
        if clash:
            raise ValueError(f"NEURON knows {', '.join(clash)} already; {lib} holds them "
                             "again and NEURON cannot hold two of one name.")
    _load(lib, names)
    _LOADED[key] = (lib, tuple(names), tuple(beside), str(lib))
    return lib


def loaded_sources() -> list:
    """What this process loaded, one item per call (a path or list of paths), in order: a
    pool worker loads the same with `load_mechanisms(item)` for each."""
    return [what if isinstance(what, (str, Path)) else [str(p) for p in what]
            for *_, what in _LOADED.values()]


def loaded_mod_files() -> tuple:
    """Every user .mod file this process loaded (a sweep's journal keys a model by its own
    `mechanisms`, not by these)."""
    return tuple(str(m) for _, _, mods, _ in _LOADED.values() for m in mods)
