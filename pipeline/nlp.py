"""The spaCy pipeline: a blank English tokenizer, report-aware sentence boundaries and one
component that runs the extractors. No trained model is needed (nothing is downloaded).

Custom attributes are declared here, once: ``Doc._.praxis`` holds the extracted rows and
``Doc._.segmented`` the sentence/paragraph spans in characters.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .annotate import annotate
from .textutil import segment

if not Doc.has_extension("praxis"):
    Doc.set_extension("praxis", default=None)
if not Doc.has_extension("segmented"):
    Doc.set_extension("segmented", default=None)


@Language.component("praxis_sentences")
def praxis_sentences(doc: Doc) -> Doc:
    """Sentence starts from :func:`pipeline.textutil.segment` (line breaks, abbreviations)."""
    seg = segment(doc.text)
    doc._.segmented = seg
    starts = {s for s, _ in seg.sentences}
    for tok in doc:
        tok.is_sent_start = tok.i == 0 or tok.idx in starts
    return doc


class PraxisExtract:
    """Organizations, officials, figures and obstacles as plain rows in ``doc._.praxis``.
    ``models``: "auto" (the shipped models when present), "none" (rules only) or a folder."""

    def __init__(self, models: str = "auto") -> None:
        from .learn.runtime import resolve

        self.models = resolve(models)

    def __call__(self, doc: Doc) -> Doc:
        doc._.praxis = annotate(doc.text, doc._.segmented or segment(doc.text), self.models)
        return doc


@Language.factory("praxis_extract", default_config={"models": "auto"},
                  assigns=["doc._.praxis"])
def make_praxis_extract(nlp: Language, name: str, models: str) -> PraxisExtract:
    return PraxisExtract(models)


@lru_cache(maxsize=None)
def build_nlp(models: str = "auto") -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("praxis_sentences")
    nlp.add_pipe("praxis_extract", config={"models": models})
    nlp.max_length = 60_000_000
    return nlp


def n_words(doc: Doc) -> int:
    return sum(1 for t in doc if not (t.is_punct or t.is_space))
