"""The one place that talks to NEURON's start-up: the `h` handle and the compiled mechanisms.

`load_mechanisms()` loads the library that `nrnivmodl mechanisms` builds at the repository
root, once, by its absolute path. `import neuron` started in the repository root has already
auto-loaded `x86_64/libnrnmech.so`; loading the same library again by another path aborts
NEURON, so we first ask NEURON which mechanisms it knows and load nothing if ours are there.
"""
from __future__ import annotations

import platform
from pathlib import Path

from neuron import h

h.load_file("stdrun.hoc")

REPO_ROOT = Path(__file__).resolve().parent.parent
MECHANISM_DIR = REPO_ROOT / "mechanisms"
REQUIRED_MECHANISMS = ("kleak", "naleak", "nakpump", "nakacc", "hcn", "nav", "kdr")
_COMPILE_HINT = f"cd {REPO_ROOT} && nrnivmodl mechanisms"


class MechanismsNotCompiledError(RuntimeError):
    """The NMODL mechanisms of leakmodels are not compiled or not loadable."""


def known_mechanisms() -> set[str]:
    """Names of the density mechanisms NEURON knows now."""
    mt = h.MechanismType(0)
    name = h.ref("")
    names = set()
    for i in range(int(mt.count())):
        mt.select(i)
        mt.selected(name)
        names.add(name[0])
    return names


def _library_candidates() -> list[Path]:
    arch = platform.machine()
    names = [arch, "x86_64", "arm64", "aarch64", "umac", "powerpc"]
    out = []
    for a in dict.fromkeys(names):
        out += [REPO_ROOT / a / "libnrnmech.so", REPO_ROOT / a / ".libs" / "libnrnmech.so",
                REPO_ROOT / a / "libnrnmech.dylib"]
    return out


def load_mechanisms() -> None:
    """Make sure kleak, naleak, nakpump, nakacc, hcn, nav and kdr are loaded; load them once."""
    missing = [m for m in REQUIRED_MECHANISMS if m not in known_mechanisms()]
    if not missing:
        return
    if len(missing) < len(REQUIRED_MECHANISMS):
        raise MechanismsNotCompiledError(
            f"NEURON knows only some leakmodels mechanisms (missing: {', '.join(missing)}): "
            f"another mechanism library was loaded first. Recompile with `{_COMPILE_HINT}` "
            "and start a new Python process."
        )
    for lib in _library_candidates():
        if lib.exists():
            ok = h.nrn_load_dll(str(lib))
            if not ok:
                raise MechanismsNotCompiledError(
                    f"NEURON could not load {lib}. Recompile with `{_COMPILE_HINT}`."
                )
            break
    else:
        raise MechanismsNotCompiledError(
            f"The leakmodels mechanisms are not compiled (no libnrnmech.so under {REPO_ROOT}). "
            f"Run `{_COMPILE_HINT}` once, then import leakmodels again."
        )
    still = [m for m in REQUIRED_MECHANISMS if m not in known_mechanisms()]
    if still:
        raise MechanismsNotCompiledError(
            f"The compiled library lacks {', '.join(still)}: it is out of date. "
            f"Run `{_COMPILE_HINT}`."
        )
