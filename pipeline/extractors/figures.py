"""Figures: the quantities of the number grammar, with kind, metric and period.

Kind cues (the nearest cue before the number in its clause decides; a cue that governs the
whole sentence, such as "Under the resolution", "plans to", "strive", wins over verbs):

* target: strive, aim, plan(s) to, target(s)/goal(s) of, set the target, expected to, will,
  would, must, to reach, by <year>, proposed/requested ... allocate, "the plan of";
* result: reached, achieved, exceeded, estimated at, disbursed, collected, rose/fell/up/down,
  "% of the plan/estimate", built, completed, on schedule, income of;
* statistic: counts and sizes (has, consists of, with, worth, cost) and anything else
  that is a count; percentages and money default to result.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from ..numbers import Quantity, find_quantities

_TARGET_NEAR = re.compile(
    r"\b(?:strive|striving|strives|aim|aims|aiming|target|targets|targeted|goal|goals|"
    r"planned|expected|expects|will|would|shall|must|to\s+reach|to\s+achieve|to\s+have|to\s+raise|"
    r"to\s+increase|to\s+reduce|to\s+cut|to\s+bring|to\s+build|to\s+complete|to\s+attract|"
    r"to\s+collect|to\s+disburse|allocate|allocating|set\s+at|estimate\s+of|plan\s+of|"
    r"target\s+of|indicator|indicators|by\s+20\d\d|average\s+target)\b", re.IGNORECASE)
_RESULT_NEAR = re.compile(
    r"\b(?:reached|reaching|reaches|achieved|achieving|achieves|exceeded|exceeding|exceeds|"
    r"surpassed|estimated\s+at|is\s+estimated|was\s+estimated|disbursed|disbursing|collected|"
    r"collecting|mobilized|mobilised|mobilizing|attracted|attracting|created|creating|built|"
    r"completed|completing|finished|handed\s+over|cleared|recorded|recording|posted|totaled|"
    r"totalled|totaling|totalling|amounted\s+to|rose|rising|risen|increased|increasing|grew|"
    r"grown|growing|fell|fallen|falling|decreased|decreasing|declined|dropped|reduced|"
    r"up|down|equal\s+to|equivalent\s+to|accounting\s+for|accounted\s+for|admitted|"
    r"recognized|recognised|granted|received|earned|gained|generated|hit|resettled|"
    r"supported|trained|provided|repaired|upgraded|renovated|paved|planted|produced|"
    r"exported|welcomed|served|handled|resolved|settled|processed|returned|agreed|"
    r"disciplined|recovered|inspected|introduced|handed|spent|contributed|saved|paid|connected|"
    r"maintained|established|sold|transferred|launched|opened|started|commenced|inaugurated|"
    r"certified|rated|issued|awarded|licensed|registered|signed|invested|assisted|helped|lent|"
    r"installed|deployed|digiti[sz]ed|harvested|cultivated|lifted|escaped|relocated|compensated|"
    r"acquired|expelled|warned|reprimanded|dismissed|topped|bringing\s+the\s+total\s+to|"
    r"raised|donated|visited|employed|imported|merged|"
    r"income\s+of|output\s+of|revenue\s+of|growth\s+(?:rate\s+)?of|rate\s+of|(?:increase|decrease|rise|reduction|drop)\s+of|"
    r"stood\s+at|standing\s+at|to\s+date|so\s+far|on\s+schedule)\b", re.IGNORECASE)
_STAT_NEAR = re.compile(
    r"\b(?:has|have|had|consists?\s+of|consisting\s+of|comprises?|comprising|includes?|"
    r"including|with|worth|costing|cost|costs|capital\s+of|investment\s+of|total\s+"
    r"investment|valued\s+at|affecting|covering|covers|among|of\s+whom|of\s+which|"
    r"there\s+(?:are|were|is)|currently|each|every|per|monitor|set)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|yet\s+to|no\s+longer|still)\b", re.IGNORECASE)
_PLAN_AFTER = re.compile(r"\s*(?:of\s+the\s+(?:\w+\s+)?(?:plan|estimate|target)|"
                         r"compared\s+(?:to|with)\s+the\s+(?:plan|estimate|target))", re.IGNORECASE)
_PERIOD = re.compile(
    r"(?:\b(?:in|for|during|over)\s+the\s+(?P<term>(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)\s+(?:term|period|tenure)\b"
    r"|\b(?P<term2>(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\s+(?:term|period))"
    r"|\b(?:period\s+(?:of\s+)?)?(?P<range>(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)\b"
    r"|\b(?P<by>by\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d)\b"
    r"|\b(?P<first>(?:the\s+)?first\s+(?:\d+|six|nine|three|two|four|five|seven|eight|ten|eleven)\s+months(?:\s+of\s+(?:19|20)\d\d)?)"
    r"|\b(?:in|for|of)\s+(?P<year>(?:19|20)\d\d)\b)",
    re.IGNORECASE)
_SUBJECT_STOP = re.compile(
    r"\b(?:reached|reaching|is|was|were|are|has|have|had|achieved|estimated|rose|fell|grew|"
    r"increased|decreased|stood|totaled|totalled|amounted|exceeded|of|to|at|by|with|from)\b",
    re.IGNORECASE)


@dataclass
class Figure:
    q: Quantity
    kind: str
    metric: str
    period: str
    strong: bool = True  # an explicit cue decided the kind (else the nearest verb or a default)


_GOVERN_CLAUSE = re.compile(
    r"\b(?:strive|strives|striving|strove|aims?\s+to|aimed\s+to|aiming\s+to|plans?\s+to|planned\s+to|"
    r"planning\s+to|set\s+(?:a|the|its)\s+(?:\w+\s+)?(?:target|goal)s?|sets?\s+out\s+to|"
    r"(?:is|are|was|were)\s+expected\s+to|expects?\s+to|intends?\s+to|will|would|shall|must|"
    r"needs?\s+to|proposed|proposes|requested|requests|asked|recommended|petitioned|"
    r"determined\s+to|commits?\s+to|committed\s+to|targets?\s+(?:to|at)|targeted|"
    r"under\s+the\s+(?:\w+\s+){0,3}resolution|the\s+resolution\s+(?:set|sets|aims?|targets?)|"
    r"(?:main|key|specific|major)\s+(?:targets?|indicators?|goals?))\b", re.IGNORECASE)
_SENT_GOVERN = re.compile(r"^\W*(?:under\s+the\s+(?:\w+\s+){0,3}resolution|according\s+to\s+the\s+"
                          r"(?:\w+\s+){0,3}(?:resolution|plan)|the\s+(?:\w+\s+){0,3}resolution\s+"
                          r"(?:set|sets|targets?|aims?))\b|(?:targets?|indicators?|goals?)\s*:\s*$",
                          re.IGNORECASE)
_NEG_AFTER = re.compile(r"\s*(?:[\w,]+\s+){0,3}?(?:have|has|had|did|do|does|are|is|were|was)\s+not\b|"
                        r"\s*(?:[\w,]+\s+){0,3}?(?:not\s+yet|yet\s+to)\b", re.IGNORECASE)
_DONE_AFTER = re.compile(r"\b(?:achieved|exceeded|completed|met|reached|fulfilled|on\s+schedule|"
                         r"roadmap|on\s+track|accomplished)\b", re.IGNORECASE)


_FUTURE = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?(?:20[3-9]\d|2026|2027|2028|2029)\b|"
                     r"\b(?:in|for)\s+the\s+20(?:2[5-9]|3\d)\s*[-–]\s*20[3-9]\d\s+(?:period|term)\b|"
                     r"\bfor\s+(?:the\s+)?(?:2026|2027|2028|2029|20[3-9]\d)\b", re.IGNORECASE)
_PRESENT_PLAN = re.compile(r"\b(?:reaches|increases|achieves|meets|is\s+kept|are\s+kept|is\s+maintained|"
                           r"are\s+completed|is\s+completed|decreases|reduces|strives|aims)\b", re.IGNORECASE)
_PLAN_CUE = re.compile(r"\b(?:targets?|indicators?|goals?|objectives?|resolved|resolution|strive[sd]?|"
                       r"by\s+20[3-9]\d|20(?:2[5-9])\s*[-–]\s*20[3-9]\d|plan\s+for\s+20\d\d|estimates?)\b",
                       re.IGNORECASE)


def _plan_context(text: str, sent_start: int) -> bool:
    """The sentence stands in a passage that lists plan indicators: a plan cue in the same
    paragraph before it or in the two paragraphs before."""
    para_start = text.rfind("\n", 0, sent_start) + 1
    prev = text[max(0, para_start - 600):sent_start]
    lines = prev.split("\n")[-3:]
    return any(_PLAN_CUE.search(ln) for ln in lines)


_SECTION_OPEN = re.compile(
    r"(?:^|\b)(?:(?:main|key|specific|major|general|socio-economic|economic|social|socio-cultural|cultural|"
    r"environmental|party\s+building|defence|defense)\s+)?(?:targets?|indicators?|objectives?|goals?)\b"
    r"[^.\n]{0,60}?(?::|$)|\b(?:the\s+congress|the\s+council|the\s+resolution)\s+(?:resolved|agreed|set\s+out)"
    r"[^.\n]{0,80}:|\b(?:[a-d]\)|\d+\.)\s+[A-Z][\w\s-]{0,40}targets\b", re.IGNORECASE | re.MULTILINE)
_SECTION_CLOSE = re.compile(
    r"^\s*(?:[IVX]+\.|\d+\.|[a-d]\))?\s*(?:key\s+tasks|tasks\s+and\s+solutions|solutions|results?\b|achievements|"
    r"limitations|difficulties|shortcomings|implementation|organi[sz]ation\s+of\s+implementation)",
    re.IGNORECASE)


_LIST_LINE = re.compile(r"\s*(?:[-•+*–]|\d+[.)]|\(\d+\)|[a-z][.)])\s")


@lru_cache(maxsize=8)
def target_sections(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of a text that list a plan's or resolution's indicators: from a line that opens
    them ("Main targets:", "b) Socio-cultural targets", "The Congress resolved: ...") to the
    line that opens another part (tasks and solutions, results, limitations) or a blank gap."""
    spans = []
    pos = 0
    lines = text.split("\n")
    offs = []
    for ln in lines:
        offs.append(pos)
        pos += len(ln) + 1
    i = 0
    while i < len(lines):
        m = _SECTION_OPEN.search(lines[i])
        heading = m is not None and len(lines[i].split()) <= 8 and re.match(
            r"\s*(?:[a-d]\)|\d+\.|[IVX]+\.)?\s*(?:[\w-]+\s+){0,3}(?:targets?|indicators?|objectives?|goals?)\b",
            lines[i], re.IGNORECASE)
        if m and (m.group(0).rstrip().endswith(":") or heading):
            start = offs[i] + m.start()
            j = i + 1
            while (j < len(lines) and lines[j].strip() and not _SECTION_CLOSE.match(lines[j])
                   and (_LIST_LINE.match(lines[j]) or len(lines[j]) < 220 or _SECTION_OPEN.search(lines[j]))):
                j += 1
            close = _SECTION_CLOSE.search(lines[i][m.end():])
            end = offs[i] + m.end() + close.start() if close else (offs[j] if j < len(lines) else len(text))
            spans.append((start, end))
            i = max(j, i + 1)
        else:
            i += 1
    return tuple(spans)


_CLASSIFY_KIND_STRENGTH_RX1 = re.compile(r"\b(?:plan|target|estimate|goal|objective|indicator)s?\s+(?:of|is|was|at|from|:)?\s*$", re.IGNORECASE)
_CLASSIFY_KIND_STRENGTH_RX2 = re.compile(r"\s*(?:[\w-]+\s+){0,4}?(?:meeting|meet|met|meets)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:standards?|criteria)", re.IGNORECASE)
_CLASSIFY_KIND_STRENGTH_RX3 = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?20[2-9]\d\b")
_CLASSIFY_KIND_STRENGTH_RX4 = re.compile(r"\s*(?:[\w-]+\s+){0,4}(?:have\s+been|has\s+been|were|was)\s+(?:\w+\s+)?\w+ed\b", re.IGNORECASE)
_CLASSIFY_KIND_STRENGTH_RX5 = re.compile(r"[;(]")
_CLASSIFY_KIND_STRENGTH_RX6 = re.compile(r"\s*of\s+the\s+(?:\w+\s+){0,2}(?:plan|estimate|target)", re.IGNORECASE)
_CLASSIFY_KIND_STRENGTH_RX7 = re.compile(r"\btargets?\b|\bcriteria\b|\bindicators?\b|\btasks\b", re.IGNORECASE)
_CLASSIFY_KIND_STRENGTH_RX8 = re.compile(r"\b(?:income|revenue|exports?|output|GRDP|budget|turnover)\b", re.IGNORECASE)
_CLASSIFY_KIND_STRENGTH_RX9 = re.compile(r"\b(?:in|of)\s+20(?:1\d|2[0-4])\b|\bestimated\b|\bachieved\b|\bwas\b|\bwere\b")
_CLASSIFY_KIND_STRENGTH_RX10 = re.compile(r"\bremaining\b")
_CLASSIFY_KIND_STRENGTH_RX11 = re.compile(r"\b(?:reached|achieved|exceeded|was|were|had|has\s+been|have\s+been|estimated)\b", re.IGNORECASE)


def classify_kind_strength(text: str, q: Quantity, sent_start: int, sent_end: int,
                  sections=None) -> tuple[str, bool]:
    """Rule decision of target / result / statistic for one quantity in its sentence, and
    whether an explicit cue decided it (True) or only the nearest verb or a default (False)."""
    before = text[sent_start:q.start]
    after = text[q.end:sent_end]
    cut = max(before.rfind(";"), before.rfind("("))
    clause = before[cut + 1:] if cut >= 0 else before
    after_clause = _CLASSIFY_KIND_STRENGTH_RX5.split(after, maxsplit=1)[0]
    # "the plan of 3,940 billion", "(average target from 7 to 7.5%)"
    if _CLASSIFY_KIND_STRENGTH_RX1.search(before[-40:]):
        return "target", True
    if _PLAN_AFTER.match(after) or _CLASSIFY_KIND_STRENGTH_RX6.match(after):
        return "result", True
    if _NEG_AFTER.match(after_clause):
        return "statistic", True
    if _SENT_GOVERN.search(before) or _GOVERN_CLAUSE.search(clause):
        return "target", True
    if sections and any(a <= q.start < b for a, b in sections) and not _CLASSIFY_KIND_STRENGTH_RX9.search(text[sent_start:q.start]):
        return "target", True  # an indicator listed under "Main targets:"
    if q.unit and _CLASSIFY_KIND_STRENGTH_RX7.search(q.unit):
        # counts of targets: achieved ones are results, the ones set are statistics
        if _RESULT_NEAR.search(clause[-60:]) or _DONE_AFTER.search(after_clause) or _CLASSIFY_KIND_STRENGTH_RX10.search(q.text):
            return "result", True
        return "statistic", True
    if _CLASSIFY_KIND_STRENGTH_RX2.match(after_clause):
        return "result", True  # "15 communes meeting advanced new rural standards"
    if _FUTURE.search(clause) or _FUTURE.search(after_clause[:80]):
        if not _CLASSIFY_KIND_STRENGTH_RX11.search(clause):
            return "target", True
    if _PRESENT_PLAN.search(clause) and _plan_context(text, sent_start):
        return "target", True
    cues = [(m.end(), "target") for m in _TARGET_NEAR.finditer(clause)]
    cues += [(m.end(), "result") for m in _RESULT_NEAR.finditer(clause)]
    cues += [(m.end(), "statistic") for m in _STAT_NEAR.finditer(clause)]
    if cues:
        return max(cues)[1], False
    if _GOVERN_CLAUSE.search(before):  # "The city plans to ...; 40 per cent of the capital ..."
        return "target", False
    if _CLASSIFY_KIND_STRENGTH_RX3.search(after_clause[:60]):
        return "target", False
    if _CLASSIFY_KIND_STRENGTH_RX4.match(after_clause):
        return "result", False
    if q.unit_class in {"percent", "area"}:
        return "result", False
    if q.unit_class == "money" and _CLASSIFY_KIND_STRENGTH_RX8.search(before[-80:]):
        return "result", False
    return "statistic", False




def classify_kind(text: str, q: Quantity, sent_start: int, sent_end: int, sections=None) -> str:
    """Rule decision of target / result / statistic for one quantity in its sentence."""
    return classify_kind_strength(text, q, sent_start, sent_end, sections)[0]

_FIND_PERIOD_RX1 = re.compile(r"^the\s+", re.I)
_FIND_PERIOD_RX2 = re.compile(r"\s*[-–]\s*")
_FIND_PERIOD_RX3 = re.compile(r"\b(?:term|tenure)\b", re.I)


def find_period(text: str, q: Quantity, sent_start: int, sent_end: int) -> str:
    """The time the figure refers to: the nearest period phrase in its sentence."""
    sent = text[sent_start:sent_end]
    rel = q.start - sent_start
    best, dist = "", 10 ** 9
    for m in _PERIOD.finditer(sent):
        if m.start() <= rel < m.end():
            continue
        val = next(v for v in m.groups() if v)
        if m.group("term") or m.group("term2"):
            years = _FIND_PERIOD_RX2.sub("-", (m.group("term") or m.group("term2")).split()[0])
            val = years + " term" if _FIND_PERIOD_RX3.search(m.group(0)) else years
        elif m.group("range"):
            val = _FIND_PERIOD_RX2.sub("-", m.group("range"))
        d = rel - m.end() if m.end() <= rel else (m.start() - (q.end - sent_start)) * 1.5
        if d < dist:
            best, dist = val, d
    return _FIND_PERIOD_RX1.sub("", best.strip())


_METRIC_VERB = re.compile(
    r"\b(?:is|was|were|are|be|been|being|reached|reaches|reaching|estimated|achieved|achieves|rose|rises|"
    r"increased|increases|grew|grows|fell|falls|decreased|decreases|declined|dropped|stood|stands|"
    r"totaled|totalled|totals|amounted|exceeded|exceeds|has|have|had|hit|hits|recorded|posted|"
    r"maintained|kept|remained|remains|got|gets|equal|equals|accounted|accounts|reduced|raised|"
    r"strives|strive|aims|aim|plans|targets|will|would|to)\b", re.IGNORECASE)
_TIME_PP = re.compile(r"\s*\b(?:in|for|during|over|of|by)\s+(?:the\s+)?(?:period\s+(?:of\s+)?)?"
                      r"(?:(?:first|last|past)\s+\w+\s+months?(?:\s+of\s+\d{4})?|\d{4}(?:\s*[-–]\s*\d{4})?"
                      r"(?:\s+(?:term|period))?|(?:this|last|next)\s+year)\b", re.IGNORECASE)
_LEAD = re.compile(r"^(?:\W|\d+[.)]|[a-z][.)]|the|a|an|in|of|and|with|while|as|at|by|on|for|its|their|"
                   r"accordingly|in\s+particular|particularly|specifically|notably|of\s+which|including|"
                   r"meanwhile|besides|also)\s*\b", re.IGNORECASE)


_FIND_METRIC_RX1 = re.compile(r"\([^)]*\)")
_FIND_METRIC_RX2 = re.compile(r"^(?:According\s+to|As\s+reported\s+by)\b[^,]*,\s*|^.*?\b(?:said|says|noted|reported|added)\s+(?:that\s+)?")
_FIND_METRIC_RX3 = re.compile(r"^.*?\b(?:In\s+particular|Currently|Notably|Accordingly|Meanwhile|Besides|Specifically|"
                  r"In\s+addition|Of\s+which|Of\s+these|As\s+a\s+result|However|Overall|In\s+total|"
                  r"During\s+the\s+\w+|In\s+\w+(?:\s+\w+)?)\s*,\s*")
_FIND_METRIC_RX4 = re.compile(r"\s+(?:of|for|in|at|to|by|with|from|on)$")
_FIND_METRIC_RX5 = re.compile(r"[;:]|,\s+(?:and|while|with|of\s+which|whereas)\s+|\s+and\s+(?=the\s)")
_FIND_METRIC_RX6 = re.compile(r"\s+(?:is|was)\s+estimated\s+at\s+[^,]*$")
_FIND_METRIC_RX7 = re.compile(r"\s+")
_FIND_METRIC_RX8 = re.compile(r"\b(?:target|plan|estimate)\b", re.I)


def find_metric(text: str, q: Quantity, sent_start: int) -> str:
    """A short phrase naming what the figure measures: the subject noun phrase of the clause
    that introduces the number (time phrases, parentheses and verbs removed), else the
    counted noun."""
    before = text[sent_start:q.start]
    if q.unit_class == "count" and q.unit:
        return q.unit
    # a figure in parentheses right after another compares with it: "(average target from 7 to 7.5%)"
    clause = _FIND_METRIC_RX5.split(before)[-1]
    if "(" in clause and ")" not in clause[clause.rfind("("):]:
        inner = clause[clause.rfind("(") + 1:]
        clause = clause[:clause.rfind("(")] if not _FIND_METRIC_RX8.search(inner) else clause[:clause.rfind("(")]
        clause = _FIND_METRIC_RX6.sub("", clause)
    clause = _FIND_METRIC_RX1.sub(" ", clause)
    verb = None
    for verb in _METRIC_VERB.finditer(clause):
        pass
    cand = clause[:verb.start()] if verb else clause
    # the subject is before the first verb of the clause when the last one is "at"/"to"
    first = _METRIC_VERB.search(cand)
    if first and first.start() > 3:
        cand = cand[:first.start()]
    cand = _TIME_PP.sub(" ", cand)
    cand = _FIND_METRIC_RX7.sub(" ", cand).strip(" ,.")
    cand = _FIND_METRIC_RX2.sub("", cand)
    cand = _FIND_METRIC_RX3.sub("", cand)
    cand = _FIND_METRIC_RX4.sub("", cand)
    for _ in range(4):
        cand = _LEAD.sub("", cand).strip(" ,.")
    words = cand.split()
    if words:
        return " ".join(words[-8:])
    return q.unit


def find_figures(text: str, sentences: list[tuple[int, int]]) -> list[Figure]:
    out = []
    sections = tuple(target_sections(text))
    for ss, se in sentences:
        qs = find_quantities(text, ss, se)
        _settle_dot_thousands(qs)
        for q in qs:
            kind, strong = classify_kind_strength(text, q, ss, se, sections)
            out.append(Figure(q, kind, find_metric(text, q, ss), find_period(text, q, ss, se), strong))
    return out


_SCALE_WORD = re.compile(r"\b(?:million|billion|trillion|bn)\b", re.IGNORECASE)
_AMBIGUOUS_DOT = re.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])")


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
