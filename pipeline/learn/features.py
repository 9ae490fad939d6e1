"""Features for the learned extractors: plain dicts, one per figure or obstacle candidate.

Figure kind: the rule's decision, the unit and comparator, the words just before and after
the number (nearest ones marked), cue families in the clause and sentence, tense, plan
context. Obstacle candidates: why the rules produced them, their words and word pairs, cue
words, length. Obstacle category: words and word pairs plus the rule's category.
"""
from __future__ import annotations

import regex as re

from ..extractors import figures as F
from ..extractors import obstacles as O
from ..numbers import Quantity

_TOKEN = re.compile(r"[\p{L}][\p{L}'\-]*|\d+(?:[.,]\d+)*|%")
_STOP = {"the", "a", "an", "of", "and", "in", "to", "for", "on", "at", "by", "with", "is", "are"}


def _toks(s: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(s)]


def _num_shape(t: str) -> str:
    return "<num>" if t[:1].isdigit() else t


def figure_features(text: str, q: Quantity, rule_kind: str, ss: int, se: int, strong: bool = True) -> dict:
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
    for name, rx, part in (("gov", F._GOVERN_CLAUSE, clause), ("sent_gov", F._SENT_GOVERN, before),
                           ("t_near", F._TARGET_NEAR, clause), ("r_near", F._RESULT_NEAR, clause),
                           ("s_near", F._STAT_NEAR, clause[-40:]), ("future", F._FUTURE, clause + " " + after[:80]),
                           ("neg_after", F._NEG_AFTER, after), ("done_after", F._DONE_AFTER, after[:80])):
        if (rx.match(part) if name == "neg_after" else rx.search(part)):
            f[f"cue:{name}"] = 1.0
    if F._plan_context(text, ss):
        f["plan_context"] = 1.0
    if any(a <= q.start < b for a, b in F.target_sections(text)):
        f["target_section"] = 1.0
    line_start = text.rfind("\n", 0, ss) + 1
    if re.match(r"\s*(?:[-•+*–]|\d+[.)]|\(\d+\)|[a-z][.)])\s", text[line_start:line_start + 6]):
        f["list_item"] = 1.0
    sent = text[ss:se]
    if re.search(r"\bby\s+(?:the\s+end\s+of\s+)?20\d\d\b", sent, re.IGNORECASE):
        f["by_year"] = 1.0
    # the passage: a heading or lead-in above that announces targets / results
    prev = text[max(0, line_start - 700):line_start].lower()
    for name, rx in (("sec_target", r"\b(?:targets?|indicators?|objectives?|goals?|resolved|main tasks|"
                                    r"strive|by 20[2-3]\d|2025-2030|2026-2030|plan for 20\d\d)\b"),
                     ("sec_result", r"\b(?:results?|achieved|achievements?|performance|estimated|so far|"
                                    r"up to now|reviewing|review of|in 202[0-4])\b"),
                     ("sec_problem", r"\b(?:difficult|limitations|shortcomings|however)\b")):
        if re.search(rx, prev):
            f[name] = 1.0
    head = text[:300].lower()
    if re.search(r"\bresolution\b|\bplan\b|\btargets?\b|\bcongress\b", head):
        f["doc_plan_title"] = 1.0
    for t in set(_toks(sent)) - _STOP:
        if t.isalpha() and len(t) > 2:
            f[f"s:{t}"] = 0.3
    # the passage: the words that open the paragraph and those of the sentence before
    first = text[line_start:min(ss, line_start + 200)] if line_start < ss else ""
    for t in set(_toks(first)) - _STOP:
        if t.isalpha() and len(t) > 2:
            f[f"p:{t}"] = 0.3
    for t in set(_toks(text[max(0, ss - 250):ss])) - _STOP:
        if t.isalpha() and len(t) > 2:
            f[f"ps:{t}"] = 0.2
    if re.search(r"\b(?:was|were|had|has\s+been|have\s+been|reached|achieved|\w+ed)\b", clause, re.IGNORECASE):
        f["past_in_clause"] = 1.0
    if re.search(r"\b20(?:1\d|2[0-4])\b", text[ss:se]):
        f["past_year"] = 1.0
    if re.search(r"\b20(?:2[6-9]|3\d)\b", text[ss:se]):
        f["future_year"] = 1.0
    if "%" in q.text or "per cent" in q.text or "percent" in q.text:
        f["pct_of"] = 1.0 if re.search(r"\bof\b", q.text) else 0.0
    return f


def obstacle_features(text: str, cand: O.Obstacle) -> dict:
    toks = [t for t in _toks(cand.text)]
    f: dict[str, float] = {f"src={cand.source}": 1.0, f"rule_cat={cand.category}": 1.0}
    for t in toks:
        if t not in _STOP:
            f[f"w:{_num_shape(t)}"] = 1.0
    for x, y in zip(toks, toks[1:]):
        f[f"bg:{_num_shape(x)}_{_num_shape(y)}"] = 1.0
    for m in O.STRONG.finditer(cand.text):
        f[f"cue:{m.group(0).lower().split()[0]}"] = 1.0
    if O.GENERIC.search(cand.text):
        f["generic_noun"] = 1.0
    n = len(toks)
    f[f"len:{min(n // 5, 8)}"] = 1.0
    line_start = text.rfind("\n", 0, cand.start) + 1
    lead = text[line_start:cand.start]
    if re.search(r"\bHowever\b", lead[-80:]):
        f["after_however"] = 1.0
    if re.search(r"\b(?:said|says|noted|admitted|pointed\s+out|explained)\b", lead[-120:]):
        f["reported_speech"] = 1.0
    if re.search(r"\b(?:difficult(?:y|ies)|obstacles?|limitations?|shortcomings?|bottlenecks?)\b[^.]{0,40}(?:such\s+as|:|include)",
                 lead[-200:], re.IGNORECASE):
        f["in_problem_list"] = 1.0
    return f


def category_features(text: str, rule_category: str) -> dict:
    toks = _toks(text)
    f: dict[str, float] = {f"rule_cat={rule_category}": 1.0}
    for t in toks:
        if t not in _STOP:
            f[f"w:{_num_shape(t)}"] = 1.0
    for x, y in zip(toks, toks[1:]):
        f[f"bg:{x}_{y}"] = 1.0
    return f
