"""The shape of the package: no import cycles, run-time code never imports training code,
and one schema drives the tables, the registry and the search display."""
import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "pipeline"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, is_pkg: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".")
        keep = parts if is_pkg else parts[:-1]
        keep = keep[: len(keep) - (node.level - 1)]
        base = ".".join(keep + ([node.module] if node.module else []))
    # "from . import rules" imports the submodule pipeline.rules
    return [base] + [f"{base}.{a.name}" for a in node.names]


def import_graph() -> dict[str, set[str]]:
    """Every import of every module of the package, at the top or inside a function."""
    files = sorted(PKG.rglob("*.py"))
    modules = {_module_name(f): f for f in files}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for m, f in modules.items():
        tree = ast.parse(f.read_text(encoding="utf-8"))
        is_pkg = f.name == "__init__.py"
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                targets = _resolve(m, is_pkg, node)
            for t in targets:
                if t in modules and t != m:
                    graph[m].add(t)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _ignore_packages(graph):
    """A package's __init__ importing its own modules is not a cycle through them."""
    return {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}


def test_no_import_cycles():
    assert find_cycles(_ignore_packages(import_graph())) == []


def test_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        m = todo.pop()
        for t in graph.get(m, ()):
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen


@pytest.mark.parametrize("module", ["pipeline.nlp", "pipeline.worker", "pipeline.learn.runtime", "pipeline.batch"])
def test_run_time_code_never_imports_training_code(module):
    reach = _reachable(import_graph(), module)
    assert "pipeline.learn.train" not in reach and "pipeline.learn.spans" not in reach, sorted(reach)


def test_one_schema_drives_tables_registry_and_search(tmp_path):
    import sqlite3

    from pipeline import schema, search, tables
    from pipeline.registry import Registry

    assert tables.COLUMNS is schema.COLUMNS and search.DISPLAY is schema.DISPLAY
    with Registry(tmp_path / "r.db") as reg:
        for t in schema.TABLE_NAMES:
            cols = [r[1] for r in reg.db.execute(f"PRAGMA table_info({t})")]
            assert [c for c in cols if c in schema.COLUMNS[t]] == schema.COLUMNS[t]
    con = sqlite3.connect(tmp_path / "r.db")
    assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
