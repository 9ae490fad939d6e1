import pytest

from pipeline.read import ReadError, decode_text, iter_inputs, read_document

VI = "Tỉnh Nghệ An đạt tăng trưởng 8,5% trong năm nay và huyện Quỳnh Lưu về đích."


@pytest.mark.parametrize("data,expected", [
    (VI.encode("utf-8"), VI),
    (b"\xef\xbb\xbf" + VI.encode("utf-8"), VI),
    (VI.encode("utf-16"), VI),
    (VI.encode("utf-16-le"), VI),
    ("Hanoi report on budget revenue.".encode("cp1258"), "Hanoi report on budget revenue."),
])
def test_decode_text(data, expected):
    assert decode_text(data) == expected


def test_decode_binary_raises():
    with pytest.raises(ReadError, match="binary"):
        decode_text(b"\x00\x01\x02\x03garbage\x00\xff" * 100)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps the vowels with hats and horns whole and writes tones as
    combining marks."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        hats = "".join(c for c in d[1:] if c in "\u0302\u0306\u031b")
        tones = "".join(c for c in d[1:] if c not in hats)
        out += unicodedata.normalize("NFC", d[0] + hats).encode("cp1258") + tones.encode("cp1258")
    return out


def test_legacy_vietnamese_encoding_is_decoded():
    import unicodedata

    text = "Ủy ban nhân dân tỉnh Nghệ An họp phiên thường kỳ tháng mười về ngân sách. " * 20
    out = unicodedata.normalize("NFC", decode_text(to_cp1258(text)))
    assert "Nghệ An" in out


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty file"),
    ("junk.txt", b"\x00\x9f\x92\x00binary\x00" * 50, "binary data"),
    ("blank.txt", b"   \n\n  ", "only whitespace"),
    ("broken.pdf", b"%PDF-1.4\n%broken file with no objects", "PDF"),
    ("fake.pdf", b"this is not a pdf", "not a PDF"),
    ("scripts.html", b"<html><head><script>var a=1;</script></head><body><script>x()</script></body></html>", "no article text"),
    ("report.docx", b"PK\x03\x04", "unsupported file type"),
])
def test_bad_inputs(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ReadError, match=reason):
        read_document(p)


def test_missing_and_too_large(tmp_path):
    with pytest.raises(ReadError, match="not found"):
        read_document(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(ReadError, match="too large"):
        read_document(big, max_bytes=1000)


def test_html_article_without_menus(tmp_path):
    html = """<html><head><title>Ward meets targets</title></head><body>
    <nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/economy">Economy</a></nav>
    <article><h1>Ward meets targets</h1>
    <p>The Party Committee of Phu Loi ward reported that the ward achieved 12 of its 14 targets for the year, with budget revenue reaching 150 billion VND.</p>
    <p>Comrade Tran Minh Tam, Secretary of the Ward Party Committee, said the ward would push digital transformation in the coming months.</p>
    </article><div class="share">Share Facebook Twitter</div><footer>Copyright Daily News. All rights reserved.</footer>
    </body></html>"""
    p = tmp_path / "a.html"
    p.write_text(html, encoding="utf-8")
    doc = read_document(p)
    assert "Phu Loi ward" in doc.text and "Comrade Tran Minh Tam" in doc.text
    assert "Politics" not in doc.text and "All rights reserved" not in doc.text


def test_an_html_page_s_date_is_its_article_s_not_the_site_licence_s(tmp_path):
    """htmldate alone takes "Licence No. 146/GP-BTTTT dated 10/4/2020" of the footer for the
    date of a page that has no date metadata; the footer and the site's notices are not read."""
    html = """<html><head><title>Province exceeds revenue estimate</title></head><body>
    <header><div class="date-bar">Friday, 13/12/2024 09:41 (GMT+7)</div></header>
    <main><h1>Province exceeds revenue estimate</h1>
    <p>Total state budget revenue of the province this year is estimated at VND 13,215 billion, reaching 104.6% of the estimate assigned by the Provincial People's Council.</p>
    <p>Revenue from land use fees reached only 42.5% of the plan because several land auctions were postponed.</p>
    </main><footer><p>Electronic newspaper of the Provincial Party Committee</p>
    <p>Licence No. 146/GP-BTTTT dated 10/4/2020. Editor-in-chief: Nguyen Van Hong</p></footer>
    </body></html>"""
    p = tmp_path / "a.html"
    p.write_text(html, encoding="utf-8")
    assert read_document(p).date == "2024-12-13"
    meta = html.replace("<head>", '<head><meta property="article:published_time" content="2024-12-12T08:00:00+07:00">')
    p.write_text(meta, encoding="utf-8")
    assert read_document(p).date == "2024-12-12"


def test_pdf_pages_joined_and_running_lines_dropped(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    p = tmp_path / "r.pdf"
    c = canvas.Canvas(str(p), pagesize=A4)
    body = [["The district disbursed 480 billion VND of public invest-", "ment capital in the first half of the year."],
            ["Comrade Ha Van Son, Chairman of the District People's", "Committee, asked units to speed up site clearance."]]
    for i, lines in enumerate(body, 1):
        c.setFont("Helvetica", 11)
        c.drawString(72, 800, "District Bulletin - Issue 7")
        y = 740
        for ln in lines:
            c.drawString(72, y, ln)
            y -= 14
        c.drawString(280, 40, f"Page {i}")
        c.showPage()
    c.save()
    doc = read_document(p)
    assert "investment capital" in doc.text
    assert "District Bulletin" not in doc.text and "Page 1" not in doc.text


def test_iter_inputs_folders_and_globs(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    (tmp_path / "b.html").write_text("x")
    got = [p.name for p in iter_inputs([str(tmp_path / "a"), str(tmp_path / "*.html")])]
    assert got == ["x.txt", "b.html"]


# --------------------------------------------------------------------------- issue 6: bad inputs
def _pdf(path, text="Tan Phu commune has 1,240 households.", **kw):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), **kw)
    if text:
        c.drawString(72, 720, text)
    else:
        c.rect(72, 600, 200, 100, fill=1)  # a scanned page: a picture, no text layer
    c.showPage()
    c.save()
    return path


def test_encrypted_pdf(tmp_path):
    from reportlab.lib import pdfencrypt

    enc = pdfencrypt.StandardEncryption("secret", canPrint=0)
    p = _pdf(tmp_path / "locked.pdf", encrypt=enc)
    with pytest.raises(ReadError, match="encrypted PDF"):
        read_document(p)


def test_truncated_pdf(tmp_path):
    whole = _pdf(tmp_path / "whole.pdf").read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ReadError, match="PDF"):
        read_document(p)


def test_pdf_without_text_layer_says_ocr_is_needed(tmp_path):
    p = _pdf(tmp_path / "scan.pdf", text="")
    with pytest.raises(ReadError, match="OCR is needed"):
        read_document(p)


def test_fifty_megabyte_text_file_is_refused_quickly(tmp_path):
    import time

    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.write(b"The commune has 1,240 households.\n" * (50_000_000 // 34 + 1))
    t0 = time.perf_counter()
    with pytest.raises(ReadError, match=r"file too large: 50\.0 MB exceeds the 20 MB limit"):
        read_document(p)
    assert time.perf_counter() - t0 < 1  # decided from the size, the file is not read


def test_deeply_nested_html(tmp_path):
    p = tmp_path / "nested.html"
    p.write_text("<html><body>" + "<div>" * 50_000 + "<p>Tan Phu commune has 1,240 households.</p>"
                 + "</div>" * 50_000 + "</body></html>", encoding="utf-8")
    assert read_document(p).text.strip() == "Tan Phu commune has 1,240 households."
    p.write_text("<html><body>" + "<div>" * 50_000 + "<script>run()</script>" + "</div>" * 50_000
                 + "</body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match="HTML nested 5000[23] levels deep and no text found"):
        read_document(p)


def test_permission_error(tmp_path, monkeypatch):
    from pathlib import Path

    p = tmp_path / "secret.txt"
    p.write_text("Tan Phu commune has 1,240 households.", encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ReadError, match="permission denied"):
        read_document(p)


def test_unreadable_file_for_real(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode (test_permission_error covers the path)")
    p = tmp_path / "secret.txt"
    p.write_text("Tan Phu commune has 1,240 households.", encoding="utf-8")
    p.chmod(0)
    with pytest.raises(ReadError, match="permission denied"):
        read_document(p)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "utf-8"])
def test_vietnamese_text_in_any_encoding_reads_the_same(tmp_path, encoding):
    import unicodedata

    text = ("Ủy ban nhân dân tỉnh Nghệ An: the province reached 8,5% growth and Quỳnh Lưu district "
            "finished new rural construction. ") * 10
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    p = tmp_path / "vi.txt"
    p.write_bytes(data)
    assert unicodedata.normalize("NFC", read_document(p).text).strip() == text.strip()


# --------------------------------------------------------------------------- issue 16: reading
LEFT = ["In 2024 the district built 11 new schools and", "repaired 42 km of rural roads, reaching 104%", "of the plan set by the District Party Committee.",
        "The poverty rate fell to 2.1%, and 3 more", "communes met the new rural standards.", "Income per capita reached 58 million VND, up",
        "7.2% on the year before, the report said.", "Comrade Lo Van Hung, Secretary of the District", "Party Committee, praised the communes."]
RIGHT = ["However, site clearance for the ring road is", "still slow: 16 households have not agreed", "with the compensation price offered so far.",
         "The district asked the province to adjust", "the land price list and to add 30 billion", "VND of capital for resettlement areas.",
         "In 2025 the district aims to build 5 more", "schools and to bring the poverty rate below", "1.5%, the Chairman said at the meeting."]


def _page_rows(n):
    """Page n's rows: page 1 LEFT and RIGHT, later pages the same words backwards (a line on
    every page would be a running line)."""
    if n == 1:
        return list(zip(LEFT, RIGHT))
    return [(" ".join(a.split()[::-1]), " ".join(b.split()[::-1])) for a, b in zip(LEFT, RIGHT)]


def _two_column_pdf(path, pages=1, header="Provincial News - Weekly Edition"):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 8)
        c.drawString(50, 810, header)
        if n == 1:
            c.setFont("Helvetica-Bold", 15)
            c.drawString(50, 770, "Hoa Binh district reviews a year of new rural development")
        c.setFont("Helvetica", 10)
        y = 740
        for a, b in _page_rows(n):  # the rows of the two columns share their baselines
            c.drawString(50, y, a)
            c.drawString(305, y, b)
            y -= 13
        c.setFont("Helvetica", 8)
        c.drawString(290, 30, f"Page {n}")
        c.showPage()
    c.save()
    return path


def test_a_two_column_pdf_is_read_column_by_column(tmp_path):
    """The two columns are read one after the other, not across (which put "11 new schools"
    beside the other column's "16 households"); the headline stays first."""
    doc = read_document(_two_column_pdf(tmp_path / "two.pdf", pages=2))
    text = " ".join(doc.text.split())
    assert text.startswith("Hoa Binh district reviews a year of new rural development")
    assert " ".join(LEFT) in text and " ".join(RIGHT) in text
    assert text.index(" ".join(LEFT)) < text.index(" ".join(RIGHT))
    assert "Weekly Edition" not in text and "Page 1" not in text


def test_one_column_pages_and_tables_are_not_cut_into_columns(tmp_path):
    import pdfplumber
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from pipeline.read import _gutter

    p = tmp_path / "t.pdf"
    c = canvas.Canvas(str(p), pagesize=A4)
    c.setFont("Helvetica", 10)
    y = 780
    for i in range(30):  # a table: long names on the left, one number on the right
        c.drawString(50, y, f"Commune number {i} of the district, rural roads built in 2024")
        c.drawString(480, y, f"{i * 3 + 1}")
        y -= 14
    c.showPage()
    for i in range(30):  # running text
        c.drawString(50, 780 - 14 * i, " ".join(["the district built", str(i), "schools and roads in the communes"] * 2))
    c.showPage()
    c.save()
    with pdfplumber.open(p) as pdf:
        for page in pdf.pages:
            assert _gutter(page.extract_words(), float(page.width)) is None
