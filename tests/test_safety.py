"""Safety: no pickle or eval in the package, SQL only with bound values, search input is data."""
import ast
import sqlite3
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.registry import Registry, RegistryError
from pipeline.search import SearchError, search

PKG = Path(__file__).resolve().parents[1] / "pipeline"
SOURCES = sorted(PKG.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PKG)))
def test_no_code_loaded_from_files(path):
    """No module may unpickle, eval or exec: models are JSON and .npz files read with allow_pickle=False."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not any(n.split(".")[0] in {"pickle", "cPickle", "dill", "cloudpickle", "joblib", "marshal",
                                              "shelve"} for n in names), (path, names)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"eval", "exec", "compile", "__import__"}, (path, node.lineno)
        if isinstance(node, ast.keyword) and node.arg == "allow_pickle":
            assert isinstance(node.value, ast.Constant) and node.value.value is False, (path, node.value.lineno)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "load"
                and isinstance(node.func.value, ast.Name) and node.func.value.id in {"np", "numpy"}):
            assert any(k.arg == "allow_pickle" for k in node.keywords), (path, node.lineno)  # and False, as above


_SQL_START = ("SELECT", "INSERT", "DELETE", "UPDATE", "CREATE", "DROP", "ALTER", "PRAGMA")


def _sql_fstrings(path):
    """The f-strings of a module that build SQL statements."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            head = "".join(v.value for v in node.values if isinstance(v, ast.Constant)).lstrip().upper()
            if head.startswith(_SQL_START):
                yield node


@pytest.mark.parametrize("path", [p for p in SOURCES if list(_sql_fstrings(p))], ids=lambda p: p.name)
def test_sql_is_parameterised(path):
    """A statement built at run time may only paste table and column names (loop variables
    over the fixed schema lists, checked against them before use); values always go
    through ``?``."""
    allowed = {"t", "tbl", "table", "cols", "key", "c"}
    for fs in _sql_fstrings(path):
        for node in fs.values:
            if isinstance(node, ast.FormattedValue):
                inner = node.value
                name = inner.id if isinstance(inner, ast.Name) else None
                assert name in allowed, (path.name, fs.lineno, ast.unparse(inner))


def test_hostile_names_and_queries_are_data(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "x'); DROP TABLE documents;--.txt").write_text(
        "Tan Phu commune has 1,240 households. Chairman Nguyen Van An said so.\n", encoding="utf-8")
    db = tmp_path / "r.db"
    run_batch([str(src)], tmp_path / "out", registry=db, models="none")
    with Registry(db) as reg:
        assert reg.counts()["documents"] == 1
        for q in ["'; DROP TABLE figures; --", "households\" OR 1=1 --", "tan phu"]:
            try:
                search(reg, q)
            except SearchError:
                pass  # a query FTS5 cannot parse is refused with a message
        assert [r["text"] for r in search(reg, "households", org="x') OR 1=1 --")] == []
        with pytest.raises(RegistryError):
            reg.rows("documents; DROP TABLE figures")
        assert reg.counts()["figures"] == 1
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
