"""Figure kinds, periods and the rows of the figures table."""
import pytest


def fig(a, value):
    rows = [r for r in a.figures if abs(r["value"] - value) <= 1e-6 * max(1, value)]
    assert rows, [(r["text"], r["value"]) for r in a.figures]
    return rows[0]


@pytest.mark.parametrize("text,value,kind", [
    ("The commune strives to have 4 more OCOP products by 2027.", 4, "target"),
    ("The district aims to raise the rate of trained workers to 80%.", 80, "target"),
    ("By 2030, the province plans to attract 2 billion USD in FDI.", 2e9, "target"),
    ("The resolution set the target of average income reaching VND90 million per person.", 90e6, "target"),
    ("Under the resolution for 2025, growth reached 8% and exports rose by 12%.", 8, "target"),
    ("Main targets: GRDP growth of 7.5% per year.", 7.5, "target"),
    ("The ward disbursed 120 billion VND, reaching 71% of the plan of 169 billion VND.", 169e9, "target"),
    ("The ward disbursed 120 billion VND, reaching 71% of the plan of 169 billion VND.", 71, "result"),
    ("The ward disbursed 120 billion VND, reaching 71% of the plan of 169 billion VND.", 120e9, "result"),
    ("GRDP growth in 2024 is estimated at 6.8%.", 6.8, "result"),
    ("Budget revenue reached 3,210 billion VND, up 14% over the same period.", 14, "result"),
    ("The district has achieved and exceeded 11/17 targets.", 11, "result"),
    ("The congress set 21 targets for the new term.", 21, "statistic"),
    ("The commune has 14 Party cells with 420 Party members.", 420, "statistic"),
    ("A school worth 25 billion VND was inaugurated.", 25e9, "statistic"),
    ("The project affects more than 300 households.", 300, "statistic"),
    ("About 40 households have not handed over their land.", 40, "statistic"),
    ("Over 500 hectares of rice were planted with new varieties.", 500, "result"),
    ("The commune asked the province to allocate an extra 20 billion VND for roads.", 20e9, "target"),
])
def test_kind(ann, text, value, kind):
    assert fig(ann(text), value)["kind"] == kind


@pytest.mark.parametrize("text,value,period", [
    ("In the 2021-2025 period, exports grew by 9% a year.", 9, "2021-2025"),
    ("For the 2025-2030 term, the ward set 16 targets.", 16, "2025-2030 term"),
    ("The province aims for 95% of communes meeting new rural standards by 2030.", 95, "by 2030"),
    ("Revenue in the first 9 months reached 900 billion VND.", 900e9, "first 9 months"),
])
def test_period(ann, text, value, period):
    assert fig(ann(text), value)["period"] == period


def test_figure_row_offsets_point_into_the_sentence(ann):
    text = "The district collected 1,250 billion VND. It also built three new bridges."
    for r in ann(text).figures:
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["text"] in r["sentence"]


@pytest.mark.parametrize("text,value", [
    ("The province disbursed VND 2.356 billion, reaching 41.3% of the plan of VND 5,700 billion.", 2356e9),
    ("Ha Tinh disbursed 337.283 billion VND, reaching 61.3% of the plan of 550.2 billion VND.", 337.283e9),
])
def test_stated_share_settles_an_ambiguous_dot(ann, text, value):
    assert fig(ann(text), value)["unit_class"] == "money"
