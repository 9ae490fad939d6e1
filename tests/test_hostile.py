"""Hostile files and hostile values (issue 14): each test failed before its fix."""
import csv

import pandas as pd
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.tables import csv_safe, csv_unsafe, read_table

FORMULA_DOC = ("=HYPERLINK(\"http://x\") budget report\n"
               "+In 2024, the commune's budget revenue reached 5 billion VND, said Mr. Tran Van An.\n"
               "@SUM(1) - the commune still lacks 3 teachers.\n")


def test_spreadsheet_formulas_are_neutralised_in_csv_and_exact_in_parquet(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "=cmd.txt").write_text(FORMULA_DOC, encoding="utf-8")
    out = tmp_path / "o"
    r = CliRunner().invoke(app, ["extract", str(d), "--out", str(out), "--quiet", "--no-registry", "--models", "none"])
    assert r.exit_code == 0, r.output
    cells = [c for t in ("documents", "figures", "obstacles") for row in csv.reader((out / f"{t}.csv").open()) for c in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c[1:2].isdigit())]
    assert "'=cmd.txt" in cells
    docs = pd.read_parquet(out / "documents.parquet")
    assert list(docs["doc_id"]) == ["=cmd.txt"]  # Parquet keeps the exact text
    assert list(read_table(out / "documents.csv", "documents")["doc_id"]) == ["=cmd.txt"]
    figs = pd.read_parquet(out / "figures.parquet")
    assert any(s.startswith("+In 2024") for s in figs["sentence"])


def test_the_csv_escape_is_undone_exactly():
    for text in ["=1+1", "+84 912", "-5%", "@x", "\tx", "'=already", "'plain", "plain", "", "''="]:
        assert csv_unsafe(csv_safe(text)) == text
    assert csv_safe("-5%") == "'-5%" and csv_safe("Nghe An") == "Nghe An"


def test_a_file_name_that_is_not_utf8_gets_its_row_and_the_batch_goes_on(tmp_path):
    import os

    d = tmp_path / "in"
    d.mkdir()
    bad = os.path.join(os.fsencode(d), b"a_bad\xff.txt")
    with open(bad, "wb") as fh:
        fh.write(b"In 2024 the commune built 12 km of roads.\n")
    (d / "b_good.txt").write_text("In 2024 the commune built 5 schools.\n", encoding="utf-8")
    out, reg = tmp_path / "o", tmp_path / "r.db"
    r = CliRunner().invoke(app, ["extract", str(d), "--out", str(out), "--registry", str(reg), "--quiet",
                                 "--models", "none"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader((out / "documents.csv").open(encoding="utf-8")))
    assert [(x["doc_id"], x["status"]) for x in rows] == [("a_bad\ufffd.txt", "ok"), ("b_good.txt", "ok")]
    from pipeline.registry import Registry

    with Registry(reg) as rg:
        assert rg.counts()["documents"] == 2


def test_an_output_folder_inside_the_input_folder_is_never_read(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("In 2024 the commune built 12 km of roads.\n", encoding="utf-8")
    out, reg = d / "out", d / "registry.db"
    for _ in range(3):  # each run would re-read the tables, texts and .partial files of the one before
        r = CliRunner().invoke(app, ["extract", str(d), "--out", str(out), "--registry", str(reg), "--models", "none"])
        assert r.exit_code == 0, r.output
    rows = list(csv.DictReader((out / "documents.csv").open(encoding="utf-8")))
    assert [x["doc_id"] for x in rows] == ["a.txt"]
    assert "skipped" in r.output and "output folder" in r.output
    from pipeline.registry import Registry

    with Registry(reg) as rg:
        assert rg.counts()["documents"] == 1


def test_read_commands_never_change_a_database_of_another_program(tmp_path):
    import hashlib
    import sqlite3

    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.executescript("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'An');")
    db.close()
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    runner = CliRunner()
    for args in (["search", "x"], ["audit", "--out", str(tmp_path / "a.csv")], ["report", "--out", str(tmp_path / "r.html")],
                 ["targets"], ["remove", "a.txt"], ["serve", "--port", "1"]):
        r = runner.invoke(app, [*args, "--registry", str(other)])
        assert r.exit_code == 2, (args, r.output)
        assert "is not a Praxis registry" in r.output and "Traceback" not in r.output
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("In 2024 the commune built 12 km of roads.\n", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(d), "--out", str(tmp_path / "o"), "--registry", str(other), "--models", "none"])
    assert r.exit_code == 2 and "is not a Praxis registry" in r.output
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before
    assert not (tmp_path / "other.db-wal").exists()
    db = sqlite3.connect(other)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
    assert [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["customers"]


def test_a_failed_run_never_replaces_good_tables(tmp_path):
    import errno

    import pytest

    from pipeline.batch import run_batch

    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        (d / f"{i}.txt").write_text(f"In 2024 the commune built {i + 3} schools.\n", encoding="utf-8")
    out = tmp_path / "o"
    run_batch([str(d)], out, models="none")
    good = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert "figures.csv" in good and "figures.parquet" in good

    def disk_full(res):
        if res.doc_id == "1.txt":
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        run_batch([str(d)], out, models="none", progress=disk_full)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.endswith(".partial")} == good
    assert (out / "figures.csv.partial").exists()  # kept for inspection
    # the command says so in one line, with its exit status
    import pipeline.batch as B

    real = B._run

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    B._run = full
    try:
        r = CliRunner().invoke(app, ["extract", str(d), "--out", str(out), "--no-registry", "--models", "none", "--quiet"])
    finally:
        B._run = real
    assert r.exit_code == 4 and "cannot write: No space left on device" in r.output and "as they were" in r.output


def _extract_within(args, seconds=90):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", *args, "--quiet", "--models", "none"],
                          capture_output=True, text=True, timeout=seconds)


def test_a_fifo_or_a_link_to_dev_zero_gets_an_error_row_and_never_hangs(tmp_path):
    import os

    d = tmp_path / "in"
    d.mkdir()
    os.mkfifo(d / "pipe.txt")
    os.symlink("/dev/zero", d / "zero.txt")
    (d / "good.txt").write_text("In 2024 the commune built 5 schools.\n", encoding="utf-8")
    p = _extract_within([str(d), "--out", str(tmp_path / "o"), "--registry", str(tmp_path / "r.db")])
    assert p.returncode == 3, p.stderr
    rows = {r["doc_id"]: r for r in csv.DictReader((tmp_path / "o" / "documents.csv").open())}
    assert rows["good.txt"]["status"] == "ok"
    assert rows["pipe.txt"]["error"].startswith("not a regular file") and rows["zero.txt"]["error"].startswith("not a regular")


def test_a_recursive_glob_through_a_link_loop_ends(tmp_path):
    import os

    from pipeline.read import iter_inputs

    a = tmp_path / "l" / "a"
    (a / "b").mkdir(parents=True)
    (a / "b" / "x.txt").write_text("In 2024 the commune built 5 schools.\n", encoding="utf-8")
    (a / "y.txt").write_text("In 2024 the commune built 7 schools.\n", encoding="utf-8")
    os.symlink("..", a / "b" / "up")  # a link back to a parent folder
    assert [p.name for p in iter_inputs([str(tmp_path / "l" / "**" / "*.txt")])] == ["x.txt", "y.txt"]
    p = _extract_within([str(tmp_path / "l" / "**" / "*.txt"), "--out", str(tmp_path / "o"), "--no-registry"])
    assert p.returncode == 0, p.stderr


def test_input_errors_are_printed_as_they_happen_even_with_quiet(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("In 2024 the commune built 5 schools.\n", encoding="utf-8")
    (d / "b.txt").write_text("", encoding="utf-8")
    r = CliRunner().invoke(app, ["extract", str(d), str(tmp_path / "gone.txt"), "--out", str(tmp_path / "o"),
                                 "--no-registry", "--models", "none", "--quiet"])
    assert r.exit_code == 3
    assert "b.txt: empty file" in r.output and "gone.txt: file not found" in r.output
    r = CliRunner().invoke(app, ["extract", str(tmp_path / "gone.txt"), "--out", str(tmp_path / "o2"), "--quiet"])
    assert r.exit_code == 2 and "input not found" in r.output and not (tmp_path / "o2").exists()


def test_unwritable_outputs_end_in_one_line_with_their_exit_status(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("In 2024 the commune built 5 schools.\n", encoding="utf-8")
    afile = tmp_path / "afile"
    afile.write_text("x")
    r = CliRunner().invoke(app, ["extract", str(d), "--out", str(afile), "--no-registry", "--models", "none"])
    assert r.exit_code == 4 and "cannot write" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp_path / "o"), "--registry",
                                 str(tmp_path / "missing" / "r.db"), "--models", "none"])
    assert r.exit_code == 4 and "cannot open registry" in r.output and "Traceback" not in r.output


def test_a_huge_query_is_refused_at_once(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("In 2024 the commune built 5 schools.\n", encoding="utf-8")
    reg = tmp_path / "r.db"
    CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp_path / "o"), "--registry", str(reg), "--models", "none"])
    r = CliRunner().invoke(app, ["search", " OR ".join(f"w{i}" for i in range(12000)), "--registry", str(reg)])
    assert r.exit_code == 2 and "query too long" in r.output


def test_a_pdf_whose_lines_repeat_on_every_page_keeps_its_text(tmp_path):
    import pytest

    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from pipeline.read import read_document

    path = tmp_path / "same.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(6):
        c.drawString(72, 760, "In 2024 the commune built 12 km of rural roads.")
        c.drawString(72, 746, "The poverty rate fell to 3.1 percent.")
        c.drawString(290, 30, str(page + 1))
        c.showPage()
    c.save()
    raw = read_document(path)
    assert "12 km of rural roads" in raw.text  # not "no text left after cleaning"


def test_a_damaged_registry_is_refused_in_one_line(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(30):
        (d / f"{i}.txt").write_text(f"In 2024 the commune {i} built {i + 3} schools and 12 km of roads.\n" * 20,
                                    encoding="utf-8")
    reg = tmp_path / "r.db"
    r = CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp_path / "o"), "--registry", str(reg), "--models", "none"])
    assert r.exit_code == 0, r.output
    data = bytearray(reg.read_bytes())
    page = 4096
    for p in range(3, len(data) // page - 1, 3):  # scribble over the middle of every third page
        data[p * page + 100:p * page + 400] = b"\xde\xad\xbe\xef" * 75
    reg.write_bytes(bytes(data))
    for args in (["search", "schools"], ["targets"], ["audit", "--out", str(tmp_path / "a.csv")]):
        r = CliRunner().invoke(app, [*args, "--registry", str(reg)])
        assert r.exit_code == 2 and ("damaged" in r.output or "not a Praxis registry" in r.output), (args, r.output)
        assert "Traceback" not in r.output
    r = CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp_path / "o2"), "--registry", str(reg), "--models", "none"])
    assert r.exit_code == 2 and ("damaged" in r.output or "not a Praxis registry" in r.output)


def test_a_pdf_decompression_bomb_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    import zlib

    from pipeline import read as R

    body = zlib.compress(b"\0" * 30_000_000, 9)  # 30 MB of zeros in about 30 kB
    pdf = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
           b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
           b"4 0 obj << /Length " + str(len(body)).encode() + b" /Filter /FlateDecode >>\nstream\n"
           + body + b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf)
    monkeypatch.setattr(R, "PDF_MAX_INFLATED", 10_000_000)  # the real bound is 200 MB per PDF
    import pytest

    with pytest.raises(R.ReadError, match="decompression bomb"):
        R.read_document(path)
    assert R._inflated_size(pdf, 10**12) == 30_000_000  # counted exactly when under the bound
