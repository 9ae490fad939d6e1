"""Make the second group's gold periods of statistics follow the shared gold's convention.

    python corpus/tools/period_convention.py [--write] [corpus/]

The real reports' gold (``../shared/gold``) gives a descriptive statistic (a size, a count of
what exists or was damaged, a cost) a period only when its sentence gives one: none of the 20
statistics of the seeds and patterns whose sentence names no time has one. The second group
(r001-r150) was first annotated with the document's year on such statistics ("The flood swept
away 37 houses" -> 2025). This pass clears the period of a statistic when the period is a bare
year and the figure's sentence names no year and no time ("this year", "the first 6 months",
"term", a month, a quarter). It does not look at any prediction. Without ``--write`` it only
counts, per split.

A second rule (2026-12-07, third pass) does the same for a result stated in the present
("Currently, the fruit area is over 200 hectares", "The commune now meets 12/19 criteria"):
the seeds' gold gives such results no period, nor does the first group (none of its 100), while
the second group gave 17 of them the document's year. The period is cleared when the text before
the figure in its sentence says "currently", "now", "at present" or "presently" and the
sentence names no time.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

_TIME = re.compile(r"\b(?:19|20)\d\d\b|\b(?:this|last|next|the)\s+year\b|\bmonths?\b|\bquarter\b|\bterm\b"
                   r"|\b(?:january|february|march|april|may|june|july|august|september|october|november"
                   r"|december)\b", re.I)
_PRESENT = re.compile(r"\b(?:currently|now|at\s+present|presently)\b", re.I)
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“A-Z0-9(])|\n+")


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def clear_document(doc: Path, gold: dict) -> int:
    from pipeline.clean import clean_text
    from pipeline.read import read_document

    text = clean_text(read_document(doc).text)
    sents = _sentences(text)
    cleared, pos = 0, 0
    for f in gold.get("figures", []):
        at = text.find(f.get("text", ""), pos)
        at = text.find(f.get("text", "")) if at < 0 else at
        if at < 0:
            continue
        pos = at
        if f.get("kind") not in ("statistic", "result") or not re.fullmatch(r"(?:19|20)\d\d", f.get("period") or ""):
            continue
        s, e = next(((s, e) for s, e in sents if s <= at < e), (0, len(text)))
        if f["kind"] == "result" and not _PRESENT.search(text, s, at):
            continue
        sent = text[s:e].replace(f["text"], " ")
        if not _TIME.search(sent):
            f["period"] = ""
            cleared += 1
    return cleared


def _rewrite(raw: str, before: dict, after: dict) -> str:
    """The gold file with the cleared periods, in the layout it had (indented, or one line a row)."""
    full = json.dumps(before, ensure_ascii=False, indent=1)
    if raw.rstrip("\n") == full:
        return json.dumps(after, ensure_ascii=False, indent=1) + raw[len(full):]
    lines, at = raw.split("\n"), 0
    for old, new in zip(before["figures"], after["figures"]):
        key = '"text": ' + json.dumps(old["text"], ensure_ascii=False)
        while key not in lines[at]:
            at += 1
        if old.get("period") != new.get("period"):
            lines[at] = lines[at].replace('"period": ' + json.dumps(old["period"]), '"period": ""', 1)
        at += 1
    out = "\n".join(lines)
    assert json.loads(out) == after, "the line edit did not give the cleared gold"
    return out


def main(argv: list[str]) -> int:
    write = "--write" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else Path(__file__).resolve().parents[1]
    splits = json.loads((root / "splits.json").read_text())
    split_of = {d: k for k, v in splits.items() if k.startswith("press_") for d in v}
    counts: Counter[str] = Counter()
    for g in sorted((root / "gold").glob("r*.json")):
        gold = json.loads(g.read_text())
        doc = next((p for p in (root / "docs").glob(g.stem + ".*")), None)
        if doc is None:
            continue
        before = json.loads(g.read_text())
        n = clear_document(doc, gold)
        counts[split_of.get(g.stem, "?")] += n
        if n and write:
            g.write_text(_rewrite(g.read_text(), before, gold))
    print(dict(counts), "cleared" if write else "to clear")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    raise SystemExit(main(sys.argv[1:]))
