"""The training workflow of project.yml: its steps run through spaCy's project system, a step
whose inputs did not change is skipped, a changed input reruns what depends on it, and the
models record what they were trained with."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import srsly

from pipeline.learn.runtime import FEATURE_CODE, provenance, stale

ROOT = Path(__file__).resolve().parents[1]


def test_every_step_declares_its_inputs_and_outputs():
    project = srsly.read_yaml(ROOT / "project.yml")
    steps = {c["name"]: c for c in project["commands"]}
    assert project["workflows"]["all"] == ["features", "ner", "period", "metric", "train", "evaluate", "card"]
    for c in steps.values():
        assert c["deps"] and c["outputs"], c["name"]
    feats = steps["features"]["deps"]
    # editing a rule file or the code that makes features reruns the features step
    assert "pipeline/data" in feats and all(f"pipeline/{f}" in feats for f in FEATURE_CODE)
    assert "${vars.models}/work/features.json.gz" in steps["train"]["deps"]
    # the period chooser is built before train, which records whether it is used
    assert "${vars.models}/period_chooser.json" in steps["train"]["deps"]
    assert "${vars.models}/period_chooser.json" in steps["period"]["outputs"]


def _run(project: Path, step: str, corpus: Path, models: Path) -> str:
    shared = ROOT.parent / "shared"
    cmd = [sys.executable, "-m", "spacy", "project", "run", step, str(project), f"--vars.corpus={corpus}",
           f"--vars.models={models}", f"--vars.shared={shared}"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return out.stdout + out.stderr


@pytest.mark.skipif(not (ROOT.parent / "shared" / "seeds").is_dir(), reason="../shared not present")
def test_the_workflow_reruns_only_what_changed(tmp_path):
    from test_learn import _tiny_corpus

    corpus = _tiny_corpus(tmp_path)
    models = tmp_path / "models"
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "project.yml", project / "project.yml")
    (project / "pipeline").symlink_to(ROOT / "pipeline")  # the code and rule data the steps depend on
    steps = ["features", "period", "metric", "train", "evaluate", "card"]  # the NER takes minutes: the shipped one stands in
    shutil.copytree(ROOT / "models" / "spacy_ner" / "model", models / "spacy_ner" / "model")
    first = [_run(project, s, corpus, models) for s in steps]
    assert not any("Skipping" in o for o in first)
    meta = json.loads((models / "models.json").read_text(encoding="utf-8"))
    assert meta["trained_with"] == provenance() and stale(str(models)) is None
    again = [_run(project, s, corpus, models) for s in steps]
    assert all("Skipping" in o for o in again), again
    # a changed gold file: the features are built again, and what follows them
    gold = next((corpus / "gold").glob("*.json"))
    doc = json.loads(gold.read_text(encoding="utf-8"))
    doc["obstacles"] = doc.get("obstacles", []) + [{"text": "the road is still unfinished", "category": "infrastructure"}]
    gold.write_text(json.dumps(doc), encoding="utf-8")
    out = _run(project, "features", corpus, models)
    assert "Skipping" not in out


def test_stale_models_are_named_in_one_line(tmp_path):
    (tmp_path / "models.json").write_text(json.dumps({"use": {}, "trained_with": {**provenance(), "rule_data": "0" * 16}}))
    msg = stale(str(tmp_path))
    assert msg is not None and "\n" not in msg and "rule data" in msg and "feature code" not in msg
    (tmp_path / "models.json").write_text(json.dumps({"use": {}, "trained_with": provenance()}))
    assert stale(str(tmp_path)) is None
    assert stale("none") is None


def test_extract_warns_once_when_the_models_are_stale(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    models = tmp_path / "m"
    models.mkdir()
    (models / "models.json").write_text(json.dumps({"use": {}, "trained_with": {"rule_data": "x", "feature_code": "y"}}))
    (tmp_path / "a.txt").write_text("Tan Phu commune has 12 hamlets.", encoding="utf-8")
    r = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--no-registry",
                                 "--quiet", "--models", str(models)])
    assert r.exit_code == 0
    assert r.output.count("praxis train") == 1 and "trained with other rule data and feature code" in r.output
