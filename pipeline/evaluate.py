"""Scoring extracted tables against gold JSON, by the matching rules of SCHEMA.md.

The rules are those of ``../shared/eval/score.py`` (one-to-one greedy matching within a
document; officials by folded name, organizations by canonical word sets, figures by value
and unit class, obstacles by word overlap); ``tests/test_evaluate.py`` checks that both give
the same numbers. On top: confusion matrices for figure kind and obstacle category, and the
list of misses and spurious rows.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Iterable

import regex as re

from .textutil import fold

# The constants below are the contract's (``../shared/eval/score.py``), not rule data: they
# must stay equal to the scorer's, whatever the grammars' vocabularies become.
GENERIC = {
    "party", "committee", "committees", "people", "peoples", "council", "councils",
    "provincial", "province", "district", "commune", "ward", "town", "village", "city",
    "standing", "executive", "central", "government", "board", "organization", "cell",
    "cells", "grassroots", "state", "local", "authorities", "authority", "level", "levels",
    "all", "front", "fatherland", "political", "system", "department", "agency",
    "steering", "congress", "union", "association", "inspection", "commission", "cpv", "cc",
}
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
_STOP = {"of", "the", "s", "and", "a", "an"}
_LEVEL_WORDS = {"province", "provincial", "district", "commune", "ward", "town", "village",
                "city", "municipal", "standing", "executive", "board", "committee"}
_FOLD_WORDS = {"provincial": "province", "municipal": "city", "organisation": "organization"}
TABLES = ["officials", "organizations", "figures", "obstacles"]


def _words(text) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(str(text or "")))


def _wordset(text) -> frozenset[str]:
    return frozenset(w for w in _words(text) if w not in _STOP)


def _num(x) -> float | None:
    if x is None:
        return None
    s = str(x).strip().replace(",", "")
    if s == "" or s.lower() in {"nan", "none", "null", "<na>"}:
        return None
    try:
        v = float(s)
    except ValueError:
        return None
    return None if math.isnan(v) else v


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = abs(a), abs(b)
    return abs(a - b) <= 1e-3 * max(a, b, 1e-9)


def token_f1(a, b) -> float:
    ta, tb = _words(a), _words(b)
    if not ta and not tb:
        return 1.0
    if not ta or not tb:
        return 0.0
    pool = Counter(tb)
    common = 0
    for t in ta:
        if pool[t] > 0:
            pool[t] -= 1
            common += 1
    if common == 0:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


_METRIC_STOP = _STOP | {"in", "on", "for", "to", "by", "with", "at", "from", "per", "its", "their",
                        "this", "that", "which", "is", "are", "was", "were", "be", "total", "number"}


def metric_f1(a, b) -> float:
    """Token F1 of the content words of two metric phrases (what a figure measures)."""
    return token_f1(" ".join(w for w in _words(a) if w not in _METRIC_STOP),
                    " ".join(w for w in _words(b) if w not in _METRIC_STOP))


def years(text) -> frozenset[str]:
    """The years a period names ("2021-2025" -> {2021, 2025})."""
    return frozenset(re.findall(r"\b(?:19|20)\d\d\b", fold(str(text or ""))))


def _overlap(a, b) -> float:
    sa, sb = set(_words(a)) - _STOP, set(_words(b)) - _STOP
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def _org_key(text) -> frozenset[str]:
    t = re.sub(r"\bviet\s+nam(ese)?\b|\bvietnamese\b", "vietnam", fold(str(text or "")))
    return frozenset(_FOLD_WORDS.get(w, w) for w in _wordset(t))


def match_official(g, p) -> float:
    return 1.0 if fold(g["name"]) == fold(p.get("name", "")) else 0.0


def match_org(g, p) -> float:
    gk, pk = _org_key(g["canonical"]), _org_key(p.get("canonical", ""))
    if gk == pk:
        return 1.0
    if gk - _LEVEL_WORDS and gk - _LEVEL_WORDS == pk - _LEVEL_WORDS:
        return 0.9
    return 0.0


def is_specific_org(p) -> bool:
    return any(w not in GENERIC and not _ORDINAL.match(w)
               for w in _wordset(p.get("canonical", "") or p.get("name", "")))


def match_figure(g, p) -> float:
    if fold(g.get("unit_class", "")) != fold(p.get("unit_class", "")):
        return 0.0
    if not _close(_num(g["value"]), _num(p.get("value"))):
        return 0.0
    for key in ("value_high", "total"):
        if _num(g.get(key)) is not None and not _close(_num(g.get(key)), _num(p.get(key))):
            return 0.0
    return 1.0 + token_f1(g.get("text", ""), p.get("text", ""))


def match_obstacle(g, p) -> float:
    o = _overlap(g["text"], p.get("text", ""))
    return o if o >= 0.5 else 0.0


def _place_ok(g, p) -> bool:
    gw = _wordset(g.get("place", "")) - {"commune", "ward", "district", "province", "village", "town", "city"}
    if not gw:
        return True
    return gw <= (_wordset(p.get("place", "")) | _wordset(p.get("organization", "")))


def _same(field):
    return lambda g, p: 1.0 if fold(g.get(field, "")) == fold(p.get(field, "")) else 0.0


RULES = {
    "officials": (match_official, None, {"titles": lambda g, p: token_f1(g.get("titles", ""), p.get("titles", "")),
                                         "place": lambda g, p: 1.0 if _place_ok(g, p) else 0.0}),
    "organizations": (match_org, is_specific_org, {"org_type": _same("org_type")}),
    "figures": (match_figure, None, {
        "kind": _same("kind"),
        # what the figure measures and the years it refers to: what the target registry is keyed on
        "metric": lambda g, p: metric_f1(g.get("metric", ""), p.get("metric", "")),
        "period": lambda g, p: 1.0 if years(g.get("period", "")) == years(p.get("period", "")) else 0.0,
    }),
    "obstacles": (match_obstacle, None, {"category": _same("category")}),
}
CONFUSION = {"figures": "kind", "obstacles": "category"}


def greedy(gold: list[dict], pred: list[dict], score) -> list[tuple[dict, dict]]:
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = score(g, p)
            if s > 0:
                cands.append((s, i, j))
    cands.sort(key=lambda t: -t[0])
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gold[i], pred[j]))
    return pairs


def load_gold(gold_dir: str | Path, only: Iterable[str] | None = None) -> dict[str, dict]:
    """Gold documents by doc_id (file name); ``only`` keeps the ids whose stem is listed."""
    keep = set(only) if only is not None else None
    out = {}
    for f in sorted(Path(gold_dir).glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        doc_id = Path(doc.get("doc_id", f.stem + ".txt")).name
        if keep is None or Path(doc_id).stem in keep or f.stem in keep:
            out[doc_id] = doc
    return out


def _rows_by_doc(rows: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(Path(str(r.get("doc_id", ""))).name, []).append(
            {k: ("" if v is None or (isinstance(v, float) and math.isnan(v)) else v) for k, v in r.items()})
    return out


def score(gold_docs: dict[str, dict], pred: dict[str, list[dict]]) -> dict:
    """Scores per table: gold/pred/matched, P/R/F1, field accuracies, confusion, misses."""
    out: dict = {"documents": len(gold_docs)}
    for table, (matcher, keep, fields) in RULES.items():
        by_doc = _rows_by_doc(pred.get(table, []))
        tp = n_gold = n_pred = 0
        sums = {k: 0.0 for k in fields}
        confusion: Counter = Counter()
        misses, extras = [], []
        for doc_id, doc in gold_docs.items():
            gold = doc.get(table, [])
            p_rows = by_doc.get(doc_id, [])
            if keep:
                gold = [g for g in gold if keep(g)]
                p_rows = [p for p in p_rows if keep(p)]
            pairs = greedy(gold, p_rows, matcher)
            tp += len(pairs)
            n_gold += len(gold)
            n_pred += len(p_rows)
            for g, p in pairs:
                for k, fn in fields.items():
                    sums[k] += fn(g, p)
                if table in CONFUSION:
                    f = CONFUSION[table]
                    confusion[(str(g.get(f, "")), str(p.get(f, "")))] += 1
            got_g = {id(g) for g, _ in pairs}
            got_p = {id(p) for _, p in pairs}
            misses += [f"{doc_id}: {g.get('name') or g.get('canonical') or g.get('text')}" for g in gold if id(g) not in got_g]
            extras += [f"{doc_id}: {p.get('name') or p.get('canonical') or p.get('text')}" for p in p_rows if id(p) not in got_p]
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        res = {"gold": n_gold, "pred": n_pred, "matched": tp, "precision": round(prec, 4),
               "recall": round(rec, 4), "f1": round(f1, 4),
               **{f"{k}_acc": round(v / tp, 4) if tp else 0.0 for k, v in sums.items()},
               "missed": misses, "spurious": extras}
        if table in CONFUSION:
            res["confusion"] = {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())}
        out[table] = res
    return out


def format_report(result: dict, show: bool = False) -> str:
    lines = [f"{'table':14} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}  fields"]
    for t in TABLES:
        r = result[t]
        extra = "  ".join(f"{k}={v:.2f}" for k, v in r.items() if k.endswith("_acc"))
        lines.append(f"{t:14} {r['gold']:>5} {r['pred']:>5} {r['precision']:>6.2f} {r['recall']:>6.2f} {r['f1']:>6.2f}  {extra}")
    for t, field in CONFUSION.items():
        conf = result[t].get("confusion", {})
        labels = sorted({k.split("->")[0] for k in conf} | {k.split("->")[1] for k in conf})
        if not labels:
            continue
        lines.append(f"\n{field} confusion (rows gold, columns predicted)")
        w = max(len(x) for x in labels) + 1
        lines.append(" " * w + "".join(f"{x[:10]:>11}" for x in labels))
        for g in labels:
            lines.append(f"{g:<{w}}" + "".join(f"{conf.get(f'{g}->{p}', 0):>11}" for p in labels))
    if show:
        for t in TABLES:
            lines.append(f"\n{t}")
            lines += [f"    missed   {m}" for m in result[t]["missed"]]
            lines += [f"    spurious {m}" for m in result[t]["spurious"]]
    return "\n".join(lines)


def kind_agreement(gold_dir: str | Path, second_dir: str | Path) -> tuple[int, float]:
    """How often a second annotator's figure kinds (files with the same figures, in order)
    agree with the gold: (figures compared, share agreeing)."""
    n = agree = 0
    for f in sorted(Path(second_dir).glob("*.json")):
        second = json.loads(f.read_text(encoding="utf-8"))
        gold = json.loads((Path(gold_dir) / f.name).read_text(encoding="utf-8"))
        for a, b in zip(second["figures"], gold["figures"]):
            if a.get("kind"):
                n += 1
                agree += a["kind"] == b.get("kind")
    return n, (agree / n if n else 0.0)
