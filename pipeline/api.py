"""The Python API: the five tables as pandas DataFrames."""
from __future__ import annotations

import os
from typing import Iterable

import pandas as pd

from .batch import iter_results, process_texts
from .read import DEFAULT_MAX_BYTES, RawDocument
from .tables import COLUMNS, TABLES, typed


def _frames(results) -> dict[str, pd.DataFrame]:
    rows = {t: [] for t in TABLES}
    for res in results:
        for t in TABLES:
            rows[t].extend(res.tables[t])
    return {t: typed(pd.DataFrame(rows[t], columns=COLUMNS[t]).astype(object), t) for t in TABLES}


def extract(paths: str | os.PathLike | Iterable[str | os.PathLike],
            max_bytes: int = DEFAULT_MAX_BYTES, models: str = "auto") -> dict[str, pd.DataFrame]:
    """Extract files, folders or glob patterns; returns {table name: DataFrame}.
    ``models="none"`` uses the rules only."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _frames(iter_results(list(paths), max_bytes=max_bytes, models=models))


def extract_text(text: str, doc_id: str = "text", models: str = "auto") -> dict[str, pd.DataFrame]:
    """Extract one text given as a string; returns {table name: DataFrame}."""
    raw = RawDocument(doc_id, "<string>", text)
    return _frames(process_texts([(doc_id, raw)], models=models))
