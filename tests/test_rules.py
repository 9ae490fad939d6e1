"""The rule-data loader: shipped files load; malformed rule files and user pattern files are
rejected with a message that names the file, the vocabulary and the entry."""
import json

import pytest

from pipeline import (
    components,  # noqa: F401 - declares every grammar
    rules,
)
from pipeline.errors import RuleError


def test_every_shipped_rule_file_loads_and_declares_what_it_holds():
    grammars = rules.declared()
    assert {"levels", "numbers", "orgs", "officials", "figures", "obstacles"} <= set(grammars)
    counts = rules.check_all()
    assert all(n > 0 for n in counts.values()), counts
    names = {p.name for p in rules.data_files()}
    assert {f"{g}.json" for g in grammars} <= names


LEVELS_OK = {"about": "x", "vocabularies": {
    "level_of_word": {"entries": {"ward": "commune"}}, "canon_level_word": {"entries": {}},
    "org_level_adj": {"entries": {}}, "level_words": {"entries": ["ward"]},
    "level_word_uses": {"entries": {}}, "plural_level_words": {"entries": {}}, "numbered_level_words": {"entries": []}}}


def _with(**changes):
    d = json.loads(json.dumps(LEVELS_OK))
    for k, v in changes.items():
        if v is None:
            del d["vocabularies"][k]
        else:
            d["vocabularies"][k] = v
    return json.dumps(d)


@pytest.mark.parametrize("text,message", [
    ("{not json", "x.json: not valid JSON"),
    (json.dumps({**LEVELS_OK, "extra": 1}), "x.json: unknown key(s) ['extra']"),
    (_with(level_nouns={"entries": []}), "x.json: unknown vocabulary 'level_nouns' for grammar 'levels'"),
    (_with(level_words=None), "x.json: missing vocabularies ['level_words']"),
    (_with(level_words={"entries": ["ward", 3]}), "x.json: level_words[1]: a word must be a non-empty string"),
    (_with(level_words={"entries": "ward"}), "x.json: level_words: entries must be a list"),
    (_with(level_words={"entries": [], "note": ""}), "x.json: level_words: unknown key(s) ['note']"),
    (_with(level_of_word={"entries": {"ward": 1}}), "x.json: level_of_word: value of 'ward' must be a string"),
])
def test_a_malformed_rule_file_is_rejected_with_a_clear_message(text, message):
    with pytest.raises(RuleError) as err:
        rules.read_rule_file("levels", text, "x.json")
    assert message in str(err.value)


def test_a_pattern_that_does_not_compile_is_rejected():
    spec = rules.declared()["obstacles"].spec
    name = next(n for n, v in spec.items() if v.type == "patterns")
    with pytest.raises(RuleError, match=rf"{name}\[0\]: pattern '\(unclosed' does not compile"):
        rules._check_entries(spec[name], ["(unclosed"], f"x.json: {name}")


@pytest.mark.parametrize("line,message", [
    ('{"vocabulary": "nowhere.cues", "phrase": "x"}', "unknown grammar 'nowhere'"),
    ('{"vocabulary": "obstacles.no_such", "phrase": "x"}', "grammar 'obstacles' has no vocabulary 'no_such'"),
    ('{"vocabulary": "levels.level_of_word", "phrase": "x"}', "is a map vocabulary; give key"),
    ('{"vocabulary": "levels.level_words", "word": "x", "phrase": "y"}', "give exactly one of"),
    ('{"vocabulary": "levels.level_words", "words": "x"}', "unknown key(s) ['words']"),
    ('{"vocabulary": "levels", "word": "x"}', "must name grammar.vocabulary"),
    ('{"vocabulary": "levels.level_words", "word": "x"', "u.jsonl:1: not valid JSON"),
    ('["not an object"]', "each entry is a JSON object"),
])
def test_a_malformed_user_pattern_file_is_rejected(tmp_path, line, message):
    p = tmp_path / "u.jsonl"
    p.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        rules.read_user_file(p)
    assert message in str(err.value)


def test_user_entries_come_first_and_map_values_win(tmp_path):
    p = tmp_path / "u.jsonl"
    p.write_text('{"vocabulary": "levels.level_words", "word": "hamlet cluster"}\n'
                 '{"vocabulary": "levels.level_of_word", "key": "ward", "value": "village"}\n', encoding="utf-8")
    base = rules.load("levels")
    mine = rules.load("levels", (str(p),))
    assert mine["level_words"][0] == "hamlet cluster" and mine["level_words"][1:] == base["level_words"]
    assert mine["level_of_word"]["ward"] == "village" and base["level_of_word"]["ward"] == "commune"
    assert rules.load("levels") is base  # the shipped vocabularies are untouched


def test_a_bad_pattern_file_stops_extract_before_any_work(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "a.txt").write_text("Tan Phu commune has 12 hamlets.", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"vocabulary": "obstacles.strong_cues", "pattern": "(unclosed"}\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--no-registry",
                                 "--patterns", str(bad)])
    assert r.exit_code == 2 and "bad pattern file" in r.output and "does not compile" in r.output
    assert not (tmp_path / "o").exists()


def test_data_hash_changes_with_the_rule_data(tmp_path, monkeypatch):
    import shutil

    before = rules.data_hash()
    copies = []
    for p in rules.data_files():
        shutil.copy(p, tmp_path / p.name)
        copies.append(tmp_path / p.name)
    monkeypatch.setattr(rules, "data_files", lambda: copies)
    assert rules.data_hash() == before
    levels = tmp_path / "levels.json"
    levels.write_text(levels.read_text(encoding="utf-8").replace('"township"', '"townlet"', 1), encoding="utf-8")
    assert rules.data_hash() != before


@pytest.mark.parametrize("fast", [False, True])
def test_pattern_checks_name_the_entry_whether_checked_alone_or_together(fast):
    spec = rules.declared()["obstacles"].spec
    name = next(n for n, v in spec.items() if v.type == "patterns")
    pending = [] if fast else None
    ok = rules._check_entries(spec[name], ["(?P<x>a)", "(?P<x>b)"], "x.json: v", pending)  # a name used twice is fine
    rules._compile_pending(pending or [])
    assert ok == ["(?P<x>a)", "(?P<x>b)"]
    pending = [] if fast else None
    with pytest.raises(RuleError, match=r"x\.json: v\[1\]: pattern 'b\(' does not compile"):
        rules._check_entries(spec[name], ["a", "b("], "x.json: v", pending)
        rules._compile_pending(pending or [])


def test_a_user_file_may_hold_entries_of_grammars_not_yet_loaded(tmp_path):
    """A grammar loaded alone (its module imported without the others) takes its entries from
    a file that also holds other grammars' entries; those are checked when their grammar loads."""
    import subprocess
    import sys

    p = tmp_path / "mine.jsonl"
    p.write_text('{"vocabulary": "obstacles.strong_cues", "phrase": "power outages"}\n'
                 '{"vocabulary": "figures.target_cues", "pattern": "envisages"}\n'
                 '{"vocabulary": "obstacles.no_such", "phrase": "x"}\n', encoding="utf-8")
    code = ("import sys\nimport pipeline.extractors.figures as F\nF.rules_for((sys.argv[1],))\n"
            "assert 'pipeline.extractors.obstacles' not in sys.modules\n"
            "import pipeline.extractors.obstacles as O\n"
            "try:\n    O.rules_for((sys.argv[1],))\nexcept Exception as e:\n    print(type(e).__name__, e)\n")
    out = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "RuleError" in out.stdout and "mine.jsonl:3: grammar 'obstacles' has no vocabulary 'no_such'" in out.stdout
