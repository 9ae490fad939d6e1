"""The audit: claims checked against the figures reported, one row per check.

Checks (``CHECKS``), each giving ``consistent``, ``contradicts`` or ``unverifiable``:

* ``result_vs_target`` a result against the target for the same metric, organization and
  period in the same document ("7.11%" against "from 7 to 7.5%": within); a result claimed as
  met or exceeded that falls short of its target contradicts;
* ``part_whole`` a part never exceeds its whole ("15/30", "77 of more than 700 households");
  "15/30 targets ..., the remaining 15" adds up; a stated percentage agrees with its amounts
  ("29.74% of the plan of 7,124.72 billion" against "2,119.069 billion");
* ``words_vs_numbers`` "all 30 targets achieved" against the counts the document gives;
* ``cross_document`` the same metric of the same organization and period reported with
  different values in different documents;
* ``reference`` figures against a reference table the user supplies (columns
  ``organization, metric, period, value, unit``; optional ``tolerance``), within a tolerance.

Matching of metrics and organizations is fuzzy (token-set similarity of folded words);
``confidence`` in each row says how sure the match is.
"""
from __future__ import annotations

import csv
import math
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import regex as re
from rapidfuzz import fuzz

from .errors import AuditReferenceError
from .tables import csv_safe
from .textutil import fold
from .tracker import body_key, head_noun, increment, is_amount, is_baseline, lower_body, metric_key, period_end, similar
from .tracker import build as build_targets
from .tracker import num as _num
from .vocab import levels

CHECKS = ["result_vs_target", "part_whole", "words_vs_numbers", "cross_document", "reference"]
AUDIT_COLUMNS = ["check", "verdict", "confidence", "explanation", "figure_ids", "doc_ids", "texts",
                 "values", "sentences", "offsets"]
REFERENCE_COLUMNS = ["organization", "metric", "period", "value", "unit"]
_STOP = {"the", "of", "a", "an", "and", "in", "on", "for", "to", "by", "with", "at", "its", "their",
         "is", "are", "was", "were", "total", "average", "annual", "rate"}
_CLAIM_MET = re.compile(
    r"\b(?:exceed(?:ed|ing|s)?|surpass(?:ed|ing)?|achiev(?:ed|ing)|met|meeting|fulfill?(?:ed|ing)|"
    r"complet(?:ed|ing)|reach(?:ed|ing)|attain(?:ed|ing)|over-?fulfill?(?:ed|ing)|beat|beating)\s+"
    r"(?:and\s+\w+\s+)?(?:the|its|their|this|all)?\s*(?:[\w-]+\s+){0,3}?(?:target|plan|goal|estimate|quota|"
    r"objective|indicator)s?\b|\bahead\s+of\s+(?:the\s+)?(?:target|plan|schedule)", re.IGNORECASE)
_DECREASE = re.compile(r"\b(?:reduc\w*|decreas\w*|cut|lower\w*|below|under|poverty|unemployment|"
                       r"fall|fell|down|loss\w*|arrears|debt)\b", re.IGNORECASE)


@dataclass
class Finding:
    check: str
    verdict: str
    confidence: float
    explanation: str
    figures: list[dict] = field(default_factory=list)

    def row(self) -> dict:
        f = self.figures
        return {
            "check": self.check, "verdict": self.verdict, "confidence": round(self.confidence, 3),
            "explanation": self.explanation,
            "figure_ids": ";".join(str(x.get("id", "")) for x in f),
            "doc_ids": ";".join(str(x.get("doc_id", "")) for x in f),
            "texts": " || ".join(str(x.get("text", "")) for x in f),
            "values": ";".join(_fmt(x.get("value")) for x in f),
            "sentences": " || ".join(str(x.get("sentence", "")) for x in f),
            "offsets": ";".join(f"{x.get('start')}-{x.get('end')}" for x in f),
        }


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:g}"


def _words(s) -> str:
    return " ".join(w for w in re.findall(r"[a-z0-9]+", fold(str(s or ""))) if w not in _STOP)


def similarity(a, b) -> float:
    """Token-set similarity of two phrases after folding, 0..1."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return fuzz.token_set_ratio(wa, wb) / 100.0


# words that do not tell one organization from another: every level word (levels.json) and
# the words every body of its kind shares
_GENERIC_ORG = frozenset(levels()["level_words"]) | {
    "party", "committee", "people", "peoples", "council", "department", "standing", "board", "cell", "vietnam", "s"}


def org_similarity(a, b) -> float:
    """Similarity of two organizations by their distinctive words (place names, the body's
    own words): "Vien An commune Party Committee" and "Tan Duc commune Party Committee" differ."""
    wa = {w for w in _words(a).split() if w not in _GENERIC_ORG}
    wb = {w for w in _words(b).split() if w not in _GENERIC_ORG}
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def _years(period) -> tuple[int, int] | None:
    ys = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", str(period or ""))]
    return (min(ys), max(ys)) if ys else None


def periods_compatible(a, b) -> bool:
    ya, yb = _years(a), _years(b)
    if ya is None or yb is None:
        return True
    return ya[0] <= yb[1] and yb[0] <= ya[1]




def _para_key(f: dict) -> tuple:
    return (f.get("doc_id"), f.get("sentence"))


# --------------------------------------------------------------------------- checks
_AGAINST = re.compile(r"\b(?:target|plan|estimate|goal|quota|objective)s?\b", re.IGNORECASE)


def check_result_vs_target(figs: list[dict], titles: dict[str, str] | None = None) -> list[Finding]:
    """Each result against the target it reports on: the target its own sentence sets it
    against ("reached 6.2%, exceeding the target of 7%"), else the tracker's link (same body,
    indicator, period; :mod:`pipeline.tracker`). Never the nearest amount of another sentence;
    a claim ("exceeding the target") counts only against the target of its own sentence; the
    start of a change ("from 41.6%") is no result."""
    out = []
    paired = set()
    by_sent = defaultdict(list)
    for f in figs:
        by_sent[(f.get("doc_key") or f.get("doc_id"), f.get("sentence"))].append(f)
    for group in by_sent.values():
        targets = [f for f in group if f.get("kind") == "target" and _num(f.get("total")) is None]
        for r in (f for f in group if f.get("kind") == "result" and _num(f.get("total")) is None):
            if is_baseline(r):
                continue
            cands = [t for t in targets if _same_unit(r, t) and fold(t.get("currency", "")) == fold(r.get("currency", ""))
                     and periods_compatible(r.get("period"), t.get("period")) and _set_against(r, t)]
            if not cands:
                continue
            t = min(cands, key=lambda x: abs((x.get("start") or 0) - (r.get("start") or 0)))
            out.append(_compare_result(r, t, 0.9))
            paired.add(id(r))
    for t in build_targets(figs, titles=titles):
        for r, conf, _ry, _end in t.results:
            if id(r) in paired:
                continue
            m = min(t.mentions, key=lambda x: (x.get("doc_key") != r.get("doc_key"), x.get("sentence") != r.get("sentence")))
            out.append(_compare_result(r, m, conf, claim_counts=m.get("sentence") == r.get("sentence")))
            paired.add(id(r))
    return out


def _set_against(r: dict, t: dict) -> bool:
    """Whether the sentence sets the result against this target: a target word ("target",
    "plan", "estimate") stands between them or right before the target."""
    sent = str(r.get("sentence") or "")
    i, j = _pos(sent, str(r.get("text") or "")), _pos(sent, str(t.get("text") or ""))
    if i < 0 or j < 0:
        return True  # rows without their text in the sentence (tables, tests): trust the kinds
    a, b = sorted((i, j))
    between = sent[a:b + len(str(t.get("text") or ""))]
    return bool(_AGAINST.search(between)) and not re.search(r"[;.]\s", sent[a:b])


def _compare_result(r: dict, t: dict, conf: float, claim_counts: bool = True) -> Finding:
    v = _num(r.get("value"))
    lo = _num(t.get("value"))
    hi = _num(t.get("value_high")) or lo
    claim = claim_counts and bool(_CLAIM_MET.search(str(r.get("sentence", ""))))
    down = bool(_DECREASE.search(f"{t.get('metric', '')} {t.get('text', '')}")) or t.get("comparator") in ("lt", "le")
    if v is None or lo is None:
        return Finding("result_vs_target", "unverifiable", conf, "a value is missing", [r, t])
    ry = _years(r.get("period")) or _years(r.get("sentence"))
    ty = _years(t.get("period"))
    if ty and ty[1] > (ry[1] if ry else 0):
        return Finding("result_vs_target", "consistent", conf * 0.8,
                       f"result {_fmt(v)} is progress toward a target for {t.get('period')} ({_fmt(lo)})", [r, t])
    if down:
        # "fell by 6.3%" against "a 5% reduction": amounts, more is better; "to 18.6%" against
        # "below 20%": levels, less is better; an amount against a level cannot be compared
        r_amount = is_amount(r)
        t_amount = is_amount(t)
        if r_amount != t_amount:
            return Finding("result_vs_target", "unverifiable", conf * 0.5,
                           "a change and a level of a falling metric cannot be compared", [r, t])
        met = v >= lo if r_amount else v <= hi
        if not met and not r_amount and claim and lo < v and _end_of_change(r):
            # "fell from 41.6% to 34.2%, exceeding the target of 6%": the target is the size of the fall
            return Finding("result_vs_target", "unverifiable", conf * 0.5,
                           f"result {_fmt(v)} against target {_fmt(lo)}: the target may be the size of the fall", [r, t])
    else:
        met = v >= lo
    within = lo <= v <= hi
    what = f"result {_fmt(v)} against target {_fmt(lo)}" + (f"-{_fmt(hi)}" if hi != lo else "")
    if within and hi != lo:
        return Finding("result_vs_target", "consistent", conf, f"{what}: within the target range", [r, t])
    if met:
        return Finding("result_vs_target", "consistent", conf, f"{what}: target met", [r, t])
    if claim:
        return Finding("result_vs_target", "contradicts", conf,
                       f"{what}: claimed as achieved/exceeded but falls short", [r, t])
    return Finding("result_vs_target", "consistent", conf, f"{what}: falls short, not claimed as met", [r, t])


_TO_BEFORE = re.compile(r"\bfrom\s+\S+(?:\s+\S+){0,6}?\s+to\s+(?:about\s+|nearly\s+|only\s+)?$", re.IGNORECASE)


def _end_of_change(f: dict) -> bool:
    """The end of a change: "fell from 41.6% to 34.2%" (34.2%)."""
    sent = str(f.get("sentence") or "")
    i = _pos(sent, str(f.get("text") or ""))
    return i >= 0 and bool(_TO_BEFORE.search(sent[max(0, i - 80):i]))


def check_part_whole(figs: list[dict]) -> list[Finding]:
    """Parts against wholes: a fraction ("15/30"), "x/y ... the remaining z", "700 households,
    including 77", listed parts against their total, "Of the 120 households, 98", and a stated
    share of a plan against its amounts."""
    out = []
    for f in figs:
        v, tot = _num(f.get("value")), _num(f.get("total"))
        if v is not None and tot is not None:
            verdict = "consistent" if v <= tot else "contradicts"
            out.append(Finding("part_whole", verdict, 1.0,
                               f"part {_fmt(v)} of whole {_fmt(tot)}" + ("" if v <= tot else ": the part exceeds the whole"), [f]))
    by_sent = defaultdict(list)
    for f in figs:
        by_sent[_para_key(f)].append(f)
    for group in by_sent.values():
        group.sort(key=lambda x: x.get("start") or 0)
        out += _check_remaining(group)
        out += _check_including(group)
    out += _check_listed_parts(figs)
    out += _check_of_the_whole(figs)
    out += _check_percent_of_plan(figs)
    return out


def _check_remaining(group: list[dict]) -> list[Finding]:
    """"14/21 targets have been achieved, 4 are expected ..., and the remaining 3": x plus the
    counts of the same noun between them plus z make y."""
    out = []
    for i, f in enumerate(group):
        if _num(f.get("total")) is None:
            continue
        for j in range(i + 1, len(group)):
            g = group[j]
            if "remaining" not in fold(g.get("text", "")) or _num(g.get("total")) is not None or not _same_unit(f, g):
                continue
            middle = [m for m in group[i + 1:j] if _num(m.get("total")) is None and m.get("unit_class") == "count"
                      and (not m.get("unit") or _same_unit(f, m))]
            parts = [f, *middle, g]
            s = sum(_num(x["value"]) or 0 for x in parts)
            ok = abs(s - _num(f["total"])) < 1e-6
            out.append(Finding("part_whole", "consistent" if ok else "contradicts", 0.9,
                               f"{' + '.join(_fmt(x['value']) for x in parts[:-1])} + remaining {_fmt(g['value'])} = "
                               f"{_fmt(s)} against {_fmt(f['total'])}", parts))
            break
    return out


_INCLUDING = re.compile(r"\b(?:including|of\s+(?:which|whom|these|them)|among\s+(?:them|which|whom))\b", re.IGNORECASE)
_NOT_A_PART = re.compile(r"\b(?:from|than|compared|reduced|down|up|increase[ds]?|decrease[ds]?|of\s+the\s+\w+\s+of)\b",
                         re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"\b(?:increase|decrease|rise|fall|growth|up|down|more|less)\s+(?:of\s+|by\s+)?$", re.IGNORECASE)


def _unit_written(f: dict) -> bool:
    """A count's noun is written with it ("77 households"), not carried over from a list's head
    ("14 targets, among them ... 1.5 million")."""
    if f.get("unit_class") != "count":
        return True
    noun = head_noun(f.get("unit", ""))
    sent, text = str(f.get("sentence") or ""), str(f.get("text") or "")
    i = _pos(sent, text)
    return bool(noun) and noun[:5] in fold(text + " " + (sent[i + len(text):i + len(text) + 40] if i >= 0 else ""))


def _check_including(group: list[dict]) -> list[Finding]:
    """"more than 700 households, including 77 households": the next amount of the same unit
    after "including" / "of which" is a part of this one; not when the whole is a change ("an
    increase of 1,340 ha, of which ...") or the amount after it is a baseline ("reduced from 257")."""
    out = []
    for i, f in enumerate(group):
        sent = str(f.get("sentence", ""))
        if f.get("unit_class") not in ("count", "money", "area"):
            continue
        a_at = _pos(sent, str(f.get("text", "")))
        if a_at < 0 or _CHANGE_BEFORE.search(sent[max(0, a_at - 25):a_at]):
            continue
        for g in group[i + 1:]:
            b_start = _pos(sent, str(g.get("text", "")), a_at + 1)
            between = sent[a_at + len(str(f.get("text", ""))):b_start] if b_start > a_at else ""
            if not _same_unit(f, g, strict=True) or "remaining" in fold(g.get("text", "")) or not _unit_written(g):
                continue
            m = _INCLUDING.search(between)
            if m and len(between) < 80 and not _NOT_A_PART.search(between[m.end():]):
                whole, part = _num(f["value"]), _num(g["value"])
                ok = part <= whole or f.get("comparator") in ("gt", "ge")
                if f.get("comparator") in ("lt", "le", "approx") and part > whole:
                    ok = False
                out.append(Finding("part_whole", "consistent" if ok else "contradicts", 0.85,
                                   f"part {_fmt(part)} of whole {f.get('text')}" + ("" if ok else ": the part exceeds the whole"), [f, g]))
            break  # only the next amount of the same unit can be the part of this whole
    return out


def _pos(sent: str, text: str, start: int = 0) -> int:
    """Where a figure's text stands in its sentence (not inside a longer number: "50 billion"
    is not the end of "150 billion"); -1 if nowhere."""
    if not text:
        return -1
    m = re.compile(r"(?<![\d.,])" + re.escape(text)).search(sent, start)
    return m.start() if m else -1


_OF_WHICH = re.compile(r"[^;.:\d]{0,50}?,?\s*\b(?:of\s+which|including|in\s+which|among\s+(?:them|which))\b",
                       re.IGNORECASE)  # "120 billion VND for rural roads, of which"


def _sentence_groups(figs: list[dict]):
    """(sentence, its figures in text order) for each sentence of each document."""
    by_sent = defaultdict(list)
    for f in figs:
        by_sent[_para_key(f)].append(f)
    for group in by_sent.values():
        group = sorted(group, key=lambda x: x.get("start") or 0)
        yield str(group[0].get("sentence") or ""), group


def _check_listed_parts(figs: list[dict]) -> list[Finding]:
    """Listed parts against their stated total: "120 billion VND, of which the state budget
    contributed 50 billion VND, businesses 40 billion VND and people 45 billion VND" adds up
    to 135 billion, more than the whole."""
    out = []
    for sent, group in _sentence_groups(figs):
        for i, whole in enumerate(group):
            if whole.get("unit_class") not in ("money", "count", "area", "length", "mass") or _num(whole.get("total")) is not None:
                continue
            w_text = str(whole.get("text") or "")
            w_at = _pos(sent, w_text)
            w_end = w_at + len(w_text) if w_at >= 0 else -1
            m = _OF_WHICH.match(sent, w_end) if w_end >= 0 else None
            if not m:
                continue
            tail = sent[m.end():]
            stop = re.search(r"[;.](?:\s|$)", tail)
            tail = tail[:stop.start()] if stop else tail
            parts = [g for g in group[i + 1:] if _same_unit(whole, g, strict=True) and _pos(tail, str(g.get("text") or "")) >= 0
                     and _num(g.get("total")) is None and g.get("comparator") not in ("gt", "ge", "range")]
            if len(parts) < 2 or not re.search(r"\band\b", tail):
                continue  # one part ("including 77 households") is the part-whole check's
            total, got = _num(whole.get("value")), sum(_num(g.get("value")) or 0 for g in parts)
            if total is None:
                continue
            if max(_num(g.get("value")) or 0 for g in parts) > 0.5 * total:
                continue  # "2,958 villages, of which 2,954 have Party members and 2,903 Party cells": overlapping sets
            loose = whole.get("comparator") in ("gt", "ge", "approx") or any(g.get("comparator") == "approx" for g in parts)
            tol = max(0.02 * total, 1e-9) if loose else max(0.005 * total, 1e-9)
            ok = got <= total + tol
            out.append(Finding("part_whole", "consistent" if ok else "contradicts", 0.85,
                               f"listed parts {' + '.join(_fmt(g.get('value')) for g in parts)} = {_fmt(got)} against the "
                               f"whole {_fmt(total)}" + ("" if ok else ": the parts exceed the whole"), [whole, *parts]))
    return out


_OF_THE = re.compile(r"\b(?:of|out\s+of|among)\s+(?:the|these|those|its)\s+$", re.IGNORECASE)


def _check_of_the_whole(figs: list[dict]) -> list[Finding]:
    """"Of the 120 affected households, 135 households have handed over their land": the part
    named after the whole never exceeds it."""
    out = []
    for sent, group in _sentence_groups(figs):
        for i, whole in enumerate(group[:-1]):
            w_text = str(whole.get("text") or "")
            at = _pos(sent, w_text)
            if at < 0 or not _OF_THE.search(sent[max(0, at - 20):at]) or whole.get("unit_class") != "count":
                continue
            part = group[i + 1]
            between = sent[at + len(w_text):_pos(sent, str(part.get("text") or ""), at + len(w_text))]
            if not _same_unit(whole, part) or not re.fullmatch(r"[^,;.]{0,40},\s*", between):
                continue
            ok = (_num(part.get("value")) or 0) <= (_num(whole.get("value")) or 0)
            out.append(Finding("part_whole", "consistent" if ok else "contradicts", 0.9,
                               f"part {_fmt(part.get('value'))} of the {_fmt(whole.get('value'))} named before it"
                               + ("" if ok else ": the part exceeds the whole"), [whole, part]))
    return out


def _same_unit(a: dict, b: dict, strict: bool = False) -> bool:
    """The same unit: the same unit class and, for counts, the same counted noun ("targets
    set" and "targets" are one; "communes" and "villages" are not; ``strict``: both named);
    areas, lengths and masses in the same unit ("ha" and "km2" hold other numbers)."""
    if a.get("unit_class") != b.get("unit_class"):
        return False
    if a.get("unit_class") == "count":
        if not b.get("unit") or not a.get("unit"):
            return not strict
        return head_noun(a.get("unit", "")) == head_noun(b.get("unit", ""))
    if a.get("unit_class") in ("area", "length", "mass", "volume"):
        return fold(a.get("unit", "")) == fold(b.get("unit", ""))
    return True


def _check_percent_of_plan(figs: list[dict]) -> list[Finding]:
    """"disbursed A, reaching P% of the plan of B": P against A / B (the amount before the
    share, the plan after it, in one clause). A ratio off by a power of ten is a misread number
    (Vietnamese separators: "3,215,408 billion"), not a contradiction: unverifiable."""
    out = []
    for sent, group in _sentence_groups(figs):
        for k, p in enumerate(group):
            if p.get("unit_class") != "percent" or not re.search(
                    r"\bof\s+the\s+(?:\w+\s+)?(?:plan|estimate|target)", fold(p.get("text", ""))):
                continue
            before = [f for f in group[:k] if f.get("unit_class") == "money" and f.get("kind") != "target"]
            after = [f for f in group[k + 1:] if f.get("unit_class") == "money" and f.get("kind") == "target"]
            plans = after  # "P% of the plan of B": the plan is named after the share
            if not before or not plans:
                continue
            amount, plan = before[-1], plans[0]
            if _clause_broken(sent, amount, p) or _clause_broken(sent, p, plan):
                continue
            a, t, pv = _num(amount["value"]), _num(plan["value"]), _num(p["value"])
            if not t or a is None or not pv:
                continue
            actual = a / t * 100
            ok = abs(actual - pv) <= max(0.5, 0.01 * pv)
            factor = actual / pv
            misread = not ok and any(abs(factor / 10 ** e - 1) < 0.02 for e in (-3, -2, -1, 1, 2, 3))
            verdict = "consistent" if ok else "unverifiable" if misread else "contradicts"
            why = f"{_fmt(a)} / {_fmt(t)} = {actual:.2f}% against the stated {_fmt(pv)}%"
            if misread:
                why += f": off by a factor of {10 ** round(math.log10(factor)):g}, a number was misread"
            out.append(Finding("part_whole", verdict, 0.8, why, [p, amount, plan]))
    return out


def _clause_broken(sent: str, a: dict, b: dict) -> bool:
    """A semicolon or a full stop between two figures of a sentence."""
    i, j = _pos(sent, str(a.get("text") or "")), _pos(sent, str(b.get("text") or ""))
    if i < 0 or j < 0:
        return False
    lo, hi = sorted((i, j))
    return bool(re.search(r"[;]|\.\s", sent[lo:hi]))


_ALL = re.compile(
    r"\ball\s+(?:the\s+)?(\d+|[a-z]+)\s+(?:[\w-]+\s+){0,3}?(targets?|criteria|indicators?|tasks?)\b"
    r"[^.;]{0,80}?\b(?:achieved|met|completed|fulfilled|reached|exceeded)|"
    r"\b(?:achieved|met|completed|fulfilled|reached|exceeded)\s+(?:and\s+\w+\s+)?(?:\w+\s+){0,2}?all\s+"
    r"(?:the\s+)?(\d+|[a-z]+)\s+(?:[\w-]+\s+){0,3}?(targets?|criteria|indicators?|tasks?)\b", re.IGNORECASE)


def check_words_vs_numbers(figs: list[dict], sentences_by_doc: dict[str, list[str]] | None = None) -> list[Finding]:
    """"all 30 targets achieved" against the counts the document gives."""
    from .numbers import word_to_number

    out = []
    by_doc = defaultdict(list)
    for f in figs:
        by_doc[f.get("doc_key") or f.get("doc_id")].append(f)
    for doc_figs in by_doc.values():
        sentences = {str(f.get("sentence", "")) for f in doc_figs}
        for sent in sentences:
            for m in _ALL.finditer(sent):
                num_s = m.group(1) or m.group(3)
                n = word_to_number(num_s) if not num_s.isdigit() else float(num_s)
                if n is None:
                    continue
                noun = (m.group(2) or m.group(4)).lower().rstrip("s")
                claim = next((f for f in doc_figs if f.get("sentence") == sent and abs((_num(f.get("value")) or -1) - n) < 1e-9), None)
                counts = [f for f in doc_figs if f is not claim and noun in fold(f.get("unit", ""))
                          and _num(f.get("total")) is not None and abs(_num(f["total"]) - n) < 1e-9]
                involved = ([claim] if claim else [])
                if not counts:
                    out.append(Finding("words_vs_numbers", "unverifiable", 0.6,
                                       f"'{m.group(0)[:60]}': no count of the {noun}s in the document", involved or [
                                           {"doc_id": doc_figs[0].get("doc_id"), "sentence": sent}]))
                    continue
                for c in counts:
                    if _not_met(c):  # "3 of the 18 targets have not been met"
                        ok = (_num(c["value"]) or 0) == 0
                        what = f"{c.get('text')} not met"
                    else:
                        ok = _num(c["value"]) >= n
                        what = str(c.get("text"))
                    out.append(Finding("words_vs_numbers", "consistent" if ok else "contradicts", 0.8,
                                       f"'all {_fmt(n)} {noun}s' against {what}", involved + [c]))
    return out


_NOT_MET = re.compile(r"^[^.;]{0,40}?\b(?:(?:have|has|had|were|was|are|is)\s+(?:still\s+)?not\s+(?:yet\s+)?(?:been\s+)?"
                      r"(?:met|achieved|reached|completed|fulfilled)|(?:are|were|is|was)\s+(?:unlikely|not\s+likely)\s+to"
                      r"|unmet|missed|failed\s+to)\b", re.IGNORECASE)


def _not_met(f: dict) -> bool:
    """A count of what was not met: "3 of the 18 targets have not been met"."""
    sent, text = str(f.get("sentence") or ""), str(f.get("text") or "")
    i = _pos(sent, text)
    return i >= 0 and bool(_NOT_MET.match(sent[i + len(text):]))


_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
# counts that depend on which body's resolution is meant (a ward's 17 targets, the city's 20): never compared
_NOT_CROSS = {"resolution_targets"}
_SHARE_OF_PLAN = re.compile(r"\bof\s+(?:the\s+)?(?:\w+\s+)?(?:plan|estimate|target|assigned)", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:up|down|increas\w*|decreas\w*|grew|rose|fell|growth|higher|lower|more|less)\b", re.IGNORECASE)


def _measure(f: dict) -> str:
    """What kind of number a percent is: a share of a plan ("128.3% of the annual estimate"), a
    change ("up 14.3%"), or a level; other units are levels."""
    if f.get("unit_class") != "percent":
        return "level"
    text, sent = str(f.get("text") or ""), str(f.get("sentence") or "")
    i = _pos(sent, text)
    if _SHARE_OF_PLAN.search(text) or (i >= 0 and _SHARE_OF_PLAN.match(sent, i + len(text))):
        return "plan_share"
    return "change" if i >= 0 and _CHANGE.search(sent[max(0, i - 25):i]) else "level"


def check_cross_document(figs: list[dict], min_sim: float = 0.85, titles: dict[str, str] | None = None) -> list[Finding]:
    """The same indicator (else the same metric words) of the same body and period, reported
    with different values in two documents (results and statistics; a target restated with
    another value is a new target, not a contradiction). Two rows with the same sentence are one
    report read twice (a copy of the page), never compared."""
    out = []
    blocks = defaultdict(list)
    for f in figs:
        if f.get("kind") == "target" or _num(f.get("total")) is not None or _num(f.get("value")) is None:
            continue
        body, years = body_key(f.get("organization", "")), _years(f.get("period"))
        what = f.get("indicator") or ("m:" + metric_key(f.get("metric", "")) if len(_words(f.get("metric")).split()) >= 2 else "")
        if not body or not years or not what or years[0] != years[1] and not f.get("indicator"):
            continue
        if what in _NOT_CROSS or lower_body(f, (titles or {}).get(f.get("doc_key") or f.get("doc_id"), "")):
            continue
        if f.get("sentence") and not set(_YEAR_RE.findall(str(f.get("period")))) <= set(_YEAR_RE.findall(str(f["sentence"]))):
            continue  # a year inherited from the context: too unsure to hold two reports against each other
        blocks[(body, what, years, f.get("unit_class"), fold(f.get("currency") or ""), increment(f), is_amount(f),
                _measure(f))].append(f)
    for group in blocks.values():
        for i, a in enumerate(group[:400]):
            for b in group[i + 1:400]:
                if a.get("doc_key") == b.get("doc_key") or a.get("doc_id") == b.get("doc_id"):
                    continue
                if a.get("sentence") and fold(str(a["sentence"])) == fold(str(b.get("sentence") or "")):
                    continue  # one report in two copies
                if period_end(a.get("period")) != period_end(b.get("period")):
                    continue  # "first 9 months of 2024" and "2024" are two figures
                if period_end(a.get("period"))[1] != 12 and fold(a.get("period")) != fold(b.get("period")):
                    continue  # "as of September 24" and "as of September 30" are two dates
                conf = similar(metric_key(a.get("metric", "")), metric_key(b.get("metric", "")))
                if conf < (0.6 if a.get("indicator") else min_sim):
                    continue  # one indicator, but "revenue from import-export activities" is not all revenue
                va, vb = _num(a.get("value")), _num(b.get("value"))
                same = abs(va - vb) <= 0.01 * max(abs(va), abs(vb), 1e-9)
                out.append(Finding("cross_document", "consistent" if same else "contradicts", conf,
                                   f"{a.get('indicator') or a.get('metric')} of {a.get('organization')} ({a.get('period')}): "
                                   f"{_fmt(va)} in {a.get('doc_id')} vs {_fmt(vb)} in {b.get('doc_id')}", [a, b]))
    return out


def read_reference(path: str | os.PathLike) -> list[dict]:
    """A reference table: CSV with organization, metric, period, value, unit (+ tolerance)."""
    p = Path(path)
    if not p.exists():
        raise AuditReferenceError(f"reference file not found: {p}")
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            cols = [c.strip().lower() for c in (reader.fieldnames or [])]
            missing = [c for c in REFERENCE_COLUMNS if c not in cols]
            if missing:
                raise AuditReferenceError(f"reference {p.name} lacks column(s) {', '.join(missing)}; "
                                     f"needed: {', '.join(REFERENCE_COLUMNS)} (optional: tolerance)")
            rows = []
            for i, raw in enumerate(reader, start=2):
                r = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
                raw_value = r["value"]
                try:
                    r["value"] = float(raw_value.replace(",", ""))
                except ValueError:
                    raise AuditReferenceError(f"reference {p.name} line {i}: value {raw_value!r} is not a number") from None
                if not math.isfinite(r["value"]):
                    raise AuditReferenceError(f"reference {p.name} line {i}: value {raw_value!r} is not a finite number")
                if r.get("tolerance"):
                    raw = r["tolerance"]
                    try:
                        r["tolerance"] = float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
                    except ValueError:
                        raise AuditReferenceError(f"reference {p.name} line {i}: tolerance {raw!r} is not a number") from None
                    check_tolerance(r["tolerance"], f"reference {p.name} line {i}: tolerance {raw!r}")
                rows.append(r)
    except UnicodeDecodeError:
        raise AuditReferenceError(f"reference {p.name} is not UTF-8 text") from None
    return rows


def check_tolerance(tol: float, what: str = "tolerance") -> None:
    """A tolerance is a finite number, 0 or more (``inf`` accepts anything, ``nan`` or a negative
    one makes equal values contradict)."""
    if not math.isfinite(tol) or tol < 0:
        raise AuditReferenceError(f"{what} must be a finite number, 0 or more")


def _org_words(name) -> set[str]:
    return {w for w in _words(name).split() if w not in _GENERIC_ORG}


def check_reference(figs: list[dict], reference: list[dict], tolerance: float = 0.01) -> list[Finding]:
    """Each reference row against the figures of its organization (found through an index of
    the organizations' distinctive words, so the work grows with the matches, not with rows x
    figures) and metric, within the tolerance."""
    out = []
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(figs):
        for w in _org_words(f.get("organization")):
            by_word[w].append(i)
    for ref in reference:
        cands = []
        idx = sorted({i for w in _org_words(ref["organization"]) for i in by_word.get(w, ())})
        for f in (figs[i] for i in idx):
            so = org_similarity(ref["organization"], f.get("organization"))
            sm = similarity(ref["metric"], f.get("metric"))
            if so < 0.7 or sm < 0.6:
                continue
            if ref.get("period") and f.get("period") and not periods_compatible(ref["period"], f["period"]):
                continue
            if ref.get("unit") and not _unit_ok(ref["unit"], f):
                continue
            cands.append((min(so, sm), f))
        tol = ref.get("tolerance") if isinstance(ref.get("tolerance"), float) else tolerance
        refrow = {"doc_id": "reference", "text": f"{ref['organization']} / {ref['metric']} / {ref.get('period', '')}",
                  "value": ref["value"], "sentence": "", "start": None, "end": None, "id": ""}
        if not cands:
            out.append(Finding("reference", "unverifiable", 0.0,
                               f"no reported figure matches {ref['metric']} of {ref['organization']}", [refrow]))
            continue
        conf, f = max(cands, key=lambda x: x[0])
        v = _num(f.get("value"))
        ok = v is not None and abs(v - ref["value"]) <= tol * max(abs(ref["value"]), 1e-9)
        out.append(Finding("reference", "consistent" if ok else "contradicts", conf,
                           f"reported {_fmt(v)} against reference {_fmt(ref['value'])} (tolerance {tol:.1%})", [f, refrow]))
    return out


def _unit_ok(unit: str, f: dict) -> bool:
    u = fold(unit)
    if u in {"%", "percent"}:
        return f.get("unit_class") == "percent"
    if u in {"vnd", "usd", "dong", "eur"}:
        return fold(f.get("currency", "")) == {"dong": "vnd"}.get(u, u)
    return u.rstrip("s") in fold(f.get("unit", "")) or fold(f.get("unit", "")).rstrip("s") in u


def run_audit(figs: list[dict], reference: list[dict] | None = None, tolerance: float = 0.01,
              titles: dict[str, str] | None = None) -> list[Finding]:
    """Every check over these figure rows; ``titles`` (doc_key or doc_id -> headline) tells the
    cross-document check which reports are about a lower body than their figures name."""
    findings = (check_result_vs_target(figs, titles) + check_part_whole(figs) + check_words_vs_numbers(figs)
                + check_cross_document(figs, titles=titles))
    reconcile(findings)
    if reference is not None:
        findings += check_reference(figs, reference, tolerance)
    return findings


def reconcile(findings: list[Finding]) -> None:
    """The same numbers never get two verdicts that cannot both hold: a result "met" against
    its plan while the stated share of that plan is under 100% (or short while the share is
    100% or more) means a number was misread; both checks become unverifiable."""
    shares = {}
    for f in findings:
        if f.check == "part_whole" and len(f.figures) == 3 and "stated" in f.explanation:
            p, amount, plan = f.figures
            shares[(id(amount), id(plan))] = (f, _num(p.get("value")))
    for f in findings:
        if f.check != "result_vs_target" or len(f.figures) != 2:
            continue
        hit = shares.get((id(f.figures[0]), id(f.figures[1])))
        if not hit or hit[1] is None:
            continue
        share_f, pv = hit
        met = "target met" in f.explanation or "within the target" in f.explanation
        short = "falls short" in f.explanation
        if (met and pv < 100 - 1e-9) or (short and pv >= 100):
            note = f" (the stated share is {_fmt(pv)}%: the checks disagree, a number was misread)"
            for g in (f, share_f):
                g.verdict = "unverifiable"
                g.explanation += note


def write_audit(findings: list[Finding], path: str | os.PathLike) -> None:
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".partial")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=AUDIT_COLUMNS)
        w.writeheader()
        for f in findings:
            w.writerow({k: csv_safe(v) if isinstance(v, str) else v for k, v in f.row().items()})
    os.replace(tmp, path)
