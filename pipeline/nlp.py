"""The spaCy pipeline: a blank English tokenizer, report-aware sentence boundaries and one
component that runs the extractors. No trained model is needed (nothing is downloaded).

Custom attributes are declared here, once: ``Doc._.praxis`` holds the extracted rows and
``Doc._.segmented`` the sentence/paragraph spans in characters.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, SENT_START
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
    seg = segment(doc_text(doc))
    doc._.segmented = seg
    if len(doc):
        # one array assignment: setting token.is_sent_start one by one costs more than
        # the whole tokenizer
        idx = doc.to_array(IDX)
        flags = np.where(np.isin(idx, [s for s, _ in seg.sentences]), 1, -1)
        flags[0] = 1
        doc.from_array([SENT_START], flags.astype(np.uint64).reshape(-1, 1))
    return doc


class PraxisExtract:
    """Organizations, officials, figures and obstacles as plain rows in ``doc._.praxis``.
    ``models``: "auto" (the shipped models when present), "none" (rules only) or a folder."""

    def __init__(self, models: str = "auto") -> None:
        from .learn.runtime import resolve

        self.models = resolve(models)

    def __call__(self, doc: Doc) -> Doc:
        seg = doc._.segmented or segment(doc_text(doc))
        doc._.praxis = annotate(seg.text, seg, self.models)
        return doc


@Language.factory("praxis_extract", default_config={"models": "auto"},
                  assigns=["doc._.praxis"])
def make_praxis_extract(nlp: Language, name: str, models: str) -> PraxisExtract:
    return PraxisExtract(models)


class _TextKeepingTokenizer:
    """spaCy's tokenizer, keeping the input string on the Doc (``doc.text`` is rebuilt from
    the tokens at every call, which costs as much as a third of the tokenizer)."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data["praxis_text"] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)


@lru_cache(maxsize=None)
def build_nlp(models: str = "auto") -> Language:
    nlp = spacy.blank("en")
    nlp.tokenizer = _TextKeepingTokenizer(nlp.tokenizer)
    nlp.add_pipe("praxis_sentences")
    nlp.add_pipe("praxis_extract", config={"models": models})
    nlp.max_length = 60_000_000
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, which spaCy rebuilds from the tokens at every call, kept once."""
    seg = doc._.segmented
    if seg is not None:
        return seg.text
    return doc.user_data.get("praxis_text") or doc.text


def n_words(doc: Doc) -> int:
    """Tokens that are neither punctuation nor space."""
    if not len(doc):
        return 0
    arr = doc.to_array([IS_PUNCT, IS_SPACE])
    return int(((arr[:, 0] == 0) & (arr[:, 1] == 0)).sum())
