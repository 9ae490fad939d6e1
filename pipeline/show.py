"""One document as a page: its text with the places, organizations, officials, figures and
obstacles highlighted by displaCy's span visualizer, and the fields of every span in a table
below, each highlight linked to its row (the view a reader uses to trust or question a row).

The page is one self-contained HTML file: inline styles only, no script, no font or
stylesheet from elsewhere, so it renders offline.
"""
from __future__ import annotations

import html
from pathlib import Path

from spacy import displacy
from spacy.tokens import Doc, Span

from . import attributes as A

# group -> (label prefix, row-id letter, colour of the highlight)
SHOWN = {
    A.PLACES: ("PLACE", "P", "#d9d9d9"),
    A.ORGANIZATIONS: ("ORG", "G", "#aee2ff"),
    A.OFFICIALS: ("OFFICIAL", "O", "#ffd59e"),
    A.FIGURES: ("FIGURE", "F", "#b9f0b3"),
    A.OBSTACLES: ("OBSTACLE", "X", "#ffb3b3"),
}
_FIGURE_KIND_COLOURS = {"target": "#8fd6ff", "result": "#9ee493", "statistic": "#e0e0a0"}
_NOT_SHOWN = {"sentence"}


def _label(group: str, span: Span) -> str:
    prefix = SHOWN[group][0]
    sub = span.label_
    if group == A.ORGANIZATIONS and span._.source == "title":
        sub += " (title)"
    return f"{prefix} {sub}" if sub and group != A.OFFICIALS else prefix


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e18 else f"{v:g}"
    if isinstance(v, (list, tuple)):
        return "; ".join(map(str, v))
    return str(v)


def render(doc: Doc, title: str = "") -> str:
    """The page for a Doc that went through the Praxis pipeline."""
    marks: list[tuple[int, int, str, str]] = []  # (start token, end token, label, row id)
    rows: list[tuple[str, str, str, Span]] = []
    colours: dict[str, str] = {}
    for group, (_, letter, colour) in SHOWN.items():
        if group not in doc.spans:
            continue
        for i, s in enumerate(doc.spans[group], 1):
            if group == A.ORGANIZATIONS and s._.generic:
                continue  # "the Party Committee": a mention, not a row
            rid = f"{letter}{i}"
            label = _label(group, s)
            colours[label] = _FIGURE_KIND_COLOURS.get(s.label_, colour) if group == A.FIGURES else colour
            marks.append((s.start, s.end, label, rid))
            rows.append((rid, group, label, s))
    blocks = [_block(doc, a, b, marks) for a, b in _paragraphs(doc)]
    body = displacy.render([b for b in blocks if b["tokens"]], style="span", page=False, jupyter=False, manual=True,
                           options={"colors": colours})
    return _page(title, body, rows, colours)


def _paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the Doc's lines (displaCy would run them together)."""
    out, start = [], 0
    for t in doc:
        if "\n" in t.text_with_ws:
            out.append((start, t.i + (0 if t.is_space else 1)))
            start = t.i + 1
    out.append((start, len(doc)))
    return [(a, b) for a, b in out if b > a]


def _block(doc: Doc, a: int, b: int, marks) -> dict:
    """One paragraph for displaCy's span renderer, in display words: tokens written without a
    space between them are shown as one word ("congress's", "practice:"), unless a span
    starts or ends between them."""
    mine = [m for m in marks if a <= m[0] < b]
    cuts = {m[0] for m in mine} | {m[1] for m in mine}
    words: list[str] = []
    index: dict[int, int] = {}
    for t in doc[a:b]:
        if t.is_space:
            index[t.i] = max(len(words) - 1, 0)
            continue
        glued = t.i > a and words and not doc[t.i - 1].whitespace_ and t.i not in cuts and not doc[t.i - 1].is_space
        if glued:
            words[-1] += t.text
        else:
            words.append(t.text)
        index[t.i] = len(words) - 1
    spans = [{"start_token": index[s], "end_token": index[min(e, b) - 1] + 1, "label": label,
              "kb_id": rid, "kb_url": f"#{rid}"} for s, e, label, rid in mine]
    return {"text": doc[a:b].text, "tokens": words, "spans": spans}


def _fields_table(group: str, rows) -> str:
    mine = [(rid, label, s) for rid, g, label, s in rows if g == group]
    if not mine:
        return ""
    names = [f for f in A.FIELDS[group] if f not in _NOT_SHOWN]
    head = "".join(f"<th>{html.escape(n)}</th>" for n in ["id", "span", *names])
    body = []
    for rid, _label, s in mine:
        vals = A.fields(s)
        cells = "".join(f"<td>{html.escape(_fmt(vals.get(n)))}</td>" for n in names)
        body.append(f"<tr id='{rid}'><td><b>{rid}</b></td><td>{html.escape(s.text)}</td>{cells}</tr>")
    return (f"<h2>{html.escape(SHOWN[group][0].title())}s ({len(mine)})</h2>"
            f"<table><tr>{head}</tr>{''.join(body)}</table>")


_STYLE = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2rem; max-width: 70rem; }
table { border-collapse: collapse; font-size: 0.8rem; margin-bottom: 2rem; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
tr:target { background: #fff3b0; }
.legend span { display: inline-block; padding: 1px 6px; margin-right: 6px; border-radius: 3px; font-size: 0.8rem; }
.spans { font-size: 15px; }
"""


def _page(title: str, body: str, rows, colours: dict[str, str]) -> str:
    counts = {g: sum(1 for _, gg, _, _ in rows if gg == g) for g in SHOWN}
    legend = "".join(f"<span style='background:{c}'>{html.escape(label)}</span>" for label, c in sorted(colours.items()))
    summary = ", ".join(f"{n} {SHOWN[g][0].lower()}{'s' if n != 1 else ''}" for g, n in counts.items())
    tables = "".join(_fields_table(g, rows) for g in SHOWN)
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title or 'Praxis')}</title>"
            f"<style>{_STYLE}</style></head><body>"
            f"<h1>{html.escape(title or 'Document')}</h1><p>{html.escape(summary)}. Each highlight's id links "
            f"to its row below.</p><p class='legend'>{legend}</p>{body}{tables}</body></html>\n")


def show_file(path: str | Path, models: str = "auto", patterns: tuple[str, ...] = ()) -> str:
    """Read, clean and extract one file; its page."""
    from .clean import clean_text
    from .nlp import load
    from .read import read_document

    raw = read_document(Path(path))
    doc = load(models, patterns)(clean_text(raw.text))
    return render(doc, raw.title or Path(path).name)
