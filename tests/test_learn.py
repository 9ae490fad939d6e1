"""The learned extractors: estimator API, safe persistence, training end to end, offline use."""
import json
import shutil
import socket
from pathlib import Path

import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from pipeline.learn.models import FeatureDictClassifier, ModelError
from pipeline.learn.runtime import load_models

ROOT = Path(__file__).resolve().parents[1]
X = [{"w:reached": 1}, {"w:strive": 1}, {"w:has": 1}, {"w:reached": 1, "u:ha": 1}, {"w:aim": 1}, {"w:has": 1, "u:cells": 1}]
Y = ["result", "target", "statistic", "result", "target", "statistic"]


def test_estimator_api():
    est = FeatureDictClassifier(C=2.0)
    with pytest.raises(NotFittedError):
        est.predict(X)
    assert est.fit(X, Y) is est
    learned = [k for k in vars(est) if k not in est.get_params()]
    assert learned and all(k.endswith("_") for k in learned)
    assert list(est.predict([{"w:strive": 1}])) == ["target"]
    c = clone(est)
    assert c.get_params() == est.get_params() and not hasattr(c, "pipeline_")


def test_save_and_load_round_trip(tmp_path):
    est = FeatureDictClassifier().fit(X, Y)
    est.save(tmp_path / "m.skops")
    back = FeatureDictClassifier.load(tmp_path / "m.skops")
    assert list(back.predict(X)) == list(est.predict(X))


def test_untrusted_types_are_refused(tmp_path):
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    sio.dump(FunctionTransformer(func=len), tmp_path / "bad.skops")
    with pytest.raises(ModelError, match="trusted"):
        FeatureDictClassifier.load(tmp_path / "bad.skops")
    (tmp_path / "junk.skops").write_bytes(b"not a model")
    with pytest.raises(ModelError):
        FeatureDictClassifier.load(tmp_path / "junk.skops")


def _tiny_corpus(tmp_path: Path) -> Path:
    src = ROOT / "corpus"
    splits = json.loads((src / "splits.json").read_text())
    pick = {"train": splits["train"][:4], "dev": splits["dev"][:2], "test": splits["test"][:1]}
    dst = tmp_path / "corpus"
    (dst / "docs").mkdir(parents=True)
    (dst / "gold").mkdir()
    for ids in pick.values():
        for i in ids:
            for f in (src / "docs").glob(i + ".*"):
                shutil.copy(f, dst / "docs" / f.name)
            shutil.copy(src / "gold" / f"{i}.json", dst / "gold" / f"{i}.json")
    (dst / "splits.json").write_text(json.dumps(pick))
    return dst


def test_train_on_a_tiny_corpus_end_to_end(tmp_path):
    from pipeline import extract_text
    from pipeline.learn.train import train

    corpus = _tiny_corpus(tmp_path)
    out = tmp_path / "models"
    metrics = train(corpus, out, log=lambda m: None)
    for name in ("models.json", "metrics.json", "README.md"):
        assert (out / name).exists(), name
    for key, used in json.loads((out / "models.json").read_text())["use"].items():
        fname = {"kind": "figure_kind.skops", "obstacle": "obstacle_detect.skops", "category": "obstacle_category.skops",
                 "period": "period_chooser.json", "metric": "metric_words.json"}[key]
        assert (out / fname).exists() == used or (key in ("period", "metric") and (out / fname).exists())
    assert "Ablation" in (out / "README.md").read_text()
    assert metrics["data"]["train_docs"] == 4 and len(metrics["data"]["train_sha256"]) == 64
    again = train(corpus, tmp_path / "again", log=lambda m: None)
    assert again["models"] == metrics["models"] and again["ablation"] == metrics["ablation"]  # deterministic
    tables = extract_text("The district strives to reach 95% of households with clean water by 2030. "
                          "However, capital for rural roads is still short.", models=str(out))
    assert len(tables["figures"]) == 1


@pytest.mark.skipif(not (ROOT / "models" / "models.json").exists(), reason="no shipped models")
def test_shipped_models_load_offline(monkeypatch):
    def no_network(*a, **k):
        raise AssertionError("network used while loading models")

    monkeypatch.setattr(socket, "socket", no_network)
    load_models.cache_clear()
    models = load_models(str(ROOT / "models"))
    meta = json.loads((ROOT / "models" / "models.json").read_text())
    if any(meta["use"].values()):
        assert models is not None
    load_models.cache_clear()


def test_an_unchanged_model_is_not_written_again(tmp_path):
    X = [{"a": 1.0}, {"b": 1.0}, {"a": 1.0, "c": 1.0}, {"b": 1.0, "c": 1.0}]
    m = FeatureDictClassifier().fit(X, ["x", "y", "x", "y"])
    path = tmp_path / "m.skops"
    assert m.save_if_changed(path) is True
    before = path.read_bytes()
    assert FeatureDictClassifier().fit(X, ["x", "y", "x", "y"]).save_if_changed(path) is False
    assert path.read_bytes() == before
    assert FeatureDictClassifier(C=0.01).fit(X, ["x", "y", "x", "y"]).save_if_changed(path) is True
