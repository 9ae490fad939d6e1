"""Obstacles: the concrete difficulties a report names, one row each.

Grammar (each form has a case in ``tests/test_obstacles.py``):

* strong cues name a difficulty by themselves: shortage(s), lack, insufficient, inadequate,
  slow(-moving), stalled, delayed, behind schedule, not yet, have not, disputes over,
  overlapping, cumbersome, backlog, overloaded, degraded, bad customs, surpluses, fell by ...
  leaving, violations, encroachment;
* ``However, ... still ...`` clauses;
* generic nouns (difficulties, obstacles, bottlenecks, problems, challenges, shortcomings,
  limitations) count only with a complement (``difficulties in X``, ``the biggest obstacle
  is X``, ``problems such as: ...``), never as the object of a remedy (``remove
  difficulties and obstacles``) or alone (``difficulties remain``);
* a list after ``such as`` is one row per item when the items name problems themselves
  (``a shortage of land, a lack of officials, and disputes over prices``), else one row;
* restatements (a headline repeated, a second speaker) are one row, the fullest one.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

STRONG = re.compile(
    r"\b(?:shortages?|lack(?:s|ed|ing)?|insufficient|inadequate|inadequacies|slow(?:ly)?(?=\s|-)|"
    r"slow-moving|stalled|stagnant|delays?|delayed|behind\s+schedule|not\s+yet|(?:have|has|had)\s+not|"
    r"disputes?|overlapping|overlaps|cumbersome|complicated\s+procedures|backlog|overload(?:ed)?|"
    r"degraded|downgraded|bad\s+customs|backward\s+customs|surplus(?:es)?|excess\s+(?:of\s+)?staff|"
    r"fell\s+(?:by|sharply)|dropped\s+(?:by|sharply)|declined?\s+(?:by|sharply)|leaving\s+little|"
    r"encroach(?:ment|ed|ing)?|low\s+(?:quality|income|efficiency|rate|disbursement|"
    r"capacity|qualifications?)|poor\s+(?:quality|infrastructure|coordination)|weak(?:ness(?:es)?)?\s+"
    r"(?:capacity|coordination|infrastructure|management)|not\s+(?:synchronous|uniform|effective|"
    r"timely|consistent|clear)|unsynchroni[sz]ed|unclear|inconsistent|bottlenecks?\s+(?:in|of|is|are|was|lies)|"
    r"difficult\s+to|struggl(?:e|es|ed|ing)|unable\s+to|failed\s+to|"
    r"stuck|pollution|landslides?|flooding|erosion|drought|saltwater\s+intrusion|illegal|"
    r"congestion|limited\s+(?:resources|capital|budget|funding|capacity|land|staff)|scarce|scarcity|"
    r"still\s+(?:very\s+|quite\s+|relatively\s+)?(?:uneven|limited|low|weak|slow|frozen|loose|high|small|"
    r"difficult|long|modest|inadequate|lacking|stuck|pending|unresolved|incomplete|unclear|not)|"
    r"cannot|can\s+not|could\s+not|unable|(?:do|does|did|are|is|were|was)\s+not\s+(?!(?:only|just|merely|simply|wait|hesitate|stop|hide|forget|let|allow)\b)\w+|"
    r"takes?\s+(?:a\s+)?(?:long|lot\s+of)\s+time|took\s+a\s+long\s+time|lengthy|prolonged|"
    r"only\s+(?:\d|reached|retains?|about|a\s+few|around|nearly|one|two|three)|"
    r"not\s+(?:interested|familiar|eligible|attractive|commensurate|tight|connected|certified|"
    r"synchroni[sz]ed|guaranteed|ensured|enough|sufficient|stable|suitable|adequate|feasible)|"
    r"(?:small|low)-scale|scattered|fragmented|cramped|unstable|uneven|shrinking|frozen|"
    r"interrupted|barriers?|gap\s+between|depends?\s+(?:too\s+much|heavily|mainly)\s+on|"
    r"depended\s+(?:too\s+much|heavily)\s+on|complain(?:ed|ts?)|losses|intrusion|"
    r"(?:remains?|remained|is|are|was|were)\s+(?:very\s+|still\s+)?high|high\s+risk|"
    r"not\s+kept\s+pace|lag(?:s|ged|ging)?\s+behind|overdue|arrears|backlogs?|short\s+of|shortfalls?|"
    r"(?:still\s+)?(?:have|has|had)\s+no\b|there\s+(?:is|are|was|were)\s+no\b|congested|narrow|"
    r"rugged|isolat(?:ed|ing)|beyond\s+their\s+(?:ability|means)|collusion|manipulation|redundant|"
    r"not\s+proficient|more\s+than\s+the\s+quota|over\s+the\s+quota|outdated|obsolete|"
    r"takes?\s+too\s+long|too\s+(?:long|slow|small|high|low|few|narrow|far)|(?<!Company\s)(?<!Co\.,\s)limited(?!\s+(?:liability|company))|"
    r"still\s+(?:quiet|used\s+to|poor|have\s+no|has\s+no)|loose|most\s+difficult|making\s+it\s+(?:hard|difficult)|"
    r"far\s+from|few\s+\w+\s+skills|exceed(?:s|ed|ing)?\s+the\s+(?:\w+\s+)?capacity|only\s+(?:lasts?|covers?|meets?)|"
    r"estimated\s+at\s+only|not\s+(?:been\s+)?thoroughly|longer\s+than\s+usual|"
    r"takes?\s+(?:a\s+lot\s+of\s+)?time|reached\s+only|quiet)\b",
    re.IGNORECASE)
GENERIC = re.compile(
    r"\b(?:difficult(?:y|ies)|obstacles?|bottlenecks?|problems?|challenges?|shortcomings?|"
    r"limitations?|weaknesses|issues|hurdles?|barriers?|inadequacies|constraints?)\b", re.IGNORECASE)
_COMPLEMENT = re.compile(
    r"\s*(?:(?:still\s+)?(?:in|with|of|regarding|related\s+to|relating\s+to|concerning|caused\s+by|"
    r"due\s+to|over)\s+(?!(?:the\s+)?(?:implementation|implementing|the\s+process|"
    r"practice|operation|the\s+area|the\s+locality|localities|all\s+levels)\b)|"
    r"(?:such\s+as|including|namely)\b|:|(?:is|are|was|were|lies|lie|remains?|remained)\s+"
    r"(?!(?:directly|being|still\s+many|many|numerous|significant\b(?!\s)))(?:that\s+|in\s+|the\s+)?)",
    re.IGNORECASE)
_REMEDY_BEFORE = re.compile(
    r"\b(?:remov(?:e|es|ed|ing)|resolv(?:e|es|ed|ing)|address(?:es|ed|ing)?|overcom(?:e|es|ing)|"
    r"overcame|handl(?:e|es|ed|ing)|tackl(?:e|es|ed|ing)|clear(?:s|ed|ing)?|solv(?:e|es|ed|ing)|"
    r"deal(?:s|t|ing)?\s+with|settl(?:e|es|ed|ing)|ease|easing|eliminat(?:e|es|ed|ing)|"
    r"unblock(?:s|ed|ing)?|untangl(?:e|es|ed|ing)|fix(?:es|ed|ing)?|review(?:s|ed|ing)?)\b"
    r"(?:\s+(?:and|or|,)\s+\w+)*\s+(?:the\s+|some\s+|all\s+|many\s+|these\s+|those\s+|any\s+|"
    r"existing\s+|remaining\s+|outstanding\s+|current\s+)*(?:\w+\s+){0,2}$", re.IGNORECASE)
_HOWEVER = re.compile(r"^\s*(?:However|But|Nevertheless|Yet|Despite\s+this|Meanwhile)\b,?\s*", re.IGNORECASE)
_VAGUE = re.compile(r"\b(?:still\s+)?(?:faces?|facing|has|have|had|encounter(?:s|ed)?|meets?|met)\s+"
                    r"(?:many|some|several|a\s+number\s+of|certain)?\s*(?:difficult(?:y|ies)|obstacles|"
                    r"problems|challenges|limitations|shortcomings|bottlenecks)\s*[.,;]?\s*$", re.IGNORECASE)
_HOWEVER_NEG = re.compile(r"\b(?:still|not\s+yet|not|remains?|remained|low|limited|slow|few|"
                          r"difficult|lack|shortage|only)\b", re.IGNORECASE)
_DISCOURSE = re.compile(r"^(?:Notably|However|In\s+addition|Moreover|Furthermore|Meanwhile|"
                        r"At\s+the\s+same\s+time|Besides|Also|In\s+particular|Specifically|"
                        r"Currently|Nevertheless|According\s+to\s+[^,]{0,60}|In\s+[^,]{0,40})\s*,\s*", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r";|,\s+(?:while|whereas|but|and\s+(?=\w+\s+\w+\s+(?:have|has|is|are|was|were)\b))\s+|\s+but\s+|,\s+and\s+(?=(?:at\s+least|fewer|more|many|some|most|the|nearly|about|over|\d))", re.IGNORECASE)
_LIST_INTRO = re.compile(r"\b(?:such\s+as|including|namely|as\s+follows)\s*:?\s*|:\s*", re.IGNORECASE)
_ACTION = re.compile(
    r"\b(?:requested|request|requests|proposed|propose|proposes|asked|asks|recommended|recommends|"
    r"petitioned|suggested|suggests|called\s+on|calls\s+on|urged|urges|needs?\s+to|should)\b"
    r"(?:\s+that)?(?:\s+(?:the\s+)?[\p{L}'\-]+(?:\s+[\p{L}'\-]+){0,5}?)?\s+(?:to\s+)?"
    r"(?P<act>(?:increase|allocate|study|continue|provide|support|consider|speed\s+up|accelerate|"
    r"issue|amend|adjust|allow|assign|arrange|add|remove|review|guide|simplify|decentrali[sz]e|"
    r"delegate|reduce|extend|prioriti[sz]e|invest|build|supplement|resolve|address|clarify|soon|"
    r"promptly|raise|release|approve|balance|transfer|hand\s+over|recruit|train|upgrade|"
    r"expand|create|retain|pay|grant|waive|help|complete|early)\b[^.;\"]*)", re.IGNORECASE)

CATEGORIES = {
    "land": r"site\s+clearance|ground\s+clearance|\bland\b|compensation|resettle\w*|disputes?|encroach\w*|handed\s+over\s+(?:their\s+)?(?:land|site)|relocat\w+|boundary",
    "staffing": r"\bofficials\b|\bstaff\w*|\bcadres?\b|personnel|civil\s+servants|expertise|specialists?|employees|\bheads?\b|\bteachers\b|\bdoctors\b|qualifications?|capacity\s+of|quota|surplus|workload|accountants?|engineers?",
    "finance": r"financ\w*|budget|capital|revenue|\bfunds?\b|funding|\bresources\b|money|\bfees?\b|\btax\w*|debts?|arrears|credit|loans?|afford|costs?\b",
    "investment": r"projects?|disburse\w*|investment|investors?|slow-moving|construction\s+progress|contractors?",
    "procedures": r"procedur\w+|mechanisms?|regulations?|decentrali[sz]\w+|legal|polic(?:y|ies)|institution\w*|paperwork|guidance|guidelines|overlapping|bureaucra\w+|approv\w+|licens\w+|permits?|certificates?|re-?regist\w+|time\s+limit|compl(?:y|ied|iance)|dossiers?|valuation|take[sn]?\s+(?:a\s+)?(?:long|lot\s+of)\s+time|prolonged|complicated|settlement\s+of",
    "infrastructure": r"roads?|infrastructure|electricity|power\s+(?:supply|lines?)|water\s+supply|clean\s+water|irrigation|internet|network|signal|bridges?|facilities|equipment|IT\s+systems?|software|databases?|data\b|connected|transport|drainage|flood\w*|landslides?|headquarters|offices|buildings?|rooms?|treatment\s+plant|landfill|cultural\s+houses?|\bcars?\b|vehicles|kindergartens?|schools?|classrooms?|hospitals?|housing|apartments|sluices?|embankments?|canals?",
    "social": r"customs|public\s+order|crime|security|drugs?|social\s+evils|superstiti\w+|awareness|funerals?|weddings?|migrat\w+|unemploy\w+|pollution|traffic|complaints?|petitions?|young\s+people|elderly|smartphones?|language|read\s+vietnamese|literacy|educational\s+standard|far\s+from\s+home|ethnic\s+minorit\w+|poor\s+households",
    "other": r"markets?\b|prices?\b|materials?|\bsand\b|\bsoil\b|weather|rainy|drought|saline|salinity|erosion|tourism\s+season|orders\b|human\s+resources|workforce|\bworkers\b|labou?r\b|business\s+owners|enterprises",
}
_CAT_RE = {k: re.compile(v, re.IGNORECASE) for k, v in CATEGORIES.items()}
_CAT_ORDER = ["land", "staffing", "investment", "finance", "procedures", "infrastructure", "social", "other"]


@dataclass
class Obstacle:
    start: int
    end: int
    text: str
    category: str
    requested_action: str = ""
    source: str = "rule"


_CATEGORIZE_RX1 = re.compile(r"human\s+resources", re.IGNORECASE)
_CATEGORIZE_RX2 = re.compile(r"procedur|take[sn]?\s+(?:a\s+)?(?:long|lot\s+of)\s+time|complicated", re.IGNORECASE)
_CATEGORIZE_RX3 = re.compile(r"slow-moving|stalled|disburse", re.IGNORECASE)


def categorize(text: str) -> str:
    """Rule category: the category whose keywords occur most (ties: the order above)."""
    scores = {k: len(r.findall(text)) for k, r in _CAT_RE.items()}
    if _CATEGORIZE_RX1.search(text):
        scores["finance"] -= 1
    if _CATEGORIZE_RX2.search(text):
        scores["procedures"] += 1
    if _CATEGORIZE_RX3.search(text):
        scores["investment"] += 2
    best = max(_CAT_ORDER, key=lambda k: (scores[k], -_CAT_ORDER.index(k)))
    return best if scores[best] > 0 else "other"



_SPEAKER = re.compile(r"\b(?:said|says|shared|stated|noted|added|explained|admitted|emphasized|emphasised|"
                      r"stressed|affirmed|pointed\s+out|reported)(?:\s+that)?\s*[:,]?\s+(?:\"|“)?", re.IGNORECASE)


_CLAUSES_RX1 = re.compile(r"\b(?:such\s+as|including|namely|as\s+follows)\s*:", re.IGNORECASE)


def _clauses(text: str, ss: int, se: int) -> list[tuple[int, int]]:
    """Clauses of a sentence; a list after "such as:" stays in the clause that opens it."""
    out = []
    pos = ss
    intro = _CLAUSES_RX1.search(text[ss:se])
    stop = ss + intro.start() if intro else se
    for m in _CLAUSE_SPLIT.finditer(text, ss, stop):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, se))
    return [(a, b) for a, b in out if b > a]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " ,;:-–\"“'(":
        a += 1
    while b > a and text[b - 1] in " .,;:!?\"”')…":
        b -= 1
    m = _DISCOURSE.match(text[a:b])
    if m and m.end() < b - a - 10:
        a += m.end()
    # the speaker's introduction is not part of the difficulty: "Mr. X, Title, said: ..."
    sp = _SPEAKER.search(text, a, min(b, a + 260))
    if sp and b - sp.end() > 15:
        a = sp.end()
    return a, b


def find_obstacles(text: str, sentences: list[tuple[int, int]]) -> list[Obstacle]:
    """The rule decision: candidates the grammar accepts, with remedies, restatements merged."""
    found = [c for c in obstacle_candidates(text, sentences) if c.source == "rule"]
    return finish(text, sentences, found)


def finish(text: str, sentences: list[tuple[int, int]], found: list[Obstacle]) -> list[Obstacle]:
    _attach_actions(text, sentences, found)
    return _dedupe(found)


def obstacle_candidates(text: str, sentences: list[tuple[int, int]]) -> list[Obstacle]:
    """Every clause that may name a difficulty. ``source`` says why: "rule" for what the
    grammar accepts, "weak:<reason>" for clauses it rejects (a remedy asked for, a heading,
    a vague mention, a clause with a negative word only) that a model may still keep."""
    found: list[Obstacle] = []

    def add(a: int, b: int, source: str) -> None:
        a, b = _trim(text, a, b)
        if b - a > 6:
            found.append(Obstacle(a, b, text[a:b], categorize(text[a:b]), source=source))

    for ss, se in sentences:
        sent = text[ss:se]
        if len(sent) < 12:
            continue
        however = (bool(_HOWEVER.match(sent)) and bool(_HOWEVER_NEG.search(sent))
                   and not _VAGUE.search(sent))
        heading = _is_heading(text, ss, se)
        for cs, ce in _clauses(text, ss, se):
            clause = text[cs:ce]
            hit = _strong_hit(clause) or _generic_hit(text, cs, ce) or (however and cs == ss)
            if heading:
                if hit:
                    add(cs, ce, "weak:heading")  # a title restates what the body says in full
                continue
            if _REQUEST.search(clause):
                if hit:
                    add(cs, ce, "weak:request")  # a remedy asked for, not the difficulty
                continue
            if not hit:
                if GENERIC.search(clause) or _WEAK.search(clause):
                    add(cs, ce, "weak:vague")
                continue
            # lists after "such as": one row per item that names a problem itself
            items = _list_items(text, cs, ce)
            semi = items and ";" in text[items[0][1]:items[-1][0] + 1]
            cued = [(a, b) for a, b in items if _strong_hit(text[a:b]) or _generic_hit(text, a, b)]
            if items and (sum(1 for a, b in items if _leads_with_problem(text[a:b])) >= max(2, len(items) - 1)
                          or (semi and len(cued) >= 2)):
                for a, b in (cued if semi else items):
                    add(a, b, "rule")
                continue
            # several problems in one clause, comma-joined: one row each
            parts = _comma_parts(text, cs, ce)
            if len(parts) >= 2:
                for a, b in parts:
                    add(a, b, "rule")
                continue
            a, b = _trim(text, cs, ce)
            if b - a >= 8:
                add(a, b, "rule")
    return found


_WEAK = re.compile(r"\b(?:not|no|only|still|low|limited|difficult|hard|problem|concern(?:s|ed)?|"
                   r"risk|slow|lack|weak|pressure|burden|fell|decreased|declined)\b", re.IGNORECASE)


_REQUEST = re.compile(
    r"^(?:(?!\b(?:because|as|since|while|but|although)\b).)*?\b(?:requested|requests|proposed|proposes|"
    r"asked|asks|suggested|suggests|recommended|recommends|urged|urges|directed|directs|"
    r"instructed|assigned|strives?|striving|aims?\s+to|plans?\s+to|will|called\s+on|calls\s+on|"
    r"petitioned)\b(?:\s+\w+){0,8}?\s+(?:to|that)\b", re.IGNORECASE)


def _is_heading(text: str, ss: int, se: int) -> bool:
    """A line of its own, short, without a final stop: a title."""
    line_start = text.rfind("\n", 0, ss) + 1
    line_end = text.find("\n", se)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return line == text[ss:se].strip() and len(line.split()) <= 14 and not re.search(r"[.!?:;\"”]$", line)


_PART_SPLIT = re.compile(r",\s+(?:and\s+)?(?=(?:the|many|some|most|a|an|there|after|while|its|their|\d)\b)", re.IGNORECASE)


def _comma_parts(text: str, cs: int, ce: int) -> list[tuple[int, int]]:
    """Comma-joined clauses that each name a problem ("the market has not recovered, many
    plots are stuck in valuation, and ..."); pieces without a cue stay with the one before."""
    bounds = [cs] + [m.end() for m in _PART_SPLIT.finditer(text, cs, ce)] + [ce]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    out: list[list[int]] = []
    for a, b in pieces:
        seg = text[a:b]
        if out and not (_strong_hit(seg) and len(seg.split()) >= 5):
            out[-1][1] = b
        else:
            out.append([a, b])
    out = [p for p in out if _strong_hit(text[p[0]:p[1]])]
    return [(a, b) for a, b in out] if len(out) >= 2 else []


def _leads_with_problem(item: str) -> bool:
    """An item that names a problem itself: the cue is among its first words."""
    m = STRONG.search(item)
    return bool(m) and len(item[:m.start()].split()) <= 3


_STRONG_HIT_RX1 = re.compile(r"\s+(?:have|has|had)\s+been\s+(?:\w+\s+)?(?:eliminated|resolved|removed|overcome|fixed|addressed|settled)")
_STRONG_HIT_RX2 = re.compile(r"\b(?:no\s+longer|overcame|overcome|eliminated|no)\s+(?:\w+\s+)?$", re.IGNORECASE)
_STRONG_HIT_RX3 = re.compile(r"\s+only\b")
_STRONG_HIT_RX4 = re.compile(r"\b(?:no|without)\s+$")
_STRONG_HIT_RX5 = re.compile(r"\bwithout\s+(?:any\s+)?$", re.IGNORECASE)
_STRONG_HIT_RX6 = re.compile(r"\s+(?:in|of|such\s+as|:)\s")
_STRONG_HIT_RX7 = re.compile(r"\billegal\s+\w+", re.IGNORECASE)


def _strong_hit(clause: str) -> bool:
    for m in STRONG.finditer(clause):
        w = m.group(0).lower()
        before = clause[:m.start()]
        if w.startswith(("have not", "has not", "had not", "not yet")) and _STRONG_HIT_RX3.match(clause[m.end():]):
            continue
        if w.endswith("customs") and not _STRONG_HIT_RX6.match(clause[m.end():]):
            continue
        if _STRONG_HIT_RX1.match(clause[m.end():]):
            continue
        if w.startswith(("violation",)) and _STRONG_HIT_RX4.search(before):
            continue
        if _STRONG_HIT_RX2.search(before):
            continue
        if w in {"delays", "delay"} and _STRONG_HIT_RX5.search(before):
            continue
        if w.startswith("illegal") and not _STRONG_HIT_RX7.search(clause[m.start():]):
            continue
        return True
    return False


_GENERIC_HIT_RX1 = re.compile(r"\b(?:no|without|any|few)\s+$", re.IGNORECASE)
_GENERIC_HIT_RX2 = re.compile(r"(?:the\s+)?(?:process|implementation|implementing|practice)\b", re.IGNORECASE)


def _generic_hit(text: str, cs: int, ce: int) -> bool:
    clause = text[cs:ce]
    for m in GENERIC.finditer(clause):
        before = clause[:m.start()]
        if _REMEDY_BEFORE.search(before):
            continue
        if _GENERIC_HIT_RX1.search(before):
            continue
        comp = _COMPLEMENT.match(clause, m.end())
        if not comp:
            continue
        rest = clause[comp.end():].strip()
        if len(rest.split()) < 2:
            continue
        if _GENERIC_HIT_RX2.match(rest):
            continue
        return True
    return False


def _list_items(text: str, cs: int, ce: int) -> list[tuple[int, int]]:
    m = _LIST_INTRO.search(text, cs, ce)
    if not m:
        return []
    body_start = m.end()
    items = []
    pos = body_start
    for sep in re.finditer(r",\s+and\s+|;\s*|,\s+(?=(?:a|an|the|and|lack|shortage|slow|disputes?|\p{Ll}+ing)\b)|\s+and\s+(?=(?:a|an|the|lack|shortage|disputes?)\b)", text[body_start:ce]):
        items.append((pos, body_start + sep.start()))
        pos = body_start + sep.end()
    items.append((pos, ce))
    return [(a, b) for a, b in items if b - a > 3] if len(items) >= 2 else []


def _attach_actions(text: str, sentences: list[tuple[int, int]], found: list[Obstacle]) -> None:
    starts = [s for s, _ in sentences]
    for ob in found:
        idx = max(i for i, s in enumerate(starts) if s <= ob.start) if starts else 0
        for j in (idx, idx + 1):
            if j >= len(sentences):
                break
            s, e = sentences[j]
            seg = text[max(s, ob.end) if j == idx else s:e]
            m = _ACTION.search(seg)
            if m:
                ob.requested_action = m.group("act").strip(" ,")[:300]
                break


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[\p{L}\d]+", s.lower()) if w not in {"the", "of", "and", "a", "an", "in", "to", "s"}}


def _dedupe(found: list[Obstacle]) -> list[Obstacle]:
    keep: list[Obstacle] = []
    for ob in sorted(found, key=lambda o: -len(o.text)):
        w = _words(ob.text)
        dup = False
        for k in keep:
            kw = _words(k.text)
            if w and kw and len(w & kw) / min(len(w), len(kw)) >= 0.75:
                dup = True
                break
        if not dup:
            keep.append(ob)
    keep.sort(key=lambda o: o.start)
    return keep
