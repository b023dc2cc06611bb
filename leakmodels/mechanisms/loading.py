"""The one place that talks to NEURON's start-up: the `h` handle and leakmodels' mechanisms.

`load_mechanisms()` (called when the first cell is built, never at import) makes sure NEURON
knows every mechanism leakmodels ships (catalogue.SHIPPED), loading them once,
by absolute path:

1. Already known (loaded before, or auto-loaded by NEURON from a `x86_64/` in the folder
   where `import neuron` ran): used, unless that was a stale build of a leakmodels checkout
   (named, with the command that fixes it). Some known but not all: another mechanism
   library was loaded first (typically a NEURON project's `x86_64/` auto-loaded from the
   working folder); the error names it.
2. A checkout built with `nrnivmodl mechanisms` at its root: used if it is up to date
   (no .mod newer than the library, the same set of .mod files); a stale one is named and
   the cache is used instead.
3. Otherwise the per-user cache: `$XDG_CACHE_HOME/leakmodels/<key>/` (default
   ~/.cache/leakmodels), key = hash of the .mod sources, NEURON's version and the machine.
   If it is not there yet the sources (shipped in the package, `leakmodels/mechanisms/mod/*.mod`) are
   compiled once with nrnivmodl, under a file lock, so that many processes starting at once
   (pool workers, MPI ranks) compile once and all load the same library. `leakmodels
   compile` does it explicitly.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import platform
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")

import neuron  # noqa: E402
from neuron import h  # noqa: E402

h.load_file("stdrun.hoc")

from .catalogue import SHIPPED  # noqa: E402

PACKAGE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_DIR.parent  # a checkout: pyproject.toml beside the package
LIB_NAMES = ("libnrnmech.so", ".libs/libnrnmech.so", "libnrnmech.dylib")
_loaded: dict = {}
# the SUFFIXes of the mechanisms leakmodels ships, which must all be known to NEURON
REQUIRED_MECHANISMS = tuple(m.suffix for m in SHIPPED)


class MechanismsNotCompiledError(RuntimeError):
    """The NMODL mechanisms of leakmodels are not compiled or cannot be loaded."""


def known_mechanisms() -> set:
    """Names of the density mechanisms NEURON knows now."""
    mt = h.MechanismType(0)
    name = h.ref("")
    names = set()
    for i in range(int(mt.count())):
        mt.select(i)
        mt.selected(name)
        names.add(name[0])
    return names


def mod_files() -> list:
    """The .mod sources shipped with the package, sorted by name."""
    folder = resources.files("leakmodels") / "mechanisms" / "mod"
    return sorted((Path(str(p)) for p in folder.iterdir() if p.name.endswith(".mod")),
                  key=lambda p: p.name)


def build_key() -> str:
    """Hash of the sources, NEURON's version and the machine: one compiled library each."""
    digest = hashlib.sha256()
    for path in mod_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"{neuron.__version__}|{platform.machine()}|{sys.platform}".encode())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "leakmodels"


def _library_in(folder: Path) -> Path | None:
    for arch in dict.fromkeys([platform.machine(), "x86_64", "arm64", "aarch64", "umac"]):
        for name in LIB_NAMES:
            lib = folder / arch / name
            if lib.exists():
                return lib
    return None


def is_checkout() -> bool:
    return (REPO_ROOT / "pyproject.toml").exists() and (REPO_ROOT / "mechanisms").is_dir()


def checkout_library() -> tuple:
    """(library, why it is stale or '') of a checkout built with `nrnivmodl mechanisms`."""
    if not is_checkout():
        return None, ""
    lib = _library_in(REPO_ROOT)
    if lib is None:
        return None, ""
    built = lib.stat().st_mtime
    newer = [p.name for p in mod_files() if p.stat().st_mtime > built]
    listed = (lib.parent.parent if lib.parent.name == ".libs" else lib.parent) / "mod_func.cpp"
    missing = []
    if listed.exists():
        text = listed.read_text(errors="replace")
        missing = [p.name for p in mod_files() if f"{p.stem}.mod" not in text]
    if newer or missing:
        what = ", ".join(newer + missing)
        return lib, f"{lib} is older than (or lacks) {what}"
    return lib, ""


def _cwd_library() -> Path | None:
    """The library NEURON auto-loads from the working folder at `import neuron`, if any."""
    return _library_in(Path.cwd())


def compile_mechanisms(force: bool = False, quiet: bool = False) -> Path:
    """The cache's compiled library for the shipped sources, compiling it first if needed
    (under a lock: one process compiles, the others wait and use its build)."""
    root = cache_root()
    key = build_key()
    target = root / key
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lib = _library_in(target)
        if lib is not None and not force:
            return lib
        nrnivmodl = shutil.which("nrnivmodl", path=f"{Path(sys.executable).parent}{os.pathsep}"
                                 f"{os.environ.get('PATH', '')}")
        if nrnivmodl is None:
            raise MechanismsNotCompiledError(
                "nrnivmodl (NEURON's NMODL compiler) was not found: install NEURON "
                "(pip install neuron) in this environment.")
        if not quiet:
            print(f"leakmodels: compiling its NMODL mechanisms once, into {target} ...",
                  file=sys.stderr, flush=True)
        work = root / f"{key}.tmp{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        (work / "mod").mkdir(parents=True)
        for path in mod_files():
            shutil.copy2(path, work / "mod" / path.name)
        done = subprocess.run([nrnivmodl, "mod"], cwd=work, capture_output=True, text=True)
        if done.returncode != 0 or _library_in(work) is None:
            tail = (done.stdout + done.stderr)[-2000:]
            raise MechanismsNotCompiledError(f"nrnivmodl failed in {work}:\n{tail}")
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)
        return _library_in(target)


def load_mechanisms() -> Path | None:
    """Make sure NEURON knows leakmodels' mechanisms; load them once (see the module doc).
    Returns the library loaded (None if NEURON had them already)."""
    if _loaded:
        return _loaded.get("lib")
    known = known_mechanisms()
    have = [m for m in REQUIRED_MECHANISMS if m in known]
    cwd_lib = _cwd_library()
    if len(have) == len(REQUIRED_MECHANISMS):
        lib, stale = checkout_library()
        if stale and cwd_lib is not None and cwd_lib.resolve() == lib.resolve():
            raise MechanismsNotCompiledError(
                f"NEURON auto-loaded {lib} from the working folder, but {stale}. Run "
                f"`cd {REPO_ROOT} && nrnivmodl mechanisms` (or delete {lib.parent}) and start "
                "Python again.")
        _loaded["lib"] = None
        return None
    if have:
        cause = (f"NEURON auto-loaded {cwd_lib} from the working folder {Path.cwd()} when it "
                 "was imported (another project's compiled mechanisms)" if cwd_lib else
                 "another mechanism library was loaded before leakmodels'")
        raise MechanismsNotCompiledError(
            f"NEURON already knows {', '.join(have)} but not "
            f"{', '.join(m for m in REQUIRED_MECHANISMS if m not in known)}: {cause}. Start "
            "Python from another folder (one without an x86_64/ of compiled mechanisms), or "
            "import leakmodels before loading other mechanisms.")
    lib, stale = checkout_library()
    if lib is None or stale:
        if stale:
            print(f"leakmodels: not using {stale}; run `cd {REPO_ROOT} && nrnivmodl mechanisms` "
                  "to refresh it. Using the per-user cache instead.", file=sys.stderr)
        lib = compile_mechanisms()
    if not h.nrn_load_dll(str(lib)):
        raise MechanismsNotCompiledError(
            f"NEURON could not load {lib}. Run `leakmodels compile --force` to rebuild it.")
    still = [m for m in REQUIRED_MECHANISMS if m not in known_mechanisms()]
    if still:
        raise MechanismsNotCompiledError(
            f"{lib} lacks {', '.join(still)}: it is out of date. Run `leakmodels compile "
            "--force`" + (f" (or `cd {REPO_ROOT} && nrnivmodl mechanisms`)" if is_checkout() else "")
            + ".")
    _loaded["lib"] = lib
    return lib
