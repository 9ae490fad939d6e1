"""Vocabularies that several grammars share: the words of Viet Nam's administrative levels.

``pipeline/data/levels.json`` holds them (see :mod:`pipeline.rules` for the format):

* ``level_of_word``: a level word -> the tier it names (province, district, commune, village);
  "city" alone is a district-level city unless the gazetteer says it is centrally run;
* ``canon_level_word``: the word a canonical name uses for an adjective ("provincial" ->
  "province", "municipal" -> "city");
* ``org_level_adj``: how a body's canonical name writes the level ("Provincial People's
  Committee", "commune Party Committee");
* ``level_words``: every level word, singular, as written in body and place names.
"""
from __future__ import annotations

from typing import Any

from . import rules
from .rules import Vocab

rules.declare("levels", {
    "level_of_word": Vocab("map"),
    "canon_level_word": Vocab("map"),
    "org_level_adj": Vocab("map"),
    "level_words": Vocab("words"),
})


def levels(patterns: tuple[str, ...] = ()) -> dict[str, Any]:
    """The level vocabularies (with a user's pattern files, when given)."""
    return rules.load("levels", patterns)
