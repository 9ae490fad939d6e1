"""The learned extractors: scikit-learn estimators over feature dicts, saved with skops.

``FeatureDictClassifier`` follows the estimator API: ``__init__`` stores its keyword
arguments, ``fit`` returns ``self``, learned attributes end in ``_``, ``predict`` checks that
it was fitted; ``clone`` and grid search work on it. What is saved is its fitted
``pipeline_`` (a DictVectorizer and a LogisticRegression), a file of standard scikit-learn
types only, loaded through skops with an explicit list of trusted types, never pickle.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from ..errors import ModelError

# Every type a model file may hold. Anything else makes loading fail.
TRUSTED_TYPES = [
    "sklearn.pipeline.Pipeline",
    "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "numpy.ndarray", "numpy.dtype", "numpy.float64", "numpy.int64", "numpy.str_",
    "builtins.dict", "builtins.list", "builtins.str", "builtins.int", "builtins.float",
    "builtins.tuple", "builtins.type",
]


class FeatureDictClassifier(ClassifierMixin, BaseEstimator):
    """Feature dicts in, labels out: DictVectorizer + L2 logistic regression."""

    def __init__(self, C: float = 1.0, class_weight=None, max_iter: int = 3000, random_state: int = 0):
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X, y):
        self.pipeline_ = Pipeline([
            ("vec", DictVectorizer(sparse=True)),
            ("clf", LogisticRegression(C=self.C, class_weight=self.class_weight,
                                       max_iter=self.max_iter, random_state=self.random_state)),
        ])
        self.pipeline_.fit(list(X), list(y))
        self.classes_ = self.pipeline_.classes_
        return self

    def predict(self, X):
        check_is_fitted(self, "pipeline_")
        return self.pipeline_[-1].predict(self._matrix(X))

    def predict_proba(self, X):
        check_is_fitted(self, "pipeline_")
        return self.pipeline_[-1].predict_proba(self._matrix(X))

    def _matrix(self, X) -> sp.csr_matrix:
        """What the fitted DictVectorizer's ``transform`` gives for numeric feature dicts,
        built in one pass (DictVectorizer's own loop was a fifth of extraction time);
        a dict with a non-numeric value goes through DictVectorizer itself."""
        vec = self.pipeline_[0]
        vocab = vec.vocabulary_
        X = list(X)
        indices: list[int] = []
        values: list[float] = []
        indptr = [0]
        for x in X:
            for f, v in x.items():
                if not isinstance(v, (int, float)) or isinstance(v, bool):
                    return vec.transform(X)
                j = vocab.get(f)
                if j is not None:
                    indices.append(j)
                    values.append(v)
            indptr.append(len(indices))
        m = sp.csr_matrix((np.asarray(values, dtype=vec.dtype), np.asarray(indices, dtype=np.intc),
                           np.asarray(indptr, dtype=np.intc)), shape=(len(X), len(vocab)))
        m.sort_indices()
        return m

    # ---- persistence
    def save(self, path: str | Path) -> None:
        import skops.io as sio

        check_is_fitted(self, "pipeline_")
        sio.dump(self.pipeline_, str(path))

    def same_as(self, other: FeatureDictClassifier) -> bool:
        """The same fitted model: vocabulary, classes and weights equal."""
        a, b = self.pipeline_, other.pipeline_
        return (a[0].vocabulary_ == b[0].vocabulary_ and np.array_equal(a[-1].classes_, b[-1].classes_)
                and np.array_equal(a[-1].coef_, b[-1].coef_) and np.array_equal(a[-1].intercept_, b[-1].intercept_))

    def save_if_changed(self, path: str | Path) -> bool:
        """Save unless ``path`` already holds the same model (skops' bytes differ from one
        save to the next, so an unchanged model would otherwise be a change to commit).
        Returns whether the file was written."""
        path = Path(path)
        if path.exists():
            try:
                if self.same_as(type(self).load(path)):
                    return False
            except ModelError:
                pass
        self.save(path)
        return True

    @classmethod
    def load(cls, path: str | Path) -> FeatureDictClassifier:
        import skops.io as sio

        path = str(path)
        try:
            untrusted = set(sio.get_untrusted_types(file=path))
        except Exception as err:
            raise ModelError(f"cannot read model file {path}: {type(err).__name__}") from None
        unknown = untrusted - set(TRUSTED_TYPES)
        if unknown:
            raise ModelError(f"model file {path} holds types not on the trusted list: {sorted(unknown)}")
        pipe = sio.load(path, trusted=sorted(untrusted))
        est = cls()
        est.pipeline_ = pipe
        est.classes_ = pipe.classes_
        return est


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
