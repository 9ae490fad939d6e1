"""Reading inputs: .txt/.md, .html/.htm and .pdf files, single paths, folders and globs.

Every input becomes a :class:`RawDocument` or raises :class:`ReadError` with a one-line
reason; the batch records the reason in ``documents.csv`` and goes on.
"""
from __future__ import annotations

import glob
import logging
import os
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import ReadError
from .metadata import clean_title, find_date, find_url, first_title, parse_date

TEXT_EXT = {".txt", ".md", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
PDF_EXT = {".pdf"}
SUPPORTED = TEXT_EXT | HTML_EXT | PDF_EXT
DEFAULT_MAX_BYTES = 20_000_000
# pdfminer logs a warning for every damaged object it meets; the batch reports what matters
# (the document's status and reason) in documents.csv
logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class RawDocument:
    doc_id: str
    source: str
    text: str
    title: str = ""
    date: str = ""
    fmt: str = "txt"
    sha256: str = ""  # of the file's bytes: the registry's key for this version
    url: str = ""  # the page's address (an HTML page's canonical link, a "Source: URL" line of a text)


# --------------------------------------------------------------------------- inputs
def iter_inputs(paths: Iterable[str | os.PathLike], exclude: Iterable[str | os.PathLike] = (),
                skipped: list[Path] | None = None) -> Iterator[Path]:
    """Files named by ``paths``: files as given, folders recursively (hidden files and
    folders skipped), glob patterns expanded. Sorted within each argument, no repeats.
    A path that does not exist is still yielded, so that it gets its error row. Files inside
    a folder of ``exclude`` (the output folder) or equal to one of its files (the registry)
    are never inputs; they are added to ``skipped``."""
    seen: set[Path] = set()
    excluded = [Path(e).resolve() for e in exclude]
    for p in paths:
        p = str(p)
        if any(ch in p for ch in "*?[") and not Path(p).exists():
            found = sorted(_glob(p))
            items = [f for f in found if f.is_file()]
            for d in (f for f in found if f.is_dir()):
                items.extend(_walk(d))
        elif Path(p).is_dir():
            items = _walk(Path(p))
        else:
            items = [Path(p)]
        for f in items:
            key = f.resolve() if f.exists() else f
            if excluded and f.exists() and any(key == e or e in key.parents or
                                               key.name.startswith(e.name + "-") and key.parent == e.parent
                                               for e in excluded):
                if skipped is not None:
                    skipped.append(f)  # our own output (tables, saved texts, .partial files) or the registry
                continue
            if key not in seen:
                seen.add(key)
                yield f


def _glob_regex(pattern: str) -> re.Pattern:
    """A glob pattern as a regular expression over "/"-joined paths: ``**/`` any folders (or
    none), ``*`` and ``?`` within one name, ``[...]`` a class."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1:]:
            j = pattern.index("]", i + 1)
            out.append("[" + pattern[i + 1:j].replace("!", "^", 1) + "]")
            i = j + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _glob(pattern: str) -> list[Path]:
    """The paths a glob pattern names, following links to folders once and never in a cycle
    ("l/**/*.txt" with a link back to a parent folder ends)."""
    if "**" not in pattern:
        return [Path(x) for x in glob.glob(pattern)]
    parts = Path(pattern).parts
    k = next(i for i, part in enumerate(parts) if any(ch in part for ch in "*?["))
    root = Path(*parts[:k]) if k else Path(".")
    rx = _glob_regex("/".join(parts[k:]))
    found, seen = [], set()
    for here, dirs, files in os.walk(root, followlinks=True):
        try:
            st = os.stat(here)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []  # a folder met again through a link: a cycle
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # hidden folders and files, as glob
        rel = Path(here).relative_to(root)
        for name in dirs + sorted(f for f in files if not f.startswith(".")):
            r = (rel / name).as_posix()
            if rx.match(r):
                found.append(Path(here) / name)
    return found


def _walk(folder: Path) -> list[Path]:
    out = []
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                out.append(Path(root) / name)
    return out


# --------------------------------------------------------------------------- reading
def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one file into raw text, or raise ReadError with the reason."""
    path = Path(path)
    ext = path.suffix.lower()
    doc_id = path.name
    if not path.exists():
        raise ReadError("file not found")
    if path.is_dir():
        raise ReadError("is a folder, not a file")
    if not path.is_file():
        raise ReadError("not a regular file (a pipe, a device or a socket)")
    if ext not in SUPPORTED:
        raise ReadError(f"unsupported file type '{ext or path.name}' (expected .txt, .md, .html, .pdf)")
    try:
        size = path.stat().st_size
    except OSError as err:
        raise ReadError(f"cannot read file: {err.strerror or err}") from None
    if size == 0:
        raise ReadError("empty file")
    if size > max_bytes:
        raise ReadError(f"file too large: {size / 1e6:.1f} MB exceeds the {max_bytes / 1e6:.0f} MB limit (--max-mb)")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as err:
        raise ReadError(f"cannot read file: {err.strerror or err}") from None
    import hashlib

    key = hashlib.sha256(data).hexdigest()
    if ext in PDF_EXT:
        text, title = read_pdf_bytes(data)
        return RawDocument(doc_id, str(path), text, title, find_date(text), "pdf", key)
    text = decode_text(data)
    if ext in HTML_EXT:
        text, title, date, url = html_to_text(text)
        return RawDocument(doc_id, str(path), text, title, date, "html", key, url)
    if not text.strip():
        raise ReadError("file holds only whitespace")
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    title = clean_title(first.lstrip("#").strip()) if len(first) <= 200 else ""  # a text file's first heading
    return RawDocument(doc_id, str(path), text, title, find_date(text), "txt", key, find_url(text))


def decode_text(data: bytes) -> str:
    """Bytes to str: BOMs, UTF-8, UTF-16, then a detected legacy encoding (Windows-1258,
    TCVN3 is not supported); binary data raises ReadError."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("invalid UTF-16 text") from None
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 without a BOM has a NUL in every other byte
        if head[1::2].count(0) > len(head) * 0.4 or head[0::2].count(0) > len(head) * 0.4:
            enc = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                pass
        raise ReadError("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None:
        raise ReadError("unknown text encoding (not UTF-8; no legacy encoding fits)")
    text = str(data.decode(best.encoding, errors="replace"))
    ctrl = sum(1 for c in text[:5000] if ord(c) < 32 and c not in "\n\r\t")
    if ctrl > 20:
        raise ReadError("binary data, not text")
    return text


# --------------------------------------------------------------------------- html
def html_to_text(html: str) -> tuple[str, str, str, str]:
    """The article of an HTML page (headline, body, captions), without menus and widgets; its
    title (trafilatura's, else the first ``<h1>``, else ``<title>``, each without the site's
    name; never a menu line), its date (ISO 8601: the page's metadata and visible dates, else a
    dateline in the text) and its address (the canonical link or ``og:url``)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, include_images=False,
            favor_precision=False, with_metadata=True, deduplicate=False,
        )
    except RecursionError:
        raise ReadError("HTML nested too deeply to parse") from None
    except Exception as err:  # trafilatura/lxml raise many kinds on broken markup
        raise ReadError(f"unreadable HTML: {type(err).__name__}") from None
    get = (doc.get if isinstance(doc, dict) else lambda k, d=None: getattr(doc, k, d)) if doc is not None \
        else (lambda k, d=None: d)
    body = get("text") or ""
    h1, page_title = _html_headings(html)
    title = first_title(get("title") or "", h1, page_title)
    url = (get("url") or "").strip()
    url = url if url.lower().startswith(("http://", "https://")) else ""
    if not body.strip():
        depth = _nesting_depth(html)
        if depth <= _LIBXML_MAX_DEPTH:
            raise ReadError("no article text found in the HTML page")
        # libxml2 stops at 256 levels: read such a page as text without its markup
        body = _markup_stripped(html)
        if len(body.split()) < 3:
            raise ReadError(f"HTML nested {depth} levels deep and no text found in it")
    if title and not body.lstrip().startswith(title[:40]):
        body = title + "\n" + body
    captions = [c for c in _captions(html) if c[:60] not in body]
    if captions:
        body = body.rstrip("\n") + "\n" + "\n".join(captions)
    date = _page_date(html) or parse_date(get("date") or "") or find_date(body)
    return body, title, date, url


def _html_headings(html: str) -> tuple[str, str]:
    """The text of a page's first ``<h1>`` and of its ``<title>`` ("" where missing)."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
    except Exception:
        return "", ""
    h1 = next((" ".join(el.text_content().split()) for el in tree.iter("h1")), "")
    title = next((" ".join(el.text_content().split()) for el in tree.iter("title")), "")
    return h1, title


_LIBXML_MAX_DEPTH = 255
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_HIDDEN = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


def _nesting_depth(html: str) -> int:
    """How deep the elements of a page nest (a scan of the tags, no parser)."""
    depth = best = 0
    for m in _TAG.finditer(html):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif not selfclosing and name not in _VOID:
            depth += 1
            best = max(best, depth)
    return best


def _markup_stripped(html: str) -> str:
    import html as html_lib

    text = _HIDDEN.sub(" ", html)
    text = re.sub(r"<(?:p|div|br|li|h\d|tr|section|article)\b[^>]*>", "\n", text, flags=re.IGNORECASE)
    text = html_lib.unescape(re.sub(r"<[^>]*>", " ", text))
    lines = (" ".join(ln.split()) for ln in text.splitlines())
    return "\n".join(ln for ln in lines if ln)


# a site's own notices: "Licence No. 146/GP-BTTTT dated 10/4/2020", "(c) All rights reserved"
_SITE_NOTICE = re.compile(r"licen[cs]e|gi[aấ]y\s+ph[eé]p|copyright|all\s+rights\s+reserved|©", re.IGNORECASE)


def _page_date(html: str) -> str:
    """The page's publication date ("2024-12-13") by htmldate, which reads the page's metadata and
    then its visible dates, with the footer and the site's notices taken out first: the date of
    the site's press licence in the footer is no article's date. "" if none."""
    try:
        from htmldate import find_date
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
        for el in tree.xpath("//footer | //*[contains(@class, 'footer')] | //*[contains(@id, 'footer')]"):
            if el.getparent() is not None:
                el.drop_tree()
        for el in tree.xpath("//p | //div | //span | //li | //small"):
            txt = el.text_content() or ""
            if el.getparent() is not None and len(txt) < 300 and _SITE_NOTICE.search(txt):
                el.drop_tree()
        return find_date(tree, extensive_search=True, original_date=True) or ""
    except Exception:  # a page htmldate cannot read has no date; the text is still read
        return ""


def _captions(html: str) -> list[str]:
    """Photo captions (figcaption, caption classes): they name officials with their titles,
    and article extractors drop them."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
    except Exception:
        return []
    out = []
    for el in tree.xpath("//figcaption | //*[contains(@class, 'caption')]"):
        text = " ".join(el.text_content().split())
        if 10 <= len(text) <= 600 and text not in out:
            out.append(text)
    return out


# --------------------------------------------------------------------------- pdf
PDF_MAX_INFLATED = 200_000_000  # bytes all the compressed streams of one PDF may expand to
_STREAM = re.compile(rb"stream\r?\n")


def _inflated_size(data: bytes, limit: int) -> int:
    """How many bytes the Flate streams of a PDF expand to, counted without keeping them and
    stopping past ``limit``: a 1 MB file whose stream inflates to 1.2 GB is refused before any
    parser holds it in memory. Streams that are not Flate (or broken) count as their length."""
    import zlib

    total = 0
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        if end < 0:
            break
        d = zlib.decompressobj()
        chunk = data[m.end():end]
        try:
            out = d.decompress(chunk, 1 << 20)
            total += len(out)
            while d.unconsumed_tail and total <= limit:
                out = d.decompress(d.unconsumed_tail, 1 << 20)
                if not out:
                    break
                total += len(out)
        except zlib.error:
            total += len(chunk)
        if total > limit:
            return total
    return total


def read_pdf_bytes(data: bytes) -> tuple[str, str]:
    """All pages of a PDF as text: lines re-joined into paragraphs, hyphenated line ends
    re-joined, header and footer lines that repeat on most pages dropped."""
    import io

    import pdfplumber

    if not data.startswith(b"%PDF"):
        raise ReadError("not a PDF file (no %PDF header)")
    inflated = _inflated_size(data, PDF_MAX_INFLATED)
    if inflated > PDF_MAX_INFLATED:
        raise ReadError(f"PDF expands to more than {PDF_MAX_INFLATED / 1e6:.0f} MB when decompressed "
                        "(a decompression bomb?)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as err:
        if _encrypted(err):
            raise ReadError("encrypted PDF (password needed)") from None
        raise ReadError(f"corrupt PDF ({_pdf_error_name(err)})") from None
    pages: list[list[dict]] = []
    info_title = ""
    try:
        with pdf:
            info_title = _info_text((pdf.metadata or {}).get("Title"))
            layout = []  # each page's words and gutter: a page of two columns tells how to read the others
            for page in pdf.pages:
                try:
                    words = page.extract_words()
                except Exception as err:
                    raise ReadError(f"corrupt PDF page {page.page_number} ({type(err).__name__})") from None
                layout.append((words, _gutter(words, float(page.width))))
            found = [g for _, g in layout if g is not None]
            for page, (words, gutter) in zip(pdf.pages, layout):
                if gutter is None and found:
                    gutter = _same_gutter(words, found, float(page.width))
                try:
                    lines = _page_lines(page, words, gutter)
                except Exception as err:
                    raise ReadError(f"corrupt PDF page {page.page_number} ({type(err).__name__})") from None
                pages.append(_drop_margin_lines([ln for ln in lines if ln.get("text", "").strip()], float(page.height)))
    except ReadError:
        raise
    except Exception as err:
        if _encrypted(err):
            raise ReadError("encrypted PDF (password needed)") from None
        raise ReadError(f"corrupt PDF ({_pdf_error_name(err)})") from None
    if not any(pages):
        raise ReadError("PDF has no text layer (scanned pages?): OCR is needed")
    pages = _drop_running_lines(pages)
    text = _join_pdf_lines(pages)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    title = first_title(info_title, _headline(next((p for p in pages if p), [])), first if len(first) <= 200 else "")
    return text, title


def _info_text(value) -> str:
    """A PDF document-info value as text (pdfminer gives bytes, str or a literal)."""
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):  # UTF-16 with its byte order mark
            return value.decode("utf-16", errors="replace")
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("latin-1")  # PDFDocEncoding is close enough for a title
    return value if isinstance(value, str) else ""


def _headline(lines: list[dict]) -> str:
    """The first page's headline: the lines in the largest type among its first eight (several
    lines when it wraps), when that type is larger than the page's text; "" otherwise."""
    top = lines[:8]
    sizes = sorted(ln.get("size") or 0 for ln in lines)
    if not top or not sizes:
        return ""
    body, big = sizes[len(sizes) // 2], max(ln.get("size") or 0 for ln in top)
    if big <= body + 0.5:
        return ""
    out, started = [], False
    for ln in top:
        if (ln.get("size") or 0) >= big - 0.5:
            out.append(ln["text"].strip())
            started = True
        elif started:
            break
    return " ".join(out)


# a page is read as two columns when a vertical gutter at least this wide (points), centred in
# the middle third of the page, is crossed by few words and has at least this share of the
# page's words on each side; the words that cross it are full-width rows (titles, headers)
GUTTER_MIN_WIDTH = 6.0
GUTTER_MAX_CROSSING = 0.15  # words crossing the gutter, against the typical number of words at one x
COLUMN_MIN_SHARE = 0.25


def _coverage(words: list[dict], width: float) -> list[int]:
    """How many words cover each x position (one per point) of a page."""
    w = int(width) + 1
    cover = [0] * (w + 1)
    for wd in words:
        for x in range(max(0, int(wd["x0"])), min(w, int(wd["x1"]) + 1)):
            cover[x] += 1
    return cover


def _free_run(cover: list[int], lo: int, hi: int, limit: float) -> tuple[int, int] | None:
    """The longest run of x positions in [lo, hi] that at most ``limit`` words cover."""
    best = run = None
    for x in range(max(0, lo), min(len(cover) - 1, hi) + 1):
        if cover[x] <= limit:
            run = (run[0], x) if run else (x, x)
            if best is None or run[1] - run[0] > best[1] - best[0]:
                best = run
        else:
            run = None
    return best


def _same_gutter(words: list[dict], found: list[tuple[float, float]], width: float) -> tuple[float, float] | None:
    """This page's gutter where other pages of the document have theirs, when the page leaves
    a lane free there too (the last page of an article, whose right column holds a few lines):
    the run of at least 4 points near the others' gutter that the fewest words cross (at most a
    few: the full-width rows), with words on each side."""
    g0 = statistics.median(g[0] for g in found)
    g1 = statistics.median(g[1] for g in found)
    cover = _coverage(words, width)
    run = None
    for limit in range(int(max(3, 0.03 * len(words))) + 1):  # the emptiest lane: the fewest words crossing
        run = _free_run(cover, int(g0) - 20, int(g1) + 20, limit)
        if run is not None and run[1] - run[0] + 1 >= 4:
            break
    else:
        return None
    g0, g1 = float(run[0]), float(run[1] + 1)
    if any(wd["x1"] <= g0 + 1 for wd in words) and any(wd["x0"] >= g1 - 1 for wd in words):
        return g0, g1
    return None


def _gutter(words: list[dict], width: float) -> tuple[float, float] | None:
    """The x-interval between two columns of text on a page, or None for one column: the widest
    run of x positions in the middle third that few words cover, against the typical coverage
    of the middle of the page."""
    if len(words) < 40 or width <= 0:
        return None
    cover = _coverage(words, width)
    typical = statistics.median(cover[int(width / 4):int(3 * width / 4)])
    if typical < 8:
        return None
    best = _free_run(cover, int(width / 3), int(2 * width / 3), GUTTER_MAX_CROSSING * typical)
    if best is None or best[1] - best[0] + 1 < GUTTER_MIN_WIDTH:
        return None
    g0, g1 = float(best[0]), float(best[1] + 1)
    left = sum(1 for wd in words if wd["x1"] <= g0 + 1)
    right = sum(1 for wd in words if wd["x0"] >= g1 - 1)
    if min(left, right) < COLUMN_MIN_SHARE * len(words):
        return None  # a table's narrow column of numbers, a margin note: not a page of two columns
    return g0, g1


def _with_font(lines: list[dict]) -> list[dict]:
    """Lines with ``size`` (the largest character) and ``bold`` (most characters in a bold
    face) instead of their characters."""
    for ln in lines:
        chars = ln.pop("chars", None) or []
        ln["size"] = max((c.get("size") or 0 for c in chars), default=0.0)
        ln["bold"] = sum(1 for c in chars if "bold" in str(c.get("fontname", "")).lower()) * 2 > len(chars) > 0
    return lines


def _page_lines(page, words: list[dict], gutter: tuple[float, float] | None) -> list[dict]:
    """A page's text lines in reading order. One column: pdfplumber's lines. Two columns (a
    gutter, :func:`_gutter`): the page is cut at the full-width rows (the words that cross
    the gutter's middle: a headline, a running header, a centred footer; and the rows of type
    more than 1.2 times the page's, a headline) into bands; each band of
    columns is read left column first, then right. Every character goes to exactly one
    part (by its centre). Each line gets ``right``, the typical right edge of its column, for
    the paragraph joining."""
    if gutter is None:
        return _edges(_with_font(page.extract_text_lines(return_chars=True)), {})
    g0, g1 = gutter
    mid = (g0 + g1) / 2
    sizes = sorted(ch.get("size") or 0 for ch in page.chars)
    body = sizes[len(sizes) // 2] if sizes else 0
    spans = sorted([(wd["top"], wd["bottom"]) for wd in words if wd["x0"] < mid < wd["x1"]]
                   # a headline's rows (larger type) run across the page, even where a gap between
                   # two of its words happens to fall in the gutter
                   + [(ch["top"], ch["bottom"]) for ch in page.chars if body and (ch.get("size") or 0) > 1.2 * body])
    full: list[list[float]] = []  # y-intervals of the full-width rows
    for top, bottom in spans:
        if full and top <= full[-1][1] + 1:
            full[-1][1] = max(full[-1][1], bottom)
        else:
            full.append([top, bottom])

    def part(obj) -> tuple[float, int]:
        """(where the part starts, 0 full width / 1 left / 2 right) of a character."""
        y = (obj["top"] + obj["bottom"]) / 2
        start = 0.0
        for top, bottom in full:
            if y < top - 1:
                break
            if y <= bottom + 1:
                return (top, 0)
            start = bottom
        return (start, 1 if (obj["x0"] + obj["x1"]) / 2 < mid else 2)

    parts: dict[tuple[float, int], list] = {}
    for ch in page.chars:
        parts.setdefault(part(ch), []).append(ch)
    lines: list[dict] = []
    column: dict[int, int] = {}
    for key in sorted(parts):
        ids = {id(ch) for ch in parts[key]}
        got = page.filter(lambda obj, ids=ids: obj.get("object_type") != "char" or id(obj) in ids)
        side = _with_font(got.extract_text_lines(return_chars=True))
        column.update((id(ln), key[1]) for ln in side)
        lines.extend(side)
    return _edges(lines, column)


def _edges(lines: list[dict], column: dict[int, int]) -> list[dict]:
    """Give the lines of each column of a page (``column``: 0 full width or one column, 1 left,
    2 right, by line id) the column's ``right`` and ``left`` edges, when the column has at
    least three lines (else the paragraph joining uses the document's)."""
    for col in (0, 1, 2):
        mine = [ln for ln in lines if column.get(id(ln), 0) == col]
        if len(mine) >= 3:
            right, left = _margin([ln["x1"] for ln in mine]), _left_edge([ln["x0"] for ln in mine])
            for ln in mine:
                ln["right"], ln["left"] = right, left
    return lines


def _pdf_errors(err: BaseException) -> list[BaseException]:
    """The error and what it wraps (pdfplumber wraps pdfminer's errors in its args)."""
    out = [err]
    out += [a for a in getattr(err, "args", ()) if isinstance(a, BaseException)]
    out += [e for e in (err.__cause__, err.__context__) if e is not None]
    return out


def _encrypted(err: BaseException) -> bool:
    return any("password" in type(e).__name__.lower() or "encrypt" in type(e).__name__.lower()
               or "encrypt" in str(e).lower() for e in _pdf_errors(err))


def _pdf_error_name(err: BaseException) -> str:
    inner = _pdf_errors(err)
    return type(inner[1] if len(inner) > 1 else err).__name__


def _norm_running(s: str) -> str:
    return re.sub(r"\d+", "#", s.strip().lower())


MARGIN_SHARE = 0.08  # the top and bottom of a page where running headers and footers stand
MARGIN_TYPE = 0.9  # ... in smaller type than the page's text


def _drop_margin_lines(lines: list[dict], height: float) -> list[dict]:
    """Drop a page's running header and footer by their look, even on a one-page document:
    the first or last line, in the top or bottom ``MARGIN_SHARE`` of the page, in type smaller
    than ``MARGIN_TYPE`` times the page's text (a publication's name and edition above a
    headline), when the page has text enough to tell (five lines)."""
    if len(lines) < 5 or height <= 0:
        return lines
    sizes = sorted(ln.get("size") or 0 for ln in lines)
    body = sizes[len(sizes) // 2]
    if not body:
        return lines

    def margin(ln: dict, top: bool) -> bool:
        small = 0 < (ln.get("size") or 0) < MARGIN_TYPE * body
        return small and (ln["bottom"] <= MARGIN_SHARE * height if top else ln["top"] >= (1 - MARGIN_SHARE) * height)

    out = lines[1:] if margin(lines[0], True) else lines
    return out[:-1] if out and margin(out[-1], False) else out


def _drop_running_lines(pages: list[list[dict]]) -> list[list[dict]]:
    """Drop lines among the first/last two of a page that repeat (digits ignored) on at
    least half of the pages: running headers, footers, page numbers."""
    if len(pages) < 2:
        return [[ln for ln in p if not re.fullmatch(r"\s*(?:page\s*)?\d+(?:\s*(?:/|of)\s*\d+)?\s*", ln["text"], re.I)] for p in pages]
    counts: Counter[str] = Counter()
    for p in pages:
        edge = {_norm_running(ln["text"]) for ln in p[:2] + p[-2:]}
        counts.update(edge)
    need = max(2, (len(pages) + 1) // 2)
    running = {k for k, c in counts.items() if c >= need}
    out = []
    for p in pages:
        keep = []
        for i, ln in enumerate(p):
            edge = i < 2 or i >= len(p) - 2
            if edge and (_norm_running(ln["text"]) in running
                         or re.fullmatch(r"\s*(?:page\s*)?\d+(?:\s*(?:/|of)\s*\d+)?\s*", ln["text"], re.I)):
                continue
            keep.append(ln)
        out.append(keep)
    if not any(out) and any(pages):
        # every line repeats on every page (a short text printed page after page): that is the
        # text itself, not its running header; drop only the page numbers
        return [[ln for ln in p if not re.fullmatch(r"\s*(?:page\s*)?\d+(?:\s*(?:/|of)\s*\d+)?\s*", ln["text"], re.I)]
                for p in pages]
    return out


def _margin(edges: list[float]) -> float:
    """Where the full lines of a column end: the 90th percentile of the lines' right edges (the
    median falls short on a page of lists and short lines)."""
    if not edges:
        return 0.0
    edges = sorted(edges)
    return edges[min(len(edges) - 1, int(0.9 * len(edges)))]


def _left_edge(starts: list[float]) -> float:
    """Where a column's lines start: the 10th percentile of their left edges (not the median: on
    the last page, a centred signature block may be most of a column)."""
    if not starts:
        return 0.0
    starts = sorted(starts)
    return starts[int(0.1 * len(starts))]


INDENT_PT = 15.0  # a line that starts this far right of its column's left edge starts a paragraph


def _join_pdf_lines(pages: list[list[dict]]) -> str:
    gaps = []
    for p in pages:
        for a, b in zip(p, p[1:]):
            g = b["top"] - a["bottom"]
            if g >= 0:
                gaps.append(g)
    typical = statistics.median(gaps) if gaps else 3.0
    widths = [ln["x1"] for p in pages for ln in p]
    right = _margin(widths)
    left = _left_edge([ln["x0"] for p in pages for ln in p])
    paras: list[str] = []
    cur = ""
    for p in pages:
        prev = None
        for ln in p:
            t = ln["text"].strip()
            new_para = prev is None and not cur
            if prev is not None:
                gap = ln["top"] - prev["bottom"]
                # the previous line ended a paragraph when this line's first word would have fit on it
                width = (ln["x1"] - ln["x0"]) / max(1, len(ln["text"]))
                short = prev["x1"] + width * (len(t.split()[0]) + 1 if t else 0) < prev.get("right", right) - 2
                heading = prev.get("bold") and not ln.get("bold")  # a bold heading, then its text
                # an indented first line, a centred line of a signature block
                indented = ln["x0"] > ln.get("left", left) + INDENT_PT
                if gap > typical * 1.6 + 2 or short or heading or indented:
                    new_para = True
            elif cur and re.search(r"[.:!?\"”)]$", cur) and t[:1].isupper():
                # page break after a finished sentence: assume a new paragraph
                new_para = False
            if new_para and cur:
                paras.append(cur)
                cur = t
            elif not cur:
                cur = t
            elif re.search(r"\w-$", cur) and t[:1].islower():
                cur = cur[:-1] + t  # "imple-\nmentation" -> "implementation"
            else:
                cur = cur + " " + t
            prev = ln
    if cur:
        paras.append(cur)
    return "\n".join(paras)
