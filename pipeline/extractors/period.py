"""When a figure holds: its period, from its sentence or, failing that, from its context.

1. In the sentence, the nearest time phrase of the figure's own clause (between semicolons or
   list marks; one before the figure is preferred to one after it): a term or period ("for
   the 2025-2030 term", "2021-2025"), "by 2030", "the first six months of 2025", "in 2024", "at
   the end of 2024", a year written as a modifier ("the 2025 plan"), and phrases that leave
   the year to the document: "the first 10 months", "as of October 20", "this year" take the
   document's year; "during the term" takes the document's term (the past one for a result,
   the new one for a target). The year of a baseline figure ("from 63.2% in 2021 to 41.5%")
   is that figure's only. An item of a list takes no time from its sibling items: only the
   list's lead ("For 2026, the province targets A; B; C").
2. Else, a result or a target inherits the last time phrase of its paragraph before it, else
   its section heading's ("II. OBJECTIVES TO 2025"), else (a target) the headline's or the
   title block's ("RESOLUTION ... TERM 2025-2030"); a statistic (a size, a count of what
   exists) has none.

The document's year is its dateline's ("Gia Lai Newspaper - 10/10/2025"; else the publication date of
the page's metadata), else the latest year of its headline lines, else its most frequent year;
its terms are the "YYYY-YYYY term/period" it names.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import regex as re

_I = re.IGNORECASE
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_NUM_WORD = r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_YEAR = r"(?:19|20)\d\d"
PERIOD = re.compile(
    r"(?:\b(?:in|for|during|over|of|throughout)\s+the\s+(?P<term>" + _YEAR + r"\s*[-–]\s*" + _YEAR
    + r")\s+(?:term|period|tenure)\b"
    r"|\b(?:term|period|tenure)\s+(?:of\s+)?(?P<term3>" + _YEAR + r"\s*[-–]\s*" + _YEAR + r")\b"
    r"|\b(?P<term2>" + _YEAR + r"\s*[-–]\s*" + _YEAR + r"\s+(?:term|period))"
    r"|\b(?:period\s+(?:of\s+)?)?(?P<range>" + _YEAR + r"\s*[-–]\s*(?:" + _YEAR + r"|\d\d))\b(?![/.-]\d)"
    r"|\b(?P<by>by\s+(?:the\s+end\s+of\s+)?" + _YEAR + r")\b"
    r"|\b(?P<first>(?:the\s+)?(?:first|last|past)\s+" + _NUM_WORD + r"\s+months(?:\s+of\s+(?:" + _YEAR
    + r"|this\s+year|the\s+year))?)"
    r"|\b(?P<nmonth>" + _NUM_WORD + r"[-\s]months?)\b(?!\s+(?:of|ago|later|after))"
    r"|\b(?P<date>(?:by|as\s+of|until|up\s+to|to|on|since)\s+(?:(?:the\s+)?end\s+of\s+)?" + _MONTH
    + r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+(?P<dyear>" + _YEAR + r"))?)\b"
    r"|\b(?P<theterm>(?:during|in|for|over|throughout|(?:half|end|middle)\s+of|after\s+(?:more\s+than\s+)?half"
    r"(?:\s+of)?)\s+(?:the|a)\s+(?:whole\s+|past\s+|last\s+|previous\s+|new\s+"
    r"|next\s+|current\s+)?term)\b"
    r"|(?<!highest\s)(?<!lowest\s)(?<!time\s)\b(?:in|over|during|after|within|throughout)\s+(?:the\s+)?(?:past\s+|last\s+|previous\s+)?"
    r"(?:(?:more\s+than|nearly|almost|over)\s+)?(?P<dur>\d|10|two|three|four|five|six|seven|eight|nine|ten)\s+years\b"
    r"(?!\s+(?:ago|later|old|of\s+age))"
    r"|\b(?P<thisyear>this\s+year|the\s+whole\s+year|the\s+year)\b"
    r"|\b(?:in|for|of|(?:at|until|to)\s+the\s+end\s+of|(?:in\s+)?(?:early|late|mid-?))\s+(?P<year>" + _YEAR
    + r")\b(?!\s*[-–]\s*\d)"
    r"|(?<![/\d.,-])(?P<bare>" + _YEAR + r")(?![/\d]|\s*[-–]\s*\d))",
    _I)
_DASH = re.compile(r"\s*[-–]\s*")
_TERM_WORD = re.compile(r"\b(?:term|tenure)\b", _I)
_TERM_MENTION = re.compile(r"\b(" + _YEAR + r")\s*[-–]\s*(" + _YEAR + r")\b")
_YEARS = re.compile(r"(?<![/\d])" + _YEAR + r"(?![/\d])")
_BASELINE = re.compile(r"(?:\bover|\bcompared\s+(?:with|to)|\bthan(?:\s+(?:in|that\s+of))?|\bsame\s+period(?:\s+(?:of|in|last))?"
                       r"|\bagainst|\bversus|\bvs\.?|\bfrom|\bsince|\bbefore|\bthat\s+of)\s*(?:the\s+)?(?:year\s+)?"
                       r"(?:(?:end|beginning|start)\s+)?$", _I)
# "from 63.2% in 2021", "up from 41 million VND in 2020", "compared with 120 in 2020": the year
# of a baseline figure, not of the figures around it
_BASELINE_FIGURE = re.compile(r"\b(?:from|than|compared\s+(?:with|to)|against|versus)\s+(?:the\s+)?(?:about\s+|nearly\s+"
                              r"|over\s+|more\s+than\s+|less\s+than\s+|only\s+|just\s+)?(?P<num>(?:VND|USD|US\$)?\s*\d[\d.,]*"
                              r"(?:\s*%|\s+[^\s,;:()]+){0,4}?)\s*$", _I)
_RIGHT_AFTER = re.compile(r"^[\s,]*(?:[a-zA-Z/]+\s+){0,2}?$")
_PRESENT = re.compile(r"\b(?:currently|now|at\s+present|presently|to\s+date|so\s+far|up\s+to\s+now|today)\b", _I)
_NEW_TERM_WORDS = re.compile(r"\b(?:new|next|coming)\b", _I)
_PAST_TERM_WORDS = re.compile(r"\b(?:past|last|previous|whole)\b", _I)


_HEAD_CHARS = 700
_DATELINE = re.compile(r"\b\d{1,2}/\d{1,2}/(" + _YEAR + r")\b|\b" + _MONTH + r"\s+\d{1,2},?\s+(" + _YEAR + r")\b"
                       r"|\b\d{1,2}\s+" + _MONTH + r",?\s+(" + _YEAR + r")\b|GMT[+\d:]*\s+(" + _YEAR + r")\b", _I)


@dataclass
class DocTime:
    """The times a document gives once: its year, its terms, its headline's period."""

    year: str = ""
    past_term: str = ""
    new_term: str = ""
    headline: str = ""
    phrases: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, period)
    dateline: str = ""  # the year of the date under the headline ("Gia Lai Newspaper - 10/10/2025")
    kinds: list[str] = field(default_factory=list)  # the group of PERIOD each phrase matched
    baseline: list[bool] = field(default_factory=list)  # the phrase is a year compared with ("over 2024")


_HEAD_YEAR = re.compile(r"(?<![/\d]|\bby\s|[-–]\s?)(" + _YEAR + r")(?![/\d])", _I)  # not "by 2030", not a range's end


_RANGE_OR_BY = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?" + _YEAR + r"|" + _YEAR + r"\s*[-–]\s*(?:" + _YEAR + r"|\d\d)\b", _I)


# a year a headline plans for, not the year it is written in: "approves 2026 budget estimate",
# "the plan for 2026", "strives to become a new rural district in 2025"
_PLAN_AFTER = re.compile(r"\s*(?:state\s+|local\s+)?(?:budget|plan|estimate|socio-economic\s+(?:tasks|plan|targets)|tasks|targets)\b",
                         _I)
_PLAN_BEFORE = re.compile(r"(?:\b(?:plan|estimate|budget|targets?|tasks|goals?|orientations?)\s+(?:for|of)\s+(?:the\s+year\s+)?"
                          r"|\b(?:strives?|striving|aims?|aiming|determined|plans?|targets?|goals?)\b[^.\n]{0,60}\b(?:in|for)\s+)$", _I)
_YEAR_END = re.compile(r"\b(?:december|november|year-end)\b", _I)
_CONGRESS_TERM = re.compile(r"\bcongress\b[^:\n.]{0,80}?(?:\bterm\s+(?:of\s+)?(" + _YEAR + r")\s*[-–]\s*" + _YEAR
                            + r"\b|\b(" + _YEAR + r")\s*[-–]\s*" + _YEAR + r"\s+term\b)", _I)
_REVIEW = re.compile(r"\b(?:half|mid-term|midterm|review\w*|after\s+\w+\s+years|resolutions?|implement\w*)\b", _I)


_ANNIVERSARY = re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+years\s+of\s+"
                          r"(?:implement\w*|carrying\s+out|putting)\b", _I)
_ISSUED_PREFIX = r"\b(?:dated|issued\s+on|signed\s+on|promulgated\s+on)\s+"
_ISSUED = re.compile(_ISSUED_PREFIX + r"(?:" + _MONTH + r"\s+\d{1,2},?\s+|\d{1,2}/\d{1,2}/|\d{1,2}\s+" + _MONTH
                     + r",?\s+)(" + _YEAR + r")\b", _I)


def _usual_year(text: str) -> str:
    """The year a document without a dateline is written in, from its headline lines: their
    single years (not a deadline "by 2030", a term "2025-2030" nor a year compared with "than in
    2023"), the earlier of two consecutive ones (a year-end session reviews 2025 and plans 2026),
    else their latest. A year they only plan for ("approves 2026 budget estimate") is the next
    year's: at a year-end session the year before it, else the text's most frequent year before
    it. With no year in the headline lines: the text's most frequent single year, else a term's
    first year."""
    congress = opening_congress(text)
    if congress:
        return congress
    anniversary = _ANNIVERSARY.search(text.split("\n", 1)[0][:300])
    issued = _ISSUED.search(text, 0, 1500)
    if anniversary and issued:  # "reviews 10 years of implementing Resolution No. 05 dated June 10, 2015"
        n = anniversary.group(1).lower()
        return str(int(issued.group(1)) + (_NUMBER_WORDS.get(n) or int(n)))
    head = "\n".join(text.split("\n", 3)[:3])[:400]
    masked = _RANGE_OR_BY.sub(lambda m: " " * len(m.group(0)), head)
    now, plan = set(), set()
    for m in _YEARS.finditer(masked):
        before = masked[max(0, m.start() - 80):m.start()]
        if _BASELINE.search(before) or _BASELINE_FIGURE.search(before):
            continue
        if _PLAN_AFTER.match(masked, m.end()) or _PLAN_BEFORE.search(before):
            plan.add(m.group(0))
        else:
            now.add(m.group(0))
    all_single = Counter(_YEARS.findall(_RANGE_OR_BY.sub(" ", text)))
    if now:
        years = sorted(now | plan)
        for a, b in zip(years, years[1:]):
            if int(b) == int(a) + 1 and a in now:
                return a
        return max(now)
    if plan:
        first = min(plan)
        earlier = [y for y, _n in all_single.most_common() if y < first]
        if _YEAR_END.search(head) or not earlier:
            return str(int(first) - 1)
        return earlier[0]
    if all_single:
        return all_single.most_common(1)[0][0]
    years = _HEAD_YEAR.findall(head) or _YEARS.findall(head) or _YEARS.findall(text)
    return min(years) if years else ""


def opening_congress(text: str) -> str:
    """The first year of the term a congress opens when the headline is that congress ("Tam Hiep
    Commune Party Congress, term 2020 - 2025: ..."): it is held in that year. "" for any other
    headline (a review of its resolution, an article on carrying it out)."""
    first = text.split("\n", 1)[0][:300]
    m = _CONGRESS_TERM.search(first)
    return (m.group(1) or m.group(2)) if m and not _REVIEW.search(first) else ""


def doc_time(text: str, date: str = "") -> DocTime:
    """The document's times; ``date`` is its publication date where the file gives one apart
    from its text (an HTML page's metadata, "2025-08-23"): its year is the dateline's when the
    text prints no date under its headline."""
    dl = next((m for m in _DATELINE.finditer(text[:_HEAD_CHARS])  # not "Resolution No. 05 dated June 10, 2015"
               if not re.search(_ISSUED_PREFIX + r"$", text[max(0, m.start() - 25):m.start()], _I)), None)
    dateline = next((y for y in dl.groups() if y), "") if dl else ""
    if not dateline and date:
        dateline = next(iter(_YEARS.findall(date)), "")
    year = dateline or _usual_year(text)
    terms = sorted({(a, b) for a, b in _TERM_MENTION.findall(text) if 3 <= int(b) - int(a) <= 10})
    past = [t for t in terms if year and int(t[1]) <= int(year)]
    new = [t for t in terms if year and int(t[0]) >= int(year) - 1]
    if not past and new and int(new[0][1]) - int(new[0][0]) == 5 and new[0][0] == year == opening_congress(text):
        # a congress opens the 2020-2025 term and names no other: the term it reviews is the five years before
        past = [(str(int(year) - 5), year)]
    t = DocTime(year=year,
                past_term=f"{past[-1][0]}-{past[-1][1]} term" if past else (f"{terms[0][0]}-{terms[0][1]} term" if terms else ""),
                new_term=f"{new[0][0]}-{new[0][1]} term" if new else (f"{terms[-1][0]}-{terms[-1][1]} term" if terms else ""))
    first_line_end = text.find("\n")
    first_line_end = len(text) if first_line_end < 0 else first_line_end
    matches = list(PERIOD.finditer(text))
    t.phrases = [(m.start(), m.end(), _value(m, t, "")) for m in matches]
    t.kinds = [m.lastgroup or "" for m in matches]
    t.baseline = [_is_baseline(text, m) for m in matches]
    t.dateline = dateline
    t.headline = next((p for s, e, p in t.phrases if e <= first_line_end and p), "")
    if not t.headline:  # a resolution's title block: "RESOLUTION / ... TERM 2025-2030" above its first paragraph
        head_end = _head_block_end(text)
        t.headline = next((p for (s, e, p), k in zip(t.phrases, t.kinds)
                           if e <= head_end and p and k not in ("bare", "date", "year")), "")
    return t


def _is_baseline(text: str, m: re.Match) -> bool:
    """A year compared with, never a time a later figure inherits: "up 9.4% over the same
    period of 2024", "compared with 2020", "from 312 in 2020"."""
    if not (m.group("year") or m.group("bare")):
        return False
    lo = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 80)
    return bool(_BASELINE.search(text, lo, _year_start(m)) or _BASELINE_FIGURE.search(text, lo, m.start()))


def _year_start(m: re.Match) -> int:
    """Where the year of a single-year match begins: "that of 2020" is compared with, and its
    match starts at "of"."""
    return m.start("year") if m.group("year") else m.start()


_PROSE_LINE = re.compile(r"^[^\n]*(?:\S+[ \t]+){25}", re.M)


def _head_block_end(text: str) -> int:
    """Where a document's head block ends: its first line of prose (25 words or more)."""
    m = _PROSE_LINE.search(text, 0, 3000)
    return m.start() if m else min(len(text), 800)


# A heading line: "II. OBJECTIVES TO 2025", "Article 2. Main targets for 2026", "b) Socio-cultural targets", a
# line in capitals, the lead of a list ("For 2025, the province set 21 key targets, notably:")
_NUMBERED_HEADING = re.compile(r"^\s*(?:(?:[IVXL]{1,5}|\d{1,2}|[A-Za-z])[.)]|(?:Article|Part|Section|Chapter)\s+[\dIVXL]+[.:]?)"
                               r"\s+\S[^\n]*?(?<![.;,])\s*$", _I)
_TOP_HEADING = re.compile(r"^\s*(?:[IVXL]{1,5}[.)]|(?:Article|Part|Section|Chapter)\s+[\dIVXL]+[.:]?)\s", _I)
_BULLET = re.compile(r"^\s*[-•+*–]")


def _is_heading(line: str) -> bool:
    words = line.split()
    if not words or _BULLET.match(line):
        return False
    if line.rstrip().endswith(":") and len(words) <= 45:
        return True  # the lead of a list: "For 2025, the province set 21 key targets, notably:"
    if len(words) > 20:
        return False
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        return True
    return bool(_NUMBERED_HEADING.match(line))


def section_period(text: str, q_start: int, t: DocTime) -> str:
    """The time of the section a figure is in: the nearest heading line above its line that names
    one ("II. OBJECTIVES TO 2025", "Article 2. Main targets for 2026", a list's lead "For 2025,
    the province set 21 key targets:"), looking up through sub-headings ("2. Main targets:") no
    further than the first top-level heading (a Roman numeral, an article or capitals); "" if
    none."""
    end = text.rfind("\n", 0, q_start)
    seen = 0
    while end > 0 and seen < 80:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        seen += 1
        if _is_heading(line):  # the phrases are in text order: only those of this line are read
            lo, hi = bisect_left(t.phrases, (start,)), bisect_left(t.phrases, (end,))
            found = [p for _s, e, p in t.phrases[lo:hi] if e <= end and p]
            if found:
                return found[-1]
            letters = [c for c in line if c.isalpha()]
            if _TOP_HEADING.match(line) or (letters and all(c.isupper() for c in letters)):
                return ""
        end = start - 1
    return ""


def _value(m: re.Match, t: DocTime, kind: str) -> str:
    """The period a match of :data:`PERIOD` names (``kind`` chooses a term)."""
    g = m.group
    if g("term") or g("term2") or g("term3"):
        years = _DASH.sub("-", g("term") or g("term2") or g("term3")).split()[0]
        return years + " term" if _TERM_WORD.search(m.group(0)) else years
    if g("range"):
        a, b = _DASH.split(g("range"))
        if len(b) == 2:  # "2021-25"; "2025-10" is a date, not a range
            return a + "-" + a[:2] + b if b > a[2:] else a
        return a + "-" + b
    if g("by"):
        return g("by")
    if g("first"):
        s = re.sub(r"^the\s+", "", g("first"), flags=_I)
        return s if _YEARS.search(s) or not t.year else re.sub(r"\s+of\s+(?:this|the)\s+year$", "", s) + " of " + t.year
    if g("nmonth"):
        n = re.match(r"\w+", g("nmonth")).group(0)
        return f"first {n} months of {t.year}" if t.year else ""
    if g("date"):
        return g("date") if g("dyear") or not t.year else f"{g('date')}, {t.year}"
    if g("theterm"):
        if _NEW_TERM_WORDS.search(g("theterm")):
            return t.new_term
        if _PAST_TERM_WORDS.search(g("theterm")):
            return t.past_term
        return t.new_term if kind == "target" else t.past_term
    if g("thisyear"):
        return t.year
    if g("dur"):
        return _duration(g("dur"), t, kind)
    return g("year") or g("bare") or ""


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _duration(n_text: str, t: DocTime, kind: str) -> str:
    """The span "in the past 5 years" or "after three years" frames: the document's term when it
    is about as long (its past term for a result, its new one for a target), else the N years up
    to the document's year (a target: the N years after it); "" without a year."""
    n = _NUMBER_WORDS.get(n_text.lower()) or int(n_text)
    if not t.year or n < 2:
        return ""
    y = int(t.year)
    term = t.new_term if kind == "target" else t.past_term
    ys = [int(v) for v in _YEARS.findall(term)]
    if kind == "target":
        if len(ys) == 2 and ys[1] > y and abs(ys[1] - ys[0] - n) <= 1:
            return f"{ys[0]}-{ys[1]}"  # "in 5 years" of a plan for the new 2026-2030 term
        return f"{y + 1}-{y + n}"
    if len(ys) == 2 and ys[0] < y and abs(ys[0] + n - y) <= 1:
        return f"{ys[0]}-{y}"  # "after 4 years" of the 2021-2025 programme, written in 2024: 2021-2024
    return f"{y - n}-{y}"


@lru_cache(maxsize=16)
def _sentence_phrases(sent: str) -> tuple[tuple[re.Match, bool, tuple[int, int] | None], ...]:
    """The time phrases of a sentence, read once for all its figures: (match, whether it is a
    year compared with, the number a "from ... in 2021" baseline year belongs to)."""
    out = []
    for m in PERIOD.finditer(sent):
        year = bool(m.group("year") or m.group("bare"))
        compared = year and bool(_BASELINE.search(sent, 0, _year_start(m)))
        bf = _BASELINE_FIGURE.search(sent, max(0, m.start() - 80), m.start()) if year and not compared else None
        out.append((m, compared, bf.span("num") if bf else None))
    return tuple(out)


def _candidates(sent: str, rel: int, rel_end: int, t: DocTime, kind: str) -> list[tuple[int, int, float, str, str]]:
    """The time phrases of a sentence: (start, end, distance to the figure, period, group)."""
    out = []
    for m, compared, bf in _sentence_phrases(sent):
        if m.start() < rel_end and rel < m.end():
            continue  # inside the figure's own text
        if compared:
            continue  # "up 9% over 2024": the year compared with
        if bf and not (bf[0] < rel_end and rel < bf[1]):
            continue  # "from 63.2% in 2021 to 41.5%": the baseline's year, not the figure's
        val = _value(m, t, kind)
        if not val:
            continue
        if m.start() >= rel_end and _RIGHT_AFTER.match(sent[rel_end:m.start()]):
            d = -1.0  # "... to 41.5% at the end of 2024": the figure's own time
        else:
            d = rel - m.end() if m.end() <= rel else (m.start() - rel_end) * 1.5
        out.append((m.start(), m.end(), d, val, m.lastgroup or ""))
    return out


def sentence_period(text: str, q_start: int, q_end: int, sent_start: int, sent_end: int, t: DocTime,
                    kind: str) -> str:
    """The time phrase of the figure's sentence: the nearest one in its clause (one after it
    counts 1.5 times its distance), else the last one of the sentence's lead (before a colon
    that opens a list), else the nearest one; "" if none."""
    sent = text[sent_start:sent_end]
    rel, rel_end = q_start - sent_start, q_end - sent_start
    cands = _candidates(sent, rel, rel_end, t, kind)
    if not cands:
        return ""
    lo, hi = clause_bounds(sent, rel, rel_end)
    own = [c for c in cands if lo <= c[0] and c[1] <= hi]
    if own:
        return min(own, key=lambda c: c[2])[3]
    colon = sent.find(":")
    if 0 <= colon < rel:
        lead = [c for c in cands if c[1] <= colon]
        return lead[-1][3] if lead else ""  # an item of a list: never a sibling item's time
    if lo > 0 or hi < len(sent):
        # "For 2026, the province targets A; B; C": a time set off by a comma before any number
        # holds for every clause; "...; the poverty rate fell to 2.87%" takes none
        # of the clause before
        spans = [(c[0], c[1]) for c in cands]
        first_num = next((m.start() for m in _DIGIT.finditer(sent)
                          if not any(a <= m.start() < b for a, b in spans)), len(sent))
        lead = [c for c in cands if c[1] <= first_num and c[1] <= lo and sent[c[1]:c[1] + 2].strip()[:1] == ","]
        return lead[-1][3] if lead else ""
    return min(cands, key=lambda c: c[2])[3]


_DIGIT = re.compile(r"\d")
_ITEM_SEP = re.compile(r";|(?:^|(?<=[.:;]))\s*[-•+–]\s|\(\d{1,2}\)\s|(?<![\w(])[a-h]\)\s")


def clause_bounds(sent: str, rel: int, rel_end: int) -> tuple[int, int]:
    """The figure's clause: the part of the sentence between semicolons or list dashes."""
    lo = max((m.end() for m in _ITEM_SEP.finditer(sent, 0, rel)), default=0)
    nxt = _ITEM_SEP.search(sent, rel_end)
    return lo, nxt.start() if nxt else len(sent)


def context_period(text: str, q_start: int, sent_start: int, t: DocTime, kind: str) -> str:
    """A result's or a target's period when its sentence gives none: the last time phrase of
    its paragraph before the sentence (a target: else the headline's)."""
    if kind == "statistic" or _PRESENT.search(text, sent_start, q_start):
        return ""  # a size, or "Currently, the area is over 200 ha": no time inherited
    line_start = text.rfind("\n", 0, q_start) + 1
    found = ""
    for (s, _e, p), base, grp in zip(t.phrases, t.baseline, t.kinds):
        if s >= sent_start:
            break
        if s >= line_start and p and not base and not (kind == "target" and grp == "dur"):
            found = p
    if not found:
        found = section_period(text, q_start, t)
    if not found and kind == "target":
        found = t.headline
    return found


_ELECTED_VERB = re.compile(r"\b(?:elect|appoint)\w*\b", _I)
_ELECTED_BODY = re.compile(r"\b(?:executive\s+committee|standing\s+committee|inspection\s+commission|executive\s+board"
                           r"|party\s+committee\s+members)\b", _I)
_ELECTED_MEMBERS = re.compile(r"\b(?:comrades|members)\s*$", _I)


def elected_term(text: str, q_start: int, q_end: int, sent_start: int, sent_end: int, t: DocTime) -> str:
    """The term of a body a congress elects or is appointed: "The congress elected the Executive
    Committee of 27 comrades" holds for the new term (the one the sentence names, else the
    document's new term); "" for any other figure (delegates to a higher congress, the members
    of a team)."""
    if not _ELECTED_MEMBERS.search(text, q_start, q_end):
        return ""
    sent = text[sent_start:sent_end]
    if not (_ELECTED_VERB.search(sent) and _ELECTED_BODY.search(sent)):
        return ""
    terms = [m for m in PERIOD.finditer(sent) if m.group("term") or m.group("term2") or m.group("term3")]
    return _value(terms[0], t, "target") if terms else t.new_term


def rule_period(text: str, q_start: int, q_end: int, sent_start: int, sent_end: int, t: DocTime,
                kind: str) -> str:
    """The rules' period: the sentence's (:func:`sentence_period`), else an elected body's
    term (:func:`elected_term`), else the context's."""
    return (sentence_period(text, q_start, q_end, sent_start, sent_end, t, kind)
            or elected_term(text, q_start, q_end, sent_start, sent_end, t)
            or context_period(text, q_start, sent_start, t, kind))


def stated_now(text: str, q_start: int, sent_start: int, own: str, kind: str) -> bool:
    """A result or a statistic stated in the present, its sentence naming no time ("Currently,
    the fruit area is over 200 hectares"): it has no period."""
    return not own and kind != "target" and bool(_PRESENT.search(text, sent_start, q_start))


def rules_decide(own: str, kind: str) -> bool:
    """Whether the rules' sentence period stands without the chooser: the sentence names a time
    and the figure is a result or a target. For a statistic (a size, a cost, a count of what
    exists) the chooser decides even then: "a 18.6 km road, started in March 2023" holds no time."""
    return bool(own) and kind != "statistic"


def find_period(text: str, q_start: int, q_end: int, sent_start: int, sent_end: int, t: DocTime,
                kind: str, unit_class: str = "", weights: dict[str, float] | None = None) -> str:
    """The period of a figure: with ``weights`` (the period chooser of the models,
    ``models/period_chooser.json``) the best-scoring of its candidate periods, else the rules'."""
    if not weights:
        return change_end(text, q_start, q_end, sent_start, t,
                          rule_period(text, q_start, q_end, sent_start, sent_end, t, kind))
    own = sentence_period(text, q_start, q_end, sent_start, sent_end, t, kind)
    if rules_decide(own, kind):
        return change_end(text, q_start, q_end, sent_start, t, own)  # the sentence names the time: the rules read it
    elected = elected_term(text, q_start, q_end, sent_start, sent_end, t)
    if elected:
        return elected  # the members of a body a congress elects: its term
    if stated_now(text, q_start, sent_start, own, kind):
        return ""
    cands = period_candidates(text, q_start, q_end, sent_start, sent_end, t, kind, unit_class)
    return change_end(text, q_start, q_end, sent_start, t, max(cands, key=lambda c: score_candidate(c[1], weights))[0])


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|nearly\s+|over\s+|more\s+than\s+)?$", _I)
_TO_BEFORE = re.compile(r"\bfrom\s+\S+(?:\s+\S+){0,4}?\s+to\s+(?:about\s+|nearly\s+|over\s+|more\s+than\s+)?$", _I)


def change_end(text: str, q_start: int, q_end: int, sent_start: int, t: DocTime, period: str) -> str:
    """One end of a span for the two figures of a change over it: "After 5 years, the number
    rose from 85 to 118" gives 85 the span's first year and 118 its last (never later than the
    document's year); any other figure keeps ``period``."""
    ys = _YEARS.findall(period)
    if len(ys) != 2:
        return period
    fig = text[q_start:q_end].lower()
    if re.search(r"\bto\b|[-–]", fig):
        return period  # a range ("from 7 to 7.5%") holds for the whole span
    before = text[max(sent_start, q_start - 80):q_start]
    if fig.startswith("from ") or _FROM_BEFORE.search(before):
        return ys[0]
    if fig.startswith("to ") or _TO_BEFORE.search(before):
        return min(ys[1], t.year) if t.year and t.year >= ys[0] else ys[1]
    return period


# --------------------------------------------------------------------------- learned chooser
_PRESENT_CUES = re.compile(r"\b(?:currently|now|still|at\s+present|has|have|is|are|remains?|so\s+far|to\s+date)\b", _I)
_FUTURE_CUES = re.compile(r"\b(?:will|shall|strives?|striving|aims?|aiming|targets?|plans?|goals?|must|to\s+(?:reach|achieve|have|raise|"
                          r"increase|reduce|build|complete|disburse|attract|bring|ensure|maintain)|propos\w+|request\w*|ask\w*)\b", _I)
_PAST_CUES = re.compile(r"\b(?:was|were|had|reached|achieved|exceeded|disbursed|collected|completed|built|rose|fell|"
                        r"increased|decreased|admitted|estimated|handed)\b", _I)
_TERM_CUES = re.compile(r"\b(?:term|congress|resolution|executive\s+committee|standing\s+committee|delegates|targets)\b", _I)
_CHANGE_CUES = re.compile(r"\b(?:from\s+[\d.,]+\s*%?.{0,40}?\bto|per\s+year|a\s+year|/year|annual|average)\b", _I)
_LIST_ITEM = re.compile(r"^\s*(?:[-•+*–]|\d+[.)]|\(\d+\)|[a-z][.)])\s")
_MODEL_FILE = "period_chooser.json"
# a count of the targets a resolution or a congress sets ("The resolution sets 19 targets"): they hold for its term
_TARGET_COUNT = re.compile(r"[^,;:.]{0,40}?\b(?:targets?|indicators?)\b", _I)
_SETS_TARGETS = re.compile(r"\b(?:resolutions?|congress|sets?|set\s+out|adopted|action\s+programme|plan)\b", _I)


def _mention_bucket(val: str, t: DocTime, before: int) -> str:
    """How far back the text last names the years of ``val`` (not as a year compared with):
    a reader carries a year over from a recent sentence, rarely from the far top of a page."""
    ys = frozenset(_YEARS.findall(val))
    if not ys:
        return "noyear"
    hi = bisect_left(t.phrases, (before,))
    for i in range(hi - 1, -1, -1):
        s0, _e0, p0 = t.phrases[i]
        if not t.baseline[i] and ys <= frozenset(_YEARS.findall(p0)):
            d = before - s0
            return next((str(lim) for lim in (300, 1000, 3000) if d <= lim), "far")
    return "dateline" if ys == {t.dateline} else "never"  # only the date under the headline names it, or nothing


def _dist_bucket(d: float) -> str:
    for lim in (0, 20, 60, 150, 400):
        if d <= lim:
            return str(lim)
    return "far"


def _shape(p: str, t: DocTime) -> str:
    ys = _YEARS.findall(p)
    if not ys:
        return "noyear"
    rel = "same" if t.year and ys[-1] == t.year else ("before" if t.year and ys[-1] < t.year else "after")
    return ("range" if len(ys) > 1 else "one") + ("_term" if "term" in p.lower() else "") + "_" + rel


def _figure_features(text: str, q_start: int, sent_start: int, sent_end: int, t: DocTime, kind: str,
                     unit_class: str, has_sentence_phrase: bool) -> dict[str, float]:
    line_start = text.rfind("\n", 0, q_start) + 1
    before = text[sent_start:q_start]
    sent = text[sent_start:sent_end]
    f = {"kind=" + kind: 1.0, "unit=" + (unit_class or "?"): 1.0,
         "dateline": float(bool(t.dateline)), "terms": float(bool(t.past_term or t.new_term)),
         "list_item": float(bool(_LIST_ITEM.match(text[line_start:line_start + 8]))),
         "present": float(bool(_PRESENT_CUES.search(before))), "future": float(bool(_FUTURE_CUES.search(sent))),
         "past": float(bool(_PAST_CUES.search(sent))), "sent_phrase": float(has_sentence_phrase),
         "term_words": float(bool(_TERM_CUES.search(sent))), "change": float(bool(_CHANGE_CUES.search(sent))),
         "headline_line": float(q_start < max(text.find("\n"), 0) or text.find("\n") < 0),
         "set_targets": float(bool(_TARGET_COUNT.match(text, q_start, min(sent_end, q_start + 80))
                                   and _SETS_TARGETS.search(sent)))}
    return {k: v for k, v in f.items() if v}


def period_candidates(text: str, q_start: int, q_end: int, sent_start: int, sent_end: int, t: DocTime,
                      kind: str, unit_class: str = "") -> list[tuple[str, dict[str, float]]]:
    """The periods a figure may take, each with its features: the time phrases of its
    sentence, the last one of its paragraph and of the text before it, the last one on a short
    heading line before it, its section heading's (:func:`section_period`), the headline's, the document's year (and its dateline's), its past
    and new terms, and none. The rules' pick is marked."""
    sent = text[sent_start:sent_end]
    rel, rel_end = q_start - sent_start, q_end - sent_start
    rule = rule_period(text, q_start, q_end, sent_start, sent_end, t, kind)
    raw: list[tuple[str, str, dict[str, float]]] = []
    ins = _candidates(sent, rel, rel_end, t, kind)
    lo, hi = clause_bounds(sent, rel, rel_end)
    nearest = min((c[2] for c in ins), default=None)
    for st, en, d, val, grp in ins:
        where = "right" if d < 0 else ("before" if en <= rel else "after")
        raw.append(("sent", val, {"where=" + where: 1.0, "dist=" + _dist_bucket(abs(d)): 1.0, "grp=" + grp: 1.0,
                                  "own_clause": float(lo <= st and en <= hi), "nearest": float(d == nearest)}))
    line_start = text.rfind("\n", 0, q_start) + 1
    para = prev = heading = ""
    for (s0, _e0, p0), grp, base in zip(t.phrases, t.kinds, t.baseline):
        if s0 >= sent_start:
            break
        if not p0 or grp == "bare" or base or (kind == "target" and grp == "dur"):
            continue
        prev = p0
        if s0 >= line_start:
            para = p0
        else:
            ls = text.rfind("\n", 0, s0) + 1
            le = text.find("\n", s0)
            if len(text[ls:le if le >= 0 else len(text)].split()) <= 16:
                heading = p0
    for ctype, val in (("para", para), ("prev", prev), ("heading", heading),
                       ("section", section_period(text, q_start, t)), ("headline", t.headline),
                       ("year", t.year), ("dateline", t.dateline), ("past_term", t.past_term),
                       ("new_term", t.new_term)):
        if val:
            raw.append((ctype, val, {"mention=" + _mention_bucket(val, t, sent_start): 1.0}))
    raw.append(("none", "", {}))
    fig = _figure_features(text, q_start, sent_start, sent_end, t, kind, unit_class, bool(ins))
    out = []
    years = [frozenset(_YEARS.findall(v)) for _c, v, _f in raw]
    for (ctype, val, own), ys in zip(raw, years):
        f = {"c=" + ctype: 1.0, "c=" + ctype + "|shape=" + _shape(val, t): 1.0,
             "support": float(sum(1 for y in years if y == ys and ys)) / 3}
        for k, v in own.items():
            f["c=" + ctype + "|" + k] = v
            f["c=" + ctype + "|" + k + "|kind=" + kind] = v
        for k, v in fig.items():
            f["c=" + ctype + "|" + k] = v
            if not k.startswith("kind="):
                f["c=" + ctype + "|" + k + "|kind=" + kind] = v
        if frozenset(_YEARS.findall(rule)) == ys:
            f["rule"] = 1.0
            f["rule|kind=" + kind] = 1.0
        out.append((val, f))
    return out


def score_candidate(feats: dict[str, float], weights: dict[str, float]) -> float:
    return weights.get("_bias", 0.0) + sum(weights.get(k, 0.0) * v for k, v in feats.items())


