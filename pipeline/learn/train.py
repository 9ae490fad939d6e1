"""``praxis train``: rebuild every model in ``models/`` from ``corpus/``, deterministically.

Steps (each documented in the model card it writes):

1. read and clean the corpus documents of each split, run the rules;
2. label the rules' output against gold with the scorer's own matching: each predicted
   figure matched to a gold figure gets the gold kind; each obstacle candidate that the
   one-to-one matching pairs with a gold obstacle is positive, every other one negative;
   each matched candidate's text (and each gold obstacle text) gets the gold category;
3. fit on the train split; choose on the dev split (regularisation, the obstacle threshold,
   and whether each model beats the rules at all: a model the rules beat is not used);
4. fit the chosen settings on train + dev, save with skops, write ``models.json``,
   ``metrics.json`` and ``README.md`` (model card and the ablation table: rules only vs
   rules + ML on the corpus test split, the seeds and the patterns).
"""
from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass, field
from pathlib import Path

from ..annotate import annotate
from ..clean import clean_text
from ..evaluate import greedy, load_gold, match_figure, match_obstacle, score
from ..extractors.figures import find_figures
from ..extractors.obstacles import finish, obstacle_candidates
from ..read import read_document
from ..textutil import segment
from .corpus import corpus_documents
from .features import category_features, figure_features, obstacle_features
from .models import FeatureDictClassifier, combine_kinds, positive_proba
from .runtime import MODEL_FILES, Models

SEED = 0
C_GRID = [0.3, 1.0, 3.0]
THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]  # adding a rejected candidate (1.01: never)
KEEPS = [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45]  # dropping an accepted one (0: never)
CONFIDENCES = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]  # overriding the rule's kind (1.01: never)


@dataclass
class DocData:
    doc_id: str
    text: str
    gold: dict
    seg: object = None
    fig_feats: list = field(default_factory=list)
    fig_rule: list = field(default_factory=list)
    fig_strong: list = field(default_factory=list)
    fig_gold: list = field(default_factory=list)  # gold kind or None (unmatched)
    cands: list = field(default_factory=list)
    cand_feats: list = field(default_factory=list)
    cand_label: list = field(default_factory=list)
    cand_gold_cat: list = field(default_factory=list)


def prepare(doc_id: str, path: Path, gold: dict) -> DocData:
    text = clean_text(read_document(path).text)
    seg = segment(text)
    d = DocData(doc_id, text, gold, seg)
    figs = find_figures(text, seg.sentences)
    rows = [{"text": f.q.text, "value": f.q.value, "value_high": f.q.value_high, "total": f.q.total,
             "unit_class": f.q.unit_class, "i": i} for i, f in enumerate(figs)]
    pairs = greedy(gold.get("figures", []), rows, match_figure)
    kinds = {p["i"]: g.get("kind") for g, p in pairs}
    for i, f in enumerate(figs):
        d.fig_feats.append(figure_features(text, f.q, f.kind, *seg.sentence_of(f.q.start), f.strong))
        d.fig_rule.append(f.kind)
        d.fig_strong.append(f.strong)
        d.fig_gold.append(kinds.get(i))
    d.cands = obstacle_candidates(text, seg.sentences)
    crow = [{"text": c.text, "i": i} for i, c in enumerate(d.cands)]
    opairs = greedy(gold.get("obstacles", []), crow, match_obstacle)
    matched = {p["i"]: g.get("category") for g, p in opairs}
    for i, c in enumerate(d.cands):
        d.cand_feats.append(obstacle_features(text, c))
        d.cand_label.append(1 if i in matched else 0)
        d.cand_gold_cat.append(matched.get(i))
    return d


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
            from ..extractors.obstacles import categorize

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
        for c in finish(d.text, d.seg.sentences, kept):
            pred.append({"doc_id": d.doc_id, "text": c.text, "category": c.category})
    res = score({d.doc_id: d.gold for d in docs}, {"obstacles": pred})["obstacles"]
    return res["f1"], res["category_acc"]


def data_hash(items: list[tuple[str, Path, dict]]) -> str:
    h = hashlib.sha256()
    for doc_id, path, gold in items:
        h.update(doc_id.encode())
        h.update(path.read_bytes())
        h.update(json.dumps(gold, sort_keys=True).encode())
    return h.hexdigest()


def _versions() -> dict:
    import numpy
    import skops
    import sklearn
    import spacy

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "skops": skops.__version__, "numpy": numpy.__version__, "spacy": spacy.__version__}


def _best_c(Xtr, ytr, dev_metric, class_weight=None):
    best = None
    for C in C_GRID:
        m = FeatureDictClassifier(C=C, class_weight=class_weight, random_state=SEED).fit(Xtr, ytr)
        v = dev_metric(m)
        if best is None or v > best[0] + 1e-9:
            best = (v, C, m)
    return best


def _folder_items(docs_dir: Path, gold_dir: Path) -> list[tuple[str, Path, dict]]:
    gold = load_gold(gold_dir)
    return [(k, docs_dir / k, v) for k, v in sorted(gold.items()) if (docs_dir / k).exists()]


def train(corpus: Path, out: Path, log=print, ablation_sets: list[tuple[str, Path, Path]] | None = None,
          spans: bool = False) -> dict:
    """Fit, choose, refit and save; returns the metrics written to ``metrics.json``.

    ``ablation_sets`` (name, docs, gold) are scored in the ablation and also guard the
    choices: a setting that scores them lower than the rules do is not chosen (the
    extraction issue's seed scores must hold), whatever it does on dev."""
    corpus, out = Path(corpus), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tr_items, dev_items = corpus_documents(corpus, "train"), corpus_documents(corpus, "dev")
    log(f"reading {len(tr_items)} train and {len(dev_items)} dev documents")
    tr = [prepare(*x) for x in tr_items]
    dev = [prepare(*x) for x in dev_items]
    guards = [[prepare(*x) for x in _folder_items(d, g)] for _, d, g in (ablation_sets or [])]
    guard_kind = [_kind_acc(g) for g in guards]
    guard_obst = [_obstacle_f1(g) for g in guards]

    def kind_ok(m, conf, weak=None) -> bool:
        return all(_kind_acc(g, m, conf, weak) >= base - 1e-9 for g, base in zip(guards, guard_kind))

    def obst_ok(m, t, k) -> bool:
        return all(_obstacle_f1(g, m, t, keep=k)[0] >= base[0] - 1e-9 for g, base in zip(guards, guard_obst))

    metrics: dict = {"data": {"train_docs": len(tr), "dev_docs": len(dev),
                              "train_sha256": data_hash(tr_items), "dev_sha256": data_hash(dev_items)},
                     "versions": _versions(), "seed": SEED, "models": {}}
    use, chosen = {}, {}

    # figure kind
    Xk, yk = _kind_xy(tr)
    rule_acc = _kind_acc(dev)
    best = None
    for C in C_GRID:
        m = FeatureDictClassifier(C=C, random_state=SEED).fit(Xk, yk)
        for conf in CONFIDENCES:
            for weak in CONFIDENCES:
                if weak > conf:
                    continue
                a = _kind_acc(dev, m, conf, weak)
                if (best is None or a > best[0] + 1e-9) and kind_ok(m, conf, weak):
                    best = (a, C, conf, weak, _kind_acc(dev, m, 0.0))
    acc, C, conf, weak, always = best
    use["kind"] = acc > rule_acc
    chosen["kind"], chosen["kind_confidence"], chosen["kind_weak_confidence"] = C, conf, weak
    metrics["models"]["kind"] = {"train_examples": len(yk), "C": C, "confidence": conf, "weak_confidence": weak,
                                 "dev_rules_acc": round(rule_acc, 4), "dev_model_always_acc": round(always, 4),
                                 "dev_model_acc": round(acc, 4), "used": use["kind"]}
    log(f"figure kind: dev accuracy rules {rule_acc:.3f}, model always {always:.3f}, "
        f"model from p>={conf} (p>={weak} where the rule had no explicit cue) {acc:.3f} (C={C})")

    # obstacle detection + threshold
    Xo, yo = _obstacle_xy(tr)
    rule_f1, rule_cat = _obstacle_f1(dev)
    best = None
    always = {}
    for C in C_GRID:
        m = FeatureDictClassifier(C=C, random_state=SEED).fit(Xo, yo)
        for t in THRESHOLDS:
            always[(C, t)] = _obstacle_f1(dev, m, min(t, 1.0), keep=min(t, 1.0))[0]
            for k in KEEPS:
                f1, _ = _obstacle_f1(dev, m, t, keep=k)
                if (best is None or f1 > best[0] + 1e-9) and obst_ok(m, t, k):
                    best = (f1, C, t, k, m)
    f1, C, thr, keep, det = best
    use["obstacle"] = f1 > rule_f1
    chosen["obstacle"], chosen["threshold"], chosen["keep"] = C, thr, keep
    best_always = max(always.values())
    metrics["models"]["obstacle"] = {"train_candidates": len(yo), "train_positive": int(sum(yo)), "C": C,
                                     "threshold": thr, "keep": keep, "dev_rules_f1": round(rule_f1, 4),
                                     "dev_model_always_f1": round(best_always, 4),
                                     "dev_model_f1": round(f1, 4), "used": use["obstacle"]}
    log(f"obstacles: dev F1 rules {rule_f1:.3f}, model alone {best_always:.3f}, rules first "
        f"{f1:.3f} (C={C}, add from p>={thr}, drop below p<{keep})")

    # obstacle category (measured on the obstacles the chosen detector keeps)
    Xc, yc = _category_xy(tr)
    det_for_cat = det if use["obstacle"] else None
    _, base_cat = _obstacle_f1(dev, det_for_cat, thr, keep=keep)
    guard_cat = [_obstacle_f1(g, det_for_cat, thr, keep=keep)[1] for g in guards]

    def cat_metric(m):
        ok = all(_obstacle_f1(g, det_for_cat, thr, m, keep=keep)[1] >= b - 1e-9 for g, b in zip(guards, guard_cat))
        return _obstacle_f1(dev, det_for_cat, thr, m, keep=keep)[1] if ok else -1.0

    cat_acc, C, _ = _best_c(Xc, yc, cat_metric)
    use["category"] = cat_acc > base_cat
    chosen["category"] = C
    metrics["models"]["category"] = {"train_examples": len(yc), "C": C, "dev_rules_acc": round(base_cat, 4),
                                     "dev_model_acc": round(cat_acc, 4), "used": use["category"]}
    log(f"obstacle category: dev accuracy rules {base_cat:.3f}, model {cat_acc:.3f} (C={C})")

    # refit on train + dev with the chosen settings; keep a refitted model only if the guard
    # sets still hold with it, else ship the model that was chosen (fitted on train)
    both = tr + dev
    on_train = {
        "kind": FeatureDictClassifier(C=chosen["kind"], random_state=SEED).fit(Xk, yk),
        "obstacle": FeatureDictClassifier(C=chosen["obstacle"], random_state=SEED).fit(Xo, yo),
        "category": FeatureDictClassifier(C=chosen["category"], random_state=SEED).fit(Xc, yc),
    }
    final = {
        "kind": FeatureDictClassifier(C=chosen["kind"], random_state=SEED).fit(*_kind_xy(both)),
        "obstacle": FeatureDictClassifier(C=chosen["obstacle"], random_state=SEED).fit(*_obstacle_xy(both)),
        "category": FeatureDictClassifier(C=chosen["category"], random_state=SEED).fit(*_category_xy(both)),
    }
    fitted_on = {}
    for key in final:
        ok = {"kind": lambda m: kind_ok(m, chosen["kind_confidence"], chosen["kind_weak_confidence"]),
              "obstacle": lambda m: obst_ok(m, chosen["threshold"], chosen["keep"]),
              "category": lambda m: all(_obstacle_f1(g, det_for_cat, thr, m, keep=keep)[1] >= b - 1e-9
                                        for g, b in zip(guards, guard_cat))}[key](final[key])
        if not ok:
            final[key] = on_train[key]
        fitted_on[key] = "train+dev" if ok else "train"
    metrics["fitted_on"] = fitted_on
    for key, model in final.items():
        path = out / MODEL_FILES[key]
        if use[key]:
            model.save(path)
        elif path.exists():
            path.unlink()  # a model the rules beat is not shipped (the card keeps its numbers)
    ner = None
    if spans:
        from .spans import train_span_model

        sm = train_span_model(corpus, out, log, [(n, _folder_items(d, g)) for n, d, g in (ablation_sets or [])])
        use["spans"] = sm["used"]
        metrics["models"]["spans"] = sm
        if sm["used"]:
            import spacy

            ner = spacy.load(out / "spacy_ner" / "model")
    meta = {"use": use, "obstacle_threshold": chosen["threshold"], "obstacle_keep": chosen["keep"],
            "kind_confidence": chosen["kind_confidence"], "kind_weak_confidence": chosen["kind_weak_confidence"],
            "fitted_on": fitted_on}
    (out / "models.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    # ablation on held-out and contract sets, with the saved models as shipped
    models = Models(kind=final["kind"] if use["kind"] else None,
                    obstacle=final["obstacle"] if use["obstacle"] else None,
                    category=final["category"] if use["category"] else None,
                    obstacle_threshold=chosen["threshold"], obstacle_keep=chosen["keep"],
                    kind_confidence=chosen["kind_confidence"],
                    kind_weak_confidence=chosen["kind_weak_confidence"], ner=ner)
    sets = [("corpus test (held out)", corpus / "docs", corpus / "gold", "test")]
    sets += [(n, d, g, None) for n, d, g in (ablation_sets or [])]
    metrics["ablation"] = []
    for name, docs_dir, gold_dir, split in sets:
        row = {"set": name}
        for mode, m in (("rules", None), ("rules+ML", models)):
            row[mode] = _score_set(docs_dir, gold_dir, split, corpus, m)
        metrics["ablation"].append(row)
        log(f"{name}: rules {row['rules']} | rules+ML {row['rules+ML']}")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    (out / "README.md").write_text(model_card(metrics, meta), encoding="utf-8")
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
    return {"officials_f1": res["officials"]["f1"], "figures_f1": res["figures"]["f1"], "kind_acc": res["figures"]["kind_acc"],
            "obstacles_p": res["obstacles"]["precision"], "obstacles_r": res["obstacles"]["recall"],
            "obstacles_f1": res["obstacles"]["f1"], "category_acc": res["obstacles"]["category_acc"]}


def _span_card(sm: dict | None) -> str:
    if not sm:
        return "Span model for people: not trained in this run (`praxis train` trains it unless `--no-spans`)."
    return (f"Span model for people: spaCy NER (tok2vec + ner) from `models/spacy_ner/config.cfg`, trained on "
            f"the PERSON spans of the train split's officials, run on sentences holding a title word; its names "
            f"become officials when the title grammar finds a title beside them. Dev officials F1: rules "
            f"{sm['dev_officials_f1_rules']:.3f}, rules + NER {sm['dev_officials_f1_rules_ner']:.3f}; guards "
            f"{sm['guards']}; used: {sm['used']}.")


def model_card(metrics: dict, meta: dict) -> str:
    v = metrics["versions"]
    m = metrics["models"]
    lines = [
        "# Models",
        "",
        "Built by `praxis train` (`pipeline/learn/train.py`) from `corpus/`; do not edit by hand.",
        "Each file is a scikit-learn `Pipeline` (DictVectorizer + LogisticRegression, L2, lbfgs,",
        f"random_state={metrics['seed']}) saved with skops and loaded with an explicit list of trusted",
        "types (`pipeline/learn/models.py`); `models.json` says which models are used.",
        "",
        "## Data",
        "",
        f"- train split: {metrics['data']['train_docs']} documents, sha256 `{metrics['data']['train_sha256'][:16]}...`",
        f"- dev split: {metrics['data']['dev_docs']} documents, sha256 `{metrics['data']['dev_sha256'][:16]}...`",
        "- choices (C, thresholds, use or not) are made on dev with models fitted on train, under a",
        "  guard: no choice may score the seeds or patterns of `../shared` below the rules. The saved",
        "  models are refitted on train + dev where the guard still holds (else the train fit is kept:",
        f"  {metrics.get('fitted_on', {})}). The test split is only scored.",
        "- versions: " + ", ".join(f"{k} {x}" for k, x in v.items()),
        "",
        "## Model cards",
        "",
        "Dev columns: the rules alone; the model deciding everything; rules first with the model",
        "overriding where confident (the shipped combination).",
        "",
        "| model | file | features | examples | C | dev: rules | dev: model alone | dev: rules first + model | used |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| figure kind (target/result/statistic) | `{MODEL_FILES['kind']}` | rule kind and whether a cue "
        f"decided it, unit class, comparator, words before/after the number, words of the sentence, of the "
        f"paragraph opening and of the sentence before, cue families, tense, plan sections | {m['kind']['train_examples']} | "
        f"{m['kind']['C']} | acc {m['kind']['dev_rules_acc']:.3f} | acc {m['kind']['dev_model_always_acc']:.3f} | "
        f"acc {m['kind']['dev_model_acc']:.3f} (p >= {m['kind']['confidence']}) | {m['kind']['used']} |",
        f"| obstacle detection (candidate clause -> row?) | `{MODEL_FILES['obstacle']}` | why the rules proposed it, "
        f"words, word pairs, cue words, length, reported speech | {m['obstacle']['train_candidates']} "
        f"({m['obstacle']['train_positive']} positive) | {m['obstacle']['C']} | F1 {m['obstacle']['dev_rules_f1']:.3f} | "
        f"F1 {m['obstacle']['dev_model_always_f1']:.3f} | F1 {m['obstacle']['dev_model_f1']:.3f} (add p >= "
        f"{m['obstacle']['threshold']}, drop p < {m['obstacle']['keep']}) | {m['obstacle']['used']} |",
        f"| obstacle category | `{MODEL_FILES['category']}` | words, word pairs, rule category | "
        f"{m['category']['train_examples']} | {m['category']['C']} | acc {m['category']['dev_rules_acc']:.3f} | - | "
        + (f"acc {m['category']['dev_model_acc']:.3f}" if m['category']['dev_model_acc'] >= 0
           else "every setting lowers the seeds or patterns") + f" | {m['category']['used']} |",
        "",
        "Organizations' type is left to the rules: their org_type accuracy on matched rows is 1.00 on",
        "train and dev, so there is nothing for a model to win.",
        "",
        _span_card(m.get("spans")),
        "",
        "## Ablation: rules only vs rules + ML",
        "",
        "| set | mode | officials F1 | figures F1 | kind acc | obstacles P | obstacles R | obstacles F1 | category acc |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in metrics.get("ablation", []):
        for mode in ("rules", "rules+ML"):
            r = row[mode]
            lines.append(f"| {row['set']} | {mode} | {r.get('officials_f1', 0):.3f} | {r['figures_f1']:.3f} | {r['kind_acc']:.3f} | {r['obstacles_p']:.3f} | "
                         f"{r['obstacles_r']:.3f} | {r['obstacles_f1']:.3f} | {r['category_acc']:.3f} |")
    lines += ["", "Reproduce: `praxis train` (writes this folder), then "
              "`praxis evaluate corpus/docs --gold corpus/gold --split test [--models none]`.", ""]
    return "\n".join(lines)
