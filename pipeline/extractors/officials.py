"""Officials: Vietnamese names with their honorifics and titles.

Grammar (each form has a case in ``tests/test_officials.py``):

* names: two to five capitalised syllables, with or without diacritics (``Nguyen Trong Anh``,
  ``Lê Văn Phước``); without an honorific the first syllable must be a Vietnamese family name;
* honorifics before the name: Comrade, Mr., Ms., Mrs., Dr., Prof., Assoc. Prof., and
  military ranks (General, Lieutenant General, Colonel ...);
* titles after the name, after a comma, dash or parenthesis, several stacked with ``,`` /
  ``and`` / ``, and``: ``Comrade X - Member of the Standing Committee of the Provincial
  Party Committee, Permanent Vice Chairman of the Provincial People's Committee``;
* titles before the name, with or without a comma: ``Deputy Secretary of the provincial
  Party Committee and Chairman of the provincial People's Committee Nguyen Dinh Viet``,
  ``PPC's Vice Chairman Vo Phien``, captions included;
* ``former`` positions are kept with the word; ``now`` and ``then`` are dropped;
* later short references (``Mr. Hung``, ``Ms. Mai``) are the same person;
* people with neither a title nor ``Comrade`` (citizens, reporters, photo credits, bylines)
  are not officials.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import regex as re

from ..textutil import ENGLISH_CAPS, fold, looks_vietnamese_syllable, surnames

HONORIFICS = [
    "Senior Lieutenant General", "Lieutenant General", "Major General", "Senior Colonel",
    "Lieutenant Colonel", "Rear Admiral", "Vice Admiral", "Assoc. Prof. Dr.", "Assoc. Prof.",
    "Associate Professor", "Prof. Dr.", "Comrade", "Comrades", "Mr.", "Mrs.", "Ms.", "Dr.",
    "Prof.", "Professor", "General", "Colonel", "Major", "Admiral", "Captain", "Madam", "Mr",
    "Ms", "Mrs", "Dr", "Miss", "Sister", "Brother", "Venerable", "Most Venerable",
]
_HON_RE = "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True))

_HEAD = (
    r"(?:Secretary(?:-General)?|General\s+Secretary|Chairman|Chairwoman|Chairperson|Chair|"
    r"President|Director(?:[-\s]General)?|Head|Chief(?:\s+of\s+(?:Office|Staff|the\s+Office))?|"
    r"Member|Minister|Commander|Commissar|Leader|Principal|Rector|Editor-in-Chief|"
    r"Inspector|Justice|Prosecutor|Procurator|Governor|Mayor|Manager|Spokesperson|"
    r"Spokesman|Ambassador|Consul|Delegate|Deputy(?=\s+(?:of|to|for)\b)|Standing\s+member|"
    r"Officer|Official|Representative|Coordinator|Chief\s+Justice|Legislator|"
    r"Deputy(?=\s+\p{Lu}\p{Ll}+\s+\p{Lu})|deputy(?=\s+(?:of|to)\b))"
)
_MOD = (r"(?:(?:Permanent|Standing|Executive|First|Deputy|Vice|Assistant|Alternate|Acting|"
        r"Senior|Chief|Party|Commune|Ward|District|Provincial|Province|City|Municipal|Town|"
        r"Village|Hamlet|Cell|Prime|General|Political|Managing|Cooperative|Youth\s+Union|"
        r"Executive\s+Committee|Standing\s+Committee)\s+)")
_ORG_PREFIX = r"(?:(?:PPC|DPC|CPC|NA|VFF|MoF|MPI|\p{Lu}[\p{L}]+(?:\s+\p{Lu}[\p{L}']+){0,4})(?:'s)?\s+)"
_TAIL_TOKEN = (r"(?:the|of|for|on|in|at|&|-|provincial|district|commune|ward|city|town|village|"
               r"hamlet|municipal|party|people's|committee|council|standing|executive|level|"
               r"\p{Lu}[\p{L}\p{M}\d'\-]*|\d+[A-Z]?|and(?!\s+(?:former\s+|concurrently\s+)?" + _MOD + r"*" + _HEAD + r"))")
_TITLE = (rf"(?:(?:former|Former|then|now|concurrently|acting|newly[- ]elected|newly[- ]appointed)\s+)?"
          rf"(?:the\s+)?{_ORG_PREFIX}?{_MOD}*{_HEAD}"
          rf"(?:\s+(?:of|for|at|to|in)\s+{_TAIL_TOKEN}(?:\s+{_TAIL_TOKEN}){{0,14}})?")
_CHAIN_SEP = r"(?:\s*,\s*(?:and\s+)?(?:now\s+|concurrently\s+)?|\s+and\s+(?:concurrently\s+)?|\s*;\s*)"
TITLE_RE = re.compile(_TITLE)
TITLE_HINT = re.compile(_HEAD)
CHAIN_AFTER = re.compile(rf"\s*(?:,|-|–|—|\(|:)\s*(?:who\s+is\s+|the\s+)?(?P<chain>{_TITLE}(?:{_CHAIN_SEP}{_TITLE})*)")
CHAIN_BEFORE = re.compile(rf"(?P<chain>{_TITLE}(?:{_CHAIN_SEP}{_TITLE})*)\s*,?\s*$")

_NAME_TOK = r"\p{Lu}(?:[\p{Ll}\p{M}]*(?:'\p{Lu}?[\p{Ll}\p{M}]+)?)"
# historical figures referred to in the genre are not officials of the report
HISTORICAL = {"ho chi minh", "vo nguyen giap", "ton duc thang", "le duan", "truong chinh",
              "pham van dong", "nguyen ai quoc", "le hong phong", "tran phu"}
NAME_RUN = re.compile(rf"(?<![\p{{L}}\d])({_NAME_TOK}(?:\s+{_NAME_TOK}){{1,9}})(?![\p{{L}}])")
HON_NAME = re.compile(rf"(?<![\p{{L}}])(?P<hon>{_HON_RE})\s+(?P<name>{_NAME_TOK}(?:\s+{_NAME_TOK}){{0,4}})")
_CREDIT = re.compile(r"(?:Photo|Photos|Ảnh|By|Reporter|Reported\s+by|Written\s+by|Source|Video|"
                     r"Graphics?|Translated\s+by|Edited\s+by)\s*:?\s*(?:\p{Lu}\p{L}*\s*){0,4}$", re.IGNORECASE)
_NOT_NAME_WORDS = {"party", "committee", "council", "people's", "province", "provincial",
                   "district", "commune", "ward", "village", "hamlet", "city", "town",
                   "secretary", "chairman", "chairwoman", "member", "director", "head",
                   "vice", "deputy", "standing", "department", "ministry", "union",
                   "association", "front", "congress", "resolution", "photo", "source",
                   "comrade", "mr", "ms", "dr", "according", "people", "peoples"}
_SPLIT_SEP = re.compile(_CHAIN_SEP)


@dataclass
class Person:
    name: str
    honorific: str = ""
    titles: list[str] = field(default_factory=list)
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    comrade: bool = False

    @property
    def key(self) -> str:
        return fold(self.name)


def _clean_name(name: str) -> str:
    toks = name.split()
    out = []
    for i, t in enumerate(toks):
        if t.endswith(("'s", "'S")):
            out.append(t[:-2])
            break
        if len(t) == 1 and i > 0:
            out.append(t)  # "Giàng A Dua"
            continue
        if fold(t).replace("'", "") in _NOT_NAME_WORDS or (fold(t) in ENGLISH_CAPS and fold(t) not in surnames()):
            break
        out.append(t)
    return " ".join(out)


_SPLIT_CHAIN_RX1 = re.compile(r"^(?:now|then|concurrently|the)\s+")
_SPLIT_CHAIN_RX2 = re.compile(r"\s+(?:and|the|of|in|at|for)$")


def split_chain(chain: str, offset: int) -> list[tuple[str, int, int]]:
    """Split a title chain into titles with their offsets."""
    parts: list[tuple[str, int, int]] = []
    pos = 0
    for m in TITLE_RE.finditer(chain):
        if m.start() < pos:
            continue
        gap = chain[pos:m.start()]
        if parts and not re.fullmatch(_CHAIN_SEP, gap) and gap.strip():
            break
        t = m.group(0)
        t = _SPLIT_CHAIN_RX1.sub("", t)
        t = _SPLIT_CHAIN_RX2.sub("", t.strip())
        lead = m.group(0).find(t) if t in m.group(0) else 0
        parts.append((t, offset + m.start() + lead, offset + m.start() + lead + len(t)))
        pos = m.end()
    return parts


def _is_name(tokens: list[str], need_surname: bool) -> bool:
    if not 2 <= len(tokens) <= 5 or fold(" ".join(tokens)) in HISTORICAL:
        return False
    if need_surname and fold(tokens[0]) not in surnames():
        return False
    return all(looks_vietnamese_syllable(t) or fold(t) in surnames() or (len(t) == 1 and i > 0)
               for i, t in enumerate(tokens))


_FIND_PEOPLE_RX1 = re.compile(r"\s*(?:province|provincial|district|commune|ward|city|town|village|hamlet|"
                        r"Party|People|Department|Industrial|Expressway|Road|Street|Bridge|Park)\b", re.IGNORECASE)
_FIND_PEOPLE_RX2 = re.compile(r"\s*(?:province|provincial|district|commune|ward|city|town|village|hamlet|"
                                r"Party|People|Department|Industrial|Expressway|Road|Street|Bridge|Park)\b", re.IGNORECASE)
def find_people(text: str, sentences: list[tuple[int, int]], place_spans: list[tuple[int, int]],
                extra_names: list[tuple[int, int]] | None = None) -> list[Person]:
    """People in official roles, merged per document (full names and short references).
    ``extra_names`` are name spans from a statistical model; they become officials when the
    title grammar finds a title beside them."""
    people: dict[str, Person] = {}
    shorts: list[tuple[str, str, int, int]] = []
    spans_taken: list[tuple[int, int]] = []

    def add(name: str, hon: str, s: int, e: int, titles: list[tuple[str, int, int]]):
        key = fold(name)
        p = people.get(key)
        if p is None:
            p = people[key] = Person(name)
        if hon and not p.honorific:
            p.honorific = hon
        if hon.startswith("Comrade"):
            p.comrade = True
        p.mentions.append((s, e))
        for t, ts, te in titles:
            if fold(t) not in {fold(x) for x in p.titles}:
                p.titles.append(t)
                p.title_spans.append((ts, te))
        spans_taken.append((s, e))

    for ss, se in sentences:
        sent = text[ss:se]
        # 1) honorific + name
        for m in HON_NAME.finditer(sent):
            hon = m.group("hon")
            hon_norm = {"Mr": "Mr.", "Ms": "Ms.", "Mrs": "Mrs.", "Dr": "Dr.", "Comrades": "Comrade"}.get(hon, hon)
            name = _clean_name(m.group("name"))
            if not name:
                continue
            toks = name.split()
            s = ss + m.start("name")
            e = s + len(name)
            if _in_spans(s, place_spans) and len(toks) >= 2 and not hon_norm.startswith(("Comrade", "Mr", "Ms", "Mrs", "Dr")):
                continue
            if len(toks) == 1 or (len(toks) == 2 and not fold(toks[0]) in surnames()):
                shorts.append((name, hon_norm, s, e))
                continue
            titles = _titles_around(text, ss, se, s, e, m.start() + ss)
            add(name, hon_norm, s, e, titles)
        # 2) surname-led names with a title before or after
        for m in NAME_RUN.finditer(sent):
            s, e = ss + m.start(1), ss + m.end(1)
            if _in_spans(s, spans_taken):
                continue
            raw = m.group(1)
            toks = raw.split()
            # the name starts at a family name and runs to the first word that cannot be
            # part of a name ("Mai Chau District People's Committee Xa Thi Hong Nhung")
            name = ""
            for i, t in enumerate(toks):
                if fold(t) not in surnames():
                    continue
                cand = _clean_name(" ".join(toks[i:]))
                if _is_name(cand.split(), need_surname=True):
                    name = cand
                    # a place name before a body word is no person: try further right
                    if _FIND_PEOPLE_RX2.match(raw[raw.find(cand) + len(cand):] + text[e:e + 15]) and i + len(cand.split()) < len(toks):
                        name = ""
                        continue
                    break
            if not name:
                continue
            s = s + raw.find(name)
            e = s + len(name)
            if _in_spans(s, place_spans):
                continue
            # a place, not a person: "Hoang Mai Ward", "Lai Chau province"
            if _FIND_PEOPLE_RX1.match(text[e:e + 15]):
                continue
            if _CREDIT.search(text[max(ss, s - 30):s]):
                continue
            titles = _titles_around(text, ss, se, s, e, s)
            if not titles:
                continue
            add(name, "", s, e, titles)
    # 2b) names a span model found that the grammar did not
    starts = [a for a, _ in sentences]
    for s, e in extra_names or []:
        if _in_spans(s, spans_taken) or any(a <= s < b for a, b in place_spans):
            continue
        name = _clean_name(text[s:e])
        toks = name.split()
        if not 2 <= len(toks) <= 5 or fold(name) in HISTORICAL:
            continue
        e = s + len(name)
        i = max(0, bisect_right(starts, s) - 1)
        ss, se = sentences[i] if sentences else (0, len(text))
        if _CREDIT.search(text[max(ss, s - 30):s]):
            continue
        titles = _titles_around(text, ss, se, s, e, s)
        if titles:
            add(name, "", s, e, titles)
    # 3) short references: "Mr. Hung" -> the person whose name ends the same way
    for name, hon, s, e in shorts:
        fs = fold(name)
        match = [p for p in people.values() if p.key.endswith(" " + fs) or p.key == fs]
        if len(match) == 1:
            match[0].mentions.append((s, e))
            if hon and not match[0].honorific:
                match[0].honorific = hon
    # "Văn Hòa" found alone is the end of "Châu Văn Hòa": one person
    for key in sorted(people, key=len):
        p = people[key]
        longer = [q for q in people.values() if q is not p and q.key.endswith(" " + key)]
        if len(longer) == 1:
            q = longer[0]
            q.mentions.extend(p.mentions)
            for t, sp in zip(p.titles, p.title_spans):
                if fold(t) not in {fold(x) for x in q.titles}:
                    q.titles.append(t)
                    q.title_spans.append(sp)
            q.honorific = q.honorific or p.honorific
            q.comrade = q.comrade or p.comrade
            p.titles, p.comrade = [], False
    return [p for p in people.values() if p.titles or p.comrade]


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _titles_around(text: str, ss: int, se: int, s: int, e: int, lead_start: int) -> list[tuple[str, int, int]]:
    """Titles after the name (comma, dash, parenthesis) or right before it."""
    titles: list[tuple[str, int, int]] = []
    m = CHAIN_AFTER.match(text, e, se)
    if m:
        titles = split_chain(m.group("chain"), m.start("chain"))
    prefix = text[max(ss, lead_start - 260):lead_start]
    if prefix.strip():
        b = CHAIN_BEFORE.search(prefix)
        if b and not _CREDIT.search(prefix):
            off = lead_start - len(prefix)
            before = split_chain(b.group("chain"), off + b.start("chain"))
            # "the role of the Party Secretary and Chairman ..., Duong Doan Hung": keep the chain
            titles = before + titles
    # drop titles that are just a bare modifier word
    return [(t, a, b) for t, a, b in titles if len(t) > 3]
