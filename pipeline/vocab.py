"""Vocabularies that several grammars share.

``pipeline/data/levels.json`` holds the words of Viet Nam's administrative levels (see
:mod:`pipeline.rules` for the format):

* ``level_of_word``: a level word -> the tier it names (province, district, commune, village);
  "city" alone is a district-level city unless the gazetteer says it is centrally run;
* ``canon_level_word``: the word a canonical name uses for an adjective ("provincial" ->
  "province", "municipal" -> "city");
* ``org_level_adj``: how a body's canonical name writes the level ("Provincial People's
  Committee", "commune Party Committee");
* ``level_words``: every level word, singular, as written in body and place names;
* ``level_word_uses``: where the grammars read each level word (after a place name, before
  "of", as an adjective, in a title's tail, as a word that is no part of a name), read with
  :func:`level_words_for`; the place, organization and official grammars build their level
  alternations from it, each with its own case handling;
* ``plural_level_words``: plural level words and where they are read (after a list of names,
  before "of" and a list), read with :func:`plural_level_words_for`;
* ``numbered_level_words``: the words that name a place by a number ("Ward 7", "Hamlet 3").

``pipeline/data/text.json`` holds the words of the text helpers (:mod:`pipeline.textutil`):

* ``english_words``: capitalised English words that are no part of a Vietnamese name or place
  name ("The", "Party", "Board", "January" ...), folded;
* ``abbreviations``: words after whose full stop a sentence goes on ("Mr.", "No.", "Co.").
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import rules
from .errors import RuleError
from .rules import Vocab

rules.declare("levels", {
    "level_of_word": Vocab("map"),
    "canon_level_word": Vocab("map"),
    "org_level_adj": Vocab("map"),
    "level_words": Vocab("words"),
    "level_word_uses": Vocab("map"),
    "plural_level_words": Vocab("map"),
    "numbered_level_words": Vocab("words"),
})
rules.declare("text", {
    "english_words": Vocab("words"),
    "abbreviations": Vocab("words"),
})

# the uses a level word can have (values of level_word_uses / plural_level_words)
LEVEL_WORD_USES = ("after_name", "before_of", "adjective", "capitalised_adjective", "title_tail", "not_name")
PLURAL_LEVEL_WORD_USES = ("after_list", "before_of")


def levels(patterns: tuple[str, ...] = ()) -> dict[str, Any]:
    """The level vocabularies (with a user's pattern files, when given)."""
    return rules.load("levels", patterns)


@lru_cache(maxsize=64)
def _uses(vocabulary: str, known: tuple[str, ...], patterns: tuple[str, ...]) -> dict[str, frozenset[str]]:
    out = {}
    for word, uses in levels(patterns)[vocabulary].items():
        got = uses.split()
        bad = [u for u in got if u not in known]
        if bad:
            raise RuleError(f"levels.{vocabulary}: {word!r} has unknown use(s) {bad}; known: {', '.join(known)}")
        out[word] = frozenset(got)
    return out


def level_words_for(use: str | tuple[str, ...], patterns: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The level words (lower case, in the file's order) that the grammars read in ``use``
    (one of :data:`LEVEL_WORD_USES`, or a tuple of them: the words with any of them)."""
    wanted = (use,) if isinstance(use, str) else tuple(use)
    for u in wanted:
        if u not in LEVEL_WORD_USES:
            raise ValueError(f"unknown level word use {u!r}")
    return tuple(w for w, got in _uses("level_word_uses", LEVEL_WORD_USES, tuple(patterns)).items()
                 if any(u in got for u in wanted))


def plural_level_words_for(use: str, patterns: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The plural level words read in ``use`` (one of :data:`PLURAL_LEVEL_WORD_USES`)."""
    if use not in PLURAL_LEVEL_WORD_USES:
        raise ValueError(f"unknown plural level word use {use!r}")
    return tuple(w for w, got in _uses("plural_level_words", PLURAL_LEVEL_WORD_USES, tuple(patterns)).items()
                 if use in got)


def text_words(patterns: tuple[str, ...] = ()) -> dict[str, Any]:
    """The word lists of the text helpers (English words, abbreviations)."""
    return rules.load("text", patterns)
