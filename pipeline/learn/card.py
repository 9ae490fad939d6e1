"""The ``card`` step: the model card ``models/README.md`` from ``metrics.json`` and ``models.json``."""
from __future__ import annotations

import json
from pathlib import Path

from .runtime import MODEL_FILES


def write_card(models_dir: Path) -> str:
    models_dir = Path(models_dir)
    metrics = json.loads((models_dir / "metrics.json").read_text(encoding="utf-8"))
    meta = json.loads((models_dir / "models.json").read_text(encoding="utf-8"))
    text = model_card(metrics, meta)
    (models_dir / "README.md").write_text(text, encoding="utf-8")
    return text


def _span_card(sm: dict | None) -> str:
    if not sm:
        return "Span model for people: not trained in this run (`praxis train` trains it unless `--no-spans`)."
    return (f"Span model for people: spaCy NER (tok2vec + ner) from `models/spacy_ner/config.cfg`, trained on "
            f"the PERSON spans of the train split's officials, run on sentences holding a title word; its names "
            f"become officials when the title grammar finds a title beside them. Dev officials F1: rules "
            f"{sm['dev_officials_f1_rules']:.3f}, rules + NER {sm['dev_officials_f1_rules_ner']:.3f}; guards "
            f"{sm['guards']}; used: {sm['used']}.")


def _files(name: str) -> str:
    """The two files of a model (its JSON file and the weights beside it)."""
    return f"`{name}` + `{Path(name).with_suffix('.npz').name}`"


def model_card(metrics: dict, meta: dict) -> str:
    v = metrics["versions"]
    m = metrics["models"]
    lines = [
        "# Models",
        "",
        "Built by `praxis train` (`pipeline/learn/train.py`) from `corpus/`; do not edit by hand.",
        "Each model is a DictVectorizer + LogisticRegression (L2, lbfgs,",
        f"random_state={metrics['seed']}) fitted with scikit-learn and saved as `NAME.json` (format and",
        "version, parameters, classes, the feature vocabulary in column order) + `NAME.npz` (coef and",
        "intercept, float64, read with `allow_pickle=False`), checked when loaded and applied with",
        "numpy/scipy alone (`pipeline/learn/models.py`); `models.json` says which models are used.",
        "",
        "## Data",
        "",
        f"- train split: {metrics['data']['train_docs']} documents, sha256 `{metrics['data']['train_sha256'][:16]}...`",
        f"- dev split: {metrics['data']['dev_docs']} documents, sha256 `{metrics['data']['dev_sha256'][:16]}...`",
        "- choices (C, thresholds, use or not) are made on dev with models fitted on train, under a",
        "  guard: no choice may score the seeds or patterns of `../shared` below the rules (nor, for",
        "  obstacle detection, either corpus group's dev split below the rules). The saved",
        "  models are refitted on train + dev where the guard still holds (else the train fit is kept:",
        f"  {metrics.get('fitted_on', {})}). The test split is only scored.",
        "- versions: " + ", ".join(f"{k} {x}" for k, x in v.items()),
        "",
        "## Model cards",
        "",
        "Dev columns (the mean over the corpus groups' dev splits, each group weighing the same): the",
        "rules alone; the model deciding everything; the shipped combination, chosen on dev (rules",
        "first with the model overriding where confident, or the model alone where that wins).",
        "",
        "| model | file | features | examples | C | dev: rules | dev: model alone | dev: shipped | used |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| figure kind (target/result/statistic) | {_files(MODEL_FILES['kind'])} | rule kind and whether a cue "
        f"decided it, unit class, comparator, words before/after the number, words of the sentence, of the "
        f"paragraph opening and of the sentence before, cue families, tense, plan sections | {m['kind']['train_examples']} | "
        f"{m['kind']['C']} | acc {m['kind']['dev_rules_acc']:.3f} | acc {m['kind']['dev_model_always_acc']:.3f} | "
        f"acc {m['kind']['dev_model_acc']:.3f} (p >= {m['kind']['confidence']}) | {m['kind']['used']} |",
        f"| obstacle detection (candidate clause -> row?) | {_files(MODEL_FILES['obstacle'])} | why the rules proposed it, "
        f"words, word pairs, cue words, length, reported speech | {m['obstacle']['train_candidates']} "
        f"({m['obstacle']['train_positive']} positive) | {m['obstacle']['C']} | F1 {m['obstacle']['dev_rules_f1']:.3f} | "
        f"F1 {m['obstacle']['dev_model_always_f1']:.3f} | F1 {m['obstacle']['dev_model_f1']:.3f} (add p >= "
        f"{m['obstacle']['threshold']}, drop p < {m['obstacle']['keep']}) | {m['obstacle']['used']} |",
        f"| obstacle category | {_files(MODEL_FILES['category'])} | words, word pairs, rule category | "
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
        "| set | mode | officials F1 | organizations F1 | figures F1 | kind acc | metric acc | period acc | obstacles P "
        "| obstacles R | obstacles F1 | category acc |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in metrics.get("ablation", []):
        for mode in ("rules", "rules+ML"):
            r = row[mode]
            lines.append(f"| {row['set']} | {mode} | {r.get('officials_f1', 0):.3f} | {r.get('organizations_f1', 0):.3f} "
                         f"| {r['figures_f1']:.3f} | {r['kind_acc']:.3f} | {r.get('metric_acc', 0):.3f} "
                         f"| {r.get('period_acc', 0):.3f} | {r['obstacles_p']:.3f} | "
                         f"{r['obstacles_r']:.3f} | {r['obstacles_f1']:.3f} | {r['category_acc']:.3f} |")
    lines += ["", "Reproduce: `praxis train` (writes this folder), then "
              "`praxis evaluate corpus/docs --gold corpus/gold --split test [--models none]` "
              "(`--split press_test` for the real-style group).", ""]
    return "\n".join(lines)
