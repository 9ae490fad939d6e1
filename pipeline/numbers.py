"""The number grammar: find quantities in report text and read their value.

Accepted forms (each has a row in ``tests/test_numbers.py``):

* digits with English separators: ``4,024`` -> 4024, ``7.11`` -> 7.11, ``3,940`` -> 3940;
* Vietnamese separators that survive translation, decided by the groups and by context:
  ``2.415,6`` -> 2415.6 (both marks: the last one is the decimal mark),
  ``7,124,72`` -> 7124.72 (a last group that is not three digits long is decimals),
  ``3,5%`` -> 3.5, ``1.240 households`` -> 1240 and ``VND 480.000`` -> 480000
  (one dot and three digits is a thousands mark where the quantity must be whole:
  counted things and money without a scale word), ``337.283 billion`` -> 337.283e9
  (with a scale word it is a decimal mark);
* number words from one to ninety-nine (``two resettlement areas``, ``twenty-five``),
  only when a counted noun follows;
* scale words: thousand, million, billion, trillion, bn, mn (``15 billion VND`` -> 15e9);
* currencies before, after or glued to the number: VND, VNĐ, dong, đồng, USD, US$, $, EUR:
  ``VND150 trillion``, ``US$5,820``, ``154 million USD``, ``52 million dong``;
* percentages: ``%``, ``percent``, ``per cent``, ``pct``; ``percentage points`` keeps its unit;
* ranges: ``3-5``, ``7-8%``, ``from 7 to 7.5%``, ``10% – 10.5%``, ``between 5 and 7%``,
  ``VND150-160 million`` and ``USD4,200-4,400`` (scale and currency shared by both ends);
* fractions: ``15/30 targets``, ``16 out of 17``, ``5 out of the remaining 7 targets``,
  ``one in five households``, ``435/8,312 billion VND`` (scale shared); a rate such as
  ``14 criteria/commune`` or ``52 million/person/year`` is one value with no total;
* comparators before (over, more than, above, nearly, almost, about, approximately, around,
  some, at least, no less than, up to, at most, below, under, less than, fewer than) or after
  (``or more``, ``or higher``, ``or less``); a range has comparator ``range``;
* the counted noun after the number is the unit (``21 Party cells`` -> ``Party cells``);
  units of area, length, mass, volume, duration and energy are recognised by name.

Rejected forms (no quantity is returned):

* years and year ranges (``in 2012``, ``2021-2023``, ``the 2020-2025 term``), dates
  (``15/10/2025``, ``October 15``), ordinals (``20th``, ``1st``);
* document numbers (``06-NQ/TU``, ``No. 11``, ``3348/QD-UBND``, ``Decision 1234``);
* names holding a number (``N3 road``, ``Industrial Park 1``, ``Ring Road 4``, ``Hamlet 3``,
  ``Highway 1A``, ``COVID-19``), road chainages (``Km10-Km42``);
* technical ratings (``110kV``) and ratings that qualify a metric (``3 stars``, ``five-star``);
* rankings (``ranked 17th out of 63 provinces``, ``ranked 5/63``);
* spans that only frame time (``over the past 5 years``, ``the first 8 months``,
  ``after two months of operation``); a duration that measures something
  (``30 days ahead of schedule``) is kept;
* number words used as adjectives or idioms (``two-tiered``, ``one of the``) and bare numbers
  with no unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

__all__ = ["Quantity", "parse_number", "find_quantities", "word_to_number", "render"]

# --------------------------------------------------------------------------- lexicon
_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "trillion": 1e12, "hundred": 1e2}
CURRENCIES = {
    "vnd": "VND", "vnđ": "VND", "vnd.": "VND", "dong": "VND", "đồng": "VND", "đ": "VND",
    "usd": "USD", "us$": "USD", "$": "USD", "us dollars": "USD", "dollars": "USD",
    "eur": "EUR", "€": "EUR", "euros": "EUR",
}
_UNIT_CLASSES = {
    "area": {"ha", "hectare", "hectares", "m2", "m²", "km2", "km²", "sq.m", "square metres",
             "square meters", "square kilometres", "square kilometers", "sqm"},
    "length": {"km", "kilometre", "kilometres", "kilometer", "kilometers", "metres", "meters",
               "metre", "meter", "m"},
    "mass": {"tonnes", "tonne", "tons", "ton", "kg", "kilograms", "quintals"},
    "volume": {"m3", "m³", "cubic metres", "cubic meters", "litres", "liters", "litre", "liter"},
    "duration": {"days", "day", "months", "month", "years", "year", "weeks", "week", "hours",
                 "hour", "working days"},
    "other": {"mw", "kwh", "gw", "mwh", "megawatts", "times", "fold", "kv"} - {"kv"},
}
UNIT_CANON = {"hectare": "ha", "hectares": "ha", "kilometre": "km", "kilometres": "km",
              "kilometer": "km", "kilometers": "km", "tonne": "tonnes", "ton": "tonnes",
              "tons": "tonnes", "square metres": "m2", "square meters": "m2", "m²": "m2",
              "sq.m": "m2", "sqm": "m2", "km²": "km2", "m³": "m3", "cubic metres": "m3",
              "cubic meters": "m3"}
_UNIT_CLASS_OF = {u: cls for cls, units in _UNIT_CLASSES.items() for u in units}
_REJECT_UNITS = {"kv", "star", "stars", "th", "st", "nd", "rd"}

# words that end a counted-noun phrase
_UNIT_STOP = {
    "with", "in", "of", "for", "to", "at", "on", "by", "from", "and", "or", "that", "which",
    "who", "are", "is", "were", "was", "be", "been", "have", "has", "had", "will", "would",
    "under", "over", "per", "across", "including", "such", "as", "than", "into", "out",
    "each", "every", "this", "these", "those", "the", "a", "an", "their", "its", "his", "her",
    "while", "but", "so", "not", "also", "still", "only", "all", "whose", "where", "when",
    "compared", "respectively", "same", "up", "down", "this", "about", "nearly", "after",
    "before", "since", "during", "until", "within", "among", "between", "through", "via",
    "can", "could", "should", "must", "may", "might", "did", "do", "does", "being", "get",
    "got", "received", "reached", "achieved", "accounted", "accounting", "equal", "equivalent",
    "worth", "valued", "totalling", "totaling", "total", "there", "here", "then", "now",
    "term", "period", "annually", "yearly", "per",
    "higher", "lower", "more", "less", "fewer", "ahead", "behind", "earlier", "later",
    "said", "says", "stated", "noted", "added", "emphasized", "emphasised", "reported",
}
_ING_NOUNS = {"building", "buildings", "housing", "training", "meetings",
              "dwelling", "dwellings", "planning", "wedding", "weddings", "crossing",
              "crossings", "offering", "offerings", "opening", "spending",
              "processing", "farming", "boarding"}
_SKIP_BEFORE_UNIT = {"more", "additional", "other", "extra", "further"}

_COMPARATORS_BEFORE = [
    ("no less than", "ge"), ("not less than", "ge"), ("at least", "ge"), ("a minimum of", "ge"),
    ("more than", "gt"), ("over", "gt"), ("above", "gt"), ("exceeding", "gt"),
    ("higher than", "gt"), ("upwards of", "gt"),
    ("nearly", "approx"), ("almost", "approx"), ("about", "approx"), ("approximately", "approx"),
    ("around", "approx"), ("roughly", "approx"), ("some", "approx"), ("an estimated", "approx"),
    ("approx.", "approx"), ("close to", "approx"), ("estimated", "approx"),
    ("up to", "le"), ("at most", "le"), ("no more than", "le"), ("not more than", "le"),
    ("a maximum of", "le"),
    ("less than", "lt"), ("fewer than", "lt"), ("below", "lt"), ("under", "lt"),
    ("lower than", "lt"),
]
_COMPARATORS_AFTER = [("or more", "ge"), ("or higher", "ge"), ("or above", "ge"),
                      ("and above", "ge"), ("or over", "ge"), ("or less", "le"),
                      ("or lower", "le"), ("or below", "le"), ("or fewer", "le")]

# --------------------------------------------------------------------------- patterns
_NUM = r"\d+(?:[.,]\d+)*"
_WORDNUM = (r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(k for k in _ONES if _ONES[k] < 10)
            + r"))?|" + "|".join(sorted(_ONES, key=len, reverse=True)) + r")")
_SCALE = r"(?:thousand|million|billion|trillion|bn|mn)\b"
_CUR_PRE = r"(?:US\s?\$|USD|VNĐ|VND|VNđ|EUR|\$|€)"
_CUR_POST = r"(?:VNĐ|VND|VNđ|USD|US\s?dollars|dollars|dong|đồng|EUR|euros)\b"
_PCT = r"(?:%|percent\b|per\s?cent\b|pct\b|percentage\s+points?\b|points?\b(?=\s+(?:higher|lower|over|compared|up|down)))"
_SEP = r"(?:\s?[-–—]\s?|\s+to\s+|\s+and\s+)"

# One numeric expression: [currency] number [scale] [%] [range-sep [currency] number [scale]]
# [/ total [scale]] [currency] [%]
QTY = re.compile(
    rf"""
    (?<![\w.,$€-])(?<!\d/)(?<![A-Za-z]-)
    (?P<cur1>{_CUR_PRE})?\s?
    (?P<n1>{_NUM}|\b{_WORDNUM}\b)
    (?:\s?(?P<sc1>{_SCALE}))?
    (?P<cur1b>\s?{_CUR_POST})?
    (?:\s?(?P<pct1>{_PCT}))?
    (?:
        (?P<rsep>{_SEP})
        (?P<cur2>{_CUR_PRE})?\s?
        (?P<n2>{_NUM}|\b{_WORDNUM}\b)
        (?:\s?(?P<sc2>{_SCALE}))?
    )?
    (?:/(?P<tot>{_NUM})(?:\s?(?P<sct>{_SCALE}))?)?
    (?:\s?(?P<cur3>{_CUR_POST}))?
    (?:\s?(?P<pct>{_PCT}))?
    (?P<glued>[A-Za-z²³]+)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_WORDNUM_RE = re.compile(rf"^{_WORDNUM}$", re.IGNORECASE)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_DOC_AFTER = re.compile(r"(?:[-/][A-ZĐ]{1,}|/\d{1,2}/\d|[-/]\d{2,4}[-/])")
_DOC_BEFORE = re.compile(
    r"(?:\bNo\.?|\bNos\.?|\bNumber|\bResolution|\bDecision|\bDecree|\bDirective|\bConclusion|"
    r"\bCircular|\bRegulation|\bOfficial\s+(?:Letter|Dispatch)|\bDispatch|\bPlan|\bProgram|"
    r"\bProgramme|\bLaw|\bArticle|\bClause|\bChapter|\bItem|\bPoint|\bSection|\bCode|\bNQ|"
    r"\bQD|\bhotline|\bphone|\btel\.?|\bfax|\bno\.)\s*$",
    re.IGNORECASE,
)
_CAPWORD_BEFORE = re.compile(r"(\p{Lu}[\p{L}'’]*\.?)\s+$")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr",
           "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_ALLOWED_CAP_BEFORE = {"over", "about", "nearly", "almost", "more", "some", "only", "just",
                       "reaching", "reached", "total", "around", "approximately", "and",
                       "with", "of", "the", "all", "has", "have", "at", "up", "to", "by",
                       "from", "in", "vnd", "usd", "us$", "vnđ", "among", "another", "exactly",
                       "roughly", "under", "below", "above", "fewer", "less", "than", "least",
                       "estimated", "among", "nearly", "for", "additional", "each", "had",
                       "over", "are", "were", "was", "is"}
_TIME_FRAME_BEFORE = re.compile(
    r"(?:\b(?:past|first|last|next|previous|recent|coming|following|after|within|during|in|"
    r"for|over\s+the|the|these|those|consecutive|early|initial|final|later|every|each|"
    r"since|ago|nearly|almost|about)\s+){1,}$",
    re.IGNORECASE,
)


def _strip_comparator(before: str) -> str:
    """'for more than ' -> 'for ': the frame word stands before the comparator."""
    m = _COMP_BEFORE_RE.search(before)
    return before[: m.start("p")] if m else before
_DURATION_KEEP_AFTER = re.compile(r"^\s*(?:ahead|earlier|behind|late|sooner|faster|of delay|"
                                  r"of (?:schedule|work))", re.IGNORECASE)
_DURATION_KEEP_BEFORE = re.compile(r"\b(?:by|shortened|reduced|cut|average of|saved|"
                                   r"delay(?:ed)? of)\s+$", re.IGNORECASE)
_RANK_BEFORE = re.compile(r"\b(?:rank(?:ed|ing|s)?|position|placed|place)\s+(?:\w+\s+){0,2}$",
                          re.IGNORECASE)
_ORDINAL_OUT_OF = re.compile(r"\d+(?:st|nd|rd|th)\s+out\s+of\s+$", re.IGNORECASE)
_CHANGE_VERBS = re.compile(
    r"\b(?:rose|rising|risen|rise|increased|increasing|increase|grew|grown|growing|fell|falling|"
    r"fallen|decreased|decreasing|decrease|declined|dropped|went|going|up|down|reduced|"
    r"reducing|raised|raising|raise|jumped|climbed|changed|improved|improving|expanded)\s+"
    r"(?:\w+\s+){0,3}$", re.IGNORECASE)
_OUT_OF = re.compile(
    r"\s*(?:out\s+of|in|of)\s+(?:the\s+)?(?:remaining\s+|total\s+|whole\s+)?"
    rf"(?P<tot>{_NUM}|{_WORDNUM})\b", re.IGNORECASE)
_RATE_AFTER = re.compile(r"(?:/\s?(?:person|capita|household|commune|year|month|day|ha|"
                         r"hectare|head|worker|unit|student|km|ward|village|hamlet|member|"
                         r"people|inhabitant|resident)s?\b)+", re.IGNORECASE)
_PER_AFTER = re.compile(r"\s?(?:per\s+(?:capita|person|year|month|household|ha|hectare)"
                        r"|/\s?(?:person|capita|year|month|household|ha|hectare|commune)s?)"
                        r"(?:\s?(?:per\s+|/\s?)(?:year|month|person))?", re.IGNORECASE)
_UNIT_WORD = re.compile(r"\s*((?:km2|m2|m3|km²|m²|m³)(?![\p{L}\d])|[\p{L}][\p{L}\p{M}'’\-]*)", re.IGNORECASE)
_MULTI_UNITS = sorted([u for units in _UNIT_CLASSES.values() for u in units if " " in u]
                      + ["working days"], key=len, reverse=True)
_MULTI_UNIT_RX = re.compile(r"\s*(" + "|".join(re.escape(u) for u in _MULTI_UNITS) + r")\b", re.IGNORECASE)


@dataclass
class Quantity:
    """One numeric figure found in text; offsets refer to the text searched."""

    start: int
    end: int
    text: str
    value: float
    value_high: float | None = None
    total: float | None = None
    unit: str = ""
    unit_class: str = "count"
    currency: str = ""
    comparator: str = "eq"
    number_start: int = 0  # offset of the first digit or number word
    notes: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- values
def word_to_number(word: str) -> float | None:
    """'two' -> 2, 'twenty-five' -> 25; None when it is not a number word."""
    w = word.lower().replace(" ", "-")
    if w in _ONES:
        return float(_ONES[w])
    if w in _TENS:
        return float(_TENS[w])
    if "-" in w:
        a, _, b = w.partition("-")
        if a in _TENS and b in _ONES and _ONES[b] < 10:
            return float(_TENS[a] + _ONES[b])
    return None


def parse_number(s: str, *, whole: bool = False, scaled: bool = False) -> float:
    """Read one number written with English or Vietnamese separators.

    ``whole`` says the quantity must be a whole number (counted things, money without a
    scale word): then one dot followed by three digits is a thousands mark. ``scaled`` says a
    scale word follows: then it is a decimal mark ("337.283 billion").
    """
    s = s.strip()
    w = word_to_number(s)
    if w is not None:
        return w
    if "." in s and "," in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        return float(s.replace(thou, "").replace(dec, "."))
    for mark in (",", "."):
        if mark not in s:
            continue
        groups = s.split(mark)
        head, tail = groups[:-1], groups[-1]
        if len(groups) > 2:
            if len(tail) == 3 and all(len(g) == 3 for g in groups[1:]):
                return float("".join(groups))
            return float("".join(head) + "." + tail)  # "7,124,72" -> 7124.72
        if len(tail) != 3:
            return float(head[0] + "." + tail)  # "3,5" -> 3.5, "7.11" -> 7.11
        if mark == ",":
            return float(head[0] + tail)  # "4,024" -> 4024
        if whole and not scaled and head[0] != "0":
            return float(head[0] + tail)  # "1.240 households" -> 1240
        return float(head[0] + "." + tail)  # "337.283 billion" -> 337.283
    return float(s)


def _scale(word: str | None) -> float:
    return SCALES.get(word.lower(), 1.0) if word else 1.0


def _currency(*tokens: str | None) -> str:
    for t in tokens:
        if t:
            key = re.sub(r"\s+", " ", t.strip().lower())
            key = key.replace("us $", "us$")
            if key in CURRENCIES:
                return CURRENCIES[key]
    return ""


def _pct_unit(tok: str) -> str:
    return "percentage points" if re.match(r"percentage|point", tok, re.IGNORECASE) else "%"


# --------------------------------------------------------------------------- units
def _read_unit(text: str, pos: int, limit: int = 6) -> tuple[str, int]:
    """The counted-noun phrase starting at ``pos``: (unit, end offset)."""
    m = _MULTI_UNIT_RX.match(text, pos)
    if m:
        mu = m.group(1).lower()
        return UNIT_CANON.get(mu, mu), m.end()
    words: list[str] = []
    end = pos
    i = pos
    while len(words) < limit:
        m = _UNIT_WORD.match(text, i)
        if not m:
            break
        w = m.group(1)
        lw = w.lower().strip("-")
        after_newly = bool(words) and words[-1].lower() == "newly"
        if not words and lw in _SKIP_BEFORE_UNIT:
            i = end = m.end()
            continue
        if lw in _UNIT_STOP or lw in _MONTHS:
            break
        if words and not after_newly and (
                (lw.endswith("ing") and lw not in _ING_NOUNS)
                or (lw.endswith("ed") and lw not in {"need", "seed", "feed", "shed"})):
            break  # "77 households undergoing", "15 communes meeting", "households resettled"
        if lw.endswith("ly") and lw not in {"family", "assembly", "supply", "newly"}:
            break
        words.append(w)
        i = end = m.end()
        if lw in _UNIT_CLASS_OF and len(words) == 1:
            break  # "3,000 hectares of land": the unit is the measure
        if len(words) >= 2 and lw.endswith("s") and not lw.endswith("ss"):
            break  # a counted noun ends at its plural head: "grassroots party organizations"
    while words and words[-1].lower() in {"and", "or", "of"}:
        words.pop()
    return " ".join(words), end


def unit_class_of(unit: str) -> str:
    u = unit.lower()
    if u in _UNIT_CLASS_OF:
        return _UNIT_CLASS_OF[u]
    first = u.split(" ")[0] if u else ""
    if first in _UNIT_CLASS_OF and first not in {"m", "year", "years", "day", "days"}:
        return _UNIT_CLASS_OF[first]
    return "count"


# --------------------------------------------------------------------------- search
_COMP_BEFORE_RE = re.compile(
    r"(?:^|\W)(?P<p>" + "|".join(re.escape(p) for p, _ in _COMPARATORS_BEFORE) + r")\s*$", re.IGNORECASE)
_COMP_BEFORE_OF = {p: c for p, c in reversed(_COMPARATORS_BEFORE)}
_COMP_AFTER_RE = re.compile(r"\s*(?P<p>" + "|".join(re.escape(p) for p, _ in _COMPARATORS_AFTER) + r")\b", re.IGNORECASE)
_COMP_AFTER_OF = dict(_COMPARATORS_AFTER)


def _comparator_before(text: str, start: int) -> tuple[str, int]:
    """("gt", start of "more than") when a comparator stands right before ``start``."""
    before = text[max(0, start - 25):start]
    m = _COMP_BEFORE_RE.search(before)
    if not m:
        return "eq", start
    return _COMP_BEFORE_OF[m.group("p").lower()], start - (len(before) - m.start("p"))


def _comparator_after(text: str, end: int) -> tuple[str, int]:
    m = _COMP_AFTER_RE.match(text, end, min(len(text), end + 16))
    if not m:
        return "", end
    return _COMP_AFTER_OF[m.group("p").lower()], m.end()


_PREV_WORD_RX1 = re.compile(r"([\p{L}\p{N}'’.$]+)\s*$")


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD_RX1.search(text[max(0, start - 40):start])
    return m.group(1) if m else ""


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 60):start]
    return bool(re.search(r"(?:^|[.!?:;\n]\s*|[\"“(]\s*)\p{Lu}[\p{L}'’]*\s+$", before)) or not before.strip()


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every figure in ``text[start:end]`` that the grammar accepts, in order."""
    end = len(text) if end is None else end
    out: list[Quantity] = []
    pos = start
    while True:
        m = QTY.search(text, pos, end)
        if not m:
            break
        pos = m.end() if m.end() > m.start() else m.start() + 1
        q = _build(text, m, end)
        if q is None:
            pos = m.end("n1")  # resume after the rejected number ("2020 to 68.2 million")
            continue
        if isinstance(q, list):
            out.extend(q)
            pos = max(pos, q[-1].end)
        else:
            if not q.unit and out and out[-1].unit_class == "count":
                q.unit = out[-1].unit  # "9,850 members ..., of whom 7,214 were admitted"
            out.append(q)
            pos = max(q.end, m.end("n1"))
    return out


_BUILD_RX1 = re.compile(r"\b(from|between)\s+$", re.IGNORECASE)
_BUILD_RX2 = re.compile(r"\bthe\s+(?:remaining|other)\s+$", re.IGNORECASE)
_BUILD_RX3 = re.compile(r"^/\d")
_BUILD_RX4 = re.compile(r"-(hectare|ha|km|kilometre|kilometer|metre|meter|tonne|ton|MW|kW|apartment|bed|room|seat|square-metre|square-meter)\b", re.IGNORECASE)
_BUILD_RX5 = re.compile(r"\s+of\b")
_BUILD_RX6 = re.compile(r"^\s+(?:january|february|march|april|may|june|july|august|september|october|"
                 r"november|december)\b", re.IGNORECASE)
_BUILD_RX7 = re.compile(r"\s+of\s+(?:the\s+)?(?:plan|estimate|target|annual plan|yearly plan|"
                          r"assigned plan|budget estimate|[\p{L}\-]+)\b", re.IGNORECASE)
_BUILD_RX8 = re.compile(r"^\d{2}$")
_BUILD_RX9 = re.compile(r"\s+(?:of|ago|later|since|after|before|from\s+now|in\s+a\s+row)\b", re.IGNORECASE)
_BUILD_RX10 = re.compile(r"\s+\p{Ll}")
_BUILD_RX11 = re.compile(r"\b(?:the|which|whom|that)$")


def _build(text: str, m, limit: int):  # noqa: C901 - one decision list, read top to bottom
    g = m.groupdict()
    n1, n2, tot = g["n1"], g["n2"], g["tot"]
    glued = g["glued"]
    s, e = m.start(), m.end()
    num_start = m.start("n1")
    is_word1 = n1[0].isalpha()
    before = text[max(0, s - 60):s]
    after = text[e:e + 60]

    # ---- glued letters: a unit we know, else a name/ordinal/rating ("N3", "20th", "110kV")
    unit_glued = ""
    if glued:
        gl = glued.lower()
        if gl in _REJECT_UNITS or gl.startswith(("st", "nd", "rd", "th")) and gl in {"st", "nd", "rd", "th"}:
            return None
        if gl in _UNIT_CLASS_OF or gl in {"ha", "km", "m2", "m3", "kg", "mw", "kwh", "km2"}:
            unit_glued = UNIT_CANON.get(gl, gl)
        else:
            # the pattern swallowed the start of a following word after a space? no: glued
            if e - len(glued) > 0 and text[e - len(glued) - 1].isspace():
                e = e - len(glued)
                glued = None
                after = text[e:e + 60]
            else:
                return None
    if is_word1:
        if text[m.end("n1"):m.end("n1") + 1] == "-" and not n2:
            return None  # "five-star", "two-tiered"
        if _BUILD_RX5.match(text[m.end("n1"):]) and n1.lower() == "one":
            return None  # "one of the"
        if n1.lower() == "one" and not re.match(r"\s+(?:in|out\s+of)\s+" + _WORDNUM, text[m.end("n1"):], re.IGNORECASE):
            return None
    if n2 and n2[0].isalpha() and not is_word1:
        # "5 to two" is not a range: cut it back to the first number
        return _rematch_single(text, m, limit)

    # ---- document numbers, dates, names with numbers
    if _DOC_AFTER.match(text[m.end("n1"):m.end("n1") + 8]) and not g["pct1"] and not g["sc1"]:
        return None
    if tot and _BUILD_RX3.match(text[m.end("tot"):m.end("tot") + 3]):
        return None  # 15/10/2025
    if _DOC_BEFORE.search(before):
        return None
    prev = _prev_word(text, s)
    if prev.lower().rstrip(".") in _MONTHS or (
        _BUILD_RX6.match(after) and not g["sc1"]):
        return None
    if not g["cur1"]:
        cap = _CAPWORD_BEFORE.search(before)
        if cap and cap.group(1).lower().rstrip(".") not in _ALLOWED_CAP_BEFORE and not _sentence_initial(text, s - len(cap.group(0))):
            if not any(g[k] for k in ("sc1", "cur1b", "pct1", "cur3", "pct")):
                return None  # "Ring Road 4", "Hamlet 3", "Resolution 57"
    if _RANK_BEFORE.search(before) or _ORDINAL_OUT_OF.search(before):
        return None

    # ---- years and year ranges
    if _YEAR.match(n1) and n2 and not any(g[k] for k in ("cur1", "sc1", "cur1b", "pct1")):
        return None  # "2021-2023", "in 2020 to 68.2 million": the year is no figure
    if not any(g[k] for k in ("cur1", "sc1", "cur1b", "pct1", "cur3", "pct", "tot")) and not is_word1:
        if _YEAR.match(n1) and (not n2 or _YEAR.match(n2) or _BUILD_RX8.match(n2 or "")):
            return None
        if n2 and _YEAR.match(n2) and not _YEAR.match(n1):
            return _rematch_single(text, m, limit)

    # ---- a range written with "to"/"and" needs "from"/"between" or a shared unit;
    #      "rose from A to B" is two figures
    rsep = (g["rsep"] or "").strip().lower()
    if n2 and rsep in {"to", "and"}:
        lead = _BUILD_RX1.search(text[max(0, s - 12):s])
        if rsep == "and" and not (lead and lead.group(1).lower() == "between"):
            return _rematch_single(text, m, limit)
        if rsep == "to" and lead and _CHANGE_VERBS.search(text[max(0, s - 60):lead.start() + max(0, s - 12)]):
            return _rematch_single(text, m, limit)
        if rsep == "to" and not lead and not (g["pct"] or g["sc2"] or g["cur3"]):
            return _rematch_single(text, m, limit)

    # ---- values
    pct_tok = g["pct"] or g["pct1"]
    sc1 = g["sc1"] or (g["sc2"] if n2 else None) or (g["sct"] if tot else None)
    sc2 = g["sc2"] or g["sc1"]
    sct = g["sct"] or g["sc1"]
    whole = not pct_tok
    if sc1 and _thousands_dot(text, n1, sc1, s, e):
        sc1_scaled = False  # "VND 21.500 billion", "3.102 billion" beside "5,679 billion"
    else:
        sc1_scaled = bool(sc1)
    try:
        v1 = parse_number(n1, whole=True if not sc1_scaled and sc1 else whole, scaled=sc1_scaled) * _scale(sc1)
        v2 = parse_number(n2, whole=whole, scaled=bool(sc2)) * _scale(sc2) if n2 else None
        vt = parse_number(tot, whole=whole, scaled=bool(sct)) * _scale(sct) if tot else None
    except ValueError:
        return None
    if v2 is not None and v2 < v1 and not (g["sc2"] and not g["sc1"]):
        # "3-5" fine; "10-2" is not a range (a score, a date): keep the first number only
        return _rematch_single(text, m, limit)

    # ---- unit
    currency = _currency(g["cur1"], g["cur1b"], g["cur2"], g["cur3"])
    unit, unit_class = "", "count"
    end_pos = e
    if currency:
        unit, unit_class = currency, "money"
    elif pct_tok:
        unit, unit_class = _pct_unit(pct_tok), "percent"
    elif unit_glued:
        unit = unit_glued
        unit_class = unit_class_of(unit)
    total_from_words = None
    comp_after, after_end = "", end_pos
    hy = _BUILD_RX4.match(text[end_pos:end_pos + 16]) if not unit and not n2 else None
    if hy:
        unit = UNIT_CANON.get(hy.group(1).lower(), hy.group(1).lower())
        unit = {"ha": "ha", "apartment": "apartments", "bed": "beds", "room": "rooms", "seat": "seats"}.get(unit, unit)
        unit_class = unit_class_of(unit)
        end_pos += hy.end()
    if not unit:
        # "5 out of the remaining 7 targets", "one in five households"
        om = _OUT_OF.match(text, end_pos) if not tot else None
        in_ok = om is not None and om.group(0).strip().lower().startswith("in") and (
            is_word1 or (not _YEAR.match(om.group("tot")) and _BUILD_RX10.match(text[om.end():om.end() + 3])))
        if om and (om.group(0).lstrip().lower().startswith("out") or in_ok):
            try:
                total_from_words = parse_number(om.group("tot"), whole=True)
            except ValueError:
                total_from_words = None
            if total_from_words is not None:
                end_pos = end_pos + om.end() - om.start()
        comp_after, end2 = _comparator_after(text, end_pos)
        unit, uend = _read_unit(text, end2 if comp_after else end_pos)
        if unit:
            end_pos = uend
            if not comp_after:
                comp_after, end_pos = _comparator_after(text, end_pos)
            unit_class = unit_class_of(unit)
            unit = UNIT_CANON.get(unit.lower(), unit)
            if unit.lower() in _REJECT_UNITS:
                return None
        elif total_from_words is None:
            if not _bare_count_ok(text, s, end_pos, n1):
                return None  # a bare number: no figure
            unit_class = "count"
    else:
        rate = _RATE_AFTER.match(text, end_pos) or _PER_AFTER.match(text, end_pos)
        if rate and unit_class == "money":
            end_pos = rate.end()
        if unit_class == "percent":
            pm = _BUILD_RX7.match(text[end_pos:end_pos + 40])
            if pm and not _BUILD_RX11.search(pm.group(0)):
                end_pos += pm.end()

    # ---- time frames: "over the past 5 years", "the first 8 months"
    if unit_class == "duration":
        if _DURATION_KEEP_AFTER.match(text[end_pos:end_pos + 30]) or _DURATION_KEEP_BEFORE.search(before):
            pass
        elif _TIME_FRAME_BEFORE.search(_strip_comparator(before)) or _BUILD_RX9.match(text[end_pos:end_pos + 20]) \
                or not before.strip():
            return None

    # ---- comparator
    comparator = "range" if n2 else "eq"
    span_start = m.start("cur1") if g["cur1"] else num_start
    cb, cstart = _comparator_before(text, s)
    if not n2:
        if comp_after:
            comparator = comp_after
        elif cb != "eq":
            # "over" right before a year/duration was rejected above; here it compares
            comparator = cb
    if cb != "eq":
        span_start = cstart
    fm = _BUILD_RX1.search(text[max(0, s - 12):s])
    if n2 and fm:
        span_start = s - (len(text[max(0, s - 12):s]) - fm.start())
    rm = _BUILD_RX2.search(text[max(0, s - 20):s])
    if rm:
        span_start = s - (len(text[max(0, s - 20):s]) - rm.start())

    total = vt if tot else total_from_words
    if tot and not unit:
        return None
    if tot and unit_class == "count" and is_word1:
        return None
    if total is not None and total < v1 and not tot:
        total = None
    if tot and vt is not None and vt < v1 and unit_class == "count":
        # "2,299 party members/47 organizations": two counts, not a fraction
        return _rematch_single(text, m, limit)
    span_end = max(end_pos, after_end)
    while span_end > span_start and text[span_end - 1] in " ,;":
        span_end -= 1
    q = Quantity(
        start=span_start, end=span_end, text=text[span_start:span_end], value=v1,
        value_high=v2, total=total, unit=unit, unit_class=unit_class, currency=currency,
        comparator=comparator, number_start=num_start,
    )
    return q


_BARE_BEFORE = re.compile(
    r"(?:\bof\s+(?:which|whom|these|them|those)|\bamong\s+(?:them|these|which|whom)|\bincluding|"
    r"\bup\s+from|\bdown\s+from|\bincreased?\s+from|\bfrom|\bcompared\s+(?:with|to)|\brespectively|"
    r"\bwhile|\band)\s*,?\s*$", re.IGNORECASE)
_BARE_AFTER = re.compile(r"\s+(?:of\s+(?:whom|which|them)|are|were|have|has|had|is|was)\b", re.IGNORECASE)


def _bare_count_ok(text: str, s: int, e: int, n1: str) -> bool:
    """A bare number is a figure where it counts the noun counted just before it:
    "9,850 members ..., of whom 7,214 were admitted", "down from 219 before the merger"."""
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", n1) or _YEAR.match(n1):
        return False
    before = text[max(0, s - 30):s]
    if not (_BARE_BEFORE.search(before) or (_BARE_AFTER.match(text, e) and re.search(r"[,;]\s*$|\band\s+$", before))):
        return False
    # the counted noun: a quantity with a unit earlier in the same sentence
    sent_start = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s)) + 1
    return bool(re.search(r"\d[\d.,]*\s+(?:[\p{L}\-]+\s+){0,3}[\p{L}\-]+s\b", text[sent_start:s]))


def _thousands_dot(text: str, n1: str, scale: str, s: int, e: int) -> bool:
    """Is the dot in "X.YYY billion" a Vietnamese thousands mark? Yes when the group ends
    in zero ("21.500 billion": English would write 21.5) or when a sibling amount in the
    same sentence is written in thousands of the same scale ("5,679 billion")."""
    if not re.fullmatch(r"\d{1,3}\.\d{3}", n1):
        return False
    if n1.endswith("0"):
        return True
    sent_start = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s)) + 1
    sent_end = min([x for x in (text.find(". ", e), text.find("\n", e)) if x >= 0] or [len(text)])
    sib = re.compile(rf"\d{{1,3}},\d{{3}}(?:[.,]\d+)?\s*{re.escape(scale)}", re.IGNORECASE)
    return bool(sib.search(text[sent_start:s]) or sib.search(text[e:sent_end]))


def _rematch_single(text: str, m, limit: int):
    """Re-read a match whose second half was not part of the same figure: only the first
    number, with the scale, currency or percent sign right after it."""
    n1_end = m.end("n1")
    tail = re.match(rf"(?:\s?{_SCALE})?(?:\s?{_CUR_POST})?(?:\s?{_PCT})?", text[n1_end:], re.IGNORECASE)
    stop = n1_end + (tail.end() if tail else 0)
    m2 = QTY.match(text[:stop], m.start())
    if not m2 or m2.group("n2"):
        return None
    return _build(text, m2, limit)


# --------------------------------------------------------------------------- rendering
def render(value: float, style: str = "en", decimals: int = 0) -> str:
    """Write a number as reports do: style 'en' (1,234.5), 'vi' (1.234,5) or 'plain'."""
    s = f"{value:,.{decimals}f}"
    if style == "vi":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    elif style == "plain":
        s = s.replace(",", "")
    return s
