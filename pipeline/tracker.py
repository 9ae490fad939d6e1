"""The target tracker: what each body set out to achieve, and what has been reported since.

Built in the registry from its ``figures`` (:func:`rebuild`, after every batch, so that adding
a batch updates targets and statuses and removing or replacing a document removes what it
contributed; only the blocks whose figures came or went are built again, see :func:`rebuild`):

* ``targets`` one row per distinct target: the same body (its place and level: the Party
  Committee that sets a target and the People's Committee that reports on it are one body),
  the same indicator (:mod:`pipeline.indicators`; else the same metric words), period, unit
  and value. "VND 1.2 trillion" and "VND 1,200 billion" are one value, so a target restated in
  later reports is one row with several mentions.
* ``target_mentions`` every figure that states a target (``figure_id`` is ``figures.id``).
* ``target_results`` each result figure linked to the target it reports on: same body, same
  indicator (or metric), same unit class and currency, and a period inside the target's.

Status of a target, from its linked results:

* ``achieved`` / ``not_achieved``: a result for the target's last year (or later) meets it or
  not: more is better for most indicators; for a falling one (poverty rate, unemployment) or an
  "under / at most" target, at or under it; for a range, at or above its lower end;
* ``in_progress``: only results for an earlier part of its period (``share``: the latest result
  over the target, where more is better);
* ``no_result``: nothing reported on it yet.

Each target keeps its evidence (the documents, sentences and values) and a confidence (how
sure the links are: an indicator match counts more than similar metric words).
"""
from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain, groupby
from typing import Iterable, Iterator

import regex as re

from .extractors.period import _FROM_BEFORE  # "fell from 41.6% ...": the start of a change
from .indicators import direction as indicator_direction
from .schema import TRACKER_SQL
from .textutil import fold
from .vocab import levels

STATUSES = ("achieved", "not_achieved", "in_progress", "no_result")
TARGET_COLUMNS = ["target_id", "organization", "indicator", "metric", "period", "value", "value_high", "unit",
                  "comparator", "status", "latest_result", "latest_result_doc", "n_results", "doc_ids"]

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_BY = re.compile(r"^\s*(?:by|before|until|to)\b", re.IGNORECASE)
_STOP = {"the", "of", "a", "an", "and", "in", "on", "for", "to", "by", "with", "at", "its", "their", "is", "are",
         "was", "were", "per", "year", "average", "total", "rate", "s",
         # what a figure's sentence does, not what it measures
         "reached", "reach", "reaching", "estimated", "achieved", "achieve", "increased", "decreased", "rose", "fell",
         "over", "about", "compared", "against", "only", "despite", "target", "targets", "plan", "set", "strive",
         "will", "be", "been", "has", "have", "had", "this", "that", "which", "from", "than", "more", "new"}
# "reduce the poverty rate by 1.5% per year": the size of a fall, where more is better
_AMOUNT_BEFORE = re.compile(r"(?:\bby|\b(?:cut|reduce|reduction\s+of|decrease\s+of|fell|dropped|decreased|increase\s+of"
                            r"|(?<!set\s)(?<!set\s\s)up|(?<!step\s)down))\s*$", re.IGNORECASE)  # not "set up 3 cells"
_AMOUNT_AFTER = re.compile(r"^\s*(?:reduction|decrease|cut|(?:per|a|each)\s+year)\b", re.IGNORECASE)


def num(v) -> float | None:
    """A stored value as a float (None for empty, NaN or text)."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _years(period) -> tuple[int, int] | None:
    ys = [int(y) for y in _YEAR.findall(str(period or ""))]
    return (min(ys), max(ys)) if ys else None


_MONTHS = {m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                            "september", "october", "november", "december"))}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12}
_FIRST_MONTHS = re.compile(r"\b(?:first|past)\s+(\d{1,2}|[a-z]+)\s+months\b|\b(\d{1,2}|[a-z]+)[-\s]months?\b", re.IGNORECASE)
_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b|\bQ([1-4])\b", re.IGNORECASE)
_HALF = re.compile(r"\b(?:first\s+half|six\s+months|mid-?year|middle\s+of)\b", re.IGNORECASE)
_MONTH_NAME = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b",
                         re.IGNORECASE)


def period_end(period) -> tuple[int, int] | None:
    """(year, month) at which a period ends: "first 9 months of 2025" -> (2025, 9), "as of
    October 31, 2025" -> (2025, 10), "2021-2025" or "by 2030" -> the year's December; None
    without a year."""
    y = _years(period)
    if y is None:
        return None
    p = str(period or "")
    m = _FIRST_MONTHS.search(p)
    if m:
        n = m.group(1) or m.group(2)
        n = int(n) if n.isdigit() else _NUMBERS.get(n.lower(), 12)
        return (y[1], min(max(n, 1), 12))
    q = _QUARTER.search(p)
    if q:
        k = q.group(2) or {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(q.group(1).lower(), 4)
        return (y[1], 3 * int(k))
    if _HALF.search(p):
        return (y[1], 6)
    names = _MONTH_NAME.findall(p)
    if names:
        return (y[1], _MONTHS[names[-1].lower()])
    return (y[1], 12)


def _level_words() -> frozenset[str]:
    return frozenset(levels()["level_words"])


_GENERIC = {"party", "committee", "committees", "people", "peoples", "council", "standing", "board", "executive",
            "s", "of", "the", "and", "provincial", "municipal", "city's", "front", "fatherland"}


_WORDS = re.compile(r"[a-z0-9]+")
_LETTERS = re.compile(r"[a-z]+")
_POINTS = re.compile(r"percentage\s+points?", re.IGNORECASE)
_POINTS_AFTER = re.compile(r"\s*percentage\s+points?", re.IGNORECASE)
_FROM_START = re.compile(r"from\s", re.IGNORECASE)
_TO_WORD = re.compile(r"\bto\b")


@lru_cache(maxsize=8192)  # a registry names its bodies over and over
def body_key(organization: str) -> str:
    """The body a figure belongs to, as its place and level ("nghe an|province"): the Party
    Committee that set a target and the People's Committee that reports on it meet; a body
    named without a place (a department) keeps its own words."""
    words = _WORDS.findall(fold(organization or ""))
    if not words:
        return ""
    lv = _level_words()
    level_map = levels()["level_of_word"]
    level = next((level_map.get(w, "") for w in words if w in lv), "")
    adj = {"provincial": "province", "municipal": "city", "district": "district", "commune": "commune",
           "ward": "commune", "town": "district"}
    if not level:
        level = next((adj[w] for w in words if w in adj), "")
    place = [w for w in words if w not in lv and w not in _GENERIC]
    if not place:
        return " ".join(words)
    return " ".join(place) + "|" + level


_LOWER = {"province": ("district", "commune", "ward", "village", "hamlet", "town", "special zone"),
          "city": ("district", "commune", "ward", "village", "hamlet", "special zone"),
          "district": ("commune", "ward", "village", "hamlet"), "commune": ("village", "hamlet")}


@cache
def _lower_patterns(level: str) -> tuple:
    """For a body of ``level``: a title about a body below it, and a figure's words naming one."""
    alt = "|".join(w.replace(" ", r"\s+") for w in _LOWER[level])
    return (re.compile(r"\b(?:" + alt + r")\b", re.IGNORECASE),
            re.compile(r"\b(?:the|each|every|this|its)\s+(?:" + alt + r")(?:'s|s)?\b|\b(?:"
                       + alt + r")(?:'s)?\s+(?:budget|revenue|income|poverty|people)"))


def lower_body(f: dict, title: str = "") -> bool:
    """A figure of a body below the one it was resolved to: "the commune's income" or "the
    ward budget revenue" in a report filed under the province, or any figure of a report whose
    headline is about a commune ("Ea Rong commune achieves 16/18 targets") filed under its
    province."""
    level = body_key(f.get("organization") or "").rpartition("|")[2]
    if level not in _LOWER:
        return False
    in_title, in_words = _lower_patterns(level)
    if title and in_title.search(title):
        return True
    sent, text = str(f.get("sentence") or ""), str(f.get("text") or "")
    i = sent.find(text)
    around = (str(f.get("metric") or "") + " " + (sent[max(0, i - 100):i] if i >= 0 else "")).lower()
    return bool(in_words.search(around))


def metric_key(metric: str) -> str:
    return " ".join(sorted({w for w in _WORDS.findall(fold(metric or "")) if w not in _STOP}))


def similar(a: str, b: str) -> float:
    """Jaccard similarity of two metric keys (:func:`metric_key`)."""
    wa, wb = set(a.split()), set(b.split())
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def _sig(v: float | None) -> str:
    return "" if v is None else f"{v:.6g}"


_UNIT_WORDS = {"ha", "hectares", "km", "km2", "m2", "m3", "vnd", "usd", "dong", "billion", "million", "trillion",
               "thousand", "percent", "tonnes", "tons", "people", "households", "units", "times"}
_CONTENT = re.compile(r"\b(?!(?:" + "|".join(sorted(_UNIT_WORDS)) + r")\b)[a-z]{3,}\b")
_PER_YEAR = re.compile(r"\b(?:per|a|each|every)\s+year\b|/year\b|\bannual(?:ly)?\b|\byearly\b", re.IGNORECASE)


_INCREMENT = re.compile(r"\b(?:new|more|additional(?:ly)?|newly|extra|another)\b", re.IGNORECASE)


def increment(fig: dict) -> bool:
    """A figure of what is added ("96 new OCOP products", "5 more communes"), not of the stock
    ("650 OCOP products"): the two never measure one target."""
    return bool(_INCREMENT.search(str(fig.get("text") or "")) or _INCREMENT.search(str(fig.get("metric") or "")))


_UNIT_TAIL = {"set", "achieved", "met", "completed", "reached", "left", "remaining", "assigned", "planned", "admitted",
              "recognised", "recognized", "built", "established", "rated", "classified"}


def head_noun(unit: str) -> str:
    """The noun a count counts: "targets set" -> "target", "new Party members" -> "member"."""
    words = _LETTERS.findall(fold(unit or ""))
    while words and words[-1] in _UNIT_TAIL:
        words.pop()
    if not words:
        return ""
    w = words[-1]
    return w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def explicit_time(fig: dict) -> bool:
    """Whether a figure's own sentence names its time (its period's years), rather than the
    period being inherited from the paragraph or the document."""
    ys = set(_YEAR.findall(str(fig.get("period") or "")))
    return bool(ys) and ys <= set(_YEAR.findall(str(fig.get("sentence") or "")))


def per_year(fig: dict) -> bool:
    """A figure for each year of its period ("growth of 8% per year", "admit 200 new Party
    members each year"): it meets only a yearly or one year's figure, never a whole term's."""
    sent, text = str(fig.get("sentence") or ""), str(fig.get("text") or "")
    i = sent.find(text)
    around = sent[max(0, i - 40):i + len(text) + 40] if i >= 0 else text
    return bool(_PER_YEAR.search(text) or _PER_YEAR.search(str(fig.get("metric") or "")) or _PER_YEAR.search(around))


def is_amount(fig: dict) -> bool:
    """A change ("by 1.5% per year", "fell by 6.3%", "3 percentage points") rather than a
    level ("to 18.6%")."""
    sent, text = str(fig.get("sentence") or ""), str(fig.get("text") or "")
    if _POINTS.search(text):
        return True
    i = sent.find(text)
    if i < 0:
        return False
    return bool(_AMOUNT_BEFORE.search(sent[max(0, i - 30):i]) or _AMOUNT_AFTER.match(sent[i + len(text):][:25])
                or _POINTS_AFTER.match(sent[i + len(text):]))




def is_baseline(fig: dict) -> bool:
    """The start of a change ("fell from 41.6% to 34.2%": 41.6%), never a result on a target."""
    sent, text = str(fig.get("sentence") or ""), str(fig.get("text") or "")
    if _FROM_START.match(text) and not _TO_WORD.search(text):
        return True
    i = sent.find(text)
    return i >= 0 and bool(_FROM_BEFORE.search(sent[max(0, i - 30):i]))


@dataclass
class Target:
    key: tuple
    target_id: str
    body: str
    indicator: str
    mkey: str
    unit_class: str
    currency: str
    years: tuple[int, int] | None
    value: float
    value_high: float | None
    amount: bool
    yearly: bool
    end: tuple[int, int] | None
    direction: str = "up"
    mentions: list[dict] = field(default_factory=list)
    results: list[tuple[dict, float, tuple[int, int], tuple[int, int]]] = field(default_factory=list)


# counts of a resolution's own targets ("set 18 targets"): what the tracker is made of, not a target to track
_NOT_TRACKED = {"resolution_targets"}


def _target_key(f: dict) -> tuple | None:
    v = num(f.get("value"))
    if v is None or num(f.get("total")) is not None:
        return None
    body = body_key(f.get("organization", ""))
    ind = f.get("indicator") or ""
    mk = metric_key(f.get("metric", ""))
    if not (ind or mk):
        return None
    yrs = _years(f.get("period"))
    if not ind and not _CONTENT.search(mk):
        return None  # "ha", "VND": no metric to track
    if ind in _NOT_TRACKED:
        return None
    return (body, ind or "m:" + mk, f.get("unit_class") or "", fold(f.get("currency") or ""), yrs,
            _sig(v), _sig(num(f.get("value_high"))), f.get("comparator") or "", is_amount(f), per_year(f), increment(f))


def _direction(t: Target, mention: dict) -> str:
    comp = mention.get("comparator") or ""
    if comp in ("lt", "le"):
        return "down"
    if t.amount:
        return "up"  # the size of a fall: more is better
    return indicator_direction(t.indicator) or "up"


def _meets(value: float, t: Target, direction: str) -> bool:
    if t.value_high is not None:
        return value >= t.value - 1e-9 * abs(t.value)
    if direction == "down":
        return value <= t.value + 1e-9 * abs(t.value)
    return value >= t.value - 1e-9 * abs(t.value)


def _tracked_result(r: dict, title: str) -> bool:
    """A result row the tracker may link to a target: a single value (not a part of a whole),
    of the body it names, and not the start of a change."""
    return (r.get("kind") == "result" and num(r.get("value")) is not None and num(r.get("total")) is None
            and not lower_body(r, title) and not is_baseline(r))


def build(figures: list[dict], doc_years: dict[str, int] | None = None,
          titles: dict[str, str] | None = None) -> list[Target]:
    """The targets of these figure rows (registry rows: with ``id`` and ``doc_key``) with their
    mentions and linked results; ``doc_years`` and ``titles`` (by doc_key) date results that name
    no period and tell which reports are about a body below the one their figures name."""
    return build_from((f for f in figures if f.get("kind") == "target"),
                      (f for f in figures if f.get("kind") == "result"), doc_years, titles)


def build_from(target_rows: Iterable[dict], result_rows: Iterable[dict], doc_years: dict[str, int] | None = None,
               titles: dict[str, str] | None = None) -> list[Target]:
    """:func:`build` from the target rows and then the result rows, each in table order; the
    results are read as a stream (only those linked to a target are kept). A row may carry its
    document's title and year itself (``_title``, ``_doc_year``: :func:`_dicts`)."""
    doc_years = doc_years or {}
    titles = titles or {}

    def title(f: dict) -> str:
        return f["_title"] or "" if "_title" in f else titles.get(f.get("doc_key"), "")

    targets: dict[tuple, Target] = {}
    for f in target_rows:
        if f.get("kind") != "target" or lower_body(f, title(f)):
            continue
        k = _target_key(f)
        if k is None:
            continue
        t = targets.get(k)
        if t is None:
            tid = hashlib.sha256(json.dumps([str(x) for x in k]).encode()).hexdigest()[:12]
            t = targets[k] = Target(k, tid, k[0], f.get("indicator") or "", metric_key(f.get("metric", "")), k[2], k[3],
                                    k[4], num(f["value"]), num(f.get("value_high")), k[8], k[9],
                                    period_end(f.get("period")))
            t.direction = _direction(t, f)
        t.mentions.append(f)
    blocks = defaultdict(list)
    for t in targets.values():
        if t.body:
            blocks[(t.body, t.unit_class, t.currency, t.amount, t.key[10])].append(t)
    for r in result_rows:
        if not _tracked_result(r, title(r)):
            continue
        cands = blocks.get((body_key(r.get("organization", "")), r.get("unit_class") or "",
                            fold(r.get("currency") or ""), is_amount(r), increment(r)))
        if not cands:
            continue
        ry = _years(r.get("period"))
        rend = period_end(r.get("period"))
        y = r["_doc_year"] if "_doc_year" in r else doc_years.get(r.get("doc_key"))
        if ry is None and y is not None:
            ry, rend = (y, y), (y, 12)
        if ry is None or rend is None:
            continue
        best, best_s = _best_target(r, cands, ry, rend)
        if best is not None:
            best.results.append((r, min(1.0, best_s + 0.001 * (best.years[1] - ry[1])), ry, rend))
    return sorted(targets.values(), key=lambda t: t.target_id)


def _best_target(r: dict, cands: list[Target], ry: tuple[int, int], rend: tuple[int, int]) -> tuple[Target | None, float]:
    """The target a result reports on among those of its body and unit: the same indicator (the
    more metric words shared, the surer) or, unmapped, similar metric words; a period that holds
    the result; a value of the same order; the target whose period ends nearest after it."""
    ind = r.get("indicator") or ""
    mk = metric_key(r.get("metric", ""))
    rv = float(r["value"])
    r_yearly = per_year(r) or ry[0] == ry[1]
    best, best_s = None, 0.0
    for t in cands:
        if ind or t.indicator:
            if ind != t.indicator:
                continue
            s = 0.7 + 0.3 * similar(mk, t.mkey)
        else:
            s = similar(mk, t.mkey)
            if s < 0.6:
                continue
        if t.years is None or t.end is None:
            continue
        lo, hi = t.years
        if lo < hi and ry[1] <= lo:
            continue  # the year a term or plan starts from is its baseline, not progress on it
        if lo == hi and _BY.match(str(t.mentions[0].get("period") or "")):
            lo = hi - 5  # "by 2030": the five years up to it
        if not lo <= ry[1] <= hi or rend > t.end:
            continue  # not within the target's period (a result after its deadline reports on another)
        if ry[0] < ry[1] and ry != t.years and not (t.yearly and per_year(r)):
            continue  # a whole term's sum or average against a one-year level
        if t.yearly and not r_yearly:
            continue  # "8% per year" against a whole term's figure
        if t.unit_class in ("money", "count", "area", "length", "mass", "volume") and t.value > 0 and \
                not 0.1 <= rv / t.value <= 10:
            continue  # 412.5 billion against an unrelated 40 billion VND: too far apart to be one measure
        if t.unit_class == "count" and r.get("unit") and t.mentions[0].get("unit") and \
                head_noun(r.get("unit", "")) != head_noun(t.mentions[0].get("unit", "")):
            continue  # "7 district-level units" against "45 advanced communes"
        comp = r.get("comparator") or ""
        if (comp in ("lt", "le") and t.direction != "down") or (comp in ("gt", "ge") and t.direction == "down"):
            continue  # "12 investors disbursed less than 10%": a bound on a group, not a measurement
        if any(m.get("doc_key") == r.get("doc_key") and m.get("sentence") == r.get("sentence")
               and num(m.get("value")) == rv for m in t.mentions):
            continue  # the target's own figure read twice
        s2 = s - 0.001 * (hi - ry[1])
        if s2 > best_s:
            best, best_s = t, s2
    return best, best_s


def status_of(t: Target) -> dict:
    """Status, share, latest result and evidence of one target."""
    m0 = t.mentions[0]
    direction = _direction(t, m0)
    rows = []
    for r, conf, _ry, rend in t.results:
        final = t.end is not None and rend >= t.end and explicit_time(r)  # an inherited year is no verdict
        rows.append({"figure": r, "conf": conf, "final": final, "end": rend,
                     "meets": _meets(float(r["value"]), t, direction)})
    rows.sort(key=lambda x: (x["end"], str(x["figure"].get("doc_id"))))
    finals = [x for x in rows if x["final"]]
    share = None
    if finals:
        last = finals[-1]
        status = "achieved" if last["meets"] else "not_achieved"
    elif rows:
        last = rows[-1]
        status = "achieved" if (last["meets"] and direction == "up" and t.value_high is None
                                and t.unit_class in ("count", "money", "area", "length")) else "in_progress"
        if direction == "up" and t.value:
            share = float(last["figure"]["value"]) / t.value
    else:
        last, status = None, "no_result"
    conf = (sum(x["conf"] for x in rows) / len(rows)) if rows else 1.0
    if not t.indicator:
        conf *= 0.8
    evidence = [{"role": "target", "doc_id": m.get("doc_id"), "figure_id": m.get("id"), "value": num(m.get("value")),
                 "period": m.get("period"), "sentence": str(m.get("sentence") or "")[:300]} for m in t.mentions]
    evidence += [{"role": "result", "doc_id": x["figure"].get("doc_id"), "figure_id": x["figure"].get("id"),
                  "value": num(x["figure"].get("value")), "period": x["figure"].get("period"),
                  "final": x["final"], "meets": x["meets"], "sentence": str(x["figure"].get("sentence") or "")[:300]}
                 for x in rows]
    return {"status": status, "share": share, "confidence": round(conf, 3), "direction": direction,
            "latest": last, "rows": rows, "evidence": evidence}


def _display_org(t: Target) -> str:
    """The organization most mentions name (the longest name; at a tie, the first named)."""
    names = [m.get("organization") for m in t.mentions if m.get("organization")]
    return max(dict.fromkeys(names), key=lambda n: (names.count(n), len(n))) if names else ""


def _dicts(cur: sqlite3.Cursor) -> Iterator[dict]:
    """Rows as dicts, each with its document's year (``_doc_year``, from ``_date``)."""
    cols = [d[0] for d in cur.description]
    for row in cur:
        r = dict(zip(cols, row))
        y = _years(r.pop("_date"))
        r["_doc_year"] = y[1] if y else None
        yield r


def _block_of_target(f: dict) -> str | None:
    """The block a target row falls in (None: not tracked): results are only ever linked to
    targets of their block, so the tracker is built block by block."""
    if f.get("kind") != "target" or lower_body(f, f.get("_title") or ""):
        return None
    k = _target_key(f)
    if k is None:
        return None
    if not k[0]:
        return json.dumps(["", [str(x) for x in k]])  # no body: a block of its own, never linked
    return json.dumps([k[0], k[2], k[3], k[8], k[10]])


def _block_of_result(r: dict) -> str | None:
    if not _tracked_result(r, r.get("_title") or ""):
        return None
    body = body_key(r.get("organization", ""))
    if not body:
        return None
    return json.dumps([body, r.get("unit_class") or "", fold(r.get("currency") or ""), is_amount(r), increment(r)])


def _block_id(block: str) -> int:
    """A block as the registry stores it: a 64-bit hash (two blocks that shared one would only be
    built together, :func:`build_from` keeps their targets apart)."""
    return int.from_bytes(hashlib.blake2b(block.encode(), digest_size=8).digest(), "big", signed=True)


# a copy of another document adds nothing
_NOT_A_COPY = "(d.duplicate_of IS NULL OR d.duplicate_of = '')"


def _file_pending(db: sqlite3.Connection) -> None:
    """The block of every figure added since the last rebuild (``tracker_pending``) into
    ``tracker_rows``; its block is built again."""
    def filed():
        for f in _dicts(db.execute("SELECT f.*, d.title AS _title, d.date AS _date FROM tracker_pending p"
                                   " JOIN figures f ON f.id = p.fid JOIN documents d ON d.doc_key = f.doc_key"
                                   " WHERE " + _NOT_A_COPY)):
            role = 0 if f["kind"] == "target" else 1
            b = (_block_of_target if role == 0 else _block_of_result)(f)
            if b is not None:
                yield f["id"], _block_id(b), role

    db.executemany("INSERT OR REPLACE INTO tracker_rows(fid, block, role) VALUES (?, ?, ?)", filed())
    db.execute("INSERT OR IGNORE INTO tracker_dirty(block) SELECT DISTINCT r.block FROM tracker_pending p"
               " JOIN tracker_rows r ON r.fid = p.fid")
    db.execute("DELETE FROM tracker_pending")


def _dirty_blocks(db: sqlite3.Connection) -> Iterator[tuple[int, list[Target]]]:
    """The targets of each block in ``tracker_dirty`` that holds a target, built from its rows
    alone (targets, then its results as a stream): memory holds one block's figures, never the
    whole registry's."""
    cur = db.execute("SELECT r.block AS _block, r.role AS _role, f.*, d.title AS _title, d.date AS _date"
                     " FROM tracker_dirty k JOIN tracker_rows r ON r.block = k.block"
                     " JOIN figures f ON f.id = r.fid JOIN documents d ON d.doc_key = f.doc_key"
                     " WHERE EXISTS (SELECT 1 FROM tracker_rows x WHERE x.block = k.block AND x.role = 0)"
                     " ORDER BY r.block, r.role, r.fid")
    for block, rows in groupby(_dicts(cur), key=lambda r: r.pop("_block")):
        targets, results = [], None
        for r in rows:
            if r["_role"] == 0:
                targets.append(r)
            else:  # the block's results follow its targets: read as a stream
                results = chain([r], rows)  # noqa: B031 - the rest of the same group, read once
                break
        yield block, build_from(targets, results or [])


_TRACKER_TABLES = ("targets", "target_mentions", "target_results", "tracker_rows", "tracker_pending",
                   "tracker_dirty", "tracker_target_blocks")


def _code_stamp() -> str:
    """What the tracker was built with: the package's code and data (a new Praxis builds it again)."""
    from .learn.runtime import fingerprint

    return fingerprint("none")


def rebuild(db: sqlite3.Connection, full: bool = False) -> dict[str, int]:
    """Bring the tracker tables up to date with the registry's figures, in one transaction;
    returns the number of targets by status. Only the blocks that gained or lost a figure since
    the last rebuild are built again (the registry's triggers note them: ``tracker_pending``,
    ``tracker_dirty``), so adding a batch to a large registry costs what the batch touches;
    everything is built again when ``full``, on a registry the tracker has not seen, and when
    Praxis's code has changed since. The tables are the same as a full rebuild's."""
    db.executescript(TRACKER_SQL)
    started = not db.in_transaction
    if started:
        db.execute("BEGIN IMMEDIATE")
    try:
        stamp = _code_stamp()
        had = db.execute("SELECT value FROM tracker_state WHERE key = 'code'").fetchone()
        if full or had is None or had[0] != stamp:
            for table in _TRACKER_TABLES:
                db.execute(f"DELETE FROM {table}")
            db.execute("INSERT INTO tracker_pending(fid) SELECT id FROM figures WHERE kind IN ('target', 'result')")
        _file_pending(db)
        for table in ("target_mentions", "target_results", "targets"):  # the targets of the changed blocks
            db.execute(f"DELETE FROM {table} WHERE target_id IN (SELECT target_id FROM tracker_target_blocks"
                       " WHERE block IN (SELECT block FROM tracker_dirty))")
        db.execute("DELETE FROM tracker_target_blocks WHERE block IN (SELECT block FROM tracker_dirty)")
        for block, targets in _dirty_blocks(db):
            for t in targets:
                _store(db, t, block)
        db.execute("DELETE FROM tracker_dirty")
        db.execute("INSERT OR REPLACE INTO tracker_state(key, value) VALUES ('code', ?)", (stamp,))
        if started:
            db.execute("COMMIT")
    except BaseException:
        if started and db.in_transaction:
            db.execute("ROLLBACK")
        raise
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in db.execute("SELECT status, COUNT(*) FROM targets GROUP BY status"):
        counts[status] = n
    return counts


def _store(db: sqlite3.Connection, t: Target, block: int) -> None:
    """One target's rows in ``targets``, ``target_mentions``, ``target_results`` and
    ``tracker_target_blocks``."""
    st = status_of(t)
    db.execute("INSERT INTO tracker_target_blocks(target_id, block) VALUES (?, ?)", (t.target_id, block))
    m0 = t.mentions[0]
    latest = st["latest"]["figure"] if st["latest"] else None
    doc_ids = sorted({str(m.get("doc_id")) for m in t.mentions})
    db.execute(
        "INSERT INTO targets VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (t.target_id, _display_org(t), t.body, t.indicator, m0.get("metric"), m0.get("period"),
         t.years[0] if t.years else None, t.years[1] if t.years else None, t.value, t.value_high,
         m0.get("unit"), t.unit_class, m0.get("currency"), m0.get("comparator"), st["direction"],
         st["status"], st["share"], st["confidence"], num(latest.get("value")) if latest else None,
         latest.get("doc_id") if latest else None, latest.get("period") if latest else None,
         len(t.mentions), len(st["rows"]), ";".join(doc_ids), json.dumps(st["evidence"], ensure_ascii=False)))
    db.executemany("INSERT INTO target_mentions VALUES (?,?,?,?)",
                   [(t.target_id, m.get("id"), m.get("doc_key"), m.get("doc_id")) for m in t.mentions])
    db.executemany("INSERT INTO target_results VALUES (?,?,?,?,?,?,?,?,?)",
                   [(t.target_id, x["figure"].get("id"), x["figure"].get("doc_key"), x["figure"].get("doc_id"),
                     num(x["figure"].get("value")), x["figure"].get("period"), int(x["final"]),
                     int(x["meets"]), round(x["conf"], 3)) for x in st["rows"]])


def format_value(value, unit: str = "", value_high=None, comparator: str = "") -> str:
    """A value as a reader writes it: "1,200 billion VND", "7-7.5%", "at least 15 OCOP products"."""
    v = num(value)
    if v is None:
        return ""
    hi = num(value_high)
    unit = str(unit or "")

    def one(x: float) -> str:
        if unit in ("VND", "USD"):
            for div, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
                if abs(x) >= div and not (div == 1e12 and unit == "VND"):
                    return f"{x / div:,.2f}".rstrip("0").rstrip(".") + f" {word}"
        return f"{x:,.2f}".rstrip("0").rstrip(".")

    text = one(v) + (f"-{one(hi)}" if hi is not None and hi != v else "")
    text += ("%" if unit == "%" else f" {unit}" if unit else "")
    prefix = {"gt": "over ", "ge": "at least ", "lt": "under ", "le": "at most ", "approx": "about "}.get(comparator or "", "")
    return prefix + text


def list_targets(db: sqlite3.Connection, org: str | None = None, place: str | None = None,
                 indicator: str | None = None, period: str | None = None, status: str | None = None) -> list[dict]:
    """The targets, filtered: ``org`` and ``place`` are folded substrings of the organization
    (accents optional), ``indicator`` an indicator id or a substring of the metric, ``period``
    a year the target's period covers or a substring of it, ``status`` one of STATUSES."""
    if status and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; known: {', '.join(STATUSES)}")
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'targets'").fetchone():
        return []  # a registry that has never held a figure
    cur = db.execute("SELECT * FROM targets ORDER BY organization, indicator, period_end, value, target_id")
    cols = [d[0] for d in cur.description]
    out = []
    for row in cur:
        r = dict(zip(cols, row))
        org_f = fold(r.get("organization") or "")
        if org and fold(org) not in org_f:
            continue
        if place and fold(place) not in org_f and fold(place) not in (r.get("body") or ""):
            continue
        if indicator and indicator != r.get("indicator") and fold(indicator) not in fold(r.get("metric") or ""):
            continue
        if period:
            ys = _YEAR.findall(period)
            if ys and len(ys) == 1 and r.get("period_start") is not None:
                y = int(ys[0])
                if not (r["period_start"] <= y <= r["period_end"]):
                    continue
            elif fold(period) not in fold(r.get("period") or ""):
                continue
        if status and r.get("status") != status:
            continue
        out.append(r)
    return out
