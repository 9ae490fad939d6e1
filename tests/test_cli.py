"""End to end: the CLI over .txt, .html, a generated .pdf and bad inputs; the Python API."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import extract, extract_text
from pipeline.cli import app
from pipeline.tables import COLUMNS

SHARED = Path(__file__).resolve().parents[2] / "shared"

TXT = """Thai Hoa commune strives to finish new rural criteria

In Thai Hoa commune, Dong Son district, the commune Party Committee has 18 Party cells with more than 600 Party members.
Comrade Luong Van Tien - Secretary of the Party Committee and Chairman of the People's Council of the commune, said the commune strives to have 3 more OCOP products by 2027.
However, the inter-village road is still badly degraded after the floods.
Comment (0)
"""
HTML = """<html><head><title>Ward budget</title></head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>
<article><h1>Ward budget revenue exceeds estimate</h1><p>Budget revenue of Hiep Phu ward reached 85 billion VND, equal to 112% of the estimate, Ms. Dao Thi Thu, Chairwoman of the Ward People's Committee, said.</p>
<p>The ward plans to build two new kindergartens worth a total of 30 billion VND next year.</p></article>
<footer>Copyright 2025</footer></body></html>"""


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    pages = [["Phu Yen province disbursed 2,150 billion VND of public investment capital,",
              "reaching 58% of the plan. Mr. Cao Thanh Binh, Vice Chairman of the Provincial",
              "People's Committee, asked investors to accelerate the work."],
             ["The province also completed 12 rural roads with a total length of 35 km",
              "and handed them over to the communes for maintenance."]]
    for page, lines in enumerate(pages):
        c.drawString(72, 810, "Provincial News - Special Issue")
        y = 760
        for ln in lines:
            c.drawString(72, y, ln)
            y -= 14
        c.drawString(290, 30, f"{page + 1}")
        c.showPage()
    c.save()


@pytest.fixture()
def inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(TXT, encoding="utf-8")
    (d / "b.html").write_text(HTML, encoding="utf-8")
    make_pdf(d / "c.pdf")
    (d / "d.txt").write_bytes(b"")
    (d / "e.pdf").write_bytes(b"%PDF-1.7 truncated")
    return d


def read(out, table):
    with open(out / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_cli_extract_end_to_end(inputs, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(inputs), "--out", str(out), "--registry", str(tmp_path / "r.db")])
    assert result.exit_code == 3, result.output  # two bad inputs
    docs = {r["doc_id"]: r for r in read(out, "documents")}
    assert set(docs) == {"a.txt", "b.html", "c.pdf", "d.txt", "e.pdf"}
    assert docs["d.txt"]["status"] == "error" and docs["d.txt"]["error"] == "empty file"
    assert docs["e.pdf"]["status"] == "error" and "PDF" in docs["e.pdf"]["error"]
    for t, cols in COLUMNS.items():
        with open(out / f"{t}.csv", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == cols
        assert (out / f"{t}.parquet").exists()
    officials = {r["name"]: r for r in read(out, "officials")}
    assert officials["Luong Van Tien"]["place"].lower() == "thai hoa commune"
    assert "Dao Thi Thu" in officials and "Cao Thanh Binh" in officials
    figures = read(out, "figures")
    assert {(r["doc_id"], float(r["value"])) for r in figures} >= {
        ("a.txt", 18), ("a.txt", 600), ("a.txt", 3), ("b.html", 85e9), ("b.html", 112), ("c.pdf", 2150e9)}
    kinds = {(r["doc_id"], r["text"]): r["kind"] for r in figures}
    assert kinds[("a.txt", "3 more OCOP products")] == "target"
    obstacles = read(out, "obstacles")
    assert [r["category"] for r in obstacles if r["doc_id"] == "a.txt"] == ["infrastructure"]
    # offsets refer to the cleaned text kept in out/texts
    for r in figures + obstacles + list(officials.values()):
        text = (out / "texts" / f"{r['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[int(r["start"]):int(r["end"])] in (r.get("text") or r.get("name"))
    assert "Provincial News" not in (out / "texts" / "c.pdf.txt").read_text(encoding="utf-8")
    assert "documents (2 errors)" in result.output


def test_cli_quiet_and_console_script(inputs, tmp_path):
    out = tmp_path / "o"
    exe = Path(sys.executable).with_name("praxis")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline.cli"]
    proc = subprocess.run(cmd + ["extract", str(inputs / "a.txt"), "--out", str(out), "--quiet", "--no-registry"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert len(read(out, "documents")) == 1


def test_cli_no_inputs(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "none*.txt"), "--out", str(tmp_path / "o"), "--no-registry"])
    assert result.exit_code == 2


def test_api_matches_cli(inputs):
    tables = extract(inputs)
    assert set(tables) == set(COLUMNS)
    assert list(tables["figures"].columns) == COLUMNS["figures"]
    assert len(tables["documents"]) == 5
    one = extract_text(TXT, doc_id="x.txt")
    assert set(one["officials"]["name"]) == {"Luong Van Tien"}


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared not present")
def test_seed_scores_hold(tmp_path):
    """The contract's own scorer on the seeds: the floor set by the extraction issue."""
    out = tmp_path / "seeds"
    CliRunner().invoke(app, ["extract", str(SHARED / "seeds"), "--out", str(out), "--quiet", "--no-registry"])
    proc = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold",
                           str(SHARED / "gold" / "dev"), "--pred", str(out), "--json"],
                          capture_output=True, text=True, check=True)
    res = json.loads(proc.stdout)
    for t in ("officials", "organizations", "figures"):
        assert res[t]["f1"] >= 0.9, (t, res[t]["f1"])
    assert res["obstacles"]["f1"] >= 0.8
    assert res["figures"]["kind_acc"] >= 0.85
