"""What Praxis puts on a spaCy ``Doc``, declared once.

Span groups (``doc.spans[...]``), one per extractor, each span labelled:

=========================  =============  ==============================================
group                      label          ``span._`` fields
=========================  =============  ==============================================
``praxis_names``           PERSON         name, honorific, titles (people the title grammar
                                          found, before their bodies are resolved)
``praxis_places``          its level      name, level_word, level, canonical
``praxis_organizations``   org_type       canonical, org_type, body, level, level_word,
                                          place, sub, generic, source ("text": named in the
                                          text; "title": implied by an official's title)
``praxis_officials``       OFFICIAL       name, honorific, titles, organization, place,
                                          sentence, start, end
``praxis_figures``         its kind       text, value, value_high, total, unit, unit_class,
                                          currency, comparator, kind, metric, period,
                                          organization, sentence, start, end
``praxis_obstacles``       its category   text, category, organization, requested_action,
                                          sentence, start, end
=========================  =============  ==============================================

A span covers whole tokens (the characters of the match expanded to token boundaries);
``span._.start``/``span._.end``/``span._.text`` are the exact characters of the match, as in
the tables. Fields are stored per span (by its ``span.id``), so two spans over the same
characters in different groups keep their own values. ``Doc._.segmented`` holds the
sentence and paragraph offsets the extractors read.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

NAMES = "praxis_names"
PLACES = "praxis_places"
ORGANIZATIONS = "praxis_organizations"
OFFICIALS = "praxis_officials"
FIGURES = "praxis_figures"
OBSTACLES = "praxis_obstacles"
GROUPS = (NAMES, PLACES, ORGANIZATIONS, OFFICIALS, FIGURES, OBSTACLES)

FIELDS: dict[str, tuple[str, ...]] = {
    NAMES: ("name", "honorific", "titles"),
    PLACES: ("name", "level_word", "level", "canonical"),
    ORGANIZATIONS: ("canonical", "org_type", "body", "level", "level_word", "place", "sub", "generic", "source"),
    OFFICIALS: ("name", "honorific", "titles", "organization", "place", "sentence", "start", "end"),
    FIGURES: ("text", "value", "value_high", "total", "unit", "unit_class", "currency", "comparator", "kind",
              "metric", "period", "organization", "sentence", "start", "end", "indicator"),
    OBSTACLES: ("text", "category", "organization", "requested_action", "sentence", "start", "end"),
}
ALL_FIELDS = sorted({f for fs in FIELDS.values() for f in fs})
DATE = "praxis_date"  # doc.user_data: the document's publication date (page metadata, else its dateline), ISO 8601
_STORE = "praxis_fields"  # doc.user_data: {group: [entry, ...]}, entry i is span ``id = code(group) + i``
_ID_BITS = 24  # a span's id: the group's number in the high bits, its index in the low ones
_GROUP_CODE = {g: (i + 1) << _ID_BITS for i, g in enumerate(GROUPS)}


def _store(doc: Doc) -> dict[str, list[dict]]:
    st = doc.user_data.get(_STORE)
    if st is None:
        st = doc.user_data[_STORE] = {}
    return st


def _entry(span: Span) -> dict | None:
    g, i = divmod(span.id, 1 << _ID_BITS)
    if not 1 <= g <= len(GROUPS):
        return None
    entries = _store(span.doc).get(GROUPS[g - 1])
    return entries[i] if entries is not None and i < len(entries) else None


def _getter(name: str):
    def get(span: Span) -> Any:
        e = _entry(span)
        if e is None:
            return None
        if name in e:
            return e[name]
        view = e.get("_view")
        return view(e["_mention"], name) if view is not None else None
    return get


def _setter(name: str):
    def set_(span: Span, value: Any) -> None:
        e = _entry(span)
        if e is None:
            raise ValueError(f"span {span.text!r} was not made by Praxis: it has no {name!r} field")
        e[name] = value
    return set_


for _name in ALL_FIELDS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_getter(_name), setter=_setter(_name))
if not Doc.has_extension("segmented"):
    Doc.set_extension("segmented", default=None)


def clear(doc: Doc, group: str) -> None:
    """Empty a span group and its fields (a component writes its group anew)."""
    doc.spans[group] = []
    _store(doc)[group] = []


def add_span(doc: Doc, group: str, start: int, end: int, label: str, fields: dict | None = None,
             mention: Any = None, view=None) -> Span:
    """Add a span over the characters ``start:end`` (expanded to whole tokens) to ``group``
    with its fields: given as values (the dict is kept as the span's own), or read from
    ``mention`` through ``view(mention, name)`` (so that a later change to the mention shows
    in the span)."""
    entries = _store(doc).setdefault(group, [])
    sid = _GROUP_CODE[group] + len(entries)
    span = doc.char_span(start, end, label=label, span_id=sid, alignment_mode="expand") if end > start else None
    if span is None:  # an empty match, or characters outside the tokens: the nearest token
        i = min(len(doc) - 1, max(0, _token_at(doc, start))) if len(doc) else 0
        span = Span(doc, i, i + 1 if len(doc) else i, label=label, span_id=sid)
    entry: dict = fields if fields is not None else {}  # the caller's dict is kept, not copied
    if mention is not None:
        entry["_mention"] = mention
        entry["_view"] = view
    entries.append(entry)
    doc.spans[group].append(span)
    return span


def _token_at(doc: Doc, char: int) -> int:
    for t in doc:
        if t.idx + len(t.text_with_ws) > char:
            return t.i
    return len(doc) - 1


def mention(span: Span) -> Any:
    """The extractor's own object behind a span (a place, body or person mention)."""
    e = _entry(span)
    return e.get("_mention") if e else None


def fields(span: Span) -> dict[str, Any]:
    """Every declared field of a span, by name."""
    g = span.id >> _ID_BITS
    names = FIELDS[GROUPS[g - 1]] if 1 <= g <= len(GROUPS) else ALL_FIELDS
    return {n: _getter(n)(span) for n in names}


def entries(doc: Doc, group: str) -> list[dict]:
    """The stored fields of a group's spans, in order (no Span objects are made)."""
    return _store(doc).get(group, []) if group in doc.spans else []


def mentions(doc: Doc, group: str, where=None) -> list:
    """The extractor objects behind a group's spans, in order (``where(entry)`` filters)."""
    return [e.get("_mention") for e in entries(doc, group) if where is None or where(e)]
