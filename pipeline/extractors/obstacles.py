"""Obstacles: the concrete difficulties a report names, one row each.

Grammar (each form has a case in ``tests/test_obstacles.py``); the words of each rule are the
vocabularies of ``pipeline/data/obstacles.json`` (named in brackets), the structure is here:

* strong cues name a difficulty by themselves [``strong_cues``]: shortage(s), lack,
  insufficient, inadequate, slow(-moving), stalled, delayed, behind schedule, not yet, have
  not, disputes, overlapping, cumbersome, backlog, overloaded, degraded, bad customs (with
  what they are: "bad customs in funerals"), surpluses, fell by ... leaving little,
  encroachment, illegal <something>, ...; a cue does not count after a negation ("no longer
  stalled") [``cue_negators``] or right before "has been resolved" [``resolved_verbs``], nor
  when it says that something good to fall fell ("the poverty rate fell from 12% to 5%",
  "only 41 poor households are left") [``falling_cues``, ``falling_is_good``];
* ``However, ... still ...`` sentences [``however_openers``, ``however_negatives``], unless
  they only say difficulties exist [``vague_verbs``, ``vague_quantifiers``, ``vague_nouns``];
* generic nouns [``generic_nouns``] (difficulties, obstacles, bottlenecks, problems,
  challenges, shortcomings, limitations, ...) count only with a complement (``difficulties in
  X`` [``complement_prepositions``], ``the biggest obstacle is X`` [``copulas``], ``problems
  such as: ...`` [``list_openers``]) that names something (not ``in implementation``
  [``unspecific_objects``, ``unspecific_complements``], not ``are many``
  [``vague_predicates``]); never as the object of a remedy (``remove difficulties and
  obstacles`` [``remedy_verbs``, ``remedy_determiners``]), after ``no``/``without``
  [``generic_negators``], or alone (``difficulties remain``);
* a clause that asks for a remedy or states a plan (``the commune proposed that ...``)
  [``request_verbs``, ``request_blockers``], or a heading, is no row (but a candidate the
  obstacle model may keep, as is a clause with a weak word only [``weak_cues``]);
* a sentence splits into clauses at ``;`` and conjunctions [``clause_conjunctions``, ...];
  a list after ``such as`` [``list_openers``, ``list_openers_without_noun``] is one row per
  item when the items name problems themselves (``a shortage of land, a lack of officials,
  and disputes over prices``) [``list_item_starts_after_comma``, ...], else one row;
  comma-joined clauses that each name a problem are one row each [``part_starts``];
* a row leaves out a discourse opener [``discourse_openers``] and a speaker's introduction
  (``Mr. X, Chairman of ..., said:``) [``speaker_verbs``];
* the action asked for, in the row's sentence or the next one, is its ``requested_action``
  [``action_request_verbs``, ``requested_actions``];
* restatements (a headline repeated, a second speaker) are one row, the fullest one
  [``restatement_stopwords``];
* the category is the one whose keywords occur most [``category_keywords``,
  ``category_adjustments``], ties broken by [``category_order``]; none: ``other``.

The shipped rules are :func:`rules_for` ``()``; a user's pattern files add entries
(``rules_for(("my_patterns.jsonl",))``, see :mod:`pipeline.rules`), and every public function
takes the compiled rules as ``rules=`` (``None``: the shipped ones).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex as re
from regex import Match, Pattern

# imported as rule_data: ``rules`` is the keyword the public functions take
from .. import rules as rule_data
from ..errors import RuleError
from ..rules import Vocab

GRAMMAR = "obstacles"

_VOCABULARIES = {
    "strong_cues": Vocab("patterns"),
    "generic_nouns": Vocab("patterns"),
    "complement_prepositions": Vocab("phrases"),
    "unspecific_objects": Vocab("phrases"),
    "list_openers": Vocab("phrases"),
    "list_openers_without_noun": Vocab("phrases"),
    "copulas": Vocab("patterns"),
    "vague_predicates": Vocab("patterns"),
    "unspecific_complements": Vocab("phrases"),
    "generic_negators": Vocab("phrases"),
    "remedy_verbs": Vocab("patterns"),
    "remedy_determiners": Vocab("phrases"),
    "however_openers": Vocab("phrases"),
    "however_negatives": Vocab("patterns"),
    "vague_verbs": Vocab("patterns"),
    "vague_quantifiers": Vocab("phrases"),
    "vague_nouns": Vocab("patterns"),
    "discourse_openers": Vocab("patterns"),
    "speaker_verbs": Vocab("phrases"),
    "clause_conjunctions": Vocab("patterns"),
    "clause_conjunctions_without_comma": Vocab("patterns"),
    "clause_starts_after_and": Vocab("patterns"),
    "enumeration_predicates": Vocab("patterns"),
    "enumeration_cues": Vocab("patterns"),
    "list_item_starts_after_comma": Vocab("patterns"),
    "list_item_starts_after_and": Vocab("patterns"),
    "part_starts": Vocab("patterns"),
    "weak_cues": Vocab("patterns"),
    "request_verbs": Vocab("patterns"),
    "request_blockers": Vocab("phrases"),
    "action_request_verbs": Vocab("patterns"),
    "requested_actions": Vocab("patterns"),
    "resolved_verbs": Vocab("phrases"),
    "cue_negators": Vocab("phrases"),
    "falling_cues": Vocab("patterns"),
    "unmet_target_cues": Vocab("patterns"),
    "unmet_target_list_openers": Vocab("patterns"),
    "row_labels": Vocab("patterns"),
    "falling_is_good": Vocab("patterns"),
    "restatement_stopwords": Vocab("words"),
    "category_keywords": Vocab("records", fields=("category", "keyword"), regex_fields=("keyword",)),
    "category_order": Vocab("words"),
    "category_adjustments": Vocab("records", fields=("when", "category", "points", "about?"),
                                  regex_fields=("when",)),
}
rule_data.declare(GRAMMAR, _VOCABULARIES)

# the category of a row no keyword speaks for (SCHEMA.md names it)
FALLBACK_CATEGORY = "other"


@dataclass
class Obstacle:
    start: int
    end: int
    text: str
    category: str
    requested_action: str = ""
    source: str = "rule"


# a word of an enumeration's item: "land", "near-poor", "1,512"
_ITEM_WORD = r"[\w'-]+(?:[.,]\d+)*"
# a count without a verb: "608 near-poor households", "about 40 ha"
_COUNT = r"(?:(?:about|nearly|over|almost|more\s+than)\s+)?\d[\d.,]*(?:\s+\p{L}[\p{L}-]*){1,4}"


# --------------------------------------------------------------------------- compiled rules
@dataclass(frozen=True, eq=False)
class ObstacleRules:
    """The obstacle grammar compiled from its vocabularies (see the module docstring)."""

    strong: Pattern  # a strong cue
    generic: Pattern  # a generic noun
    complement: Pattern  # what makes a generic noun name something, matched right after it
    remedy_before: Pattern  # a remedy verb (and its determiners) right before a generic noun
    generic_negated_before: Pattern  # "no", "without" right before a generic noun
    unspecific_complement: Pattern  # a complement that names nothing ("the process of ...")
    cue_negated_before: Pattern  # "no longer", "overcame" right before a strong cue
    falling_cue: Pattern  # a strong cue that says something fell or is small ("fell from", "only 3")
    good_before_falling: Pattern  # what is good to fall, a few words before such a cue: "the poverty rate ..."
    good_after_falling: Pattern  # ... or right after it: "only 41 poor households left"
    resolved_after: Pattern  # "has been resolved" right after a strong cue
    however_opener: Pattern
    however_negative: Pattern
    vague_mention: Pattern  # "... faces many difficulties." at the end of a sentence
    weak_cue: Pattern
    request: Pattern  # a clause that asks for a remedy or states a plan
    requested_action: Pattern  # the action asked for, group "act"
    discourse_opener: Pattern
    speaker_intro: Pattern
    clause_separator: Pattern
    list_opener_with_colon: Pattern  # "such as:": the list stays in the clause that opens it
    list_intro: Pattern  # where a list's items start
    list_item_separator: Pattern
    part_separator: Pattern  # a comma that may join two problems in one clause
    enum_predicate: Pattern  # a verb that ends an enumeration's last item ("... meets difficulties")
    enum_cue_end: Pattern  # a cue that governs a two-item enumeration, at the end of its first part
    unmet_targets_end: Pattern  # "4 targets were not met": a list of the targets follows
    unmet_list_open: Pattern  # "namely income": the first item of that list
    row_label: Pattern  # "Shortcomings: ...": a label that is no part of the row
    category_patterns: dict[str, str]  # category -> its keywords as one pattern (first-seen order)
    category_keywords: tuple[tuple[str, Pattern], ...]  # (category, its keywords compiled)
    category_order: tuple[str, ...]  # every category, in the order that breaks ties
    category_adjustments: tuple[tuple[Pattern, str, float], ...]  # (when, category, points)
    restatement_stopwords: frozenset[str]


def rules_for(patterns: Iterable[str | Path] = ()) -> ObstacleRules:
    """The compiled obstacle rules: the shipped ones, with the entries of the user's pattern
    files ``patterns`` first. Compiled once per combination of files."""
    return _compiled(tuple(str(p) for p in patterns))


@lru_cache(maxsize=16)
def _compiled(patterns: tuple[str, ...]) -> ObstacleRules:
    v = rule_data.load(GRAMMAR, patterns)
    where = ", ".join(("pipeline/data/obstacles.json",) + patterns)
    return _Builder(v, where).build()


class _Builder:
    """Builds the grammar's regexes from the vocabularies (the structure of each rule is here,
    its words are in the data)."""

    def __init__(self, vocabs: dict[str, Any], where: str) -> None:
        self.v = vocabs
        self.where = where

    def fail(self, vocab: str, msg: str) -> RuleError:
        return RuleError(f"{self.where}: {GRAMMAR}.{vocab}: {msg}")

    def entries(self, name: str) -> list:
        got = self.v[name]
        if not got and name not in ("restatement_stopwords", "category_adjustments"):
            raise self.fail(name, "needs at least one entry")
        return got

    def alt(self, name: str) -> str:
        """``(?:a|b|c)`` of a patterns or phrases vocabulary, in its order."""
        ents = self.entries(name)
        if _VOCABULARIES[name].type == "phrases":
            return rule_data.phrases_alternation(ents, longest_first=False)
        return rule_data.alternation(ents)

    def compile(self, names: str | tuple[str, ...], pattern: str, flags: int = 0) -> Pattern:
        try:
            return re.compile(pattern, flags)
        except re.error as err:
            names = (names,) if isinstance(names, str) else names
            raise self.fail("/".join(names), f"the entries do not compile together: {err}") from None

    def build(self) -> ObstacleRules:
        a, c, IGNORE = self.alt, self.compile, re.IGNORECASE
        after_comma_item = a("list_item_starts_after_comma")
        after_and_item = a("list_item_starts_after_and")
        list_openers = rule_data.phrases_alternation(
            self.entries("list_openers") + self.entries("list_openers_without_noun"), longest_first=False)
        categories, order, adjustments = self.categories()
        # each determiner with the space after it: "(?:the\s+|some\s+|...)*"
        determiners = rule_data.alternation(rule_data.phrase_pattern(d) + r"\s+"
                                            for d in self.entries("remedy_determiners"))
        return ObstacleRules(
            strong=c("strong_cues", rf"\b{a('strong_cues')}\b", IGNORE),
            generic=c("generic_nouns", rf"\b{a('generic_nouns')}\b", IGNORE),
            complement=c(
                ("complement_prepositions", "unspecific_objects", "list_openers", "copulas", "vague_predicates"),
                rf"\s*(?:(?:still\s+)?{a('complement_prepositions')}\s+(?!(?:the\s+)?{a('unspecific_objects')}\b)|"
                rf"{a('list_openers')}\b|:|"
                rf"{a('copulas')}\s+(?!{a('vague_predicates')})(?:that\s+|in\s+|the\s+)?)", IGNORE),
            remedy_before=c(
                ("remedy_verbs", "remedy_determiners"),
                rf"\b{a('remedy_verbs')}\b(?:\s+(?:and|or|,)\s+\w+)*\s+"
                rf"{determiners}*"
                r"(?:\w+\s+){0,2}$", IGNORE),
            generic_negated_before=c("generic_negators", rf"\b{a('generic_negators')}\s+$", IGNORE),
            unspecific_complement=c("unspecific_complements", rf"(?:the\s+)?{a('unspecific_complements')}\b", IGNORE),
            cue_negated_before=c("cue_negators", rf"\b{a('cue_negators')}\s+(?:\w+\s+)?$", IGNORE),
            falling_cue=c("falling_cues", rf"{a('falling_cues')}\b", IGNORE),
            good_before_falling=c("falling_is_good", rf"\b{a('falling_is_good')}\b(?:\W+\w+){{0,8}}?\W*$", IGNORE),
            good_after_falling=c("falling_is_good", rf"^(?:\W+\w+){{0,4}}?\W+{a('falling_is_good')}\b", IGNORE),
            resolved_after=c("resolved_verbs", rf"(?:\s+[\w-]+){{0,4}}?\s+(?:have|has|had)\s+been\s+(?:\w+\s+)?{a('resolved_verbs')}"),
            however_opener=c("however_openers", rf"^\s*{a('however_openers')}\b,?\s*", IGNORE),
            however_negative=c("however_negatives", rf"\b{a('however_negatives')}\b", IGNORE),
            vague_mention=c(("vague_verbs", "vague_quantifiers", "vague_nouns"),
                            rf"\b(?:still\s+)?{a('vague_verbs')}\s+{a('vague_quantifiers')}?\s*"
                            rf"{a('vague_nouns')}(?:\s+and\s+{a('vague_nouns')})?\s*[.,;]?\s*$", IGNORE),
            weak_cue=c("weak_cues", rf"\b{a('weak_cues')}\b", IGNORE),
            request=c(("request_blockers", "request_verbs"),
                      rf"^(?:(?!\b{a('request_blockers')}\b).)*?\b{a('request_verbs')}\b(?:\s+\w+){{0,8}}?\s+(?:to|that)\b",
                      IGNORE),
            requested_action=c(("action_request_verbs", "requested_actions"),
                               rf"\b{a('action_request_verbs')}\b"
                               r"(?:\s+that)?(?:\s+(?:the\s+)?[\p{L}'\-]+(?:\s+[\p{L}'\-]+){0,5}?)?\s+(?:to\s+)?"
                               rf"(?P<act>{a('requested_actions')}\b[^.;\"]*)", IGNORE),
            discourse_opener=c("discourse_openers", rf"^{a('discourse_openers')}\s*,\s*", IGNORE),
            speaker_intro=c("speaker_verbs", rf"\b{a('speaker_verbs')}(?:\s+that)?\s*[:,]?\s+(?:\"|“)?", IGNORE),
            clause_separator=c(
                ("clause_conjunctions", "clause_conjunctions_without_comma", "clause_starts_after_and"),
                rf";|,\s+{a('clause_conjunctions')}\s+|\s+{a('clause_conjunctions_without_comma')}\s+|"
                rf",\s+and\s+(?={a('clause_starts_after_and')})", IGNORE),
            list_opener_with_colon=c(("list_openers", "list_openers_without_noun"), rf"\b{list_openers}\s*:", IGNORE),
            list_intro=c(("list_openers", "list_openers_without_noun"), rf"\b{list_openers}\s*:?\s*|:\s*", IGNORE),
            list_item_separator=c(("list_item_starts_after_comma", "list_item_starts_after_and"),
                                  rf",\s+and\s+|;\s*|,\s+(?={after_comma_item}\b)|\s+and\s+(?={after_and_item}\b)"),
            part_separator=c("part_starts", rf",\s+(?:and\s+)?(?={a('part_starts')}\b)|,\s+and\s+|\s+and\s+(?={a('part_starts')}\b)",
                             IGNORE),
            enum_predicate=c("enumeration_predicates", rf"\b{a('enumeration_predicates')}\b", IGNORE),
            enum_cue_end=c("enumeration_cues", rf"\b{a('enumeration_cues')}\s+(?:the\s+)?{_ITEM_WORD}(?:\s+{_ITEM_WORD}){{0,4}}$",
                           IGNORE),
            unmet_targets_end=c("unmet_target_cues", rf"\b{a('unmet_target_cues')}\s*$", IGNORE),
            row_label=c("row_labels", rf"^{a('row_labels')}\s*:\s*", IGNORE),
            unmet_list_open=c("unmet_target_list_openers", rf"^\s*(?:{a('unmet_target_list_openers')})\s+\S", IGNORE),
            category_patterns={k: p for k, p in categories},
            category_keywords=tuple((k, c("category_keywords", p, IGNORE)) for k, p in categories),
            category_order=order,
            category_adjustments=adjustments,
            restatement_stopwords=frozenset(w.lower() for w in self.entries("restatement_stopwords")),
        )

    def categories(self) -> tuple[list[tuple[str, str]], tuple[str, ...], tuple]:
        order = tuple(dict.fromkeys(self.entries("category_order")))
        keywords: dict[str, list[str]] = {}
        for i, rec in enumerate(self.entries("category_keywords")):
            if rec["category"] not in order:
                raise self.fail(f"category_keywords[{i}]", f"category {rec['category']!r} is not in "
                                f"category_order ({', '.join(order)})")
            keywords.setdefault(rec["category"], []).append(rec["keyword"])
        adjustments = []
        for i, rec in enumerate(self.entries("category_adjustments")):
            if rec["category"] not in order:
                raise self.fail(f"category_adjustments[{i}]", f"category {rec['category']!r} is not in "
                                f"category_order ({', '.join(order)})")
            points = rec["points"]
            if isinstance(points, bool) or not isinstance(points, (int, float)):
                raise self.fail(f"category_adjustments[{i}]", f"points must be a number, not {points!r}")
            adjustments.append((self.compile("category_adjustments", rec["when"], re.IGNORECASE),
                                rec["category"], points))
        # each keyword is one alternative of its category's pattern
        return [(k, "|".join(ps)) for k, ps in keywords.items()], order, tuple(adjustments)


_SHIPPED = rules_for()
# the shipped rules under their former names, for existing users
STRONG = _SHIPPED.strong
GENERIC = _SHIPPED.generic
CATEGORIES = _SHIPPED.category_patterns


# --------------------------------------------------------------------------- categories
def categorize(text: str, *, rules: ObstacleRules | None = None) -> str:
    """Rule category: the category whose keywords occur most, after the adjustments (ties:
    the first in ``category_order``); ``other`` when none occurs."""
    r = rules or _SHIPPED
    scores = dict.fromkeys(r.category_order, 0)
    for name, keywords in r.category_keywords:
        scores[name] = len(keywords.findall(text))
    for when, name, points in r.category_adjustments:
        if when.search(text):
            scores[name] += points
    best = r.category_order[0]
    for name in r.category_order[1:]:
        if scores[name] > scores[best]:
            best = name
    return best if scores[best] > 0 else FALLBACK_CATEGORY


# --------------------------------------------------------------------------- the rule decision
def find_obstacles(text: str, sentences: list[tuple[int, int]], *,
                   rules: ObstacleRules | None = None) -> list[Obstacle]:
    """The rule decision: candidates the grammar accepts, with remedies, restatements merged."""
    found = [c for c in obstacle_candidates(text, sentences, rules=rules) if c.source == "rule"]
    return finish(text, sentences, found, rules=rules)


def finish(text: str, sentences: list[tuple[int, int]], found: list[Obstacle], *,
           rules: ObstacleRules | None = None) -> list[Obstacle]:
    """The kept candidates with their requested actions, restatements merged."""
    r = rules or _SHIPPED
    _attach_actions(text, sentences, found, r)
    return _dedupe(found, r)


def obstacle_candidates(text: str, sentences: list[tuple[int, int]], *,
                        rules: ObstacleRules | None = None) -> list[Obstacle]:
    """Every clause that may name a difficulty. ``source`` says why: "rule" for what the
    grammar accepts, "weak:<reason>" for clauses it rejects (a remedy asked for, a heading,
    a vague mention, a clause with a negative word only) that a model may still keep."""
    r = rules or _SHIPPED
    found: list[Obstacle] = []
    for ss, se in sentences:
        if len(text[ss:se]) < 12:
            continue
        for a, b, source in _sentence_spans(text, ss, se, r):
            ob = _candidate(text, a, b, source, r)
            if ob is not None:
                found.append(ob)
    return found


def _candidate(text: str, a: int, b: int, source: str, r: ObstacleRules) -> Obstacle | None:
    """The trimmed span as a candidate, if anything is left of it."""
    a, b = _trim(text, a, b, r)
    if b - a > 6:
        return Obstacle(a, b, text[a:b], categorize(text[a:b], rules=r), source=source)
    return None


def _sentence_spans(text: str, ss: int, se: int, r: ObstacleRules) -> list[tuple[int, int, str]]:
    """The spans of a sentence that may name a difficulty, with their source, untrimmed."""
    sent = text[ss:se]
    however = (bool(r.however_opener.match(sent)) and bool(r.however_negative.search(sent))
               and not r.vague_mention.search(sent))
    heading = _is_heading(text, ss, se)
    out: list[tuple[int, int, str]] = []
    for cs, ce in _clauses(text, ss, se, r):
        clause = text[cs:ce]
        hit = _strong_hit(clause, r) or _generic_hit(text, cs, ce, r) or (however and cs == ss)
        # "the commune still has 1,146 poor households, accounting for 23%, and 608 near-poor
        # households": a count without a verb shares the predicate of the row before it
        hit = hit or bool(out and out[-1][2] == "rule" and _ELLIPTIC_COUNT.match(clause)
                          and not r.enum_predicate.search(clause))
        if heading:
            if hit:
                out.append((cs, ce, "weak:heading"))  # a title restates what the body says in full
        elif r.request.search(clause):
            if hit:
                out.append((cs, ce, "weak:request"))  # a remedy asked for, not the difficulty
        elif not hit:
            if r.generic.search(clause) or r.weak_cue.search(clause):
                out.append((cs, ce, "weak:vague"))
        else:
            out.extend((a, b, "rule") for a, b in _accepted_clause_rows(text, cs, ce, r))
    return out


def _accepted_clause_rows(text: str, cs: int, ce: int, r: ObstacleRules) -> list[tuple[int, int]]:
    """The rows of a clause the grammar accepts: one per item of a list of problems, one per
    comma-joined problem, else the clause."""
    rows = _problem_list_items(text, cs, ce, r)
    if rows is not None:
        return rows
    rows = _enumeration(text, cs, ce, r)
    if rows:
        return rows
    pair = _COUNT_PAIR.search(text, cs, ce)
    if pair and not r.enum_predicate.search(pair.group(0)):
        # "still has 285 poor households and 196 near-poor households": two stocks
        return [_trim(text, cs, pair.start("and"), r), (pair.start("second"), pair.end("second"))]
    rows = _comma_parts(text, cs, ce, r)
    if rows:
        return rows
    # the whole clause (trimmed here and again as a candidate)
    a, b = _trim(text, cs, ce, r)
    return [(a, b)] if b - a >= 8 else []


def _problem_list_items(text: str, cs: int, ce: int, r: ObstacleRules) -> list[tuple[int, int]] | None:
    """A list after "such as" whose items name problems themselves: one row per item (per
    item with a cue, when ";" separates them; possibly none). None: no such list."""
    items = _list_items(text, cs, ce, r)
    if not items:
        return None
    semi = ";" in text[items[0][1]:items[-1][0] + 1]
    cued = [(a, b) for a, b in items if _strong_hit(text[a:b], r) or _generic_hit(text, a, b, r)]
    leading = sum(1 for a, b in items if _leads_with_problem(text[a:b], r))
    if leading >= max(2, len(items) - 1) or (semi and len(cued) >= 2):
        return cued if semi else items
    return None


# --------------------------------------------------------------------------- clauses and spans
def _clauses(text: str, ss: int, se: int, r: ObstacleRules) -> list[tuple[int, int]]:
    """Clauses of a sentence; a list after "such as:" stays in the clause that opens it."""
    out = []
    pos = ss
    intro = r.list_opener_with_colon.search(text[ss:se])
    stop = ss + intro.start() if intro else se
    for m in r.clause_separator.finditer(text, ss, stop):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, se))
    return [(a, b) for a, b in out if b > a]


_TRAILING_CONJUNCTION = re.compile(r"[\s,;]+(?:and|or|but|while)$", re.IGNORECASE)


def _trim(text: str, a: int, b: int, r: ObstacleRules) -> tuple[int, int]:
    """The span without edge punctuation, a discourse opener, a label ("Shortcomings:"), or a
    speaker's introduction."""
    while a < b and text[a] in " ,;:-–\"“'(":
        a += 1
    while b > a and text[b - 1] in " .,;:!?\"”')…":
        if text[b - 1] == ")" and text.count("(", a, b) >= text.count(")", a, b):
            break  # a closed bracket stays: "GRDP growth (5.96%, against the plan of 7%)"
        b -= 1
    tail = _TRAILING_CONJUNCTION.search(text, a, b)
    if tail and tail.start() - a >= 10:
        b = tail.start()  # "... mainly due to site clearance, and": the next row starts at "and"
        while b > a and text[b - 1] in " ,;":
            b -= 1
    m = r.discourse_opener.match(text[a:b])
    if m and m.end() < b - a - 10:
        a += m.end()
    m = r.row_label.match(text[a:b])
    if m and m.end() < b - a - 10:
        a += m.end()  # "Shortcomings: 4 targets were not met"
    # the speaker's introduction is not part of the difficulty: "Mr. X, Title, said: ..."
    sp = r.speaker_intro.search(text, a, min(b, a + 260))
    if sp and b - sp.end() > 15:
        a = sp.end()
    return a, b


# two counts of the same thing that end a clause: "285 poor households and 196 near-poor households"
_COUNT_PAIR = re.compile(r"\d[\d.,]*(?:\s+[\p{L}-]+){0,3}?\s+(?P<noun>\p{L}+)(?P<and>\s+and\s+)"
                         r"(?P<second>\d[\d.,]*(?:\s+[\p{L}-]+){0,3}?\s+(?P=noun))\s*[.;]?\s*$", re.IGNORECASE)
_ELLIPTIC_COUNT = re.compile(rf"^\s*{_COUNT}\s*[.;]?\s*$", re.IGNORECASE)
_FINAL_STOP = re.compile(r"[.!?:;\"”]$")


def _is_heading(text: str, ss: int, se: int) -> bool:
    """A line of its own, short, without a final stop: a title."""
    line_start = text.rfind("\n", 0, ss) + 1
    line_end = text.find("\n", se)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return line == text[ss:se].strip() and len(line.split()) <= 14 and not _FINAL_STOP.search(line)


def _comma_parts(text: str, cs: int, ce: int, r: ObstacleRules) -> list[tuple[int, int]]:
    """Comma-joined clauses that each name a problem ("the market has not recovered, many
    plots are stuck in valuation, and ..."); pieces without a cue stay with the one before."""
    bounds = [cs] + [m.end() for m in r.part_separator.finditer(text, cs, ce)] + [ce]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    out: list[list[int]] = []
    for a, b in pieces:
        seg = text[a:b]
        if out and not (_strong_hit(seg, r) and len(seg.split()) >= 5):
            out[-1][1] = b
        else:
            out.append([a, b])
    out = [p for p in out if _strong_hit(text[p[0]:p[1]], r)]
    return [(a, b) for a, b in out] if len(out) >= 2 else []


_AND = re.compile(r"(?:,\s*)?\band\s+")
_COMMA = re.compile(r",\s+")
_ENUM_MAX_WORDS = 8  # an item of an enumeration is a short noun phrase


_BRACKETS = re.compile(r"\([^()\n]{1,120}\)")


_OPENER_ITEM = re.compile(r"\s*(?:After|Among|In|For|With|Since|By|During|Over|Through|Under|At|From|Of)\s")
_NAME_ITEM = re.compile(r"\p{Lu}[\p{Ll}'’]*(?:\s|$)")  # "U Minh", "Thoi Binh areas"; not "ODA capital"


def _short_item(seg: str, r: ObstacleRules) -> bool:
    words = seg.split()
    return 0 < len(words) <= _ENUM_MAX_WORDS and not r.enum_predicate.search(seg) and not re.search(r"[;:()]", seg)


def _enumeration(text: str, cs: int, ce: int, r: ObstacleRules) -> list[tuple[int, int]]:
    """Items enumerated after (or before) one cue, one row each: "lagging in investment
    preparation, site clearance and the making of designs" -> the clause up to its first item,
    then each further item; "the work of compensation, land recovery and land allocation
    meets many difficulties, and sand is scarce" -> three items and the clause after them.
    Two items need a cue right before the first ("the difficulties concern compensation and
    site clearance"). None: no enumeration."""
    a0, _ = _trim(text, cs, ce, r)  # "Notably, ..." is no item
    cs = max(cs, a0)
    # a bracket is part of its item: "GRDP growth (5.96%, against the plan of 7%), the forest cover rate and ..."
    clause = _BRACKETS.sub(lambda m: "_" * len(m.group(0)), text[cs:ce])
    for m in _AND.finditer(clause):
        # the last item: from "and" to a predicate, a comma or the end
        rest = clause[m.end():]
        stop = re.search(r"[,;]", rest)
        last_end = stop.start() if stop else len(rest)
        pred = r.enum_predicate.search(rest, 0, last_end)
        if pred:
            last_end = pred.start()
        last = rest[:last_end].strip()
        if not _short_item(last, r):
            continue
        # the items before "and", back over commas while they are short
        head = clause[:m.start()].rstrip()
        bounds = [0] + [c.end() for c in _COMMA.finditer(head)]
        items: list[tuple[int, int]] = []
        k = len(bounds) - 1
        while k >= 1 and _short_item(head[bounds[k]:(bounds[k + 1] - 2 if k + 1 < len(bounds) else len(head))], r):
            k -= 1
        first = (0, bounds[k + 1] - 2 if k + 1 < len(bounds) else len(head))
        mids = [(bounds[j], bounds[j + 1] - 2 if j + 1 < len(bounds) else len(head)) for j in range(k + 1, len(bounds))]
        if mids and _OPENER_ITEM.match(head[first[0]:first[1]]):
            # "After the merger, 14 headquarters of the former wards and district agencies are left
            # vacant": an adverbial before the subject is no item
            first, mids = mids[0], mids[1:]
        if all(_NAME_ITEM.match(x) for x in [head[a:b].strip() for a, b in mids] + [last]):
            continue  # names of places: "the communes of Tran Van Thoi, U Minh and Thoi Binh areas"
        cue_before = bool(r.enum_cue_end.search(head[first[0]:first[1]]))
        if mids and r.unmet_targets_end.search(head[first[0]:first[1]]) and r.unmet_list_open.match(head[mids[0][0]:mids[0][1]]):
            # "4 targets were not met, namely income, trained workers and forest coverage": the count
            # with its first item, then each further item
            first, mids, cue_before = (first[0], mids[0][1]), mids[1:], True
        n = 1 + len(mids) + 1
        after = rest[last_end:]
        comma = re.search(r"[,;]", after)
        cue_after = bool(pred) and (_strong_hit(after[:comma.start()] if comma else after, r)
                                    or bool(r.generic.search(after[:comma.start()] if comma else after)))
        if not (cue_before or cue_after) or (n < 3 and (pred or not cue_before)):
            continue  # the cue governs the list: right before its first item, or its predicate
        if n < 2 or not head[first[0]:first[1]].strip():
            continue
        items = [first, *mids, (m.end(), m.end() + len(rest[:last_end].rstrip()))]
        rows = [(cs + a, cs + b) for a, b in items]
        # what follows the last item's predicate may name one more problem (", and sand is scarce")
        tail = rest[last_end:]
        t = re.search(r",\s+and\s+", tail)
        if t and _strong_hit(tail[t.end():], r):
            rows.append((cs + m.end() + last_end + t.end(), ce))
        return [(a, b) for a, b in (_trim(text, a, b, r) for a, b in rows) if b - a >= 3]
    return []


def _leads_with_problem(item: str, r: ObstacleRules) -> bool:
    """An item that names a problem itself: the cue is among its first words."""
    m = r.strong.search(item)
    return bool(m) and len(item[:m.start()].split()) <= 3


def _list_items(text: str, cs: int, ce: int, r: ObstacleRules) -> list[tuple[int, int]]:
    """The items of a list after a list opener in the clause (none: not a list)."""
    m = r.list_intro.search(text, cs, ce)
    if not m:
        return []
    body_start = m.end()
    items = []
    pos = body_start
    for sep in r.list_item_separator.finditer(text[body_start:ce]):
        items.append((pos, body_start + sep.start()))
        pos = body_start + sep.end()
    items.append((pos, ce))
    return [(a, b) for a, b in items if b - a > 3] if len(items) >= 2 else []


# --------------------------------------------------------------------------- cues
# exceptions tied to single strong cues (grammar, not vocabulary)
_ONLY_AFTER = re.compile(r"\s+only\b")  # "has not only ... but also" negates nothing
_CUSTOMS_COMPLEMENT = re.compile(r"\s+(?:in|of|such\s+as|:)\s")  # "bad customs in funerals"
_NO_OR_WITHOUT_BEFORE = re.compile(r"\b(?:no|without)\s+$")  # "no violations"
_WITHOUT_ANY_BEFORE = re.compile(r"\bwithout\s+(?:any\s+)?$", re.IGNORECASE)  # "without delay"
_ILLEGAL_WITH_OBJECT = re.compile(r"\billegal\s+\w+", re.IGNORECASE)  # "illegal sand mining"
_DIGIT = re.compile(r"\d")  # "25 projects are still facing problems": a stock of problem cases


def _strong_hit(clause: str, r: ObstacleRules) -> bool:
    """Whether a strong cue of the clause names a difficulty."""
    return any(_cue_counts(clause, m, r) for m in r.strong.finditer(clause))


def _cue_counts(clause: str, m: Match, r: ObstacleRules) -> bool:
    """Whether this strong-cue match names a difficulty (no negation or exception stops it)."""
    w = m.group(0).lower()
    before, after = clause[:m.start()], clause[m.end():]
    if w.startswith(("have not", "has not", "had not", "not yet")) and _ONLY_AFTER.match(after):
        return False
    if w.endswith("customs") and not _CUSTOMS_COMPLEMENT.match(after):
        return False
    if r.resolved_after.match(after):
        return False
    if w.startswith("violation") and _NO_OR_WITHOUT_BEFORE.search(before):
        return False
    if r.cue_negated_before.search(before):
        return False
    # "the poverty rate fell from 12% to 5%", "only 41 poor households are left": achievements
    if r.falling_cue.match(m.group(0)) and (r.good_before_falling.search(before)
                                            or r.good_after_falling.search(after)):
        return False
    # "the commune still faces many difficulties" names none, unless a count of cases faces them
    vague = r.vague_mention.search(clause)
    if vague and vague.start() <= m.start() and not _DIGIT.search(clause[:vague.start()]):
        return False
    if w in {"delays", "delay"} and _WITHOUT_ANY_BEFORE.search(before):
        return False
    # "illegal" only with what is illegal
    return not w.startswith("illegal") or bool(_ILLEGAL_WITH_OBJECT.search(clause[m.start():]))


def _generic_hit(text: str, cs: int, ce: int, r: ObstacleRules) -> bool:
    """Whether a generic noun of the clause has a complement that names something (and is
    not the object of a remedy, nor negated)."""
    clause = text[cs:ce]
    for m in r.generic.finditer(clause):
        before = clause[:m.start()]
        if r.remedy_before.search(before) or r.generic_negated_before.search(before):
            continue
        comp = r.complement.match(clause, m.end())
        if not comp:
            continue
        rest = clause[comp.end():].strip()
        if len(rest.split()) < 2 or r.unspecific_complement.match(rest):
            continue
        return True
    return False


# --------------------------------------------------------------------------- finishing
def _attach_actions(text: str, sentences: list[tuple[int, int]], found: list[Obstacle],
                    r: ObstacleRules) -> None:
    """The action asked for after each row, in its sentence or the next one."""
    starts = [s for s, _ in sentences]
    for ob in found:
        idx = max(i for i, s in enumerate(starts) if s <= ob.start) if starts else 0
        for j in (idx, idx + 1):
            if j >= len(sentences):
                break
            s, e = sentences[j]
            seg = text[max(s, ob.end) if j == idx else s:e]
            m = r.requested_action.search(seg)
            if m:
                ob.requested_action = m.group("act").strip(" ,")[:300]
                break


_WORD = re.compile(r"[\p{L}\d]+")


def _words(s: str, r: ObstacleRules) -> set[str]:
    return {w for w in _WORD.findall(s.lower()) if w not in r.restatement_stopwords}


def _dedupe(found: list[Obstacle], r: ObstacleRules) -> list[Obstacle]:
    """Restatements as one row, the longest: three quarters of the shorter's words shared."""
    keep: list[Obstacle] = []
    for ob in sorted(found, key=lambda o: -len(o.text)):
        w = _words(ob.text, r)
        dup = False
        for k in keep:
            kw = _words(k.text, r)
            if w and kw and len(w & kw) / min(len(w), len(kw)) >= 0.75:
                dup = True
                break
        if not dup:
            keep.append(ob)
    keep.sort(key=lambda o: o.start)
    return keep
