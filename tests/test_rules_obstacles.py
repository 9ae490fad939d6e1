"""The obstacle grammar's rule data: the shipped file, the loader's checks, user pattern files."""
import json

import pytest

from pipeline import rules
from pipeline.errors import RuleError
from pipeline.extractors import obstacles
from pipeline.extractors.obstacles import categorize, find_obstacles, rules_for
from pipeline.textutil import segment

OUTAGES = "Frequent power outages disrupt production at the industrial cluster."


def shipped() -> dict:
    return json.loads(rules._shipped_text("obstacles"))


def with_change(change) -> str:
    data = shipped()
    change(data)
    return json.dumps(data)


def user_file(tmp_path, *entries) -> str:
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in entries) + "\n", encoding="utf-8")
    return str(path)


def rows(text, **kw):
    return find_obstacles(text, segment(text).sentences, **kw)


# --------------------------------------------------------------------------- the shipped file
def test_rules_obstacles_shipped_file_has_every_declared_vocabulary():
    got = rules.read_rule_file("obstacles", rules._shipped_text("obstacles"), "obstacles.json")
    assert set(got) == set(rules._DECLARED["obstacles"].spec)


def test_rules_obstacles_aliases_are_the_shipped_rules():
    r = rules_for()
    assert rules_for(()) is r  # compiled once
    assert obstacles.STRONG is r.strong and obstacles.GENERIC is r.generic
    assert obstacles.CATEGORIES is r.category_patterns
    assert list(obstacles.CATEGORIES) == ["land", "staffing", "finance", "investment", "procedures",
                                          "infrastructure", "social", "other"]
    assert r.category_order == ("land", "staffing", "investment", "finance", "procedures",
                                "infrastructure", "social", "other")


def test_rules_obstacles_strong_cues_keep_their_order():
    from pipeline.rules import alternation, load

    entries = load("obstacles")["strong_cues"]
    assert rules_for().strong.pattern == r"\b" + alternation(entries) + r"\b"  # the file's order, tried in turn
    assert rules_for().strong.pattern.startswith(r"\b(?:shortages?|lack(?:s|ed|ing)?|insufficient|")


# --------------------------------------------------------------------------- the loader's checks
def test_rules_obstacles_unknown_vocabulary_is_rejected():
    text = with_change(lambda d: d["vocabularies"].update(strong_clues={"entries": ["lack"]}))
    with pytest.raises(RuleError, match=r"x\.json: unknown vocabulary 'strong_clues' for grammar 'obstacles'"):
        rules.read_rule_file("obstacles", text, "x.json")


def test_rules_obstacles_missing_vocabulary_is_rejected():
    text = with_change(lambda d: d["vocabularies"].pop("speaker_verbs"))
    with pytest.raises(RuleError, match=r"x\.json: missing vocabularies \['speaker_verbs'\]"):
        rules.read_rule_file("obstacles", text, "x.json")


def test_rules_obstacles_unknown_key_is_rejected():
    text = with_change(lambda d: d["vocabularies"]["strong_cues"].update(flags="i"))
    with pytest.raises(RuleError, match=r"x\.json: strong_cues: unknown key\(s\) \['flags'\]"):
        rules.read_rule_file("obstacles", text, "x.json")
    text = with_change(lambda d: d.update(version=2))
    with pytest.raises(RuleError, match=r"x\.json: unknown key\(s\) \['version'\]"):
        rules.read_rule_file("obstacles", text, "x.json")


@pytest.mark.parametrize("vocab,entries,message", [
    ("strong_cues", "shortages?", r"strong_cues: entries must be a list"),
    ("strong_cues", ["shortages?", 3], r"strong_cues\[1\]: a pattern must be a non-empty string"),
    ("strong_cues", ["shortages?", "lack(?:s|ed"], r"strong_cues\[1\]: pattern 'lack\(\?:s\|ed' does not compile"),
    ("speaker_verbs", ["said", ""], r"speaker_verbs\[1\]: a phrase must be a non-empty string"),
    ("category_keywords", [{"category": "land"}], r"category_keywords\[0\]: missing field 'keyword'"),
    ("category_keywords", [{"category": "land", "keyword": "land", "weight": 2}],
     r"category_keywords\[0\]: unknown field\(s\) \['weight'\]"),
    ("category_keywords", [{"category": "land", "keyword": "site\\s+(clearance"}],
     r"category_keywords\[0\]\.keyword: pattern .* does not compile"),
    ("category_keywords", ["land"], r"category_keywords\[0\]: a record must be an object"),
    ("category_adjustments", [{"when": "disburse[", "category": "investment", "points": 2}],
     r"category_adjustments\[0\]\.when: pattern .* does not compile"),
])
def test_rules_obstacles_malformed_entry_is_rejected(vocab, entries, message):
    text = with_change(lambda d: d["vocabularies"][vocab].update(entries=entries))
    with pytest.raises(RuleError, match=r"^x\.json: " + message):
        rules.read_rule_file("obstacles", text, "x.json")


# --------------------------------------------------------------------------- user pattern files
def test_rules_obstacles_user_strong_cue_finds_a_difficulty(tmp_path):
    assert rows(OUTAGES) == []
    mine = rules_for((user_file(tmp_path, {"vocabulary": "obstacles.strong_cues", "phrase": "power outages"}),))
    got = rows(OUTAGES, rules=mine)
    assert [o.text for o in got] == [OUTAGES.rstrip(".")]
    assert mine.strong.pattern.startswith(r"\b(?:power\s+outages|shortages?|")  # the user's first
    assert rows(OUTAGES) == []  # the shipped rules are unchanged


def test_rules_obstacles_user_category_keyword_changes_the_category(tmp_path):
    text = "Frequent blackouts disrupt production at the industrial cluster."  # no shipped keyword
    assert categorize(text) == "other"
    path = user_file(tmp_path, {"vocabulary": "obstacles.category_keywords",
                                "record": {"category": "infrastructure", "keyword": "blackouts?"}})
    assert categorize(text, rules=rules_for((path,))) == "infrastructure"
    assert categorize(text) == "other"


def test_rules_obstacles_user_category_order_breaks_ties(tmp_path):
    text = "the land compensation plan and its budget"  # land 2 (and 1 for compensation), finance 1
    assert categorize("land budget") == "land"  # a tie: land comes first
    path = user_file(tmp_path, {"vocabulary": "obstacles.category_order", "word": "finance"})
    assert categorize("land budget", rules=rules_for((path,))) == "finance"
    assert categorize(text, rules=rules_for((path,))) == "land"


def test_rules_obstacles_user_category_must_be_in_the_order(tmp_path):
    path = user_file(tmp_path, {"vocabulary": "obstacles.category_keywords",
                                "record": {"category": "energy", "keyword": "power\\s+outages?"}})
    with pytest.raises(RuleError, match=r"mine\.jsonl: obstacles\.category_keywords\[0\]: category 'energy' "
                                        r"is not in category_order"):
        rules_for((path,))


def test_rules_obstacles_user_adjustment_points_must_be_a_number(tmp_path):
    path = user_file(tmp_path, {"vocabulary": "obstacles.category_adjustments",
                                "record": {"when": "outages?", "category": "infrastructure", "points": "two"}})
    with pytest.raises(RuleError, match=r"obstacles\.category_adjustments\[0\]: points must be a number"):
        rules_for((path,))


def test_rules_obstacles_user_file_with_unknown_vocabulary_is_rejected(tmp_path):
    path = user_file(tmp_path, {"vocabulary": "obstacles.strong_cue", "phrase": "power outages"})
    with pytest.raises(RuleError, match=r"mine\.jsonl:1: grammar 'obstacles' has no vocabulary 'strong_cue'"):
        rules_for((path,))

