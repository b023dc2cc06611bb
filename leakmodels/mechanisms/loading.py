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
import re
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


def known_mechanisms(points: bool = False) -> set:
    """Names of the density mechanisms NEURON knows now (points: and of its point
    processes and artificial cells)."""
    names = set()
    for kind in ((0, 1) if points else (0,)):
        mt = h.MechanismType(kind)
        name = h.ref("")
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


def library_in(folder: Path) -> Path | None:
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
    lib = library_in(REPO_ROOT)
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
    return library_in(Path.cwd())


def compile_mechanisms(force: bool = False, quiet: bool = False) -> Path:
    """The cache's compiled library for the shipped sources, compiling it first if needed
    (under a lock: one process compiles, the others wait and use its build)."""
    return compile_sources(mod_files(), build_key(), "its NMODL mechanisms", force, quiet)


def compile_sources(sources, key: str, what: str, force: bool = False,
                    quiet: bool = False) -> Path:
    """The library nrnivmodl makes of the .mod files `sources`, in the cache under `key`
    (compiled once, under a file lock; a failure names the compiler's first error)."""
    root = cache_root()
    target = root / key
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lib = library_in(target)
        if lib is not None and not force:
            return lib
        nrnivmodl = shutil.which("nrnivmodl", path=f"{Path(sys.executable).parent}{os.pathsep}"
                                 f"{os.environ.get('PATH', '')}")
        if nrnivmodl is None:
            raise MechanismsNotCompiledError(
                "nrnivmodl (NEURON's NMODL compiler) was not found: install NEURON "
                "(pip install neuron) in this environment.")
        if not quiet:
            print(f"leakmodels: compiling {what} once, into {target} ...",
                  file=sys.stderr, flush=True)
        work = root / f"{key}.tmp{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        (work / "mod").mkdir(parents=True)
        for path in sources:
            shutil.copy2(path, work / "mod" / Path(path).name)
        done = subprocess.run([nrnivmodl, "mod"], cwd=work, capture_output=True, text=True)
        if done.returncode != 0 or library_in(work) is None:
            log = root / f"{key}.log"
            log.write_text(done.stdout + done.stderr)
            shutil.rmtree(work, ignore_errors=True)
            raise MechanismsNotCompiledError(
                f"nrnivmodl could not compile {what}: {first_error(done.stdout + done.stderr)}"
                f" (the compiler's whole output: {log})")
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)
        return library_in(target)


_NMODL_ERROR = re.compile(r"Error:\s*(.*?) at line (\d+) in file (\S+)")
_CXX_ERROR = re.compile(r"([\w.-]+)\.(?:cpp|c):(\d+):(?:\d+:)?\s*(?:fatal )?error:\s*(.*)")


def first_error(output: str) -> str:
    """The compiler's first error, named by the .mod file it is in: NMODL's translator
    (its file, line and the line itself) or the C++ compiler (on the file translated from the
    .mod; what the translator warned of in that file comes with it)."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        m = _NMODL_ERROR.search(line)
        if m:
            source = next((x.strip() for x in lines[i + 1:i + 2] if x.strip()), "")
            return f"{m.group(3)} line {m.group(2)}: {m.group(1)}" + (
                f": {source!r}" if source else "")
    for line in lines:
        m = _CXX_ERROR.search(line)
        if m:
            warned = _translator_warnings(lines, f"{m.group(1)}.mod")
            note = f" (the translator warned: {'; '.join(warned)})" if warned else ""
            return f"{m.group(1)}.mod, in the C++ made from it: {m.group(3)}{note}"
    rest = [x for x in lines if "error" in x.lower()]
    return rest[0].strip() if rest else (lines[-1].strip() if lines else "no output")


def _translator_warnings(lines: list, mod: str) -> list:
    """What NMODL's translator warned of while translating `mod`."""
    out, inside = [], False
    for line in lines:
        if "Translating" in line or "Compiling" in line or "NMODL" in line:
            inside = f"Translating {mod}" in line
        elif inside and line.strip().startswith("Warning:"):
            out.append(line.strip().removeprefix("Warning:").strip())
    return out


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
