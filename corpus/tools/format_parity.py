#!/usr/bin/env python3
"""How much a document loses when it is read from a PDF or a web page instead of plain text.

Usage:  python corpus/tools/format_parity.py [--json OUT.json] [--models auto|none]

The texts of ``corpus/pdf_src`` (the documents whose gold covers the body exactly) are made
into four copies each, in a temporary folder:

* ``txt``  the text itself;
* ``pdf``  the corpus PDF layout (``make_pdfs.py``: running header, rule, "Page N" footer,
  hyphenated line ends, two or more pages);
* ``pdf2`` the same in two columns under a full-width headline;
* ``html`` a news page: the headline in ``<title>`` (with the site's name) and ``<h1>``, a
  menu, the paragraphs in an ``<article>``, related links and a footer with a licence notice.

Each copy is extracted and scored against the same gold (``corpus/gold``, the doc_id set to the
copy's file name). Printed: F1 per table and format, and each format's difference from ``txt``
(the goal: within 0.02). Deterministic.
"""
from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CORPUS.parent))
sys.path.insert(0, str(CORPUS / "tools"))

TABLES = ("officials", "organizations", "figures", "obstacles")
FORMATS = ("txt", "pdf", "pdf2", "html")


def html_page(text: str) -> str:
    """A news page around the text: headline, menu, article paragraphs, related links, footer."""
    import make_pdfs

    blocks = make_pdfs.paragraphs(text)
    head = blocks[0] if isinstance(blocks[0], str) else " ".join(blocks[0])
    body = []
    for b in blocks[1:]:
        if isinstance(b, list):
            body.append("<p>" + "<br>".join(html.escape(x) for x in b) + "</p>")
        elif make_pdfs.is_subheading(b):
            body.append(f"<h2>{html.escape(b)}</h2>")
        else:
            body.append(f"<p>{html.escape(b)}</p>")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(head)} - Provincial News</title></head><body>"
            "<nav><a href='/'>Home</a> | <a href='/politics'>Politics</a> | <a href='/economy'>Economy</a></nav>"
            f"<article><h1>{html.escape(head)}</h1>{''.join(body)}</article>"
            "<aside><h3>Related news</h3><ul><li><a href='/a'>Province reviews the year</a></li>"
            "<li><a href='/b'>New rural areas: 5 more communes</a></li></ul></aside>"
            "<footer>Licence No. 146/GP-BTTTT dated 10/4/2020. All rights reserved.</footer></body></html>")


def make_copies(work: Path) -> dict[str, list[Path]]:
    import make_pdfs

    regular, bold = make_pdfs.register_fonts()
    out: dict[str, list[Path]] = {f: [] for f in FORMATS}
    for src in sorted(make_pdfs.SRC.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        for fmt in FORMATS:
            (work / fmt).mkdir(parents=True, exist_ok=True)
        (work / "txt" / src.name).write_text(text, encoding="utf-8")
        out["txt"].append(work / "txt" / src.name)
        make_pdfs.render(src, regular, bold, work / "pdf", 1)
        out["pdf"].append(work / "pdf" / f"{src.stem}.pdf")
        make_pdfs.render(src, regular, bold, work / "pdf2", 2)
        out["pdf2"].append(work / "pdf2" / f"{src.stem}.pdf")
        (work / "html" / f"{src.stem}.html").write_text(html_page(text), encoding="utf-8")
        out["html"].append(work / "html" / f"{src.stem}.html")
    return out


def score_copies(files: list[Path], models: str) -> dict:
    from pipeline.batch import iter_results
    from pipeline.evaluate import load_gold, score

    gold = {}
    for f in files:
        doc = load_gold(CORPUS / "gold", [f.stem]).popitem()[1]
        gold[f.name] = {**doc, "doc_id": f.name}
    pred: dict[str, list[dict]] = {}
    for res in iter_results([str(f) for f in files], models=models):
        for t, rows in res.tables.items():
            pred.setdefault(t, []).extend(rows)
    return score(gold, pred)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--models", default="auto")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="praxis-parity-") as tmp:
        copies = make_copies(Path(tmp))
        results = {fmt: score_copies(files, args.models) for fmt, files in copies.items()}
    f1 = {fmt: {t: results[fmt][t]["f1"] for t in TABLES} for fmt in FORMATS}
    print(f"{len(copies['txt'])} documents, F1 by format (difference from txt)")
    print(f"{'table':14}" + "".join(f"{fmt:>16}" for fmt in FORMATS))
    for t in TABLES:
        cells = [f"{f1['txt'][t]:>16.3f}"] + [f"{f1[fmt][t]:>8.3f} ({f1[fmt][t] - f1['txt'][t]:+.3f})" for fmt in FORMATS[1:]]
        print(f"{t:14}" + "".join(cells))
    worst = min(f1[fmt][t] - f1["txt"][t] for fmt in FORMATS[1:] for t in TABLES)
    print(f"largest loss against txt: {worst:+.3f} (goal: no worse than -0.020)")
    if args.json:
        args.json.write_text(json.dumps({"f1": f1, "scores": results}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
