"""The rule data of the number and figure grammars: the shipped files, the loader's checks,
and users' pattern files."""
import json
from importlib import resources

import pytest
import regex as re

from pipeline import numbers, rules
from pipeline.errors import RuleError
from pipeline.extractors import figures
from pipeline.extractors.figures import classify_kind, find_figures, rules_for
from pipeline.numbers import find_quantities, number_rules


def shipped(grammar):
    return json.loads(resources.files("pipeline").joinpath("data", f"{grammar}.json").read_text(encoding="utf-8"))


def read(grammar, data):
    return rules.read_rule_file(grammar, json.dumps(data), "x.json")


def pattern_file(tmp_path, *entries):
    p = tmp_path / "mine.jsonl"
    p.write_text("\n".join(json.dumps(e) for e in entries) + "\n", encoding="utf-8")
    return str(p)


def one_figure(text, **kw):
    figs = find_figures(text, [(0, len(text))], **kw)
    assert len(figs) == 1, [f.q.text for f in figs]
    return figs[0]


# --------------------------------------------------------------------------- shipped files
@pytest.mark.parametrize("grammar", ["numbers", "figures"])
def test_rules_shipped_file_loads_and_declares_every_vocabulary(grammar):
    data = shipped(grammar)
    assert set(data["vocabularies"]) == set(rules.declared()[grammar].spec)
    assert read(grammar, data) == rules.load(grammar)
    assert all(v["about"] for v in data["vocabularies"].values())


def test_rules_shipped_rules_compile_once():
    assert rules_for() is rules_for() and number_rules() is number_rules()
    assert rules_for().numbers is number_rules()


def test_rules_an_empty_alternation_matches_nothing():
    assert re.search(r"\b" + rules.alternation([]) + r"\b", "any words at all") is None
    assert rules.alternation(["a", "b"]) == "(?:a|b)"


# --------------------------------------------------------------------------- the loader's checks
def test_rules_rejects_an_unknown_vocabulary():
    data = shipped("figures")
    data["vocabularies"]["target_verbs"] = {"about": "", "entries": ["envisage"]}
    with pytest.raises(RuleError, match=r"x\.json: unknown vocabulary 'target_verbs' for grammar 'figures'"):
        read("figures", data)


def test_rules_rejects_a_missing_vocabulary():
    data = shipped("numbers")
    del data["vocabularies"]["currencies"]
    with pytest.raises(RuleError, match=r"missing vocabularies \['currencies'\]"):
        read("numbers", data)


@pytest.mark.parametrize("where", ["file", "vocabulary"])
def test_rules_rejects_an_unknown_key(where):
    data = shipped("figures")
    if where == "file":
        data["version"] = 2
        message = r"x\.json: unknown key\(s\) \['version'\]"
    else:
        data["vocabularies"]["target_cues"]["flags"] = "i"
        message = r"x\.json: target_cues: unknown key\(s\) \['flags'\]"
    with pytest.raises(RuleError, match=message):
        read("figures", data)


@pytest.mark.parametrize("entry,message", [
    (42, r"target_cues\[0\]: a pattern must be a non-empty string, not 42"),
    ("", r"target_cues\[0\]: a pattern must be a non-empty string"),
    ("to\\s+(reach", r"target_cues\[0\]: pattern 'to\\\\s\+\(reach' does not compile"),
])
def test_rules_rejects_a_malformed_figures_entry(entry, message):
    data = shipped("figures")
    data["vocabularies"]["target_cues"]["entries"].insert(0, entry)
    with pytest.raises(RuleError, match=message):
        read("figures", data)


@pytest.mark.parametrize("vocab,entries,message", [
    ("currencies", [{"written": "baht", "code": "THB", "after": True, "symbol": "฿"}],
     r"currencies\[0\]: unknown field\(s\) \['symbol'\]"),
    ("currencies", [{"code": "THB", "after": True}], r"currencies\[0\]: missing field 'written'"),
    ("currencies", [{"written": "baht", "code": "THB", "after": True, "pattern": "baht("}],
     r"currencies\[0\]\.pattern: pattern 'baht\(' does not compile"),
    ("currencies", ["THB"], r"currencies\[0\]: a record must be an object"),
    ("scale_words", [{"word": "lakh", "value": [1, 5]}], r"scale_words\[0\]: field 'value' must be a string"),
    ("unit_canon", {"hectare": 1}, r"unit_canon: value of 'hectare' must be a string"),
    ("unit_stop_words", "with", r"unit_stop_words: entries must be a list"),
    ("month_names", ["may", None], r"month_names\[1\]: a word must be a non-empty string"),
])
def test_rules_rejects_a_malformed_numbers_entry(vocab, entries, message):
    data = shipped("numbers")
    data["vocabularies"][vocab]["entries"] = entries
    with pytest.raises(RuleError, match=message):
        read("numbers", data)


@pytest.mark.parametrize("entry,message", [
    ({"vocabulary": "numbers.currencies", "record": {"written": "baht", "code": "THB"}},
     r"numbers\.currencies: 'baht': set 'before' or 'after'"),
    ({"vocabulary": "numbers.currencies", "record": {"written": "baht", "code": "THB", "after": "yes"}},
     r"numbers\.currencies: 'baht': 'after' must be true or false"),
    ({"vocabulary": "numbers.comparators_before", "key": "well over", "value": "more"},
     r"numbers\.comparators_before: 'well over': comparator 'more' is not one of"),
    ({"vocabulary": "numbers.number_words", "record": {"word": "hundred", "value": 100}},
     r"numbers\.number_words: 'hundred': value 100 is not 1-19"),
])
def test_rules_rejects_a_user_entry_the_grammar_cannot_use(tmp_path, entry, message):
    with pytest.raises(RuleError, match=message):
        number_rules((pattern_file(tmp_path, entry),))


def test_rules_rejects_a_user_entry_for_an_unknown_vocabulary(tmp_path):
    path = pattern_file(tmp_path, {"vocabulary": "figures.target_verbs", "pattern": "envisages?"})
    with pytest.raises(RuleError, match=r"mine\.jsonl:1: grammar 'figures' has no vocabulary 'target_verbs'"):
        rules_for((path,))


# --------------------------------------------------------------------------- users' pattern files
def test_rules_user_target_cue_changes_the_kind(tmp_path):
    text = "The commune envisages 30 new houses."
    assert one_figure(text).kind == "statistic"
    mine = rules_for((pattern_file(tmp_path, {"vocabulary": "figures.target_cues", "pattern": "envisages?"}),))
    fig = one_figure(text, rules=mine)
    assert (fig.kind, fig.strong) == ("target", False)
    q = fig.q
    assert classify_kind(text, q, 0, len(text), rules=mine) == "target"
    assert classify_kind(text, q, 0, len(text)) == "statistic"


def test_rules_user_governing_phrase_makes_a_strong_target(tmp_path):
    text = "The district envisions 120 new classrooms."
    mine = rules_for((pattern_file(tmp_path, {"vocabulary": "figures.governing_cues", "phrase": "envisions"}),))
    assert (one_figure(text).kind, one_figure(text).strong) == ("statistic", False)
    fig = one_figure(text, rules=mine)
    assert (fig.kind, fig.strong) == ("target", True)


def test_rules_user_currency_after_the_number(tmp_path):
    text = "The fund received 500 million baht last year."
    (q,) = find_quantities(text)
    assert (q.unit_class, q.currency) == ("count", "")
    path = pattern_file(tmp_path, {"vocabulary": "numbers.currencies",
                                   "record": {"written": "baht", "code": "THB", "after": True}})
    (q,) = find_quantities(text, rules=number_rules((path,)))
    assert (q.value, q.unit, q.unit_class, q.currency, q.text) == (500e6, "THB", "money", "THB", "500 million baht")
    # the figure grammar reads the same file
    assert one_figure(text, rules=rules_for((path,))).q.currency == "THB"


def test_rules_user_currency_before_the_number(tmp_path):
    text = "Each household received ¥5,000 in support."
    assert find_quantities(text) == []
    path = pattern_file(tmp_path, {"vocabulary": "numbers.currencies",
                                   "record": {"written": "¥", "code": "JPY", "before": True}})
    (q,) = find_quantities(text, rules=number_rules((path,)))
    assert (q.value, q.currency, q.text) == (5000, "JPY", "¥5,000")


def test_rules_user_entries_come_first(tmp_path):
    # "dong" named as another code by the user wins over the shipped record
    path = pattern_file(tmp_path, {"vocabulary": "numbers.currencies",
                                   "record": {"written": "dong", "code": "XXX", "after": True}})
    (q,) = find_quantities("It cost 52 million dong.", rules=number_rules((path,)))
    assert q.currency == "XXX"
    (q,) = find_quantities("It cost 52 million dong.")
    assert q.currency == "VND"


# --------------------------------------------------------------------------- one vocabulary, three uses
# the currency patterns before and after a number as they were written by hand before they
# were derived from the one vocabulary
_CUR_PRE = r"(?:US\s?\$|USD|VNĐ|VND|VNđ|EUR|\$|€)"
_CUR_POST = r"(?:VNĐ|VND|VNđ|USD|US\s?dollars|dollars|dong|đồng|EUR|euros)\b"
_TOKENS = ["US$", "US $", "US\t$", "USD", "usd", "VNĐ", "VNđ", "vnd", "VND", "EUR", "eur", "$", "€",
           "US dollars", "USdollars", "us  dollars", "dollars", "Dollars", "dong", "DONG", "đồng", "ĐỒNG",
           "euros", "euro", "USDollars", "đ", "VND.", "vnđ", "dollar", "EURO", "baht"]


@pytest.mark.parametrize("side,old", [("before", _CUR_PRE), ("after", _CUR_POST)])
def test_rules_derived_currency_patterns_match_what_the_hand_written_ones_did(side, old):
    before, after, _ = numbers._currencies(rules.load("numbers")["currencies"])
    new = rules.alternation(before) if side == "before" else rules.alternation(after) + r"\b"
    for tok in _TOKENS:
        for text in (tok, tok + " 5", tok + "5", "5 " + tok + " more", tok + "s"):
            old_m = re.match(old, text, re.IGNORECASE)
            new_m = re.match(new, text, re.IGNORECASE)
            assert (old_m and old_m.group(0)) == (new_m and new_m.group(0)), text


def test_rules_currency_code_of_each_written_form():
    R = number_rules()
    for tok, code in [("US $", "USD"), ("US$", "USD"), ("usd", "USD"), ("US dollars", "USD"), ("$", "USD"),
                      ("VNĐ", "VND"), ("VNđ", "VND"), ("dong", "VND"), ("đồng", "VND"), ("€", "EUR"),
                      ("euros", "EUR"), ("baht", "")]:
        assert numbers._currency(R, tok) == code, tok


def test_rules_scale_words_give_the_pattern_and_the_factor():
    R = number_rules()
    assert R.scales == {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6}
    assert [q.value for q in find_quantities("It cost 2.3bn VND and 4 mn VND.")] == [2.3e9, 4e6]


def test_rules_learned_features_read_the_figure_rules(tmp_path):
    from pipeline.learn.features import figure_features

    text = "The commune envisages 30 new houses."
    mine = rules_for((pattern_file(tmp_path, {"vocabulary": "figures.target_cues", "pattern": "envisages?"}),))
    q = one_figure(text).q
    assert "cue:t_near" not in figure_features(text, q, "statistic", 0, len(text))
    assert "cue:t_near" in figure_features(text, q, "target", 0, len(text), rules=mine)
    assert figures.rules_for().target_cues.search("they aim to")


# --------------------------------------------------------------------------- kinds of real reports
def kind_of(text, value):
    """The kind the rules give the figure of ``text`` with ``value`` (one sentence per line)."""
    from pipeline.textutil import segment

    figs = find_figures(text, list(segment(text).sentences))
    hits = [f for f in figs if abs(f.q.value - value) <= 1e-6 * max(1, value)]
    assert hits, [(f.q.text, f.q.value) for f in figs]
    return hits[0].kind


@pytest.mark.parametrize("text,value,kind", [
    # plan indicators: future tense, goal lists, a plan verb governing the whole sentence, assigned amounts
    ("By 2030, 90% of schools will meet national standards.", 90, "target"),
    ("The commune strives for average income of 80 million VND by 2030; reduce the poverty rate by 2% per year;"
     " have 6 OCOP products of 3 stars or more.", 6, "target"),
    ("In 2024 the project was allocated VND 312 billion but had disbursed only VND 96 billion by August.", 312e9,
     "target"),
    ("Five more bridges are scheduled to be completed next year, with VND 40 billion assigned.", 5, "target"),
    # every item of a resolution's target list, under a heading such as "Article 2. Main targets"
    ("Article 2. Main targets for 2026\n1. GRDP growth rate: 10% or more.\n2. GRDP per capita: 105 million VND.\n"
     "3. Rate of trained workers: 74%.", 74, "target"),
    ("Article 2. Main targets for 2026\n1. GRDP growth rate: 10% or more.\n2. GRDP per capita: 105 million VND.",
     105e6, "target"),
    # the tasks of a plan, in the base form or with -ing, under a heading of tasks
    ("III. TASKS AND SOLUTIONS\n1. Reviewing the products with expired certificates.\n"
     "2. Supporting design of packaging and traceability stamps for 150 products.", 150, "target"),
    ("Article 3. Key tasks and solutions\n1. Organise the auction of 120 ha of land for housing.", 120, "target"),
    # completed actions are results
    ("214 infrastructure works were built in poor districts.", 214, "result"),
    ("In 2025, 34 new Party members were admitted.", 34, "result"),
    ("Of these, 17 projects have completed site clearance.", 17, "result"),
    ("The flood swept away 37 houses; 3 houses were rebuilt within a month.", 3, "result"),
    # a part of a result, or the next item of its list, is a result too
    ("In 2024 the district admitted 1,104 new Party members, of whom 82% are ethnic minorities.", 82, "result"),
    ("The commune completed 64 infrastructure works, of which 41 are rural roads.", 41, "result"),
    # descriptive sizes are statistics: damage, standing problems, costs, target counts
    ("112 houses were partially damaged and 40 houses were flooded.", 112, "statistic"),
    ("In 2023 alone, 2,060 households newly became poor.", 2060, "statistic"),
    ("Coordinating with investors to build a commune health station worth over 12 billion VND.", 12e9,
     "statistic"),
    ("About 40 households have not handed over their land.", 40, "statistic"),
    ("The Congress Resolution sets out 26 main targets, including 9 economic targets.", 9, "statistic"),
    # a count named inside a request names what exists
    ("She asked the department to help the commune allocate land for the 214 households.", 214, "statistic"),
    ("He proposed that the province relocate the 130 households in flood-prone areas.", 130, "statistic"),
    # estimates for the current period and shares of a plan are results
    ("State budget revenue in 2024 is estimated at 38 billion VND.", 38e9, "result"),
    ("The province welcomed 17.6 million tourists, equal to 88% of the 2025 plan.", 88, "result"),
    ("The index of industrial production is expected to grow 9.4% for the year.", 9.4, "result"),
    ("The ward is expected to reach 12 OCOP products by 2028.", 12, "target"),
    # a scenario or a planned range is the target a result is held against
    ("Industry grew only 4.1%, lower than the scenario of 6%.", 6, "target"),
    ("Growth is 7.2%, within the planned range of 7 - 8%.", 7, "target"),
    # conversion rates, before/after sizes and damage are statistics
    ("Exports reached 900 million USD (at the exchange rate of 25,300 VND/USD).", 25300, "statistic"),
    ("The province merged 210 public service units into 95.", 210, "statistic"),
    ("The province merged 210 public service units into 95.", 95, "statistic"),
    ("The new centre has 12 divisions, down from 31.", 31, "statistic"),
    ("The storm damaged about 1,900 ha of rice.", 1900, "statistic"),
    ("The total damage is estimated at over 52 billion VND.", 52e9, "statistic"),
    # completed actions named by their verb are results
    ("The district has replanted 4,300 ha of forest.", 4300, "result"),
    ("The commune currently meets 14/19 new rural criteria.", 14, "result"),
    # a count of targets not achieved is still a count of achievement: a result
    ("Shortcomings: 3 targets were not achieved, mainly on income and trained workers.", 3, "result"),
    ("The 2 criteria not yet met are clean water and income.", 2, "result"),
    # a plan's or an allocation's amount is a target, and so are its parts
    ("The district's public investment plan for 2026 is VND 2,340 billion, of which the district budget is"
     " VND 910 billion.", 2340e9, "target"),
    ("The district's public investment plan for 2026 is VND 2,340 billion, of which the district budget is"
     " VND 910 billion.", 910e9, "target"),
    ("The capital allocated to the two programmes this year was VND 412 billion.", 412e9, "target"),
    ("The programme's total capital for the period is VND 1,260 billion.", 1260e9, "target"),
    ("By June the ward had disbursed only 37% of the VND 845 billion plan.", 845e9, "target"),
    ("The commune has 55 civil servants, while the payroll assigned is 48 people.", 48, "statistic"),
    # recognitions won (OCOP products, products rated N stars) are results
    ("The commune has 7 OCOP products, 3 of them rated 4 stars.", 7, "result"),
    ("The district now has 58 products rated 3 stars or higher.", 58, "result"),
    # a goal list after "aims for", "resolved that" or "the draft resolution sets": every item is a target
    ("By 2030 the ward aims for income of 95 million VND per capita; 2,400 ha of orchards; 14 OCOP products.",
     2400, "target"),
    ("The congress resolved that by 2030 the poverty rate is below 1.5%; the commune has 9 schools meeting"
     " national standards.", 1.5, "target"),
    ("The draft resolution sets GRDP growth of 9% per year; the urbanisation rate at 48%.", 48, "target"),
    # a price is a descriptive size, whatever verb moves it; a value at current prices is not a price
    ("The price of filling sand has risen by 35% compared with the estimate.", 35, "statistic"),
    ("Pepper prices fell from 140,000 VND/kg to 96,000 VND/kg.", 96000, "statistic"),
    ("At current prices, GRDP is estimated at VND 64 trillion.", 64e12, "result"),
    # capital registered by new projects is a result, not a size; present-tense headlines report results
    ("The town attracted 14 FDI projects with total registered capital of USD 212 million.", 212e6, "result"),
    ("Lam Ha admits 316 new Party members in 2025", 316, "result"),
    ("The district organised 26 training courses for 1,900 farmers.", 26, "result"),
    ("The ward digitalised 4,800 land records.", 4800, "result"),
    # an outstanding count is a statistic even when its noun runs long before the negation
    ("In Hoa Binh commune, 86 ha of farmland of 74 households have not been handed over.", 86, "statistic"),
    ("Of 40 investors, 9 have disbursed less than 15% of the capital plan, while 2 have not disbursed at all.",
     15, "result"),
])
def test_rules_kind_of_real_report_shapes(text, value, kind):
    assert kind_of(text, value) == kind


def test_rules_last_heading_is_a_short_numbered_or_capital_line():
    text = "III. KEY TASKS AND SOLUTIONS\n1. Complete the handover of land for 14 projects.\n"
    assert figures.last_heading(text, len(text)) == "III. KEY TASKS AND SOLUTIONS"
    assert figures.last_heading("In 2025 the commune built 3 schools.", 30) == ""
