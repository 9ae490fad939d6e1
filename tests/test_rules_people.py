"""The rule data of the officials and organization grammars: the loader's checks, user pattern
files that add to a vocabulary, and the title helpers the annotator reads."""
import json
from importlib import resources

import pytest

from pipeline import rules, vocab
from pipeline.errors import RuleError
from pipeline.extractors import officials, orgs
from pipeline.textutil import segment


def shipped(grammar: str) -> dict:
    return json.loads(resources.files("pipeline").joinpath("data", f"{grammar}.json").read_text(encoding="utf-8"))


def rejected(grammar: str, data: dict) -> str:
    with pytest.raises(RuleError) as err:
        rules.read_rule_file(grammar, json.dumps(data), "x.json")
    return str(err.value)


def user_file(tmp_path, *entries: dict) -> str:
    p = tmp_path / "mine.jsonl"
    p.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    return str(p)


@pytest.mark.parametrize("grammar", ["officials", "orgs", "levels", "text"])
def test_shipped_files_load(grammar):
    data = rules.read_rule_file(grammar, json.dumps(shipped(grammar)), "x.json")
    assert set(data) == set(rules.declared()[grammar].spec)


@pytest.mark.parametrize("grammar", ["officials", "orgs"])
def test_unknown_vocabulary(grammar):
    data = shipped(grammar)
    data["vocabularies"]["title_words"] = {"entries": ["Chairman"]}
    msg = rejected(grammar, data)
    assert "x.json" in msg and "unknown vocabulary 'title_words'" in msg


@pytest.mark.parametrize("grammar,vocabulary", [("officials", "title_heads"), ("orgs", "bodies")])
def test_unknown_key(grammar, vocabulary):
    data = shipped(grammar)
    data["vocabularies"][vocabulary]["note"] = "x"
    msg = rejected(grammar, data)
    assert "x.json" in msg and vocabulary in msg and "note" in msg
    data = shipped(grammar)
    data["comment"] = "x"
    msg = rejected(grammar, data)
    assert "x.json" in msg and "comment" in msg


@pytest.mark.parametrize("grammar,vocabulary,entries,says", [
    ("officials", "title_heads", "Chairman", "must be a list"),
    ("officials", "honorifics", ["Mr.", 3], "must be a non-empty string"),
    ("officials", "honorific_forms", {"Mr": 1}, "must be a string"),
    ("officials", "title_heads", ["Chair(man"], "does not compile"),
    ("officials", "title_ranks", [{"pattern": "^Chair"}], "missing field 'rank'"),
    ("officials", "title_ranks", [{"pattern": "^Chair(", "rank": 1}], "does not compile"),
    ("orgs", "sub_bodies", ["Office)"], "does not compile"),
    ("orgs", "bodies", [{"pattern": "Party\\s+Committee"}], "missing field 'org_type'"),
    ("orgs", "bodies", [{"pattern": "Party\\s+Committee", "org_type": "party_committee", "level": "x"}], "unknown field"),
    ("orgs", "bodies", ["Party\\s+Committee"], "a record must be an object"),
    ("orgs", "abbreviations", [{"abbreviation": "PPC", "level": "province", "org_type": "peoples_committee"}],
     "missing field 'body'"),
])
def test_malformed_entries(grammar, vocabulary, entries, says):
    data = shipped(grammar)
    data["vocabularies"][vocabulary]["entries"] = entries
    msg = rejected(grammar, data)
    assert msg.startswith(f"x.json: {vocabulary}") and says in msg, msg


def test_missing_vocabulary():
    data = shipped("orgs")
    del data["vocabularies"]["abbreviations"]
    assert "missing vocabularies ['abbreviations']" in rejected("orgs", data)


def test_user_rank_must_be_a_number(tmp_path):
    path = user_file(tmp_path, {"vocabulary": "officials.title_ranks", "record": {"pattern": "^Treasurer", "rank": "high"}})
    with pytest.raises(RuleError, match="title_ranks.*rank must be a number"):
        officials.rules_for((path,))


def test_user_level_word_use_is_checked(tmp_path):
    path = user_file(tmp_path, {"vocabulary": "levels.level_word_uses", "key": "hamlet cluster", "value": "after_nmae"})
    with pytest.raises(RuleError, match="level_word_uses.*'hamlet cluster'.*after_nmae"):
        orgs.rules_for((path,))


def people(text, rules=None):
    return {p.name: p.titles for p in officials.find_people(text, segment(text).sentences, [], rules=rules)}


def test_user_title_head_finds_an_official(tmp_path):
    text = "Treasurer of the Provincial Party Committee Nguyen Van Binh presented the report."
    assert people(text) == {}
    path = user_file(tmp_path, {"vocabulary": "officials.title_heads", "pattern": "Treasurer"})
    assert people(text, officials.rules_for((path,))) == {"Nguyen Van Binh": ["Treasurer of the Provincial Party Committee"]}
    assert people(text) == {}  # the shipped rules are untouched


def bodies(text, rules=None):
    seg = segment(text)
    places = orgs.PlaceFinder(rules=rules).find(text, [])
    ctx = orgs.PlaceContext(places, seg)
    return [(o.text, o.org_type) for o in orgs.OrgFinder(rules=rules).find(text, seg, ctx, [])]


def test_user_body_finds_an_organization(tmp_path):
    text = "The Land Registration Office issued 3,000 certificates."
    assert bodies(text) == []
    path = user_file(tmp_path, {"vocabulary": "orgs.bodies",
                                "record": {"pattern": "Land\\s+Registration\\s+Office", "org_type": "government"}})
    assert bodies(text, orgs.rules_for((path,))) == [("Land Registration Office", "government")]
    assert bodies(text) == []


def test_user_level_word_use_reaches_the_place_grammar(tmp_path):
    text = "The township of Hop Hoa has 12 villages."
    assert orgs.PlaceFinder().find(text, []) == []
    path = user_file(tmp_path, {"vocabulary": "levels.level_word_uses", "key": "township",
                                "value": "after_name before_of capitalised_adjective"})
    got = orgs.PlaceFinder(orgs.rules_for([path])).find(text, [])
    assert [(p.name, p.level_word, p.level, p.canonical) for p in got] == [("Hop Hoa", "township", "commune", "Hop Hoa township")]


def test_rules_are_cached_and_shipped_aliases_kept():
    assert officials.rules_for() is officials.rules_for(()) is officials.rules_for([])
    assert orgs.rules_for() is orgs.rules_for(())
    assert officials.TITLE_HINT is officials.rules_for().title_hint
    assert orgs.BODY_RE is orgs.rules_for().body_re
    assert orgs.LEVEL_OF_WORD["hamlet"] == "village" and "Comrade" in officials.HONORIFICS
    assert ("Party\\s+Committee(?!s)", "party_committee", "Party Committee") in orgs.BODIES


def test_level_words_by_use():
    assert "township" not in vocab.level_words_for("title_tail")
    assert "province" not in vocab.level_words_for("title_tail")
    assert vocab.level_words_for("after_name")[-1] == "residential group"
    assert vocab.plural_level_words_for("before_of") == ("communes", "wards", "districts", "villages", "hamlets")


@pytest.mark.parametrize("title,rank", [
    ("former Chairman of the District People's Committee", 9),
    ("Secretary of the Party Committee", 0),
    ("Commune Party Secretary", 0),
    ("Standing Deputy Secretary of the Provincial Party Committee", 2),
    ("Chairman of the People's Council of Tien Phong commune", 3),
    ("Chairwoman of the Provincial People's Committee", 1),
    ("Permanent Vice Chairman of the Provincial People's Committee", 1.5),
    ("Member of the Politburo", 5),
    ("Inspector of the Department of Finance", 4),
])
def test_title_rank(title, rank):
    assert officials.title_rank(title) == rank


def test_title_rank_with_user_records(tmp_path):
    path = user_file(tmp_path, {"vocabulary": "officials.title_ranks", "record": {"pattern": "^Inspector", "rank": 1}})
    assert officials.title_rank("Inspector of the Department of Finance", officials.rules_for((path,))) == 1


def test_titles_that_imply_a_body():
    r = officials.rules_for()
    assert r.party_secretary_title.search("commune party secretary")
    assert r.party_secretary_title.search("Secretary of the commune Party Committee")
    assert not r.party_secretary_title.search("Chairman of the People's Committee")
    assert r.cell_secretary_title.search("Hamlet 3 Party Cell Secretary")
    m = r.village_head_title.search("Head of Na Hang Village")
    assert m and (m.group("name"), m.group("lvl")) == ("Na Hang", "Village")
    assert not r.village_head_title.search("Head of the Department of Finance")
