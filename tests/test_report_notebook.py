"""The HTML report is self-contained and renders; the notebook runs end to end."""
import base64
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOC = """Hai Duong: budget revenue exceeds estimate
In 2024, budget revenue of Hai Duong province reached 25,300 billion VND, equal to 108% of the estimate.
The province strives for GRDP growth of 9-9.5% in 2025; growth in 2024 was estimated at 9.2%.
The province achieved and exceeded 14/17 targets of the resolution.
"""


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs, self.links = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        for k in ("href", "src"):
            if a.get(k, "").startswith(("http:", "https:", "//")):
                self.links.append(a[k])


@pytest.fixture()
def report_path(tmp_path):
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    db = tmp_path / "r.db"
    CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--registry", str(db), "--quiet"])
    out = tmp_path / "report.html"
    r = CliRunner().invoke(app, ["report", "--registry", str(db), "--out", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_report_is_self_contained(report_path):
    page = report_path.read_text(encoding="utf-8")
    p = _Collect()
    p.feed(page)
    assert p.links == []  # nothing fetched from elsewhere
    assert p.imgs and all(s.startswith("data:image/png;base64,") for s in p.imgs)
    for s in p.imgs:
        assert base64.b64decode(s.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Audit" in page and "Rows per table" in page
    assert re.search(r"part_whole</td><td class='consistent'>consistent", page)


@pytest.mark.skipif(not shutil.which("chromium"), reason="no headless Chromium on this machine")
def test_report_renders_in_headless_chromium(report_path, tmp_path):
    shot = tmp_path / "shot.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,1400",
                    f"--screenshot={shot}", report_path.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000


def _refresh_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("notebook_refresh", ROOT / "notebooks" / "refresh.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_notebook_runs_on_a_sample_and_cleans_up(tmp_path):
    pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    nb = _refresh_module().run()  # as `python notebooks/refresh.py` runs it, without saving
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert not re.search(r"^\s*(?:def|class)\s", code, re.M)  # no logic of its own
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert any(o.get("output_type") == "display_data" and "image/png" in o.get("data", {}) for o in outputs)
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    n, work = re.search(r"(\d+) documents; working in (\S+)", text).groups()
    assert 10 <= int(n) <= 40  # a sample, not the whole corpus
    assert not Path(work).exists()  # the temporary folder is gone


def test_the_notebook_is_saved_with_its_outputs():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(ROOT / "notebooks" / "walkthrough.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code)
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))  # one run, top to bottom
    assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs)
