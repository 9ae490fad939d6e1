"""Document metadata: a title that is the document's headline (never a menu line, a banner,
a file name or a bare date), a publication date in ISO 8601 (``2025-03-05``) and the page's
address, from what each format offers (:mod:`pipeline.read` gathers the candidates).

The vocabularies are data (``pipeline/data/metadata.json``): junk titles, the words of a
site's name, the separators that set a site's name off a page title, month names, and the
words that make a date another document's ("dated June 10, 2015").

    clean_title("Gia Lai strives to disburse 95% of capital - Gia Lai Newspaper")
        -> "Gia Lai strives to disburse 95% of capital"
    clean_title("Skip Ribbon Commands") -> ""
    find_date("Lam Dong: ...\\n\\n(22/07/2025)\\n\\nOn July 21, ...") -> "2025-07-22"
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex as re

from . import rules
from .rules import Vocab, alternation

rules.declare("metadata", {
    "junk_titles": Vocab("patterns"),
    "site_name_words": Vocab("words"),
    "title_separators": Vocab("patterns"),
    "months": Vocab("map"),
    "not_the_date_before": Vocab("patterns"),
})

MAX_TITLE = 300
DATELINE_LINES = 6  # a document's own date stands in its first lines ...
DATELINE_LINE_WORDS = 14  # ... on a short line of its own, or opening a paragraph ("HANOI, March 5, 2025 -")
_WORD = re.compile(r"[\w'’.-]+")


@lru_cache(maxsize=1)
def _rules() -> dict:
    v = rules.load("metadata")
    months = v["months"]
    month = alternation(sorted(months, key=len, reverse=True))
    date = re.compile(
        rf"(?<![\d/.-])(?P<iso>(?:19|20)\d\d-\d\d-\d\d)(?![\d])"
        rf"|(?<![\d/.-])(?P<d1>\d{{1,2}})[/.-](?P<m1>\d{{1,2}})[/.-](?P<y1>(?:19|20)\d\d)(?![\d])"
        rf"|\b(?P<mon2>{month})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)\b"
        rf"|\b(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon3>{month})\.?,?\s+(?P<y3>(?:19|20)\d\d)\b", re.IGNORECASE)
    return {
        "junk": re.compile(alternation(v["junk_titles"]), re.IGNORECASE),
        "site_words": frozenset(w.lower() for w in v["site_name_words"]),
        "separator": re.compile(alternation(v["title_separators"])),
        "months": {k.lower(): int(n) for k, n in months.items()},
        "date": date,
        "not_before": re.compile(r"\b" + alternation(v["not_the_date_before"]) + r"\s*$", re.IGNORECASE),
    }


def _norm(s: str) -> str:
    return " ".join(str(s or "").split())


def is_junk_title(title: str) -> bool:
    """Whether a title candidate is page furniture: a junk title, a bare date or weekday and
    date ("Friday, 09/20/2024"), or fewer than two words."""
    t = _norm(title).strip(" .:|-–—")
    if not t:
        return True
    R = _rules()
    if R["junk"].fullmatch(t):
        return True
    rest = R["date"].sub(" ", t)
    rest = re.sub(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:th[ứu]|ch[ủu] nh[ậa]t)\b[^,]*|[\d:/.,()\s-]+|gmt\S*|am|pm",
                  " ", rest, flags=re.IGNORECASE)
    if not rest.strip() and rest != t:
        return True
    return len(_WORD.findall(t)) < 2


def _is_site_name(part: str) -> bool:
    words = [w.lower().strip(".") for w in _WORD.findall(part)]
    return 0 < len(words) <= 6 and (any(w in _rules()["site_words"] for w in words)
                                    or any(w.endswith((".vn", ".com", ".net", ".org")) for w in words))


def clean_title(raw: str) -> str:
    """A page or file title as the document's title: whitespace normalised, a site's name
    set off at its start or end taken away ("Headline - Gia Lai Newspaper"), "" for junk."""
    t = _norm(raw)
    if not t:
        return ""
    parts = _rules()["separator"].split(t)
    if len(parts) > 1:
        # the site's name at either end (one each), when what is left is a headline
        if _is_site_name(parts[-1]) and not is_junk_title(" ".join(parts[:-1])):
            t = t[:t.rindex(parts[-1])].rstrip(" |-–—:»•")
        parts = _rules()["separator"].split(t)
        if len(parts) > 1 and _is_site_name(parts[0]) and not is_junk_title(t[len(parts[0]):]):
            t = t[len(parts[0]):].lstrip(" |-–—:»•")
    t = t.strip()
    if is_junk_title(t):
        return ""
    return t[:MAX_TITLE]


def first_title(*candidates: str) -> str:
    """The first candidate that :func:`clean_title` keeps ("" if none)."""
    for c in candidates:
        t = clean_title(c)
        if t:
            return t
    return ""


def _iso(y: int, m: int, d: int) -> str:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return ""


def parse_date(text: str) -> str:
    """The first full date (day, month, year) in ``text`` as ``YYYY-MM-DD``; "" if none. Numeric
    dates are read day first (25/03/2025, as Vietnamese sources write them) unless only the
    month first makes sense (09/20/2024)."""
    m = _rules()["date"].search(text or "")
    return _date_of(m) if m else ""


def _date_of(m: re.Match) -> str:
    g = m.groupdict()
    months = _rules()["months"]
    if g["iso"]:
        y, mo, d = (int(x) for x in g["iso"].split("-"))
        return _iso(y, mo, d)
    if g["d1"]:
        a, b, y = int(g["d1"]), int(g["m1"]), int(g["y1"])
        return _iso(y, b, a) or _iso(y, a, b)
    if g["mon2"]:
        return _iso(int(g["y2"]), months[g["mon2"].lower().rstrip(".")], int(g["d2"]))
    return _iso(int(g["y3"]), months[g["mon3"].lower().rstrip(".")], int(g["d3"]))


def find_date(text: str) -> str:
    """The document's own date from its first lines: a full date on a short line of its own
    ("(22/07/2025)", "Friday, 09/20/2024 10:35", "Updated: March 5, 2025") or opening a
    paragraph as a dateline ("HANOI, March 5, 2025 - ..."); never a date that another
    document or an event carries ("Resolution No. 05 dated June 10, 2015", "from March 5").
    "" if none."""
    R = _rules()
    lines = [ln for ln in (text or "").splitlines() if ln.strip()][:DATELINE_LINES]
    for ln in lines:
        for m in R["date"].finditer(ln):
            if R["not_before"].search(ln[:m.start()]):
                continue
            short = len(ln.split()) <= DATELINE_LINE_WORDS
            opening = m.start() <= 40 and re.fullmatch(r"[^\d,.;:]{0,30}[,(-]?\s*", ln[:m.start()]) is not None
            if short or opening:
                got = _date_of(m)
                if got:
                    return got
    return ""


def find_url(text: str) -> str:
    """The address a saved text names itself by: a line that is only a URL, or "Source: URL",
    among its first or last three lines; "" if none."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    for ln in lines[:3] + lines[-3:]:
        m = re.fullmatch(r"(?:(?:source|url|link|ngu[oồ]n)\s*:\s*)?(?P<u>https?://\S+)", ln, re.IGNORECASE)
        if m:
            return m.group("u").rstrip(".,;")
    return ""
