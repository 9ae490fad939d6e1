"""Places and organizations.

Grammar (each form has a case in ``tests/test_orgs.py``):

* named localities: ``Minh Chau commune``, ``Hoang Mai Ward``, ``Huu Lung district``,
  ``the province of Lai Chau``, ``Ward 5``, ``Hamlet 3``; province and centrally-run city
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
  province, else the next one named in the same sentence; left generic when there is none.
* plural and generic bodies (``Party committees at all levels``, ``People's Committees``)
  are no organization.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex as re

from ..textutil import ENGLISH_CAPS, Segmented, fold, fold_same_length, gazetteer, looks_vietnamese_syllable, surnames

LEVEL_OF_WORD = {
    "province": "province", "provincial": "province", "city": "district", "municipal": "province",
    "district": "district", "town": "district", "township": "commune", "commune": "commune",
    "ward": "commune", "village": "village", "hamlet": "village", "residential group": "village",
    "quarter": "village", "group": "village",
}
CANON_LEVEL_WORD = {"provincial": "province", "municipal": "city"}
ORG_LEVEL_ADJ = {"province": "Provincial", "district": "District", "commune": "commune",
                 "ward": "ward", "city": "City", "town": "Town", "village": "village",
                 "hamlet": "hamlet", "township": "township", "residential group": "residential group",
                 "quarter": "quarter", "group": "group"}

_TOK = r"\p{Lu}(?:'\p{L}[\p{Ll}\p{M}]*|[\p{Ll}\p{M}]+(?:'\p{L}[\p{Ll}\p{M}]*)?|(?=\s+\p{Ll}))"
_NAME = rf"{_TOK}(?:(?:\s+|\s?-\s?){_TOK}){{0,4}}"
_LEVEL = r"(?:[Pp]rovince|[Pp]rovincial|[Cc]ity|[Mm]unicipal|[Dd]istrict|[Tt]own|[Tt]ownship|[Cc]ommune|[Ww]ard|[Vv]illage|[Hh]amlet|[Rr]esidential\s+[Gg]roup)"
_LEVEL_ADJ = r"(?:Provincial|Province|District|Commune|Ward|City|Municipal|Town|Township|Village|Hamlet|provincial|province|district|commune|ward|city|municipal|town|village|hamlet)"

PLACE_A = re.compile(rf"(?P<name>{_NAME})\s+(?P<lvl>{_LEVEL})\b(?!-)")
PLACE_B = re.compile(rf"\b(?P<lvl>[Pp]rovince|[Cc]ommune|[Ww]ard|[Dd]istrict|[Cc]ity|[Tt]own|[Vv]illage|[Hh]amlet)\s+of\s+(?P<name>{_NAME})")
PLACE_LIST = re.compile(rf"(?P<list>{_NAME}(?:(?:\s*,\s*{_NAME})+(?:\s*,?\s+and\s+{_NAME})?|\s+and\s+{_NAME}))\s+(?P<lvl>communes|wards|districts|provinces|villages|hamlets|towns)\b")
PLACE_LIST_OF = re.compile(rf"\b(?P<lvl>communes|wards|districts|villages|hamlets)\s+of\s+(?P<list>{_NAME}(?:(?:\s*,\s*{_NAME})*\s*,?\s+and\s+{_NAME}))")
PLACE_NUM = re.compile(r"\b(?P<lvl>Ward|District|Hamlet|Village|Residential Group|Group|Quarter|Zone)\s+(?P<num>\d{1,3}[A-Z]?)\b(?![.,]\d)")

_CAPW = r"(?:\p{Lu}[\p{L}'\-]*)"
_DEPT_NAME = rf"(?:{_CAPW}|and|&)(?:(?:\s+|,\s+)(?:{_CAPW}|and|&)){{0,7}}"
BODIES: list[tuple[str, str, str | None]] = [
    # (regex, org_type, canonical body; None = as written)
    (r"Party\s+(?:Standing\s+(?:Committee|Board)|Executive\s+Committee)", "party_committee", "Party Committee"),
    (r"Party\s+Committee(?!s)", "party_committee", "Party Committee"),
    (r"Party\s+[Cc]ell(?!s)", "party_cell", "Party Cell"),
    (r"People'?s\s+Committee(?!s)", "peoples_committee", "People's Committee"),
    (r"People'?s\s+Council(?!s)", "peoples_council", "People's Council"),
    (r"Politburo|Party\s+Central\s+Committee'?s\s+Secretariat", "party_committee", None),
    (r"Central\s+(?:Inspection|Organi[sz]ation|Propaganda(?:\s+and\s+(?:Education|Mass\s+Mobili[sz]ation))?|"
     r"Mass\s+Mobili[sz]ation|Economic|Internal\s+Affairs|Policy\s+and\s+Strategy)\s+(?:Commission|Board|Committee)",
     "party_committee", None),
    (r"(?:Vietnam\s+)?Fatherland\s+Front(?:\s+Central)?(?:\s+Committee)?", "mass_organization", None),
    (r"(?:Farmers'?|Women'?s|Veterans'?|Elderly\s+People'?s|Elderly|Business|Enterprises'?|"
     r"Cooperatives'?|Journalists'?|Lawyers'?|Red\s+Cross|Agricultural\s+Cooperatives?|Gardening)"
     r"\s+(?:Association|Union|Federation|Society)", "mass_organization", None),
    (r"(?:Ho\s+Chi\s+Minh\s+)?(?:Communist\s+)?Youth\s+Union", "mass_organization", None),
    (r"(?:Labou?r\s+(?:Federation|Confederation)|Trade\s+Union)", "mass_organization", None),
    (rf"(?:Sub-)?Department\s+of\s+{_DEPT_NAME}", "government", None),
    (r"(?:(?:\p{Lu}[\p{L}]+)\s+){1,3}Department(?!s)(?!\s+of\b)", "government", None),
    (rf"Ministry\s+of\s+{_DEPT_NAME}", "government", None),
    (rf"(?:{_CAPW}\s+){{0,6}}(?:Project\s+)?Management\s+Board(?:\s+(?:of\s+{_DEPT_NAME}|\d+))?", "government", None),
    (r"Public\s+Administra(?:tion|tive)\s+Service\s+Cent(?:er|re)", "government", None),
    (r"Land\s+(?:Fund\s+)?Development\s+(?:Cent(?:er|re)|Fund)", "government", None),
    (r"Steering\s+Committee\s+(?:for|on)\s+(?:[\p{L}\-]+\s+){0,7}?(?:[\p{L}\-]+)(?=\s*[,.;:(]|\s+(?:has|have|had|was|were|is|are|said|reported|directed|asked|to)\b)", "government", None),
    (r"(?:Military\s+Command|Border\s+Guard\s+(?:Command|Station)|Military\s+Region\s+\d+|Police(?:\s+Department)?)", "government", None),
    (r"(?:Delegation\s+of\s+National\s+Assembly\s+Deputies|National\s+Assembly\s+Delegation|"
     r"National\s+Assembly(?:\s+Standing\s+Committee)?)", "government", None),
    (r"(?:Committee\s+for\s+Ethnic\s+Minority\s+Affairs|Ethnic\s+(?:Minority\s+)?Affairs\s+Committee|"
     r"OCOP\s+Council|Civil\s+Aviation\s+Authority\s+of\s+Vietnam|Government\s+Office|"
     r"State\s+Bank\s+of\s+Vietnam|State\s+Treasury|Tax\s+Department|Social\s+Insurance|"
     r"People'?s\s+Court|People'?s\s+Procuracy|New\s+Rural\s+Coordination\s+Office|"
     rf"Institute\s+of\s+{_DEPT_NAME})", "government", None),
    (r"(?:Vietnam\s+)?Bank\s+for\s+Social\s+Policies", "enterprise", None),
]
_SUB_BODY = (r"(?:Inspection\s+Commission|Organi[sz]ation\s+(?:Board|Commission)|"
             r"Propaganda\s+(?:and\s+(?:Education|Mass\s+Mobili[sz]ation)\s+)?(?:Board|Commission|Department)|"
             r"Mass\s+Mobili[sz]ation\s+(?:Board|Commission)|Internal\s+Affairs\s+(?:Board|Commission)|"
             r"Economic\s+Commission|Policy\s+and\s+Strategy\s+Commission|Office)")
_FOLD_SUB = r"(?:Standing\s+(?:Committee|Board)|Executive\s+Committee)"
_LEFT_LEVEL = re.compile(rf"(?:(?P<name>{_NAME})\s+)?(?P<lvl>{_LEVEL_ADJ})(?:'s)?\s+$")
_LEFT_NAME = re.compile(rf"(?P<name>{_NAME})(?:'s)?\s+$")
_RIGHT_LEVEL = re.compile(rf"\s+of\s+(?:the\s+)?(?:(?P<name>{_NAME})\s+)?(?P<lvl>{_LEVEL})\b")
_RIGHT_NAME = re.compile(rf"\s+of\s+(?:the\s+)?(?P<name>{_NAME})")
_POSS_SUB = re.compile(rf"'s\s+(?P<sub>{_SUB_BODY})")
_POSS_FOLD = re.compile(rf"'s\s+{_FOLD_SUB}")
_SUB_OF = re.compile(rf"(?P<sub>{_SUB_BODY})\s+of\s+(?:the\s+)?$")
BODY_RE = re.compile("|".join(f"(?P<b{i}>{pat})" for i, (pat, _, _) in enumerate(BODIES)))
ABBREV = {"PPC": ("province", "peoples_committee", "People's Committee"),
          "DPC": ("district", "peoples_committee", "People's Committee"),
          "CPC": ("commune", "peoples_committee", "People's Committee"),
          "PPCs": None}
ABBREV_RE = re.compile(r"\b(PPC|DPC|CPC)\b(?!s)")
ENTERPRISE_RE = re.compile(
    r"(?P<name>(?:(?:\p{Lu}[\p{L}&'\-]*|&|and)\s+){1,6}?(?:Joint\s+Stock\s+Company|JSC|"
    r"Company\s+Limited|Co\.,?\s*Ltd\.?|Company|Corporation|Group|Cooperative|Co-operative|Bank)"
    r"(?:\s+of\s+Vietnam)?)\b")

_PLURAL_DET = re.compile(r"\b(?:all|each|every|many|several|other|some|various|these|those|both|"
                         r"the\s+\w+\s+and|grassroots|affiliated|subordinate|levels?)\s+$", re.IGNORECASE)


@dataclass
class PlaceMention:
    start: int
    end: int
    name: str
    level_word: str  # commune / ward / district / province / city / town / village / hamlet
    level: str

    @property
    def key(self) -> str:
        return fold(self.name)

    @property
    def canonical(self) -> str:
        lw = CANON_LEVEL_WORD.get(self.level_word, self.level_word)
        if re.match(r"^(?:Ward|District|Hamlet|Village|Group|Residential Group|Quarter|Zone)\s+\d", self.name):
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

    @property
    def canonical(self) -> str:
        body = self.body
        if self.place is not None:
            lw = self.level_word or self.place.level_word
            adj = ORG_LEVEL_ADJ.get(lw, lw)
            if self.org_type == "government" and body.startswith("Department"):
                adj = "Provincial" if self.level == "province" else adj
            if self.org_type == "enterprise":
                out = body
            elif self.place.name.startswith(("Ward ", "District ", "Hamlet ", "Village ")):
                out = f"{self.place.name} {body}"
            else:
                out = f"{self.place.name} {adj} {body}"
        else:
            adj = ORG_LEVEL_ADJ.get(self.level_word, "") if self.level_word else ""
            out = f"{adj} {body}".strip()
        return f"{out} {self.sub}".strip() if self.sub else out


_ENGLISH_SUFFIX = re.compile(r"(?:tion|sion|al|ic|ment|ing|ity|ous|ive|ern|ary|ory|ics|ure|ance|ence|ship|ness|ist|ism|ed|ly|er|or)$")


def _place_token(tok: str) -> bool:
    """A token of a minority-language place name ("Pleiku", "Krong", "M'gar")."""
    f = fold(tok).replace("'", "")
    return (f.isalpha() and 2 <= len(f) <= 8 and f not in ENGLISH_CAPS
            and not _ENGLISH_SUFFIX.search(f))


_STRIP_NAME_RX1 = re.compile(r"(\s+|\s?-\s?)")


def _strip_name(name: str) -> str:
    """Drop leading English words ("In Minh Chau" -> "Minh Chau"); '' if none is left or a
    token does not look like part of a Vietnamese place name."""
    toks = _STRIP_NAME_RX1.split(name)
    words = [t for t in toks if t.strip() and t.strip() != "-"]
    while words and not looks_vietnamese_syllable(words[0]):
        words.pop(0)
    if not words:
        return ""
    if fold(" ".join(words)) in gazetteer():
        return " ".join(words)
    if not all(looks_vietnamese_syllable(w) or _place_token(w) for w in words):
        return ""
    # keep the original spacing / hyphens of the tail
    first = name.find(words[0])
    return name[first:].strip()


class PlaceFinder:
    def __init__(self) -> None:
        gaz = gazetteer()
        names = sorted(gaz, key=len, reverse=True)  # folded names and aliases
        alts = "|".join(r"[\s\-]*".join(re.escape(t) for t in re.split(r"[\s\-]+", n) if t) for n in names)
        # matched on the folded text (same length as the text), so "Nghệ An" = "Nghe An"
        self.gaz_re = re.compile(rf"(?<![a-z0-9])(?:{alts})(?![a-z0-9])")

    def find(self, text: str, blocked: list[tuple[int, int]]) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return not any(s < b and a < e for a, b in blocked + taken)

        for m in PLACE_A.finditer(text):
            raw = m.group("name")
            lvl_word = m.group("lvl").lower()
            lvl_word = re.sub(r"\s+", " ", lvl_word)
            name = _strip_name(raw)
            if not name:
                continue
            # "Hoang Mai ward" but not "the commune Party Committee": the level word needs a name
            s = m.start("name") + raw.find(name)
            e = m.end()
            if not free(s, e):
                continue
            if lvl_word == "provincial":
                lvl_word = "province"
            level = LEVEL_OF_WORD.get(lvl_word, "")
            if lvl_word == "city" and gazetteer().get(fold(name), ("", ""))[1] == "city":
                level = "province"
            out.append(PlaceMention(s, e, name, lvl_word, level))
            taken.append((s, e))
        for m in [*PLACE_LIST.finditer(text), *PLACE_LIST_OF.finditer(text)]:
            lw = m.group("lvl").lower()[:-1]
            for part in re.finditer(_NAME, m.group("list")):
                raw = part.group(0)
                if raw in {"and"}:
                    continue
                name = _strip_name(raw)
                if not name:
                    continue
                s = m.start("list") + part.start() + raw.find(name)
                e = s + len(name)
                if free(s, e):
                    out.append(PlaceMention(s, e, name, lw, LEVEL_OF_WORD.get(lw, "")))
                    taken.append((s, e))
        for m in PLACE_B.finditer(text):
            name = _strip_name(m.group("name"))
            if not name or not m.group("name").startswith(name.split()[0]):
                continue
            s, e = m.start(), m.start("name") + len(name)
            if not free(s, e):
                continue
            lw = m.group("lvl").lower()
            gaz = gazetteer().get(fold(name))
            if gaz is not None and lw not in {"province", "city"}:
                # "a border district of Nghe An": the named place is the province
                s = m.start("name")
                lw = "city" if gaz[1] == "city" else "province"
            out.append(PlaceMention(s, e, name, lw, LEVEL_OF_WORD.get(lw, "") if lw != "city" or gaz is None else "province"))
            taken.append((s, e))
        for m in PLACE_NUM.finditer(text):
            if not free(m.start(), m.end()):
                continue
            lw = m.group("lvl").lower()
            name = f"{m.group('lvl')} {m.group('num')}"
            out.append(PlaceMention(m.start(), m.end(), name, lw, LEVEL_OF_WORD.get(lw, "village")))
            taken.append((m.start(), m.end()))
        folded = fold_same_length(text)
        for m in self.gaz_re.finditer(folded):
            if not free(m.start(), m.end()):
                continue
            key = re.sub(r"\s*-\s*", " - ", m.group(0))
            disp, kind = gazetteer().get(key) or gazetteer().get(m.group(0)) or \
                gazetteer().get(re.sub(r"[\s\-]+", " ", m.group(0)), (text[m.start():m.end()], "province"))
            written = text[m.start():m.end()]
            if not written[:1].isupper():
                continue
            name = disp if kind == "city" and fold(disp) != fold(written) else written
            # "Hoa Binh" inside a longer name ("Hoa Binh Nguyen")? skip when glued to caps
            nxt = text[m.end():m.end() + 2]
            if re.match(r"\s\p{Lu}", nxt) and not re.match(r"\s(?:People|Party|Provincial|Department|City|Province|Police|Military|Fatherland|Farmers|Women|Youth|Veterans|PPC|DPC)", text[m.end():m.end() + 14]):
                continue
            lw = "city" if kind == "city" else "province"
            out.append(PlaceMention(m.start(), m.end(), name, lw, "province"))
            taken.append((m.start(), m.end()))
        out.sort(key=lambda p: p.start)
        return out


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
        if not provs:
            return None
        first_para_end = self.seg.paragraphs[1][1] if len(self.seg.paragraphs) > 1 else len(self.seg.text)
        early = [p for p in provs if p.start < first_para_end]
        if early:
            return early[0]
        counts = Counter(p.key for p in provs)
        key, n = counts.most_common(1)[0]
        if n >= 2 or len(counts) == 1 and len(self.seg.text) < 600:
            return next(p for p in provs if p.key == key)
        return None

    def resolve(self, level_word: str, pos: int, sentence_end: int | None = None) -> PlaceMention | None:
        key = _norm_level_word(level_word)
        cands = self.by_level.get(key, [])
        if not cands and key in {"commune", "ward"}:
            cands = self.by_level.get("commune", []) + self.by_level.get("ward", [])
        before = [p for p in cands if p.end <= pos]
        if key == "province":
            para = self.seg.paragraph_of(pos)
            near = [p for p in before if p.start >= para[0]]
            if near:
                return near[-1]
            if self.home_province is not None:
                return self.home_province
            if sentence_end is not None:
                after = [p for p in cands if pos <= p.start < sentence_end]
                if after:
                    return after[0]
            return None
        if before:
            return before[-1]
        if sentence_end is not None:
            after = [p for p in cands if pos <= p.start < sentence_end]
            if after:
                return after[0]
        return None


def _norm_level_word(w: str) -> str:
    w = w.lower()
    return {"provincial": "province", "municipal": "city"}.get(w, w)


def _level_keys(p: PlaceMention) -> list[str]:
    lw = _norm_level_word(p.level_word)
    keys = [lw]
    if p.level == "province" and lw != "province":
        keys.append("province")
    if lw == "town":
        keys.append("district")
    return keys


class OrgFinder:
    def __init__(self) -> None:
        self.body_re = BODY_RE
        self.types = [(t, c) for _, t, c in BODIES]

    def find(self, text: str, seg: Segmented, ctx: PlaceContext, blocked: list[tuple[int, int]]) -> list[OrgMention]:
        out: list[OrgMention] = []
        places = ctx.places
        for m in self.body_re.finditer(text):
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
                s, e = _trim_named_body(text, s, e, places)
            if e - s < 4:
                continue
            body_text = re.sub(r"\s+", " ", text[s:e]).strip()
            if body is None:
                body = body_text
            om = self._attach(text, seg, ctx, places, s, e, org_type, body)
            if om is not None:
                out.append(om)
        for m in ABBREV_RE.finditer(text):
            lvl, org_type, body = ABBREV[m.group(1)]
            place = ctx.resolve(lvl, m.start(), seg.sentence_of(m.start())[1])
            out.append(OrgMention(m.start(), m.end(), m.group(0), org_type, body, lvl,
                                  "province" if lvl == "province" else lvl, place))
        for m in ENTERPRISE_RE.finditer(text):
            name = m.group("name")
            words = name.split()
            while words and fold(words[0]) in {"the", "a", "an", "in", "of", "and", "by", "at", "for", "with", "from", "to", "on", "according", "this", "that", "its", "our", "their", "&"}:
                words.pop(0)
            if len(words) < 2:
                continue
            cleaned = " ".join(words)
            s = m.start() + name.find(words[0])
            if any(s < b and a < m.end() for a, b in blocked) or any(o.start <= s < o.end for o in out):
                continue
            if re.search(r"\b(?:Party|People's|Committee|Council|Department|Ministry)\b", cleaned):
                continue
            out.append(OrgMention(s, m.end(), cleaned, "enterprise", cleaned, ""))
        out.sort(key=lambda o: o.start)
        return out

    def _attach(self, text, seg, ctx, places, s, e, org_type, body) -> OrgMention | None:
        before = text[max(0, s - 80):s]
        after = text[e:e + 90]
        level_word, start = "", s
        generic = False
        # -- left side: "{Name} {Level} Body", "{Level} Body", "the commune's Body"
        lm = _LEFT_LEVEL.search(before)
        pm = None
        if lm:
            level_word = _norm_level_word(lm.group("lvl"))
            start = s - (len(before) - lm.start("lvl"))
            if lm.group("name"):
                name = _strip_name(lm.group("name"))
                if name:
                    pm = _place_at(places, s - (len(before) - lm.start("name")) + lm.group("name").find(name))
                    if pm is None:
                        pm = PlaceMention(s - (len(before) - lm.start("name")) + lm.group("name").find(name),
                                          s - (len(before) - lm.end("lvl")), name, level_word,
                                          LEVEL_OF_WORD.get(level_word, ""))
                    start = pm.start
        else:
            # "{Gazetteer name} Body" / "{Name} {level}'s Body"
            gm = _LEFT_NAME.search(before)
            if gm:
                p = _place_ending(places, s - (len(before) - gm.end("name")))
                if p is not None:
                    pm = p
                    level_word = _norm_level_word(p.level_word)
                    start = p.start
        # -- right side: "Body of (the) {Name} {Level}" / "of the {Level}" / "of {Gazetteer}"
        rm = _RIGHT_LEVEL.match(after)
        end = e
        if pm is None and rm:
            lw = _norm_level_word(rm.group("lvl"))
            if rm.group("name"):
                p = _place_at(places, e + rm.start("name") + rm.group("name").find(_strip_name(rm.group("name")) or "\0"))
                if p is not None:
                    pm, level_word = p, lw
                    end = e + rm.end()
            elif not re.match(r"\s+of\s+(?:the\s+)?\w+\s+(?:level|levels)\b", after):
                level_word = lw
                end = e + rm.end()
        elif pm is None:
            gm2 = _RIGHT_NAME.match(after)
            if gm2:
                p = _place_at(places, e + gm2.start("name"))
                if p is not None:
                    pm = p
                    level_word = _norm_level_word(p.level_word)
                    end = max(end, p.end)
        # generic plural/determiner uses: "Party Committees at all levels", "each commune Party Committee"
        if _PLURAL_DET.search(text[max(0, start - 30):start]):
            generic = True
        if re.match(r"\s+at\s+all\s+levels|\s+of\s+(?:all|each|every|many|the\s+communes|communes|districts)", after, re.IGNORECASE):
            generic = True
        if pm is None and level_word:
            pm = ctx.resolve(level_word, start, seg.sentence_of(start)[1])
        if pm is None and not level_word and org_type == "government" and re.match(
                r"(?:Sub-)?Department|Tax\s+Department|Police|Military\s+Command|Border\s+Guard|Land\s+|"
                r"Steering\s+Committee|State\s+Treasury|Social\s+Insurance|Ethnic|OCOP", body):
            pm = ctx.resolve("province", start, seg.sentence_of(start)[1])
            if pm is not None:
                level_word = "city" if pm.level_word == "city" else "province"
        level = LEVEL_OF_WORD.get(level_word, "") if level_word else (pm.level if pm else "")
        if level_word == "city" and pm is not None and pm.level == "province":
            level = "province"
        if org_type == "government" and body.startswith("Ministry"):
            level = "central"
        om = OrgMention(start, end, text[start:end], org_type, body, level,
                        level_word or (pm.level_word if pm else ""), pm, generic=generic)
        # sub-bodies: "...Party Committee's Mass Mobilization Commission", "Inspection
        # Commission of the ... Party Committee"
        if org_type == "party_committee":
            sm = _POSS_SUB.match(text[end:end + 60])
            if sm and not _POSS_FOLD.match(text[end:end + 40]):
                om.sub = re.sub(r"\s+", " ", sm.group("sub"))
                om.end = end + sm.end()
                om.text = text[om.start:om.end]
            else:
                sb = _SUB_OF.search(text[max(0, start - 60):start])
                if sb:
                    om.sub = re.sub(r"\s+", " ", sb.group("sub"))
        if body == "Party Cell" and not level_word and pm is None and re.search(r"\bthe\s+$", text[max(0, start - 5):start], re.IGNORECASE):
            # "In Hamlet 4, the Party cell ...": the cell of the village the passage names
            para = seg.paragraph_of(start)
            near = [p for p in places if para[0] <= p.start < start and p.level == "village"]
            if near:
                pm = near[-1]
                om.place, om.level, om.level_word = pm, "village", pm.level_word
        if not level_word and pm is None and body in {"Party Committee", "Party Cell", "People's Committee", "People's Council"}:
            om.generic = True  # bare "the Party Committee": a mention, no row of its own
            om.level_word = ""
        return om


_LEVEL_TOKENS = {"provincial", "province", "district", "commune", "ward", "city", "municipal", "town",
                 "village", "hamlet"}


def _trim_named_body(text: str, s: int, e: int, places: list[PlaceMention]) -> tuple[int, int]:
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
        if fold(tok) in _LEVEL_TOKENS:
            s += m.end()
            continue
        break
    words = list(re.finditer(r"\S+", text[s:e]))
    for i, w in enumerate(words[1:], 1):
        if fold(w.group(0)) in surnames() and i + 1 < len(words) and words[i - 1].group(0) not in {"of", "and", "&"}:
            if all(looks_vietnamese_syllable(x.group(0).strip(",")) for x in words[i:i + 2]):
                e = s + words[i - 1].end()
                break
    while True:
        t = re.search(r"(?:\s+|,\s*)(?:and|&|of|the|for|on)?\s*$", text[s:e])
        if t and t.start() < e - s and t.group(0).strip(" ,"):
            e = s + t.start()
            continue
        if text[s:e].endswith(","):
            e -= 1
            continue
        break
    return s, e


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
