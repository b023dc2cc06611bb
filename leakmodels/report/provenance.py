"""Where a result came from: package version, git commit, NEURON version, command line, time.

`provenance()` returns these as a dict of strings; reports and tables record it so that a
number read later can be traced to the code and the command that measured it.
"""
from __future__ import annotations

import datetime as _dt
import platform
import shlex
import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import __version__

PACKAGE_DIR = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=None)
def git_commit() -> str:
    """The checkout's commit (with '+changes' if the tree is dirty), or '' if not a checkout."""
    root = PACKAGE_DIR.parent
    if not (root / ".git").exists():
        return ""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root,
                              capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    if head.returncode != 0:
        return ""
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def package_version() -> str:
    try:
        installed = metadata.version("leakmodels")
    except metadata.PackageNotFoundError:
        installed = __version__
    return installed


def neuron_version() -> str:
    try:
        return metadata.version("neuron")
    except metadata.PackageNotFoundError:
        return "unknown"


def provenance(argv=None) -> dict:
    """{leakmodels, git_commit, neuron, python, command, measured_at} as strings."""
    argv = sys.argv if argv is None else argv
    return {"leakmodels": package_version(), "git_commit": git_commit() or "none",
            "neuron": neuron_version(), "python": platform.python_version(),
            "command": " ".join(shlex.quote(a) for a in argv),
            "measured_at": _dt.datetime.now().isoformat(timespec="seconds")}


def provenance_line(prov: dict) -> str:
    return (f"leakmodels {prov['leakmodels']} (commit {prov['git_commit']}), NEURON "
            f"{prov['neuron']}, Python {prov['python']}; `{prov['command']}`; "
            f"{prov['measured_at']}")
