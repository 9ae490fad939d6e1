"""Loading the shipped models once and applying them at run time (never imports training code)."""
from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .models import FeatureDictClassifier, ModelError, model_files

# each model is NAME.json (vocabulary, classes, parameters) + NAME.npz (weights), pipeline.learn.models
MODEL_FILES = {"kind": "figure_kind.json", "obstacle": "obstacle_detect.json",
               "category": "obstacle_category.json"}
PERIOD_FILE = "period_chooser.json"  # plain JSON weights (pipeline.learn.period_chooser)
METRIC_FILE = "metric_words.json"  # plain JSON weights (pipeline.learn.metric_words)


class Weights(dict):
    """Feature weights of a linear model, hashable by identity (a ``Models`` is a cache key)."""

    __hash__ = object.__hash__


@dataclass(frozen=True)
class Models:
    kind: FeatureDictClassifier | None = None
    obstacle: FeatureDictClassifier | None = None
    category: FeatureDictClassifier | None = None
    obstacle_threshold: float = 0.5  # a candidate the rules rejected is kept from this probability
    obstacle_keep: float = 0.0  # a candidate the rules accepted is dropped below this probability
    kind_confidence: float = 0.0  # the model overrides the rule's kind from this probability
    kind_weak_confidence: float = 0.0  # ... where the rule had no explicit cue
    ner: object = None  # spaCy NER for person names (models/spacy_ner/model)
    period: dict | None = None  # the period chooser's weights (models/period_chooser.json)
    metric: dict | None = None  # the metric words model: weights, add, drop (models/metric_words.json)


def default_models_dir() -> Path:
    env = os.environ.get("PRAXIS_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "models"


@lru_cache(maxsize=8)
def load_models(models_dir: str | None = None) -> Models | None:
    """The models in ``models_dir`` (default: the repository's ``models/``) that
    ``models.json`` marks as used; None when there are none (rules only)."""
    d = Path(models_dir) if models_dir else default_models_dir()
    meta_path = d / "models.json"
    if not meta_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    loaded = {}
    for key, fname in MODEL_FILES.items():
        if not meta.get("use", {}).get(key, False):
            continue
        path = d / fname
        missing = [p for p in model_files(path) if not p.exists()]
        if missing:
            warnings.warn(f"model file {missing[0]} is missing; {key} falls back to rules", stacklevel=2)
            continue
        try:
            loaded[key] = FeatureDictClassifier.load(path)
        except ModelError as err:
            warnings.warn(f"{err}; {key} falls back to rules", stacklevel=2)
    if meta.get("use", {}).get("spans") and (d / "spacy_ner" / "model").exists():
        import spacy

        loaded["ner"] = spacy.load(d / "spacy_ner" / "model")
    chooser = d / PERIOD_FILE
    if meta.get("use", {}).get("period") and chooser.exists():
        data = json.loads(chooser.read_text(encoding="utf-8"))
        if data.get("use") and data.get("weights"):
            loaded["period"] = Weights(data["weights"])
    words = d / METRIC_FILE
    if meta.get("use", {}).get("metric") and words.exists():
        data = json.loads(words.read_text(encoding="utf-8"))
        if data.get("use") and data.get("weights"):
            loaded["metric"] = Weights(weights=Weights(data["weights"]), add=float(data["add"]), drop=float(data["drop"]))
    if not loaded:
        return None
    return Models(obstacle_threshold=float(meta.get("obstacle_threshold", 0.5)),
                  obstacle_keep=float(meta.get("obstacle_keep", 0.0)),
                  kind_confidence=float(meta.get("kind_confidence", 0.0)),
                  kind_weak_confidence=float(meta.get("kind_weak_confidence", meta.get("kind_confidence", 0.0))),
                  **loaded)


@lru_cache(maxsize=8)
def fingerprint(setting: str | None, patterns: tuple[str, ...] = ()) -> str:
    """A hash of everything that decides a document's rows: the package's code and data
    files, the user's pattern files and, unless ``setting`` is "none", the model files it
    resolves to. Rows stored under another fingerprint are not reused
    (``pipeline.registry.ResultCache``)."""
    import hashlib

    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parents[1]
    files = sorted(p for p in pkg.rglob("*") if p.is_file() and p.suffix in {".py", ".json", ".txt", ".jsonl"})
    if setting != "none":
        d = default_models_dir() if setting in (None, "", "auto") else Path(setting)
        if d.is_dir():
            files += sorted(p for p in d.rglob("*") if p.is_file() and p.suffix != ".md")
    files += [Path(p) for p in patterns]
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


# the code that turns rule matches into model features: a model trained on other code or
# other rule data sees other features than it was trained on
FEATURE_CODE = ("learn/features.py", "extractors/figures.py", "extractors/obstacles.py", "extractors/period.py",
                "extractors/metric.py", "numbers.py")


def provenance() -> dict[str, str]:
    """What the features of the learned extractors are built from, as hashes: the rule data
    files (:func:`pipeline.rules.data_hash`) and the feature code (:data:`FEATURE_CODE`).
    ``praxis train`` records it in ``models.json``; :func:`stale` compares."""
    import hashlib

    from ..rules import data_hash

    pkg = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for rel in FEATURE_CODE:
        h.update(rel.encode())
        h.update((pkg / rel).read_bytes())
    return {"rule_data": data_hash(), "feature_code": h.hexdigest()[:16]}


def stale(setting: str | None = "auto") -> str | None:
    """One line when the models ``setting`` resolves to were trained with other rule data or
    feature code than the package holds now; None when they match (or no models are used)."""
    if setting == "none":
        return None
    d = default_models_dir() if setting in (None, "", "auto") else Path(setting)
    meta_path = d / "models.json"
    if not meta_path.exists():
        return None
    try:
        was = json.loads(meta_path.read_text(encoding="utf-8")).get("trained_with") or {}
    except ValueError:
        return f"warning: {meta_path} is not valid JSON; the models may not load"
    now = provenance()
    changed = [k.replace("_", " ") for k in ("rule_data", "feature_code") if was.get(k) != now[k]]
    if not changed:
        return None
    return (f"warning: the models in {d} were trained with other {' and '.join(changed)} than this "
            f"package holds; run `praxis train` to rebuild them (or use --models none)")


def resolve(setting: str | None) -> Models | None:
    """'auto' (shipped models if present), 'none' (rules only) or a folder."""
    if setting in (None, "", "auto"):
        return load_models(None)
    if setting == "none":
        return None
    return load_models(str(setting))


def person_spans(ner, text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """PERSON spans of the NER model, run only on sentences where a title could stand (a title
    head word is present): officials are named there, and it keeps the model cheap."""
    from ..extractors.officials import TITLE_HINT

    picked = [(a, b) for a, b in sentences if TITLE_HINT.search(text, a, b)]
    out = []
    for (a, _), doc in zip(picked, ner.pipe(text[a:b] for a, b in picked)):
        out += [(a + e.start_char, a + e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    return out
