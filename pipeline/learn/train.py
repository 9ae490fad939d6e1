"""Training the learned extractors, as the steps of the workflow in ``project.yml``
(``praxis train`` runs it; a step reruns only when its inputs changed):

1. ``features`` (:mod:`pipeline.learn.dataset`): read and clean the corpus documents of the
   train and dev splits and of the guard sets (the seeds and patterns of ``../shared``), run
   the rules, label their output against gold;
2. ``ner`` (:mod:`pipeline.learn.spans`): the spaCy NER for people's names (its training
   does not depend on the rules; whether it is used does, and is decided in ``train``);
3. ``train`` (:func:`fit`): fit on train, choose on dev (regularisation, thresholds, and
   whether each model, the NER included, beats the rules at all: a model the rules beat is
   not used), refit the
   chosen settings on train + dev, save each as ``NAME.json`` + ``NAME.npz``
   (:mod:`pipeline.learn.models`), write ``models.json`` with the provenance
   of the features (rule data and feature code) the models were trained on;
4. ``evaluate`` (:func:`ablation`): rules only vs rules + ML, with the models as shipped, on
   the corpus test split and the guard sets -> ``metrics.json``;
5. ``card`` (:mod:`pipeline.learn.card`): the model card ``README.md``.
"""
from __future__ import annotations

import json
import platform
from pathlib import Path

from ..annotate import annotate
from ..clean import clean_text
from ..evaluate import load_gold, score
from ..extractors.obstacles import categorize, finish
from ..read import read_document
from .corpus import corpus_documents
from .dataset import DocData
from .features import category_features
from .models import FeatureDictClassifier, combine_kinds, model_files, positive_proba
from .runtime import MODEL_FILES, load_models

SEED = 0
C_GRID = [0.3, 1.0, 3.0]
THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]  # adding a rejected candidate (1.01: never)
KEEPS = [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45]  # dropping an accepted one (0: never)
CONFIDENCES = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]  # overriding the rule's kind (1.01: never)


def _kind_xy(docs):
    X, y = [], []
    for d in docs:
        for f, g in zip(d.fig_feats, d.fig_gold):
            if g:
                X.append(f)
                y.append(g)
    return X, y


def _obstacle_xy(docs):
    X, y = [], []
    for d in docs:
        X += d.cand_feats
        y += d.cand_label
    return X, y


def _category_xy(docs):
    X, y = [], []
    for d in docs:
        for c, cat in zip(d.cands, d.cand_gold_cat):
            if cat:
                X.append(category_features(c.text, c.category))
                y.append(cat)
        for g in d.gold.get("obstacles", []):
            X.append(category_features(g["text"], categorize(g["text"])))
            y.append(g.get("category", "other"))
    return X, y


def _kind_acc(docs, model=None, confidence=0.0, weak=None) -> float:
    right = n = 0
    for d in docs:
        pred = (combine_kinds(model, d.fig_feats, d.fig_rule, confidence, d.fig_strong, weak)
                if model is not None and d.fig_feats else d.fig_rule)
        for p, g in zip(pred, d.fig_gold):
            if g:
                n += 1
                right += int(p == g)
    return right / n if n else 0.0


def _obstacle_f1(docs, model=None, threshold=0.5, cat_model=None, keep=0.0) -> tuple[float, float]:
    """End-to-end obstacle F1 and category accuracy (the scorer's matching)."""
    pred = []
    for d in docs:
        if model is None:
            kept = [c for c in d.cands if c.source == "rule"]
        else:
            p = positive_proba(model, d.cand_feats) if d.cand_feats else []
            kept = [c for c, pr in zip(d.cands, p) if pr >= (keep if c.source == "rule" else threshold)]
        kept = [type(c)(c.start, c.end, c.text, c.category, c.requested_action, c.source) for c in kept]
        if cat_model is not None and kept:
            for c, cat in zip(kept, cat_model.predict([category_features(c.text, c.category) for c in kept])):
                c.category = str(cat)
        for c in finish(d.text, d.sentences, kept):
            pred.append({"doc_id": d.doc_id, "text": c.text, "category": c.category})
    res = score({d.doc_id: d.gold for d in docs}, {"obstacles": pred})["obstacles"]
    return res["f1"], res["category_acc"]


def _versions() -> dict:
    import numpy
    import scipy
    import sklearn
    import spacy

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": numpy.__version__, "scipy": scipy.__version__, "spacy": spacy.__version__}


def _best_c(Xtr, ytr, dev_metric, class_weight=None):
    best = None
    for C in C_GRID:
        m = FeatureDictClassifier(C=C, class_weight=class_weight, random_state=SEED).fit(Xtr, ytr)
        v = dev_metric(m)
        if best is None or v > best[0] + 1e-9:
            best = (v, C, m)
    return best


class Guards:
    """The guard sets (the seeds and patterns of ``../shared``): no choice may score them lower
    than the rules alone do, whatever it does on dev."""

    def __init__(self, sets: list[list[DocData]]) -> None:
        self.sets = sets
        self.kind = [_kind_acc(g) for g in sets]
        self.obstacles = [_obstacle_f1(g) for g in sets]

    def kind_ok(self, m, conf, weak=None) -> bool:
        return all(_kind_acc(g, m, conf, weak) >= base - 1e-9 for g, base in zip(self.sets, self.kind))

    def obstacles_ok(self, m, t, k) -> bool:
        return all(_obstacle_f1(g, m, t, keep=k)[0] >= base[0] - 1e-9 for g, base in zip(self.sets, self.obstacles))


def dev_groups(dev: list[DocData], meta: dict) -> list[list[DocData]]:
    """The dev documents by corpus group (``dev``, ``press_dev``, ...). Every choice is made on
    the mean over the groups, so that each group weighs the same whatever its size (the real
    reports the product is judged on are closer to the press group than to the first one)."""
    groups = [[d for d in dev if d.doc_id in ids] for ids in map(set, (meta.get("dev_groups") or {}).values())]
    return [g for g in groups if g] or [dev]


def _mean(groups: list[list[DocData]], fn) -> float:
    return sum(fn(g) for g in groups) / len(groups)


def _choose_kind(tr, dev, guards: Guards, log) -> tuple[dict, dict]:
    """C and the confidences from which the model overrides the rule's kind (``dev``: the dev
    groups, :func:`dev_groups`)."""
    Xk, yk = _kind_xy(tr)
    rule_acc = _mean(dev, _kind_acc)
    best = None
    for C in C_GRID:
        m = FeatureDictClassifier(C=C, random_state=SEED).fit(Xk, yk)
        for conf in CONFIDENCES:
            for weak in CONFIDENCES:
                if weak > conf:
                    continue
                a = _mean(dev, lambda g: _kind_acc(g, m, conf, weak))  # noqa: B023 - used at once
                if (best is None or a > best[0] + 1e-9) and guards.kind_ok(m, conf, weak):
                    best = (a, C, conf, weak, _mean(dev, lambda g: _kind_acc(g, m, 0.0)))  # noqa: B023
    acc, C, conf, weak, always = best
    log(f"figure kind: dev accuracy rules {rule_acc:.3f}, model always {always:.3f}, "
        f"model from p>={conf} (p>={weak} where the rule had no explicit cue) {acc:.3f} (C={C})")
    chosen = {"C": C, "kind_confidence": conf, "kind_weak_confidence": weak, "use": acc > rule_acc}
    card = {"train_examples": len(yk), "C": C, "confidence": conf, "weak_confidence": weak,
            "dev_rules_acc": round(rule_acc, 4), "dev_model_always_acc": round(always, 4),
            "dev_model_acc": round(acc, 4), "used": chosen["use"]}
    return chosen, card


def _choose_obstacle(tr, dev, guards: Guards, log) -> tuple[dict, dict, FeatureDictClassifier]:
    """C, the probability from which a candidate the rules rejected is added, and the one
    below which a candidate they accepted is dropped (the same one: the model decides alone);
    chosen on the mean over the dev groups among the settings where no group scores below the
    rules."""
    Xo, yo = _obstacle_xy(tr)
    rule_per_group = [_obstacle_f1(g)[0] for g in dev]
    rule_f1 = sum(rule_per_group) / len(rule_per_group)
    best = None
    always = {}
    for C in C_GRID:
        m = FeatureDictClassifier(C=C, random_state=SEED).fit(Xo, yo)
        for t in THRESHOLDS:
            always[(C, t)] = _mean(dev, lambda g: _obstacle_f1(g, m, min(t, 1.0), keep=min(t, 1.0))[0])  # noqa: B023
            for k in sorted(set(KEEPS) | {min(t, 1.0)}):  # k = t: the model decides every candidate
                per_group = [_obstacle_f1(g, m, t, keep=k)[0] for g in dev]
                f1 = sum(per_group) / len(per_group)
                # no corpus group may lose against the rules: a model that wins on our own wording
                # by losing on the real-style reports is no gain
                if any(p < r - 1e-9 for p, r in zip(per_group, rule_per_group)):
                    continue
                if (best is None or f1 > best[0] + 1e-9) and guards.obstacles_ok(m, t, k):
                    best = (f1, C, t, k, m)
    if best is None:  # every setting loses somewhere: the rules alone
        m = FeatureDictClassifier(C=C_GRID[0], random_state=SEED).fit(Xo, yo)
        best = (rule_f1, C_GRID[0], 1.01, 0.0, m)
    f1, C, thr, keep, det = best
    best_always = max(always.values())
    log(f"obstacles: dev F1 rules {rule_f1:.3f}, model alone {best_always:.3f}, chosen "
        f"{f1:.3f} (C={C}, add from p>={thr}, drop below p<{keep})")
    chosen = {"C": C, "threshold": thr, "keep": keep, "use": f1 > rule_f1}
    card = {"train_candidates": len(yo), "train_positive": int(sum(yo)), "C": C,
            "threshold": thr, "keep": keep, "dev_rules_f1": round(rule_f1, 4),
            "dev_model_always_f1": round(best_always, 4), "dev_model_f1": round(f1, 4), "used": chosen["use"]}
    return chosen, card, det


def _choose_category(tr, dev, guards: Guards, det_for_cat, thr, keep, log) -> tuple[dict, dict]:
    """C of the category model, measured on the obstacles the chosen detector keeps."""
    Xc, yc = _category_xy(tr)
    base_cat = _mean(dev, lambda g: _obstacle_f1(g, det_for_cat, thr, keep=keep)[1])
    guard_cat = [_obstacle_f1(g, det_for_cat, thr, keep=keep)[1] for g in guards.sets]

    def cat_metric(m):
        ok = all(_obstacle_f1(g, det_for_cat, thr, m, keep=keep)[1] >= b - 1e-9 for g, b in zip(guards.sets, guard_cat))
        return _mean(dev, lambda g: _obstacle_f1(g, det_for_cat, thr, m, keep=keep)[1]) if ok else -1.0

    cat_acc, C, _ = _best_c(Xc, yc, cat_metric)
    log(f"obstacle category: dev accuracy rules {base_cat:.3f}, model {cat_acc:.3f} (C={C})")
    chosen = {"C": C, "use": cat_acc > base_cat, "guard": guard_cat}
    card = {"train_examples": len(yc), "C": C, "dev_rules_acc": round(base_cat, 4),
            "dev_model_acc": round(cat_acc, 4), "used": chosen["use"]}
    return chosen, card


def train(corpus: Path, out: Path, log=print, ablation_sets: list[tuple[str, Path, Path]] | None = None,
          spans: bool = False) -> dict:
    """Every step in this process, one after the other, whatever changed (the workflow in
    ``project.yml`` runs the same steps and skips those whose inputs did not change).
    ``ablation_sets`` (name, documents, gold) guard the choices and are scored in the
    ablation; ``spans`` trains the NER too. Returns the metrics written to ``metrics.json``."""
    from .card import write_card
    from .dataset import build, folder_items, save
    from .spans import decide_span_model, train_span_model

    corpus, out = Path(corpus), Path(out)
    guards = list(ablation_sets or [])
    sets, meta = build(corpus, guards, log)
    save(out / "work" / "features.json.gz", sets, meta)
    if spans:
        train_span_model(corpus, out, log)
    decision = decide_span_model(corpus, out, log, [(n, folder_items(d, g)) for n, d, g in guards])
    from .period_chooser import write as write_period_chooser

    write_period_chooser(corpus, out / "period_chooser.json", log)
    from .metric_words import write as write_metric_words

    write_metric_words(corpus, out / "metric_words.json", log)
    fit(out / "work" / "features.json.gz", out, log, spans=decision)
    metrics = ablation(out, corpus, guards, log)
    write_card(out)
    return metrics


def fit(dataset_path: Path, out: Path, log=print, spans: dict | None = None) -> dict:
    """The ``train`` step: choose on dev, refit, save the models and ``models.json`` (with
    ``spans``, the decision on the NER, :func:`pipeline.learn.spans.decide_span_model`);
    returns (and writes to ``out/train.json``) what the model card needs."""
    from .dataset import load as load_dataset

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sets, meta = load_dataset(dataset_path)
    tr, dev = sets["train"], sets["dev"]
    guards = Guards([v for k, v in sorted(sets.items()) if k.startswith("guard:")])
    groups = dev_groups(dev, meta)
    log(f"fitting on {len(tr)} train documents, choosing on {len(dev)} dev documents "
        f"(the mean over {len(groups)} groups: {', '.join(str(len(g)) for g in groups)} documents)")
    kind, kind_card = _choose_kind(tr, groups, guards, log)
    obst, obst_card, det = _choose_obstacle(tr, groups, guards, log)
    det_for_cat = det if obst["use"] else None
    cat, cat_card = _choose_category(tr, groups, guards, det_for_cat, obst["threshold"], obst["keep"], log)
    final, fitted_on = _refit(tr, dev, guards, kind, obst, cat, det_for_cat)
    use = {"kind": kind["use"], "obstacle": obst["use"], "category": cat["use"], "period": _period_chooser_used(out),
           "metric": _json_model_used(out / "metric_words.json")}
    for key, model in final.items():
        path = out / MODEL_FILES[key]
        if use[key]:
            model.save_if_changed(path)
        else:  # a model the rules beat is not shipped (the card keeps its numbers)
            for p in model_files(path):
                p.unlink(missing_ok=True)
    if spans is not None:  # a trained NER: used only if it won on dev
        use["spans"] = bool(spans.get("used"))
    models_meta = {"use": use, "obstacle_threshold": obst["threshold"], "obstacle_keep": obst["keep"],
                   "kind_confidence": kind["kind_confidence"], "kind_weak_confidence": kind["kind_weak_confidence"],
                   "fitted_on": fitted_on, "trained_with": meta["provenance"]}
    (out / "models.json").write_text(json.dumps(models_meta, indent=1) + "\n", encoding="utf-8")
    result = {"data": meta["data"], "versions": _versions(), "seed": SEED,
              "models": {"kind": kind_card, "obstacle": obst_card, "category": cat_card,
                         **({"spans": spans} if spans else {})},
              "fitted_on": fitted_on, "trained_with": meta["provenance"]}
    (out / "train.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


def _refit(tr, dev, guards: Guards, kind, obst, cat, det_for_cat):
    """Refit on train + dev with the chosen settings; keep a refitted model only if the guard
    sets still hold with it, else ship the model that was chosen (fitted on train)."""
    both = tr + dev
    on_train = {
        "kind": FeatureDictClassifier(C=kind["C"], random_state=SEED).fit(*_kind_xy(tr)),
        "obstacle": FeatureDictClassifier(C=obst["C"], random_state=SEED).fit(*_obstacle_xy(tr)),
        "category": FeatureDictClassifier(C=cat["C"], random_state=SEED).fit(*_category_xy(tr)),
    }
    final = {
        "kind": FeatureDictClassifier(C=kind["C"], random_state=SEED).fit(*_kind_xy(both)),
        "obstacle": FeatureDictClassifier(C=obst["C"], random_state=SEED).fit(*_obstacle_xy(both)),
        "category": FeatureDictClassifier(C=cat["C"], random_state=SEED).fit(*_category_xy(both)),
    }
    thr, keep = obst["threshold"], obst["keep"]
    checks = {
        "kind": lambda m: guards.kind_ok(m, kind["kind_confidence"], kind["kind_weak_confidence"]),
        "obstacle": lambda m: guards.obstacles_ok(m, thr, keep),
        "category": lambda m: all(_obstacle_f1(g, det_for_cat, thr, m, keep=keep)[1] >= b - 1e-9
                                  for g, b in zip(guards.sets, cat["guard"])),
    }
    fitted_on = {}
    for key in final:
        ok = checks[key](final[key])
        if not ok:
            final[key] = on_train[key]
        fitted_on[key] = "train+dev" if ok else "train"
    return final, fitted_on


def _period_chooser_used(models_dir: Path) -> bool:
    """Whether the period chooser (the ``period`` step) is shipped and beat the rules on dev."""
    return _json_model_used(Path(models_dir) / "period_chooser.json")


def _json_model_used(path: Path) -> bool:
    """Whether a plain-JSON model (period chooser, metric words) is there and beat the rules on dev."""
    if not path.exists():
        return False
    return bool(json.loads(path.read_text(encoding="utf-8")).get("use"))


def ablation(models_dir: Path, corpus: Path, guard_sets: list[tuple[str, Path, Path]], log=print) -> dict:
    """The ``evaluate`` step: rules only vs rules + ML with the saved models, on the corpus
    test split and the guard sets; writes ``metrics.json``."""
    models_dir = Path(models_dir)
    models = load_models(str(models_dir))
    metrics = json.loads((models_dir / "train.json").read_text(encoding="utf-8"))
    sets = [("corpus test (held out)", corpus / "docs", corpus / "gold", "test")]
    splits = json.loads((corpus / "splits.json").read_text(encoding="utf-8"))
    sets += [(f"{k[:-5]} test (held out)", corpus / "docs", corpus / "gold", k)
             for k in splits if k.endswith("_test") and splits[k]]
    sets += [(n, d, g, None) for n, d, g in guard_sets]
    metrics["ablation"] = []
    for name, docs_dir, gold_dir, split in sets:
        row = {"set": name}
        for mode, m in (("rules", None), ("rules+ML", models)):
            row[mode] = _score_set(docs_dir, gold_dir, split, corpus, m)
        metrics["ablation"].append(row)
        log(f"{name}: rules {row['rules']} | rules+ML {row['rules+ML']}")
    (models_dir / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    return metrics


def _score_set(docs_dir: Path, gold_dir: Path, split: str | None, corpus: Path, models) -> dict:
    if split:
        items = corpus_documents(corpus, split)
    else:
        gold = load_gold(gold_dir)
        items = [(k, docs_dir / k, v) for k, v in sorted(gold.items()) if (docs_dir / k).exists()]
    pred: dict[str, list] = {t: [] for t in ("officials", "organizations", "figures", "obstacles")}
    for doc_id, path, _ in items:
        text = clean_text(read_document(path).text)
        ann = annotate(text, None, models)
        for t in pred:
            pred[t] += [{"doc_id": doc_id, **r} for r in getattr(ann, t)]
    res = score({k: g for k, _, g in items}, pred)
    return {"officials_f1": res["officials"]["f1"], "organizations_f1": res["organizations"]["f1"],
            "figures_f1": res["figures"]["f1"], "kind_acc": res["figures"]["kind_acc"],
            "metric_acc": res["figures"]["metric_acc"], "period_acc": res["figures"]["period_acc"],
            "obstacles_p": res["obstacles"]["precision"], "obstacles_r": res["obstacles"]["recall"],
            "obstacles_f1": res["obstacles"]["f1"], "category_acc": res["obstacles"]["category_acc"]}
