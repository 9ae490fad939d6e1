"""Places and organizations.

Grammar (each form has a case in ``tests/test_orgs.py``):

* named localities: ``Minh Chau commune``, ``Hoang Mai Ward``, ``Huu Lung district``,
  ``the province of Lai Chau``, ``Ward 5``, ``Hamlet 3``, lists (``Phu Dien, Xuan Son and Ha
  Linh communes``, ``the communes of Phu Dien and Xuan Son``); province and centrally-run city
  names from the gazetteer stand alone (``Ha Tinh had disbursed``);
* bodies: Party Committees (and their Standing Committees/Boards, folded in), Party Cells,
  Party boards and commissions, People's Committees and Councils (also PPC/DPC/CPC),
  departments and ministries, mass organizations, enterprises;
* both orders: ``Hoa Thang commune Party Committee`` / ``Party Committee of Hoa Thang
  commune``, possessives (``the commune's Party Committee``, ``Provincial Party Committee's
  Mass Mobilization Commission``);
* a body named with a level word only (``the commune Party Committee``, ``the People's
  Council of the commune``, ``the provincial People's Committee``) belongs to the place of
  that level the context names: the nearest such place before it, else the document's home
  province, else the next one named in the same sentence; left generic when there is none;
  a provincial government body named with no level (``the Department of Finance``) belongs
  to the document's province;
* plural and generic bodies (``Party committees at all levels``, ``People's Committees``)
  are no organization; a plural body before or after a list of places is one body of each
  (``the Party Committees of Ha Son, Lac Tho and Mai Xa communes``, ``Rach Gia, Long Xuyen and
  Chau Doc ward Party Committees``, ``the ministries of Finance, Transport and Construction``,
  ``the Organization, Inspection and Propaganda Commissions of the District Party Committee``);
* a place named in a list or as a former unit (``the former communes of A, B and C``) is no
  antecedent of a level-only mention while another place of that level is;
* central bodies and numbered groups keep no place (``the Secretariat``, ``Central Commission
  for ...``, ``Working Group No. 3``); divisions and service centres with no place belong to the
  commune, ward or district of the passage; institutions (hospitals, colleges, schools,
  centres, stations, boards, Party Offices) are named as written, less the place at their head;
  ``the Party Committee of the Provincial People's Committee`` is that body's Party Committee;
* lines and runs in capitals (``PEOPLE'S COMMITTEE OF HA TINH PROVINCE``) are read re-cased;
  the document's province also comes from its paper's name (``Baonghean.vn``); road names
  (``the Khanh Hoa - Buon Ma Thuot expressway``) and photo credits are no places.

The words are data: the level words in ``pipeline/data/levels.json`` (where each is read:
after a name, before "of", as an adjective; plurals; numbered places), the bodies,
sub-bodies, abbreviations, enterprise suffixes and the words around bodies in
``pipeline/data/orgs.json``. :func:`rules_for` compiles them, with a user's pattern files,
into an :class:`OrgRules`; ``PlaceFinder(rules)`` and ``OrgFinder(rules)`` take it (None:
the shipped rules).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterable

import regex as re

from .. import vocab
from ..rules import Vocab, alternation, declare, load
from ..textutil import ENGLISH_CAPS, Segmented, fold, fold_same_length, gazetteer, looks_vietnamese_syllable, surnames

declare("orgs", {
    "bodies": Vocab("records", fields=("pattern", "org_type", "canonical?"), regex_fields=("pattern",)),
    "sub_bodies": Vocab("patterns"),
    "folded_sub_bodies": Vocab("patterns"),
    "council_sub_bodies": Vocab("patterns"),
    "abbreviations": Vocab("records", fields=("abbreviation", "level", "org_type", "body")),
    "enterprise_suffixes": Vocab("patterns"),
    "enterprise_lead_words": Vocab("words"),
    "not_enterprise_words": Vocab("words"),
    "plural_determiners": Vocab("patterns"),
    "generic_after": Vocab("patterns"),
    "english_suffixes": Vocab("words"),
    "after_province_name": Vocab("words"),
    "provincial_bodies": Vocab("patterns"),
    "bare_bodies": Vocab("words"),
    "numbered_place_bodies": Vocab("words"),
    "heading_small_words": Vocab("words"),
    "aside_before": Vocab("patterns"),
    "plural_bodies": Vocab("records", fields=("pattern", "org_type", "body"), regex_fields=("pattern",)),
    "sub_body_heads": Vocab("patterns"),
    "plural_sub_bodies": Vocab("map"),
    "sectors": Vocab("patterns"),
    "route_words": Vocab("words"),
    "not_place_before": Vocab("patterns"),
    "head_words": Vocab("words"),
    "name_end_words": Vocab("words"),
    "local_bodies": Vocab("patterns"),
    "central_bodies": Vocab("patterns"),
    "central_prefixes": Vocab("patterns"),
    "event_nouns": Vocab("words"),
    "not_place_words": Vocab("words"),
})

# the shapes of the grammar (no vocabulary): a place-name syllable, a place name, a
# capitalised word and the name of a department ("Agriculture and Rural Development"),
# which body patterns write as {CAPW} and {DEPT_NAME}
# (a one-letter syllable before another syllable: "Y Ty", "A Lu")
_ONE_LETTER = r"(?<=(?<![\p{L}\p{N}])[AEIOUYĂÂÊÔƠƯ])\p{M}*(?=\s+\p{Lu}[\p{Ll}\p{M}])"
_TOK = rf"\p{{Lu}}(?:'\p{{L}}[\p{{Ll}}\p{{M}}]*|[\p{{Ll}}\p{{M}}]+(?:'\p{{L}}[\p{{Ll}}\p{{M}}]*)?|(?=\s+\p{{Ll}})|{_ONE_LETTER})"
_NAME = rf"{_TOK}(?:(?:[ \t]+|[ \t]?-[ \t]?){_TOK}){{0,4}}"
_CAPW = r"(?:\p{Lu}[\p{L}'\-]*)"
_DEPT_NAME = rf"(?:{_CAPW}|and|&)(?:(?:\s+|,\s+|\s[-–]\s)(?:{_CAPW}|and|&)){{0,7}}"
_PLACEHOLDERS = {"{DEPT_NAME}": _DEPT_NAME, "{CAPW}": _CAPW}
_LEFT_NAME = re.compile(rf"(?P<name>{_NAME})(?:'s)?\s+$")
_RIGHT_NAME = re.compile(rf"\s+of\s+(?:the\s+)?(?P<name>{_NAME})")
# "of the X level(s)" names no place
_OF_LEVEL = re.compile(r"\s+of\s+(?:the\s+)?\w+\s+(?:level|levels)\b")
# the words a place-name token splits on, and a name's joiners in a body's name
_NAME_SEPARATOR = re.compile(r"(\s+|\s?-\s?)")


def _either_case(word: str) -> str:
    """"residential group" -> [Rr]esidential\\s+[Gg]roup."""
    return r"\s+".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in word.split())


def _capitalised(word: str) -> str:
    return r"\s+".join(re.escape(w[:1].upper() + w[1:]) for w in word.split())


def _lower(word: str) -> str:
    return r"\s+".join(re.escape(w) for w in word.split())


def _as_written(word: str) -> str:
    return " ".join(re.escape(w) for w in word.split(" "))


def _words(entries: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in entries)


class OrgRules:
    """The place and organization grammar compiled from its vocabularies (the shipped files
    and the user's pattern files ``patterns``). Build it with :func:`rules_for`, which caches it."""

    def __init__(self, patterns: tuple[str, ...] = ()) -> None:
        self.patterns = patterns
        v = load("orgs", patterns)
        lv = vocab.levels(patterns)

        # -- level words
        self.level_of_word: dict[str, str] = dict(lv["level_of_word"])
        self.canon_level_word: dict[str, str] = dict(lv["canon_level_word"])
        self.org_level_adj: dict[str, str] = dict(lv["org_level_adj"])
        after_name = vocab.level_words_for("after_name", patterns)
        adjectives = vocab.level_words_for("adjective", patterns)
        any_adjective = vocab.level_words_for(("adjective", "capitalised_adjective"), patterns)
        self.level = "(?:" + "|".join(_either_case(w) for w in after_name) + ")"
        self.level_adj = "(?:" + "|".join([*(_capitalised(w) for w in any_adjective), *(_lower(w) for w in adjectives)]) + ")"
        # level words trimmed from the head of a named body ("Provincial Department of ...")
        self.level_tokens = frozenset(adjectives)
        before_of = "|".join(_either_case(w) for w in vocab.level_words_for("before_of", patterns))
        after_list = "|".join(_lower(w) for w in vocab.plural_level_words_for("after_list", patterns))
        list_of = "|".join(_lower(w) for w in vocab.plural_level_words_for("before_of", patterns))
        numbered = "|".join(_as_written(w) for w in lv["numbered_level_words"])

        # -- places
        self.place_a = re.compile(rf"(?P<name>{_NAME})\s+(?P<lvl>{self.level})\b(?!-)")
        self.place_b = re.compile(rf"\b(?P<lvl>{before_of})\s+of\s+(?P<name>{_NAME})")
        self.place_list = re.compile(rf"(?P<list>{_NAME}(?:(?:\s*,\s*{_NAME})+(?:\s*,?\s+and\s+{_NAME})?|\s+and\s+{_NAME}))\s+(?P<lvl>{after_list})\b")
        self.place_list_of = re.compile(rf"\b(?P<lvl>{list_of})\s+of\s+(?P<list>{_NAME}(?:(?:\s*,\s*{_NAME})*\s*,?\s+and\s+{_NAME}))")
        self.place_num = re.compile(rf"\b(?P<lvl>{numbered})\s+(?P<num>\d{{1,3}}[A-Z]?)\b(?![.,]\d)")
        self.numbered_name = re.compile(rf"^(?:{numbered})\s+\d")
        self.english_suffix = re.compile(rf"(?:{_words(v['english_suffixes'])})$")
        # a capitalised word after a province's name that leaves it a name of its own
        self.after_province_name = re.compile(rf"\s(?:{_words(v['after_province_name'])})")

        # -- bodies
        self.bodies: list[tuple[str, str, str | None]] = [
            (_fill(rec["pattern"]), rec["org_type"], rec["canonical"]) for rec in v["bodies"]]
        self.body_re = re.compile("|".join(f"(?P<b{i}>{pat})" for i, (pat, _, _) in enumerate(self.bodies)))
        self.body_types = [(t, c) for _, t, c in self.bodies]
        sub_body = alternation(v["sub_bodies"])
        fold_sub = alternation(v["folded_sub_bodies"])
        self.poss_sub = re.compile(rf"'s\s+(?P<sub>{sub_body})")
        self.poss_fold = re.compile(rf"'s\s+{fold_sub}")
        self.sub_of = re.compile(rf"(?P<sub>{sub_body})\s+of\s+(?:the\s+)?$")
        council_sub = alternation(v["council_sub_bodies"])
        self.council_poss_sub = re.compile(rf"'s\s+(?P<sub>{council_sub})")
        self.council_sub_of = re.compile(rf"(?P<sub>{council_sub})\s+of\s+(?:the\s+)?$")
        self.left_level = re.compile(rf"(?:(?P<name>{_NAME})\s+)?(?P<lvl>{self.level_adj})(?:'s)?\s+$")
        # "the Party Executive Committee (conference) of An Phu ward"
        events = rf"(?:\s+(?:{_words(v['event_nouns'])}))?"
        self.right_level = re.compile(rf"{events}\s+of\s+(?:the\s+)?(?:(?P<name>{_NAME})\s+)?(?P<lvl>{self.level})\b(?!\s+(?:Party|People))")
        self.abbrev: dict[str, tuple[str, str, str]] = {}
        for rec in v["abbreviations"]:
            self.abbrev.setdefault(rec["abbreviation"], (rec["level"], rec["org_type"], rec["body"]))
        self.abbrev_re = re.compile(rf"\b({_words(self.abbrev)})\b(?!s)")
        self.enterprise_re = re.compile(
            r"(?P<name>(?:(?:\p{Lu}[\p{L}&'\-]*|&|and)\s+){1,6}?" + alternation(v["enterprise_suffixes"]) +
            r"(?:\s+of\s+Vietnam)?)\b")
        self.enterprise_lead_words = frozenset(v["enterprise_lead_words"])
        self.not_enterprise = re.compile(rf"\b(?:{_words(v['not_enterprise_words'])})\b")
        self.plural_det = re.compile(r"\b" + alternation(v["plural_determiners"]) + r"\s+$", re.IGNORECASE)
        self.generic_after = re.compile(alternation(v["generic_after"]), re.IGNORECASE)
        self.provincial_bodies = re.compile(alternation(v["provincial_bodies"]))
        self.head_words = frozenset(v["head_words"])
        self.name_end_words = frozenset(v["name_end_words"])
        self.local_bodies = re.compile(alternation(v["local_bodies"]) + r"\b")
        self.central_bodies = re.compile(alternation(v["central_bodies"]))
        self.central_prefix = re.compile(alternation(v["central_prefixes"]) + r"\s+$")
        self.bare_bodies = frozenset(v["bare_bodies"])
        self.numbered_place_bodies = tuple(w + " " for w in v["numbered_place_bodies"])
        self.heading_small_words = frozenset(v["heading_small_words"])
        self.not_place_words = frozenset(v["not_place_words"])
        # bodies in the plural before or after a list of places ("the Party Committees of A, B
        # and C communes", "A, B and C ward Party Committees")
        self.plural_bodies = [(rec["org_type"], rec["body"]) for rec in v["plural_bodies"]]
        plural = "|".join(f"(?P<p{i}>{rec['pattern']})" for i, rec in enumerate(v["plural_bodies"]))
        self.plural_body_re = re.compile(rf"(?:(?P<adj>{self.level_adj})\s+)?(?:{plural})\b")
        self.level_before = re.compile(rf"(?P<lvl>{self.level})\s+$")
        # "the Party committees of (the communes of) A, B and C"
        self.plural_of = re.compile(rf"\s+of\s+(?:the\s+)?(?:(?:{list_of})\s+of\s+)?")
        self.place_list_body = re.compile(
            rf"(?P<list>{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+and\s+{_NAME})\s+(?P<lvl>{self.level})\s+(?:{plural})\b")
        # commissions of one Party Committee in a list ("the Organization, Inspection and
        # Propaganda Commissions of the District Party Committee")
        heads = alternation(v["sub_body_heads"])
        self.plural_sub_kinds = dict(v["plural_sub_bodies"])
        self.sub_list = re.compile(
            rf"(?P<list>{heads}(?:\s*,\s*{heads})*\s*,?\s+and\s+{heads})\s+(?P<kind>{_words(self.plural_sub_kinds)})\b")
        self.sub_head = re.compile(heads)
        # the sectors of ministries and departments: elided lists ("the ministries of Finance,
        # Transport and Construction") and where a named one ends ("Ministry of Industry and
        # Trade and Vietnam Electricity")
        sector = alternation(v["sectors"])
        self.sector_list = re.compile(
            rf"\b(?P<kind>[Mm]inistries|[Dd]epartments)\s+of\s+(?P<list>{sector}(?:\s*,\s*{sector})*\s*,?\s+and\s+{sector})\b")
        self.sector = re.compile(sector)
        self.sector_whole = re.compile(rf"{sector}$")
        self.sector_head = re.compile(rf"{sector}(?=\s*,|\s+and\s|\s[-–]\s)")
        self.sector_body = re.compile(r"(?:Sub-)?(?:Department|Ministry|Division)\s+of\s+")
        self.route_after = re.compile(
            rf"(?P<joined>(?:\s?[-–]\s?{_NAME})+)?\s+(?:{_words(v['route_words'])})\b")
        self.not_place_before = re.compile(alternation(v["not_place_before"]) + r"\s*$")
        self.aside_before = re.compile(alternation(v["aside_before"]) + r"\s+$", re.IGNORECASE)

    def norm_level_word(self, w: str) -> str:
        w = w.lower()
        return self.canon_level_word.get(w, w)


def _fill(pattern: str) -> str:
    for k, val in _PLACEHOLDERS.items():
        pattern = pattern.replace(k, val)
    return pattern


def rules_for(patterns: Iterable[str | Path] = ()) -> OrgRules:
    """The place and organization grammar with the user's pattern files ``patterns``
    (compiled once)."""
    return _rules_for(tuple(str(p) for p in patterns))


@lru_cache(maxsize=16)
def _rules_for(patterns: tuple[str, ...]) -> OrgRules:
    return OrgRules(patterns)


_SHIPPED = rules_for()
# the shipped grammar under the names other modules use
LEVEL_OF_WORD = _SHIPPED.level_of_word
CANON_LEVEL_WORD = _SHIPPED.canon_level_word
ORG_LEVEL_ADJ = _SHIPPED.org_level_adj
BODIES = _SHIPPED.bodies
BODY_RE = _SHIPPED.body_re
ABBREV = _SHIPPED.abbrev
ABBREV_RE = _SHIPPED.abbrev_re
ENTERPRISE_RE = _SHIPPED.enterprise_re
PLACE_A = _SHIPPED.place_a
PLACE_B = _SHIPPED.place_b
PLACE_LIST = _SHIPPED.place_list
PLACE_LIST_OF = _SHIPPED.place_list_of
PLACE_NUM = _SHIPPED.place_num


@dataclass
class PlaceMention:
    start: int
    end: int
    name: str
    level_word: str  # commune / ward / district / province / city / town / village / hamlet
    level: str
    # named in a list or as a former unit ("the former communes of A, B and C"): no
    # antecedent of a level-only mention ("the commune Party Committee") while another is
    aside: bool = False

    @property
    def key(self) -> str:
        return fold(self.name)

    @property
    def canonical(self) -> str:
        lw = CANON_LEVEL_WORD.get(self.level_word, self.level_word)
        if _SHIPPED.numbered_name.match(self.name):
            return self.name
        if lw == "city" and fold(self.name).endswith("city"):
            return self.name
        return f"{self.name} {lw}"


@dataclass
class OrgMention:
    start: int
    end: int
    text: str
    org_type: str
    body: str  # canonical body ("Party Committee")
    level: str = ""
    level_word: str = ""
    place: PlaceMention | None = None
    sub: str = ""  # a board/commission of the body
    generic: bool = False
    central: bool = False  # named without a place: no place of its context is its own
    of_body: OrgMention | None = None  # the body whose Party Committee this is
    body_end: int = 0  # where the body's own words end (before "of the ...")

    @property
    def placed(self) -> PlaceMention | None:
        return None if self.central or self.of_body is not None else self.place

    @property
    def canonical(self) -> str:
        body = self.body
        if self.of_body is not None:
            out = f"{self.of_body.canonical} {body}"
        elif self.central:
            out = body
        elif self.place is not None:
            lw = self.level_word or self.place.level_word
            adj = ORG_LEVEL_ADJ.get(lw, lw)
            if self.org_type == "government" and body.startswith("Department"):
                # "Quang Nam Provincial Department of ...", "Can Tho City Department of ..."
                adj = "Provincial" if self.level == "province" and lw != "city" else adj
            if self.org_type == "enterprise":
                out = body
            elif self.place.name.startswith(_SHIPPED.numbered_place_bodies):
                out = f"{self.place.name} {body}"
            else:
                out = f"{self.place.name} {adj} {body}"
        else:
            adj = ORG_LEVEL_ADJ.get(self.level_word, "") if self.level_word else ""
            out = f"{adj} {body}".strip()
        return f"{out} {self.sub}".strip() if self.sub else out


_CAPS_LINE = re.compile(r"^[^\p{Ll}\n]*\p{Lu}{2}[^\p{Ll}\n]*\p{Lu}{2}[^\p{Ll}\n]*$", re.MULTILINE)
# three capitalised words or more in a line that has lower case too ("OF DONG NAI PROVINCE
# Independence - Freedom - Happiness")
_CAPS_RUN = re.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{Lu}\p{M}'’]+(?:[ \t]+\p{Lu}[\p{Lu}\p{M}'’]+){2,}(?![\p{L}\p{N}])")
_CAPS_WORD = re.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{Lu}\p{M}'’]+")


def cased_headings(text: str, r: OrgRules | None = None) -> str:
    """The text with its lines in capitals re-cased as a title, one character for one
    ("PEOPLE'S COMMITTEE OF HA TINH PROVINCE" -> "People's Committee of Ha Tinh Province"):
    the headings of resolution and plan texts name bodies and places."""
    r = r or _SHIPPED

    def word(m: re.Match) -> str:
        w = m.group(0)
        low = w.lower()
        if len(low) != len(w):
            return w
        if fold(low) in r.heading_small_words:
            return low
        return w[:1] + low[1:]

    def line(m: re.Match) -> str:
        return _CAPS_WORD.sub(word, m.group(0))

    text = _CAPS_LINE.sub(line, text)
    return _CAPS_RUN.sub(line, text)


# the end of a resolution's or plan's heading: its number ("No. 01-NQ/ĐH") or its first blank line
_HEADING_END = re.compile(r"^[ \t]*No\.|\n[ \t]*\n", re.MULTILINE)


def heading_end(text: str) -> int:
    """Where the heading of a resolution or plan ends (the bodies issuing it stand before)."""
    m = _HEADING_END.search(text)
    return m.start() if m else 0


def _place_token(tok: str, r: OrgRules) -> bool:
    """A token of a minority-language place name ("Pleiku", "Krong", "M'gar")."""
    f = fold(tok).replace("'", "")
    return (f.isalpha() and 2 <= len(f) <= 8 and f not in ENGLISH_CAPS
            and not r.english_suffix.search(f))


def _one_letter_syllable(words: list[str]) -> bool:
    """A one-letter syllable that begins a place name ("Y Ty", "A Lu", "O Lam"): a capital
    vowel before a syllable of the name."""
    return (len(words) > 1 and len(fold(words[0])) == 1 and fold(words[0]) in "aeiouy"
            and looks_vietnamese_syllable(words[1]))


def _strip_name(name: str, r: OrgRules) -> str:
    """Drop leading English words ("In Minh Chau" -> "Minh Chau"); '' if none is left or a
    token does not look like part of a Vietnamese place name."""
    toks = _NAME_SEPARATOR.split(name)
    words = [t for t in toks if t.strip() and t.strip() != "-"]
    while words and (not looks_vietnamese_syllable(words[0]) or fold(words[0]) in r.not_place_words) \
            and not _one_letter_syllable(words):
        words.pop(0)
    if not words:
        return ""
    if fold(" ".join(words)) in gazetteer():
        return " ".join(words)
    if not all(looks_vietnamese_syllable(w) or _place_token(w, r) for w in words[_one_letter_syllable(words):]):
        return ""
    # keep the original spacing / hyphens of the tail
    first = name.find(words[0])
    return name[first:].strip()


@cache
def _gazetteer_re() -> re.Pattern:
    names = sorted(gazetteer(), key=len, reverse=True)  # folded names and aliases
    alts = "|".join(r"[\s\-]*".join(re.escape(t) for t in re.split(r"[\s\-]+", n) if t) for n in names)
    # matched on the folded text (same length as the text), so "Nghệ An" = "Nghe An"
    return re.compile(rf"(?<![a-z0-9])(?:{alts})(?![a-z0-9])")


class _Places:
    """The places of one text found so far; a new one may not overlap them or a blocked span."""

    def __init__(self, text: str, blocked: list[tuple[int, int]], aside_before: re.Pattern) -> None:
        self.text = text
        self.aside_before = aside_before
        self.blocked = blocked
        self.out: list[PlaceMention] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        return not any(s < b and a < e for a, b in self.blocked + self.taken)

    def add(self, p: PlaceMention, aside: bool = False) -> None:
        p.aside = aside or bool(self.aside_before.search(self.text[max(0, p.start - 40):p.start]))
        self.out.append(p)
        self.taken.append((p.start, p.end))


class PlaceFinder:
    """Named places, in turn: "{Name} {level}", lists of names before or after a plural
    level word, "the {level} of {Name}", numbered places, gazetteer provinces; the first
    reading of a span wins."""

    def __init__(self, rules: OrgRules | None = None) -> None:
        self.rules = rules or _SHIPPED
        self.gaz_re = _gazetteer_re()

    def find(self, text: str, blocked: list[tuple[int, int]]) -> list[PlaceMention]:
        text = cased_headings(text, self.rules)
        found = _Places(text, blocked, self.rules.aside_before)
        self._listed_before_body(text, found)
        self._named(text, found)
        self._listed(text, found)
        self._level_of_name(text, found)
        self._numbered(text, found)
        self._provinces(text, found)
        found.out.sort(key=lambda p: p.start)
        for a, b in zip(found.out, found.out[1:]):  # "the merger of Khanh Hoa and Ninh Thuan"
            if a.level == b.level and _LIST_JOINER.fullmatch(text, a.end, b.start):
                a.aside = b.aside = True
        return found.out

    def _named(self, text: str, found: _Places) -> None:
        """"Hoang Mai ward", but not "the commune Party Committee": the level word needs a name."""
        r = self.rules
        for m in r.place_a.finditer(text):
            raw = m.group("name")
            lvl_word = m.group("lvl").lower()
            lvl_word = re.sub(r"\s+", " ", lvl_word)
            name = _strip_name(raw, r)
            if not name:
                continue
            s = m.start("name") + raw.find(name)
            e = m.end()
            if not found.free(s, e):
                continue
            if lvl_word == "provincial":
                lvl_word = "province"
            level = r.level_of_word.get(lvl_word, "")
            # a centrally-run city, also one whose gazetteer name ends in "City" ("Ho Chi Minh City")
            if lvl_word == "city" and "city" in (gazetteer().get(fold(name), ("", ""))[1],
                                                 gazetteer().get(fold(name) + " city", ("", ""))[1]):
                level = "province"
            found.add(PlaceMention(s, e, name, lvl_word, level))

    def _listed_before_body(self, text: str, found: _Places) -> None:
        """"Rach Gia, Long Xuyen and Chau Doc ward Party Committees": one level word for all."""
        r = self.rules
        for m in r.place_list_body.finditer(text):
            lw = r.norm_level_word(re.sub(r"\s+", " ", m.group("lvl")))
            parts = list(re.finditer(_NAME, m.group("list")))
            for i, part in enumerate(parts):
                raw = part.group(0)
                name = _strip_name(raw, r)
                if not name:
                    continue
                s = m.start("list") + part.start() + raw.find(name)
                e = s + len(name) if i < len(parts) - 1 else m.end("lvl")
                if found.free(s, e):
                    found.add(PlaceMention(s, e, name, lw, r.level_of_word.get(lw, "")), aside=True)

    def _listed(self, text: str, found: _Places) -> None:
        """"Phu Dien, Xuan Son and Ha Linh communes", "the communes of Phu Dien and Xuan Son"."""
        r = self.rules
        for m in [*r.place_list.finditer(text), *r.place_list_of.finditer(text)]:
            lw = m.group("lvl").lower()[:-1]
            for part in re.finditer(_NAME, m.group("list")):
                raw = part.group(0)
                if raw in {"and"}:
                    continue
                name = _strip_name(raw, r)
                if not name:
                    continue
                s = m.start("list") + part.start() + raw.find(name)
                e = s + len(name)
                if found.free(s, e):
                    found.add(PlaceMention(s, e, name, lw, r.level_of_word.get(lw, "")), aside=True)

    def _level_of_name(self, text: str, found: _Places) -> None:
        """"the province of Son La"; "a border district of Nghe An" names the province."""
        r = self.rules
        for m in r.place_b.finditer(text):
            name = _strip_name(m.group("name"), r)
            if not name or not m.group("name").startswith(name.split()[0]):
                continue
            s, e = m.start(), m.start("name") + len(name)
            if not found.free(s, e):
                continue
            lw = m.group("lvl").lower()
            gaz = gazetteer().get(fold(name))
            if gaz is not None and lw not in {"province", "city"}:
                s = m.start("name")
                lw = "city" if gaz[1] == "city" else "province"
            found.add(PlaceMention(s, e, name, lw, r.level_of_word.get(lw, "") if lw != "city" or gaz is None else "province"))

    def _numbered(self, text: str, found: _Places) -> None:
        """"Ward 7", "Hamlet 3"."""
        r = self.rules
        for m in r.place_num.finditer(text):
            if not found.free(m.start(), m.end()):
                continue
            lw = m.group("lvl").lower()
            name = f"{m.group('lvl')} {m.group('num')}"
            found.add(PlaceMention(m.start(), m.end(), name, lw, r.level_of_word.get(lw, "village")))

    def _provinces(self, text: str, found: _Places) -> None:
        """Province and centrally-run city names of the gazetteer, standing alone."""
        r = self.rules
        folded = fold_same_length(text)
        for m in self.gaz_re.finditer(folded):
            if not found.free(m.start(), m.end()):
                continue
            key = re.sub(r"\s*-\s*", " - ", m.group(0))
            disp, kind = gazetteer().get(key) or gazetteer().get(m.group(0)) or \
                gazetteer().get(re.sub(r"[\s\-]+", " ", m.group(0)), (text[m.start():m.end()], "province"))
            written = text[m.start():m.end()]
            if not written[:1].isupper():
                continue
            name = disp if kind == "city" and fold(disp) != fold(written) else _spaced(written)
            # "Hoa Binh" inside a longer name ("Hoa Binh Nguyen")? skip when glued to caps
            nxt = text[m.end():m.end() + 2]
            if re.match(r"\s\p{Lu}", nxt) and not r.after_province_name.match(text[m.end():m.end() + 14]):
                continue
            if r.not_place_before.search(text[max(0, m.start() - 20):m.start()]) or _on_route(text, m.start(), m.end(), r):
                continue
            lw = "city" if kind == "city" else "province"
            found.add(PlaceMention(m.start(), m.end(), name, lw, "province"))


def _on_route(text: str, s: int, e: int, r: OrgRules) -> bool:
    """A name that ends a road's ("the Khanh Hoa - Buon Ma Thuot expressway", "the Chau Doc
    - Can Tho - Soc Trang expressway"): no place of the report."""
    before = re.search(rf"{_NAME}\s?[-–]\s?$", text[max(0, s - 40):s])
    after = r.route_after.match(text, e)
    return bool(after and (before or after.group("joined")))


@dataclass
class PlaceContext:
    """Resolves level-only references ("the commune") to the named place of that level."""

    places: list[PlaceMention]
    seg: Segmented
    home_province: PlaceMention | None = None
    by_level: dict[str, list[PlaceMention]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p in self.places:
            for lw in _level_keys(p):
                self.by_level.setdefault(lw, []).append(p)
        self.home_province = self._home()

    def _home(self) -> PlaceMention | None:
        provs = self.by_level.get("province", [])
        first_para_end = self.seg.paragraphs[1][1] if len(self.seg.paragraphs) > 1 else len(self.seg.text)
        if not provs:
            return _source_province(self.seg.text[:first_para_end + 200])
        first_para_end = self.seg.paragraphs[1][1] if len(self.seg.paragraphs) > 1 else len(self.seg.text)
        early = [p for p in provs if p.start < first_para_end]
        named = [p for p in early if not p.aside]
        if named:
            return named[0]
        source = _source_province(self.seg.text[:first_para_end + 200])
        if source is not None:
            same = [p for p in provs if p.key == fold(source.name)]
            return same[0] if same else source
        for group in ([p for p in provs if not p.aside], provs):
            counts = Counter(p.key for p in group)
            if not counts:
                continue
            key, n = counts.most_common(1)[0]
            first = next(p for p in group if p.key == key)
            # named twice, or the one province named, in the report's first third (not one named
            # in passing late in a report on its districts: "brought trees from Hung Yen province")
            if n >= 2 or len(counts) == 1 and first.start < len(self.seg.text) / 3:
                return first
        return early[0] if early else None

    def resolve(self, level_word: str, pos: int, sentence_end: int | None = None) -> PlaceMention | None:
        key = _norm_level_word(level_word)
        cands = self.by_level.get(key, [])
        if not cands and key in {"commune", "ward"}:
            cands = self.by_level.get("commune", []) + self.by_level.get("ward", [])
        before = [p for p in cands if p.end <= pos]
        after = [p for p in cands if sentence_end is not None and pos <= p.start < sentence_end]
        if key == "province":
            para = self.seg.paragraph_of(pos)
            near = [p for p in before if p.start >= para[0]]
            named = [p for p in near if not p.aside]
            if named:
                return named[-1]
            if near and self.home_province is None:
                return near[-1]
            if self.home_province is not None:
                return self.home_province
            return _first_named(after)
        named = [p for p in before if not p.aside]
        if named:
            return _salient(named, self.seg.paragraph_of(pos)[0])
        return _first_named(after) or (before[-1] if before else None)

    def local(self, pos: int) -> PlaceMention | None:
        """The commune, ward or district the passage at ``pos`` is about: the last one named
        before it that is not set aside."""
        named = [p for p in self.places if p.end <= pos and p.level in _local_levels() and not p.aside]
        return named[-1] if named else None


_SOURCE = re.compile(r"\b[Bb]ao(?P<a>[a-z]{4,})\.(?:com\.)?vn\b|(?P<b>\p{Lu}[\p{L} ]{2,20}?)\s+[Nn]ewspaper\b")


def _source_province(head: str) -> PlaceMention | None:
    """The province whose paper a report comes from ("(Baonghean.vn)", "Dak Lak Newspaper"):
    the document's province when its opening names none (no row of its own)."""
    squeezed = {k.replace(" ", "").replace("-", ""): v for k, v in gazetteer().items()}
    for m in _SOURCE.finditer(head):
        key = fold(m.group("a") or m.group("b")).replace(" ", "")
        hit = squeezed.get(key)
        if hit is not None:
            lw = "city" if hit[1] == "city" else "province"
            return PlaceMention(m.start(), m.end(), _spaced(hit[0]), lw, "province")
    return None


@cache
def _spaced_names() -> dict[str, str]:
    """Province names written without their spaces ("Daklak") -> the spaced form ("Dak Lak")."""
    out: dict[str, str] = {}
    for disp, kind in gazetteer().values():
        if " " in disp and kind == "province":
            out.setdefault(fold(disp).replace(" ", "").replace("-", ""), disp)
    return out


def _spaced(name: str) -> str:
    return _spaced_names().get(fold(name), name)


def _local_levels() -> frozenset[str]:
    return frozenset({"commune", "district"})


def _salient(named: list[PlaceMention], para_start: int) -> PlaceMention:
    """The place a level-only mention ("the commune People's Council") refers to, among the
    places of its level named before it: the last one named in its paragraph; else the one
    the report is about (named at least three times and more than twice as often as the last
    one named, which a passing mention of a neighbour is not: "Tan Kim commune reached ...");
    else the last one named."""
    near = [p for p in named if p.start >= para_start]
    if near:
        return near[-1]
    counts = Counter(p.key for p in named)
    key, n = counts.most_common(1)[0]
    if key != named[-1].key and n >= 3 and n > 2 * counts[named[-1].key]:
        return next(p for p in reversed(named) if p.key == key)
    return named[-1]


def _first_named(places: list[PlaceMention]) -> PlaceMention | None:
    """The first place not set aside, else the first."""
    return next((p for p in places if not p.aside), places[0] if places else None)


def _norm_level_word(w: str) -> str:
    return _SHIPPED.norm_level_word(w)


def _level_keys(p: PlaceMention) -> list[str]:
    lw = _norm_level_word(p.level_word)
    keys = [lw]
    if p.level == "province" and lw != "province":
        keys.append("province")
    if lw == "town":
        keys.append("district")
    return keys


class OrgFinder:
    """Bodies (with the place and level they belong to), abbreviations, enterprises."""

    def __init__(self, rules: OrgRules | None = None) -> None:
        self.rules = rules or _SHIPPED
        self.body_re = self.rules.body_re
        self.types = self.rules.body_types

    def find(self, text: str, seg: Segmented, ctx: PlaceContext, blocked: list[tuple[int, int]]) -> list[OrgMention]:
        out: list[OrgMention] = []
        written = text
        text = cased_headings(text, self.rules)
        self._bodies(text, seg, ctx, blocked, out)
        self._listed_bodies(text, ctx, out)
        self._sectors(text, seg, ctx, out)
        self._listed_sub_bodies(text, out)
        self._abbreviations(text, seg, ctx, out)
        self._enterprises(text, blocked, out)
        out.sort(key=lambda o: o.start)
        _party_committees_of_bodies(text, out)
        for om in out:
            om.text = written[om.start:om.end]
        return out

    def _bodies(self, text: str, seg: Segmented, ctx: PlaceContext, blocked: list[tuple[int, int]],
                out: list[OrgMention]) -> None:
        places = ctx.places
        r = self.rules
        pos = 0
        while (m := self.body_re.search(text, pos)) is not None:
            pos = m.end()
            idx = next(i for i in range(len(self.types)) if m.group(f"b{i}"))
            org_type, body = self.types[idx]
            s, e = m.start(), m.end()
            # a person named right after the body ("Department of Finance Vu Thi Hang") or
            # a place at its head ("Gia Lai Provincial ... Management Board") is not its name
            for a, b in blocked:
                if s < a < e:
                    e = a
                elif a <= s < b:
                    s = e
            if body is None:
                s, e = _trim_named_body(text, s, e, places, self.rules)
                cut = self._sector_end(text, s, e)
                if cut < e:  # what follows a known sector is read again ("... and Vietnam Electricity")
                    e = pos = cut
            if e - s < 4:
                continue
            cm = r.central_prefix.search(text, max(0, s - 12), s) if body is None else None
            if cm is not None:  # "the Central Steering Committee for ...", "the Government Office"
                s = cm.start()
            body_text = re.sub(r"\s+", " ", text[s:e]).strip()
            if body is None:
                if fold(body_text) in self.rules.head_words:  # "the Center": a mention, no name
                    continue
                body = body_text
            om = self._attach(text, seg, ctx, places, s, e, org_type, body)
            if om is not None:
                out.append(om)

    def _sector_end(self, text: str, s: int, e: int) -> int:
        """Where "Ministry/Department of {sector}" ends when the capitalised words run on past
        a known sector ("Ministry of Industry and Trade and Vietnam Electricity")."""
        r = self.rules
        m = r.sector_body.match(text, s, e)
        if m is None or r.sector_whole.match(text, m.end(), e):
            return e
        h = r.sector_head.match(text, m.end(), e)
        return h.end() if h else e

    def _sectors(self, text: str, seg: Segmented, ctx: PlaceContext, out: list[OrgMention]) -> None:
        """Elided lists: "the ministries of Finance, Transport and Construction" (a Ministry of
        each), "the departments of Finance and Construction" (a Department of each, of the
        province the context gives)."""
        r = self.rules
        for m in r.sector_list.finditer(text):
            ministry = m.group("kind").lower().startswith("ministr")
            for sm in r.sector.finditer(m.group("list")):
                name = re.sub(r"\s+", " ", sm.group(0))
                if ministry:
                    out.append(OrgMention(m.start(), m.end(), text[m.start():m.end()], "government",
                                          f"Ministry of {name}", "central"))
                    continue
                om = self._attach(text, seg, ctx, ctx.places, m.start(), m.start("list"), "government", f"Department of {name}")
                if om is not None:
                    om.end = max(om.end, m.end())
                    om.text = text[om.start:om.end]
                    out.append(om)

    def _listed_bodies(self, text: str, ctx: PlaceContext, out: list[OrgMention]) -> None:
        """One body of each place of a list: "the Party Committees of Dien Bien, Lao Cai and
        Son La", "the People's Committees of A and B communes", "A, B and C ward Party
        Committees" (two places at least; "the People's Committees of communes" is generic)."""
        r = self.rules
        places = sorted(ctx.places, key=lambda p: p.start)
        for m in r.plural_body_re.finditer(text):
            idx = next(i for i in range(len(r.plural_bodies)) if m.group(f"p{i}"))
            org_type, body = r.plural_bodies[idx]
            of = r.plural_of.match(text, m.end())
            run = _places_after(text, places, of.end()) if of else []
            if len(run) < 2:  # the last place with its level word, or the level word after it
                run = _places_before(text, places, m.start(f"p{idx}"))
            if len(run) < 2:
                start = m.start()
                lm = r.level_before.search(text[max(0, start - 30):start])
                if lm:
                    start -= len(lm.group(0))
                run = _places_before(text, places, start)
            if len(run) < 2:
                continue
            adj = r.norm_level_word(m.group("adj")) if m.group("adj") else ""
            s, e = min(m.start(), run[0].start), max(m.end(), run[-1].end)
            for p in run:
                lw = adj or r.norm_level_word(p.level_word)
                level = r.level_of_word.get(lw, p.level)
                if p.level == "province":
                    level = "province"
                out.append(OrgMention(s, e, text[s:e], org_type, body, level, lw, p))

    def _listed_sub_bodies(self, text: str, out: list[OrgMention]) -> None:
        """"the Organization, Inspection and Propaganda Commissions of the District Party
        Committee", "the City Party Committee's Internal Affairs and Inspection Commissions":
        one row for each commission of that Party Committee."""
        r = self.rules
        committees = [o for o in out if o.org_type == "party_committee" and not o.sub]
        for m in r.sub_list.finditer(text):
            parent = None
            of = re.match(r"\s+of\s+(?:the\s+)?", text[m.end():m.end() + 12])
            if of:
                parent = next((o for o in committees if o.start == m.end() + of.end()), None)
            if parent is None and re.search(r"'s\s+$", text[max(0, m.start() - 4):m.start()]):
                parent = next((o for o in committees if o.end == m.start() - len(re.search(r"'s\s+$", text[:m.start()]).group(0))), None)
            if parent is None or parent.generic:
                continue
            kind = r.plural_sub_kinds[m.group("kind")]
            for h in r.sub_head.finditer(m.group("list")):
                om = OrgMention(min(parent.start, m.start()), max(parent.end, m.end()), text[m.start():m.end()],
                                parent.org_type, parent.body, parent.level, parent.level_word, parent.place,
                                sub=re.sub(r"\s+", " ", h.group(0)) + " " + kind)
                out.append(om)

    def _abbreviations(self, text: str, seg: Segmented, ctx: PlaceContext, out: list[OrgMention]) -> None:
        """"PPC", "DPC", "CPC": the body of the place of their level the context names."""
        for m in self.rules.abbrev_re.finditer(text):
            lvl, org_type, body = self.rules.abbrev[m.group(1)]
            place = ctx.resolve(lvl, m.start(), seg.sentence_of(m.start())[1])
            out.append(OrgMention(m.start(), m.end(), m.group(0), org_type, body, lvl,
                                  "province" if lvl == "province" else lvl, place))

    def _enterprises(self, text: str, blocked: list[tuple[int, int]], out: list[OrgMention]) -> None:
        """"Hoa Phat Group", "Thanh Cong Joint Stock Company", where no body was read."""
        r = self.rules
        for m in r.enterprise_re.finditer(text):
            name = m.group("name")
            words = name.split()
            while words and fold(words[0]) in r.enterprise_lead_words:
                words.pop(0)
            if len(words) < 2:
                continue
            cleaned = " ".join(words)
            s = m.start() + name.find(words[0])
            if any(s < b and a < m.end() for a, b in blocked) or any(o.start <= s < o.end for o in out):
                continue
            if r.not_enterprise.search(cleaned):
                continue
            out.append(OrgMention(s, m.end(), cleaned, "enterprise", cleaned, ""))

    def _attach(self, text, seg, ctx, places, s, e, org_type, body) -> OrgMention | None:
        """The body at text[s:e] with the place and level its context gives it."""
        r = self.rules
        after = text[e:e + 90]
        level_word, start, pm = self._left_side(text, places, s)
        end = e
        if pm is None:
            pm, level_word, end = self._right_side(places, e, after, level_word)
        generic = self._is_generic(text, start, after)
        central = bool(r.central_bodies.match(body)) and not level_word and pm is None
        if not central:
            pm, level_word = self._place_from_context(ctx, seg, start, pm, level_word, org_type, body)
        level = r.level_of_word.get(level_word, "") if level_word else (pm.level if pm else "")
        if level_word == "city" and pm is not None and pm.level == "province":
            level = "province"
        if org_type == "government" and body.startswith("Ministry") or central:
            level = "central"
        om = OrgMention(start, end, text[start:end], org_type, body, level,
                        level_word or (pm.level_word if pm else ""), pm, generic=generic, central=central)
        if org_type == "party_committee":
            self._sub_body(text, om, start, end)
        elif org_type == "peoples_council":
            self._sub_body(text, om, start, end, r.council_poss_sub, r.council_sub_of)
        om.body_end = e
        if body == "Party Cell" and not level_word and pm is None:
            pm = self._party_cell_place(text, seg, places, om, start)
        if not level_word and pm is None and body in r.bare_bodies:
            om.generic = True  # bare "the Party Committee": a mention, no row of its own
            om.level_word = ""
        return om

    def _left_side(self, text: str, places: list[PlaceMention], s: int) -> tuple[str, int, PlaceMention | None]:
        """"{Name} {Level} Body", "{Level} Body", "the commune's Body", "{Gazetteer name} Body",
        "{Name} {level}'s Body": (level word, start of the mention, place)."""
        r = self.rules
        before = text[max(0, s - 80):s]
        level_word, start, pm = "", s, None
        lm = r.left_level.search(before)
        if lm:
            level_word = r.norm_level_word(lm.group("lvl"))
            start = s - (len(before) - lm.start("lvl"))
            if lm.group("name"):
                name = _strip_name(lm.group("name"), r)
                if name:
                    pm = _place_at(places, s - (len(before) - lm.start("name")) + lm.group("name").find(name))
                    if pm is None:
                        pm = PlaceMention(s - (len(before) - lm.start("name")) + lm.group("name").find(name),
                                          s - (len(before) - lm.end("lvl")), name, level_word,
                                          r.level_of_word.get(level_word, ""))
                    start = pm.start
        else:
            gm = _LEFT_NAME.search(before)
            if gm:
                p = _place_ending(places, s - (len(before) - gm.end("name")))
                if p is None:  # "Y Ty Border Guard Station" in a report on Y Ty commune
                    p = _named_again(places, gm.group("name"), s - (len(before) - gm.start("name")), r)
                if p is not None:
                    pm = p
                    level_word = r.norm_level_word(p.level_word)
                    start = p.start
        return level_word, start, pm

    def _right_side(self, places: list[PlaceMention], e: int, after: str,
                    level_word: str) -> tuple[PlaceMention | None, str, int]:
        """"Body of (the) {Name} {Level}" / "of the {Level}" / "of {Gazetteer name}":
        (place, level word, end of the mention)."""
        r = self.rules
        pm, end = None, e
        rm = r.right_level.match(after)
        if rm:
            lw = r.norm_level_word(rm.group("lvl"))
            if rm.group("name"):
                p = _place_at(places, e + rm.start("name") + rm.group("name").find(_strip_name(rm.group("name"), r) or "\0"))
                if p is not None:
                    pm, level_word = p, lw
                    end = e + rm.end()
            elif not _OF_LEVEL.match(after):
                level_word = lw
                end = e + rm.end()
        else:
            gm2 = _RIGHT_NAME.match(after)
            if gm2:
                p = _place_at(places, e + gm2.start("name"))
                if p is not None:
                    pm = p
                    level_word = r.norm_level_word(p.level_word)
                    end = max(end, p.end)
        return pm, level_word, end

    def _is_generic(self, text: str, start: int, after: str) -> bool:
        """Plural/determiner uses: "Party Committees at all levels", "each commune Party Committee"."""
        r = self.rules
        return bool(r.plural_det.search(text[max(0, start - 30):start]) or r.generic_after.match(after))

    def _place_from_context(self, ctx, seg, start, pm, level_word, org_type, body):
        """A level word without a place takes the context's place of that level; a provincial
        government body with neither takes the document's province: (place, level word)."""
        if pm is None and level_word:
            pm = ctx.resolve(level_word, start, seg.sentence_of(start)[1])
        if pm is None and not level_word and org_type == "government" and self.rules.local_bodies.match(body):
            pm = ctx.local(start)
            if pm is not None:
                return pm, self.rules.norm_level_word(pm.level_word)
        if pm is None and not level_word and org_type == "government" and (
                self.rules.provincial_bodies.match(body) or self.rules.local_bodies.match(body)):
            pm = ctx.resolve("province", start, seg.sentence_of(start)[1])
            if pm is not None:
                level_word = "city" if pm.level_word == "city" else "province"
        return pm, level_word

    def _sub_body(self, text: str, om: OrgMention, start: int, end: int,
                  poss_sub: re.Pattern | None = None, sub_of: re.Pattern | None = None) -> None:
        """"...Party Committee's Mass Mobilization Commission", "Inspection Commission of the
        ... Party Committee" (and a People's Council's committees): the board or commission is
        the mention's ``sub``."""
        r = self.rules
        poss_sub, sub_of = poss_sub or r.poss_sub, sub_of or r.sub_of
        sm = poss_sub.match(text[end:end + 60])
        if sm and not r.poss_fold.match(text[end:end + 40]):
            om.sub = re.sub(r"\s+", " ", sm.group("sub"))
            om.end = end + sm.end()
            om.text = text[om.start:om.end]
        else:
            sb = sub_of.search(text[max(0, start - 60):start])
            if sb:
                om.sub = re.sub(r"\s+", " ", sb.group("sub"))

    def _party_cell_place(self, text: str, seg: Segmented, places: list[PlaceMention], om: OrgMention,
                          start: int) -> PlaceMention | None:
        """"In Hamlet 4, the Party cell ...": the cell of the village the paragraph names (the
        place given to the mention, or None)."""
        if re.search(r"\bthe\s+$", text[max(0, start - 5):start], re.IGNORECASE):
            para = seg.paragraph_of(start)
            near = [p for p in places if para[0] <= p.start < start and p.level == "village"]
            if near:
                pm = near[-1]
                om.place, om.level, om.level_word = pm, "village", pm.level_word
                return pm
        return None


def _trim_named_body(text: str, s: int, e: int, places: list[PlaceMention], r: OrgRules) -> tuple[int, int]:
    """Move a place and level word at the head of a named body out of its name, and cut
    trailing joiners and person names ("... Finance Vu Thi Hang")."""
    while True:
        m = re.match(r"(\S+)\s+", text[s:e])
        if not m:
            break
        tok = m.group(1)
        p = _place_at(places, s)
        if p is not None and p.end <= e - 4:
            s = p.end
            s += len(text[s:e]) - len(text[s:e].lstrip())
            continue
        if fold(tok) in r.level_tokens or fold(tok) in r.enterprise_lead_words:
            s += m.end()
            continue
        break
    for a in list(re.finditer(r"\s+and\s+", text[s:e]))[::-1]:  # "... Industrial Park and Da Nang University"
        last = text[s:s + a.start()].split()[-1:]
        if last and fold(last[0]) in r.name_end_words:
            s += a.end()
            break
    words = list(re.finditer(r"\S+", text[s:e]))
    for i, w in enumerate(words[1:], 1):
        if fold(w.group(0)) in surnames() and i + 1 < len(words) and words[i - 1].group(0) not in {"of", "and", "&"} \
                and _place_at(places, s + w.start()) is None:  # "State Bank of Vietnam, Quang Ninh branch"
            if all(looks_vietnamese_syllable(x.group(0).strip(",")) for x in words[i:i + 2]):
                e = s + words[i - 1].end()
                break
    while True:
        t = re.search(r"(?:\s+|,\s*)(?:and|&|of|the|for|on|in)?\s*$", text[s:e])
        if t and t.start() < e - s and t.group(0).strip(" ,"):
            e = s + t.start()
            continue
        if text[s:e].endswith(","):
            e -= 1
            continue
        break
    return s, e


_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
_POSSESSIVE = re.compile(r"'s\s+")


def _party_committees_of_bodies(text: str, out: list[OrgMention]) -> None:
    """"the Party Committee of the Khanh Hoa Provincial People's Committee", "the PPC's Party
    Committee": the Party Committee of that body (its row is the body's name and "Party
    Committee")."""
    for a in out:
        if a.org_type != "party_committee" or a.sub or not a.body_end:
            continue
        for b in out:
            if b is a or b.org_type in {"party_committee", "party_cell", "locality"} or b.generic:
                continue
            of = _OF_THE.match(text, a.body_end)
            if (of and b.start == of.end()) or (b.end <= a.start and _POSSESSIVE.fullmatch(text, b.end, a.start)):
                a.of_body, a.generic, a.central = b, False, False
                a.level, a.level_word = b.level, b.level_word
                a.start, a.end = min(a.start, b.start), max(a.body_end, b.end)
                break


_LIST_JOINER = re.compile(r"\s*,\s*(?:and\s+)?|\s*,?\s+and\s+")


def _places_after(text: str, places: list[PlaceMention], pos: int) -> list[PlaceMention]:
    """The places of a list that starts at ``pos`` ("Dien Bien, Lao Cai and Son La")."""
    run: list[PlaceMention] = []
    while True:
        p = next((x for x in places if x.start == pos), None)
        if p is None:
            return run
        run.append(p)
        j = _LIST_JOINER.match(text, p.end)
        if j is None:
            return run
        pos = j.end()


def _places_before(text: str, places: list[PlaceMention], pos: int) -> list[PlaceMention]:
    """The places of a list that ends right before ``pos`` (spaces between)."""
    end = pos - (len(text[:pos]) - len(text[:pos].rstrip()))
    run: list[PlaceMention] = []
    while True:
        p = next((x for x in places if x.end == end), None)
        if p is None:
            return run[::-1]
        run.append(p)
        j = re.search(r"(?:\s*,\s*(?:and\s+)?|\s*,?\s+and\s+)$", text[max(0, p.start - 8):p.start])
        if j is None:
            return run[::-1]
        end = p.start - len(j.group(0))


def _named_again(places: list[PlaceMention], raw: str, pos: int, r: OrgRules) -> PlaceMention | None:
    """A place of the report named again without its level word right before a body: a
    mention of that place at ``pos`` (None when no place of the report has that name)."""
    name = _strip_name(raw, r)
    if not name:
        return None
    p = next((x for x in places if x.key == fold(name) and x.level != "province"), None)
    if p is None:
        return None
    s = pos + raw.find(name)
    return PlaceMention(s, s + len(name), p.name, p.level_word, p.level, aside=True)


def _place_at(places: list[PlaceMention], pos: int) -> PlaceMention | None:
    for p in places:
        if p.start <= pos < p.end:
            return p
    return None


def _place_ending(places: list[PlaceMention], pos: int) -> PlaceMention | None:
    for p in places:
        if p.end == pos or (p.start < pos <= p.end):
            return p
    return None
