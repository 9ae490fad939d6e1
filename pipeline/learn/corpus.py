"""The annotated corpus: documents of a split with their gold annotations."""
from __future__ import annotations

import json
from pathlib import Path

from ..evaluate import load_gold


def split_names(splits: dict, role: str) -> list[str]:
    """A role's splits across the corpus's groups: ``train`` is ``train`` (the first group) and
    every ``<group>_train`` (``press_train``, ...)."""
    return [k for k in splits if not k.startswith("_") and (k == role or k.endswith("_" + role))]


def corpus_documents(corpus: Path, split: str | list[str], *, all_groups: bool = False) -> list[tuple[str, Path, dict]]:
    """(doc_id, path, gold) of a split, or of a list of splits; ``all_groups`` takes a role
    (``train``, ``dev``, ``test``) in every group of the corpus."""
    splits = json.loads((corpus / "splits.json").read_text(encoding="utf-8"))
    names = [split] if isinstance(split, str) else split
    if all_groups:
        names = [n for role in names for n in split_names(splits, role)]
    ids = [i for n in names for i in splits[n]]
    gold = load_gold(corpus / "gold", ids)
    out = []
    for doc_id, g in sorted(gold.items()):
        path = corpus / "docs" / doc_id
        if path.exists():
            out.append((doc_id, path, g))
    return out
