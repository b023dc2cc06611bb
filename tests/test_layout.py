"""The package's shape: the import graph has no cycle, no module imports one of the package's
inside a function (the way cycles were dodged), the spec never reaches NEURON, every module
says what it owns in a docstring, none is over ~400 lines."""
import ast
from pathlib import Path

import leakmodels

PACKAGE = Path(leakmodels.__file__).resolve().parent
MAX_LINES = 420


def _modules() -> dict:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path, modules: dict, top_level_only: bool) -> set:
    """The package's modules that module `name` imports (a name imported from a package
    that is a module of it counts as that module)."""
    tree = ast.parse(path.read_text())
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            base = (".".join(package[:len(package) - node.level + 1] + [node.module or ""])
                    .rstrip(".") if node.level else node.module or "")
            found |= {c for c in [base] + [f"{base}.{a.name}" for a in node.names] if c in modules}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
    found.discard(name)
    # a package's own submodules imported by its __init__ are not a cycle back to it
    return {m for m in found if not (path.name == "__init__.py" and m.startswith(name + "."))}


def _graph() -> dict:
    modules = _modules()
    return {name: _imports(name, path, modules, True) for name, path in modules.items()}


def test_the_import_graph_has_no_cycle():
    graph = _graph()
    state, cycles = {}, []

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_no_module_imports_the_package_inside_a_function():
    """An import of the package inside a function is how a cycle hides; optional or heavy
    third-party packages (mpi4py, pandas, scipy) may still be imported where used."""
    modules = _modules()
    late = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "")
                                                             .startswith("leakmodels")):
                        late.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not late, late


def test_the_spec_never_reaches_neuron():
    """Everything leakmodels.spec imports, however indirectly, is NEURON-free: the spec and
    the mechanisms' declarations, never mechanisms.loading (which starts NEURON)."""
    graph = _graph()
    seen, todo = set(), [m for m in graph if m.startswith("leakmodels.spec")]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo += graph[m]
    assert "leakmodels.mechanisms.loading" not in seen
    assert all(m.startswith(("leakmodels.spec", "leakmodels.mechanisms")) or m == "leakmodels"
               for m in seen), sorted(seen)


def test_every_module_says_what_it_owns_and_is_short():
    for name, path in _modules().items():
        text = path.read_text()
        assert ast.get_docstring(ast.parse(text)), f"{name} has no docstring"
        assert text.count("\n") <= MAX_LINES, f"{name}: {text.count(chr(10))} lines"


# tests that are about the whole package rather than one module
CROSS_CUTTING = {"test_layout.py", "test_analytic_limits.py", "test_robustness.py",
                 "test_docstrings.py"}


def test_tests_mirror_the_modules():
    """tests/<package>/test_<module>.py for leakmodels/<package>/<module>.py (a package's
    __init__ is test_init.py); tests/mechanisms/mod/ holds the .mod files' tests; the few
    cross-cutting ones stand at the top."""
    tests = Path(__file__).resolve().parent
    modules = set(_modules())
    stray = []
    for path in tests.rglob("test_*.py"):
        rel = path.relative_to(tests)
        if rel.parts[:2] == ("mechanisms", "mod") or rel.name in CROSS_CUTTING:
            continue
        stem = rel.with_suffix("").parts
        name = ".".join(["leakmodels", *stem[:-1], stem[-1][len("test_"):]])
        if name.endswith(".init"):
            name = name[:-len(".init")]
        if name not in modules:
            stray.append(str(rel))
    assert not stray, f"tests without their module: {stray}"
