"""The learned extractors: linear models over feature dicts, saved as JSON + ``.npz``.

``FeatureDictClassifier`` follows the estimator API: ``__init__`` stores its keyword
arguments, ``get_params``/``set_params`` read and set them, ``fit`` returns ``self``, learned
attributes end in ``_``, ``predict`` checks that it was fitted; ``clone`` and grid search work
on it. ``fit`` trains a scikit-learn ``Pipeline`` (DictVectorizer + LogisticRegression) and
keeps only what it learned, as plain attributes: ``vocabulary_`` (feature name -> column),
``separator_``, ``classes_``, ``coef_`` and ``intercept_``. Applying a model never imports
scikit-learn (it takes about a second to import): ``predict_proba`` computes what the fitted
pipeline's ``predict_proba`` gives, with the same floating-point operations in the same order,
so the probabilities are bit-identical (``tests/test_learn.py`` compares them).

A model ``NAME`` is two files (:func:`model_files`), written byte for byte the same for the
same model and read without running code from them:

* ``NAME.json``: ``format`` (:data:`FORMAT`) and ``version`` (:data:`VERSION`), ``params``
  (the estimator's parameters), ``classes`` (strings or integers), ``separator`` (what joins
  a feature's name and a string value, as DictVectorizer does) and ``vocabulary`` (the
  feature names in column order);
* ``NAME.npz``: ``coef`` (one row per class, or one row for two classes; one column per
  feature) and ``intercept`` (one per row), float64, read with ``allow_pickle=False``.

Anything else (an unknown key or version, a duplicate feature, a shape that does not fit,
a weight that is not finite, an object array) raises :class:`ModelError`.
"""
from __future__ import annotations

import io
import json
import math
import os
import zipfile
from numbers import Number
from pathlib import Path

import numpy as np

from ..errors import ModelError

FORMAT = "praxis-linear-model"
VERSION = 1
KEYS = ("format", "version", "params", "classes", "separator", "vocabulary")
ARRAYS = ("coef", "intercept")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed member dates: the same model gives the same bytes


def model_files(path: str | Path) -> tuple[Path, Path]:
    """The two files of the model at ``path`` (its ``.json``; the ``.npz`` beside it)."""
    path = Path(path)
    return path.with_suffix(".json"), path.with_suffix(".npz")


class FeatureDictClassifier:
    """Feature dicts in, labels out: DictVectorizer + L2 logistic regression."""

    def __init__(self, C: float = 1.0, class_weight=None, max_iter: int = 3000, random_state: int = 0):
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    # ---- the estimator API (scikit-learn is imported only to train)
    def get_params(self, deep: bool = True) -> dict:
        return {"C": self.C, "class_weight": self.class_weight, "max_iter": self.max_iter,
                "random_state": self.random_state}

    def set_params(self, **params) -> FeatureDictClassifier:
        known = self.get_params()
        for k, v in params.items():
            if k not in known:
                raise ValueError(f"invalid parameter {k!r} for {type(self).__name__}; valid: {sorted(known)}")
            setattr(self, k, v)
        return self

    def __repr__(self) -> str:
        default = type(self)().get_params()
        return f"{type(self).__name__}(" + ", ".join(
            f"{k}={v!r}" for k, v in self.get_params().items() if v != default[k]) + ")"

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags, InputTags, Tags, TargetTags

        return Tags(estimator_type="classifier", target_tags=TargetTags(required=True),
                    classifier_tags=ClassifierTags(), input_tags=InputTags(dict=True, two_d_array=False))

    def score(self, X, y, sample_weight=None) -> float:
        from sklearn.metrics import accuracy_score

        return float(accuracy_score(y, self.predict(X), sample_weight=sample_weight))

    def _pipeline(self):
        """The scikit-learn pipeline that :meth:`fit` trains."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline

        return Pipeline([
            ("vec", DictVectorizer(sparse=True)),
            ("clf", LogisticRegression(C=self.C, class_weight=self.class_weight,
                                       max_iter=self.max_iter, random_state=self.random_state)),
        ])

    def fit(self, X, y) -> FeatureDictClassifier:
        pipe = self._pipeline().fit(list(X), list(y))
        vec, clf = pipe[0], pipe[-1]
        return self._set_fitted(vec.feature_names_, vec.separator, clf.classes_.tolist(), clf.coef_, clf.intercept_)

    def _set_fitted(self, features, separator, classes, coef, intercept) -> FeatureDictClassifier:
        """Check what was learned (or read) and keep it as the fitted attributes."""
        vocab, classes, coef, intercept = _checked(features, separator, classes, coef, intercept)
        self.vocabulary_ = vocab
        self.separator_ = separator
        self.classes_ = classes
        self.coef_ = coef
        self.intercept_ = intercept
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet. Call 'fit' "
                                 "with appropriate arguments before using this estimator.")

    # ---- applying it (numpy only)
    def decision_function(self, X) -> np.ndarray:
        """LogisticRegression's ``decision_function``: X @ coef.T + intercept (one column
        for two classes, returned as a vector)."""
        self._check_fitted()
        coef_t = self._coef_t()
        scores = np.zeros((len(X), coef_t.shape[1]))
        for i, (cols, vals) in enumerate(self._rows(X)):
            if cols:
                # scipy's sparse product (csr_matvecs): y = 0; y += a * x for each column in
                # order; add.accumulate sums in that order, so the result is the same to the bit
                products = np.asarray(vals).reshape(-1, 1) * coef_t[cols]
                scores[i] = np.add.accumulate(products, axis=0)[-1]
        scores += self.intercept_
        return scores.reshape(-1) if scores.shape[1] == 1 else scores

    def _coef_t(self) -> np.ndarray:
        """``coef_`` transposed, one contiguous row per feature (made once per ``coef_``)."""
        cached = getattr(self, "_coef_t_of", None)
        if cached is None or cached[0] is not self.coef_:
            self._coef_t_of = cached = (self.coef_, np.ascontiguousarray(self.coef_.T))
        return cached[1]

    def predict(self, X) -> np.ndarray:
        scores = self.decision_function(X)
        idx = (scores > 0).astype(np.intp) if scores.ndim == 1 else np.argmax(scores, axis=1)
        return np.take(self.classes_, idx, axis=0)

    def predict_proba(self, X) -> np.ndarray:
        """LogisticRegression's ``predict_proba``, operation for operation: for two classes
        the logistic function of the one decision column -> [1 - p, p]; else the softmax of
        the decisions (the row maximum subtracted first)."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            # scipy.special.expit: 1 / (1 + exp(-x)) with the C library's exp (math.exp), which
            # numpy's vectorised exp differs from in the last bit
            scores = np.array([1.0 / (1.0 + math.exp(-x)) for x in scores.tolist()], dtype=np.float64)
            return np.stack([1 - scores, scores], axis=1)
        scores -= np.max(scores, axis=1).reshape((-1, 1))
        np.exp(scores, out=scores)
        scores /= np.sum(scores, axis=1).reshape((-1, 1))
        return scores

    def _rows(self, X):
        """Each feature dict as DictVectorizer's ``transform`` reads it: (columns, values), the
        columns sorted; a number (bool included) is the value of its feature, a string value
        is the feature "name<separator>value" with 1.0; features not in the vocabulary are
        dropped."""
        vocab, sep = self.vocabulary_, self.separator_
        for x in X:
            row = []
            for f, v in x.items():
                if isinstance(v, str):
                    f, v = f"{f}{sep}{v}", 1.0
                elif not isinstance(v, (int, float, Number)):
                    raise TypeError(f"feature {f!r}: unsupported value type {type(v).__name__}")
                j = vocab.get(f)
                if j is not None:
                    row.append((j, float(v)))
            row.sort(key=lambda jv: jv[0])
            yield [j for j, _ in row], [v for _, v in row]

    def _matrix(self, X):
        """The rows as a scipy CSR matrix (what the fitted DictVectorizer's ``transform`` gives;
        for the tests and for training: applying a model never needs it)."""
        import scipy.sparse as sp

        indices: list[int] = []
        values: list[float] = []
        indptr = [0]
        for cols, vals in self._rows(X):
            indices += cols
            values += vals
            indptr.append(len(indices))
        return sp.csr_matrix((np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.intc),
                              np.asarray(indptr, dtype=np.intc)), shape=(len(indptr) - 1, len(self.vocabulary_)))

    # ---- persistence
    def _files_bytes(self) -> tuple[bytes, bytes]:
        """The bytes of ``NAME.json`` and ``NAME.npz``."""
        self._check_fitted()
        params = self.get_params()
        if isinstance(params["class_weight"], dict):  # JSON keys are strings: pairs keep the classes' type
            params["class_weight"] = sorted([k.item() if isinstance(k, np.generic) else k, float(w)]
                                            for k, w in params["class_weight"].items())
        features = sorted(self.vocabulary_, key=self.vocabulary_.get)
        meta = {"format": FORMAT, "version": VERSION, "params": params, "classes": self.classes_.tolist(),
                "separator": self.separator_, "vocabulary": features}
        text = json.dumps(meta, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
        return text.encode("utf-8"), _npz_bytes({"coef": self.coef_, "intercept": self.intercept_})

    def save(self, path: str | Path) -> None:
        """Write ``NAME.json`` and ``NAME.npz`` (:func:`model_files`)."""
        for p, data in zip(model_files(path), self._files_bytes()):
            _write_atomic(p, data)

    def save_if_changed(self, path: str | Path) -> bool:
        """Save unless the files at ``path`` already hold these bytes (an unchanged model is
        no change to commit). Returns whether the files were written."""
        files, data = model_files(path), self._files_bytes()
        if all(p.exists() and p.read_bytes() == b for p, b in zip(files, data)):
            return False
        for p, b in zip(files, data):
            _write_atomic(p, b)
        return True

    @classmethod
    def load(cls, path: str | Path) -> FeatureDictClassifier:
        """The model at ``path`` (``NAME.json`` and ``NAME.npz``), checked; ModelError if the
        files are not a model of this format."""
        json_path, npz_path = model_files(path)
        meta = _read_meta(json_path)
        rows = 1 if len(meta["classes"]) == 2 else len(meta["classes"])
        arrays = _read_npz(npz_path, {"coef": (rows, len(meta["vocabulary"])), "intercept": (rows,)})
        est = cls()
        try:
            est.set_params(**_params_from_json(meta["params"]))
        except ValueError as err:
            raise ModelError(f"model file {json_path}: {err}") from None
        try:
            return est._set_fitted(meta["vocabulary"], meta["separator"], meta["classes"], arrays["coef"],
                                   arrays["intercept"])
        except ModelError as err:
            raise ModelError(f"model file {json_path}: {err}") from None


def _checked(features, separator, classes, coef, intercept):
    """(vocabulary dict, classes array, coef, intercept) if they make a model; else ModelError."""
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise ModelError("vocabulary is not a list of strings")
    vocab = {f: i for i, f in enumerate(features)}
    if len(vocab) != len(features):
        raise ModelError(f"vocabulary holds {len(features) - len(vocab)} duplicate feature names")
    if not isinstance(separator, str) or not separator:
        raise ModelError("separator is not a non-empty string")
    if (not isinstance(classes, list) or len(classes) < 2
            or not (all(isinstance(c, str) for c in classes)
                    or all(isinstance(c, int) and not isinstance(c, bool) for c in classes))):
        raise ModelError("classes are not a list of two or more strings or of two or more integers")
    if len(set(classes)) != len(classes):
        raise ModelError("classes are not unique")
    rows = 1 if len(classes) == 2 else len(classes)
    for name, a, shape in (("coef", coef, (rows, len(features))), ("intercept", intercept, (rows,))):
        if not isinstance(a, np.ndarray) or a.dtype != np.float64:
            raise ModelError(f"{name} is not a float64 array")
        if a.shape != shape:
            raise ModelError(f"{name} has shape {a.shape}, not {shape} ({len(classes)} classes, {len(features)} features)")
        if not np.isfinite(a).all():
            raise ModelError(f"{name} holds weights that are not finite")
    return vocab, np.asarray(classes), coef, intercept


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number")


def _read_meta(path: Path) -> dict:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"), parse_constant=_reject_constant)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise ModelError(f"cannot read model file {path}: {type(err).__name__}") from None
    if not isinstance(meta, dict) or set(meta) != set(KEYS):
        got = sorted(meta) if isinstance(meta, dict) else type(meta).__name__
        raise ModelError(f"model file {path} does not hold the keys {list(KEYS)} (it holds {got})")
    if meta["format"] != FORMAT or type(meta["version"]) is not int or meta["version"] != VERSION:
        raise ModelError(f"model file {path} is format {meta['format']!r} version {meta['version']!r}, "
                         f"not {FORMAT!r} version {VERSION}")
    if not isinstance(meta["vocabulary"], list) or not isinstance(meta["classes"], list):
        raise ModelError(f"model file {path}: vocabulary and classes must be lists")
    return meta


def _params_from_json(params) -> dict:
    """The estimator parameters of a model file (class weights stored as [class, weight] pairs)."""
    if not isinstance(params, dict) or set(params) != set(FeatureDictClassifier().get_params()):
        raise ValueError(f"params must hold exactly {sorted(FeatureDictClassifier().get_params())}")
    C, cw, it, rs = params["C"], params["class_weight"], params["max_iter"], params["random_state"]
    if not isinstance(C, (int, float)) or isinstance(C, bool) or not (math.isfinite(C) and C > 0):
        raise ValueError("params: C is not a positive number")
    if not (type(it) is int and it > 0) or not (rs is None or type(rs) is int):
        raise ValueError("params: max_iter or random_state is not an integer")
    if isinstance(cw, list):
        if not all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], (str, int)) and isinstance(p[1], (int, float))
                   for p in cw):
            raise ValueError("params: class_weight is not a list of [class, weight] pairs")
        cw = {k: w for k, w in cw}
    elif cw not in (None, "balanced"):
        raise ValueError("params: class_weight is not null, 'balanced' or [class, weight] pairs")
    return {"C": C, "class_weight": cw, "max_iter": it, "random_state": rs}


def _read_npz(path: Path, shapes: dict[str, tuple[int, ...]]) -> dict[str, np.ndarray]:
    """The float64 arrays of ``path``, read without pickle; each member's size is checked
    against the shape the JSON file implies before it is read."""
    try:
        npz = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:  # a damaged file, or pickle refused
        raise ModelError(f"cannot read model weights {path}: {_one_line(err)}") from None
    if not isinstance(npz, np.lib.npyio.NpzFile):
        raise ModelError(f"model weights {path} are not an .npz archive")
    out = {}
    with npz:
        members = sorted(npz.zip.namelist())
        if members != sorted(f"{name}.npy" for name in ARRAYS):
            raise ModelError(f"model weights {path} hold {members[:5]}, not {[f'{name}.npy' for name in ARRAYS]}")
        for name in ARRAYS:
            if npz.zip.getinfo(f"{name}.npy").file_size > 8 * math.prod(shapes[name]) + 4096:  # data + .npy header
                raise ModelError(f"model weights {path}: {name} is larger than its shape {shapes[name]} allows")
            try:
                out[name] = npz[name]
            except (OSError, ValueError, EOFError, MemoryError, zipfile.BadZipFile) as err:  # an object array among them
                raise ModelError(f"cannot read {name} of model weights {path}: {_one_line(err)}") from None
    return out


def _one_line(err: BaseException) -> str:
    text = str(err).strip()
    return type(err).__name__ + (": " + text.splitlines()[0][:200] if text else "")


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An ``.npz`` (uncompressed zip of ``.npy`` members) with fixed member dates and modes:
    ``np.savez`` stamps the time of writing."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name, a in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(a, dtype=np.float64), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            zf.writestr(info, member.getvalue())
    return buf.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def positive_proba(model: FeatureDictClassifier, X) -> np.ndarray:
    """P(label == 1) for a binary model."""
    proba = model.predict_proba(X)
    idx = list(model.classes_).index(1)
    return proba[:, idx]


def combine_kinds(model: FeatureDictClassifier, feats: list[dict], rule_kinds: list[str],
                  confidence: float, strong: list[bool] | None = None, weak_confidence: float | None = None) -> list[str]:
    """Rules first: the model's kind replaces the rule's only where the model gives it at
    least ``confidence`` (0 = the model always decides); where the rule had no explicit cue
    (``strong`` False), ``weak_confidence`` applies instead."""
    if not feats:
        return []
    proba = model.predict_proba(feats)
    classes = list(model.classes_)
    strong = strong or [True] * len(feats)
    out = []
    for row, rule, st in zip(proba, rule_kinds, strong):
        i = int(np.argmax(row))
        need = confidence if st or weak_confidence is None else weak_confidence
        out.append(str(classes[i]) if row[i] >= need else rule)
    return out
