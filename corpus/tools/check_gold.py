"""Check the corpus gold against SCHEMA.md's vocabularies and against the texts.

    python corpus/tools/check_gold.py [corpus/]          # all documents
    python corpus/tools/check_gold.py corpus c241 c242   # some

For each gold file: its document exists and reads; every field value is one SCHEMA.md
allows; numbers are numbers; every figure, official name and obstacle text occurs in the
document text (spacing and quotes normalised); a range has value_high > value; a fraction
has total >= value. Prints one line per problem and exits 1 if there is any.
The tests run it on the whole corpus.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

KINDS = {"target", "result", "statistic"}
UNIT_CLASSES = {"money", "percent", "count", "area", "length", "mass", "volume", "duration", "other"}
COMPARATORS = {"eq", "gt", "ge", "lt", "le", "approx", "range"}
CATEGORIES = {"finance", "staffing", "land", "procedures", "investment", "infrastructure", "social", "other"}
ORG_TYPES = {"party_committee", "party_cell", "peoples_committee", "peoples_council", "government",
             "mass_organization", "enterprise", "locality"}
LEVELS = {"central", "province", "district", "commune", "village", ""}


def _norm(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", s).strip().lower()


def _num(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_document(doc: Path, gold: dict) -> list[str]:
    from pipeline.clean import clean_text
    from pipeline.read import read_document

    problems: list[str] = []
    text = _norm(clean_text(read_document(doc).text))
    for o in gold.get("organizations", []):
        if o.get("org_type") not in ORG_TYPES:
            problems.append(f"organization {o.get('canonical')!r}: org_type {o.get('org_type')!r}")
        if o.get("level", "") not in LEVELS:
            problems.append(f"organization {o.get('canonical')!r}: level {o.get('level')!r}")
    for p in gold.get("officials", []):
        if _norm(p.get("name", "")) not in text:
            problems.append(f"official {p.get('name')!r} not in the text")
    for f in gold.get("figures", []):
        label = f"figure {f.get('text')!r}"
        if _norm(f.get("text", "")) not in text:
            problems.append(f"{label} not in the text")
        if not _num(f.get("value")):
            problems.append(f"{label}: value {f.get('value')!r} is not a number")
        for key in ("value_high", "total"):
            if f.get(key) not in (None, "") and not _num(f.get(key)):
                problems.append(f"{label}: {key} {f.get(key)!r} is not a number")
        if f.get("kind") not in KINDS:
            problems.append(f"{label}: kind {f.get('kind')!r}")
        if f.get("unit_class") not in UNIT_CLASSES:
            problems.append(f"{label}: unit_class {f.get('unit_class')!r}")
        if f.get("comparator", "eq") not in COMPARATORS:
            problems.append(f"{label}: comparator {f.get('comparator')!r}")
        if f.get("unit_class") == "money" and not f.get("currency"):
            problems.append(f"{label}: money without currency")
        hi, lo, tot = f.get("value_high"), f.get("value"), f.get("total")
        if _num(hi) and _num(lo) and hi <= lo:
            problems.append(f"{label}: value_high {hi} <= value {lo}")
        if _num(hi) and f.get("comparator") != "range":
            problems.append(f"{label}: value_high without comparator range")
        if _num(tot) and _num(lo) and tot < lo and f.get("unit_class") != "percent":
            problems.append(f"{label}: total {tot} < value {lo}")
    for o in gold.get("obstacles", []):
        label = f"obstacle {o.get('text', '')[:50]!r}"
        if _norm(o.get("text", "")) not in text:
            problems.append(f"{label} not in the text")
        if o.get("category") not in CATEGORIES:
            problems.append(f"{label}: category {o.get('category')!r}")
    return problems


def check_corpus(root: Path, ids: list[str] | None = None) -> list[str]:
    out = []
    golds = sorted((root / "gold").glob("*.json"))
    for g in golds:
        if ids and g.stem not in ids:
            continue
        docs = [d for d in (root / "docs").glob(g.stem + ".*")]
        if len(docs) != 1:
            out.append(f"{g.stem}: {len(docs)} documents")
            continue
        try:
            gold = json.loads(g.read_text(encoding="utf-8"))
        except ValueError as e:
            out.append(f"{g.stem}: bad JSON ({e})")
            continue
        if gold.get("doc_id") != docs[0].name:
            out.append(f"{g.stem}: doc_id {gold.get('doc_id')!r} is not {docs[0].name!r}")
        out.extend(f"{g.stem}: {p}" for p in check_document(docs[0], gold))
    for d in (root / "docs").iterdir():
        if not (root / "gold" / f"{d.stem}.json").exists():
            out.append(f"{d.stem}: no gold")
    return out


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    problems = check_corpus(root, argv[1:] or None)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
