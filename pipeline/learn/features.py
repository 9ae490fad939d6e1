"""Features for the learned extractors: plain dicts, one per figure or obstacle candidate.

Figure kind: the rule's decision, the unit and comparator, the words just before and after
the number (nearest ones marked), cue families in the clause and sentence, tense, plan
context, and the grammar around the figure (the verb that governs it and its form, the
nearest cue's kind and distance, a plan verb earlier in the sentence, the heading above,
the place in a list line). Obstacle candidates: why the rules produced them, their words and word pairs, cue
words, length. Obstacle category: words and word pairs plus the rule's category.
"""
from __future__ import annotations

from functools import lru_cache

import regex as re

from ..extractors import figures as F
from ..extractors import obstacles as O
from ..numbers import Quantity
from ..textutil import last_line_match

_TOKEN = re.compile(r"[\p{L}][\p{L}'\-]*|\d+(?:[.,]\d+)*|%")
_BY_YEAR = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?20\d\d\b", re.IGNORECASE)
_SECTION_CUES = (
    ("sec_target", re.compile(r"\b(?:targets?|indicators?|objectives?|goals?|resolved|main tasks|"
                              r"strive|by 20[2-3]\d|2025-2030|2026-2030|plan for 20\d\d)\b")),
    ("sec_result", re.compile(r"\b(?:results?|achieved|achievements?|performance|estimated|so far|"
                              r"up to now|reviewing|review of|in 202[0-4])\b")),
    ("sec_problem", re.compile(r"\b(?:difficult|limitations|shortcomings|however)\b")),
)
_PLAN_TITLE = re.compile(r"\bresolution\b|\bplan\b|\btargets?\b|\bcongress\b")
_PAST = re.compile(r"\b(?:was|were|had|has\s+been|have\s+been|reached|achieved|\w+ed)\b", re.IGNORECASE)
_PAST_YEAR = re.compile(r"\b20(?:1\d|2[0-4])\b")
_FUTURE_YEAR = re.compile(r"\b20(?:2[6-9]|3\d)\b")
_OF = re.compile(r"\bof\b")
_STOP = {"the", "a", "an", "of", "and", "in", "to", "for", "on", "at", "by", "with", "is", "are"}


def _toks(s: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(s)]


def _num_shape(t: str) -> str:
    return "<num>" if t[:1].isdigit() else t


def figure_features(text: str, q: Quantity, rule_kind: str, ss: int, se: int, strong: bool = True, *,
                    rules: F.FigureRules | None = None) -> dict:
    """Features of the figure ``q`` in the sentence ``text[ss:se]``; the cue families are the
    figure grammar's (``rules``, default the shipped ones)."""
    R = rules or F.rules_for()
    before = text[ss:q.start]
    after = text[q.end:se]
    cut = max(before.rfind(";"), before.rfind("("))
    clause = before[cut + 1:] if cut >= 0 else before
    f: dict[str, float] = {f"rule={rule_kind}": 1.0, f"unit_class={q.unit_class}": 1.0,
                           f"comparator={q.comparator}": 1.0,
                           f"rule_{'strong' if strong else 'weak'}={rule_kind}": 1.0}
    if q.total is not None:
        f["has_total"] = 1.0
    if q.value_high is not None:
        f["is_range"] = 1.0
    b = [_num_shape(t) for t in _toks(before)][-10:]
    for i, t in enumerate(reversed(b)):
        f[f"b:{t}"] = 1.0
        if i < 3:
            f[f"b{i}:{t}"] = 1.0
    if len(b) >= 2:
        f[f"bb:{b[-2]}_{b[-1]}"] = 1.0
    a = [_num_shape(t) for t in _toks(after)][:6]
    for i, t in enumerate(a):
        f[f"a:{t}"] = 1.0
        if i < 2:
            f[f"a{i}:{t}"] = 1.0
    for t in _toks(q.unit)[:3]:
        f[f"u:{t}"] = 1.0
    for name, rx, part in (("gov", R.governing_cues, clause), ("sent_gov", R.sentence_governing_cues, before),
                           ("t_near", R.target_cues, clause), ("r_near", R.result_cues, clause),
                           ("s_near", R.statistic_cues, clause[-40:]),
                           ("future", R.future_cues, clause + " " + after[:80]),
                           ("neg_after", R.negation_after, after), ("done_after", R.done_after, after[:80])):
        if (rx.match(part) if name == "neg_after" else rx.search(part)):
            f[f"cue:{name}"] = 1.0
    passage_a, passage_b, passage_c = _passage_features(text, ss, se, R)
    f.update(passage_a)
    if any(a <= q.start < b for a, b in F.target_sections(text, rules=R)):
        f["target_section"] = 1.0
    f.update(passage_b)
    if _PAST.search(clause):
        f["past_in_clause"] = 1.0
    f.update(passage_c)
    if "%" in q.text or "per cent" in q.text or "percent" in q.text:
        f["pct_of"] = 1.0 if _OF.search(q.text) else 0.0
    f.update(_grammar_features(text, q, before, clause, after, R))
    return f


_FILLERS = re.compile(r"(?:\b(?:only|about|over|nearly|almost|approximately|around|more\s+than|less\s+than|up\s+to|"
                      r"at\s+least|a\s+total\s+of|another|an?\s+additional|some|the|a|an|all|its|their|of|by|to|at|"
                      r"for|from|estimated|roughly|just)\b|[\s,])*$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_PROBLEM = re.compile(r"\b(?:only|still|lack\w*|not|no|behind|remain\w*|yet|short\w*|slow\w*|difficult\w*|stuck|"
                      r"limitations?|however|but)\b", re.IGNORECASE)
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|remains?|remained)\b", re.IGNORECASE)
_HEADING_KINDS = (
    ("task", re.compile(r"\b(?:tasks?|solutions?|targets?|objectives?|goals?|orientations?|directions?|plan|"
                        r"indicators?|breakthroughs?)\b", re.IGNORECASE)),
    ("result", re.compile(r"\b(?:results?|achievements?|situation|assessment|review|performance)\b", re.IGNORECASE)),
    ("problem", re.compile(r"\b(?:limitations?|difficult\w*|shortcomings?|weakness\w*|problems?|causes?|"
                           r"obstacles?)\b", re.IGNORECASE)),
)


def _verb_shape(word: str) -> str:
    """The form of a verb-like word: past (-ed), gerund (-ing), or the word itself."""
    if word.endswith("ed") and len(word) > 4:
        return "ed"
    if word.endswith("ing") and len(word) > 5:
        return "ing"
    return "other"


_CLAUSE_END = re.compile(r"[;(]")
_LABEL_BEFORE = re.compile(r":\s*(?:[^\s\d]+\s+){0,2}$")


def _grammar_features(text: str, q: Quantity, before: str, clause: str, after: str, R: F.FigureRules) -> dict:
    """What carries across writers: the verb that governs the figure (before it, or after its
    noun) and its form, where the nearest cue stands and of which kind, whether a plan verb
    earlier in the sentence governs a clause with no finite verb, the heading above, the
    figure's place in a list line, and the words of a standing problem."""
    f: dict[str, float] = {}
    after_clause = _CLAUSE_END.split(after, maxsplit=1)[0]
    tail = F.noun_tail(q, after_clause)
    for name, rx in (("plan", R.plan_after_noun), ("damage", R.damage_after_noun), ("done", R.done_after_noun),
                     ("neg", R.negation_after)):
        if rx.match(tail):
            f[f"vafter={name}"] = 1.0
            break
    head = before[:_FILLERS.search(before).start()]
    prev_words = _toks(head)[-1:]
    if prev_words:
        w = prev_words[0]
        f[f"vbefore={_verb_shape(w)}"] = 1.0
        if w in {"is", "are", "was", "were", "has", "have", "had", "be", "been"}:
            f[f"vbefore_aux={w}"] = 1.0
    cues = [(m.end(), k) for k, rx in (("target", R.target_cues), ("result", R.result_cues),
                                       ("statistic", R.statistic_cues)) for m in rx.finditer(clause)]
    if cues:
        end, kind = max(cues)
        dist = len(clause[end:].split())
        f[f"cue={kind}@{'0-1' if dist <= 1 else '2-4' if dist <= 4 else '5+'}"] = 1.0
    if R.governing_cues.search(before) and not R.governing_cues.search(clause):
        f["gov_earlier" + ("_finite" if _FINITE.search(clause) else "")] = 1.0
    heading = F.last_heading(text, q.start)
    for name, rx in _HEADING_KINDS:
        if rx.search(heading):
            f[f"heading={name}"] = 1.0
    line_start = text.rfind("\n", 0, q.start) + 1
    line_before = text[line_start:q.start]
    if R.list_line.match(text[line_start:line_start + 6]):
        f["list_pos=" + ("later" if _DIGIT.search(line_before[3:]) else "first")] = 1.0
    if len(line_before) < 80 and _LABEL_BEFORE.search(line_before):
        f["label_value"] = 1.0  # "- GRDP per capita: 105 million VND"
    if F.task_item(text, text.rfind("\n", 0, q.start) + 1, clause, R):
        f["task_item"] = 1.0
    if F.WORTH_BEFORE.search(clause):
        f["cost_before"] = 1.0  # "a health station worth 12 billion VND"
    elif F.SIZE_BEFORE.search(clause):
        f["size_before"] = 1.0
    if F.DEFINITE_BEFORE.search(clause):
        f["definite"] = 1.0
    if _PROBLEM.search(clause[-60:]) or _PROBLEM.search(after_clause[:60]):
        f["problem_words"] = 1.0
    return f


_HOWEVER = re.compile(r"\bHowever\b")
_REPORTED_SPEECH = re.compile(r"\b(?:said|says|noted|admitted|pointed\s+out|explained)\b")
_PROBLEM_LIST_LEAD = re.compile(r"\b(?:difficult(?:y|ies)|obstacles?|limitations?|shortcomings?|bottlenecks?)\b"
                                r"[^.]{0,40}(?:such\s+as|:|include)", re.IGNORECASE)


def _words_of(s: str) -> list[str]:
    """The distinct content words of ``s``, sorted (a fixed feature order)."""
    return sorted(t for t in set(_toks(s)) - _STOP if t.isalpha() and len(t) > 2)


@lru_cache(maxsize=64)
def _passage_features(text: str, ss: int, se: int, rules: F.FigureRules | None = None) -> tuple[dict, dict, dict]:
    """Features of the sentence ``text[ss:se]`` and the passage around it, the same for
    every figure of the sentence (computed once per sentence)."""
    R = rules or F.rules_for()
    a: dict[str, float] = {}
    b: dict[str, float] = {}
    c: dict[str, float] = {}
    if F.plan_context(text, ss, rules=R):
        a["plan_context"] = 1.0
    line_start = text.rfind("\n", 0, ss) + 1
    if R.list_line.match(text[line_start:line_start + 6]):
        b["list_item"] = 1.0
    sent = text[ss:se]
    if _BY_YEAR.search(sent):
        b["by_year"] = 1.0
    # the passage: a heading or lead-in above that announces targets / results
    prev = text[max(0, line_start - 700):line_start].lower()
    for name, rx in _SECTION_CUES:
        if rx.search(prev):
            b[name] = 1.0
    if _PLAN_TITLE.search(text[:300].lower()):
        b["doc_plan_title"] = 1.0
    for t in _words_of(sent):
        b[f"s:{t}"] = 0.3
    # (no bag of words of the paragraph or of the sentence before: they learned our writers'
    # passages; the heading above and the plan context carry the passage across writers)
    if _PAST_YEAR.search(sent):
        c["past_year"] = 1.0
    if _FUTURE_YEAR.search(sent):
        c["future_year"] = 1.0
    return a, b, c


def _obstacle_cues() -> tuple:
    """The obstacle grammar's STRONG and GENERIC cue patterns, from its rule data."""
    R = O.rules_for()
    return R.strong, R.generic


def obstacle_features(text: str, cand: O.Obstacle) -> dict:
    toks = [t for t in _toks(cand.text)]
    f: dict[str, float] = {f"src={cand.source}": 1.0, f"rule_cat={cand.category}": 1.0}
    for t in toks:
        if t not in _STOP:
            f[f"w:{_num_shape(t)}"] = 1.0
    for x, y in zip(toks, toks[1:]):
        f[f"bg:{_num_shape(x)}_{_num_shape(y)}"] = 1.0
    strong, generic = _obstacle_cues()
    for m in strong.finditer(cand.text):
        f[f"cue:{m.group(0).lower().split()[0]}"] = 1.0
    if generic.search(cand.text):
        f["generic_noun"] = 1.0
    n = len(toks)
    f[f"len:{min(n // 5, 8)}"] = 1.0
    line_start = text.rfind("\n", 0, cand.start) + 1
    lead = text[line_start:cand.start]
    if _HOWEVER.search(lead[-80:]):
        f["after_however"] = 1.0
    if _REPORTED_SPEECH.search(lead[-120:]):
        f["reported_speech"] = 1.0
    if _PROBLEM_LIST_LEAD.search(lead[-200:]):
        f["in_problem_list"] = 1.0
    # what carries across writers: the section the clause stands in, what the sentence does
    # around it, where its cue stands, its polarity words
    heading = _last_heading(text, cand.start)
    for name, pat in _SECTION_KINDS:
        if pat.search(heading):
            f[f"sec:{name}"] = 1.0
    sent_start = max(text.rfind(". ", 0, cand.start) + 2, line_start)
    before = text[sent_start:cand.start]
    for name, pat in _SENTENCE_KINDS:
        if pat.search(before) or pat.search(cand.text):
            f[f"sent:{name}"] = 1.0
    m = strong.search(cand.text)
    if m:
        f[f"cue_at:{min(len(cand.text[:m.start()].split()) // 3, 3)}"] = 1.0
    for w in _POLARITY.findall(cand.text.lower()):
        f[f"pol:{w}"] = 1.0
    if re.match(r"^\W*\d", cand.text):
        f["starts_with_number"] = 1.0
    return f


# sections and sentence types (feature definitions of the obstacle model, not rules)
_SECTION_KINDS = (
    ("problems", re.compile(r"\b(?:difficult|obstacle|limitation|shortcoming|weakness|bottleneck|problem|cause|challenge)", re.I)),
    ("results", re.compile(r"\b(?:result|achievement|outcome|assessment|situation)", re.I)),
    ("plans", re.compile(r"\b(?:target|objective|task|solution|orientation|direction|implementation|goal|plan)", re.I)),
)
_SENTENCE_KINDS = (
    ("achieve", re.compile(r"\b(?:achieved|completed|exceeded|succeeded|recognised|recognized|awarded|thanks\s+to)\b", re.I)),
    ("plan", re.compile(r"\b(?:strive|aim|will|plan|target|must|should|need\s+to)\b", re.I)),
    ("request", re.compile(r"\b(?:proposed|requested|asked|recommended|suggested|urged|directed)\b", re.I)),
    ("cause", re.compile(r"\b(?:due\s+to|because|as\s+a\s+result|so\s+that|leading\s+to|causing)\b", re.I)),
    ("contrast", re.compile(r"\b(?:however|but|while|although|yet|despite)\b", re.I)),
    ("meta", re.compile(r"\b(?:discussed|analysed|analyzed|clarified|pointed\s+out\s+the|reviewed|assessed)\b", re.I)),
)
_POLARITY = re.compile(r"\b(?:not|no|only|still|yet|lack\w*|short\w*|slow\w*|low\w*|high|difficult\w*|weak|risk\w*|behind)\b")
_HEADING_LINE = re.compile(r"^[ \t]*(?:[IVX]+\.|\d+\.|[a-z]\)|[A-Z][A-Z ,'-]{6,}$)[^\n]{0,80}$", re.M)


def _last_heading(text: str, pos: int) -> str:
    """The last heading-like line before ``pos`` (a numbered or capital line)."""
    m = last_line_match(_HEADING_LINE, text, pos)
    return m.group(0) if m else ""


def category_features(text: str, rule_category: str) -> dict:
    toks = _toks(text)
    f: dict[str, float] = {f"rule_cat={rule_category}": 1.0}
    for t in toks:
        if t not in _STOP:
            f[f"w:{_num_shape(t)}"] = 1.0
    for x, y in zip(toks, toks[1:]):
        f[f"bg:{x}_{y}"] = 1.0
    return f
