"""The number grammar: find quantities in report text and read their value.

Accepted forms (each has a row in ``tests/test_numbers.py``):

* digits with English separators: ``4,024`` -> 4024, ``7.11`` -> 7.11, ``3,940`` -> 3940;
* Vietnamese separators that survive translation, decided by the groups and by context:
  ``2.415,6`` -> 2415.6 (both marks: the last one is the decimal mark),
  ``7,124,72`` -> 7124.72 (a last group that is not three digits long is decimals),
  ``3,5%`` -> 3.5, ``0,125 km`` -> 0.125, ``1.240 households`` -> 1240, ``VND 480.000`` ->
  480000 and ``VND 1.126 billion`` -> 1126e9 (one dot and three digits is a thousands mark
  in any quantity but a percentage, before a scale word too: every such amount of the gold
  reads so), ``VND 3,215,408 billion`` -> 3215408e9 (groups of three are thousands);
* number words from one to ninety-nine (``two resettlement areas``, ``twenty-five``),
  only when a counted noun follows;
* scale words: thousand, million, billion, trillion, bn, mn and the plurals of translations
  (``15 billion VND`` -> 15e9, ``VND 5 billions`` -> 5e9); two in a row multiply
  (``1 million billion``);
* currencies before, after or glued to the number: VND, VNĐ, dong, đồng, USD, US$, $,
  US dollars, dollars, EUR, €, euros: ``VND150 trillion``, ``US$5,820``, ``154 million USD``,
  ``52 million dong``;
* percentages: ``%``, ``percent``, ``per cent``, ``pct``; ``percentage points`` keeps its unit;
* ranges: ``3-5``, ``7-8%``, ``from 7 to 7.5%``, ``10% – 10.5%``, ``between 5 and 7%``,
  ``VND150-160 million`` and ``USD4,200-4,400`` (scale and currency shared by both ends);
* ranges in words: ``1 or 2 full-time members``, ``7 to 9 people`` (a counted noun after);
* fractions: ``15/30 targets``, ``16 out of 17``, ``5 out of the remaining 7 targets``,
  ``14 of 21 congress targets``, ``2 of its 7 poor districts``, ``one in five households``,
  ``435/8,312 billion VND`` (scale shared), ``VND18,6 billion/VND19,2 billion``,
  ``4.6 km out of 7.3 km``, ``VND 642 billion out of VND 1,187 billion``; a rate such as
  ``14 criteria/commune`` or ``52 million/person/year`` is one value with no total;
* comparators before (over, more than, above, nearly, almost, about, approximately, around,
  some, at least, no less than, up to, at most, below, under, less than, fewer than) or after
  (``or more``, ``or higher``, ``or less``); a range has comparator ``range``;
* the counted noun after the number is the unit (``21 Party cells`` -> ``Party cells``),
  past ``more``, ``full``, a rating (``50 3-star products``) or an adverb before a plural
  head (``12 especially dangerous locations``); ``18 of the redundant headquarters``;
  units of area, length, mass, volume, duration and energy are recognised by name;
* a number with no noun where the text names what it counts: an indicator label
  (``- Hospital beds per 10,000 people: 35``), a noun counted before it (``9,850 members,
  of whom 7,214 ...``, ``fell from 4,120 to 2,860``, ``the standard is 35``, ``against the
  plan of 60``, ``merged into 503``, ``Of the 97 headquarters, 64 ...``, ``the remaining 3``,
  ``9 of them``, ``increased to 47``, list parts ``28 targets: 10 on the economy, ...``), a
  scale word (``11,2 million``; money after money of the same scale: ``of which 1,200
  billion``), ``a population of 56,000``.

Rejected forms (no quantity is returned):

* years and year ranges (``in 2012``, ``2021-2023``, ``the 2020-2025 term``), dates
  (``15/10/2025``, ``October 15``), ordinals (``20th``, ``1st``);
* times of day (``at 8:30``, ``15h``, ``10:42``, ``5 p.m.``), ``from September 28 to 30``;
* document numbers (``06-NQ/TU``, ``No. 11``, ``3348/QD-UBND``, ``Decision 1234``, ``storm
  No. 5``; capitalised: ``shall plan 600 ha`` is a figure);
* names holding a number (``N3 road``, ``Industrial Park 1``, ``Ring Road 4``, ``Hamlet 3``,
  ``Highway 1A``, ``COVID-19``, ``provincial road 345``, ``District 1``), road chainages
  (``Km10-Km42``);
* technical ratings (``110kV``, ``220 kV``, ``100 Mbps``) and ratings that qualify a metric
  (``3 stars``, ``five-star``), thresholds (``enterprises with 30 or more workers``), ages
  (``over 50 years old``), rate bases (``per 10,000 people``), vague amounts (``two or more
  problems``), repetitions (``three consecutive years``);
* rankings (``ranked 17th out of 63 provinces``, ``ranked 5/63``);
* spans that only frame time (``over the past 5 years``, ``the first 8 months``,
  ``after two months of operation``, ``revenue over 5 years``); a duration that measures
  something (``30 days ahead of schedule``, ``within 30 days``, ``stopped for 7 months``) is
  kept;
* number words used as adjectives or idioms (``two-tiered``, ``one of the``) and bare numbers
  with no unit.

The words are data: ``pipeline/data/numbers.json`` (grammar ``numbers``, see
:mod:`pipeline.rules`) holds the number and scale words, the currencies, percent signs, units,
comparators and the words around a number that accept or reject it; the shapes (a number's
digits, a range, a fraction, a document number) are the grammar, here. :func:`number_rules`
compiles them, with a user's pattern files; every function takes ``rules=`` (default: the
shipped rules).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

import regex as re

from . import rules as ruledata
from .errors import RuleError
from .rules import Vocab

__all__ = ["Quantity", "NumberRules", "number_rules", "parse_number", "find_quantities",
           "word_to_number", "unit_class_of", "unit_classes", "render"]

ruledata.declare("numbers", {
    "number_words": Vocab("records", fields=("word", "value")),
    "scale_words": Vocab("records", fields=("word", "value")),
    "currencies": Vocab("records", fields=("written", "code", "before?", "after?", "pattern?"),
                        regex_fields=("pattern",)),
    "percent_signs": Vocab("records", fields=("pattern", "unit"), regex_fields=("pattern",)),
    "unit_classes": Vocab("map"),
    "unit_canon": Vocab("map"),
    "hyphen_units": Vocab("map"),
    "lone_units": Vocab("words"),
    "rejected_units": Vocab("words"),
    "unit_stop_words": Vocab("words"),
    "skip_before_unit": Vocab("words"),
    "ing_nouns": Vocab("words"),
    "ed_nouns": Vocab("words"),
    "ly_words": Vocab("words"),
    "comparators_before": Vocab("map"),
    "comparators_after": Vocab("map"),
    "month_names": Vocab("words"),
    "month_abbreviations": Vocab("words"),
    "not_name_words": Vocab("words"),
    "name_words": Vocab("words"),
    "rate_base_before": Vocab("words"),
    "duration_verbs": Vocab("words"),
    "one_after": Vocab("words"),
    "qualifier_before": Vocab("words"),
    "document_words": Vocab("patterns"),
    "rank_words": Vocab("patterns"),
    "change_verbs": Vocab("patterns"),
    "time_frame_before": Vocab("patterns"),
    "time_frame_after": Vocab("patterns"),
    "duration_measure_before": Vocab("patterns"),
    "duration_measure_after": Vocab("patterns"),
    "money_rates": Vocab("patterns"),
    "percent_bases": Vocab("patterns"),
    "bare_count_before": Vocab("patterns"),
    "bare_count_after": Vocab("patterns"),
    "bare_count_after_any": Vocab("patterns"),
})

_I = re.IGNORECASE
COMPARATORS = ("ge", "gt", "approx", "le", "lt")

# --------------------------------------------------------------------------- grammar shapes
_NUM = r"\d+(?:[.,]\d+)*"
_RANGE_SEP = r"(?:\s?[-–—]\s?|\s+to\s+|\s+and\s+|\s+or\s+)"
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_SHORT_YEAR = re.compile(r"^\d{2}$")  # the end of "2021-22"
_DOC_NUMBER_AFTER = re.compile(r"(?:[-/][A-ZĐ]{1,}|/\d{1,2}/\d|[-/]\d{2,4}[-/])")  # "06-NQ/TU", "3348/QD"
_DATE_AFTER_TOTAL = re.compile(r"^/\d")  # "15/10/2025"
_TIME_BEFORE = re.compile(r"\d:$")  # "10:42"
_TIME_AFTER = re.compile(r":\d|\s?[ap]\.\s?m\.|\s?[ap]m\b", _I)  # "8:30", "5 p.m.", "7am"
_OVER_BEFORE = re.compile(r"(?:\b([\p{L}]+)\s+)?\bover\s+$", _I)
_LABEL_BEFORE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-–•+*]|\p{Ll}\))?\s*(?P<label>\p{L}[^:]{1,80}?):\s*$")
_OF_THE_NOUN_AFTER = re.compile(r"\s+of\s+(?:the|these|those|its|their)\s+(?=\p{Ll})", _I)  # "18 of the redundant ..."
_OF_THE_N_BEFORE = re.compile(  # "Of the 97 redundant headquarters, 64 ...", "Among the 23 targets, only 9 ..."
    r"(?:^|\W)(?:of|among)\s+(?:the\s+|these\s+|those\s+|its\s+|their\s+)?(?:[\d.,]+\s+)?[^,;:]{1,80},\s*"
    r"(?:only\s+|just\s+)?$", _I)
_LOOK_BACK_BEFORE = re.compile(r"\b(?:the\s+(?:remaining|other)|of\s+(?:these|them|those|which|whom))\W*(?:only\s+)?$", _I)
_AMOUNT_AFTER = re.compile(r"\s*\d")
_POPULATION_BEFORE = re.compile(r"\bpopulation\s+of\s+$", _I)
_CHANGE_TO_BEFORE = re.compile(r"\bto\s+(?:only\s+)?$", _I)  # "increased to 47", "fell to 11,356"
_CAPWORD_BEFORE = re.compile(r"(\p{Lu}[\p{L}'’]*\.?)\s+$")
_ORDINAL_OUT_OF_BEFORE = re.compile(r"\d+(?:st|nd|rd|th)\s+out\s+of\s+$", _I)
_RANGE_LEAD_BEFORE = re.compile(r"\b(from|between)\s+$", _I)
_REMAINING_BEFORE = re.compile(r"\bthe\s+(?:remaining|other)\s+$", _I)  # "5 out of the remaining 7"
_OF_AFTER = re.compile(r"\s+of\b")  # "one of the"
_LOWER_WORD_AFTER = re.compile(r"\s+\p{Ll}")
_RELATIVE_END = re.compile(r"\b(?:the|which|whom|that)$")  # "% of which" is no base
_UNIT_WORD = re.compile(r"\s*((?:km2|m2|m3|km²|m²|m³)(?![\p{L}\d])|[\p{L}][\p{L}\p{M}'’\-]*)", _I)
_PREV_WORD = re.compile(r"([\p{L}\p{N}'’.$]+)\s*$")
_SENTENCE_INITIAL_WORD = re.compile(r"(?:^|[.!?:;\n]\s*|[\"“(]\s*|(?:^|\n)\s*(?:[-–•+*]|\w\))\s*)\p{Lu}[\p{L}'’]*\s+$")
_BARE_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3})+|\d+")
_AFTER_COMMA_OR_AND = re.compile(r"(?:[,;:]|\b(?:and|but|while))\s*(?:only\s+|just\s+)?$")
_SCALE_IN = re.compile(r"\b(?:thousand|million|billion|trillion)s?\b", _I)
_NUMBER_OF = re.compile(r"\bnumber\s+of\b", _I)
_FROM_TO_BEFORE = re.compile(  # "from 2,167 down to", "from about 550 before 2020 to only about"
    r"\bfrom\s+(?:(?:about\s+|nearly\s+|over\s+|more\s+than\s+)?[\d.,]+(?:\s+(?:in|before|at)\s+[^,;]{1,25}?)?"
    r"\s+(?:(down|up)\s+)?to\s+(?:only\s+)?)?$", _I)
_COUNTED_EARLIER = re.compile(r"\d[\d.,]*\s+(?:[\p{L}\-]+\s+){0,3}[\p{L}\-]+s\b")  # "9,850 members"
_UNIT_TRAILING = {"and", "or", "of"}
_NUMBER_ADJECTIVE = re.compile(r"\s+\d+(?:[.,]\d+)?-\p{L}[\p{L}-]*(?=\s+\p{L})")  # "3-star", "5-storey"
_NOT_PLURAL = ("ss", "ous", "us", "is")  # "dangerous", "status", "analysis"


# --------------------------------------------------------------------------- compiled rules
@dataclass(frozen=True, eq=False, repr=False)
class NumberRules:
    """The number grammar compiled from the ``numbers`` vocabularies (see :func:`number_rules`).

    Lookups are lower case; ``quantity`` is the pattern of one numeric expression."""

    ones: dict[str, int]  # number words 1-19
    tens: dict[str, int]  # twenty ... ninety
    scales: dict[str, float]
    currencies: tuple[tuple[Any, str], ...]  # (pattern, code): the first that matches a token
    percent_units: tuple[tuple[Any, str], ...]  # (pattern, unit): the first that matches a sign
    unit_class: dict[str, str]
    unit_canon: dict[str, str]
    hyphen_unit: dict[str, str]
    lone_units: frozenset[str]
    rejected_units: frozenset[str]
    unit_stop: frozenset[str]
    skip_before_unit: frozenset[str]
    ing_nouns: frozenset[str]
    ed_nouns: frozenset[str]
    ly_words: frozenset[str]
    months: frozenset[str]
    not_name_words: frozenset[str]
    name_words: frozenset[str]
    rate_base_before: frozenset[str]
    duration_verbs: frozenset[str]
    one_after: frozenset[str]
    qualifier_before: frozenset[str]
    comparator_before: dict[str, str]
    comparator_after: dict[str, str]
    quantity: Any  # [currency] number [scale] [%] [range-sep [currency] number [scale]] [/total [scale]] ...
    single_tail: Any  # the scale, currency and percent sign right after one number
    number_word: str  # pattern of a number word
    one_in_words: Any  # "one in five", "one out of ten"
    out_of: Any  # "out of the remaining 7", "in five", "of its 5"
    out_of_measure: Any  # "4.6 km out of 7.3 km"
    multiword_unit: Any
    hyphen_unit_after: Any  # "-hectare", "-bed"
    document_before: Any  # "Decision 1234"
    month_after: Any  # "15 October"
    month_day_before: Any  # "September 28 to" (30)
    rank_before: Any
    change_verb_before: Any
    change_verb_near: Any  # a verb of change a few words back: "doubled in 2 years, "
    time_frame_before: Any
    time_frame_after: Any
    duration_measure_before: Any
    duration_measure_after: Any
    money_rates: tuple[Any, ...]
    percent_base_after: Any  # "% of the plan"
    comparator_before_rx: Any
    comparator_after_rx: Any
    bare_count_before: Any
    bare_count_after: Any
    bare_count_after_any: Any


def _fail(vocab: str, message: str) -> RuleError:
    return RuleError(f"numbers.{vocab}: {message}")


def _lower_words(entries: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in entries)


def _lower_map(entries: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in entries.items()}


def _number_words(entries: list[dict]) -> tuple[dict[str, int], dict[str, int]]:
    ones: dict[str, int] = {}
    tens: dict[str, int] = {}
    for e in entries:
        word, value = e["word"], e["value"]
        if not isinstance(word, str) or not word.strip() or isinstance(value, bool) or not isinstance(value, int):
            raise _fail("number_words", f"{e!r}: 'word' is a string and 'value' a whole number")
        if 1 <= value <= 19:
            ones.setdefault(word.lower(), value)
        elif value in range(20, 100, 10):
            tens.setdefault(word.lower(), value)
        else:
            raise _fail("number_words", f"{word!r}: value {value} is not 1-19 or 20, 30 ... 90")
    return ones, tens


def _number_word_pattern(ones: dict[str, int], tens: dict[str, int]) -> str:
    """'twenty', 'twenty-five', 'forty two', 'seventeen': tens with an optional unit, else a
    word of 1-19 (longest first, so 'seventeen' is not read as 'seven')."""
    units = [re.escape(w) for w, v in ones.items() if v < 10]
    return ("(?:(?:" + "|".join(re.escape(w) for w in tens) + r")(?:[- ](?:" + "|".join(units)
            + "))?|" + "|".join(re.escape(w) for w in sorted(ones, key=len, reverse=True)) + ")")


def _scales(entries: list[dict]) -> dict[str, float]:
    out: dict[str, float] = {}
    for e in entries:
        word, value = e["word"], e["value"]
        if not isinstance(word, str) or not word.strip() or isinstance(value, bool) \
                or not isinstance(value, (int, float)) or value <= 0:
            raise _fail("scale_words", f"{e!r}: 'word' is a string and 'value' a positive number")
        out.setdefault(" ".join(word.lower().split()), float(value))
    return out


def _currency_pattern(rec: dict) -> str:
    return rec["pattern"] or ruledata.phrase_pattern(rec["written"])


def _currencies(entries: list[dict]) -> tuple[list[str], list[str], tuple[tuple[Any, str], ...]]:
    """The patterns of currencies written before and after a number (in the vocabulary's
    order), and (pattern, code) to name the one a token is."""
    before, after, codes = [], [], []
    for e in entries:
        if not isinstance(e["written"], str) or not e["written"].strip():
            raise _fail("currencies", f"{e!r}: 'written' must be a non-empty string")
        if not isinstance(e["code"], str) or not e["code"].strip():
            raise _fail("currencies", f"{e['written']!r}: 'code' must be a non-empty string (USD, VND ...)")
        for side in ("before", "after"):
            if e[side] is not None and not isinstance(e[side], bool):
                raise _fail("currencies", f"{e['written']!r}: {side!r} must be true or false")
        if not (e["before"] or e["after"]):
            raise _fail("currencies", f"{e['written']!r}: set 'before' or 'after' (where it is written)")
        p = _currency_pattern(e)
        if e["before"]:
            before.append(p)
        if e["after"]:
            after.append(p)
        codes.append((re.compile(p, _I), e["code"]))
    return before, after, tuple(codes)


def _comparators(vocab: str, entries: dict[str, str]) -> dict[str, str]:
    for phrase, comp in entries.items():
        if comp not in COMPARATORS:
            raise _fail(vocab, f"{phrase!r}: comparator {comp!r} is not one of {', '.join(COMPARATORS)}")
    return _lower_map(entries)


def _quantity_pattern(num_word: str, scale: str, cur_pre: str, cur_post: str, pct: str) -> str:
    return "".join([
        r"(?<![\w.,$€-])(?<!\d/)(?<![A-Za-z]-)",
        rf"(?P<cur1>{cur_pre})?\s?",
        rf"(?P<n1>{_NUM}|\b{num_word}\b)",
        rf"(?:\s?(?P<sc1>{scale}))?",
        rf"(?P<cur1b>\s?{cur_post})?",
        rf"(?:\s?(?P<pct1>{pct}))?",
        "(?:",
        rf"(?P<rsep>{_RANGE_SEP})",
        rf"(?P<cur2>{cur_pre})?\s?",
        rf"(?P<n2>{_NUM}|\b{num_word}\b)",
        rf"(?:\s?(?P<sc2>{scale}))?",
        ")?",
        rf"(?:/(?:(?P<cur4>{cur_pre})\s?)?(?P<tot>{_NUM})(?:\s?(?P<sct>{scale}))?)?",
        rf"(?:\s?(?P<cur3>{cur_post}))?",
        rf"(?:\s?(?P<pct>{pct}))?",
        r"(?P<glued>[A-Za-z²³]+)?",
    ])


def _compile(v: dict[str, Any]) -> NumberRules:
    alt = ruledata.alternation
    ones, tens = _number_words(v["number_words"])
    num_word = _number_word_pattern(ones, tens)
    scales = _scales(v["scale_words"])
    one_scale = alt(ruledata.phrase_pattern(w) + ("s?" if len(w) > 2 else "") for w in scales) + r"\b"  # "billions"
    scale = one_scale + rf"(?:\s{one_scale})?"  # "1 million billion VND"
    before, after, codes = _currencies(v["currencies"])
    cur_pre = alt(before)
    cur_post = alt(after) + r"\b"
    pct = alt(r["pattern"] for r in v["percent_signs"])
    unit_class = _lower_map(v["unit_classes"])
    hyphen_unit = _lower_map(v["hyphen_units"])
    multi = sorted((u for u in unit_class if " " in u or "/" in u), key=len, reverse=True)
    comp_before = _comparators("comparators_before", v["comparators_before"])
    comp_after = _comparators("comparators_after", v["comparators_after"])
    return NumberRules(
        ones=ones, tens=tens, scales=scales, currencies=codes,
        percent_units=tuple((re.compile(r["pattern"], _I), r["unit"]) for r in v["percent_signs"]),
        unit_class=unit_class, unit_canon=_lower_map(v["unit_canon"]), hyphen_unit=hyphen_unit,
        lone_units=_lower_words(v["lone_units"]), rejected_units=_lower_words(v["rejected_units"]),
        unit_stop=_lower_words(v["unit_stop_words"]), skip_before_unit=_lower_words(v["skip_before_unit"]),
        ing_nouns=_lower_words(v["ing_nouns"]), ed_nouns=_lower_words(v["ed_nouns"]),
        ly_words=_lower_words(v["ly_words"]),
        months=_lower_words(v["month_names"]) | _lower_words(v["month_abbreviations"]),
        not_name_words=_lower_words(v["not_name_words"]),
        name_words=_lower_words(v["name_words"]),
        rate_base_before=_lower_words(v["rate_base_before"]),
        duration_verbs=_lower_words(v["duration_verbs"]),
        one_after=_lower_words(v["one_after"]),
        qualifier_before=_lower_words(v["qualifier_before"]),
        comparator_before=comp_before, comparator_after=comp_after,
        quantity=re.compile(_quantity_pattern(num_word, scale, cur_pre, cur_post, pct), _I),
        single_tail=re.compile(rf"(?:\s?{scale})?(?:\s?{cur_post})?(?:\s?{pct})?", _I),
        number_word=num_word,
        one_in_words=re.compile(r"\s+(?:in|out\s+of)\s+" + num_word, _I),
        out_of=re.compile(r"\s*(?:out\s+of|in|of)\s+(?:(?:the|its|their|these|those)\s+)?"
                          r"(?:\p{L}+['’]s\s+)?(?:remaining\s+|total\s+|whole\s+)?"
                          rf"(?P<tot>{_NUM}|{num_word})\b", _I),
        out_of_measure=re.compile(r"\s+out\s+of\s+(?:the\s+|a\s+total\s+of\s+)?", _I),
        multiword_unit=re.compile(r"\s*(" + alt(re.escape(u) for u in multi) + r")\b", _I),
        hyphen_unit_after=re.compile("-(" + alt(re.escape(u) for u in hyphen_unit) + r")\b", _I),
        document_before=re.compile(r"\b" + alt(v["document_words"]) + r"\s*$"),  # case matters: not "shall plan 600 ha"
        month_after=re.compile(r"^\s+" + alt(re.escape(w) for w in v["month_names"]) + r"\b", _I),
        month_day_before=re.compile(r"\b" + alt(re.escape(w) for w in v["month_names"])
                                    + r"\s+\d{1,2}\s*(?:to|and|-|–)\s*$", _I),
        rank_before=re.compile(r"\b" + alt(v["rank_words"]) + r"\s+(?:\w+\s+){0,2}$", _I),
        change_verb_before=re.compile(r"\b" + alt(v["change_verbs"]) + r"\s+(?:\w+\s+){0,3}$", _I),
        change_verb_near=re.compile(r"\b" + alt(v["change_verbs"]) + r"\b[^.;:]{0,30}$", _I),
        time_frame_before=re.compile(r"(?:\b" + alt(v["time_frame_before"]) + r"\s+){1,}$", _I),
        time_frame_after=re.compile(r"\s+" + alt(v["time_frame_after"]) + r"\b", _I),
        duration_measure_before=re.compile(r"\b" + alt(v["duration_measure_before"]) + r"\s+$", _I),
        duration_measure_after=re.compile(r"^\s*" + alt(v["duration_measure_after"]), _I),
        money_rates=tuple(re.compile(p, _I) for p in v["money_rates"]),
        percent_base_after=re.compile(r"\s+of\s+(?:the\s+)?" + alt(v["percent_bases"]) + r"\b", _I),
        comparator_before_rx=re.compile(r"(?:^|\W)(?P<p>" + alt(re.escape(p) for p in comp_before) + r")\s*$", _I),
        comparator_after_rx=re.compile(r"\s*(?P<p>" + alt(re.escape(p) for p in comp_after) + r")\b", _I),
        bare_count_before=re.compile(r"\b" + alt(v["bare_count_before"]) + r"\s*,?\s*(?:only\s+|just\s+)?$", _I),
        bare_count_after=re.compile(r"\s+" + alt(v["bare_count_after"]) + r"\b", _I),
        bare_count_after_any=re.compile(r"\s+" + alt(v["bare_count_after_any"]) + r"\b", _I),
    )


def number_rules(patterns: tuple[str, ...] = ()) -> NumberRules:
    """The number grammar: the shipped ``numbers`` vocabularies with the entries of the user's
    pattern files ``patterns`` (paths) first; compiled once per combination of files."""
    return _number_rules(tuple(str(p) for p in patterns))


@lru_cache(maxsize=16)
def _number_rules(patterns: tuple[str, ...]) -> NumberRules:
    return _compile(ruledata.load("numbers", patterns))


def __getattr__(name: str) -> Any:
    # the shipped lexicon under the names this module used to define
    aliases = {"QTY": "quantity", "SCALES": "scales", "UNIT_CANON": "unit_canon"}
    if name in aliases:
        return getattr(number_rules(), aliases[name])
    if name == "CURRENCIES":
        return {r["written"].lower(): r["code"] for r in ruledata.load("numbers")["currencies"]}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class Quantity:
    """One numeric figure found in text; offsets refer to the text searched."""

    start: int
    end: int
    text: str
    value: float
    value_high: float | None = None
    total: float | None = None
    unit: str = ""
    unit_class: str = "count"
    currency: str = ""
    comparator: str = "eq"
    number_start: int = 0  # offset of the first digit or number word
    notes: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- values
def word_to_number(word: str, *, rules: NumberRules | None = None) -> float | None:
    """'two' -> 2, 'twenty-five' -> 25; None when it is not a number word."""
    R = rules or number_rules()
    w = word.lower().replace(" ", "-")
    if w in R.ones:
        return float(R.ones[w])
    if w in R.tens:
        return float(R.tens[w])
    if "-" in w:
        a, _, b = w.partition("-")
        if a in R.tens and b in R.ones and R.ones[b] < 10:
            return float(R.tens[a] + R.ones[b])
    return None


def parse_number(s: str, *, whole: bool = False, scaled: bool = False,
                 rules: NumberRules | None = None) -> float:
    """Read one number written with English or Vietnamese separators.

    ``whole`` says the quantity must be a whole number (counted things, money without a
    scale word): then one dot followed by three digits is a thousands mark. ``scaled`` says a
    scale word follows: then it is a decimal mark ("337.283 billion").
    """
    s = s.strip()
    w = word_to_number(s, rules=rules)
    if w is not None:
        return w
    if "." in s and "," in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        return float(s.replace(thou, "").replace(dec, "."))
    for mark in (",", "."):
        if mark not in s:
            continue
        groups = s.split(mark)
        head, tail = groups[:-1], groups[-1]
        if len(groups) > 2:
            if len(tail) == 3 and all(len(g) == 3 for g in groups[1:]):
                return float("".join(groups))
            return float("".join(head) + "." + tail)  # "7,124,72" -> 7124.72
        if len(tail) != 3 or head[0] == "0":
            return float(head[0] + "." + tail)  # "3,5" -> 3.5, "7.11" -> 7.11, "0,125" -> 0.125
        if mark == ",":
            return float(head[0] + tail)  # "4,024" -> 4024
        if whole and not scaled and head[0] != "0":
            return float(head[0] + tail)  # "1.240 households" -> 1240
        return float(head[0] + "." + tail)  # "337.283 billion" -> 337.283
    return float(s)


def _scale(word: str | None, R: NumberRules) -> float:
    """The factor of one scale word or of two in a row ("million billion" -> 1e15)."""
    if not word:
        return 1.0
    w = " ".join(word.lower().split())
    if w in R.scales:
        return R.scales[w]
    factor = 1.0
    for part in w.split(" "):
        factor *= R.scales.get(part, R.scales.get(part[:-1], 1.0) if part.endswith("s") else 1.0)
    return factor


def _currency(R: NumberRules, *tokens: str | None) -> str:
    """The code of the first token that names a currency."""
    for t in tokens:
        if t:
            t = t.strip()
            for rx, code in R.currencies:
                if rx.fullmatch(t):
                    return code
    return ""


def _percent_unit(text: str, pos: int, R: NumberRules) -> str:
    """The unit of the percent sign at ``pos``: '%' or 'percentage points'."""
    for rx, unit in R.percent_units:
        if rx.match(text, pos):
            return unit
    return "%"


# --------------------------------------------------------------------------- units
def _read_unit(text: str, pos: int, R: NumberRules, limit: int = 6) -> tuple[str, int]:
    """The counted-noun phrase starting at ``pos``: (unit, end offset)."""
    adj = _NUMBER_ADJECTIVE.match(text, pos)
    if adj:
        pos = adj.end()  # "50 3-star products": the rating qualifies the noun
    m = R.multiword_unit.match(text, pos)
    if m:
        mu = m.group(1).lower()
        return R.unit_canon.get(mu, mu), m.end()
    words: list[str] = []
    end = pos
    i = pos
    while len(words) < limit:
        m = _UNIT_WORD.match(text, i)
        if not m:
            break
        w = m.group(1)
        lw = w.lower().strip("-")
        if not words and lw in R.skip_before_unit:
            i = end = m.end()
            continue
        if _ends_counted_noun(lw, words, R):
            break
        words.append(w)
        i = end = m.end()
        if lw in R.unit_class and len(words) == 1:
            break  # "3,000 hectares of land": the unit is the measure
        if len(words) >= 2 and lw.endswith("s") and not lw.endswith(_NOT_PLURAL):
            break  # a counted noun ends at its plural head: "grassroots party organizations"
    while words and words[-1].lower() in _UNIT_TRAILING:
        words.pop()
    if words and words[0].lower().endswith("ly") and words[0].lower() not in R.ly_words \
            and (len(words) < 2 or not words[-1].lower().endswith("s")):
        return "", pos  # an adverb opens a counted noun only before its plural head
    return " ".join(words), end


def _ends_counted_noun(lw: str, words: list[str], R: NumberRules) -> bool:
    """Does the word ``lw`` end the counted noun ``words`` before it? A stop word or a month
    does; so does a participle after the noun's first word ("77 households undergoing", "15
    communes meeting", "households resettled"; not after "newly") and an adverb in -ly."""
    if lw in R.unit_stop or lw in R.months:
        return True
    if words and words[-1].lower() != "newly" and (
            (lw.endswith("ing") and lw not in R.ing_nouns) or (lw.endswith("ed") and lw not in R.ed_nouns)):
        return True
    return bool(words) and lw.endswith("ly") and lw not in R.ly_words  # not "12 especially dangerous locations"


def unit_class_of(unit: str, *, rules: NumberRules | None = None) -> str:
    """The class of a unit (area, length, mass, volume, duration, other), else 'count'."""
    R = rules or number_rules()
    u = unit.lower()
    if u in R.unit_class:
        return R.unit_class[u]
    first = u.split(" ")[0] if u else ""
    if first in R.unit_class and first not in R.lone_units:
        return R.unit_class[first]
    return "count"


def unit_classes(*, rules: NumberRules | None = None) -> tuple[str, ...]:
    """Every unit class a figure can have: money, percent, count and the classes of the units
    (area, length, ...)."""
    R = rules or number_rules()
    return ("money", "percent", "count", *sorted(set(R.unit_class.values()) - {"money", "percent", "count"}))


# --------------------------------------------------------------------------- context
def _comparator_before(text: str, start: int, R: NumberRules) -> tuple[str, int]:
    """("gt", start of "more than") when a comparator stands right before ``start``."""
    before = text[max(0, start - 25):start]
    m = R.comparator_before_rx.search(before)
    if not m:
        return "eq", start
    return R.comparator_before[m.group("p").lower()], start - (len(before) - m.start("p"))


def _comparator_after(text: str, end: int, R: NumberRules) -> tuple[str, int]:
    m = R.comparator_after_rx.match(text, end, min(len(text), end + 16))
    if not m:
        return "", end
    return R.comparator_after[m.group("p").lower()], m.end()


def _strip_comparator(before: str, R: NumberRules) -> str:
    """'for more than ' -> 'for ': the frame word stands before the comparator."""
    m = R.comparator_before_rx.search(before)
    return before[: m.start("p")] if m else before


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text[max(0, start - 40):start])
    return m.group(1) if m else ""


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 60):start]
    return bool(_SENTENCE_INITIAL_WORD.search(before)) or not before.strip()


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1


# --------------------------------------------------------------------------- search
def find_quantities(text: str, start: int = 0, end: int | None = None, *,
                    rules: NumberRules | None = None) -> list[Quantity]:
    """Every figure in ``text[start:end]`` that the grammar accepts, in order."""
    R = rules or number_rules()
    end = len(text) if end is None else end
    out: list[Quantity] = []
    pos = start
    while True:
        m = R.quantity.search(text, pos, end)
        if not m:
            break
        pos = m.end() if m.end() > m.start() else m.start() + 1
        q = _build(text, m, end, R)
        if q is None:
            pos = m.end("n1")  # resume after the rejected number ("2020 to 68.2 million")
            continue
        if not q.unit and q.notes.get("scaled"):
            _inherit_money(text, q, out)  # "VND 5,850 billion, of which 1,200 billion for the expressway"
        if not q.unit and out and out[-1].unit_class == "count":
            q.unit = out[-1].unit  # "9,850 members ..., of whom 7,214 were admitted"
        out.append(q)
        pos = max(q.end, m.end("n1"))
    return out


def _inherit_money(text: str, q: Quantity, earlier: list[Quantity]) -> None:
    """An amount with a scale word and no unit is money when the amount of money before it, in
    the same clause, has the same scale word ("VND 5,850 billion, of which 1,200 billion"; not
    "USD 2,9 billion; the number of tourists reached 11,2 million")."""
    money = [p for p in earlier if p.unit_class == "money"]
    if not money or ";" in text[money[-1].end:q.start]:
        return
    scale = _SCALE_IN.search(q.text)
    if scale and scale.group(0).lower().rstrip("s") in money[-1].text.lower():
        q.unit_class, q.currency, q.unit = "money", money[-1].currency, money[-1].unit


class _NoFigure(Exception):
    """A step of :func:`_build` found that the match is no figure."""


class _FirstNumberOnly(Exception):
    """A step of :func:`_build` found that only the first number of the match is a figure
    ("rose from A to B", "10-2", "2,299 party members/47 organizations")."""


def _build(text: str, m, limit: int, R: NumberRules) -> Quantity | None:
    """The figure of one match of the quantity pattern, or None."""
    try:
        return _read_figure(text, m, R)
    except _NoFigure:
        return None
    except _FirstNumberOnly:
        return _rematch_single(text, m, limit, R)


def _read_figure(text: str, m, R: NumberRules) -> Quantity:
    """A list of decisions, read top to bottom; each step raises :class:`_NoFigure` or
    :class:`_FirstNumberOnly` when the match is not one figure as it stands."""
    g = m.groupdict()
    unit_glued, e = _glued_unit(text, m, R)
    _check_word_number(text, m, R)
    _check_reference(text, m, g, e, R)
    _check_year(g)
    _check_range(text, m, R)
    v1, v2, vt = _values(text, m, g, e, R)
    u = _unit(text, m, g, e, unit_glued, R)
    if u.unit_class == "duration":
        _check_time_frame(text, m.start(), u.end, R, one=g["n1"].lower() == "one")
    comparator, span_start = _comparator(text, m, u.comparator, R)
    _check_qualifier(text, span_start, u, R)
    total = _total(m, v1, vt, u)
    span_end = u.end
    while span_end > span_start and text[span_end - 1] in " ,;":
        span_end -= 1
    return Quantity(
        start=span_start, end=span_end, text=text[span_start:span_end], value=v1,
        value_high=v2, total=total, unit=u.unit, unit_class=u.unit_class, currency=u.currency,
        comparator=comparator, number_start=m.start("n1"), notes={"scaled": True} if g["sc1"] else {},
    )


def _check_qualifier(text: str, span_start: int, u: _Unit, R: NumberRules) -> None:
    """A count or measure compared after it ("or more") and written after "with", "of" ... is
    a threshold that qualifies ("enterprises with 30 or more workers", "boats of 15 m or
    more"): no figure. ("with over 75,000 workers" and "at least 20 new OCOP products" are.)"""
    if not u.comparator or u.unit_class in ("percent", "money"):
        return
    if _prev_word(text, span_start).lower() in R.qualifier_before:
        raise _NoFigure


def _glued_unit(text: str, m, R: NumberRules) -> tuple[str, int]:
    """Letters glued to the number: a unit we know ("500ha") -> (unit, end of the match); a
    name, ordinal or rating ("N3", "20th", "110kV") is no figure. Letters the pattern took
    from a following word after a space are given back: ("", end before them)."""
    glued, e = m.group("glued"), m.end()
    if not glued:
        return "", e
    gl = glued.lower()
    if gl in R.rejected_units:
        raise _NoFigure
    if gl in R.unit_class:
        return R.unit_canon.get(gl, gl), e
    if e - len(glued) > 0 and text[e - len(glued) - 1].isspace():
        return "", e - len(glued)
    raise _NoFigure


def _check_word_number(text: str, m, R: NumberRules) -> None:
    """A number word used as an adjective or idiom is no figure ("five-star", "two-tiered",
    "one of the"; "one" only counts in "one in five"); "5 to two" is no range."""
    n1, n2 = m.group("n1"), m.group("n2")
    rest = text[m.end("n1"):]
    if n1[0].isalpha():
        pw = _prev_word(text, m.start("n1")).lower()
        if rest[:1] == "-" and not n2:
            raise _NoFigure
        if n1.lower() == "one" and (_OF_AFTER.match(rest) or not (R.one_in_words.match(rest) or pw in R.one_after)):
            raise _NoFigure
    elif n2 and n2[0].isalpha():
        raise _FirstNumberOnly


def _check_reference(text: str, m, g: dict, e: int, R: NumberRules) -> None:
    """Numbers that name or date something are no figures: document numbers ("06-NQ/TU",
    "Decision 1234"), dates ("15/10/2025", "October 15", "15 October"), names with a number
    ("Ring Road 4", "Hamlet 3": a capitalised word before, no unit sign after) and rankings
    ("ranked 5/63", "17th out of 63")."""
    s = m.start()
    before = text[max(0, s - 60):s]
    if (_DOC_NUMBER_AFTER.match(text[m.end("n1"):m.end("n1") + 8]) and not g["pct1"] and not g["sc1"]) \
            or (g["tot"] and _DATE_AFTER_TOTAL.match(text[m.end("tot"):m.end("tot") + 3])) \
            or R.document_before.search(before):
        raise _NoFigure
    if _prev_word(text, s).lower().rstrip(".") in R.months or (R.month_after.match(text[e:e + 60]) and not g["sc1"]) \
            or R.month_day_before.search(before):
        raise _NoFigure  # "October 15", "15 October", "from September 28 to 30"
    if not any(g[k] for k in ("cur1", "sc1", "cur1b", "pct1", "cur3", "pct")) and _names_number(text, s, e, before, R):
        raise _NoFigure
    if R.rank_before.search(before) or _ORDINAL_OUT_OF_BEFORE.search(before):
        raise _NoFigure
    if _TIME_BEFORE.search(text, max(0, m.start("n1") - 3), m.start("n1")) or _TIME_AFTER.match(text, m.end("n1")):
        raise _NoFigure  # a time of day: "at 8:30", "10:42", "5 p.m."
    pw = _prev_word(text, s).lower()
    if pw in R.rate_base_before or (pw == "on" and g["n1"] == "1"):
        raise _NoFigure  # the base of a rate: "beds per 10,000 people", "income on 1 ha"


def _names_number(text: str, s: int, e: int, before: str, R: NumberRules) -> bool:
    """Is the number part of a name ("Ring Road 4", "Hamlet 3", "provincial road 345", "circuit
    3")? A name word of the lexicon before it, in any case, says so; so does another
    capitalised word, unless it ends a sentence ("... Committee. 180 delegates") or opens one
    with a counted noun after the number ("3. Organising 4 OCOP trade fairs")."""
    pw = _prev_word(text, s)
    if pw.lower() in R.name_words:
        return True
    cap = _CAPWORD_BEFORE.search(before)
    if not cap or cap.group(1).lower().rstrip(".") in R.not_name_words:
        return False
    if cap.group(1).endswith(".") and len(cap.group(1)) > 4:
        return False  # a sentence ends there
    if _sentence_initial(text, s):
        nxt = _UNIT_WORD.match(text, e)
        return not (nxt and nxt.start(1) > e and nxt.group(1).lower() not in R.unit_stop)
    return True


def _check_year(g: dict) -> None:
    """Years and year ranges are no figures ("in 2012", "2021-2023", "2021-22"); in "in 2020
    to 68.2 million" the year is no figure; "5-2025" keeps the 5 alone."""
    n1, n2 = g["n1"], g["n2"]
    if _YEAR.match(n1) and n2 and not any(g[k] for k in ("cur1", "sc1", "cur1b", "pct1")):
        raise _NoFigure
    if not any(g[k] for k in ("cur1", "sc1", "cur1b", "pct1", "cur3", "pct", "tot")) and not n1[0].isalpha():
        if _YEAR.match(n1) and (not n2 or _YEAR.match(n2) or _SHORT_YEAR.match(n2 or "")):
            raise _NoFigure
        if n2 and _YEAR.match(n2) and not _YEAR.match(n1):
            raise _FirstNumberOnly


def _check_range(text: str, m, R: NumberRules) -> None:
    """A range written with "to"/"and" needs "from"/"between" before it ("and" only
    "between"), or with "to", a unit after its second end; "rose from A to B" is two figures."""
    rsep = (m.group("rsep") or "").strip().lower()
    if not m.group("n2") or rsep not in {"to", "and", "or"}:
        return
    s = m.start()
    noun_after = _counted_noun_after(text, m.end(), R)
    if rsep == "or":
        if not (noun_after or m.group("pct") or m.group("sc2") or m.group("cur3")):
            raise _FirstNumberOnly  # "1 or 2 full-time members" is a range; "5 or 6%" too
        return
    lead = _RANGE_LEAD_BEFORE.search(text[max(0, s - 12):s])
    if rsep == "and" and not (lead and lead.group(1).lower() == "between"):
        raise _FirstNumberOnly
    if rsep == "to" and lead and R.change_verb_near.search(text[max(0, s - 60):lead.start() + max(0, s - 12)]):
        raise _FirstNumberOnly
    if rsep == "to" and not lead and not (m.group("pct") or m.group("sc2") or m.group("cur3") or noun_after):
        raise _FirstNumberOnly  # "7 to 9 people per board" is a range


def _counted_noun_after(text: str, pos: int, R: NumberRules) -> bool:
    """Does a counted noun or a unit follow right at ``pos`` ("9 people", "20 days")?"""
    um = _UNIT_WORD.match(text, pos)
    if not um or um.start(1) == pos:
        return False
    w = um.group(1).lower()
    return w not in R.unit_stop and w not in R.months and (w[0].islower() or w in R.unit_class)


_SCALED_DECIMAL = re.compile(r"\d{3}\.\d\d[1-9]")  # "337.283": SCHEMA's decimal reading with a scale word
_VI_THOUSANDS_NEAR = re.compile(r"\d\.\d{3}(?:\.\d{3})*,\d|\d{1,3}(?:\.\d{3}){2,}|\d,\d{1,2}\s+(?:billion|million|trillion)"
                                r"|\d\.\d00\s+(?:billion|million|trillion)")


def _decimal_dot(text: str, n: str, scale: str | None, start: int) -> bool:
    """SCHEMA's reading of "337.283 billion VND" (337.283e9): three digits, a dot and three
    digits not ending in "00", before a scale word, is a decimal, unless the sentence writes
    its amounts the Vietnamese way ("5.679,2 billion", "1.046.320 million", "12,5 billion",
    "41.200 million")."""
    if not scale or not _SCALED_DECIMAL.fullmatch(n):
        return False
    sent_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    sent_end = text.find(". ", start)
    sent = text[sent_start:sent_end if sent_end >= 0 else len(text)]
    return not _VI_THOUSANDS_NEAR.search(sent)


def _values(text: str, m, g: dict, e: int, R: NumberRules) -> tuple[float, float | None, float | None]:
    """The value of each end and of the total, scaled: a scale word after either end serves
    both ("VND150-160 million") and the total ("435/8,312 billion"). A range must rise ("3-5";
    "10-2" is a score or a date: the first number only). One dot and three digits is a
    Vietnamese thousands mark in any quantity but a percentage, a scale word after it or not
    ("VND 21.500 billion", "VND 1.126 billion, of which VND 684 billion")."""
    n1, n2, tot = g["n1"], g["n2"], g["tot"]
    sc1 = g["sc1"] or (g["sc2"] if n2 else None) or (g["sct"] if tot else None)
    sc2 = g["sc2"] or g["sc1"]
    sct = g["sct"] or g["sc1"]
    whole = not (g["pct"] or g["pct1"])
    try:
        v1 = parse_number(n1, whole=whole and not _decimal_dot(text, n1, sc1, m.start()), rules=R) * _scale(sc1, R)
        v2 = parse_number(n2, whole=whole, rules=R) * _scale(sc2, R) if n2 else None
        vt = parse_number(tot, whole=whole, rules=R) * _scale(sct, R) if tot else None
    except ValueError:
        raise _NoFigure from None
    if v2 is not None and v2 < v1 and not (g["sc2"] and not g["sc1"]):
        raise _FirstNumberOnly
    return v1, v2, vt


@dataclass
class _Unit:
    """What follows the number: its unit and class, where the figure ends, a total read from
    words ("16 out of 17") and a comparator after it ("or more")."""

    end: int
    unit: str = ""
    unit_class: str = "count"
    currency: str = ""
    total: float | None = None
    comparator: str = ""


def _unit(text: str, m, g: dict, e: int, unit_glued: str, R: NumberRules) -> _Unit:
    """The unit, in order: a currency, a percent sign, a unit glued to the number or after a
    hyphen ("4.2-hectare"), else the counted noun after it."""
    u = _Unit(end=e, currency=_currency(R, g["cur1"], g["cur1b"], g["cur2"], g["cur3"], g["cur4"]))
    if u.currency:
        u.unit, u.unit_class = u.currency, "money"
    elif g["pct"] or g["pct1"]:
        sign = "pct" if g["pct"] else "pct1"
        u.unit, u.unit_class = _percent_unit(text, m.start(sign), R), "percent"
    elif unit_glued:
        u.unit, u.unit_class = unit_glued, unit_class_of(unit_glued, rules=R)
    if not u.unit and not g["n2"]:
        hy = R.hyphen_unit_after.match(text[u.end:u.end + 16])
        if hy:
            u.unit = R.hyphen_unit.get(hy.group(1).lower(), hy.group(1).lower())
            u.unit_class = unit_class_of(u.unit, rules=R)
            u.end += hy.end()
    if not u.unit:
        u = _counted_noun(text, m, u, R)
        if u.unit_class != "count" and u.total is None and not g["tot"] and not g["n2"]:
            _measure_total(text, u, R)  # "4.6 km out of 7.3 km"
        return u
    if not g["tot"] and not g["n2"]:
        _measure_total(text, u, R)
    if u.unit_class == "money":
        u.end = _money_rate_end(text, u.end, R)
    elif u.unit_class == "percent":
        u.end = _percent_base_end(text, u.end, R)
    return u


def _measure_total(text: str, u: _Unit, R: NumberRules) -> None:
    """"4.6 km out of 7.3 km", "VND 642 billion out of VND 1,187 billion": the second amount,
    of the same class, is the total of the first."""
    om = R.out_of_measure.match(text, u.end)
    m2 = R.quantity.match(text, om.end()) if om else None
    q2 = _build(text, m2, len(text), R) if m2 else None
    if q2 is not None and q2.unit_class == u.unit_class and q2.value_high is None and q2.total is None:
        u.total, u.end = q2.value, q2.end


def _counted_noun(text: str, m, u: _Unit, R: NumberRules) -> _Unit:
    """The counted noun after the number, past a total in words ("5 out of the remaining 7
    targets", "one in five households") and a comparator ("19 or more criteria"). A bare
    number with no noun is a figure only where it counts the noun counted before it."""
    total, u.end = _total_in_words(text, m, u.end, R)
    u.total = total
    comp, after_comp = _comparator_after(text, u.end, R)
    unit, unit_end = _read_unit(text, after_comp if comp else u.end, R)
    if not unit and total is None and not comp:
        unit, unit_end = _unit_after_of_the(text, u.end, R)
    if comp and m.group("n1")[0].isalpha():
        raise _NoFigure  # "two or more problems" is vague
    if unit:
        u.end = unit_end
        if not comp:
            comp, u.end = _comparator_after(text, u.end, R)
        u.unit_class = unit_class_of(unit, rules=R)
        u.unit = R.unit_canon.get(unit.lower(), unit)
        if u.unit.lower() in R.rejected_units or u.unit.split(" ")[0].lower() in R.rejected_units:
            raise _NoFigure
    elif total is None:
        u.unit = "" if text[u.end:u.end + 1] == "-" else _label_unit(text, m.start(), R)  # not "Hung Yen: 9-month"
        if not (u.unit or m.group("sc1") or _bare_count_ok(text, m.start(), u.end, m.group("n1"), R)):
            raise _NoFigure  # a bare number
    u.comparator = comp
    return u


def _unit_after_of_the(text: str, pos: int, R: NumberRules) -> tuple[str, int]:
    """"18 of the redundant headquarters": the counted noun after "of the", if plural."""
    om = _OF_THE_NOUN_AFTER.match(text, pos)
    if not om:
        return "", pos
    unit, end = _read_unit(text, om.end(), R)
    if unit.endswith("s") and unit_class_of(unit, rules=R) == "count":
        return unit, end
    return "", pos


def _label_unit(text: str, s: int, R: NumberRules) -> str:
    """A number right after the label of an indicator ("- Hospital beds per 10,000 people: 35",
    "New Party members: at least 15 per year") counts what the label names: its head words."""
    before = _strip_comparator(text[max(0, s - 120):s], R)
    cut = max(before.rfind("\n"), before.rfind(";"))
    lm = _LABEL_BEFORE.search(before[cut + 1:])
    if not lm:
        return ""
    words = []
    for w in lm.group("label").split():
        if w.lower() in R.unit_stop and w.lower() != "and" or not w[:1].isalpha():
            break
        words.append(w)
    while words and words[-1].lower() in _UNIT_TRAILING:
        words.pop()
    return " ".join(words)


def _total_in_words(text: str, m, pos: int, R: NumberRules) -> tuple[float | None, int]:
    """"16 out of 17", "5 out of the remaining 7", "one in five" (not "7 in 2024"):
    (the total, the end of the words) or (None, pos)."""
    if m.group("tot"):
        return None, pos
    om = R.out_of.match(text, pos)
    if om is None:
        return None, pos
    words = om.group(0).strip().lower()
    noun_after = not _YEAR.match(om.group("tot")) and _LOWER_WORD_AFTER.match(text[om.end():om.end() + 3])
    in_ok = words.startswith("in") and (m.group("n1")[0].isalpha() or noun_after)
    of_ok = words.startswith("of") and noun_after and not _YEAR.match(m.group("n1"))  # "14 of 21 targets"
    if not (words.startswith("out") or in_ok or of_ok):
        return None, pos
    try:
        total = parse_number(om.group("tot"), whole=True, rules=R)
    except ValueError:
        return None, pos
    return total, om.end()


def _money_rate_end(text: str, pos: int, R: NumberRules) -> int:
    """The end of a rate after an amount ("61 million/person/year", "per capita")."""
    for rx in R.money_rates:
        rate = rx.match(text, pos)
        if rate:
            return rate.end()
    return pos


def _percent_base_end(text: str, pos: int, R: NumberRules) -> int:
    """The end of what a percentage is a share of ("71% of the plan"), not "% of which"."""
    pm = R.percent_base_after.match(text[pos:pos + 40])
    if pm and not _RELATIVE_END.search(pm.group(0)) and not _AMOUNT_AFTER.match(text, pos + pm.end()):
        return pos + pm.end()
    return pos  # not "41% of the VND 1.480 billion plan": the amount is a figure of its own


def _check_time_frame(text: str, s: int, end: int, R: NumberRules, one: bool = False) -> None:
    """A duration that only frames time is no figure ("over the past 5 years", "the first 8
    months", "two months of operation", "for 5 years: ..." in a label, "only one month"),
    unless it measures something ("30 days ahead of schedule", "shortened by 10 days")."""
    before = text[max(0, s - 60):s]
    if R.duration_measure_after.match(text[end:end + 30]) or R.duration_measure_before.search(before):
        return
    if one or R.time_frame_before.search(_strip_comparator(before, R)) \
            or R.time_frame_after.match(text[end:end + 20]) or not before.strip() or text[end:end + 2].strip()[:1] == ":":
        raise _NoFigure
    ob = _OVER_BEFORE.search(before)
    if ob and (ob.group(1) or "").lower() not in R.duration_verbs:
        raise _NoFigure  # "revenue in the area over 5 years was ...": over spans the time


def _comparator(text: str, m, comparator_after: str, R: NumberRules) -> tuple[str, int]:
    """The comparator (a range has "range"; else one after the figure, else one before it)
    and where the figure starts: at a comparator, "from"/"between" of a range, or "the
    remaining"/"the other" before it."""
    s, two = m.start(), bool(m.group("n2"))
    comparator = "range" if two else "eq"
    span_start = m.start("cur1") if m.group("cur1") else m.start("n1")
    cb, cstart = _comparator_before(text, s, R)
    if not two:
        if comparator_after:
            comparator = comparator_after
        elif cb != "eq":
            # "over" right before a year/duration was rejected above; here it compares
            comparator = cb
    if cb != "eq":
        span_start = cstart
    lead = _RANGE_LEAD_BEFORE.search(text[max(0, s - 12):s])
    if two and lead:
        span_start = s - (len(text[max(0, s - 12):s]) - lead.start())
    rm = _REMAINING_BEFORE.search(text[max(0, s - 20):s])
    if rm:
        span_start = s - (len(text[max(0, s - 20):s]) - rm.start())
    return comparator, span_start


def _total(m, v1: float, vt: float | None, u: _Unit) -> float | None:
    """The total of a fraction ("15/30 targets") or from words ("16 out of 17"; none below the
    value). A fraction needs a unit and, counting things, a first number in digits ("five/10
    households" is none); "2,299 party members/47 organizations" is two counts."""
    tot = m.group("tot")
    if tot and (not u.unit or (u.unit_class == "count" and m.group("n1")[0].isalpha())):
        raise _NoFigure
    if tot and vt is not None and vt < v1 and u.unit_class == "count":
        raise _FirstNumberOnly
    if tot:
        return vt
    return u.total if u.total is not None and u.total >= v1 else None


def _bare_count_ok(text: str, s: int, e: int, n1: str, R: NumberRules) -> bool:
    """A bare number is a figure where it counts the noun counted just before it:
    "9,850 members ..., of whom 7,214 were admitted", "down from 219 before the merger"."""
    if not _BARE_NUMBER.fullmatch(n1) or _YEAR.match(n1):
        return False
    before = text[max(0, s - 30):s]
    sentence = text[_sentence_start(text, s):s]
    if _change_from_to(text, s, R):
        return True  # "Poor households fell from 4,120 to 2,860"
    before = _strip_comparator(before, R)
    if _LOOK_BACK_BEFORE.search(before) or _OF_THE_N_BEFORE.search(sentence):
        # "Of these, 312 are ...", "The remaining 33 ...", "Of the new members, 9 are ...": the
        # noun may be counted in the sentence before
        sentence = text[max(0, s - 250):s]
    elif not (R.bare_count_before.search(before) or R.bare_count_after_any.match(text, e)
              or (R.bare_count_after.match(text, e) and _AFTER_COMMA_OR_AND.search(before))
              or _changed_to(_strip_comparator(text[max(0, s - 60):s], R), R)):
        return bool(_POPULATION_BEFORE.search(before))  # "a population of nearly 56,000"
    # the counted noun: a quantity with a unit earlier, or "the number of"
    return bool(_COUNTED_EARLIER.search(sentence) or _NUMBER_OF.search(sentence))


def _changed_to(before: str, R: NumberRules) -> bool:
    """"increased to 47", "has doubled in 2 years, to 74", "bringing the total to 236"."""
    tm = _CHANGE_TO_BEFORE.search(before)
    return bool(tm and R.change_verb_near.search(before[:tm.start()]))


def _change_from_to(text: str, s: int, R: NumberRules) -> bool:
    """Is the number an end of "fell from A to B" (a verb of change before "from")?"""
    before = _strip_comparator(text[max(0, s - 90):s], R)
    fm = _FROM_TO_BEFORE.search(before)
    return bool(fm and (fm.group(1) or R.change_verb_before.search(before[:fm.start()] + " ")))


def _rematch_single(text: str, m, limit: int, R: NumberRules) -> Quantity | None:
    """Re-read a match whose second half was not part of the same figure: only the first
    number, with the scale, currency or percent sign right after it."""
    n1_end = m.end("n1")
    tail = R.single_tail.match(text[n1_end:])
    stop = n1_end + (tail.end() if tail else 0)
    m2 = R.quantity.match(text[:stop], m.start())
    if not m2 or m2.group("n2"):
        return None
    return _build(text, m2, limit, R)


# --------------------------------------------------------------------------- rendering
def render(value: float, style: str = "en", decimals: int = 0) -> str:
    """Write a number as reports do: style 'en' (1,234.5), 'vi' (1.234,5) or 'plain'."""
    s = f"{value:,.{decimals}f}"
    if style == "vi":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    elif style == "plain":
        s = s.replace(",", "")
    return s
