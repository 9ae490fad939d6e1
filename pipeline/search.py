"""Searching the registry: FTS5 full-text query plus field filters.

The query is FTS5 syntax (words, "quoted phrases", OR, NOT, prefix*), matched without
diacritics. It is passed to SQLite as a bound parameter, never pasted into SQL. A query
SQLite cannot parse raises :class:`SearchError` with a one-line explanation.
"""
from __future__ import annotations

import sqlite3

from .errors import SearchError
from .registry import Registry
from .schema import DISPLAY, ROW_TABLES  # noqa: F401 - DISPLAY: what a hit shows
from .textutil import fold

FILTERS = ("kind", "unit_class", "org", "place", "period", "table")


def search(reg: Registry, query: str = "", *, table: str | None = None, kind: str | None = None,
           unit_class: str | None = None, org: str | None = None, place: str | None = None,
           period: str | None = None, limit: int = 50) -> list[dict]:
    """Matching rows (best first), each with ``table`` and its columns."""
    if table and table not in ROW_TABLES:
        raise SearchError(f"--table must be one of {', '.join(ROW_TABLES)}")
    tables = [table] if table else list(ROW_TABLES)
    if kind or unit_class:
        tables = [t for t in tables if t == "figures"]
    hits: list[tuple[str, int, float]] = []
    if query.strip():
        sql = "SELECT tbl, rid, bm25(search) FROM search WHERE search MATCH ?"
        params: list = [query]
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
    for tbl, rid, rank in hits:
        if tbl not in tables:
            continue
        row = reg.db.execute(f"SELECT * FROM {tbl} WHERE id = ?", (rid,)).fetchone()
        if row is None:
            continue
        r = dict(row)
        if not _keep(r, kind=kind, unit_class=unit_class, org=org, place=place, period=period):
            continue
        out.append({"table": tbl, "score": round(-rank, 3), **r})
        if len(out) >= limit:
            break
    return out


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
