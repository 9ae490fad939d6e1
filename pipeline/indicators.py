"""Indicators: what a figure measures, as one of the indicators these reports use.

``pipeline/data/indicators.json`` lists them (state budget revenue, GRDP growth, income per
capita, poverty rate, OCOP products, ...), each with a pattern, the unit classes it is measured
in and its direction (more is better, or less). :func:`indicator_of` maps a figure's metric
(else the words just before the figure in its clause) to one, so that "average income per
capita", "per capita income" and "income per head" meet in the target registry
(:mod:`pipeline.tracker`); a metric that maps to none stays free text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from . import rules
from .rules import Vocab

rules.declare("indicators", {
    "indicators": Vocab("records", fields=("id", "name", "unit_classes", "direction", "pattern", "not_in_text?"),
                        regex_fields=("pattern", "not_in_text")),
})


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit_classes: frozenset[str]
    direction: str  # up | down
    pattern: re.Pattern
    not_in_text: re.Pattern | None = None  # the figure's own text rules it out ("16% of GRDP" is a share, not growth)


@lru_cache(maxsize=8)
def indicators(patterns: tuple[str, ...] = ()) -> tuple[Indicator, ...]:
    """The indicators, in the file's order (with a user's pattern files, when given)."""
    out = []
    for r in rules.load("indicators", patterns)["indicators"]:
        if r["direction"] not in ("up", "down"):
            raise rules.RuleError(f"indicators.indicators {r['id']!r}: direction must be up or down")
        out.append(Indicator(r["id"], r["name"], frozenset(str(r["unit_classes"]).split()), r["direction"],
                             re.compile(r["pattern"], re.IGNORECASE),
                             re.compile(r["not_in_text"], re.IGNORECASE) if r.get("not_in_text") else None))
    return tuple(out)


def by_id(patterns: tuple[str, ...] = ()) -> dict[str, Indicator]:
    return {i.id: i for i in indicators(patterns)}


# a metric with a word of its own (not "target", "plan", "%"): no guessing from the clause around it
_CONTENT = re.compile(r"\b(?!(?:targets?|plans?|goals?|estimates?|results?|figures?|total|reached|estimated|achieved"
                      r"|against|about|over|only|that|this|which)\b)[a-z]{4,}", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[;:(]|\.\s|,\s+(?:and|while|but)\s")


def indicator_of(metric: str, unit_class: str, before: str = "", patterns: tuple[str, ...] = (),
                 text: str = "", after: str = "") -> str:
    """The id of the indicator a figure measures, or "": the first indicator measured in
    ``unit_class`` whose pattern occurs in ``metric``, else, when the metric has no word of its
    own ("%", "target"), in ``before`` or ``after`` (the text of the figure's clause before and
    after it), unless the figure's own ``text`` (and the rest of its clause, ``after``) rules
    the indicator out."""
    own = bool(_CONTENT.search(metric or ""))
    for clause in (metric or "", "" if own else _clause_tail(before), "" if own else _clause_head(after)):
        if not clause.strip():
            continue
        for ind in indicators(patterns):
            if unit_class in ind.unit_classes and ind.pattern.search(clause) and not (
                    ind.not_in_text is not None and ind.not_in_text.search(text + " " + _clause_head(after))):
                return ind.id
    return ""


def _clause_tail(before: str) -> str:
    """The last clause of the text before a figure, at most 120 characters."""
    cut = 0
    for m in _CLAUSE_START.finditer(before):
        cut = m.end()
    return before[cut:][-120:]


def _clause_head(after: str) -> str:
    """The text after a figure up to the end of its clause, at most 80 characters: "VND 5
    trillion in state budget revenue by 2025"."""
    m = _CLAUSE_START.search(after)
    return after[:m.start() if m else len(after)][:80]


def direction(indicator_id: str, patterns: tuple[str, ...] = ()) -> str:
    ind = by_id(patterns).get(indicator_id)
    return ind.direction if ind else ""


def name(indicator_id: str, patterns: tuple[str, ...] = ()) -> str:
    ind = by_id(patterns).get(indicator_id)
    return ind.name if ind else ""
