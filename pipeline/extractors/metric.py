"""What a figure measures: its metric, a short noun phrase built from the sentence's words.

Tried in order, the first that gives a phrase wins (the shapes are those of the genre):

1. a list label before a colon: ``- Per capita income by 2030: 95 million VND``;
2. a change after another figure: ``680,000 visitors, up 31%`` -> "increase in visitors";
3. the second figure of ``from A ... to B`` takes the first one's metric;
4. a noun phrase right before ``of/at/to/by`` and the number: ``a population of 68,420``,
   ``with a total investment of``, ``reducing the poverty rate by 3%`` (not after a verb:
   ``fell to 6%`` is 5);
5. a count: its counted noun with what follows it (``households supported to build ...``,
   ``targets were not met`` -> "targets not met") and the verb that governs it
   (``admitted 118 Party members`` -> "Party members admitted");
6. a share of something named: ``100% of eligible procedures provided online``;
7. the subject of the clause, before its verb (``Budget revenue in the area reached ...``);
   when the subject is only a body or a place that acts (``the commune disbursed VND 98
   billion of capital``), the verb with what follows the number instead;
8. the unit.

A share of a plan (``94% of the approved plan``) adds "against plan"; time phrases
(``in 2024``, ``the first six months of``) and sentence openers (``According to ...,``)
are never part of a metric. The vocabularies are in ``pipeline/data/figures.json``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import regex as re

from ..numbers import Quantity
from ..rules import alternation as alt
from ..textutil import fold
from .period import score_candidate

_I = re.IGNORECASE
WORD = re.compile(r"[\w][\w'’./-]*|[^\w\s]")
_SPACES = re.compile(r"\s+")
_PARENS = re.compile(r"\([^()]*\)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NUMBERISH = re.compile(r"^[\d.,%/-]+$")
_LABEL_LINE = re.compile(r"(?:^|\n)[ \t]*(?:[-•+*–]|\d+[.)]|\(\d+\)|[a-zđ][.)])?[ \t]*([^\n:;]{2,90}?)\s*:\s*"
                         r"(?:(?:about|over|nearly|approximately|around|at\s+least|more\s+than|less\s+than|under|"
                         r"up\s+to|from|reaching|reach(?:es)?|to|only|estimated\s+at|not|no|(?:reduced|increased|raised|"
                         r"decreased|cut|kept|maintained|up|down)(?:\s+(?:by|to|at))?|by|at|of)\s+){0,3}$", _I)


@dataclass(frozen=True, eq=False, repr=False)
class MetricRules:
    """The metric vocabularies of the ``figures`` grammar, compiled."""

    verbs: Any  # verbs between a metric and its number ("reached", "is")
    links: Any  # "of", "at", "to", "by" right before a number, after a noun phrase
    np_stop: Any  # words a noun phrase does not cross going backwards ("the", "with", "and")
    post_start: Any  # words that open a counted noun's modifier ("of", "with", "meeting")
    post_stop: Any  # words that end it ("and", "while", "which")
    change: Any  # "up", "an increase of" after another figure
    decrease: Any
    plan_share: Any  # "of the (approved) plan"
    agents: Any  # heads of a subject that only acts ("commune", "province", "company")
    openers: Any  # sentence openers up to their comma ("According to ...,", "By June 30,")
    time: Any  # time phrases removed from a metric
    lead: Any  # words removed from a metric's start
    trail: Any  # words removed from its end
    participles: dict[str, str]  # irregular verbs: base or past -> participle
    aux: Any  # auxiliaries and negation kept or dropped in a predicate ("were", "not")
    label_bad: Any  # labels that are no metric ("Of which", "Targets")
    measures: Any  # nouns that measure a count ("a population of 68,420 people")
    member_nouns: frozenset[str]  # "comrades", "members": the members of the body before them
    plan_noun: Any  # "plan", "target", "estimate"
    reporting: Any  # "said (that)": a metric starts after it
    persons: Any  # a subject that is a person ("Mr. ...", "Comrade ...")
    share_link: Any  # ", reaching 89.7%" after another figure: a share of what it measures


def compile_metric(v: dict[str, Any]) -> MetricRules:
    def words(name: str) -> Any:
        return re.compile(r"^(?:" + alt(v[name]) + r")$", _I)

    return MetricRules(
        verbs=words("metric_verbs"),
        links=words("metric_links"),
        np_stop=words("metric_np_stops"),
        post_start=words("metric_post_starts"),
        post_stop=words("metric_post_stops"),
        change=re.compile(r"(?:,|\band\b|\()?\s*(?:" + alt(v["metric_increase"]) + r")\s*$", _I),
        decrease=re.compile(r"(?:,|\band\b|\()?\s*(?:" + alt(v["metric_decrease"]) + r")\s*$", _I),
        plan_share=re.compile(r"^\s*of\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,3}?(?:" + alt(v["plan_nouns"]) + r")s?\b", _I),
        agents=words("metric_agents"),
        openers=re.compile(r"^\W*(?:" + alt(v["metric_openers"]) + r")\b[^,]{0,120},\s*", _I),
        time=re.compile(r"\s*\b(?:in|for|during|over|of|by|from|since|until|to|as\s+of|at)?\s*(?:the\s+)?"
                        r"(?:" + alt(v["metric_time_phrases"]) + r")(?=\W|$)", _I),
        lead=re.compile(r"^(?:" + alt(v["lead_words"]) + r")\b\s*", _I),
        trail=re.compile(r"\s+(?:" + alt(v["metric_trailing_words"]) + r")$", _I),
        participles={k.lower(): val for k, val in v["metric_participles"].items()},
        aux=words("metric_aux"),
        label_bad=words("metric_bad_labels"),
        measures=words("metric_measure_nouns"),
        member_nouns=frozenset(w.lower() for w in v["metric_member_nouns"]),
        plan_noun=re.compile(r"^(?:" + alt(v["plan_nouns"]) + r")s?$", _I),
        reporting=re.compile(r"\b(?:" + alt(v["reporting_verbs"]) + r")\b(?:\s+that)?\s*", _I),
        persons=re.compile(r"^(?:" + alt(v["metric_person_openers"]) + r")\b", _I),
        share_link=re.compile(r"^[^;:]{0,40}?,\s*(?:" + alt(v["metric_share_links"]) + r")\s*$", _I),
    )


def _tokens(s: str) -> list[str]:
    return WORD.findall(s)


_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:)%'’])")
_SPACED_HYPHEN = re.compile(r"\s*-\s*")
_WORD_DASH_WORD = re.compile(r"\w\s-\s\w")


def _clean(words: list[str], R: MetricRules, max_words: int = 9) -> str:
    s = " ".join(words)
    s = _SPACE_BEFORE_MARK.sub(r"\1", s).replace("( ", "(")
    s = _SPACED_HYPHEN.sub("-", s) if _WORD_DASH_WORD.search(s) is None else s
    s = _PARENS.sub(" ", s)
    s = R.time.sub(" ", s)
    s = _SPACES.sub(" ", s).strip(" ,.;:-–")
    for _ in range(4):
        t = R.lead.sub("", s).strip(" ,.;:-–")
        t = R.trail.sub("", t).strip(" ,.;:-–")
        if t == s:
            break
        s = t
    out = s.split()
    if not out or all(_NUMBERISH.match(w) or _YEAR.match(w) for w in out):
        return ""
    return " ".join(out[-max_words:])


def _participle(word: str, R: MetricRules) -> str:
    w = word.lower()
    if w in R.participles:
        return R.participles[w]
    return word


def _np_before(words: list[str], R: MetricRules, max_words: int = 8) -> list[str]:
    """The noun phrase that ends ``words`` (walking back to a determiner, verb or break)."""
    out: list[str] = []
    for w in reversed(words):
        if w in ",;:()\"“”-–—" or R.np_stop.match(w) or R.verbs.match(w) or _NUMBERISH.match(w) or _YEAR.match(w):
            break
        out.append(w)
        if len(out) >= max_words:
            break
    out.reverse()
    while out and out[0].lower() == "of":
        out.pop(0)
    return out


def _post(words: list[str], R: MetricRules, max_words: int = 7) -> list[str]:
    """What follows a counted noun and modifies it: ``of the cooperative``, ``meeting new
    rural standards``, ``were not met`` (auxiliaries dropped, negation kept)."""
    if not words:
        return []
    out: list[str] = []
    i = 0
    # a passive or negated predicate: "were rated as ...", "have not handed over ..."
    while i < len(words) and R.aux.match(words[i]):
        if words[i].lower() in ("not", "no"):
            out.append("not")
        i += 1
    if i == len(words):
        return []
    first = words[i]
    if not (i > 0 or R.post_start.match(first) or first.lower().endswith(("ing", "ed"))):
        return []
    for w in words[i:]:
        if w in ",;:()\"“”" or R.post_stop.match(w) or _NUMBERISH.match(w) or _YEAR.match(w):
            break
        out.append(w)
        if len(out) >= max_words:
            break
    if out and out[-1].lower() in ("of", "the", "a", "an", "to", "in", "with", "for", "by", "at", "from", "and"):
        while out and out[-1].lower() in ("of", "the", "a", "an", "to", "in", "with", "for", "by", "at", "from", "and"):
            out.pop()
    return out if any(w != "not" for w in out) else []


def _clause_before(before: str, R: MetricRules) -> str:
    """The clause of the sentence that holds the number, up to it."""
    before = _PARENS.sub(" ", before)
    if "(" in before:
        before = before[before.rfind("(") + 1:]
    parts = re.split(r"[;:]|\s[–—]\s|,\s+(?:and|while|whereas|but|with|of\s+which|of\s+whom|including)\s+|,\s+which\s+", before)
    clause = parts[-1]
    m = None
    for m in R.reporting.finditer(clause):  # noqa: B007 - the last one is wanted
        pass
    if m:
        clause = clause[m.end():]
    for _ in range(3):
        c = R.openers.sub("", clause)
        if c == clause:
            break
        clause = c
    return clause


def _predicate(words: list[str], R: MetricRules, max_words: int = 7) -> list[str]:
    """A predicate after a share's noun: ``meet national standards``, ``were settled on time``
    (auxiliaries dropped, a negation kept as "not")."""
    out: list[str] = []
    for w in words:
        if w in ",;:()\"“”" or R.post_stop.match(w) or _NUMBERISH.match(w) or _YEAR.match(w):
            break
        if R.aux.match(w):
            if w.lower() in ("not", "no"):
                out.append("not")
            continue
        out.append(w)
        if len(out) >= max_words:
            break
    while out and out[-1].lower() in ("of", "the", "a", "an", "to", "in", "with", "for", "by", "at", "from", "and"):
        out.pop()
    return out


def _noun_run(words: list[str], R: MetricRules) -> list[str]:
    """The words that go on with a noun phrase cut by the figure's span (``[50% of OCOP]
    entities``): up to a verb, an auxiliary, a preposition or a break."""
    out = []
    for w in words:
        if w in ",;:()\"“”" or R.verbs.match(w) or R.aux.match(w) or R.np_stop.match(w) or R.post_start.match(w) \
                or _NUMBERISH.match(w) or w.lower().endswith(("ing", "ed")):
            break
        out.append(w)
    return out


def _sentence_subject(toks: list[str], R: MetricRules) -> list[str]:
    """The first noun phrase of a clause, up to a comma, "with" or a verb (articles dropped)."""
    out = []
    for i, w in enumerate(toks):
        if w in ",;:()" or w.lower() in ("with", "which", "that") or R.verbs.match(w) or R.aux.match(w) \
                or (i and re.match(r"^[a-z]+ed$", w)):
            break
        out.append(w)
    while out and out[0].lower() in ("the", "a", "an", "its", "their"):
        out.pop(0)
    if not out or len(out) > 10 or R.agents.match(out[-1]) and len(out) == 1:
        return []
    return out


@dataclass
class _Ctx:
    """A figure in its sentence, as the steps of :func:`find_metric` read it."""

    text: str
    q: Quantity
    sent_start: int
    prev: tuple[Quantity, str] | None
    R: MetricRules
    before: str
    after_toks: list[str]
    fig_text: str
    plan_share: str  # "against plan", "against estimate" when the figure is a share of a plan
    toks: list[str] = field(default_factory=list)  # the clause before the figure


def _skip_back(toks: list[str], words: tuple[str, ...]) -> int:
    k = len(toks)
    while k and toks[k - 1].lower() in words:
        k -= 1
    return k


_PLACE_PP = re.compile(r"(?<=\w)\s+(?:in|of|across|throughout)\s+(?:the\s+)?(?:whole\s+|entire\s+)?"
                       r"(?:[\w'’-]+\s+){0,4}?[\w'’-]+$")
_QUANTIFIERS = ("only", "about", "over", "nearly", "more", "than", "another", "a", "total")


def _step_label(c: _Ctx) -> str | None:
    """1. a list label: "- Per capita income by 2030: 95 million VND"."""
    line_start = c.text.rfind("\n", 0, c.q.start) + 1
    m = _LABEL_LINE.search(c.text[max(line_start, c.sent_start - 200):c.q.start])
    if m:
        label = _clean(_tokens(m.group(1)), c.R)
        if label and not c.R.label_bad.match(label) and len(label.split()) <= 9:
            return label
    return None


_INLINE_LABEL = re.compile(r"(?:[;:]|,\s*(?:of\s+which|including|in\s+which|among\s+which))\s*(?:[a-zđ][.)]|\d{1,2}[.)]|[-•+])?"
                           r"\s*([^\n:;,()]{2,60}?)\s*:\s*"
                           r"(?:(?:about|over|nearly|approximately|around|at\s+least|more\s+than|less\s+than|under|"
                           r"up\s+to|only)\s+)?$", _I)
_PAREN_OPEN = re.compile(r"\(\s*(?:about|nearly|over|approximately|around|only|or|i\.e\.|equal\s+to|"
                         r"equivalent\s+to)?\s*$", _I)


def _step_inline_label(c: _Ctx) -> str | None:
    """1b. a label inside the sentence: "Revenue: VND 45,000 billion, of which domestic revenue: VND
    33,500 billion"."""
    m = _INLINE_LABEL.search(c.text, c.sent_start, c.q.start)
    if m and m.end() == c.q.start:
        label = _clean(_tokens(m.group(1)), c.R)
        if label and not c.R.label_bad.match(label) and len(label.split()) <= 9:
            return label
    return None


def _step_paren(c: _Ctx) -> str | None:
    """3b. a figure in brackets: after another figure, a restatement of it ("180 million VND (about
    US$7,000)"); after a name, the name's ("such as the Traffic Project Board (38.2%)")."""
    m = _PAREN_OPEN.search(c.text, max(c.sent_start, c.q.start - 40), c.q.start)
    if not m or m.end() != c.q.start:
        return None
    if c.prev is not None and c.prev[1] and 0 <= m.start() - c.prev[0].end <= 3:
        return c.prev[1]
    head = c.text[c.sent_start:m.start()]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(":"), head.rfind(")"))
    words = _tokens(head[cut + 1:])
    while words and words[0].lower() in ("such", "as", "and", "or", "namely", "including", "like", "typically",
                                         "especially", "notably", "the", "a", "an", "while"):
        words = words[1:]
    if not words or len(words) > 12 or not any(w[:1].isupper() for w in words):
        return None
    return _clean(words, c.R, max_words=12) or None


def _step_previous(c: _Ctx) -> str | None:
    """2 and 3: a change after another figure, the second of "from A to B", a share of it."""
    if c.prev is None:
        return None
    pq, pmetric = c.prev
    gap = c.text[pq.end:c.q.start]
    if not pmetric or len(gap) >= 60:
        return None
    R = c.R
    if R.decrease.search(gap):
        return _clean(["decrease", "in", *pmetric.split()], R)
    if R.change.search(gap):
        return _clean(["increase", "in", *pmetric.split()], R)
    own_noun = c.q.unit_class == "count" and c.q.unit and c.q.unit != pq.unit
    if not own_noun and _FROM_TO.match(gap) or _UP_FROM.search(gap):
        return pmetric
    if R.share_link.search(gap) and (c.q.unit_class != "count" or not c.q.unit):
        return _against(pmetric, c.plan_share)
    return None


def _step_link(c: _Ctx) -> str | None:
    """4. a noun phrase before "of/at/to/by": "a population of", "growth of"."""
    toks, R = c.toks, c.R
    if not (toks and R.links.match(toks[-1]) and len(toks) >= 2 and not R.verbs.match(toks[-2])):
        return None
    np = _np_before(toks[:-1], R)
    if c.q.unit_class == "count" and c.q.unit and not (np and R.measures.match(np[-1])):
        return None
    if np and R.plan_noun.match(np[-1]) and c.prev is not None and c.prev[1]:
        return _against(c.prev[1], "")  # "equal to 91% of the target of 35 million"
    if not np or R.agents.match(np[-1]) or all(w.lower() in ("up", "down", "equal", "equivalent") for w in np):
        return None
    k = _skip_back(toks[:len(toks) - 1 - len(np)], ("a", "an", "the", "its", "their"))
    if k > 0 and toks[k - 1].lower() == "with":
        # "The X bridge, with a total investment of ...": the investment of the X bridge
        owner = _np_before(toks[:k - 1], R) or _sentence_subject(toks[:k - 1], R)
        if owner and owner != np and not R.agents.match(owner[-1]) and owner[-1].isalpha():
            return _clean(np + ["of"] + owner, R, max_words=12)
    return _clean(np, R)


_MODALS = ("to", "will", "shall", "must", "would", "should", "can", "could", "may")


def _base_verb(toks: list[str], i: int, R: MetricRules) -> bool:
    """``toks[i]`` is a verb in its base form: after "to" or a modal ("will restore 5 houses"),
    or opening an instruction ("- Recruit 3 more civil servants")."""
    w = toks[i]
    if not w.isalpha() or R.np_stop.match(w) or R.aux.match(w) or R.verbs.match(w) or len(w) < 3:
        return False
    if i and toks[i - 1].lower() in _MODALS:
        return w.islower()
    return (i == 0 or not toks[i - 1][0].isalnum()) and w[0].isupper() and w[1:].islower()


def _regular_participle(w: str) -> str:
    if w.endswith("e"):
        return w + "d"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ied"
    return w + "ed"


def _governing_verb(toks: list[str], k: int, R: MetricRules) -> list[str]:
    """The verb right before a count (``admitted 118``, ``swept away 37``), as a participle."""
    j = k
    particle = []
    if j >= 2 and toks[j - 1].lower() in _PARTICLES:
        particle = [toks[j - 1].lower()]
        j -= 1
    if not j:
        return []
    w = toks[j - 1]
    if not R.verbs.match(w) and re.match(r"^[a-z]+(?:ed|t)$", w) and not R.np_stop.match(w):
        return [_participle(w, R), *particle]
    if w.lower() in R.participles:
        return [R.participles[w.lower()], *particle]
    if _base_verb(toks, j - 1, R):
        return [_regular_participle(w.lower()), *particle]
    return []


_PARTICLES = ("away", "out", "up", "over", "down", "off")
_FUNCTION_WORDS = frozenset(("the", "a", "an", "of", "to", "in", "for", "on", "at", "by", "with", "from", "and", "or", "as",
                             "than", "that", "which", "its", "their", "this", "these", "those", "only", "about", "over",
                             "nearly", "up", "down", "some", "all", "more", "less"))


def _step_count(c: _Ctx) -> str | None:
    """5. a count: the counted noun, what follows it, the verb that governs it."""
    q, R, toks = c.q, c.R, c.toks
    if not (q.unit_class == "count" and q.unit):
        return None
    noun = q.unit.split()
    k = _skip_back(toks, _QUANTIFIERS + ("of",))
    if noun[-1].lower() in R.member_nouns and k >= 2 and toks[k - 1].lower() in ("of", "with", "comprising"):
        # "the Executive Committee of 21 comrades": the members of that committee
        body = _np_before(toks[:k - 1], R)
        if body and not R.persons.match(" ".join(body)):
            return _clean(["members", "of", *body], R, max_words=10)
    post = _post(c.after_toks, R)
    verb: list[str] = []
    if not post or post == ["not"]:
        verb = _governing_verb(toks, k, R)
    if not post and k and toks[k - 1].lower() == "for":
        # "Land for production was supported for 1,215 households": households supported with it
        passive = re.search(r"\b(?:was|were|is|are|been)\s+(\w+ed)\b", " ".join(toks[:k - 1]))
        if passive:
            subject = _sentence_subject(toks[:k - 1], R)
            return _clean(noun + [passive.group(1), "with", *subject], R, max_words=10)
    if not post and not verb and k and toks[k - 1].lower() in ("has", "have", "had", "comprises", "includes"):
        # "The commune Party Committee has 33 Party cells": the Party cells of that committee
        owner = _np_before(toks[:k - 1], R) or _sentence_subject(toks[:k - 1], R)
        if owner and len(owner) <= 8 and not R.persons.match(" ".join(owner)):
            return _clean(noun + ["of"] + owner, R, max_words=12)
    return _clean(noun + post + verb, R)


def _step_measure_of(c: _Ctx) -> str | None:
    """5b. a measure of a named thing: "640 ha of planted forests", "VND 30 billion of capital"."""
    at, R, toks = c.after_toks, c.R, c.toks
    if c.q.unit_class == "percent" or len(at) < 2 or at[0].lower() != "of" \
            or at[1].lower() in ("which", "whom", "these", "those", "the", "its", "their", "this"):
        return None
    run = _noun_run(at[1:], R)
    if not run:
        return None
    post = _post(at[1 + len(run):], R)
    verb = []
    k = _skip_back(toks, _QUANTIFIERS)
    if not post and k and toks[k - 1].isalpha() and not R.np_stop.match(toks[k - 1]) \
            and not R.aux.match(toks[k - 1]) and not R.verbs.match(toks[k - 1]):
        verb = [_participle(toks[k - 1], R)]
    return _clean(run + post + verb, R)


def _step_modifier(c: _Ctx) -> str | None:
    """5c. an amount that modifies the noun after it: "the 120,000 billion VND credit package",
    "a 15 billion VND kindergarten"."""
    if c.q.unit_class not in ("money", "area", "length") or not c.toks or c.toks[-1].lower() not in _DETERMINERS:
        return None
    run = _noun_run(c.after_toks, c.R)
    if not run or not run[0][0].isalpha() or run[0][0].isupper() and len(run) == 1:
        return None
    return _clean(run, c.R) or None


_DETERMINERS = ("the", "a", "an", "its", "their", "this", "that")


def _step_share(c: _Ctx) -> str | None:
    """6. a share of something named: "100% of eligible procedures provided online"."""
    if c.q.unit_class != "percent" or c.plan_share:
        return None
    inner = re.search(r"\bof\s+(?:the\s+|all\s+)?(.+)$", c.fig_text)
    if not inner or c.R.plan_share.match("of " + inner.group(1)):
        return None
    noun = _tokens(inner.group(1))
    run = _noun_run(c.after_toks, c.R)
    pred = _predicate(c.after_toks[len(run):], c.R)
    return _clean(noun + run + pred, c.R, max_words=10) if noun else None


def _step_clause(c: _Ctx) -> str | None:
    """7. the subject of the clause, before its verb; or, when the subject only acts, the verb
    nearest the figure with what follows the figure."""
    toks, R = c.toks, c.R
    verb_at = next((i for i, w in enumerate(toks)
                    if R.verbs.match(w) or (i and re.match(r"^[a-z]+ed$", w) and not R.np_stop.match(w))), None)
    k = _skip_back(toks, _QUANTIFIERS + ("of", "approximately", "around", "up", "to", "at", "least", "the", "all"))
    last = toks[k - 1] if k else ""
    to_verb = k >= 2 and toks[k - 2].lower() == "to" and last.isalpha() and last.lower() not in _FUNCTION_WORDS
    subject = [w for w in (toks[:verb_at] if verb_at is not None else toks) if w not in ('"', "“", "”")]
    subj = _clean(subject, R) if subject else ""
    words = subj.split()
    place = _PLACE_PP.search(subj)
    if place and not R.agents.match(subj[:place.start()].split()[-1]):
        # "Total state budget revenue in the province": what is measured is before the place
        words = subj[:place.start()].split()
    # "The total public investment plan of the province was VND 8,752 billion": a plan measured, not acting
    head = subj[:place.start()].split() if place else words
    if (verb_at is not None and _COPULA.match(toks[verb_at]) and c.q.unit_class in ("money", "percent")
            and head and head[-1].lower() in _MEASURED_HEADS and len(head) <= 10):
        return " ".join(head)
    acting = not words or R.agents.match(words[-1]) or len(words) > 10 or to_verb or bool(R.persons.match(subj))
    if subj and not acting:
        return subj
    if not subject and not toks:
        # "of which 50% were produced according to VietGAP": the predicate after the number
        return _clean(_predicate(c.after_toks, R), R) or None
    if verb_at is None and not to_verb:
        return None
    # "the commune disbursed VND 98 billion of public investment capital"
    v = [_participle(last, R)] if last.isalpha() and last.lower() not in _FUNCTION_WORDS and not R.aux.match(last) else []
    obj = _post(c.after_toks[:10], R)
    if obj and obj[0].lower() == "of":
        obj = obj[1:]
    if not obj and not to_verb and c.prev is not None and c.prev[1]:
        return _against(c.prev[1], "")  # "while the resolution aims at 45 million"
    return _clean(obj + v, R) if (obj or v) else None


_COPULA = re.compile(r"^(?:is|are|was|were|stood|stands|totall?ed|amounted)$", _I)
_MEASURED_HEADS = ("plan", "programme", "program", "project", "resolution")
_FROM_TO = re.compile(r"^\s*(?:(?:in|by|at\s+the\s+end\s+of)\s+(?:19|20)\d\d\s*,?\s*)?(?:to|and|or|[-–])\s*$", _I)
_UP_FROM = re.compile(r"(?:,|\bup|\bdown|\brising|\bfalling|\bincreasing|\bdecreasing)\s+from\s*$", _I)
_AFTER_PREV = re.compile(r"^[^,;:]{0,40}?(?:,|;|:|\band\b|\bwhile\b|\bwhereas\b)\s*")


_SHARE_IN_FIGURE = re.compile(r"\bof\s+(?:the|its)\b.*$", _I)


def _plan_share(fig_text: str, after: str, R: MetricRules) -> str:
    """ "against plan" (or estimate, target) when the figure is a share of a plan: "72% of the
    plan", "104.6% of the estimate assigned by ..."; "" otherwise."""
    m = _SHARE_IN_FIGURE.search(fig_text)
    tail = (m.group(0) + after) if m else after
    pm = R.plan_share.match(tail)
    if not pm:
        return ""
    noun = _tokens(pm.group(0))[-1].lower().rstrip("s")
    return "against " + noun


def _against(metric: str, share: str) -> str:
    metric = re.sub(r"\s+against\s+\w+$", "", metric)
    return metric + " " + share if share else metric


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# a dateline or source in front of the first sentence: "Yen Lac, January 10, 2025 - ", "BINH DINH - ",
# "(Baoangiang.com.vn) - ": no part of any metric
_DATELINE_PREFIX = re.compile(
    r"(?:[^\W\d][\w.'’ ]{1,40}?,\s*)?(?:\d{1,2}/\d{1,2}/\d{4}|" + _MONTH + r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+" + _MONTH
    + r",?\s+\d{4})\s*[-–—]\s+|\(?(?:[^\W\d_][\w.'’]*\s?){1,4}\)?\s+[-–—]\s+(?=[A-Z])")


def find_metric(text: str, q: Quantity, sent_start: int, sent_end: int, prev: tuple[Quantity, str] | None,
                R: MetricRules) -> str:
    dl = _DATELINE_PREFIX.match(text, sent_start, q.start)
    if dl:
        sent_start = dl.end()
    after = text[q.end:sent_end]
    fig_text = text[q.start:q.end]
    c = _Ctx(text, q, sent_start, prev, R, text[sent_start:q.start], _tokens(after)[:14], fig_text,
             _plan_share(fig_text, after, R))
    for step in (_step_label, _step_inline_label, _step_previous, _step_paren):
        found = step(c)
        if found:
            return found
    before = c.before
    if prev is not None and prev[0].end > sent_start:
        # the clause starts after the figure before it ("41.8 million VND and the poverty rate fell to")
        rest = before[prev[0].end - sent_start:]
        m = _AFTER_PREV.match(rest)
        if m:
            before = rest[m.end():]
    c.toks = _tokens(_clause_before(before, R))
    for step in (_step_link, _step_count, _step_measure_of, _step_modifier, _step_share):
        found = step(c)
        if found:
            return found
    metric = _step_clause(c) or ""
    if metric and c.plan_share:
        metric = _against(metric, c.plan_share)
    if not metric and q.unit_class in ("money", "percent") and prev is not None and prev[1] \
            and prev[1] != prev[0].unit and prev[0].end > sent_start:
        return prev[1]  # "... VND 48 billion, while its expenditure needs are about VND 112 billion"
    if not metric and q.unit_class in ("money", "percent"):
        subj = _sentence_subject(_tokens(_clause_before(text[sent_start:q.start], R)), R)
        metric = _clean(subj, R) if subj and not R.agents.match(subj[-1]) else ""
    return metric or q.unit or ""


# --------------------------------------------------------------------------- learned extension
# The rules' metric is short (readers' metrics name more: "households supported with housing",
# not "households"). A linear model over the words of the figure's sentence (the metric words
# model, models/metric_words.json, built by pipeline.learn.metric_words) adds the words it
# scores as part of what the figure measures and drops rule words it scores low. The features
# are here so that training and run time read a figure alike.
_SENT_TOKEN = re.compile(r"\w+|[^\w\s]")
_PLAIN_GAP = re.compile(r"[\s\w'’-]*")
# the scorer's stop words of metric phrases: never chosen, never features
METRIC_STOP = frozenset(("of", "the", "s", "and", "a", "an", "in", "on", "for", "to", "by", "with", "at", "from",
                         "per", "its", "their", "this", "that", "which", "is", "are", "was", "were", "be", "total",
                         "number"))


_WORD = re.compile(r"\w+")
NEAR = 8  # a word the model may add is at most this many words from the figure


def metric_word_candidates(text: str, q: Quantity, sent_start: int, sent_end: int, kind: str,
                           rule_metric: str, addable_only: bool = False) -> list[tuple[str, int, int, dict[str, float]]]:
    """The content words of the figure's sentence with their features: (word folded, start, end,
    features). Features: side and distance (in words and in punctuation marks) from the figure,
    the word and its ending, whether the rules' metric holds it, the figure's unit class and
    kind. ``addable_only``: only the words :func:`extend_metric` weighs — those of the rules'
    metric, and the near lower-case words with no punctuation mark between them and the figure."""
    rule = {fold(w) for w in _WORD.findall(rule_metric)}
    out: list[tuple[str, int, int, dict[str, float]]] = []
    for side, lo, hi in (("b", sent_start, q.start), ("a", q.end, sent_end)):
        toks = list(_SENT_TOKEN.finditer(text, lo, hi))
        order = range(len(toks) - 1, -1, -1) if side == "b" else range(len(toks))
        punct = 0
        for rank, j in enumerate(order):
            m = toks[j]
            w = m.group(0)
            if not w[:1].isalnum():
                punct += w in ",;:()"
                continue
            lw = w.lower() if w.isascii() else fold(w)  # a token has no spaces: fold is lower() for ASCII
            if lw in METRIC_STOP:
                continue
            if addable_only and lw not in rule and (rank > NEAR or punct or w[:1].isupper()):
                continue
            f = {f"side={side}": 1.0, f"d={side}{min(rank, 12)}": 1.0, f"p={side}{min(punct, 3)}": 1.0,
                 f"w={lw}": 1.0, f"rule={lw in rule}": 1.0, f"cap={w[:1].isupper()}": 1.0, f"suf={lw[-3:]}": 1.0,
                 f"num={w[:1].isdigit()}": 1.0, f"unit={q.unit_class}": 1.0, f"kind={kind}": 1.0,
                 f"rule_side={side}{lw in rule}": 1.0}
            out.append((lw, m.start(), m.end(), f))
    return out


def _sigmoid_score(feats: dict[str, float], weights: dict[str, float]) -> float:
    z = score_candidate(feats, weights)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def extend_metric(text: str, q: Quantity, sent_start: int, sent_end: int, kind: str, rule_metric: str,
                  model: dict) -> str:
    """The rules' metric with the words the metric words model adds (in the sentence's order,
    with the short words between two of them) and without the rule words it drops."""
    weights, add, drop = model["weights"], model["add"], model["drop"]
    # only near, lower-case words of the figure's own clause are added (readable metrics)
    score = {}
    for lw, s, e, f in metric_word_candidates(text, q, sent_start, sent_end, kind, rule_metric, addable_only=True):
        p = _sigmoid_score(f, weights)
        if lw not in score or p > score[lw][0]:
            score[lw] = (p, s, e)
    unit_words = {fold(w) for w in _WORD.findall(q.unit or "")} if q.unit_class == "count" else set()
    # the counted noun ("targets" of "4 targets") is what the figure counts: never dropped
    kept = [w for w in rule_metric.split()
            if score.get(fold(w), (1.0,))[0] >= drop or w.lower() in METRIC_STOP or fold(w) in unit_words]
    while kept and kept[-1].lower() in METRIC_STOP:
        kept.pop()
    have = {fold(x) for w in kept for x in _WORD.findall(w)}
    spans = sorted((s, e) for lw, (p, s, e) in score.items() if p >= add and lw not in have)
    if not spans:
        return " ".join(kept) or rule_metric
    # the chosen words as runs of the text: two chosen words join over at most two short words
    runs: list[list[int]] = []
    for s, e in spans:
        gap = text[runs[-1][1]:s] if runs else ""
        if runs and len(gap) <= 30 and _PLAIN_GAP.fullmatch(gap) and not (runs[-1][1] <= q.start <= s):
            runs[-1][1] = e
        else:
            runs.append([s, e])
    added = " ".join(_SPACES.sub(" ", text[a:b]) for a, b in runs)
    return (" ".join(kept) + " " + added).strip() if kept else added
