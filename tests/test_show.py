"""praxis show: one document as a self-contained page with its spans highlighted and their fields."""
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

DOC = ("Tan Phu: site clearance lags\n"
       "Mr. Le Hoang Nam, Vice Chairman of the Tan Phu District People's Committee, said the district had "
       "disbursed VND 412.5 billion, reaching 41% of the plan. By 2025 the district strives to have 15 communes "
       "meeting new rural standards. However, site clearance is still slow because of disputes over "
       "compensation prices <script>alert(1)</script>.\n")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external, self.anchors, self.ids, self.tags = [], [], set(), set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        for k in ("href", "src"):
            v = a.get(k) or ""
            if v.startswith(("http:", "https:", "//")):
                self.external.append(v)
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.anchors.append(a["href"][1:])
        if a.get("id"):
            self.ids.add(a["id"])


@pytest.fixture()
def page(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(DOC, encoding="utf-8")
    out = tmp_path / "page.html"
    r = CliRunner().invoke(app, ["show", str(src), "--out", str(out), "--models", "none"])
    assert r.exit_code == 0, r.output
    return out


def test_show_writes_a_self_contained_page_with_spans_and_fields(page):
    html = page.read_text(encoding="utf-8")
    p = _Page()
    p.feed(html)
    assert p.external == [] and "script" not in p.tags and "link" not in p.tags  # renders offline
    assert "&lt;script&gt;" in html  # the document's text is escaped
    for label in ("OFFICIAL", "FIGURE result", "FIGURE target", "OBSTACLE land", "PLACE district"):
        assert label in html, label
    assert p.anchors and set(p.anchors) <= p.ids  # every highlight links to its row of fields
    row = re.search(r"<tr id='F\d+'>(.*?)</tr>", html).group(1)
    assert "412500000000" in row and "VND" in row and "result" in row
    assert "Vice Chairman of the Tan Phu District People&#x27;s Committee" in html
    # one block per line of the document, words written as in it ("plan.", not "plan .")
    assert html.count('class="spans"') == 2 and "meeting new rural standards." in html and "said the district had disbursed" in html


def test_show_default_name_and_bad_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    r = CliRunner().invoke(app, ["show", "a.txt", "--models", "none"])
    assert r.exit_code == 0 and (tmp_path / "a.txt.html").exists()
    r = CliRunner().invoke(app, ["show", "missing.txt"])
    assert r.exit_code == 2 and "cannot read missing.txt" in r.output


@pytest.mark.skipif(not shutil.which("chromium"), reason="no headless Chromium on this machine")
def test_show_renders_in_headless_chromium(page, tmp_path):
    shot = tmp_path / "shot.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,1400",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
