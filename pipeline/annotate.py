"""One text in, the rows of the four row tables out, without a spaCy pipeline of one's own:
the Praxis components run on a Doc made by a blank English tokenizer (the tests' and the
training code's entry point; ``pipeline.load()`` is the pipeline for everything else)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import spacy

from .components import COMPONENTS, doc_rows
from .textutil import Segmented, segment


@dataclass
class Annotated:
    text: str
    seg: Segmented
    organizations: list[dict] = field(default_factory=list)
    officials: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    obstacles: list[dict] = field(default_factory=list)


@lru_cache(maxsize=1)
def _tokenizer():
    return spacy.blank("en").tokenizer


@lru_cache(maxsize=4)
def _components(models) -> tuple:
    return tuple(cls(models=models) for cls in COMPONENTS.values())


def annotate(text: str, seg: Segmented | None = None, models=None) -> Annotated:
    """Rows of the four tables for one cleaned text. ``models`` (a
    :class:`pipeline.learn.runtime.Models`) decides figure kinds and obstacles where given;
    without it the rules decide."""
    doc = _tokenizer()(text)
    doc._.segmented = seg or segment(text)
    for comp in _components(models):
        doc = comp(doc)
    return Annotated(text, doc._.segmented, **doc_rows(doc))
