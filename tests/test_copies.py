"""One report, many copies (issue 13): the same text as .txt, .pdf and .html is one document."""
import csv
import html

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.copies import CopyFinder, fingerprint, from_bytes, to_bytes
from pipeline.registry import Registry

LINES = [
    "Yen Lac district reviews its income in 2024",
    "According to the report of the Yen Lac District People's Committee, the average income per capita",
    "of Yen Lac district in 2024 was 52 million VND, up 6.1% over 2023, and the multidimensional poverty",
    "rate fell to 2.4%. The district disbursed 312 billion VND of public investment capital, reaching",
    "86% of the plan. However, site clearance for the ring road is slow because 40 households have not",
    "agreed with the compensation price, and the district asked the province to adjust the land prices.",
]
OTHER = ("Tan Lap commune reviews 2024\nIn 2024, Tan Lap commune admitted 24 new Party members and built 12 km of "
         "rural roads; the poverty rate fell to 3.1%, and 2 villages met the model new rural standards.")


def _pdf(path, lines):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 810, "District News - Weekly Edition")  # a running header the text copy lacks
    y = 760
    for ln in lines:
        c.drawString(72, y, ln)
        y -= 14
    c.drawString(290, 30, "1")
    c.save()


def test_one_report_as_txt_pdf_and_html_is_one_document(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_report.txt").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    _pdf(d / "b_report.pdf", LINES)
    body = "".join(f"<p>{html.escape(x)}</p>" for x in LINES[1:])
    (d / "c_report.html").write_text(f"<html><head><title>{LINES[0]}</title></head><body><nav>Home | News</nav>"
                                     f"<article><h1>{LINES[0]}</h1>{body}</article></body></html>", encoding="utf-8")
    (d / "d_other.txt").write_text(OTHER, encoding="utf-8")
    reg = tmp_path / "r.db"
    r = CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp_path / "o"), "--registry", str(reg), "--quiet",
                                 "--models", "none"])
    assert r.exit_code == 0, r.output
    docs = {row["doc_id"]: row["duplicate_of"] for row in csv.DictReader((tmp_path / "o" / "documents.csv").open())}
    assert docs == {"a_report.txt": "", "b_report.pdf": "a_report.txt", "c_report.html": "a_report.txt",
                    "d_other.txt": ""}
    with Registry(reg) as rg:
        assert {k for k in rg.copies()} and len(rg.copies()) == 2
        # the copies add no targets and are never compared with the original
        n = rg.db.execute("SELECT COUNT(*) FROM target_mentions m JOIN documents d ON d.doc_key = m.doc_key"
                          " WHERE d.duplicate_of != ''").fetchone()[0]
    assert n == 0
    out = tmp_path / "audit.csv"
    CliRunner().invoke(app, ["audit", "--registry", str(reg), "--out", str(out)])
    assert not [row for row in csv.DictReader(out.open()) if row["check"] == "cross_document"]
    # a later batch with another copy finds the original in the registry
    d2 = tmp_path / "in2"
    d2.mkdir()
    (d2 / "e_again.txt").write_text("\n".join(LINES).replace("\n", " ") + "\n", encoding="utf-8")
    CliRunner().invoke(app, ["extract", str(d2), "--out", str(tmp_path / "o2"), "--registry", str(reg), "--quiet",
                             "--models", "none"])
    docs2 = {row["doc_id"]: row["duplicate_of"] for row in csv.DictReader((tmp_path / "o2" / "documents.csv").open())}
    assert docs2 == {"e_again.txt": "a_report.txt"}


def test_fingerprints_are_plain_bytes_and_near_copies_only():
    a = fingerprint(" ".join(LINES))
    assert from_bytes(to_bytes(a)).jaccard(a) == 1.0 and len(to_bytes(a)) == 128 * 8
    f = CopyFinder()
    assert f.copy_of("k1", "one.txt", a) == ""
    assert f.copy_of("k1", "one.txt", a) == ""  # the same content seen again is no copy of itself
    assert f.copy_of("k2", "two.txt", fingerprint(OTHER)) == ""
    changed = " ".join(LINES).replace("52 million", "58 million").replace("312 billion", "350 billion")
    assert f.copy_of("k3", "three.txt", fingerprint(changed)) == "one.txt"  # two numbers changed: still one report
    assert fingerprint("too short") is None


def test_the_fingerprint_is_datasketchs_minhash_bit_for_bit_and_its_lsh_banding():
    """The MinHash is computed without datasketch (whose import costs scipy.integrate's), and
    must stay datasketch's affine32 MinHash: fingerprints stored by earlier versions compare."""
    from datasketch import MinHash, MinHashLSH

    from pipeline.copies import _WORD, BANDS, NUM_PERM, ROWS, SHINGLE, THRESHOLD
    from pipeline.textutil import fold

    for text in (" ".join(LINES), OTHER, "Đắk Lắk: 12 communes, 3 wards " * 40):
        words = _WORD.findall(fold(text))
        ref = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
        ref.update_batch([" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)])
        assert to_bytes(fingerprint(text)) == ref.hashvalues.astype("<u8").tobytes()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)


def test_the_copy_index_lives_in_sqlite_and_a_removed_document_leaves_it(tmp_path):
    a = fingerprint(" ".join(LINES))
    with Registry(tmp_path / "r.db") as rg:
        row = {"doc_id": "one.txt", "source": "one.txt", "status": "ok", "title": "t"}
        rg.add_document("k1", {"documents": [row]}, fingerprint=to_bytes(a))
        assert rg.db.execute("SELECT COUNT(*) FROM copy_bands WHERE doc_key = 'k1'").fetchone()[0] == 9
        f = CopyFinder(rg.db)
        assert f.copy_of("k2", "two.txt", a, "two.txt") == "one.txt"
        assert f.copy_of("k3", "one.txt", a, "one.txt") == ""  # a new version of the same file
        rg.remove(["one.txt"])
        assert rg.db.execute("SELECT COUNT(*) FROM copy_bands").fetchone()[0] == 0
        assert f.copy_of("k2", "two.txt", a, "two.txt") == ""


def test_a_registry_of_schema_3_gets_its_copy_index_when_opened(tmp_path):
    import sqlite3

    a = fingerprint(" ".join(LINES))
    with Registry(tmp_path / "r.db") as rg:
        rg.add_document("k1", {"documents": [{"doc_id": "one.txt", "source": "one.txt", "status": "ok"}]},
                        fingerprint=to_bytes(a))
    con = sqlite3.connect(tmp_path / "r.db")
    con.executescript("DROP TABLE copy_bands; PRAGMA user_version = 3;")
    con.close()
    with Registry(tmp_path / "r.db") as rg:
        assert CopyFinder(rg.db).copy_of("k2", "two.txt", a, "two.txt") == "one.txt"
