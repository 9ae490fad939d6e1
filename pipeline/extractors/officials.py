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

A title is ``[qualifier] [the] [org prefix] modifier* head [link tail]``: ``former PPC Vice
Chairman``, ``Secretary of the Party Committee of Tien Phong commune``.

The words are data, ``pipeline/data/officials.json`` (honorifics, title heads, modifiers,
org prefixes, qualifiers, tail words, chain separators, historical figures, credit words,
words that are no part of a name, title ranks, the titles that name a Party secretary or a
village head), with the level words of ``pipeline/data/levels.json``. :func:`rules_for`
compiles them, with a user's pattern files, into an :class:`OfficialRules`; the functions
take it as ``rules`` (None: the shipped rules).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import regex as re

from .. import vocab
from ..errors import RuleError
from ..rules import Vocab, alternation, declare, load
from ..textutil import ENGLISH_CAPS, VI_SYLLABLE, fold, looks_vietnamese_syllable, surnames

declare("officials", {
    "honorifics": Vocab("words"),
    "honorific_forms": Vocab("map"),
    "person_honorifics": Vocab("words"),
    "title_heads": Vocab("patterns"),
    "title_modifiers": Vocab("patterns"),
    "org_prefixes": Vocab("patterns"),
    "title_qualifiers": Vocab("patterns"),
    "dropped_qualifiers": Vocab("words"),
    "title_links": Vocab("words"),
    "title_tail_words": Vocab("patterns"),
    "chain_separators": Vocab("patterns"),
    "historical_figures": Vocab("words"),
    "credit_words": Vocab("patterns"),
    "not_name_words": Vocab("words"),
    "name_syllables": Vocab("words"),
    "name_initials": Vocab("words"),
    "place_words_after_name": Vocab("words"),
    "title_ranks": Vocab("records", fields=("pattern", "rank"), regex_fields=("pattern",)),
    "party_secretary_titles": Vocab("patterns"),
    "cell_secretary_titles": Vocab("patterns"),
    "village_head_titles": Vocab("patterns"),
    "article_titles": Vocab("patterns"),
})

# the shapes of the grammar (no vocabulary): a name syllable, any capitalised word of a
# body's name before a title, what a title's tail runs through besides words
_NAME_TOK = r"\p{Lu}(?:[\p{Ll}\p{M}]*(?:'\p{Lu}?[\p{Ll}\p{M}]+)?)"
_CAPITALISED_ORG = r"\p{Lu}[\p{L}]+(?:\s+\p{Lu}[\p{L}']+){0,4}"
_TAIL_SHAPES = (r"\p{Lu}[\p{L}\p{M}\d'\-]*", r"\d+[A-Z]?")
# what opens a chain of titles after a name: punctuation, then "who is" / "the"
_AFTER_NAME = (r"(?:\s*(?:,|-|–|—|\(|:)\s*(?:who\s+is\s+|the\s+|{ARTICLE})?"
               r"|\s+(?:was|were|has\s+been|is)\s+(?:re-?)?(?:elected|appointed)\s+(?:(?:as|to\s+the\s+post\s+of)\s+)?(?:the\s+)?"
               r"|\s+(?:continues|continued|remains|remained|stays)\s+(?:to\s+serve\s+)?as\s+(?:the\s+)?)")
# a title kept ends at a word, not at a joiner ("Chairman of the" -> "Chairman")
_TRAILING_JOINER = re.compile(r"\s+(?:and|the|of|in|at|for)$")
DEFAULT_TITLE_RANK = 4


def _words(entries: Iterable[str]) -> str:
    """Literal words as an alternation body, escaped, in order."""
    return "|".join(re.escape(w) for w in entries)


class OfficialRules:
    """The officials grammar compiled from its vocabularies (the shipped files and the user's
    pattern files ``patterns``). Build it with :func:`rules_for`, which caches it."""

    def __init__(self, patterns: tuple[str, ...] = ()) -> None:
        self.patterns = patterns
        v = load("officials", patterns)
        for name in ("title_ranks",):
            for i, rec in enumerate(v[name]):
                if isinstance(rec["rank"], bool) or not isinstance(rec["rank"], (int, float)):
                    raise RuleError(f"officials.{name}[{i}]: rank must be a number, not {rec['rank']!r}")
        level_modifiers = [w[:1].upper() + w[1:] for w in vocab.level_words_for("adjective", patterns)]
        tail_levels = vocab.level_words_for("title_tail", patterns)
        not_name_levels = vocab.level_words_for("not_name", patterns)

        # -- honorifics and names
        self.honorifics: list[str] = list(v["honorifics"])
        self.honorific_forms: dict[str, str] = dict(v["honorific_forms"])
        self.person_honorifics: tuple[str, ...] = tuple(v["person_honorifics"])
        hon = _words(sorted(self.honorifics, key=len, reverse=True))
        self.hon_name = re.compile(rf"(?<![\p{{L}}])(?P<hon>{hon})\s+(?P<name>{_NAME_TOK}(?:\s+{_NAME_TOK}){{0,4}})")
        self.name_run = re.compile(rf"(?<![\p{{L}}\d])({_NAME_TOK}(?:\s+{_NAME_TOK}){{1,9}})(?![\p{{L}}])")
        self.historical = frozenset(fold(n) for n in v["historical_figures"])
        self.credit = re.compile(alternation(v["credit_words"]) + r"\s*:?\s*(?:\p{Lu}\p{L}*\s*){0,4}$", re.IGNORECASE)
        self.not_name_words = frozenset([*v["not_name_words"], *not_name_levels])
        self.name_syllables = frozenset(fold(w) for w in v["name_syllables"])  # "Le The Quang"
        self.name_initials = frozenset(v["name_initials"])
        # a level or body word right after a name: the name is a place ("Lai Chau province")
        self.place_word_after_name = re.compile(
            r"\s*(?:" + _words([*not_name_levels, *v["place_words_after_name"]]) + r")\b", re.IGNORECASE)

        # -- titles
        self.head = alternation(v["title_heads"])
        self.modifier = r"(?:(?:" + "|".join([*v["title_modifiers"], *level_modifiers]) + r")\s+)"
        self.org_prefix = r"(?:(?:" + "|".join([*v["org_prefixes"], _CAPITALISED_ORG]) + r")(?:'s)?\s+)"
        self.tail_token = ("(?:" + "|".join([*v["title_tail_words"], *tail_levels, *_TAIL_SHAPES]) +
                           r"|and(?!\s+(?:former\s+|concurrently\s+)?" + self.modifier + r"*" + self.head + r"))")
        self.title = (rf"(?:{alternation(v['title_qualifiers'])}\s+)?"
                      rf"(?:the\s+)?{self.org_prefix}?{self.modifier}*{self.head}"
                      rf"(?:\s+(?:{_words(v['title_links'])})\s+{self.tail_token}(?:\s+{self.tail_token}){{0,14}})?")
        # after a name and its comma or dash, a title may start in lower case ("..., member of
        # the Standing Committee ..."); before a name only as written
        lc = [h[0].lower() + h[1:] for h in [*v["title_heads"], *v["title_modifiers"]] if h[:1].isupper()]
        head_any = alternation([*v["title_heads"], *lc[:len([h for h in v["title_heads"] if h[:1].isupper()])]])
        mod_any = r"(?:(?:" + "|".join([*v["title_modifiers"], *level_modifiers,
                                        *lc[len([h for h in v["title_heads"] if h[:1].isupper()]):]]) + r")\s+)"
        self.title_any = (rf"(?:{alternation(v['title_qualifiers'])}\s+)?"
                          rf"(?:the\s+)?{self.org_prefix}?{mod_any}*{head_any}(?![\p{{L}}-])"
                          rf"(?:\s+(?:{_words(v['title_links'])})\s+{self.tail_token}(?:\s+{self.tail_token}){{0,14}})?")
        self.chain_sep = alternation(v["chain_separators"])
        self.title_re = re.compile(self.title)
        self.title_any_re = re.compile(self.title_any)
        self.title_hint = re.compile(self.head)
        article = rf"an?\s+(?=(?:{'|'.join(v['article_titles'])})\b)"
        self.chain_after = re.compile(rf"{_AFTER_NAME.replace('{ARTICLE}', article)}(?P<chain>{self.title_any}(?:{self.chain_sep}{self.title_any})*)")
        self.chain_before = re.compile(rf"(?P<chain>{self.title}(?:{self.chain_sep}{self.title})*)\s*,?\s*$")
        self.chain_separator = re.compile(self.chain_sep)
        self.dropped_qualifier = re.compile(rf"^(?:{_words(v['dropped_qualifiers'])})\s+")

        # -- what a title says of its body (read by the annotator)
        self.title_ranks: list[tuple[re.Pattern, float]] = [
            (re.compile(rec["pattern"], re.IGNORECASE), rec["rank"]) for rec in v["title_ranks"]]
        self.party_secretary_title = re.compile(alternation(v["party_secretary_titles"]), re.IGNORECASE)
        self.cell_secretary_title = re.compile(alternation(v["cell_secretary_titles"]), re.IGNORECASE)
        self.village_head_title = re.compile(alternation(v["village_head_titles"]))


def rules_for(patterns: Iterable[str | Path] = ()) -> OfficialRules:
    """The officials grammar with the user's pattern files ``patterns`` (compiled once)."""
    return _rules_for(tuple(str(p) for p in patterns))


@lru_cache(maxsize=16)
def _rules_for(patterns: tuple[str, ...]) -> OfficialRules:
    return OfficialRules(patterns)


_SHIPPED = rules_for()
# the shipped grammar under the names other modules use
HONORIFICS = _SHIPPED.honorifics
TITLE_RE = _SHIPPED.title_re
TITLE_HINT = _SHIPPED.title_hint
CHAIN_AFTER = _SHIPPED.chain_after
CHAIN_BEFORE = _SHIPPED.chain_before
HISTORICAL = _SHIPPED.historical
NAME_RUN = _SHIPPED.name_run
HON_NAME = _SHIPPED.hon_name


def title_rank(title: str, rules: OfficialRules | None = None) -> float:
    """How senior a title is (lower = more senior): the rank of the first ``title_ranks``
    record whose pattern matches it (any case), else 4."""
    for rx, rank in (rules or _SHIPPED).title_ranks:
        if rx.search(title):
            return rank
    return DEFAULT_TITLE_RANK


@dataclass
class Person:
    name: str
    honorific: str = ""
    titles: list[str] = field(default_factory=list)
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    comrade: bool = False
    # a signature's "ON BEHALF OF THE PEOPLE'S COMMITTEE": where the body signed for is named
    signed_for: tuple[int, int] | None = None

    @property
    def key(self) -> str:
        return fold(self.name)


def _name_syllable(toks: list[str], i: int, r: OfficialRules) -> bool:
    """An English-looking word that is a syllable of this name: "The" in "Le The Quang",
    "Ten" in "Lo Van Ten" (after a family name), "A" in "A Pớt" (an ethnic initial)."""
    t = toks[i]
    if i == 0:
        return t in r.name_initials and len(toks) >= 2
    return fold(t) in r.name_syllables or (fold(toks[0]) in surnames() and bool(VI_SYLLABLE.match(fold(t))))


def _clean_name(name: str, r: OfficialRules) -> str:
    toks = name.split()
    out = []
    for i, t in enumerate(toks):
        if t.endswith(("'s", "'S")):
            out.append(t[:-2])
            break
        if len(t) == 1 and i > 0:
            out.append(t)  # "Giàng A Dua"
            continue
        if fold(t).replace("'", "") in r.not_name_words or (fold(t) in ENGLISH_CAPS and fold(t) not in surnames()
                                                              and not _name_syllable(toks, i, r)):
            break
        out.append(t)
    return " ".join(out)


def split_chain(chain: str, offset: int, rules: OfficialRules | None = None) -> list[tuple[str, int, int]]:
    """Split a title chain into titles with their offsets."""
    r = rules or _SHIPPED
    parts: list[tuple[str, int, int]] = []
    pos = 0
    for m in r.title_any_re.finditer(chain):
        if m.start() < pos:
            continue
        gap = chain[pos:m.start()]
        if parts and not r.chain_separator.fullmatch(gap) and gap.strip():
            break
        t = m.group(0)
        t = r.dropped_qualifier.sub("", t)
        t = _TRAILING_JOINER.sub("", t.strip())
        lead = m.group(0).find(t) if t in m.group(0) else 0
        parts.append((t, offset + m.start() + lead, offset + m.start() + lead + len(t)))
        pos = m.end()
    return parts


def _is_name(tokens: list[str], need_surname: bool, r: OfficialRules) -> bool:
    if not 2 <= len(tokens) <= 5 or fold(" ".join(tokens)) in r.historical:
        return False
    if need_surname and fold(tokens[0]) not in surnames():
        return False
    return all(looks_vietnamese_syllable(t) or fold(t) in surnames() or (len(t) == 1 and i > 0)
               or _name_syllable(tokens, i, r) for i, t in enumerate(tokens))


class _Found:
    """The people of one document found so far, by folded name."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.shorts: list[tuple[str, str, int, int]] = []  # "Mr. Hung": resolved at the end
        self.spans_taken: list[tuple[int, int]] = []

    def add(self, name: str, hon: str, s: int, e: int, titles: list[tuple[str, int, int]]) -> None:
        key = fold(name)
        p = self.people.get(key)
        if p is None:
            p = self.people[key] = Person(name)
        if hon and not p.honorific:
            p.honorific = hon
        if hon.startswith("Comrade"):
            p.comrade = True
        p.mentions.append((s, e))
        for t, ts, te in titles:
            if not any(_restates(t, x) for x in p.titles):
                p.titles.append(t)
                p.title_spans.append((ts, te))
        self.spans_taken.append((s, e))


_TITLE_FILLERS = frozenset({"of", "the", "'s"})


def _restates(new: str, old: str) -> bool:
    """A title said again, maybe shorter ("Chairman" after "Chairman of the Dak Nong Provincial
    People's Committee", "Vice Chairman of the Provincial People's Committee" after "Vice Chairman
    of Quang Nam Provincial People's Committee"): same first word, no word the first lacks."""
    a, b = fold(new).split(), fold(old).split()
    return bool(a) and a[0] == b[0] and set(a) - _TITLE_FILLERS <= set(b)


def find_people(text: str, sentences: list[tuple[int, int]], place_spans: list[tuple[int, int]],
                extra_names: list[tuple[int, int]] | None = None, *,
                rules: OfficialRules | None = None) -> list[Person]:
    """People in official roles, merged per document (full names and short references).
    ``extra_names`` are name spans from a statistical model; they become officials when the
    title grammar finds a title beside them. ``rules``: an :class:`OfficialRules` (None: the
    shipped grammar)."""
    r = rules or _SHIPPED
    found = _Found()
    for ss, se in sentences:
        _coordinated_names(text, ss, se, place_spans, found, r)
        _honorific_names(text, ss, se, place_spans, found, r)
        _surname_names(text, ss, se, place_spans, found, r)
    _model_names(text, sentences, place_spans, extra_names or [], found, r)
    _signature_names(text, found, r)
    _short_references(found)
    _merge_name_ends(found.people)
    return [p for p in found.people.values() if p.titles or p.comrade]


def _honorific_names(text: str, ss: int, se: int, place_spans: list[tuple[int, int]],
                     found: _Found, r: OfficialRules) -> None:
    """1) honorific + name; a one-word (or surname-less two-word) name is a short reference."""
    for m in r.hon_name.finditer(text[ss:se]):
        hon = m.group("hon")
        hon_norm = r.honorific_forms.get(hon, hon)
        name = _clean_name(m.group("name"), r)
        if not name:
            continue
        toks = name.split()
        s = ss + m.start("name")
        e = s + len(name)
        if _in_spans(s, place_spans) and len(toks) >= 2 and not hon_norm.startswith(r.person_honorifics):
            continue
        ethnic = len(toks) >= 2 and (toks[0] in r.name_initials or "'" in toks[0][1:3])  # "A Pớt", "H'Lim Niê"
        if (len(toks) == 1 and "'" not in name[1:3]) or (len(toks) == 2 and fold(toks[0]) not in surnames() and not ethnic):
            found.shorts.append((name, hon_norm, s, e))
            continue
        titles = _titles_around(text, ss, se, s, e, m.start() + ss, r)
        found.add(name, hon_norm, s, e, titles)


_COORDINATED = re.compile(
    rf"(?P<a>{_NAME_TOK}(?:\s+{_NAME_TOK}){{1,4}})\s+and\s+(?P<b>{_NAME_TOK}(?:\s+{_NAME_TOK}){{1,4}})"
    r"\s+(?:were|have\s+been)\s+(?:re-?)?(?:elected|appointed)\s+(?:as\s+)?(?:the\s+)?(?P<title>[^,.;]{4,120})")
# the plural of a title's head -> its singular ("Deputy Secretaries" -> "Deputy Secretary")
_PLURAL_HEAD = ((re.compile(r"ies\b"), "y"), (re.compile(r"(?<=m)en\b"), "an"), (re.compile(r"(?<=[a-z])s\b"), ""))


def _singular_title(words: str, r: OfficialRules) -> tuple[str, int]:
    """The title a plural names ("Deputy Secretaries of the Party Committee" -> "Deputy Secretary
    of the Party Committee"): its first plural word made singular, when a title then starts
    the words and runs past it ('' if none), and how many characters shorter it is."""
    for w in re.finditer(r"\p{L}+", words):
        for rx, repl in _PLURAL_HEAD:
            single = rx.sub(repl, w.group(0), count=1)
            if single == w.group(0):
                continue
            cand = words[:w.start()] + single + words[w.end():]
            t = r.title_re.match(cand)
            if t is not None and t.end() >= w.start() + len(single):
                return _TRAILING_JOINER.sub("", t.group(0).strip()), len(w.group(0)) - len(single)
            break
    return "", 0


def _coordinated_names(text: str, ss: int, se: int, place_spans: list[tuple[int, int]],
                       found: _Found, r: OfficialRules) -> None:
    """0) two names given one title in the plural: "comrades Ma Van Cuong and Duong Thi Nga were
    appointed Deputy Secretaries" (each is a Deputy Secretary)."""
    for m in _COORDINATED.finditer(text, ss, se):
        title, shorter = _singular_title(m.group("title"), r)
        if not title:
            continue  # one title for two people in the singular is no such list
        for g in ("a", "b"):
            name = _clean_name(m.group(g), r)
            if not _is_name(name.split(), need_surname=False, r=r) or _in_spans(m.start(g), place_spans):
                continue
            s = m.start(g)
            found.add(name, "", s, s + len(name), [(title, m.start("title"), m.start("title") + len(title) + shorter)])


_APOSTROPHE_NAME = re.compile(r"[HK]'\p{Lu}[\p{Ll}\p{M}]+")


def _surname_names(text: str, ss: int, se: int, place_spans: list[tuple[int, int]],
                   found: _Found, r: OfficialRules) -> None:
    """2) surname-led names with a title before or after."""
    for m in r.name_run.finditer(text[ss:se]):
        s, e = ss + m.start(1), ss + m.end(1)
        if _in_spans(s, found.spans_taken):
            continue
        raw = m.group(1)
        toks = raw.split()
        # the name starts at a family name and runs to the first word that cannot be
        # part of a name ("Mai Chau District People's Committee Xa Thi Hong Nhung")
        name = ""
        for i, t in enumerate(toks):
            # a family name, an ethnic initial ("A Pháo", "Y Khu Niê") or an apostrophe name ("K'Brơi")
            initial = (t in r.name_initials and i + 1 < len(toks)) or bool(_APOSTROPHE_NAME.match(t))
            if fold(t) not in surnames() and not initial:
                continue
            cand = _clean_name(" ".join(toks[i:]), r)
            if _is_name(cand.split(), need_surname=not initial, r=r) or (initial and _APOSTROPHE_NAME.fullmatch(cand)):
                name = cand
                # a place name before a body word is no person: try further right
                if r.place_word_after_name.match(raw[raw.find(cand) + len(cand):] + text[e:e + 15]) and i + len(cand.split()) < len(toks):
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
        if r.place_word_after_name.match(text[e:e + 15]):
            continue
        if r.credit.search(text[max(ss, s - 30):s]):
            continue
        titles = _titles_around(text, ss, se, s, e, s, r)
        if not titles:
            continue
        found.add(name, "", s, e, titles)


_SIGNATURE = re.compile(
    r"^[ \t]*(?P<title>\p{Lu}[\p{Lu}'’ \t-]{3,70}?)[ \t]*\n"  # SECRETARY, VICE CHAIRMAN
    r"(?:[ \t]*\n){0,2}(?:[ \t]*[(\[][^\n()\[\]]{0,40}[)\]][ \t]*\n(?:[ \t]*\n){0,2})?"  # (signed and sealed)
    rf"[ \t]*(?P<name>{_NAME_TOK}(?:[ \t]+{_NAME_TOK}){{1,4}})[ \t]*$", re.MULTILINE)


_SIGNATURE_NAME_FIRST = re.compile(
    r"^[ \t]*ON[ \t]+BEHALF[ \t]+OF[^\n]*\n(?:[ \t]*\p{Lu}{3,}(?:[ \t]+\p{Lu}{2,}){0,3}[ \t]*\n)?"  # PRESIDIUM
    r"(?:[ \t]*[(\[][^\n()\[\]]{0,40}[)\]][ \t]*\n)?"
    rf"[ \t]*(?P<name>{_NAME_TOK}(?:[ \t]+{_NAME_TOK}){{1,4}})[ \t]*\n[ \t]*(?P<title>[^\n]{{4,120}}?)[ \t]*$", re.MULTILINE)


# the line above a signature's title: whom the signer signs for
_ON_BEHALF = re.compile(r"^[ \t]*ON[ \t]+BEHALF[ \t]+OF[ \t]+(?P<body>[^\n]+?)[ \t]*\n(?:[^\n]*\n){0,2}[ \t]*\Z",
                        re.MULTILINE)


# the capitals line above a signature's title line: the title's first half when a PDF wrapped it
_CAPS_LINE_BEFORE = re.compile(r"^[ \t]*(?P<line>\p{Lu}[\p{Lu}'’ \t-]{3,70}?)[ \t]*\n[ \t]*\Z", re.MULTILINE)


def _caps_title(caps: str) -> str:
    """A title in capitals as the title vocabulary writes it ("VICE CHAIRMAN" -> "Vice Chairman")."""
    title = " ".join(w.capitalize() if "'" not in w else w[:1] + w[1:].lower() for w in caps.split())
    return re.sub(r"\b(Of|The|And|For|On|To)\b", lambda x: x.group(1).lower(), title)


def _signature_title(text: str, m: re.Match, r: OfficialRules) -> tuple[str, int]:
    """The title of a signature block and where it starts ("", -1: none): the capitals line above
    the name; else that line with the one before it (a title a PDF wrapped over two lines); else
    the end of an "ON BEHALF OF THE STANDING BOARD HEAD" line (the body and the title joined)."""
    caps, ts = m.group("title"), m.start("title")
    title = _caps_title(caps)
    if r.title_re.fullmatch(title):
        return title, ts
    before = _CAPS_LINE_BEFORE.search(text, max(0, ts - 100), ts)
    if before is not None and not before.group("line").lstrip().upper().startswith("ON BEHALF"):
        joined = _caps_title(before.group("line") + " " + caps)
        if r.title_re.fullmatch(joined):
            return joined, before.start("line")
    words = caps.split()
    if caps.lstrip().upper().startswith("ON BEHALF OF"):
        for k in range(1, min(4, len(words) - 3) + 1):
            tail = _caps_title(" ".join(words[-k:]))
            if r.title_re.fullmatch(tail):
                return tail, ts + caps.rindex(words[-k])
    return "", -1


def _signature_names(text: str, found: _Found, r: OfficialRules) -> None:
    """3) a signature block: a title in capitals, maybe "(signed)", then a name on its own
    line ("ON BEHALF OF THE PEOPLE'S COMMITTEE / CHAIRMAN / (signed) / Phan Quoc Hung")."""
    for m in _SIGNATURE.finditer(text):
        title, ts = _signature_title(text, m, r)
        if not title:
            continue
        name = _clean_name(m.group("name"), r)
        toks = name.split()
        if not _is_name(toks, need_surname=False, r=r) or fold(name) in r.historical:
            continue
        s = m.start("name")
        found.add(name, "", s, s + len(name), [(title, ts, ts + len(title))])
        on_behalf = _ON_BEHALF.search(text, max(0, m.start() - 200), m.start())
        if on_behalf is not None:
            found.people[fold(name)].signed_for = on_behalf.span("body")
    for m in _SIGNATURE_NAME_FIRST.finditer(text):  # "ON BEHALF OF ... / name / Secretary of ..."
        name = _clean_name(m.group("name"), r)
        titles = split_chain(m.group("title"), m.start("title"), r)
        if titles and _is_name(name.split(), need_surname=False, r=r) and fold(name) not in r.historical:
            s = m.start("name")
            found.add(name, "", s, s + len(name), titles)


def _model_names(text: str, sentences: list[tuple[int, int]], place_spans: list[tuple[int, int]],
                 extra_names: list[tuple[int, int]], found: _Found, r: OfficialRules) -> None:
    """2b) names a span model found that the grammar did not, when a title stands beside them."""
    starts = [a for a, _ in sentences]
    for s, e in extra_names:
        if _in_spans(s, found.spans_taken) or any(a <= s < b for a, b in place_spans):
            continue
        raw = text[s:e].split()
        lead = next((i for i, t in enumerate(raw) if fold(t) in surnames()), 0)
        if lead:  # "Assembly Hà Thị Ngọc Lan": the name starts at its family name
            s += len(" ".join(raw[:lead])) + 1
        name = _clean_name(text[s:e], r)
        toks = name.split()
        if not 2 <= len(toks) <= 5 or fold(name) in r.historical:
            continue
        e = s + len(name)
        i = max(0, bisect_right(starts, s) - 1)
        ss, se = sentences[i] if sentences else (0, len(text))
        if r.credit.search(text[max(ss, s - 30):s]):
            continue
        titles = _titles_around(text, ss, se, s, e, s, r)
        if titles:
            found.add(name, "", s, e, titles)


def _short_references(found: _Found) -> None:
    """3) short references: "Mr. Hung" -> the one person whose name ends the same way."""
    for name, hon, s, e in found.shorts:
        fs = fold(name)
        match = [p for p in found.people.values() if p.key.endswith(" " + fs) or p.key == fs]
        if len(match) == 1:
            match[0].mentions.append((s, e))
            if hon and not match[0].honorific:
                match[0].honorific = hon


def _merge_name_ends(people: dict[str, Person]) -> None:
    """A name found alone that ends one longer name ("Văn Hòa", "Châu Văn Hòa") is that person:
    its mentions and titles go to the longer one, and it is no official of its own."""
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


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _titles_around(text: str, ss: int, se: int, s: int, e: int, lead_start: int,
                   r: OfficialRules) -> list[tuple[str, int, int]]:
    """Titles after the name (comma, dash, parenthesis) or right before it."""
    titles: list[tuple[str, int, int]] = []
    m = r.chain_after.match(text, e, se)
    if m:
        titles = split_chain(m.group("chain"), m.start("chain"), r)
    prefix = text[max(ss, lead_start - 260):lead_start]
    if prefix.strip():
        b = r.chain_before.search(prefix)
        if b and not r.credit.search(prefix):
            off = lead_start - len(prefix)
            before = split_chain(b.group("chain"), off + b.start("chain"), r)
            # "the role of the Party Secretary and Chairman ..., Duong Doan Hung": keep the chain
            titles = before + titles
    # drop titles that are just a bare modifier word
    return [(t, a, b) for t, a, b in titles if len(t) > 3]
