"""The package's import graph has no cycles, and the store sits below everything that uses it.

The graph is built from the source with ``ast``: every ``import``, including the ones inside functions.  Left out
are ``if TYPE_CHECKING:`` blocks (they never run) and the function bodies of the public facade
``newsgraph/__init__.py`` (``newsgraph.extract`` and the PEP 562 ``__getattr__`` import the pipeline or the store
when they are called, never while a module is being imported; a module that reads ``newsgraph.__version__`` must
not count as importing the pipeline).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
# what the store layer (the store package, clustering and queries) may import from newsgraph
STORE_LAYER = ("newsgraph.store", "newsgraph.cluster", "newsgraph.query")
# Actor codes are checked against the lexicon (validate → lexicon: data modules that import nothing above them).
STORE_MAY_USE = (
    *STORE_LAYER,
    "newsgraph.errors",
    "newsgraph.records",
    "newsgraph.validate",
    "newsgraph.lexicon",
)


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "newsgraph").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _unimported_nodes(tree: ast.Module, is_facade: bool) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for child in node.body for n in ast.walk(child)}
    for node in tree.body:
        if is_facade and isinstance(node, ast.FunctionDef):
            skip |= {id(n) for n in ast.walk(node)}
    return skip


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _unimported_nodes(tree, module == "newsgraph")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {_resolve(a.name, known) for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else _resolve(base, known))
    return {m for m in found if m and m.startswith("newsgraph") and m != module}


def import_graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imports(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    graph = import_graph()
    assert "newsgraph.store.duckdb" in graph and graph["newsgraph.store.duckdb"]  # the walk sees imports
    assert cycles(graph) == []


def test_store_layer_uses_nothing_above_it() -> None:
    graph = import_graph()
    for module, deps in graph.items():
        if module.startswith(STORE_LAYER):
            above = sorted(d for d in deps if not d.startswith(STORE_MAY_USE))
            assert above == [], f"{module} imports {above}"


def test_synthetic_data_lives_in_testing() -> None:
    assert "newsgraph.testing" in _modules()
    assert not any(m.startswith("newsgraph.store") and "synthetic" in m for m in _modules())
