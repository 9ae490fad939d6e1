"""The corpus gold is consistent with SCHEMA.md's vocabularies and with its texts."""
import importlib.util
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _checker():
    spec = importlib.util.spec_from_file_location("check_gold", CORPUS / "tools" / "check_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_corpus_gold_is_consistent():
    assert _checker().check_corpus(CORPUS) == []


def test_checker_finds_planted_problems(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "x1.txt").write_text("The commune reached 15/30 targets.\n", encoding="utf-8")
    (tmp_path / "docs" / "x2.txt").write_text("No gold for this one.\n", encoding="utf-8")
    (tmp_path / "gold" / "x1.json").write_text(
        '{"doc_id": "x1.txt", "officials": [], "organizations": [], "obstacles": [], "figures": ['
        '{"text": "15/30 targets", "value": 15, "total": 30, "unit": "targets", "unit_class": "count",'
        ' "comparator": "eq", "kind": "achieved"},'
        '{"text": "16/30 targets", "value": "16", "unit": "targets", "unit_class": "count", "comparator": "eq",'
        ' "kind": "result"}]}', encoding="utf-8")
    problems = _checker().check_corpus(tmp_path)
    assert any("kind 'achieved'" in p for p in problems)
    assert any("'16/30 targets' not in the text" in p for p in problems)
    assert any("value '16' is not a number" in p for p in problems)
    assert any(p.startswith("x2: no gold") for p in problems)
