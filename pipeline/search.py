"""Searching the registry: FTS5 full-text query plus field filters.

The query is FTS5 syntax (words, "quoted phrases", OR, NOT, prefix*). Typed without marks it
matches every accented form ("dien bien" finds "Điện Biên": Đ/đ fold to D/d as well); typed
with marks it matches them exactly, because in Vietnamese a tone mark changes the word ("năm",
year, is not "Nam", a name) — the way Vietnamese search engines behave. The registry indexes
each row as written and folded (:mod:`pipeline.registry`); the query goes to SQLite as a bound
parameter, never into the SQL. A query SQLite cannot parse, an unknown ``kind`` or
``unit_class`` raise :class:`SearchError` with a one-line explanation (and the accepted values).
"""
from __future__ import annotations

import sqlite3
import unicodedata

from .errors import SearchError
from .registry import Registry
from .schema import DISPLAY, ROW_TABLES  # noqa: F401 - DISPLAY: what a hit shows
from .textutil import fold

FILTERS = ("kind", "unit_class", "org", "place", "period", "table")
KINDS = ("target", "result", "statistic")
# the columns of a hit, whatever its table: what a reader scans down
HIT_COLUMNS = ["doc_id", "table", "kind", "text", "value", "organization", "period"]
MAX_QUERY = 2000  # a 96 kB query of 12,000 OR terms took 55 s on a small registry


def unit_classes() -> tuple[str, ...]:
    """Every unit class a figure can have."""
    from .numbers import unit_classes as _numbers_unit_classes

    return _numbers_unit_classes()


def has_marks(query: str) -> bool:
    """Whether a query carries Vietnamese marks (a tone or a vowel mark, or Đ/đ)."""
    return any(c in "đĐ" or any(unicodedata.combining(x) for x in unicodedata.normalize("NFD", c)) for c in query)


def fts_query(query: str) -> str:
    """The FTS5 expression for a user's query: the folded column for a query without marks,
    the written one for a query with them."""
    if has_marks(query):
        return f"body : ({query})"
    return f"folded : ({query})"


def search_page(reg: Registry, query: str = "", *, table: str | None = None, kind: str | None = None,
                unit_class: str | None = None, org: str | None = None, place: str | None = None,
                period: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
    """One page of matching rows (best first), each with ``table`` and its columns, and the
    number of rows that match in all."""
    if table and table not in ROW_TABLES:
        raise SearchError(f"unknown table {table!r}; use one of: {', '.join(ROW_TABLES)}")
    if kind and fold(kind) not in KINDS:
        raise SearchError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    if unit_class and fold(unit_class) not in unit_classes():
        raise SearchError(f"unknown unit class {unit_class!r}; use one of: {', '.join(unit_classes())}")
    if limit < 1 or offset < 0:
        raise SearchError("--limit must be 1 or more and --offset 0 or more")
    if len(query) > MAX_QUERY:
        raise SearchError(f"query too long ({len(query):,} characters; at most {MAX_QUERY:,}): search for fewer words")
    tables = [table] if table else list(ROW_TABLES)
    if kind or unit_class:
        tables = [t for t in tables if t == "figures"]
    hits: list[tuple[str, int, float]] = []
    if query.strip():
        sql = "SELECT tbl, rid, bm25(search) FROM search WHERE search MATCH ?"
        params: list = [fts_query(query)]
        if len(tables) == 1:
            sql += " AND tbl = ?"
            params.append(tables[0])
        sql += " ORDER BY bm25(search)"
        try:
            hits = [(r[0], int(r[1]), float(r[2])) for r in reg.db.execute(sql, params)]
        except sqlite3.OperationalError as err:
            raise SearchError(f"bad search query {query!r}: {err}. Use words, \"quoted phrases\", "
                              "OR, NOT and prefix*; quote words with punctuation.") from None
    else:
        for t in tables:
            hits += [(t, int(r[0]), 0.0) for r in reg.db.execute(f"SELECT id FROM {t} ORDER BY id")]
    out: list[dict] = []
    total = 0
    for tbl, rid, rank in hits:
        if tbl not in tables:
            continue
        row = reg.db.execute(f"SELECT * FROM {tbl} WHERE id = ?", (rid,)).fetchone()
        if row is None:
            continue
        r = dict(row)
        if not _keep(r, kind=kind, unit_class=unit_class, org=org, place=place, period=period):
            continue
        total += 1
        if offset < total <= offset + limit:
            out.append({"table": tbl, "score": round(-rank, 3), **r})
    return out, total


def search(reg: Registry, query: str = "", **kw) -> list[dict]:
    """Matching rows (best first, at most ``limit``), each with ``table`` and its columns."""
    return search_page(reg, query, **kw)[0]


def hit_row(r: dict) -> dict:
    """A hit as the columns of :data:`HIT_COLUMNS`: the document, the table, the kind (a
    figure's kind, an obstacle's category, an organization's type, an official's titles), the
    text (the figure, the obstacle, the name), the value with its unit, the organization and
    the period."""
    from .tracker import format_value

    t = r["table"]
    kind = {"figures": r.get("kind"), "obstacles": r.get("category"), "organizations": r.get("org_type"),
            "officials": r.get("titles")}.get(t, "")
    text = {"figures": r.get("text"), "obstacles": r.get("text"), "organizations": r.get("canonical"),
            "officials": r.get("name")}.get(t, "")
    value = format_value(r.get("value"), r.get("unit"), r.get("value_high"), r.get("comparator") or "") \
        if t == "figures" else ""
    org = r.get("organization") if t != "organizations" else r.get("place")
    return {"doc_id": r.get("doc_id") or "", "table": t, "kind": kind or "", "text": text or "", "value": value,
            "organization": org or "", "period": r.get("period") or ""}


def _contains(value, needle: str | None) -> bool:
    return needle is None or fold(needle) in fold(str(value or ""))


def _keep(r: dict, *, kind, unit_class, org, place, period) -> bool:
    if kind and fold(r.get("kind", "")) != fold(kind):
        return False
    if unit_class and fold(r.get("unit_class", "")) != fold(unit_class):
        return False
    if org and not (_contains(r.get("organization"), org) or _contains(r.get("canonical"), org)):
        return False
    if place and not (_contains(r.get("place"), place) or _contains(r.get("organization"), place)
                      or _contains(r.get("canonical"), place)):
        return False
    if period and not _contains(r.get("period"), period):
        return False
    return True
