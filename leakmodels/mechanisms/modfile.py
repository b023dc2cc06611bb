"""What an NMODL file declares in its NEURON block: SUFFIX (or POINT_PROCESS), USEION lines,
RANGE, GLOBAL and NONSPECIFIC_CURRENT names, THREADSAFE; and its STATE names (per segment,
like RANGE). Plain text parsing, no NEURON.

`read_mod(path)` returns a `ModFile`; it is how a .mod file is held against its declaration
(every RANGE variable a declaration names must be RANGE there: a PARAMETER left out of RANGE
silently becomes GLOBAL, one value for every segment).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_COMMENT_BLOCK = re.compile(r"^\s*COMMENT\b.*?^\s*ENDCOMMENT\b", re.S | re.M)
_NEURON_BLOCK = re.compile(r"\bNEURON\s*\{(.*?)\}", re.S)
_STATE_BLOCK = re.compile(r"\bSTATE\s*\{(.*?)\}", re.S)
_NAME = re.compile(r"\b(?:SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+(\w+)")
_USEION = re.compile(r"USEION\s+(\w+)((?:\s+(?:READ|WRITE|VALENCE)\s+[\w\s,.+-]+?)*)\s*$")


@dataclass(frozen=True)
class ModFile:
    """The NEURON block of one .mod file. useion: ((ion, reads, writes), ...) in file order."""

    path: str
    suffix: str
    point_process: bool
    useion: tuple
    range_vars: tuple
    states: tuple
    global_vars: tuple
    nonspecific: tuple
    threadsafe: bool


def _names(text: str) -> list:
    return [n for n in re.split(r"[\s,]+", text.strip()) if n]


def _code(path: Path) -> str:
    """A .mod file's text without its comments (COMMENT blocks, ':' to the end of a line),
    its lines ended by \n (old Mac files end them with \r alone)."""
    text = path.read_text(errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r":.*", "", _COMMENT_BLOCK.sub("", text))


def mechanism_name(path) -> str:
    """The name a .mod file gives its mechanism (SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL),
    wherever it stands in the NEURON block (a block on one line included)."""
    block = _NEURON_BLOCK.search(_code(Path(path)))
    name = _NAME.search(block.group(1)) if block else None
    if name is None:
        raise ValueError(f"{path}: no NEURON block with a SUFFIX, POINT_PROCESS or "
                         "ARTIFICIAL_CELL: is it an NMODL file?")
    return name.group(1)


def read_mod(path) -> ModFile:
    """Parse the NEURON block of the .mod file at `path` (ValueError if there is none)."""
    path = Path(path)
    text = _code(path)
    block = _NEURON_BLOCK.search(text)
    if block is None:
        raise ValueError(f"{path}: no NEURON block; is it an NMODL file?")
    suffix, point, useion, ranges, globals_, nonspecific = "", False, [], [], [], []
    threadsafe = False
    for raw in block.group(1).splitlines():
        line = raw.strip()
        if not line:
            continue
        word, _, rest = line.partition(" ")
        if word in ("SUFFIX", "POINT_PROCESS", "ARTIFICIAL_CELL"):
            suffix, point = rest.strip(), word != "SUFFIX"
        elif word == "USEION":
            m = _USEION.match(line)
            if m is None:
                raise ValueError(f"{path}: cannot read {line!r}")
            parts = re.split(r"\b(READ|WRITE|VALENCE)\b", m.group(2))
            reads, writes = [], []
            for key, value in zip(parts[1::2], parts[2::2]):
                if key == "READ":
                    reads += _names(value)
                elif key == "WRITE":
                    writes += _names(value)
            useion.append((m.group(1), tuple(reads), tuple(writes)))
        elif word == "RANGE":
            ranges += _names(rest)
        elif word == "GLOBAL":
            globals_ += _names(rest)
        elif word == "NONSPECIFIC_CURRENT":
            nonspecific += _names(rest)
        elif word == "THREADSAFE":
            threadsafe = True
    if not suffix:
        raise ValueError(f"{path}: its NEURON block has no SUFFIX or POINT_PROCESS.")
    state = _STATE_BLOCK.search(text)
    # STATE names, each maybe followed by its unit (in parentheses) and its tolerance (in
    # angle brackets): per segment, like RANGE
    body = re.sub(r"\([^)]*\)|<[^>]*>", " ", state.group(1)) if state else ""
    states = re.findall(r"[A-Za-z_]\w*", body)
    return ModFile(str(path), suffix, point, tuple(useion), tuple(ranges), tuple(states),
                   tuple(globals_), tuple(nonspecific), threadsafe)
