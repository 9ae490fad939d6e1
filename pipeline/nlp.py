"""The spaCy pipeline: a blank English tokenizer, report-aware sentence boundaries and the
Praxis components (:mod:`pipeline.components`). No trained spaCy model is needed and nothing
is downloaded.

    import pipeline
    nlp = pipeline.load()                 # models="auto", patterns=()
    doc = nlp(text)
    doc.spans["praxis_figures"]           # spans with ._ fields (pipeline.attributes)
"""
from __future__ import annotations

from functools import cache
from typing import Iterable

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from . import attributes  # noqa: F401 - declares the Doc and Span attributes
from .components import COMPONENTS, doc_text
from .textutil import segment

__all__ = ["build_nlp", "load", "doc_text", "n_words"]


@Language.component("praxis_sentences")
def praxis_sentences(doc: Doc) -> Doc:
    """Sentence starts from :func:`pipeline.textutil.segment` (line breaks, abbreviations),
    kept in characters on ``doc._.segmented`` and set on the tokens."""
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


@cache
def build_nlp(models: str = "auto", patterns: tuple[str, ...] = ()) -> Language:
    """The whole pipeline (cached per setting): tokenizer, sentences, the six components."""
    nlp = spacy.blank("en")
    nlp.tokenizer = _TextKeepingTokenizer(nlp.tokenizer)
    nlp.add_pipe("praxis_sentences")
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"models": models, "patterns": list(patterns)})
    nlp.max_length = 60_000_000
    return nlp


def load(models: str = "auto", patterns: Iterable[str] = ()) -> Language:
    """The full Praxis pipeline in one call. ``models``: "auto" (the shipped models when
    present), "none" (rules only) or a folder; ``patterns``: user pattern files that add to
    the rule vocabularies (:mod:`pipeline.rules`)."""
    return build_nlp(str(models), tuple(str(p) for p in patterns))


def n_words(doc: Doc) -> int:
    """Tokens that are neither punctuation nor space."""
    if not len(doc):
        return 0
    arr = doc.to_array([IS_PUNCT, IS_SPACE])
    return int(((arr[:, 0] == 0) & (arr[:, 1] == 0)).sum())
