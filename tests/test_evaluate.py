"""Our scorer agrees with the contract's scorer; evaluate prints confusion matrices."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import score, token_f1

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_perfect_and_empty_predictions():
    gold = {"a.txt": {"officials": [{"name": "Le Van Tam", "titles": "Chairman", "place": ""}],
                      "organizations": [], "obstacles": [],
                      "figures": [{"text": "15/30 targets", "value": 15, "total": 30, "unit_class": "count", "kind": "result"}]}}
    pred = {"officials": [{"doc_id": "a.txt", "name": "Lê Văn Tám", "titles": "Chairman", "place": ""}],
            "figures": [{"doc_id": "a.txt", "text": "15/30 targets", "value": 15.0, "total": 30.0,
                         "unit_class": "count", "kind": "target"}]}
    r = score(gold, pred)
    assert r["officials"]["f1"] == 1.0 and r["figures"]["f1"] == 1.0
    assert r["figures"]["kind_acc"] == 0.0
    assert r["figures"]["confusion"] == {"result->target": 1}
    assert score(gold, {})["figures"]["recall"] == 0.0


@pytest.mark.parametrize("a,b,expected", [("Secretary of the Party Committee", "Secretary of the Party Committee", 1.0),
                                          ("Chairman", "", 0.0), ("", "", 1.0)])
def test_token_f1(a, b, expected):
    assert token_f1(a, b) == expected


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared not present")
def test_same_numbers_as_contract_scorer(tmp_path):
    out = tmp_path / "out"
    CliRunner().invoke(app, ["extract", str(SHARED / "patterns"), "--out", str(out), "--quiet", "--no-registry"])
    theirs = json.loads(subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold",
                                        str(SHARED / "gold" / "patterns"), "--pred", str(out), "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    res = CliRunner().invoke(app, ["evaluate", str(SHARED / "patterns"), "--gold", str(SHARED / "gold" / "patterns"),
                                   "--json", str(tmp_path / "r.json")])
    assert res.exit_code == 0, res.output
    ours = json.loads((tmp_path / "r.json").read_text())
    for t in ("officials", "organizations", "figures", "obstacles"):
        for k in [k for k in theirs[t] if k not in ("missed", "spurious")]:
            assert ours[t][k] == theirs[t][k], (t, k)
    assert "kind confusion" in res.output


def test_second_annotation_agrees_with_gold():
    from pipeline.evaluate import kind_agreement

    root = Path(__file__).resolve().parents[1] / "corpus"
    n, share = kind_agreement(root / "gold", root / "agreement")
    assert n == 318 and share > 0.95
