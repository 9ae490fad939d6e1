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


@Language.component("praxis_extract")
def praxis_extract(doc: Doc) -> Doc:
    """Organizations, officials, figures and obstacles as plain rows in ``doc._.praxis``."""
    doc._.praxis = annotate(doc.text, doc._.segmented or segment(doc.text))
    return doc


@lru_cache(maxsize=None)
def build_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("praxis_sentences")
    nlp.add_pipe("praxis_extract")
    nlp.max_length = 60_000_000
    return nlp


def n_words(doc: Doc) -> int:
    return sum(1 for t in doc if not (t.is_punct or t.is_space))
