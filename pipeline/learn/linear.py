"""What the plain-JSON linear models (the period chooser, the metric words model) share: fitting
a logistic regression over feature dicts into a JSON weight map, writing the model file, and
the command line of each training module. Scoring at run time is
:func:`pipeline.extractors.period.score_candidate` (no scikit-learn there)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable


def fit_weights(X: list[dict[str, float]], y: list[int], c: float, max_iter: int = 3000) -> dict[str, float]:
    """Logistic-regression weights (feature -> weight, and ``_bias``), rounded, zeros left out."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    model = LogisticRegression(C=c, max_iter=max_iter, random_state=0)
    model.fit(vec.fit_transform(X), y)
    w = {name: round(float(v), 6) for name, v in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(v) > 1e-6}
    w["_bias"] = round(float(model.intercept_[0]), 6)
    return dict(sorted(w.items()))


def matched_figures(path: Path, gold: dict):
    """The rules' figures of a corpus document that the scorer's matching pairs with gold:
    ``(text, segmentation, [(gold row, Figure), ...])``."""
    from ..clean import clean_text
    from ..evaluate import greedy, match_figure
    from ..extractors.figures import find_figures
    from ..read import read_document
    from ..textutil import segment

    text = clean_text(read_document(path).text)
    seg = segment(text)
    figs = find_figures(text, seg.sentences)
    rows = [{"text": f.q.text, "value": f.q.value, "value_high": f.q.value_high, "total": f.q.total,
             "unit_class": f.q.unit_class, "i": i} for i, f in enumerate(figs)]
    return text, seg, [(g, figs[p["i"]]) for g, p in greedy(gold.get("figures", []), rows, match_figure)]


def write_model(out: Path, data: dict) -> None:
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(doc: str, default_out: str, write: Callable[[Path, Path], dict], argv=None) -> int:
    """``python -m pipeline.learn.<module> [CORPUS] [--out FILE]``."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="corpus", type=Path)
    ap.add_argument("--out", default=Path(default_out), type=Path)
    args = ap.parse_args(argv)
    write(args.corpus, args.out)
    return 0
