"""Figures: the quantities of the number grammar, with kind, metric and period.

Kind cues (the nearest cue before the number in its clause decides; a cue that governs the
whole sentence, such as "Under the resolution", "plans to", "strive", wins over verbs):

* target: strive, aim, plan(s) to, target(s)/goal(s) of, set the target, expected to, will,
  would, must, to reach, by <year>, proposed/requested ... allocate, "the plan of";
* result: reached, achieved, exceeded, estimated at, disbursed, collected, rose/fell/up/down,
  "% of the plan/estimate", built, completed, on schedule, income of;
* statistic: counts and sizes (has, consists of, with, worth, cost) and anything else
  that is a count; percentages and money default to result.

The cues are data: ``pipeline/data/figures.json`` (grammar ``figures``, see
:mod:`pipeline.rules`). :func:`rules_for` compiles them, with a user's pattern files, into a
:class:`FigureRules`; every function takes ``rules=`` (default: the shipped rules).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex as re

from .. import rules as ruledata
from ..numbers import NumberRules, Quantity, find_quantities, number_rules
from ..rules import Vocab
from ..textutil import last_line_match
from .metric import MetricRules, compile_metric, extend_metric
from .metric import find_metric as _find_metric
from .period import DocTime, doc_time
from .period import find_period as _period

ruledata.declare("figures", {name: Vocab("patterns") for name in (
    "target_cues", "result_cues", "statistic_cues", "governing_cues", "sentence_governing_cues",
    "negation_after", "done_after", "future_cues", "past_verbs", "present_plan_verbs", "plan_cues",
    "plan_nouns", "plan_share_after", "result_after", "target_count_units", "section_past_cues",
    "weak_target_after", "weak_result_after", "result_money_metrics", "indicator_nouns",
    "done_verbs_after", "damage_verbs_after", "plan_verbs_after", "task_verbs", "task_headings", "request_verbs",
    "part_openers", "section_qualifiers", "resolving_bodies", "resolving_verbs", "section_close_headings",
    "metric_verbs", "lead_words", "attribution_openers", "reporting_verbs", "clause_openers",
    "clause_connectors", "metric_trailing_words", "metric_links", "metric_np_stops",
    "metric_post_starts", "metric_post_stops", "metric_increase", "metric_decrease", "metric_agents",
    "metric_openers", "metric_time_phrases", "metric_aux", "metric_bad_labels", "metric_measure_nouns", "metric_share_links",
    "metric_person_openers", "metric_member_nouns", "conversion_rates", "current_estimates", "size_pairs",
    "merge_verbs", "plan_amount_subjects", "plan_amount_links", "plan_nouns_after",
    "achievement_units", "price_words", "price_frames",
)} | {"metric_participles": Vocab("map")})

_I = re.IGNORECASE

# --------------------------------------------------------------------------- grammar shapes
_PERIOD = re.compile(
    r"(?:\b(?:in|for|during|over)\s+the\s+(?P<term>(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)\s+(?:term|period|tenure)\b"
    r"|\b(?P<term2>(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\s+(?:term|period))"
    r"|\b(?:period\s+(?:of\s+)?)?(?P<range>(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)\b"
    r"|\b(?P<by>by\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d)\b"
    r"|\b(?P<first>(?:the\s+)?first\s+(?:\d+|six|nine|three|two|four|five|seven|eight|ten|eleven)\s+months(?:\s+of\s+(?:19|20)\d\d)?)"
    r"|\b(?:in|for|of)\s+(?P<year>(?:19|20)\d\d)\b)",
    _I)
_LEADING_THE = re.compile(r"^the\s+", _I)
_DASH = re.compile(r"\s*[-–]\s*")
_TERM_WORD = re.compile(r"\b(?:term|tenure)\b", _I)
_TIME_PHRASE = re.compile(r"\s*\b(?:in|for|during|over|of|by)\s+(?:the\s+)?(?:period\s+(?:of\s+)?)?"
                          r"(?:(?:first|last|past)\s+\w+\s+months?(?:\s+of\s+\d{4})?|\d{4}(?:\s*[-–]\s*\d{4})?"
                          r"(?:\s+(?:term|period))?|(?:this|last|next)\s+year)\b", _I)
_CLAUSE_BREAK_BEFORE = re.compile(r"[;(]")  # a figure's clause ends at these after it
_REMAINING = re.compile(r"\bremaining\b")  # "the remaining 5 targets" were achieved
_PARENTHESES = re.compile(r"\([^)]*\)")
_ESTIMATED_AT_END = re.compile(r"\s+(?:is|was)\s+estimated\s+at\s+[^,]*$")
_SPACES = re.compile(r"\s+")
_SCALE_WORD = re.compile(r"\b(?:million|billion|trillion|bn)\b", _I)
_AMBIGUOUS_DOT = re.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])")
_LIST_LINE = r"\s*(?:[-•+*–]|\d+[.)]|\(\d+\)|[a-z][.)])\s"  # a bullet or numbered item


# --------------------------------------------------------------------------- compiled rules
@dataclass(frozen=True, eq=False, repr=False)
class FigureRules:
    """The figure grammar compiled from the ``figures`` vocabularies, with the number grammar
    (see :func:`rules_for`). Each attribute is a compiled pattern named after its vocabulary."""

    numbers: NumberRules
    target_cues: Any  # the nearest of these three cues before a figure in its clause decides
    result_cues: Any
    statistic_cues: Any
    governing_cues: Any  # "plans to ...": the clause is a plan
    sentence_governing_cues: Any  # "Under the resolution, ...": the sentence is a plan
    negation_after: Any  # "... have not": a statistic
    done_after: Any  # "... targets were achieved"
    future_cues: Any  # "by 2030"
    past_verbs: Any  # overrule a future cue
    present_plan_verbs: Any  # "reaches" in a list of plan indicators
    plan_cues: Any  # the passage lists plan indicators
    plan_nouns_before: Any  # "the plan of 3,940 billion"
    plan_share_after: Any  # "71% of the plan"
    result_after: Any  # "15 communes meeting new rural standards"
    target_count_units: Any  # "16 targets"
    section_past_cues: Any  # in a section of targets, a figure of the past
    weak_target_after: Any
    weak_result_after: Any
    result_money_metrics: Any
    done_after_noun: Any  # "34 Party members were admitted": a thing done
    damage_after_noun: Any  # "112 houses were damaged": a statistic
    plan_after_noun: Any  # "VND 12 billion was assigned": a target
    task_item: Any  # "2. Supporting design ...", "Task: accumulate ..."
    task_heading: Any  # "III. KEY TASKS AND SOLUTIONS"
    request_verbs: Any
    part_gap: Any  # ", of whom ", " and ": the words that join a figure to the one before
    section_open: Any  # "Main targets:", "The Congress resolved: ..."
    section_heading: Any  # a short line that names indicators
    section_close: Any  # "Tasks and solutions", "Results"
    list_line: Any  # a bullet or numbered item
    metric_verbs: Any
    lead_words: Any
    attribution: Any  # "According to ..., ", "... said that "
    clause_openers: Any  # "In particular, "
    clause_break: Any  # where the clause that holds a figure's metric starts
    metric_trailing_words: Any
    metric: MetricRules  # what a figure measures (pipeline.extractors.metric)
    conversion_rates: Any = None  # "at the exchange rate of 25,450 VND/USD": a statistic
    current_estimates: Any = None  # "for the year": with "is expected to", an estimated result
    size_pair_before: Any = None  # "into 138", "instead of 36", "down from 38": the other side of a size pair
    merge_pair_after: Any = None  # "merged 312 units into 138": the side before "into"
    merge_verbs: Any = None
    plan_amount_before: Any = None  # "the public investment plan for 2025 is VND ...": a target
    plan_noun_after: Any = None  # "41% of the VND 1,480 billion plan": the amount is the target
    achievement_units: Any = None  # "has 6 OCOP products": recognitions won, a result
    price_words: Any = None  # "the price of sand has risen by 30%": a statistic
    price_frames: Any = None  # "at current prices": no price


def _compile(v: dict[str, list[str]], numbers: NumberRules) -> FigureRules:
    alt = ruledata.alternation

    def words(name: str, flags: int = _I) -> Any:
        return re.compile(r"\b" + alt(v[name]) + r"\b", flags)

    def anywhere(name: str, flags: int = _I) -> Any:
        return re.compile(alt(v[name]), flags)

    nouns = alt(v["indicator_nouns"])
    return FigureRules(
        numbers=numbers,
        target_cues=words("target_cues"), result_cues=words("result_cues"),
        statistic_cues=words("statistic_cues"), governing_cues=words("governing_cues"),
        sentence_governing_cues=anywhere("sentence_governing_cues"),
        negation_after=re.compile(r"\s*(?:(?!and\b|but\b|while\b|so\b)[\w,-]+\s+){0,6}?" + alt(v["negation_after"]) + r"\b", _I),
        done_after=words("done_after"), future_cues=anywhere("future_cues"),
        past_verbs=words("past_verbs"), present_plan_verbs=words("present_plan_verbs"),
        plan_cues=words("plan_cues"),
        plan_nouns_before=re.compile(r"\b" + alt(v["plan_nouns"]) + r"s?\s+(?:of|is|was|at|from|:)?\s*$", _I),
        plan_share_after=re.compile(r"\s*" + alt(v["plan_share_after"]), _I),
        result_after=re.compile(r"\s*(?:[\w-]+\s+){0,4}?" + alt(v["result_after"]), _I),
        target_count_units=words("target_count_units"),
        section_past_cues=anywhere("section_past_cues", 0),
        weak_target_after=anywhere("weak_target_after", 0),
        weak_result_after=re.compile(r"\s*(?:[\w-]+\s+){0,4}" + alt(v["weak_result_after"]), _I),
        result_money_metrics=words("result_money_metrics"),
        done_after_noun=_after_noun(v["done_verbs_after"]), damage_after_noun=_after_noun(v["damage_verbs_after"]),
        plan_after_noun=_after_noun(v["plan_verbs_after"]),
        task_item=re.compile(r"^(?:" + _LIST_LINE + r"|\s*tasks?\s*:\s*)?\s*(?:[A-Z][\w ,-]{0,60}:\s+)?"
                             + alt(v["task_verbs"]) + r"\b", _I),
        task_heading=re.compile(r"\b" + alt(v["task_headings"]) + r"\b", _I),
        request_verbs=words("request_verbs"),
        part_gap=words("part_openers"),
        section_open=re.compile(
            r"(?:^|\b)(?:" + alt(v["section_qualifiers"]) + r"\s+)?" + nouns + r"\b[^.\n]{0,60}?(?::|$)"
            r"|\b" + alt(v["resolving_bodies"]) + r"\s+" + alt(v["resolving_verbs"]) + r"[^.\n]{0,80}:"
            r"|\b(?:[a-d]\)|\d+\.)\s+[A-Z][\w\s-]{0,40}targets\b", _I | re.MULTILINE),
        section_heading=re.compile(r"\s*(?:[a-d]\)|\d+\.|[IVX]+\.|Article\s+\d+\.?)?\s*(?:[\w-]+\s+){0,3}" + nouns + r"\b", _I),
        section_close=re.compile(r"^\s*(?:[IVX]+\.|\d+\.|[a-d]\)|Article\s+\d+\.?)?\s*" + alt(v["section_close_headings"]), _I),
        list_line=re.compile(_LIST_LINE),
        metric_verbs=words("metric_verbs"),
        lead_words=re.compile(r"^(?:\W|\d+[.)]|[a-z][.)]|" + alt(v["lead_words"]) + r")\s*\b", _I),
        attribution=re.compile(r"^" + alt(v["attribution_openers"]) + r"\b[^,]*,\s*|^.*?\b"
                               + alt(v["reporting_verbs"]) + r"\s+(?:that\s+)?"),
        clause_openers=re.compile(r"^.*?\b" + alt(v["clause_openers"]) + r"\s*,\s*"),
        clause_break=re.compile(r"[;:]|,\s+" + alt(v["clause_connectors"]) + r"\s+|\s+and\s+(?=the\s)"),
        metric_trailing_words=re.compile(r"\s+" + alt(v["metric_trailing_words"]) + r"$"),
        metric=compile_metric(v),
        conversion_rates=anywhere("conversion_rates"), current_estimates=anywhere("current_estimates"),
        size_pair_before=re.compile(r"\b" + alt(v["size_pairs"]) + r"\s+(?:about\s+|nearly\s+|over\s+)?$", _I),
        merge_pair_after=re.compile(r"^\s*(?:[\w-]+\s+){0,4}?into\s+(?:about\s+|nearly\s+)?\d", _I),
        merge_verbs=words("merge_verbs"),
        plan_amount_before=re.compile(r"\b" + alt(v["plan_amount_subjects"]) + r"\b[^,;:.()]{0,70}?\b"
                                      + alt(v["plan_amount_links"]) + r"\s+(?:about\s+|nearly\s+|over\s+|more\s+than\s+"
                                      r"|only\s+|a\s+total\s+of\s+)?$", _I),
        plan_noun_after=re.compile(r"^\s*" + alt(v["plan_nouns_after"]), _I),
        achievement_units=anywhere("achievement_units"),
        price_words=words("price_words"), price_frames=anywhere("price_frames"),
    )


def _after_noun(entries: list[str]) -> Any:
    """A verb group after a figure, past at most five words of its noun (no clause break)."""
    return re.compile(r"^\s*(?:(?!and\b|or\b|but\b|while\b|which\b|who\b)[\w'-]+\s+){0,5}?(?:"
                      + ruledata.alternation(entries) + r")\b", _I)


def rules_for(patterns: tuple[str, ...] = ()) -> FigureRules:
    """The figure grammar: the shipped ``figures`` and ``numbers`` vocabularies with the
    entries of the user's pattern files ``patterns`` (paths) first; compiled once per
    combination of files."""
    if not patterns:
        return _rules_for(())
    return _rules_for(tuple(str(p) for p in patterns))


@lru_cache(maxsize=16)
def _rules_for(patterns: tuple[str, ...]) -> FigureRules:
    return _compile(ruledata.load("figures", patterns), number_rules(patterns))


@dataclass
class Figure:
    q: Quantity
    kind: str
    metric: str
    period: str
    strong: bool = True  # an explicit cue decided the kind (else the nearest verb or a default)


def plan_context(text: str, sent_start: int, *, rules: FigureRules | None = None) -> bool:
    """The sentence stands in a passage that lists plan indicators: a plan cue in the same
    paragraph before it or in the two paragraphs before."""
    R = rules or rules_for()
    para_start = text.rfind("\n", 0, sent_start) + 1
    prev = text[max(0, para_start - 600):sent_start]
    lines = prev.split("\n")[-3:]
    return any(R.plan_cues.search(ln) for ln in lines)


def target_sections(text: str, *, rules: FigureRules | None = None) -> tuple[tuple[int, int], ...]:
    """Spans of a text that list a plan's or resolution's indicators: from a line that opens
    them ("Main targets:", "b) Socio-cultural targets", "The Congress resolved: ...") to the
    line that opens another part (tasks and solutions, results, limitations) or a blank gap."""
    return _target_sections(text, rules or rules_for())


@lru_cache(maxsize=8)
def _target_sections(text: str, R: FigureRules) -> tuple[tuple[int, int], ...]:
    spans = []
    pos = 0
    lines = text.split("\n")
    offs = []
    for ln in lines:
        offs.append(pos)
        pos += len(ln) + 1
    i = 0
    while i < len(lines):
        m = R.section_open.search(lines[i])
        heading = m is not None and len(lines[i].split()) <= 8 and R.section_heading.match(lines[i])
        if m and (m.group(0).rstrip().endswith(":") or heading):
            start = offs[i] + m.start()
            j = i + 1
            while (j < len(lines) and lines[j].strip() and not R.section_close.match(lines[j])
                   and (R.list_line.match(lines[j]) or len(lines[j]) < 220 or R.section_open.search(lines[j]))):
                j += 1
            close = R.section_close.search(lines[i][m.end():])
            end = offs[i] + m.end() + close.start() if close else (offs[j] if j < len(lines) else len(text))
            spans.append((start, end))
            i = max(j, i + 1)
        else:
            i += 1
    return tuple(spans)


def classify_kind_strength(text: str, q: Quantity, sent_start: int, sent_end: int, sections=None, *,
                           rules: FigureRules | None = None,
                           prev: tuple[Quantity, str] | None = None) -> tuple[str, bool]:
    """Rule decision of target / result / statistic for one quantity in its sentence, and
    whether an explicit cue decided it (True) or only the nearest verb or a default (False).
    ``prev`` is the figure before it in its sentence with its kind: a part of it or the next
    item of its list ("1,104 new members, of whom 82% ...") takes its kind when no cue of its
    own decides."""
    R = rules or rules_for()
    before = text[sent_start:q.start]
    after = text[q.end:sent_end]
    cut = max(before.rfind(";"), before.rfind("("))
    clause = before[cut + 1:] if cut >= 0 else before
    after_clause = _CLAUSE_BREAK_BEFORE.split(after, maxsplit=1)[0]
    in_section = bool(sections) and any(a <= q.start < b for a, b in sections)
    kind = _strong_kind(text, q, sent_start, before, clause, after, after_clause, in_section, R)
    if kind:
        return kind, True
    if prev is not None and prev[0].end <= q.start and _part_of_previous(text[prev[0].end:q.start], R):
        return prev[1], False
    return _weak_kind(q, before, clause, after_clause, R), False


def _part_of_previous(gap: str, R: FigureRules) -> bool:
    """The text between two figures of a sentence joins them as whole and part or as items
    of one list (", of which ", " and ", " with "): no clause break and no kind cue of its own."""
    if len(gap) > 70 or len(gap.split()) > 7 or any(c in gap for c in ";:()"):
        return False
    words = R.part_gap.sub(" ", gap)
    return not any(rx.search(words) for rx in (R.target_cues, R.result_cues, R.statistic_cues, R.governing_cues))


def noun_tail(q: Quantity, after_clause: str) -> str:
    """The words of the figure after its number (its noun) and the rest of its clause."""
    m = re.search(r"\d[\d.,/%]*", q.text)
    return (q.text[m.end():] if m else "") + after_clause


def _strong_kind(text: str, q: Quantity, sent_start: int, before: str, clause: str, after: str,
                 after_clause: str, in_section: bool, R: FigureRules) -> str | None:
    """The kind an explicit cue gives, in order of precedence; None when there is none."""
    if R.conversion_rates.search(before[-40:] + q.text + after[:20]):
        return "statistic"  # "at the exchange rate of 25,450 VND/USD"
    pair = R.size_pair_before.search(before[-30:])
    if pair and (not pair.group(0).lower().startswith("into") or R.merge_verbs.search(clause)):
        return "statistic"  # "merged 312 units into 138", "16 divisions, down from 38"
    if R.merge_verbs.search(clause) and R.merge_pair_after.match(after_clause):
        return "statistic"  # "merged 312 public service units into 138"
    # "the plan of 3,940 billion", "(average target from 7 to 7.5%)"
    if R.plan_nouns_before.search(before[-40:]):
        return "target"
    if q.unit_class == "money" and R.plan_amount_before.search(clause[-120:]):
        return "target"  # "the public investment plan for 2025 is VND 1,126 billion"
    if _THE_BEFORE.search(before) and R.plan_noun_after.match(after):
        return "target"  # "disbursed 41% of the VND 1,480 billion plan"
    if _ESTIMATE_VERB.search(clause) and R.current_estimates.search(before + q.text + after):
        return "result"  # "The IIP is expected to grow 11.3% for the year": the year's estimate
    if (q.unit_class in {"money", "percent"} and R.price_words.search(R.price_frames.sub(" ", clause[-60:] + " " + q.text))
            and not (R.sentence_governing_cues.search(before) or R.governing_cues.search(clause))):
        return "statistic"  # "the price of sand has risen by 30% compared with the estimate"
    if R.plan_share_after.match(after):
        return "result"
    if q.unit and R.target_count_units.search(q.unit):
        return _target_count_kind(q, clause, after_clause, R)  # "4 targets were not achieved": a result too
    if R.negation_after.match(after_clause) and not R.plan_share_after.search(q.text + after[:12]):
        return "statistic"  # "142 ha of land of 131 households have not been handed over"
    if _TARGET_BREAKDOWN.match(after_clause) and R.target_count_units.search(before):
        return "statistic"  # "17 main targets: 6 on the economy, 7 on culture"
    if R.request_verbs.search(before) and DEFINITE_BEFORE.search(clause):
        return "statistic"  # "asked the province to relocate the 130 households": they exist
    if R.sentence_governing_cues.search(before) or R.governing_cues.search(clause):
        return "target"
    if in_section and not R.section_past_cues.search(text[sent_start:q.start]):
        return "target"  # an indicator listed under "Main targets:"
    if task_item(text, sent_start, clause, R):
        return "target"  # "2. Supporting design of packaging for 150 products." under "Tasks"
    if R.governing_cues.search(before) and not _FINITE.search(clause) and not _ESTIMATED_TO.search(before):
        return "target"  # "The commune strives for ...; have 6 OCOP products"
    return _verb_kind(text, q, sent_start, clause, after_clause, R)


def _verb_kind(text: str, q: Quantity, sent_start: int, clause: str, after_clause: str, R: FigureRules) -> str | None:
    """The kind the verb of the figure's clause gives, when it is explicit."""
    tail = noun_tail(q, after_clause)
    if WORTH_BEFORE.search(clause):
        return "statistic"  # "to build a health station worth over 12 billion VND": a cost
    if SIZE_BEFORE.search(clause):
        return None  # "a housing project with 1,024 apartments is expected ...": a size
    if R.plan_after_noun.match(tail) or _ASSIGNED_BEFORE.search(clause):
        return "target"  # "VND 12 billion was assigned", "90% of schools will meet", "was allocated VND 3 billion"
    if R.result_after.match(after_clause) or R.result_after.match(tail):
        return "result"  # "15 communes meeting advanced new rural standards"
    if R.damage_after_noun.match(tail):
        return "statistic"  # "112 houses were damaged"
    if R.done_after_noun.match(tail):
        return "result"  # "34 Party members were admitted", "17 projects have completed"
    if (R.future_cues.search(clause) or R.future_cues.search(after_clause[:80])) and not R.past_verbs.search(clause):
        return "target"
    if R.present_plan_verbs.search(clause) and plan_context(text, sent_start, rules=R):
        return "target"
    return None


_THE_BEFORE = re.compile(r"\bthe\s+$", _I)
_TARGET_BREAKDOWN = re.compile(r"\s*on\s+(?:the\s+)?\w", _I)
DEFINITE_BEFORE = re.compile(r"\b(?:the|all(?:\s+the)?|its|their)\s+(?:remaining\s+|other\s+)?$", _I)
_FINITE = re.compile(r"\b(?:was|were|had|has\s+been|have\s+been|remained|stood|still|currently|now)\b", _I)
_ASSIGNED_BEFORE = re.compile(r"\b(?:is|are|was|were|been)\s+(?:\w+ly\s+)?(?:assigned|allocated|earmarked)\s+"
                              r"(?:with\s+)?(?:a\s+total\s+of\s+)?$", _I)
WORTH_BEFORE = re.compile(r"\b(?:worth|costing|valued\s+at)\s+(?:a\s+total\s+of\s+)?$", _I)
SIZE_BEFORE = re.compile(r"\b(?:with|worth|covering|costing|valued\s+at|(?:area|length|capacity|capital|investment|cost|"
                          r"funding|population|scale|size)\s+of)\s+(?:a\s+total\s+of\s+|an?\s+)?$", _I)
_ESTIMATE_VERB = re.compile(r"\b(?:is|are|was|were)\s+(?:expected|estimated|forecast)\s+to\b|\bexpects?\s+to\b", _I)
_ESTIMATED_TO = re.compile(r"\b(?:is|are)\s+estimated\s+to\b", _I)
_HEADING = re.compile(r"^[ \t]*(?:(?:[IVX]+\.|\d+\.|[a-zA-Z]\)|Article\s+\d+\.?|Part\s+[IVX\d]+\.?)[ \t]*[^\n]{0,80}"
                      r"|[A-Z][A-Z ,'&-]{6,})$", re.MULTILINE)


def last_heading(text: str, pos: int) -> str:
    """The last heading before ``pos``: a short numbered, lettered or capital line that does not
    end a sentence ("III. KEY TASKS AND SOLUTIONS", "Article 2. Main targets for 2026")."""
    m = last_line_match(_HEADING, text, pos, _short_heading)
    return m.group(0).strip() if m else ""


def _short_heading(m: re.Match) -> bool:
    line = m.group(0).strip()
    return len(line.split()) <= 10 and not line.endswith((".", ";"))


def task_item(text: str, sent_start: int, clause: str, R: FigureRules) -> bool:
    """The figure stands in a task of a plan: its line (a list item) or its sentence opens with a
    task verb ("Complete ...", "Supporting ...", "Task: accumulate ..."), under a heading of tasks or
    targets or in a passage of plan indicators, with no past verb in its clause."""
    line_start = text.rfind("\n", 0, sent_start) + 1
    line = text[line_start:line_start + 120]
    sent = text[sent_start:sent_start + 120]
    listed = R.list_line.match(line) or re.match(r"\s*tasks?\s*:", sent, _I)
    if not listed or not (R.task_item.match(line) or R.task_item.match(sent)):
        return False
    if R.past_verbs.search(clause):
        return False
    return bool(R.task_heading.search(last_heading(text, line_start))) or plan_context(text, sent_start, rules=R)


def _target_count_kind(q: Quantity, clause: str, after_clause: str, R: FigureRules) -> str:
    """Counts of targets: achieved ones are results, the ones set are statistics."""
    if R.result_cues.search(clause[-60:]) or R.done_after.search(after_clause) or _REMAINING.search(q.text):
        return "result"
    return "statistic"


def _weak_kind(q: Quantity, before: str, clause: str, after_clause: str, R: FigureRules) -> str:
    """The kind of the nearest cue before the figure in its clause, else a default."""
    cues = [(m.end(), "target") for m in R.target_cues.finditer(clause)]
    cues += [(m.end(), "result") for m in R.result_cues.finditer(clause)]
    cues += [(m.end(), "statistic") for m in R.statistic_cues.finditer(clause)]
    if cues:
        kind = max(cues)[1]
        if kind == "statistic" and q.unit_class == "count" and R.achievement_units.search(q.text + after_clause[:40]):
            return "result"  # "The commune has 6 OCOP products": recognitions won
        return kind
    if R.governing_cues.search(before):  # "The city plans to ...; 40 per cent of the capital ..."
        return "target"
    if R.weak_target_after.search(after_clause[:60]):
        return "target"
    if R.weak_result_after.match(after_clause):
        return "result"
    if q.unit_class in {"percent", "area"}:
        return "result"
    if q.unit_class == "money" and R.result_money_metrics.search(before[-80:]):
        return "result"
    if q.unit_class == "count" and R.achievement_units.search(q.text + after_clause[:40]):
        return "result"  # "21 products rated 4 stars"
    return "statistic"


def classify_kind(text: str, q: Quantity, sent_start: int, sent_end: int, sections=None, *,
                  rules: FigureRules | None = None) -> str:
    """Rule decision of target / result / statistic for one quantity in its sentence."""
    return classify_kind_strength(text, q, sent_start, sent_end, sections, rules=rules)[0]


def find_period(text: str, q: Quantity, sent_start: int, sent_end: int, *, kind: str = "result",
                doc: DocTime | None = None, rules: FigureRules | None = None,
                period_weights: dict[str, float] | None = None) -> str:
    """The time the figure refers to (see :mod:`pipeline.extractors.period`); ``doc`` is the
    document's :func:`doc_time` (computed here when not given). (The period phrases are
    grammar, not vocabulary: ``rules`` is accepted for a uniform interface.)"""
    return _period(text, q.start, q.end, sent_start, sent_end, doc or doc_time(text), kind, q.unit_class,
                   period_weights)


def assign_periods(text: str, figs: list[Figure], sentences_of, doc: DocTime | None = None,
                   period_weights: dict[str, float] | None = None) -> None:
    """Set each figure's period for its (final) kind; ``sentences_of(pos)`` gives the
    ``(start, end)`` of the sentence at ``pos``."""
    t = doc or doc_time(text)
    for f in figs:
        ss, se = sentences_of(f.q.start)
        f.period = _period(text, f.q.start, f.q.end, ss, se, t, f.kind, f.q.unit_class, period_weights)


def find_metric(text: str, q: Quantity, sent_start: int, sent_end: int | None = None,
                prev: tuple[Quantity, str] | None = None, *, rules: FigureRules | None = None) -> str:
    """A short phrase naming what the figure measures (see :mod:`pipeline.extractors.metric`);
    ``prev`` is the figure before it in its sentence, with its metric."""
    R = rules or rules_for()
    if sent_end is None:
        sent_end = text.find("\n", q.end)
        sent_end = len(text) if sent_end < 0 else sent_end
    return _find_metric(text, q, sent_start, sent_end, prev, R.metric)


def find_figures(text: str, sentences: list[tuple[int, int]], *, rules: FigureRules | None = None,
                 period_weights: dict[str, float] | None = None, metric_model: dict | None = None,
                 doc: DocTime | None = None) -> list[Figure]:
    """The figures of each sentence ``(start, end)`` of ``text``, with kind, metric and period
    (``period_weights``: the models' period chooser, ``metric_model``: their metric words model;
    None: the rules decide; ``doc``: the document's :func:`doc_time`, computed from ``text`` when
    not given)."""
    R = rules or rules_for()
    out = []
    sections = target_sections(text, rules=R)
    for ss, se in sentences:
        qs = find_quantities(text, ss, se, rules=R.numbers)
        _settle_dot_thousands(qs)
        prev = None
        for q in qs:
            kind, strong = classify_kind_strength(text, q, ss, se, sections, rules=R,
                                                  prev=(prev[0], out[-1].kind) if prev else None)
            metric = find_metric(text, q, ss, se, prev, rules=R)
            prev = (q, metric)
            if metric_model:
                metric = extend_metric(text, q, ss, se, kind, metric, metric_model)
            out.append(Figure(q, kind, metric, "", strong))
    t = doc or doc_time(text)
    for f in out:
        ss, se = next((a, b) for a, b in sentences if a <= f.q.start < b)
        f.period = _period(text, f.q.start, f.q.end, ss, se, t, f.kind, f.q.unit_class, period_weights)
    return out


def _settle_dot_thousands(qs: list[Quantity]) -> None:
    """"disbursed VND 2.356 billion, reaching 41.3% of the plan of VND 5,700 billion": the
    stated share settles whether the dot in an amount is a decimal or a thousands mark."""
    money = [q for q in qs if q.unit_class == "money" and q.value_high is None]
    # amounts of one sentence written alike are read alike: "4.375 billion VND, of which
    # 3.980 billion VND" are both thousands when either must be
    amb = [q for q in money if _AMBIGUOUS_DOT.search(q.text) and _SCALE_WORD.search(q.text)]
    if len(amb) >= 2:
        def scale(q: Quantity) -> float:
            return 1e12 if "trillion" in q.text.lower() else 1e9 if re.search(r"billion|bn", q.text, re.I) else 1e6

        thousands = [q for q in amb if q.value / scale(q) >= 1000]
        if thousands and len(thousands) < len(amb):
            for q in amb:
                if q.value / scale(q) < 1000:
                    q.value *= 1000
            return
    pcts = [q for q in qs if q.unit_class == "percent" and re.search(r"\bof\s+the\b", q.text)]
    if not pcts or len(money) < 2:
        return
    share = pcts[0].value
    for a in money:
        for t in money:
            if a is t or not t.value:
                continue
            for q, factor in ((a, 1000.0), (t, 1000.0), (a, 0.001), (t, 0.001)):
                if not _AMBIGUOUS_DOT.search(q.text):
                    continue
                now = a.value / t.value * 100
                alt = (a.value * (factor if q is a else 1)) / (t.value * (factor if q is t else 1)) * 100
                if abs(now - share) > 0.02 * share and abs(alt - share) <= 0.02 * share:
                    q.value *= factor
                    return
