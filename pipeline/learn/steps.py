"""The steps of the training workflow, one command each (``project.yml`` runs them; so does
``praxis train``, through ``spacy project run``):

    python -m pipeline.learn.steps features --corpus corpus --shared ../shared --out models/work/features.json.gz
    python -m pipeline.learn.steps ner      --corpus corpus --models models
    python -m pipeline.learn.steps train    --features models/work/features.json.gz --corpus corpus --shared ../shared --models models
    python -m pipeline.learn.steps evaluate --corpus corpus --shared ../shared --models models
    python -m pipeline.learn.steps card     --models models
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def guard_sets(shared: Path | None) -> list[tuple[str, Path, Path]]:
    """The seeds and patterns of ``../shared`` (name, documents, gold), when present."""
    if shared is None or not (shared / "seeds").is_dir():
        return []
    return [("seeds (../shared/seeds)", shared / "seeds", shared / "gold" / "dev"),
            ("patterns (../shared/patterns)", shared / "patterns", shared / "gold" / "patterns")]


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def features(corpus: Path, shared: Path | None, out: Path) -> None:
    from .dataset import build, save

    sets, meta = build(corpus, guard_sets(shared), _log)
    save(out, sets, meta)
    _log(f"features: wrote {out}")


def ner(corpus: Path, models: Path) -> None:
    from .spans import train_span_model

    train_span_model(corpus, models, _log)


def train(features_path: Path, corpus: Path, shared: Path | None, models: Path) -> None:
    from .dataset import folder_items
    from .spans import decide_span_model
    from .train import fit

    spans = decide_span_model(corpus, models, _log, [(n, folder_items(d, g)) for n, d, g in guard_sets(shared)])
    fit(features_path, models, _log, spans=spans)


def evaluate(corpus: Path, shared: Path | None, models: Path) -> None:
    from .train import ablation

    ablation(models, corpus, guard_sets(shared), _log)


def card(models: Path) -> None:
    from .card import write_card

    write_card(models)
    _log(f"card: wrote {models / 'README.md'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.learn.steps", description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=["features", "ner", "period", "metric", "train", "evaluate", "card"])
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--shared", type=Path, default=None, help="../shared (seeds and patterns guard the choices)")
    ap.add_argument("--models", type=Path, default=Path("models"))
    ap.add_argument("--features", type=Path, default=Path("models/work/features.json.gz"))
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args(argv)
    shared = a.shared if a.shared is not None and a.shared.is_dir() else None
    if a.step == "features":
        features(a.corpus, shared, a.out or a.features)
    elif a.step == "ner":
        ner(a.corpus, a.models)
    elif a.step == "period":
        from .period_chooser import write as write_period_chooser

        write_period_chooser(a.corpus, a.models / "period_chooser.json", _log)
    elif a.step == "metric":
        from .metric_words import write as write_metric_words

        write_metric_words(a.corpus, a.models / "metric_words.json", _log)
    elif a.step == "train":
        train(a.features, a.corpus, shared, a.models)
    elif a.step == "evaluate":
        evaluate(a.corpus, shared, a.models)
    else:
        card(a.models)
    return 0


if __name__ == "__main__":
    sys.exit(main())
