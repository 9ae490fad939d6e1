#!/usr/bin/env python3
"""Render every corpus/pdf_src/*.txt into corpus/docs/<stem>.pdf.

Usage:  /work/main/.venv/bin/python corpus/tools/make_pdfs.py [--two-columns] [--out DIR] [STEM ...]

(``--two-columns`` and ``--out`` make the two-column copies that corpus/tools/format_parity.py
scores; the corpus PDFs are one column.)

Input format (plain UTF-8 text, the body of the document exactly as the gold covers it):
- the first non-empty line is the headline (set in bold, larger);
- paragraphs are separated by blank lines; a one-line paragraph of at most 12 words
  without final punctuation is set as a bold subheading; a block of several lines of at most
  10 words each (a signature block, the recipients) keeps its line breaks; a signature
  block (its first line in capitals, or "ON BEHALF OF ...") is centred in the right half
  (flush left in its column, with two columns);
- optional sidecar file <stem>.header (one line) gives the running header printed at the
  top of every page, e.g. "Provincial Party Committee Bulletin — Issue 12"; without it a
  default header is used.

Page layout: A4, DejaVuSans (covers Vietnamese) when found, else Helvetica (then keep the
text ASCII); running header and a rule on top of every page, "Page N" footer on every page;
lines are wrapped to the text width and, now and then, a long lower-case word is
hyphenated across the line end (as in real typeset bulletins). If a text would fit on one
page, the font size is raised so that every PDF has at least two pages.
Deterministic: the same input gives the same layout.
"""
from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

CORPUS = Path(__file__).resolve().parents[1]
SRC = CORPUS / "pdf_src"
OUT = CORPUS / "docs"
DEFAULT_HEADER = "Provincial Party Committee Bulletin"
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/share/fonts/TTF")]
MARGIN_X = 2.3 * cm
MARGIN_TOP = 2.6 * cm
MARGIN_BOTTOM = 2.4 * cm
HYPHEN_EVERY = 2          # hyphenate one in every N opportunities
MIN_HYPHEN_WORD = 8
SHORT_LINE_WORDS = 10     # a block of lines this short keeps its line breaks
GUTTER = 0.8 * cm         # between the two columns of a two-column layout


def register_fonts() -> tuple[str, str]:
    for d in FONT_DIRS:
        reg, bold = d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"
        if reg.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(reg)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def paragraphs(text: str) -> list:
    """Blocks separated by blank lines: a flowing paragraph (its lines joined) as a str, or, when
    every line of a block of several lines is short (a signature block, a list of recipients),
    its lines kept as they are, as a list."""
    blocks, cur = [], []

    def close():
        if len(cur) > 1 and all(len(ln.split()) <= SHORT_LINE_WORDS for ln in cur):
            blocks.append(list(cur))
        elif cur:
            blocks.append(" ".join(cur))

    for line in text.splitlines():
        if line.strip():
            cur.append(line.strip())
        elif cur:
            close()
            cur = []
    close()
    return blocks


def is_subheading(par) -> bool:
    return isinstance(par, str) and len(par.split()) <= 12 and par[-1] not in ".:;!?\"'”)" and not par[-1].isdigit()


VOWELS = set("aeiouy")
DIGRAPHS = {"ch", "sh", "th", "ph", "gh", "ck", "wh", "qu"}


def hyphen_points(word: str) -> list[int]:
    """Plausible break positions, longest left part first: between two consonants
    that stand between vowels (dif-ficult), else before a consonant that starts a
    syllable (mecha-nisation); never inside a digraph, never leaving fewer than
    3 letters on the left or 4 on the right."""
    w = word.lower()
    points = set()
    for k in range(3, len(w) - 3):
        a, b = w[k - 1], w[k]
        if w[k - 1:k + 1] in DIGRAPHS:
            continue
        if (a not in VOWELS and b not in VOWELS and w[k - 2] in VOWELS
                and w[k + 1] in VOWELS):
            points.add(k)
        elif a in VOWELS and b not in VOWELS and w[k + 1] in VOWELS and w[k:k + 2] not in DIGRAPHS:
            points.add(k)
    return sorted(points, reverse=True)


class Wrapper:
    """Greedy line breaking with occasional hyphenation of long lower-case words."""

    def __init__(self, font: str, size: float, width: float):
        self.font, self.size, self.width = font, size, width
        self.opportunities = 0

    def w(self, s: str) -> float:
        return pdfmetrics.stringWidth(s, self.font, self.size)

    def split_word(self, word: str, room: float) -> tuple[str, str] | None:
        core = word.rstrip(".,;:!?)\"'”")
        if (len(core) < MIN_HYPHEN_WORD or not core.isalpha() or not core.islower()):
            return None
        self.opportunities += 1
        if self.opportunities % HYPHEN_EVERY:
            return None
        for k in hyphen_points(core):
            head = word[:k] + "-"
            if self.w(head) <= room:
                return head, word[k:]
        return None

    def wrap(self, par: str) -> list[str]:
        lines, cur = [], ""
        words = par.split()
        i = 0
        while i < len(words):
            word = words[i]
            cand = word if not cur else cur + " " + word
            if self.w(cand) <= self.width:
                cur = cand
                i += 1
                continue
            room = self.width - self.w(cur + " ") if cur else self.width
            parts = self.split_word(word, room)
            if parts:
                lines.append((cur + " " + parts[0]) if cur else parts[0])
                cur = ""
                words[i] = parts[1]
                continue
            if not cur:            # a single over-long token: put it alone
                lines.append(word)
                i += 1
                continue
            lines.append(cur)
            cur = ""
        if cur:
            lines.append(cur)
        return lines


def layout(pars: list, regular: str, bold: str, size: float, columns: int = 1) -> list[list[tuple]]:
    """Return pages, each a list of (font, size, x, y, text). With two columns the headline
    runs across the page and the text flows down the left column, then the right."""
    full = A4[0] - 2 * MARGIN_X
    width = full if columns == 1 else (full - GUTTER) / 2
    top = A4[1] - MARGIN_TOP
    bottom = MARGIN_BOTTOM
    lead = size * 1.45
    body = Wrapper(regular, size, width)
    pages: list[list[tuple]] = [[]]
    y, col, col_top = top, 0, top

    def put(font, fsize, text, leading, x=None):
        nonlocal y, col, col_top
        if y - leading < bottom:
            if col + 1 < columns:
                col += 1
            else:
                pages.append([])
                col, col_top = 0, top
            y = col_top
        y -= leading
        pages[-1].append((font, fsize, MARGIN_X + col * (width + GUTTER) if x is None else x, y, text))

    for n, par in enumerate(pars):
        if n == 0:
            head = Wrapper(bold, size + 5, full)
            for line in head.wrap(par if isinstance(par, str) else " ".join(par)):
                put(bold, size + 5, line, (size + 5) * 1.35, x=MARGIN_X)
            y -= size * 0.8
            col_top = y  # the columns start under the headline
            continue
        if is_subheading(par):
            y -= size * 0.4
            for line in Wrapper(bold, size + 0.5, width).wrap(par):
                put(bold, size + 0.5, line, lead)
            continue
        # (a two-column page sets it flush left in its column, as newspapers set an author's line)
        signature = columns == 1 and isinstance(par, list) and (par[0].isupper() or par[0].upper().startswith("ON BEHALF"))
        for text in (par if isinstance(par, list) else [par]):
            if signature:  # a signature block: each line centred in the right half of the page's text
                half = width / 2
                for line in Wrapper(regular, size, half).wrap(text):
                    x0 = MARGIN_X + col * (width + GUTTER) + half + (half - body.w(line)) / 2
                    put(regular, size, line, lead, x=x0)
                continue
            for line in body.wrap(text):
                put(regular, size, line, lead)
        y -= size * 0.6       # paragraph gap
    return pages


def render(src: Path, regular: str, bold: str, out_dir: Path = OUT, columns: int = 1) -> int:
    text = src.read_text(encoding="utf-8")
    hfile = src.with_suffix(".header")
    header = hfile.read_text(encoding="utf-8").strip() if hfile.exists() else DEFAULT_HEADER
    pars = paragraphs(text)
    for size in (10.5, 11.5, 12.5, 14, 16, 18):
        pages = layout(pars, regular, bold, size, columns)
        if len(pages) >= 2:
            break
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{src.stem}.pdf"
    c = canvas.Canvas(str(out), pagesize=A4, pageCompression=1, invariant=1)
    c.setTitle(pars[0] if pars and isinstance(pars[0], str) else src.stem)
    c.setAuthor(header)
    for pno, page in enumerate(pages, 1):
        c.setFont(regular, 8.5)
        c.setFillGray(0.35)
        c.drawString(MARGIN_X, A4[1] - 1.5 * cm, header)
        c.setStrokeGray(0.6)
        c.setLineWidth(0.5)
        c.line(MARGIN_X, A4[1] - 1.7 * cm, A4[0] - MARGIN_X, A4[1] - 1.7 * cm)
        c.setFillGray(0)
        for font, fsize, x, y, line in page:
            c.setFont(font, fsize)
            c.drawString(x, y, line)
        c.setFont(regular, 9)
        c.setFillGray(0.35)
        c.drawCentredString(A4[0] / 2, 1.3 * cm, f"Page {pno}")
        c.setFillGray(0)
        c.showPage()
    c.save()
    return len(pages)


def main(argv: list[str]) -> None:
    regular, bold = register_fonts()
    columns = 2 if "--two-columns" in argv else 1
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else OUT
    stems = {a for a in argv if not a.startswith("--") and a != str(out)}
    for src in sorted(SRC.glob("*.txt")):
        if stems and src.stem not in stems:
            continue
        n = render(src, regular, bold, out, columns)
        print(f"{src.stem}.pdf: {n} pages")


if __name__ == "__main__":
    main(sys.argv[1:])
