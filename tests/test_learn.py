"""The learned extractors: estimator API, safe persistence, training end to end, offline use."""
import json
import shutil
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from pipeline.learn.models import FORMAT, FeatureDictClassifier, ModelError, model_files
from pipeline.learn.runtime import MODEL_FILES, load_models

ROOT = Path(__file__).resolve().parents[1]
X = [{"w:reached": 1}, {"w:strive": 1}, {"w:has": 1}, {"w:reached": 1, "u:ha": 1}, {"w:aim": 1}, {"w:has": 1, "u:cells": 1}]
Y = ["result", "target", "statistic", "result", "target", "statistic"]


def test_estimator_api():
    from sklearn.model_selection import GridSearchCV

    est = FeatureDictClassifier(C=2.0)
    with pytest.raises(NotFittedError):
        est.predict(X)
    assert est.fit(X, Y) is est
    learned = [k for k in vars(est) if k not in est.get_params()]
    assert learned and all(k.endswith("_") for k in learned)
    assert list(est.predict([{"w:strive": 1}])) == ["target"]
    c = clone(est)
    assert c.get_params() == est.get_params() and not hasattr(c, "coef_")
    assert repr(c) == "FeatureDictClassifier(C=2.0)" and c.set_params(C=0.5).C == 0.5
    with pytest.raises(ValueError):
        c.set_params(penalty="l1")
    grid = GridSearchCV(FeatureDictClassifier(), {"C": [0.5, 2.0]}, cv=2).fit(X * 2, Y * 2)
    assert isinstance(grid.best_estimator_, FeatureDictClassifier) and grid.best_params_["C"] in (0.5, 2.0)


def _real_features():
    """Feature dicts of corpus documents, as training sees them: (train, held out) for the
    figure kind (three classes), obstacle detection (two) and the obstacle category."""
    from pipeline.learn.corpus import corpus_documents
    from pipeline.learn.dataset import prepare
    from pipeline.learn.features import category_features

    def xy(docs):
        return {"kind": ([f for d in docs for f, g in zip(d.fig_feats, d.fig_gold) if g],
                         [g for d in docs for g in d.fig_gold if g]),
                "obstacle": ([f for d in docs for f in d.cand_feats], [y for d in docs for y in d.cand_label]),
                "category": ([category_features(c.text, c.category) for d in docs for c, g in zip(d.cands, d.cand_gold_cat) if g],
                             [g for d in docs for g in d.cand_gold_cat if g])}

    train = [prepare(*x) for x in corpus_documents(ROOT / "corpus", "train")[:8]]
    held = [prepare(*x) for x in corpus_documents(ROOT / "corpus", "dev")[:4]]
    return xy(train), xy(held)


def test_predict_proba_is_bit_identical_to_the_sklearn_pipeline(tmp_path):
    """What a model gives at run time (numpy/scipy, no scikit-learn) and after a save and a load
    is exactly (np.array_equal, not within a tolerance) what the fitted scikit-learn pipeline
    gives: the same sparse product, logistic function and softmax, in the same order."""
    train, held = _real_features()
    for key, (Xtr, ytr) in train.items():
        est = FeatureDictClassifier(C=3.0).fit(Xtr, ytr)
        pipe = est._pipeline().fit(Xtr, ytr)
        assert len(est.classes_) == len(set(ytr)) >= 2, key
        Xs = held[key][0] + Xtr[:20]
        est.save(tmp_path / f"{key}.json")
        back = FeatureDictClassifier.load(tmp_path / f"{key}.json")
        for m in (est, back):
            assert np.array_equal(m.coef_, pipe[-1].coef_) and np.array_equal(m.intercept_, pipe[-1].intercept_), key
            assert np.array_equal(m.predict_proba(Xs), pipe.predict_proba(Xs)), key
            assert np.array_equal(m.predict(Xs), pipe.predict(Xs)), key
        assert back.get_params() == est.get_params() and back.classes_.tolist() == est.classes_.tolist()


@pytest.mark.parametrize("feats", [
    [{"n": 2, "b": True, "f": 0.5, "gone": 1.0}, {"rule": "target", "b": False}],  # int, bool, float, unknown feature
    [{"rule": "result", "w:a": 1.0}, {"rule": "nowhere"}, {}],  # a string value is the feature "rule=result"
])
def test_the_feature_matrix_is_what_dictvectorizer_gives(feats):
    train = [{"n": 1, "b": True, "f": 1.5, "rule": "target", "w:a": 1.0}, {"n": 3, "rule": "result"}, {"f": 2.0, "rule": "statistic"}]
    est = FeatureDictClassifier().fit(train, ["a", "b", "c"])
    want, got = est._pipeline().fit(train, ["a", "b", "c"])[0].transform(feats), est._matrix(feats)
    assert got.shape == want.shape and np.array_equal(got.toarray(), want.toarray())
    assert np.array_equal(got.indices, want.indices) and np.array_equal(got.indptr, want.indptr)
    with pytest.raises(TypeError):
        est._matrix([{"w": None}])


def test_save_and_load_round_trip(tmp_path):
    est = FeatureDictClassifier().fit(X, Y)
    est.save(tmp_path / "m.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "m.npz"]
    meta = json.loads((tmp_path / "m.json").read_text())
    assert meta["format"] == FORMAT and meta["vocabulary"] == sorted(est.vocabulary_, key=est.vocabulary_.get)
    back = FeatureDictClassifier.load(tmp_path / "m.json")
    assert list(back.predict(X)) == list(est.predict(X))
    assert np.array_equal(back.predict_proba(X), est.predict_proba(X))


def _write_npz(path, **arrays):
    np.savez(path, **arrays)  # np.savez may pickle object arrays: the loader must refuse them


def _meta(edit):
    """A change to a good two-class model's JSON file (``edit`` changes its dict in place)."""
    return edit, None


def _weights(write):
    """A change to its weights file (``write`` gets the path, coef and intercept)."""
    return None, write


_NAN = float("nan")
BAD_FILES = [
    (_meta(lambda m: m.update(format="skops")), "format"),
    (_meta(lambda m: m.update(version=2)), "version"),
    (_meta(lambda m: m.update(version="1")), "version"),
    (_meta(lambda m: m.update(extra=1)), "keys"),
    (_meta(lambda m: m.pop("separator")), "keys"),
    (_meta(lambda m: m.update(vocabulary={"a": 0, "b": 1})), "lists"),
    (_meta(lambda m: m.update(vocabulary=[1, 2])), "strings"),
    (_meta(lambda m: m["vocabulary"].__setitem__(1, m["vocabulary"][0])), "duplicate"),
    (_meta(lambda m: m["vocabulary"].pop()), "shape"),
    (_meta(lambda m: m.update(classes=["x", "x"])), "unique"),
    (_meta(lambda m: m.update(classes=[True, False])), "classes"),
    (_meta(lambda m: m.update(classes=["x", "y", "z"])), "shape"),  # three classes need three rows
    (_meta(lambda m: m.update(separator="")), "separator"),
    (_meta(lambda m: m["params"].update(penalty="l1")), "params"),
    (_meta(lambda m: m["params"].update(C=-1)), "C"),
    (_weights(lambda p, c, i: _write_npz(p, coef=np.where(c == c.max(), _NAN, c), intercept=i)), "finite"),
    (_weights(lambda p, c, i: _write_npz(p, coef=c, intercept=i + np.inf)), "finite"),
    (_weights(lambda p, c, i: _write_npz(p, coef=c.astype(np.float32), intercept=i)), "float64"),
    (_weights(lambda p, c, i: _write_npz(p, coef=c.T, intercept=i)), "shape"),
    (_weights(lambda p, c, i: _write_npz(p, coef=c, intercept=i, extra=i)), "hold"),
    (_weights(lambda p, c, i: _write_npz(p, coef=np.array([{"a": 1}], dtype=object), intercept=i)), "Object arrays"),
    (_weights(lambda p, c, i: np.save(p.with_suffix(".npy"), np.array([{"a": 1}], dtype=object)) or p.with_suffix(".npy").rename(p)),
     "Object arrays"),
    (_weights(lambda p, c, i: p.write_bytes(b"\x80\x04K\x01.")), "pickled"),  # a pickle (of 1)
    (_weights(lambda p, c, i: np.save(p.with_suffix(".npy"), c) or p.with_suffix(".npy").rename(p)), "not an .npz"),
    (_weights(lambda p, c, i: _write_npz(p, coef=np.zeros((1, 10**6)), intercept=i)), "larger than"),
    (_weights(lambda p, c, i: p.write_bytes(b"PK\x03\x04 not a zip")), "cannot read"),
    (_weights(lambda p, c, i: p.unlink()), "cannot read"),
]


@pytest.mark.parametrize("edit,expected", BAD_FILES, ids=[f"{i}-{e}" for i, (_, e) in enumerate(BAD_FILES)])
def test_malformed_model_files_are_refused(tmp_path, edit, expected):
    meta_edit, npz_edit = edit
    m = FeatureDictClassifier().fit([{"a": 1.0}, {"b": 1.0}, {"a": 1.0, "c": 1.0}], ["x", "y", "x"])
    path = tmp_path / "m.json"
    m.save(path)
    if meta_edit:
        meta = json.loads(path.read_text())
        meta_edit(meta)
        path.write_text(json.dumps(meta))
    if npz_edit:
        npz_edit(tmp_path / "m.npz", m.coef_, m.intercept_)
    with pytest.raises(ModelError, match=expected) as err:
        FeatureDictClassifier.load(path)
    assert "\n" not in str(err.value)


def test_json_that_is_not_a_model_is_refused(tmp_path):
    for text in ["not json", "[1, 2]", '{"format": NaN}', "[" * 100000]:
        (tmp_path / "m.json").write_text(text)
        with pytest.raises(ModelError):
            FeatureDictClassifier.load(tmp_path / "m.json")


def test_a_broken_model_falls_back_to_rules_with_a_warning(tmp_path):
    FeatureDictClassifier().fit(X, Y).save(tmp_path / MODEL_FILES["kind"])
    (tmp_path / "models.json").write_text(json.dumps({"use": {"kind": True, "obstacle": True}}))
    load_models.cache_clear()
    with pytest.warns(UserWarning, match="obstacle falls back to rules"):
        models = load_models(str(tmp_path))
    assert models.kind is not None and models.obstacle is None
    (tmp_path / "figure_kind.npz").write_bytes(b"junk")
    (tmp_path / "models.json").write_text(json.dumps({"use": {"kind": True}}))
    load_models.cache_clear()
    with pytest.warns(UserWarning, match="kind falls back to rules"):
        assert load_models(str(tmp_path)) is None
    load_models.cache_clear()


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
        if key in MODEL_FILES:
            assert all(p.exists() == used for p in model_files(out / MODEL_FILES[key])), key
        elif key != "spans":
            assert (out / f"{'period_chooser' if key == 'period' else 'metric_words'}.json").exists()
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
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no model file missing or refused
        models = load_models(str(ROOT / "models"))
    meta = json.loads((ROOT / "models" / "models.json").read_text())
    if any(meta["use"].values()):
        assert models is not None
    for key in MODEL_FILES:
        assert (getattr(models, key, None) is not None) == bool(meta["use"].get(key)), key
    load_models.cache_clear()


@pytest.mark.skipif(not (ROOT / "models" / "models.json").exists(), reason="no shipped models")
def test_applying_the_shipped_models_does_not_import_sklearn():
    code = ("import sys\n"
            "from pipeline.learn.runtime import load_models\n"
            "m = load_models()\n"
            "for model in (m.kind, m.obstacle, m.category):\n"
            "    assert model is None or model.predict_proba([{'w:the': 1.0}, {}]).shape[0] == 2\n"
            "print(sorted(k for k in sys.modules if k.split('.')[0] in ('sklearn', 'skops', 'joblib')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


def test_an_unchanged_model_is_written_with_the_same_bytes_or_not_at_all(tmp_path, monkeypatch):
    X = [{"a": 1.0}, {"b": 1.0}, {"a": 1.0, "c": 1.0}, {"b": 1.0, "c": 1.0}]
    m = FeatureDictClassifier().fit(X, ["x", "y", "x", "y"])
    path = tmp_path / "m.json"
    assert m.save_if_changed(path) is True
    before = [p.read_bytes() for p in model_files(path)]
    assert FeatureDictClassifier().fit(X, ["x", "y", "x", "y"]).save_if_changed(path) is False
    assert [p.read_bytes() for p in model_files(path)] == before
    real = time.localtime
    monkeypatch.setattr(time, "localtime", lambda *a: real(86400 * 400))  # another day: no date lands in the files
    m.save(tmp_path / "again.json")
    assert [p.read_bytes() for p in model_files(tmp_path / "again.json")] == before
    assert FeatureDictClassifier(C=0.01).fit(X, ["x", "y", "x", "y"]).save_if_changed(path) is True
