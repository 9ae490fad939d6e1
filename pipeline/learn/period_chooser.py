"""Training of the period chooser: which of a figure's candidate periods is its period.

    python -m pipeline.learn.period_chooser [CORPUS] [--out models/period_chooser.json]

The chooser decides where a figure's sentence names no time, and for every statistic (where
the sentence names the time of a result or a target, the rules read it). For every such figure
of the rules that the scorer's matching pairs with a gold figure, the candidates of
:func:`pipeline.extractors.period.period_candidates` (the time phrases of its sentence, the
last one of its paragraph, of the text before it and of a heading line, its section
heading's, the headline's, the document's year and dateline year, its past and new terms,
none) are labelled 1 when their years are the gold period's years (the scorer's ``period``
test), else 0. A logistic regression (scikit-learn, L2, lbfgs) is fitted on the candidates of the
``train`` role (``train`` and ``press_train``) with the gold kind of the figure; C is chosen
on the ``dev`` role (``dev`` and ``press_dev``) by the mean over the groups of the accuracy of
the argmax pick. The held-out ``test`` splits are never read.

The weights are written as plain JSON (feature -> weight, and ``_bias``), never pickled; at run
time :func:`pipeline.extractors.period.find_period` scores each candidate with them and takes
the best one (no scikit-learn needed). Without the file, the rules decide.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..extractors.period import doc_time, elected_term, period_candidates, rules_decide, sentence_period, stated_now
from .corpus import corpus_documents, split_names
from .linear import fit_weights, matched_figures, write_model
from .linear import main as linear_main

_YEARS = re.compile(r"\b(?:19|20)\d\d\b")
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)


def _years(s: str) -> frozenset[str]:
    return frozenset(_YEARS.findall(s or ""))


def figure_examples(doc_id: str, path: Path, gold: dict) -> list[dict]:
    """One example per matched figure: its candidates (period, features) and the gold years."""
    from ..read import read_document

    text, seg, pairs = matched_figures(path, gold)
    t = doc_time(text, read_document(path).date)
    out = []
    for g, f in pairs:
        ss, se = seg.sentence_of(f.q.start)
        kind = g.get("kind") or f.kind
        own = sentence_period(text, f.q.start, f.q.end, ss, se, t, kind)
        if rules_decide(own, kind):
            continue  # the sentence names the time: the rules read it; the chooser is for the rest
        if elected_term(text, f.q.start, f.q.end, ss, se, t) or stated_now(text, f.q.start, ss, own, kind):
            continue  # the members of an elected body (its term), a present state (none): the rules decide
        cands = period_candidates(text, f.q.start, f.q.end, ss, se, t, kind, f.q.unit_class)
        out.append({"doc": doc_id, "gold": sorted(_years(g.get("period", ""))), "cands": cands,
                    "kind": kind, "where": f"{text[ss:f.q.start]}[[{f.q.text}]]{text[f.q.end:se]}"})
    return out


def examples(corpus: Path, split: str) -> list[dict]:
    return [e for item in corpus_documents(corpus, split) for e in figure_examples(*item)]


def _accuracy(exs: list[dict], weights: dict[str, float]) -> float:
    from ..extractors.period import score_candidate

    if not exs:
        return 0.0
    ok = 0
    for e in exs:
        val = max(e["cands"], key=lambda c: score_candidate(c[1], weights))[0]
        ok += sorted(_years(val)) == e["gold"]
    return ok / len(exs)


def fit(train: list[dict], c: float) -> dict[str, float]:
    X = [feats for e in train for _val, feats in e["cands"]]
    y = [int(sorted(_years(val)) == e["gold"]) for e in train for val, _feats in e["cands"]]
    return fit_weights(X, y, c, max_iter=2000)


def train(corpus: Path, log=print) -> dict:
    splits = json.loads((corpus / "splits.json").read_text(encoding="utf-8"))
    tr = {s: examples(corpus, s) for s in split_names(splits, "train")}
    dv = {s: examples(corpus, s) for s in split_names(splits, "dev")}
    all_tr = [e for v in tr.values() for e in v]
    log(f"period chooser: {len(all_tr)} train figures, {sum(len(v) for v in dv.values())} dev figures")
    rules = {s: round(_accuracy(v, {"rule": 1.0}), 4) for s, v in dv.items()}
    best = None
    for c in C_GRID:
        w = fit(all_tr, c)
        acc = {s: round(_accuracy(v, w), 4) for s, v in dv.items()}
        mean = sum(acc.values()) / len(acc)
        log(f"  C={c}: dev {acc} (rules {rules})")
        if best is None or mean > best[0] + 1e-9:
            best = (mean, c, w, acc)
    mean, c, w, acc = best
    used = bool(rules) and mean > sum(rules.values()) / len(rules)  # used only where it beats the rules on dev
    return {"about": "Period chooser: logistic-regression weights over the candidate periods of a figure "
                     "(pipeline/extractors/period.py: period_candidates). Built by "
                     "`python -m pipeline.learn.period_chooser` (pipeline/learn/period_chooser.py) from the "
                     "train splits, C chosen on the dev splits; do not edit by hand.",
            "use": used, "C": c, "train_splits": sorted(tr), "dev_splits": sorted(dv),
            "train_figures": len(all_tr), "dev_accuracy": acc, "dev_accuracy_rules": rules, "weights": w}


def write(corpus: Path, out: Path, log=print) -> dict:
    """The ``period`` step: train and write the chooser's JSON to ``out``."""
    data = train(Path(corpus), log)
    write_model(out, data)
    log(f"period chooser: C={data['C']} dev {data['dev_accuracy']} (rules {data['dev_accuracy_rules']})"
        f" -> {'used' if data['use'] else 'not used'}")
    return data


def main(argv=None) -> int:
    return linear_main(__doc__, "models/period_chooser.json", write, argv)


if __name__ == "__main__":
    raise SystemExit(main())
