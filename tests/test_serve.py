"""`praxis serve` (issue 13): Datasette on 127.0.0.1 with facets, canned queries and the
same accent folding as `praxis search`."""
import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

pytest.importorskip("datasette")

DOCS = {
    "c.txt": "Điện Biên sets its targets for 2025\nIn 2025, Điện Biên province strives for budget revenue of 3,200 billion VND.\n",
    "d.txt": "Nam Dinh reviews 2024\nIn 2024, Nam Dinh province admitted 1,200 new Party members.\n",
    "e.txt": "Dien Bien reviews 2025\nIn 2025, budget revenue of Dien Bien province reached 3,350 billion VND.\n",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    d = tmp / "in"
    d.mkdir()
    for name, text in DOCS.items():
        (d / name).write_text(text, encoding="utf-8")
    reg = tmp / "reg.db"
    r = CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp / "o"), "--registry", str(reg), "--quiet",
                                 "--models", "none"])
    assert r.exit_code == 0, r.output
    CliRunner().invoke(app, ["audit", "--registry", str(reg), "--out", str(tmp / "audit.csv")])
    port = _free_port()
    exe = Path(sys.executable).with_name("praxis")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline.cli"]
    proc = subprocess.Popen(cmd + ["serve", "--registry", str(reg), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/reg"
    for _ in range(100):
        try:
            _get(base + ".json")
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode())
            time.sleep(0.2)
    yield base
    import psutil

    children = psutil.Process(proc.pid).children(recursive=True)  # Datasette
    assert children
    proc.terminate()  # SIGTERM, as a service manager stops it
    assert proc.wait(timeout=10) == 143
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, "praxis serve left Datasette running"


def test_the_targets_page_has_its_facets(server):
    page = _get(server + "/targets")
    for facet in ("organization", "indicator", "period", "status"):
        assert f'id="facet-{facet}"' in page  # a facet the metadata sets, shown without asking
    data = json.loads(_get(server + "/targets.json?_shape=objects"))
    assert any(r["indicator"] == "state_budget_revenue" for r in data["rows"])


@pytest.mark.parametrize("q, docs", [("dien bien", {"c.txt", "e.txt"}), ("Điện Biên", {"c.txt"}), ("năm", set())])
def test_the_search_query_folds_only_without_marks(server, q, docs):
    rows = json.loads(_get(server + "/search.json?_shape=array&q=" + urllib.parse.quote(q)))
    assert {r["doc_id"] for r in rows} == docs


def test_canned_queries(server):
    rows = json.loads(_get(server + "/targets_of_a_place.json?_shape=array&place=" + urllib.parse.quote("dien bien")))
    assert rows and all("Bi" in r["organization"] for r in rows)
    assert isinstance(json.loads(_get(server + "/contradictions.json?_shape=array")), list)
    assert isinstance(json.loads(_get(server + "/results_against_targets.json?_shape=array")), list)
