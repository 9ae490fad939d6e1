"""The number grammar on the shapes of real reports (issue 11): (text, expected) rows.

Each row is a sentence written for the pattern, not copied from the corpus; ``expected`` lists
every figure of the sentence as (value, value_high, total, unit_class), in order."""
import pytest

from pipeline.numbers import find_quantities, render

B, M, T = 1e9, 1e6, 1e12


def read(text):
    return [(q.value, q.value_high, q.total, q.unit_class) for q in find_quantities(text)]


def same(got, expected):
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        for a, b in zip(g, e):
            assert (a is None) == (b is None), (got, expected)
            if a is not None and not isinstance(a, str):
                assert a == pytest.approx(b), (got, expected)
            else:
                assert a == b, (got, expected)


@pytest.mark.parametrize("text,expected", [
    # plural scale words and two scale words in a row
    ("The town spent VND 5 billions on roads.", [(5 * B, None, None, "money")]),
    ("Compensation of about VND 19,7 billions is kept at the treasury.", [(19.7 * B, None, None, "money")]),
    ("Industrial output exceeded 1 million billion VND.", [(1e15, None, None, "money")]),
    # Vietnamese separators: a dot and three digits is a thousands mark, a scale word or not
    ("The public investment plan is VND 5.584 billions.", [(5584 * B, None, None, "money")]),
    ("The plan is VND 1.126 billion, of which the town budget is VND 684 billion.",
     [(1126 * B, None, None, "money"), (684 * B, None, None, "money")]),
    ("The capital plan is 648.312 million VND, of which 41.200 million VND is carried over.", [(648312 * M, None, None, "money"), (41200 * M, None, None, "money")]),
    ("Revenue reached VND 3,215,408 billion.", [(3215408 * B, None, None, "money")]),
    ("The district spent 10,305,6 billion VND.", [(10305.6 * B, None, None, "money")]),
    ("It disbursed 1.036,8 billion VND out of 2.415,2 billion VND.", [(1036.8 * B, None, 2415.2 * B, "money")]),
    ("Support totalled VND 12,5 billion.", [(12.5 * B, None, None, "money")]),
    ("Only 0,125 km of land is left.", [(0.125, None, None, "length")]),
    # x out of y, with the unit or currency repeated
    ("The city disbursed 5 trillion VND out of 8 trillion VND allocated.", [(5 * T, None, 8 * T, "money")]),
    ("The district had VND18,6 billion/VND19,2 billion cancelled.", [(18.6 * B, None, 19.2 * B, "money")]),
    ("Of the road, 4.6 km out of 7.3 km is in use.", [(4.6, None, 7.3, "length")]),
    ("The commune met 14 of 21 congress targets.", [(14, None, 21, "count")]),
    ("Only 3 of the 9 pumping stations work.", [(3, None, 9, "count")]),
    ("Two of its 5 contractors are weak.", [(2, None, 5, "count")]),
    ("Only 5 of the commune's 48 civil servants speak the language.", [(5, None, 48, "count")]),
    # "Out of these 90 projects, 40 ...": two rows, the second with no total
    ("Out of these 90 projects, 40 have been completed.", [(90, None, None, "count"), (40, None, None, "count")]),
    ("Of the 97 redundant headquarters, 64 still hold equipment.",
     [(97, None, None, "count"), (64, None, None, "count")]),
    ("Among the 23 main targets, only 9 can be assessed.", [(23, None, None, "count"), (9, None, None, "count")]),
    ("The commune has 11 more civil servants than the quota, but 9 of them were trained in pedagogy.",
     [(11, None, None, "count"), (9, None, None, "count")]),
    ("However, 18 of the redundant headquarters are degraded.", [(18, None, None, "count")]),
    # bare numbers with an implied noun
    ("The number of poor households fell from 200 to 150.", [(200, None, None, "count"), (150, None, None, "count")]),
    ("Poor households fell from 4,120 to 2,860.", [(4120, None, None, "count"), (2860, None, None, "count")]),
    ("Classes average 48 pupils, while the standard is 35.", [(48, None, None, "count"), (35, None, None, "count")]),
    ("The commune has 46 civil servants while the assigned payroll is 40.",
     [(46, None, None, "count"), (40, None, None, "count")]),
    ("Only 42 projects were attracted, against the plan of 60.", [(42, None, None, "count"), (60, None, None, "count")]),
    ("The ward merged 62 villages into 35.", [(62, None, None, "count"), (35, None, None, "count")]),
    ("11 targets were achieved and the remaining 3 are unlikely to be met.",
     [(11, None, None, "count"), (3, None, None, "count")]),
    ("The number of homestays increased to 47.", [(47, None, None, "count")]),
    ("The commune has a population of nearly 56,000.", [(56000, None, None, "count")]),
    # elliptical lists
    ("The resolution set 17 main targets: 6 on the economy, 7 on society and 4 on the environment.",
     [(17, None, None, "count"), (6, None, None, "count"), (7, None, None, "count"), (4, None, None, "count")]),
    # indicator labels
    ("- Hospital beds per 10,000 people: 35.", [(35, None, None, "count")]),
    ("7. Doctors per 10,000 people: 18; hospital beds per 10,000 people: 45.",
     [(18, None, None, "count"), (45, None, None, "count")]),
    ("- New Party members: at least 15 per year.", [(15, None, None, "count")]),
    ("- Tourist arrivals: 17 million, of which 1,8 million international visitors.",
     [(17 * M, None, None, "count"), (1.8 * M, None, None, "count")]),
    ("- Communes with fibre-optic connection: 95/95.", [(95, None, 95, "count")]),
    # an amount with a scale word and no noun: money only after money of the same scale
    ("Allocate VND 5,850 billion, of which 1,200 billion for the expressway.",
     [(5850 * B, None, None, "money"), (1200 * B, None, None, "money")]),
    ("Exports reached USD 2,9 billion; tourists reached 11,2 million.",
     [(2.9 * B, None, None, "money"), (11.2 * M, None, None, "count")]),
    # words between the number and its noun
    ("The procedure now takes 3 full working days.", [(3, None, None, "duration")]),
    ("The province has 50 3-star products.", [(50, None, None, "count")]),
    ("The commune prioritises 12 especially dangerous locations.", [(12, None, None, "count")]),
    ("Organising 4 OCOP trade fairs.", [(4, None, None, "count")]),
    ("The congress opened at the Provincial Party Committee. 180 delegates attended.", [(180, None, None, "count")]),
    # ranges in words
    ("Each commune has only 1 or 2 full-time members.", [(1, 2, None, "count")]),
    ("The boards have only 7 to 9 people each.", [(7, 9, None, "count")]),
    ("The rate fell 5 or 6% this year.", [(5, 6, None, "percent")]),
    # durations that measure something
    ("Land price dossiers are completed within 30 days of receiving them.", [(30, None, None, "duration")]),
    ("The project has been behind schedule for 8 months.", [(8, None, None, "duration")]),
    # units
    ("Annual rainfall is only about 700 mm.", [(700, None, None, "length")]),
    ("The port has a capacity of 20 million TEU per year.", [(20 * M, None, None, "other")]),
    ("The station pumps 4 m3/s.", [(4, None, None, "other")]),
    ("Levelling has reached only 55 percentages.", [(55, None, None, "percent")]),
])
def test_real_report_figures(text, expected):
    same(read(text), expected)


@pytest.mark.parametrize("text", [
    "The meeting opened at 8:30 in the hall.",
    "The meeting closed at 15h.",
    "The report was posted at 10:42.",
    "The rain stopped at 5 p.m. yesterday.",
    "The commune faces two or more problems.",
    "In 2025 the ward was founded.",
    "It opened on 15/10/2025 at the hall.",
    "Under Plan No. 45/KH-UBND the ward acted.",
    "Delegates attended the 18th congress.",
    "The province ranked 17th out of 63 provinces.",
    "The 220 kV line crosses the district.",
    "Residents of District 1 attended.",
    "Storm No. 5 hit the coast.",
    "Working Group No. 6 visited the commune.",
    "The provincial road 345 project is late.",
    "The floods lasted from September 28 to 30 in the area.",
    "Hospital beds per 10,000 people are few.",
    "Enterprises with 30 or more workers must set up Party cells.",
    "Many weavers are over 50 years old.",
    "Revenue in the area over 5 years was low.",
    "The commune was praised for three consecutive years.",
    "- Total social investment capital for 5 years: about",
    "Connections of 100 Mbps or more are planned.",
    "The income on 1 ha of land is low.",
])
def test_real_report_non_figures(text):
    assert find_quantities(text) == []


# "648.312 billion VND" has SCHEMA's decimal shape ("337.283 billion VND" -> 337.283e9,
# tests/test_numbers.py); the thousands dot round-trips in the other shapes
@pytest.mark.parametrize("value", [21860, 1126, 648300, 5584, 1480])
@pytest.mark.parametrize("scale,factor", [("billion", 1e9), ("billions", 1e9), ("million", 1e6)])
@pytest.mark.parametrize("where", ["before", "after"])
def test_round_trip_vietnamese_thousands_dot_with_scale(value, scale, factor, where):
    num = render(value, "vi")  # "21.860"
    span = f"VND {num} {scale}" if where == "before" else f"{num} {scale} VND"
    qs = find_quantities(f"The province disbursed {span} this year.")
    assert len(qs) == 1 and qs[0].unit_class == "money"
    assert qs[0].value == pytest.approx(value * factor)


@pytest.mark.parametrize("value", [12.5, 212.5, 1036.8, 10305.6, 4312.5])
def test_round_trip_vietnamese_decimal_comma_with_scale(value):
    num = render(value, "vi", 1)  # "1.036,8"
    q, = find_quantities(f"Capital of VND {num} billion was allocated.")
    assert q.value == pytest.approx(value * 1e9)


@pytest.mark.parametrize("a,b", [(642, 1187), (4.6, 7.3), (1036.8, 2415.2)])
@pytest.mark.parametrize("style", ["en", "vi"])
def test_round_trip_out_of_amounts(a, b, style):
    def w(x):
        return render(x, style, 0 if float(x).is_integer() else 1)
    q, = find_quantities(f"The programmes disbursed VND {w(a)} billion out of VND {w(b)} billion allocated.")
    assert (q.value, q.total) == (pytest.approx(a * 1e9), pytest.approx(b * 1e9))
