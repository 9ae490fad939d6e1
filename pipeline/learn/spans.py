"""A statistical span model for people (spaCy NER trained from ``models/spacy_ner/config.cfg``
on the corpus), measured against the rules.

Gold officials give the names; every occurrence of a gold name in a document is a PERSON
span (short references such as "Mr. Hung" are not spans: the rules merge them). The model
is kept only if it finds the gold names better than the rules do on the dev split; the
result, either way, goes to ``models/spacy_ner/metrics.json``.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import regex as re

from ..clean import clean_text
from ..read import read_document
from .corpus import corpus_documents
from .runtime import person_spans


def _name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    spans = []
    for n in sorted(set(names), key=len, reverse=True):
        for m in re.finditer(rf"(?<![\p{{L}}]){re.escape(n)}(?![\p{{L}}])", text):
            if not any(a < m.end() and m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def build_docbin(corpus: Path, split: str, out: Path) -> int:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    db = DocBin()
    n = 0
    for _doc_id, path, gold in corpus_documents(corpus, split):
        text = clean_text(read_document(path).text)
        doc = nlp.make_doc(text)
        ents = []
        for a, b in _name_spans(text, [o["name"] for o in gold.get("officials", [])]):
            span = doc.char_span(a, b, label="PERSON", alignment_mode="contract")
            if span is not None:
                ents.append(span)
        doc.ents = ents
        db.add(doc)
        n += len(ents)
    db.to_disk(out)
    return n


def _prf(gold: set, pred: set) -> dict:
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def _officials_f1(items, ner=None) -> float:
    from ..evaluate import score
    from ..extractors.officials import find_people
    from ..textutil import segment

    pred = []
    for doc_id, path, _gold in items:
        text = clean_text(read_document(path).text)
        seg = segment(text)
        extra = person_spans(ner, text, seg.sentences) if ner is not None else None
        for p in find_people(text, seg.sentences, [], extra):
            if p.titles or p.comrade:
                pred.append({"doc_id": doc_id, "name": p.name})
    return score({k: g for k, _, g in items}, {"officials": pred})["officials"]["f1"]


def train_span_model(corpus: Path, models: Path, log=print) -> int:
    """The ``ner`` step: train the NER from the repository's config on the train split's
    PERSON spans (dev for spaCy's own model selection) and keep it in
    ``models/spacy_ner/model``. Whether it is used is decided by :func:`decide_span_model`.
    Returns the number of training spans."""
    import shutil

    work = Path(models) / "spacy_ner"
    work.mkdir(parents=True, exist_ok=True)
    n_tr = build_docbin(corpus, "train", work / "train.spacy")
    n_dev = build_docbin(corpus, "dev", work / "dev.spacy")
    log(f"span model: {n_tr} train and {n_dev} dev PERSON spans")
    out = work / "output"
    config = Path(__file__).resolve().parents[2] / "models" / "spacy_ner" / "config.cfg"
    subprocess.run([sys.executable, "-m", "spacy", "train", str(config), "--output", str(out),
                    "--paths.train", str(work / "train.spacy"), "--paths.dev", str(work / "dev.spacy")],
                   check=True, capture_output=True)
    if (work / "model").exists():
        shutil.rmtree(work / "model")
    shutil.copytree(out / "model-best", work / "model")
    shutil.rmtree(out)
    for f in ("train.spacy", "dev.spacy"):
        (work / f).unlink(missing_ok=True)
    return n_tr


def decide_span_model(corpus: Path, models: Path, log=print, guard_sets=()) -> dict | None:
    """Whether the trained NER is used: officials F1 on dev with and without it, with the
    rules as they are now; the guard sets must not drop. Writes ``spacy_ner/metrics.json``;
    None when there is no trained model."""
    import spacy

    work = Path(models) / "spacy_ner"
    if not (work / "model").exists():
        return None
    ner = spacy.load(work / "model")
    dev = corpus_documents(corpus, "dev")
    metrics = {"dev_officials_f1_rules": round(_officials_f1(dev), 4),
               "dev_officials_f1_rules_ner": round(_officials_f1(dev, ner), 4), "guards": {}}
    ok = True
    for name, items in guard_sets:
        a, b = _officials_f1(items), _officials_f1(items, ner)
        metrics["guards"][name] = {"rules": round(a, 4), "rules+ner": round(b, 4)}
        ok = ok and b >= a - 1e-9
    metrics["used"] = ok and metrics["dev_officials_f1_rules_ner"] > metrics["dev_officials_f1_rules"]
    (work / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    log(f"span model: dev officials F1 rules {metrics['dev_officials_f1_rules']:.3f}, rules + NER "
        f"{metrics['dev_officials_f1_rules_ner']:.3f} -> {'used' if metrics['used'] else 'not used'}")
    return metrics
