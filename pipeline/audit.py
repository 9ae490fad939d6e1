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
from .textutil import fold
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
def check_result_vs_target(figs: list[dict]) -> list[Finding]:
    out = []
    by_doc = defaultdict(list)
    for f in figs:
        by_doc[f.get("doc_key") or f.get("doc_id")].append(f)
    for doc_figs in by_doc.values():
        targets = [f for f in doc_figs if f.get("kind") == "target"]
        for r in (f for f in doc_figs if f.get("kind") == "result"):
            best, best_s = None, 0.0
            for t in targets:
                if t is r or not _same_unit(r, t) or fold(t.get("currency", "")) != fold(r.get("currency", "")):
                    continue
                if r.get("total") not in (None, "") or t.get("total") not in (None, ""):
                    continue
                if not periods_compatible(r.get("period"), t.get("period")):
                    continue
                same_sentence = r.get("sentence") == t.get("sentence")
                near = abs((r.get("start") or 0) - (t.get("start") or 0)) < 1500
                if not (same_sentence or near):
                    continue
                if not same_sentence and r.get("organization") and t.get("organization") and \
                        org_similarity(r["organization"], t["organization"]) < 0.8:
                    continue
                s = similarity(r.get("metric"), t.get("metric"))
                if s > best_s:
                    best, best_s = t, s
            if best is None or best_s < 0.7:
                continue
            out.append(_compare_result(r, best, best_s))
    return out


def _compare_result(r: dict, t: dict, conf: float) -> Finding:
    v = _num(r.get("value"))
    lo = _num(t.get("value"))
    hi = _num(t.get("value_high")) or lo
    claim = bool(_CLAIM_MET.search(str(r.get("sentence", ""))))
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
        r_amount = _is_amount(r)
        t_amount = _is_amount(t)
        if r_amount != t_amount:
            return Finding("result_vs_target", "unverifiable", conf * 0.5,
                           "a change and a level of a falling metric cannot be compared", [r, t])
        met = v >= lo if r_amount else v <= hi
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


def _is_amount(f: dict) -> bool:
    """A change ("fell by 6.3%", "a 3.5% reduction") rather than a level ("to 18.6%")."""
    sent = str(f.get("sentence", ""))
    i = sent.find(str(f.get("text", "")))
    before = sent[max(0, i - 30):i] if i >= 0 else ""
    after = sent[i + len(str(f.get("text", ""))):][:25] if i >= 0 else ""
    return bool(re.search(r"\bby\s*$|\b(?:cut|reduce|reduction\s+of|decrease\s+of)\s*$", before, re.I)
                or re.match(r"\s*(?:reduction|decrease|cut)\b|\s*(?:per|a|each)\s+year", after, re.I))


def check_part_whole(figs: list[dict]) -> list[Finding]:
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
        for i, f in enumerate(group):
            # "15/30 targets ..., the remaining 15 targets"
            if _num(f.get("total")) is not None:
                for g in group[i + 1:]:
                    if "remaining" in fold(g.get("text", "")) and _num(g.get("total")) is None and _same_unit(f, g):
                        s = _num(f["value"]) + _num(g["value"])
                        ok = abs(s - _num(f["total"])) < 1e-6
                        out.append(Finding("part_whole", "consistent" if ok else "contradicts", 0.9,
                                           f"{_fmt(f['value'])} + remaining {_fmt(g['value'])} = {_fmt(s)} against "
                                           f"{_fmt(f['total'])}", [f, g]))
                        break
            # "more than 700 households, including 77 households"
            sent = str(f.get("sentence", ""))
            if f.get("unit_class") not in ("count", "money", "area"):
                continue
            for g in group[i + 1:]:
                a_end = sent.find(str(f.get("text", "")))
                b_start = sent.find(str(g.get("text", "")), max(a_end, 0) + 1)
                between = sent[a_end + len(str(f.get("text", ""))):b_start] if a_end >= 0 and b_start > a_end else ""
                if not _same_unit(f, g) or "remaining" in fold(g.get("text", "")):
                    continue
                if re.search(r"\b(?:including|of\s+(?:which|whom|these|them)|among\s+(?:them|which|whom))\b", between, re.I) \
                        and len(between) < 80:
                    whole, part = _num(f["value"]), _num(g["value"])
                    ok = part <= whole or f.get("comparator") in ("gt", "ge")
                    if f.get("comparator") in ("lt", "le", "approx") and part > whole:
                        ok = False
                    out.append(Finding("part_whole", "consistent" if ok else "contradicts", 0.85,
                                       f"part {_fmt(part)} of whole {f.get('text')}" + ("" if ok else ": the part exceeds the whole"), [f, g]))
                break  # only the next amount of the same unit can be the part of this whole
    out += _check_percent_of_plan(figs)
    return out


def _same_unit(a: dict, b: dict) -> bool:
    if a.get("unit_class") != b.get("unit_class"):
        return False
    if a.get("unit_class") == "count":
        return fold(a.get("unit", "")).rstrip("s")[-6:] == fold(b.get("unit", "")).rstrip("s")[-6:] or not b.get("unit")
    return True


def _check_percent_of_plan(figs: list[dict]) -> list[Finding]:
    """"reaching 29.74% of the plan of 7,124.72 billion" against the amount reported."""
    out = []
    by_sent = defaultdict(list)
    for f in figs:
        by_sent[_para_key(f)].append(f)
    for group in by_sent.values():
        pcts = [f for f in group if f.get("unit_class") == "percent"
                and re.search(r"\bof\s+the\s+(?:\w+\s+)?(?:plan|estimate|target)", fold(f.get("text", "")))]
        money = [f for f in group if f.get("unit_class") == "money"]
        plans = [f for f in money if f.get("kind") == "target"]
        amounts = [f for f in money if f.get("kind") != "target"]
        for p in pcts:
            if not plans or not amounts:
                continue
            plan = min(plans, key=lambda x: abs((x.get("start") or 0) - (p.get("start") or 0)))
            amount = min(amounts, key=lambda x: abs((x.get("start") or 0) - (p.get("start") or 0)))
            a, t, pv = _num(amount["value"]), _num(plan["value"]), _num(p["value"])
            if not t:
                continue
            actual = a / t * 100
            ok = abs(actual - pv) <= max(0.5, 0.01 * pv)
            out.append(Finding("part_whole", "consistent" if ok else "contradicts", 0.8,
                               f"{_fmt(a)} / {_fmt(t)} = {actual:.2f}% against the stated {_fmt(pv)}%",
                               [p, amount, plan]))
    return out


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
                    ok = _num(c["value"]) >= n
                    out.append(Finding("words_vs_numbers", "consistent" if ok else "contradicts", 0.8,
                                       f"'all {_fmt(n)} {noun}s' against {c.get('text')}", involved + [c]))
    return out


def check_cross_document(figs: list[dict], min_sim: float = 0.85) -> list[Finding]:
    """Same metric, organization, period and kind in two documents with different values."""
    out = []
    blocks = defaultdict(list)
    for f in figs:
        if not f.get("period") or not f.get("organization") or len(_words(f.get("metric")).split()) < 2:
            continue
        if _num(f.get("total")) is not None:
            continue
        blocks[(f.get("unit_class"), f.get("kind"), fold(f.get("period")))].append(f)
    for group in blocks.values():
        if len(group) > 400:
            group = group[:400]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.get("doc_key") == b.get("doc_key") or a.get("doc_id") == b.get("doc_id"):
                    continue
                so = org_similarity(a.get("organization"), b.get("organization"))
                sm = similarity(a.get("metric"), b.get("metric"))
                if so < min_sim or sm < min_sim:
                    continue
                va, vb = _num(a.get("value")), _num(b.get("value"))
                same = va is not None and vb is not None and abs(va - vb) <= 0.01 * max(abs(va), abs(vb), 1e-9)
                out.append(Finding("cross_document", "consistent" if same else "contradicts", min(so, sm),
                                   f"{a.get('metric')} of {a.get('organization')} ({a.get('period')}): "
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
                try:
                    r["value"] = float(r["value"].replace(",", ""))
                except ValueError:
                    raise AuditReferenceError(f"reference {p.name} line {i}: value {r['value']!r} is not a number") from None
                if r.get("tolerance"):
                    try:
                        r["tolerance"] = float(r["tolerance"].rstrip("%")) / (100 if r["tolerance"].endswith("%") else 1)
                    except ValueError:
                        raise AuditReferenceError(f"reference {p.name} line {i}: tolerance {r['tolerance']!r} is not a number") from None
                rows.append(r)
    except UnicodeDecodeError:
        raise AuditReferenceError(f"reference {p.name} is not UTF-8 text") from None
    return rows


def check_reference(figs: list[dict], reference: list[dict], tolerance: float = 0.01) -> list[Finding]:
    out = []
    for ref in reference:
        cands = []
        for f in figs:
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


def run_audit(figs: list[dict], reference: list[dict] | None = None, tolerance: float = 0.01) -> list[Finding]:
    findings = (check_result_vs_target(figs) + check_part_whole(figs) + check_words_vs_numbers(figs)
                + check_cross_document(figs))
    if reference is not None:
        findings += check_reference(figs, reference, tolerance)
    return findings


def write_audit(findings: list[Finding], path: str | os.PathLike) -> None:
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".partial")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=AUDIT_COLUMNS)
        w.writeheader()
        for f in findings:
            w.writerow(f.row())
    os.replace(tmp, path)
