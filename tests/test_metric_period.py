"""What a figure measures (metric) and when it holds (period): the patterns fixed for issue 11."""
import json

import pytest

from pipeline.extractors import period as P
from pipeline.extractors.figures import find_figures
from pipeline.textutil import segment


def fig(a, value):
    rows = [r for r in a.figures if abs(r["value"] - value) <= 1e-6 * max(1, value)]
    assert rows, [(r["text"], r["value"]) for r in a.figures]
    return rows[0]


# --------------------------------------------------------------------------- metric
@pytest.mark.parametrize("text,value,metric", [
    # a list label before a colon, also when "not" stands before the number
    ("- State budget revenue in the fourth quarter: not lower than VND 19,800 billion;", 19800e9,
     "State budget revenue in the fourth quarter"),
    ("- Per capita income by 2030: 95 million VND.", 95e6, "Per capita income"),
    # a share of a plan names the plan noun, also when "of the plan" is inside the figure's span
    ("By the end of November, the province had disbursed VND 4,927 billion, reaching 72% of the plan.", 72,
     "disbursed against plan"),
    ("Total state budget revenue in the province in the first 10 months was estimated at VND 20,486 billion, "
     "reaching 102% of the estimate.", 102, "Total state budget revenue in the province against estimate"),
    # a subject that ends with a place is what is measured, not a body that acts
    ("Total state budget revenue in the province in the first 10 months was estimated at VND 20,486 billion.", 20486e9,
     "Total state budget revenue in the province"),
    # an amount that modifies the noun after it
    ("From the 120,000 billion VND credit package, banks have disbursed only 46 billion VND.", 120000e9, "credit package"),
    # a count governed by a verb in its base form takes the participle
    ("The ward will restore 5 traditional garden houses.", 5, "traditional garden houses restored"),
    # a label inside the sentence, after "of which" or a lettered item
    ("Total revenue: VND 45.000 billion, of which domestic revenue: VND 33.500 billion.", 33500e9, "domestic revenue"),
    ("Of which: a) Domestic revenue: VND 3.978 billion; b) Revenue from exports: VND 634 billion.", 634e9,
     "Revenue from exports"),
    # a figure in brackets: after a name, the name's; after another figure, a restatement of it
    ("Some investors disbursed little, such as the Provincial Road Project Board (38.2%) and Hoa Son district (31%).",
     31, "Hoa Son district"),
    ("GRDP per capita reaches 180 million VND (about US$7,000) by 2030.", 7000, "GRDP per capita"),
    # a plan measured by a copula is no body that acts; "of which X was" drops "which"
    ("The total public investment plan of the province was VND 8,752 billion, of which central budget capital was "
     "VND 3,945 billion.", 8752e9, "total public investment plan"),
    ("The total public investment plan of the province was VND 8,752 billion, of which central budget capital was "
     "VND 3,945 billion.", 3945e9, "central budget capital"),
    # an amount with no metric of its own after another one of its sentence takes that one's
    ("In the first three months, the centre received 4,815 dossiers, of which 98.2% were settled on time.", 98.2,
     "dossiers received"),
])
def test_metric(ann, text, value, metric):
    assert fig(ann(text), value)["metric"] == metric


@pytest.mark.parametrize("text,value", [
    ("GRDP growth in 2024 is estimated at 6.8%.", 6.8),
    ("According to the department, the province disbursed VND 2,000 billion.", 2000e9),
])
def test_metric_is_never_an_opener_a_currency_or_a_percent_sign(ann, text, value):
    m = fig(ann(text), value)["metric"]
    assert m and m not in ("%", "VND", "USD") and not m.startswith("According")


# --------------------------------------------------------------------------- period (rules)
def rule_periods(text, kind="result", weights=None):
    """(figure text, period) of each figure of ``text``: the rules', or with ``weights`` the
    chooser's (:func:`pipeline.extractors.period.find_period`)."""
    seg = segment(text)
    t = P.doc_time(text)
    out = []
    for f in find_figures(text, seg.sentences):
        ss, se = seg.sentence_of(f.q.start)
        out.append((f.q.text, P.find_period(text, f.q.start, f.q.end, ss, se, t, kind, "", weights)))
    return out


def test_a_year_before_a_dash_is_a_range_not_a_single_year():
    got = rule_periods("In 2022-2025, the province supported housing for 2,615 households.")
    assert got == [("2,615 households", "2022-2025")]


def test_the_figure_s_own_clause_first_then_the_lead_of_a_list():
    text = "Main targets for the 2025-2030 term: growth of 8% per year; income of 95 million VND by 2030; forest cover of 53%."
    got = dict(rule_periods(text, "target"))
    assert got["95 million VND"] == "by 2030"
    assert got["53%"] == "2025-2030 term"  # not the "by 2030" of the clause before it


@pytest.mark.parametrize("text,figure,period", [
    # the year after a baseline figure ("from A in 2021") is that figure's, not the next one's
    ("The poverty rate fell from 63.2% in 2021 to 41.5% at the end of 2024.", "41.5%", "2024"),
    ("The poverty rate fell from 63.2% in 2021 to 41.5% at the end of 2024.", "63.2%", "2021"),
    ("In 2025, income was 63,4 million VND per person, up from 41 million VND in 2020.", "63,4 million VND per person", "2025"),
    ("In 2025, income was 63,4 million VND per person, up from 41 million VND in 2020.", "41 million VND", "2020"),
    # a list's items do not lend each other their times
    ("The resolution sets 18 targets: growth of 8-9% per year; income of 150 million VND by 2030; "
     "100% of households sorting waste.", "100% of households", ""),
    ("Income reached 58 million VND in 2025; the poverty rate fell to 2.3%.", "2.3%", ""),
    # a time that opens the sentence before any number holds for all its clauses
    ("For 2026, the ward targets growth of 10%; income of 76 million VND; revenue of 14 billion VND.",
     "14 billion VND", "2026"),
    ("The growth rate for the 2020 - 2025 period reaches 12 - 13%/year.", "12 - 13%", "2020-2025"),
    # "after more than half of the term": the document's term
    ("The Party Committee for the 2020-2025 term was elected. After more than half of the term, the district "
     "has achieved 15/30 targets.", "15/30 targets", "2020-2025 term"),
    # a time set off inside the first clause's subject is that clause's, not the list's
    ("Budget revenue in 2024 reached VND 1,126 billion; 8/9 schools met national standards.", "8/9 schools met national standards", ""),
    # "compared with the end of 2023" is a baseline; "By the end of June" is the figure's time
    ("By the end of June 2024, deposits reached VND 61,500 billion, up 5.7% compared with the end of 2023.",
     "VND 61,500 billion", "By the end of June 2024"),
])
def test_the_sentence_s_time_belongs_to_the_figure_s_own_clause(text, figure, period):
    assert dict(rule_periods(text)).get(figure) == period


def test_a_resolution_list_item_takes_its_section_heading_s_time():
    text = ("RESOLUTION\nOF THE CONGRESS OF THE PARTY COMMITTEE OF HOA BINH COMMUNE, TERM 2025-2030\n\n"
            "I. ASSESSMENT OF THE 2020-2025 TERM\n"
            "The commune met 17 of its 19 targets, and income per capita rose sharply over those years "
            "according to the report of the People's Committee to the congress.\n"
            "II. OBJECTIVES TO 2030\n2. Main targets:\n- Tea area meeting VietGAP standards: 650 ha.\n"
            "III. TASKS AND SOLUTIONS\n1. Build 3 new schools.\n")
    got = dict(rule_periods(text, "target"))
    assert got["650 ha"] == "2030"  # "II. OBJECTIVES TO 2030" over the sub-heading "2. Main targets:"
    assert got["3 new schools"] == "2025-2030 term"  # no time in its section: the title's term
    assert dict(rule_periods(text, "result"))["17 of its 19 targets"] == "2020-2025 term"


def test_an_article_heading_and_a_list_s_lead_line_give_their_items_the_time():
    text = ("RESOLUTION\nOn the socio-economic development plan\n\nArticle 2. Main targets for 2026\n"
            "1. Export turnover: USD 9,5 billion.\n\nThe province achieved most of its targets last year, as the "
            "report of the People's Committee to the session showed in detail for each sector.\n"
            "For 2027, the province set 21 key targets, notably:\n- State budget revenue: VND 16,200 billion;\n")
    got = dict(rule_periods(text, "target"))
    assert got["USD 9,5 billion"] == "2026"
    assert got["VND 16,200 billion"] == "2027"


def test_the_dateline_gives_the_document_s_year():
    text = "Budget revenue rises\n\nGia Lai Newspaper - 10/10/2024\n\nIn the first 9 months, revenue reached 900 billion VND."
    assert P.doc_time(text).year == "2024" and P.doc_time(text).dateline == "2024"
    assert rule_periods(text) == [("900 billion VND", "first 9 months of 2024")]


def test_a_publication_date_from_outside_the_text_gives_the_year_the_text_does_not():
    text = "Province disburses half of its capital\n\nAs of October 31, the province had disbursed VND 2,541 billion."
    assert P.doc_time(text).year == ""
    t = P.doc_time(text, "2024-11-06")
    assert (t.year, t.dateline) == ("2024", "2024")
    # a dateline printed under the headline is the text's own and comes first
    assert P.doc_time("Report\n\nGia Lai Newspaper - 10/10/2023\n\nText.", "2024-11-06").year == "2023"


def test_a_congress_that_opens_a_term_is_held_in_its_first_year_and_reviews_the_five_before():
    text = ("Tam An Commune Party Congress, term 2020 - 2025: Striving for advanced new rural standards\n\n"
            "On June 18-19, the commune Party Committee held its 14th Congress. Over the past term the commune "
            "met 17/19 targets; income rose from 28.4 million VND in 2015 to 46.5 million VND in 2018.")
    t = P.doc_time(text)
    assert (t.year, t.past_term, t.new_term) == ("2020", "2015-2020 term", "2020-2025 term")
    # an article on carrying out a congress's resolution is not the congress: no such year
    assert P.doc_time("Implementing the Resolution of the District Party Congress, term 2020-2025\n\n"
                      "In 2023, the district met 12 targets.").year == "2023"


def test_the_chooser_sees_how_far_back_a_candidate_year_was_last_named():
    text = "Report\n\nIn 2024, revenue reached 900 billion VND. " + "The district built roads. " * 60 + "Exports reached 12 million USD."
    seg = segment(text)
    t = P.doc_time(text)
    f = [f for f in find_figures(text, seg.sentences) if "USD" in f.q.text][0]
    ss, se = seg.sentence_of(f.q.start)
    feats = {k for _v, fs in P.period_candidates(text, f.q.start, f.q.end, ss, se, t, "result") for k in fs}
    assert "c=year|mention=3000" in feats
    near = "Report\n\nIn 2024, revenue reached 900 billion VND. Exports reached 12 million USD."
    seg, t = segment(near), P.doc_time(near)
    f = [f for f in find_figures(near, seg.sentences) if "USD" in f.q.text][0]
    ss, se = seg.sentence_of(f.q.start)
    feats = {k for _v, fs in P.period_candidates(near, f.q.start, f.q.end, ss, se, t, "result") for k in fs}
    assert "c=prev|mention=300" in feats


def test_an_html_page_s_date_reaches_the_figures_periods(tmp_path):
    from pipeline.worker import process_items

    html = ("<html><head><title>Province disburses half of its capital</title>"
            '<meta property="article:published_time" content="2024-11-06T08:00:00+07:00"></head><body><article>'
            "<h1>Province disburses half of its capital</h1><p>As of October 31, the province had disbursed "
            "VND 2,541 billion of public investment capital, reaching 52.2% of the plan.</p></article></body></html>")
    p = tmp_path / "a.html"
    p.write_text(html, encoding="utf-8")
    (res,) = process_items([("a.html", str(p))], models="none")
    assert res.tables["documents"][0]["date"] == "2024-11-06"
    periods = {r["text"]: r["period"] for r in res.tables["figures"]}
    assert periods["VND 2,541 billion"] == "As of October 31, 2024"


def test_a_deadline_or_a_range_end_in_the_headline_is_not_the_document_s_year():
    assert P.doc_time("Commune sets 18 targets for the 2025-2030 term\n\nThe commune has 12 villages.").year == "2025"
    assert P.doc_time("Province strives for 95% of communes meeting standards by 2030 (2024 review)\n\nText.").year == "2024"


@pytest.mark.parametrize("text, year", [
    # a year-end session reviews one year and plans the next: the earlier of the two
    ("Commune completes 14/17 targets, sets revenue estimate for 2026\n\nOn December 16, the commune People's Council "
     "held its year-end session of 2025 to approve the budget estimate for 2026.", "2025"),
    # only the year planned for, at a year-end session: the year before it
    ("Province decides on 2026 budget\n\nOn December 10, the Provincial People's Council opened its session.", "2025"),
    # a year compared with is not the document's
    ("Industrial parks draw new FDI in 2024\n\nIn 2024, 38 projects were licensed, 1.5 times more than in 2023.", "2024"),
])
def test_the_document_s_year_is_the_year_it_is_written_in_not_one_it_plans_for_or_compares_with(text, year):
    assert P.doc_time(text).year == year


def test_the_year_of_times_that_of_is_compared_with_and_not_inherited():
    text = "Report 2025\n\nAverage income in 2025 reached 54 million VND, 1,8 times that of 2020. The poverty rate fell to 6.3%."
    assert rule_periods(text) == [("54 million VND", "2025"), ("1,8 times", "2025"), ("6.3%", "2025")]


def test_a_year_compared_with_is_never_inherited_by_the_next_sentence():
    text = ("Report\n\nIn the first 10 months, the province admitted 3,126 members, up 9.4% over the same period of 2024. "
            "Of these, 1,214 were admitted in private enterprises.")
    got = dict(rule_periods(text.replace("Report", "Report 2025")))
    assert got["1,214"] == "first 10 months of 2025"


def test_a_date_is_not_a_two_digit_range():
    t = P.doc_time("Report\n\nOn 15/10/2025-10 the ward collected 5 billion VND.")
    assert all(p != "2025-2010" for _s, _e, p in t.phrases)


# --------------------------------------------------------------------------- period (chooser)
def test_the_chooser_picks_one_of_the_candidates_and_the_rules_decide_without_weights():
    text = "Revenue report\n\nThe commune's budget revenue in 2024 reached 50 billion VND."
    seg = segment(text)
    f = find_figures(text, seg.sentences)[0]
    ss, se = seg.sentence_of(f.q.start)
    t = P.doc_time(text)
    cands = P.period_candidates(text, f.q.start, f.q.end, ss, se, t, "result", "money")
    assert ("", cands[-1][1]) == cands[-1] and any(v == "2024" for v, _ in cands)
    # weights that prefer no period at all pick the empty candidate; without weights the rules decide
    weights = {k: -5.0 for _v, feats in cands for k in feats}
    weights.update({k: 10.0 for k in cands[-1][1]})
    picked = P.find_period(text, f.q.start, f.q.end, ss, se, t, "result", "money", weights)
    assert picked in {v for v, _ in cands}
    assert P.find_period(text, f.q.start, f.q.end, ss, se, t, "result") == "2024"


def chosen_periods(text, kind="statistic"):
    """(figure text, period) of each figure, with weights that would always pick no period."""
    return rule_periods(text, kind, {"c=none": 50.0})


@pytest.mark.parametrize("text, expected", [
    ("Ward congress opens the 2025-2030 term\n\nThe congress elected the Executive Committee of 27 comrades and "
     "the Standing Committee of 9 comrades.", [("27 comrades", "2025-2030 term"), ("9 comrades", "2025-2030 term")]),
    ("Commune congress, term 2020-2025\n\nThe congress elected the Executive Committee for the 2020-2025 term "
     "consisting of 15 comrades.", [("15 comrades", "2020-2025 term")]),
    # delegates to a higher congress and the members of a team hold for no term
    ("Ward congress opens the 2025-2030 term\n\nThe congress also elected 9 delegates to attend the city Party Congress.",
     [("9 delegates", "")]),
    ("Ward congress opens the 2025-2030 term\n\nThe ward set up 18 teams with 126 members.",
     [("18 teams", ""), ("126 members", "")]),
])
def test_the_members_of_an_elected_body_hold_for_its_term(text, expected):
    assert chosen_periods(text) == expected


def test_a_result_stated_in_the_present_has_no_period_whatever_the_chooser_prefers():
    text = "Report 2025\n\nIn 2025 the commune grew fast. Currently, the fruit area is over 200 hectares."
    assert chosen_periods(text, "result") == [("over 200 hectares", "")]
    weights = {"c=year": 50.0}
    seg = segment(text)
    f = find_figures(text, seg.sentences)[0]
    ss, se = seg.sentence_of(f.q.start)
    assert P.find_period(text, f.q.start, f.q.end, ss, se, P.doc_time(text), "result", "", weights) == ""


def test_the_shipped_chooser_is_plain_json_weights_used_through_the_models():
    from pipeline.learn.runtime import default_models_dir, load_models

    path = default_models_dir() / "period_chooser.json"
    if not path.exists():
        pytest.skip("no period chooser shipped")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data["weights"], dict) and all(isinstance(v, float) for v in data["weights"].values())
    assert "test" not in " ".join(data["train_splits"] + data["dev_splits"])
    models = load_models()
    meta = json.loads((default_models_dir() / "models.json").read_text(encoding="utf-8"))
    assert (models.period is not None) == bool(meta["use"].get("period") and data["use"])


# --------------------------------------------------------------------------- metric (learned words)
def test_the_metric_words_model_adds_words_of_the_figure_clause_and_keeps_the_rules_without_it():
    from pipeline.extractors.metric import extend_metric, metric_word_candidates

    text = "The commune built 12 houses for poor households."
    seg = segment(text)
    f = find_figures(text, seg.sentences)[0]
    ss, se = seg.sentence_of(f.q.start)
    cands = metric_word_candidates(text, f.q, ss, se, f.kind, f.metric)
    words = [w for w, _s, _e, _f in cands]
    assert "poor" in words and "households" in words and "the" not in words
    # weights that favour the words after the figure add them, in the text's order
    model = {"weights": {"side=a": 5.0, "_bias": -2.0}, "add": 0.5, "drop": 0.0}
    assert extend_metric(text, f.q, ss, se, f.kind, f.metric, model).endswith("for poor households")
    # weights that favour nothing leave the rules' metric as it is
    assert extend_metric(text, f.q, ss, se, f.kind, f.metric, {"weights": {"_bias": -9.0}, "add": 0.5, "drop": 0.0}) == f.metric
    # weights that drop every word never drop the counted noun itself
    assert f.metric.startswith("houses")
    assert extend_metric(text, f.q, ss, se, f.kind, f.metric, {"weights": {"_bias": -9.0}, "add": 0.99, "drop": 0.5}) == "houses"


def test_the_shipped_metric_words_model_is_plain_json_used_through_the_models():
    from pipeline.learn.runtime import default_models_dir, load_models

    path = default_models_dir() / "metric_words.json"
    if not path.exists():
        pytest.skip("no metric words model shipped")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data["weights"], dict) and 0 <= data["drop"] <= data["add"] <= 1
    assert "test" not in " ".join(data["train_splits"] + data["dev_splits"])
    models = load_models()
    meta = json.loads((default_models_dir() / "models.json").read_text(encoding="utf-8"))
    assert (models.metric is not None) == bool(meta["use"].get("metric") and data["use"])


@pytest.mark.parametrize("text, expected", [
    # "after N years" of a programme: from its start to the year the text is written in
    ("Province reviews poverty reduction in 2024\n\nThe 2021-2025 programme is under way. After 4 years, 3,120 houses "
     "were built.", {"3,120 houses": "2021-2024"}),
    # "over the past N years" with no term of that length: the N years up to the document's year
    ("Commune Party Committee reviews its work\n\nHa Long, March 3, 2025 - In the past three years, the commune "
     "supported 640 households.", {"640 households": "2022-2025"}),
    # the two figures of a change over the span take its two ends
    ("District reviews new rural construction in 2025\n\nAfter 5 years, the number of communes meeting the standards "
     "rose from 85 to 118.", {"85": "2020", "118": "2025"}),
    # "the highest in 10 years" frames no span
    ("Province reports 2025 growth\n\nGRDP growth is estimated at 8.1%, the highest in 10 years.", {"8.1%": ""}),
])
def test_a_span_of_n_years_is_counted_back_from_the_document_s_year(text, expected):
    got = dict(rule_periods(text))
    assert {k: got.get(k) for k in expected} == expected


def test_a_review_of_n_years_of_a_resolution_is_written_n_years_after_it_was_issued():
    text = ("Province reviews 10 years of implementing the resolution on high-tech agriculture\n\n"
            "On May 16, the Standing Committee held a conference to review 10 years of implementing Resolution "
            "No. 05-NQ/TU dated June 10, 2015 on high-tech agriculture.")
    t = P.doc_time(text)
    assert (t.year, t.dateline) == ("2025", "")  # "dated June 10, 2015" is the resolution's date, not a dateline


def test_a_range_figure_keeps_the_whole_span():
    text = "The growth rate in the period of 2021-2023 is estimated at 7.11% (average target from 7 to 7.5%)."
    assert dict(rule_periods(text, kind="target"))["from 7 to 7.5%"] == "2021-2023"


@pytest.mark.parametrize("text, figure, expected", [
    ("Commune congress\n\nThe resolution sets 19 targets for the new term.", "19 targets", True),
    ("Commune congress\n\nThe 350 delegates adopted the Congress Resolution with 26 main targets.", "26 main targets", True),
    ("Commune congress\n\nThe commune has 19 villages and 2 markets.", "19 villages", False),
])
def test_the_chooser_sees_a_count_of_the_targets_a_resolution_sets(text, figure, expected):
    seg, t = segment(text), P.doc_time(text)
    f = [f for f in find_figures(text, seg.sentences) if f.q.text == figure][0]
    ss, se = seg.sentence_of(f.q.start)
    feats = {k for _v, fs in P.period_candidates(text, f.q.start, f.q.end, ss, se, t, "statistic") for k in fs}
    assert ("c=none|set_targets" in feats) == expected


@pytest.mark.parametrize("sentence, rule_metric", [
    ("In 2024, the commune supported 35 poor households with housing, reaching 120% of the plan.", "poor households"),
    ("The rate of trained workers (with certificates) reached 72.5%, up 3% over the previous year.", "rate of trained workers"),
    ("Total state budget revenue in the district, collected by the Tax Department, was VND 1,250 billion.", ""),
    ("By 2030, Quang Ninh strives for 100% of communes to meet new-style rural standards; 95% of hamlets.", "communes"),
])
def test_the_metric_model_weighs_only_the_words_it_may_add(sentence, rule_metric):
    """extend_metric reads features only for the rules' words and the near lower-case words with
    no punctuation between them and the figure: the same candidates, in the same order, as
    filtering every word of the sentence (a speed change that must change no metric)."""
    from pipeline.extractors.metric import NEAR, metric_word_candidates
    from pipeline.numbers import find_quantities

    for q in find_quantities(sentence):
        for kind in ("target", "result"):
            every = metric_word_candidates(sentence, q, 0, len(sentence), kind, rule_metric)
            rule = {w.lower() for w in rule_metric.split()}

            def addable(f):  # near the figure, no punctuation between, lower case
                return (any(f.get(f"d={s}{i}") for s in "ab" for i in range(NEAR + 1))
                        and (f.get("p=b0") or f.get("p=a0")) and not f.get("cap=True"))

            near = [c for c in every if c[0] in rule or addable(c[3])]
            assert metric_word_candidates(sentence, q, 0, len(sentence), kind, rule_metric, addable_only=True) == near
