"""The import graph runs one way (docs/architecture.md), read from the source itself."""

import ast
from pathlib import Path

import geoplan

PACKAGE = Path(geoplan.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(tree: ast.AST, names: set[str], *, module_level: bool) -> set[str]:
    """geoplan modules a module imports (module level only, or anywhere); TYPE_CHECKING left out."""
    nodes: list[ast.AST] = []
    if module_level:
        for node in tree.body:  # type: ignore[attr-defined]
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            nodes.extend([node, *getattr(node, "body", [])])
    else:
        nodes = list(ast.walk(tree))
    out = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("geoplan"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in names else str(node.module))
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("geoplan")}
    return out & names


def _graph(*, module_level: bool) -> dict[str, set[str]]:
    modules = _modules()
    names = set(modules)
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = _imports(tree, names, module_level=module_level) - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle, as the modules along it, or [] (depth-first search)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep)):
                return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_the_finder_sees_a_cycle_when_there_is_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_modules_import_each_other_one_way():
    graph = _graph(module_level=True)
    assert len(graph) > 50  # the whole package was read
    assert _cycle(graph) == []


def test_the_library_never_imports_the_app():
    graph = _graph(module_level=False)  # lazy imports inside functions count too
    offenders = {
        module: sorted(d for d in deps if d.startswith("geoplan.app"))
        for module, deps in graph.items()
        if not module.startswith("geoplan.app")
    }
    assert {m: d for m, d in offenders.items() if d} == {}


def test_query_does_not_import_the_atlas():
    graph = _graph(module_level=False)
    for module, deps in graph.items():
        if module.startswith(("geoplan.query", "geoplan.compare", "geoplan.maps")):
            assert "geoplan.atlas" not in deps, module
