"""The annotated corpus: documents of a split with their gold annotations."""
from __future__ import annotations

import json
from pathlib import Path

from ..evaluate import load_gold


def corpus_documents(corpus: Path, split: str | list[str]) -> list[tuple[str, Path, dict]]:
    splits = json.loads((corpus / "splits.json").read_text(encoding="utf-8"))
    names = [split] if isinstance(split, str) else split
    ids = [i for n in names for i in splits[n]]
    gold = load_gold(corpus / "gold", ids)
    out = []
    for doc_id, g in sorted(gold.items()):
        path = corpus / "docs" / doc_id
        if path.exists():
            out.append((doc_id, path, g))
    return out
