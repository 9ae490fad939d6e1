"""The training data of the learned extractors: the rules run over an annotated set of
documents, their output labelled against gold with the scorer's own matching.

* each predicted figure matched to a gold figure gets the gold kind (unmatched: None);
* each obstacle candidate that the one-to-one matching pairs with a gold obstacle is
  positive, every other one negative; a matched candidate gets the gold category.

A dataset is written as gzipped JSON (deterministic bytes: the same inputs give the same
file) with the provenance of what built it (:func:`pipeline.learn.runtime.provenance`), so the
workflow (``project.yml``) reruns the training only when the features changed.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..clean import clean_text
from ..evaluate import greedy, load_gold, match_figure, match_obstacle
from ..extractors.figures import find_figures
from ..extractors.obstacles import Obstacle, obstacle_candidates
from ..read import read_document
from ..textutil import segment
from .features import figure_features, obstacle_features


@dataclass
class DocData:
    doc_id: str
    text: str
    gold: dict
    sentences: list = field(default_factory=list)
    fig_feats: list = field(default_factory=list)
    fig_rule: list = field(default_factory=list)
    fig_strong: list = field(default_factory=list)
    fig_gold: list = field(default_factory=list)  # gold kind or None (unmatched)
    cands: list = field(default_factory=list)  # Obstacle candidates of the rules
    cand_feats: list = field(default_factory=list)
    cand_label: list = field(default_factory=list)
    cand_gold_cat: list = field(default_factory=list)


def prepare(doc_id: str, path: Path, gold: dict) -> DocData:
    """Run the rules on one document and label their output against its gold."""
    text = clean_text(read_document(path).text)
    seg = segment(text)
    d = DocData(doc_id, text, gold, [list(s) for s in seg.sentences])
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


def build(corpus: Path, guard_sets: list[tuple[str, Path, Path]], log=print) -> tuple[dict[str, list[DocData]], dict]:
    """The ``features`` step: the train and dev splits and the guard sets (name, documents,
    gold), prepared; with the provenance and the hashes of the data."""
    from .corpus import corpus_documents, split_names
    from .runtime import provenance

    tr_items = corpus_documents(corpus, "train", all_groups=True)
    dev_items = corpus_documents(corpus, "dev", all_groups=True)
    log(f"features: {len(tr_items)} train and {len(dev_items)} dev documents")
    sets = {"train": [prepare(*x) for x in tr_items], "dev": [prepare(*x) for x in dev_items]}
    for name, docs, gold in guard_sets:
        sets[f"guard:{name}"] = [prepare(*x) for x in folder_items(docs, gold)]
    splits = json.loads((corpus / "splits.json").read_text(encoding="utf-8"))
    dev_groups = {n: [x[0] for x in corpus_documents(corpus, n)] for n in split_names(splits, "dev")}
    meta = {"provenance": provenance(), "dev_groups": dev_groups,
            "data": {"train_docs": len(tr_items), "dev_docs": len(dev_items),
                     "train_sha256": data_hash(tr_items), "dev_sha256": data_hash(dev_items)}}
    return sets, meta


def folder_items(docs_dir: Path, gold_dir: Path) -> list[tuple[str, Path, dict]]:
    """(doc_id, path, gold) of every gold file whose document is in ``docs_dir``."""
    gold = load_gold(gold_dir)
    return [(k, docs_dir / k, v) for k, v in sorted(gold.items()) if (docs_dir / k).exists()]


def data_hash(items: list[tuple[str, Path, dict]]) -> str:
    h = hashlib.sha256()
    for doc_id, path, gold in items:
        h.update(doc_id.encode())
        h.update(path.read_bytes())
        h.update(json.dumps(gold, sort_keys=True).encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- files
def _doc_to_json(d: DocData) -> dict:
    out = asdict(d)
    out["cands"] = [asdict(c) for c in d.cands]
    return out


def _doc_from_json(x: dict) -> DocData:
    d = DocData(**{k: v for k, v in x.items() if k != "cands"})
    d.cands = [Obstacle(**c) for c in x["cands"]]
    d.sentences = [tuple(s) for s in d.sentences]
    return d


def save(path: Path, sets: dict[str, list[DocData]], meta: dict) -> None:
    """Write named sets of documents (train, dev, guard sets) as deterministic gzipped JSON."""
    payload = {"meta": meta, "sets": {k: [_doc_to_json(d) for d in v] for k, v in sets.items()}}
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=6) as gz:
        gz.write(raw)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".partial")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(path)


def load(path: Path) -> tuple[dict[str, list[DocData]], dict]:
    payload = json.loads(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))
    return {k: [_doc_from_json(x) for x in v] for k, v in payload["sets"].items()}, payload["meta"]
