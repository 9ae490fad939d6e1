#!/usr/bin/env python3
"""Render every corpus/pdf_src/*.txt into corpus/docs/<stem>.pdf.

Usage:  /work/main/.venv/bin/python corpus/tools/make_pdfs.py [STEM ...]

Input format (plain UTF-8 text, the body of the document exactly as the gold covers it):
- the first non-empty line is the headline (set in bold, larger);
- paragraphs are separated by blank lines; a one-line paragraph of at most 12 words
  without final punctuation is set as a bold subheading;
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


def register_fonts() -> tuple[str, str]:
    for d in FONT_DIRS:
        reg, bold = d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"
        if reg.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(reg)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def paragraphs(text: str) -> list[str]:
    blocks, cur = [], []
    for line in text.splitlines():
        if line.strip():
            cur.append(line.strip())
        elif cur:
            blocks.append(" ".join(cur))
            cur = []
    if cur:
        blocks.append(" ".join(cur))
    return blocks


def is_subheading(par: str) -> bool:
    return len(par.split()) <= 12 and par[-1] not in ".:;!?\"'”)" and not par[-1].isdigit()


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


def layout(pars: list[str], regular: str, bold: str, size: float) -> list[list[tuple]]:
    """Return pages, each a list of (font, size, y, text)."""
    width = A4[0] - 2 * MARGIN_X
    top = A4[1] - MARGIN_TOP
    bottom = MARGIN_BOTTOM
    lead = size * 1.45
    body = Wrapper(regular, size, width)
    pages: list[list[tuple]] = [[]]
    y = top

    def put(font, fsize, text, leading):
        nonlocal y
        if y - leading < bottom:
            pages.append([])
            y = top
        y -= leading
        pages[-1].append((font, fsize, y, text))

    for n, par in enumerate(pars):
        if n == 0:
            head = Wrapper(bold, size + 5, width)
            for line in head.wrap(par):
                put(bold, size + 5, line, (size + 5) * 1.35)
            y -= size * 0.8
            continue
        if is_subheading(par):
            y -= size * 0.4
            for line in Wrapper(bold, size + 0.5, width).wrap(par):
                put(bold, size + 0.5, line, lead)
            continue
        for line in body.wrap(par):
            put(regular, size, line, lead)
        y -= size * 0.6       # paragraph gap
    return pages


def render(src: Path, regular: str, bold: str) -> int:
    text = src.read_text(encoding="utf-8")
    hfile = src.with_suffix(".header")
    header = hfile.read_text(encoding="utf-8").strip() if hfile.exists() else DEFAULT_HEADER
    pars = paragraphs(text)
    for size in (10.5, 11.5, 12.5, 14, 16, 18):
        pages = layout(pars, regular, bold, size)
        if len(pages) >= 2:
            break
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"{src.stem}.pdf"
    c = canvas.Canvas(str(out), pagesize=A4, pageCompression=1, invariant=1)
    c.setTitle(pars[0] if pars else src.stem)
    c.setAuthor(header)
    for pno, page in enumerate(pages, 1):
        c.setFont(regular, 8.5)
        c.setFillGray(0.35)
        c.drawString(MARGIN_X, A4[1] - 1.5 * cm, header)
        c.setStrokeGray(0.6)
        c.setLineWidth(0.5)
        c.line(MARGIN_X, A4[1] - 1.7 * cm, A4[0] - MARGIN_X, A4[1] - 1.7 * cm)
        c.setFillGray(0)
        for font, fsize, y, line in page:
            c.setFont(font, fsize)
            c.drawString(MARGIN_X, y, line)
        c.setFont(regular, 9)
        c.setFillGray(0.35)
        c.drawCentredString(A4[0] / 2, 1.3 * cm, f"Page {pno}")
        c.setFillGray(0)
        c.showPage()
    c.save()
    return len(pages)


def main(argv: list[str]) -> None:
    regular, bold = register_fonts()
    stems = set(argv)
    for src in sorted(SRC.glob("*.txt")):
        if stems and src.stem not in stems:
            continue
        n = render(src, regular, bold)
        print(f"{src.stem}.pdf: {n} pages")


if __name__ == "__main__":
    main(sys.argv[1:])
