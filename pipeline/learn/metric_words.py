"""Training of the metric words model: which words of a figure's sentence its metric names.

    python -m pipeline.learn.metric_words [CORPUS] [--out models/metric_words.json]

The rules build a short metric (:mod:`pipeline.extractors.metric`); readers' metrics name more
("households supported with housing" where the rules say "households"). For every figure of the
rules that the scorer's matching pairs with a gold figure, each content word of its sentence
(:func:`pipeline.extractors.metric.metric_word_candidates`: side, distance, punctuation
between, the word, its ending, whether the rules' metric holds it, unit class, kind) is labelled
1 when the gold metric holds it. A logistic regression (scikit-learn, L2) is fitted on the
``train`` role (``train`` and ``press_train``); C and the two thresholds (add a word from
``add``, drop a rule word below ``drop``) are chosen on the ``dev`` role by the scorer's
``metric`` measure (token F1 of content words), averaged over the groups. The model is used only
where it beats the rules on dev. The held-out ``test`` splits are never read.

The weights are written as plain JSON (feature -> weight, and ``_bias``), never pickled; at run
time :func:`pipeline.extractors.metric.extend_metric` applies them without scikit-learn.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..evaluate import metric_f1
from ..extractors.metric import extend_metric, metric_word_candidates
from .corpus import corpus_documents, split_names
from .linear import fit_weights, matched_figures, write_model
from .linear import main as linear_main

C_GRID = (0.3, 1.0, 3.0)
ADD_GRID = (0.3, 0.4, 0.5, 0.6)
DROP_GRID = (0.0, 0.1, 0.2, 0.3)


def figure_examples(doc_id: str, path: Path, gold: dict) -> list[dict]:
    """One example per matched figure: what extend_metric needs, and the gold metric."""
    text, seg, pairs = matched_figures(path, gold)
    out = []
    for g, f in pairs:
        ss, se = seg.sentence_of(f.q.start)
        out.append({"text": text, "q": f.q, "ss": ss, "se": se, "kind": f.kind, "rule": f.metric,
                    "gold": g.get("metric", "") or ""})
    return out


def examples(corpus: Path, split: str) -> list[dict]:
    return [e for item in corpus_documents(corpus, split) for e in figure_examples(*item)]


def _gold_words(gold: str) -> set[str]:
    from ..evaluate import _METRIC_STOP, _words

    return {w for w in _words(gold) if w not in _METRIC_STOP}


def fit(train: list[dict], c: float) -> dict[str, float]:
    X, y = [], []
    for e in train:
        gold = _gold_words(e["gold"])
        for lw, _s, _e, feats in metric_word_candidates(e["text"], e["q"], e["ss"], e["se"], e["kind"], e["rule"]):
            X.append(feats)
            y.append(int(lw in gold))
    return fit_weights(X, y, c)


def _score(exs: list[dict], model: dict | None) -> float:
    if not exs:
        return 0.0
    total = 0.0
    for e in exs:
        m = extend_metric(e["text"], e["q"], e["ss"], e["se"], e["kind"], e["rule"], model) if model else e["rule"]
        total += metric_f1(e["gold"], m)
    return total / len(exs)


def train(corpus: Path, log=print) -> dict:
    splits = json.loads((corpus / "splits.json").read_text(encoding="utf-8"))
    tr = [e for s in split_names(splits, "train") for e in examples(corpus, s)]
    dv = {s: examples(corpus, s) for s in split_names(splits, "dev")}
    log(f"metric words: {len(tr)} train figures, {sum(len(v) for v in dv.values())} dev figures")
    rules = {s: round(_score(v, None), 4) for s, v in dv.items()}
    best = None
    for c in C_GRID:
        w = fit(tr, c)
        for add in ADD_GRID:
            for drop in DROP_GRID:
                model = {"weights": w, "add": add, "drop": drop}
                acc = {s: round(_score(v, model), 4) for s, v in dv.items()}
                mean = sum(acc.values()) / len(acc) if acc else 0.0
                if best is None or mean > best[0] + 1e-9:
                    best = (mean, c, add, drop, w, acc)
    mean, c, add, drop, w, acc = best
    used = bool(rules) and mean > sum(rules.values()) / len(rules)
    return {"about": "Metric words model: logistic-regression weights over the words of a figure's sentence "
                     "(pipeline/extractors/metric.py: metric_word_candidates). Built by "
                     "`python -m pipeline.learn.metric_words` (pipeline/learn/metric_words.py) from the train "
                     "splits; C, add and drop chosen on the dev splits; do not edit by hand.",
            "use": used, "C": c, "add": add, "drop": drop, "train_splits": split_names(splits, "train"),
            "dev_splits": sorted(dv), "train_figures": len(tr), "dev_metric": acc, "dev_metric_rules": rules,
            "weights": w}


def write(corpus: Path, out: Path, log=print) -> dict:
    """The ``metric`` step: train and write the model's JSON to ``out``."""
    data = train(Path(corpus), log)
    write_model(out, data)
    log(f"metric words: C={data['C']} add>={data['add']} drop<{data['drop']} dev {data['dev_metric']} "
        f"(rules {data['dev_metric_rules']}) -> {'used' if data['use'] else 'not used'}")
    return data


def main(argv=None) -> int:
    return linear_main(__doc__, "models/metric_words.json", write, argv)


if __name__ == "__main__":
    raise SystemExit(main())
