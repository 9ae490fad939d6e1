"""The result of one document: its rows for every table, as the engines hand them back."""
from __future__ import annotations

from dataclasses import dataclass

from .hashing import file_key
from .schema import ROW_TABLES
from .textutil import printable


@dataclass
class DocResult:
    """One document's rows for every table (``documents`` holds one row)."""

    doc_id: str
    tables: dict[str, list[dict]]
    text: str = ""
    doc_key: str = ""  # sha256 of the input file's bytes
    cached: bool = False  # taken from the registry (an unchanged input), not processed


def error_result(doc_id: str, source: str, reason: str) -> DocResult:
    """The result of an input that could not be processed: one ``documents`` row with
    ``status=error`` and the reason on one line, no other rows."""
    row = {"doc_id": printable(doc_id), "source": printable(source), "title": "", "date": "", "n_chars": 0,
           "n_words": 0, "status": "error", "error": printable(reason.replace("\n", " ")[:300])}
    return DocResult(printable(doc_id), {"documents": [row], **{t: [] for t in ROW_TABLES}}, "", file_key(source))
