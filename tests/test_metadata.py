"""Document metadata (issue 16): titles that are headlines, ISO dates, the page's address,
from each format."""
import pytest

from pipeline.metadata import clean_title, find_date, find_url, parse_date
from pipeline.read import read_document


@pytest.mark.parametrize("raw,title", [
    ("Gia Lai strives to disburse 95% of public investment capital - Gia Lai Newspaper",
     "Gia Lai strives to disburse 95% of public investment capital"),
    ("Government News | PM chairs meeting on public investment", "PM chairs meeting on public investment"),
    ("Bac Ninh: Two-tier local government after 100 days - baobacninh.vn", "Bac Ninh: Two-tier local government after 100 days"),
    # a dash inside a headline is no site's name
    ("Dak Lak: Racing against time for the Khanh Hoa - Buon Ma Thuot expressway",
     "Dak Lak: Racing against time for the Khanh Hoa - Buon Ma Thuot expressway"),
    ("  Thai Nguyen   sets 19 targets\n for 2030 ", "Thai Nguyen sets 19 targets for 2030"),
    # page furniture: empty rather than junk
    ("Skip Ribbon Commands", ""), ("image banner", ""), ("Friday, 09/20/2024", ""), ("Thứ Sáu, 20/09/2024 10:35", ""),
    ("Microsoft Word - BC 412-UBND.docx", ""), ("c007.pdf", ""), ("Home", ""), ("Trang chủ", ""), ("Page 2 of 5", ""),
    ("Cổng thông tin điện tử tỉnh Lào Cai", ""), ("", ""),
])
def test_clean_title(raw, title):
    assert clean_title(raw) == title


@pytest.mark.parametrize("text,date", [
    ("Lam Dong: Prevent abuse of compensation policies\n\n(22/07/2025)\n\nOn July 21, Mr. Tran Hong Phuc said.", "2025-07-22"),
    ("HANOI, March 5, 2025 - The Government held a meeting on public investment.", "2025-03-05"),
    ("Ha Noi (VNA) - 5 March 2025: the city reviews its budget.", "2025-03-05"),
    ("Provincial News\nFriday, 09/20/2024 10:35 GMT+7\nThe province reviewed its plan.", "2024-09-20"),
    ("Title of the report\nUpdated: 2024-12-13 08:00\nBody.", "2024-12-13"),
    ("Dien Chau, August 12, 2020\nRESOLUTION of the 29th District Party Congress", "2020-08-12"),
    # another document's date, an event's, a date deep in the text, a date without a year
    ("Implementing Resolution No. 05 dated June 10, 2015 on new rural areas", ""),
    ("Title\nThe campaign ran from March 5, 2024 to May 1, 2024 in 12 communes.", ""),
    ("Title\nOn March 28, the committee held a meeting.", ""),
    ("Title\n" + "The district built roads and schools this year in every commune. " * 3 + "It met on 05/03/2025.", ""),
    ("Title\n31/02/2025\nBody", ""),  # no such day
])
def test_find_date(text, date):
    assert find_date(text) == date


@pytest.mark.parametrize("text,iso", [
    ("2024-10-14T08:00:00+07:00", "2024-10-14"), ("25/03/2025", "2025-03-25"), ("03/25/2025", "2025-03-25"),
    ("05.03.2025", "2025-03-05"), ("Sept. 9th, 2024", "2024-09-09"), ("no date", ""),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text,url", [
    ("Title\nBody text.\nSource: https://baogialai.com.vn/gia-lai-strives-123.html", "https://baogialai.com.vn/gia-lai-strives-123.html"),
    ("https://nhandan.vn/article-1.html\nTitle\nBody.", "https://nhandan.vn/article-1.html"),
    ("Title\nSee https://example.org/x for the plan, the report said.\nBody.", ""),
])
def test_find_url(text, url):
    assert find_url(text) == url


def test_html_metadata_title_date_and_address(tmp_path):
    p = tmp_path / "page.html"
    body = "".join(f"<p>Paragraph {i}: the district built {i + 3} schools and repaired {i + 10} km of roads in 2024.</p>"
                   for i in range(6))
    p.write_text("<html><head><title>Skip Ribbon Commands</title>"
                 "<meta property='og:title' content='Tan Lap builds 5 schools - Provincial News'>"
                 "<link rel='canonical' href='https://news.example.vn/tan-lap-builds-5-schools.html'>"
                 "<meta property='article:published_time' content='2024-12-12T08:00:00+07:00'></head><body>"
                 "<nav>Home | News</nav><article><h1>Tan Lap builds 5 schools</h1>" + body + "</article></body></html>",
                 encoding="utf-8")
    doc = read_document(p)
    assert (doc.title, doc.date, doc.url) == ("Tan Lap builds 5 schools", "2024-12-12",
                                              "https://news.example.vn/tan-lap-builds-5-schools.html")


def test_html_junk_title_gives_the_headline_or_nothing(tmp_path):
    p = tmp_path / "page.html"
    body = "".join(f"<p>Paragraph {i}: the commune admitted {i + 2} new Party members in 2024, the report said.</p>"
                   for i in range(6))
    p.write_text("<html><head><title>image banner</title></head><body><div class='banner'>image banner</div>"
                 "<article><h1>Yen Lac admits 24 new Party members</h1>" + body + "</article></body></html>",
                 encoding="utf-8")
    assert read_document(p).title == "Yen Lac admits 24 new Party members"


def test_text_file_title_and_dateline(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("# Lam Dong speeds up resettlement\n\n(22/07/2025)\n\nOn July 21, the province reviewed 3 areas.\n"
                 "Source: https://baolamdong.vn/x-123.html\n", encoding="utf-8")
    doc = read_document(p)
    assert (doc.title, doc.date, doc.url) == ("Lam Dong speeds up resettlement", "2025-07-22", "https://baolamdong.vn/x-123.html")


def _pdf_with_header(path, info_title="Microsoft Word - BC 412.docx", pages=1, dateline=""):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(info_title)
    for n in range(pages):
        c.setFont("Helvetica", 8)
        c.drawString(60, 815, "Provincial News - Weekly Edition No. 37")
        y = 780
        if n == 0:
            c.setFont("Helvetica-Bold", 16)
            c.drawString(60, y, "Tan Lap commune builds 5 schools")
            y -= 30
            if dateline:
                c.setFont("Helvetica", 11)
                c.drawString(60, y, dateline)
                y -= 20
        c.setFont("Helvetica", 11)
        for i in range(12):
            c.drawString(60, y, f"Line {i} of page {n + 1}: the commune repaired {i + 2} km of roads in 2024.")
            y -= 15
        c.showPage()
    c.save()
    return path


def test_a_pdf_running_header_is_neither_text_nor_title(tmp_path):
    """One page: the publication's name above the headline, in small type at the top of the
    page, goes (it used to be the title); the junk info title gives way to the headline."""
    doc = read_document(_pdf_with_header(tmp_path / "one.pdf"))
    assert doc.title == "Tan Lap commune builds 5 schools"
    assert "Weekly Edition" not in doc.text and doc.text.startswith("Tan Lap commune builds 5 schools")
    doc2 = read_document(_pdf_with_header(tmp_path / "two.pdf", info_title="Tan Lap commune report", pages=2))
    assert doc2.title == "Tan Lap commune report" and "Weekly Edition" not in doc2.text
    assert doc.date == doc2.date == ""  # no dateline, no date (never the file's creation date)


def test_a_pdf_dateline_is_its_date(tmp_path):
    doc = read_document(_pdf_with_header(tmp_path / "d.pdf", dateline="Tan Lap, March 5, 2025"))
    assert doc.date == "2025-03-05"


def test_documents_table_has_title_date_and_url(tmp_path):
    import csv

    from pipeline.batch import run_batch

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("Tan Lap builds 5 schools\n(05/03/2025)\nIn 2024 the commune built 5 schools.\n"
                             "Source: https://example.vn/a.html\n", encoding="utf-8")
    (d / "b.txt").write_text("Skip Ribbon Commands\nIn 2024 the commune built 5 schools and 3 roads.\n", encoding="utf-8")
    run_batch([str(d)], tmp_path / "o", models="none")
    rows = {r["doc_id"]: r for r in csv.DictReader((tmp_path / "o" / "documents.csv").open(encoding="utf-8"))}
    assert (rows["a.txt"]["title"], rows["a.txt"]["date"], rows["a.txt"]["url"]) == \
        ("Tan Lap builds 5 schools", "2025-03-05", "https://example.vn/a.html")
    assert rows["b.txt"]["title"] == ""


@pytest.mark.parametrize("raw,text", [
    (b"Tan Lap report", "Tan Lap report"), ("Tan Lap report".encode("utf-16"), "Tan Lap report"),
    ("Báo cáo".encode(), "Báo cáo"), (b"Caf\xe9", "Café"), (None, ""),
])
def test_pdf_info_values_are_read_as_text(raw, text):
    """A document-info title without a byte order mark was read as empty (the UTF-16 branch
    returned before UTF-8 was tried)."""
    from pipeline.read import _info_text

    assert _info_text(raw) == text
