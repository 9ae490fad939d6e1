"""Datasette plugin of Praxis: SQL functions for the registry's canned queries.

``praxis_fold(text)`` folds Vietnamese marks (Đ/đ to D/d); ``praxis_match(query)`` turns a
query into the FTS5 expression ``praxis search`` uses (the folded column for a query without
marks, the written one for a query with them), so Datasette searches like the CLI.
"""
from datasette import hookimpl

from pipeline.search import fts_query
from pipeline.textutil import fold


@hookimpl
def prepare_connection(conn):
    conn.create_function("praxis_fold", 1, lambda s: fold(s or ""), deterministic=True)
    conn.create_function("praxis_match", 1, lambda q: fts_query(q or ""), deterministic=True)
