"""Annotate one cleaned text: run the extractors in order and build the table rows.

Order matters: places first (they anchor everything), then people and their titles (titles
resolve "the Party Committee" to the place their chain names), then organizations, figures
and obstacles (which borrow the organizations for their ``organization`` field).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import regex as re

from .extractors.figures import find_figures
from .extractors.obstacles import finish, find_obstacles, obstacle_candidates
from .extractors.officials import Person, find_people
from .extractors.orgs import OrgFinder, OrgMention, PlaceContext, PlaceFinder, PlaceMention
from .textutil import Segmented, fold, segment

_PLACES = PlaceFinder()
_ORGS = OrgFinder()

_RANK = [
    (re.compile(r"^former\b", re.I), 9),
    (re.compile(r"^(?:Party\s+(?:Cell\s+)?)?Secretary\b|^(?:\w+\s+)?Party\s+(?:Cell\s+)?Secretary|^Secretary\s+of", re.I), 0),
    (re.compile(r"^(?:Permanent\s+|Standing\s+)?Deputy\s+Secretary|^Standing\s+Deputy", re.I), 2),
    (re.compile(r"People'?s\s+Council", re.I), 3),
    (re.compile(r"^(?:Chairman|Chairwoman|Chairperson|President|Director|Head|Chief|Minister|Commander|Principal)", re.I), 1),
    (re.compile(r"^(?:Permanent\s+)?(?:Vice|Deputy)\b", re.I), 1.5),
    (re.compile(r"\bMember\b", re.I), 5),
]


@dataclass
class Annotated:
    text: str
    seg: Segmented
    organizations: list[dict] = field(default_factory=list)
    officials: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    obstacles: list[dict] = field(default_factory=list)


def _title_rank(title: str) -> float:
    for rx, r in _RANK:
        if rx.search(title):
            return r
    return 4


def annotate(text: str, seg: Segmented | None = None, models=None) -> Annotated:
    """Rows of the four tables for one cleaned text. ``models`` (a
    :class:`pipeline.learn.runtime.Models`) decides figure kinds and obstacles where given;
    without it the rules decide."""
    seg = seg or segment(text)
    ann = Annotated(text, seg)
    # 1) people first need no places; places must not be read inside person names
    extra = None
    if models is not None and getattr(models, "ner", None) is not None:
        from .learn.runtime import person_spans

        extra = person_spans(models.ner, text, seg.sentences)
    people = find_people(text, seg.sentences, [], extra)
    person_spans = [m for p in people for m in p.mentions]
    places = _PLACES.find(text, person_spans)
    ctx = PlaceContext(places, seg)
    orgs = _ORGS.find(text, seg, ctx, person_spans)
    # 2) titles resolve their bodies
    title_orgs = _resolve_titles(text, seg, ctx, people, orgs)
    # 3) rows
    ann.organizations = _org_rows(places, orgs, title_orgs, ctx, text)
    ann.officials = _official_rows(text, seg, people, title_orgs)
    ann.figures = _figure_rows(text, seg, orgs, places, ctx, models)
    ann.obstacles = _obstacle_rows(text, seg, orgs, places, models)
    return ann


# --------------------------------------------------------------------------- titles
def _resolve_titles(text, seg, ctx: PlaceContext, people: list[Person], orgs: list[OrgMention]):
    """For each person, the organization each title names (or implies), resolved."""
    out: dict[str, list[tuple[str, OrgMention | None]]] = {}
    for p in people:
        chain: list[tuple[str, OrgMention | None]] = []
        for title, (ts, te) in zip(p.titles, p.title_spans):
            inside = [o for o in orgs if ts <= o.start < te + 1]
            om = None
            if inside:
                # the last body named in a title is what the title belongs to
                # ("Head of the Provincial Party Committee's Mass Mobilization Commission")
                om = inside[-1]
            elif re.search(r"\bParty\s+Secretary\b|\bSecretary\s+of\s+the\s+(?:\w+\s+)?Party\b|"
                           r"^(?:Commune|Ward|District|Provincial|Village)\s+Party\s+(?:Committee\s+)?Secretary", title, re.I):
                om = OrgMention(ts, te, title, "party_committee", "Party Committee", generic=True)
            elif re.search(r"\bCell\s+Secretary\b", title, re.I):
                om = OrgMention(ts, te, title, "party_cell", "Party Cell", generic=True)
            else:
                lm = re.search(r"\b(?:Head|Chief)\s+of\s+(?:the\s+)?(?P<name>[\p{Lu}][\p{L}\s]+?)\s+(?P<lvl>Village|Hamlet|village|hamlet|Residential Group)\b", title)
                if lm:
                    pl = next((x for x in ctx.places if ts <= x.start < te), None)
                    if pl is not None:
                        om = OrgMention(pl.start, pl.end, pl.name, "locality", "", pl.level, pl.level_word, pl)
            chain.append((title, om))
        # shared tails: a body with no place takes the place of a neighbouring title
        placed = [om for _, om in chain if om is not None and om.place is not None]
        for i, (title, om) in enumerate(chain):
            if om is None or om.place is not None:
                continue
            later = [o for _, o in chain[i + 1:] if o is not None and o.place is not None]
            donor = later[0] if later else (placed[-1] if placed else None)
            new = None
            if donor is not None and (not om.level_word or om.level_word == donor.level_word
                                      or _same_level(om.level_word, donor.place)):
                new = donor.place
            elif om.level_word:
                new = ctx.resolve(om.level_word, ts_of(p, i), seg.sentence_of(ts_of(p, i))[1])
            else:
                new = _nearest_local_place(ctx, ts_of(p, i), seg)
            if new is not None:
                om.place = new
                om.level_word = om.level_word or new.level_word
                om.level = om.level or new.level
                om.generic = False
        out[p.key] = chain
    return out


def ts_of(p: Person, i: int) -> int:
    return p.title_spans[i][0] if i < len(p.title_spans) else (p.mentions[0][0] if p.mentions else 0)


def _same_level(level_word: str, place: PlaceMention) -> bool:
    lw = level_word.lower()
    pw = place.level_word.lower()
    return lw == pw or ({lw, pw} <= {"commune", "ward"}) or (lw in {"province", "provincial"} and place.level == "province")


def _nearest_local_place(ctx: PlaceContext, pos: int, seg: Segmented) -> PlaceMention | None:
    """A title with no level ("Secretary of the Party Committee") belongs to the place the
    passage is about: the nearest named place below province before it."""
    before = [p for p in ctx.places if p.end <= pos and p.level in {"commune", "village", "district"}]
    if before:
        return before[-1]
    sent_end = seg.sentence_of(pos)[1]
    after = [p for p in ctx.places if pos <= p.start < sent_end and p.level in {"commune", "village", "district"}]
    return after[0] if after else None


# --------------------------------------------------------------------------- rows
def _org_rows(places, orgs, title_orgs, ctx, text) -> list[dict]:
    rows: dict[str, dict] = {}

    def add(canonical, name, org_type, level, place, count=1):
        key = " ".join(sorted(set(fold(canonical).replace("provincial", "province").replace("'s", "").split())))
        r = rows.get(key)
        if r is None:
            rows[key] = {"name": name, "canonical": canonical, "org_type": org_type,
                         "level": level, "place": place, "mentions": count}
        else:
            r["mentions"] += count
            if len(name) > len(r["name"]):
                r["name"] = name

    # localities: every named place, and bare repeats of its name
    by_key = defaultdict(list)
    for p in places:
        by_key[(p.key, p.level)].append(p)
    for (_, level), ps in by_key.items():
        p0 = max(ps, key=lambda x: len(x.name))
        add(p0.canonical, text[p0.start:p0.end], "locality", level, p0.canonical, len(ps))
    seen_spans = set()
    all_orgs = list(orgs)
    for chain in title_orgs.values():
        for _, om in chain:
            if om is not None and om.org_type != "locality":
                all_orgs.append(om)
    for om in all_orgs:
        if om.generic or om.org_type == "locality":
            continue
        span = (om.start, om.end, om.canonical)
        if span in seen_spans:
            continue
        seen_spans.add(span)
        place = om.place.canonical if om.place is not None else ""
        if om.place is not None:
            add(om.place.canonical, om.place.name, "locality", om.place.level, om.place.canonical, 0)
        if om.sub:
            # "Organization Board of the X Party Committee" names the committee too
            parent = OrgMention(om.start, om.end, om.text, om.org_type, om.body, om.level,
                                om.level_word, om.place)
            add(parent.canonical, parent.canonical, om.org_type, om.level, place, 0)
        add(om.canonical, om.text if len(om.text) > 3 else om.canonical, om.org_type,
            om.level or (om.place.level if om.place else ""), place)
    return list(rows.values())


def _official_rows(text, seg, people: list[Person], title_orgs) -> list[dict]:
    rows = []
    for p in people:
        chain = title_orgs.get(p.key, [])
        best, best_rank = None, 99.0
        for title, om in chain:
            if om is None:
                continue
            r = _title_rank(title)
            if r < best_rank:
                best, best_rank = om, r
        place = ""
        if best is not None and best.place is not None:
            place = best.place.canonical
        else:
            for _, om in chain:
                if om is not None and om.place is not None:
                    place = om.place.canonical
                    break
        org = ""
        if best is not None:
            org = best.place.canonical if best.org_type == "locality" and best.place else best.canonical
        s, e = p.mentions[0]
        ss, se = seg.sentence_of(s)
        rows.append({
            "name": p.name, "honorific": p.honorific, "titles": "; ".join(p.titles),
            "organization": org, "place": place, "sentence": text[ss:se], "start": s, "end": e,
        })
    return rows


def _context_org(pos: int, seg: Segmented, orgs: list[OrgMention], places: list[PlaceMention], ctx: PlaceContext) -> str:
    ss, _ = seg.sentence_of(pos)
    ps, _ = seg.paragraph_of(pos)
    for lo in (ss, ps):
        cands = [o for o in orgs if lo <= o.start < pos and not o.generic]
        if cands:
            return cands[-1].canonical
        pc = [p for p in places if lo <= p.start < pos]
        if pc:
            return pc[-1].canonical
    return ctx.home_province.canonical if ctx.home_province else ""


def _figure_rows(text, seg, orgs, places, ctx, models=None) -> list[dict]:
    rows = []
    figs = find_figures(text, seg.sentences)
    if models is not None and models.kind is not None and figs:
        from .learn.features import figure_features

        from .learn.models import combine_kinds

        feats = [figure_features(text, f.q, f.kind, *seg.sentence_of(f.q.start), f.strong) for f in figs]
        kinds = combine_kinds(models.kind, feats, [f.kind for f in figs], models.kind_confidence,
                              [f.strong for f in figs], models.kind_weak_confidence)
        for f, k in zip(figs, kinds):
            f.kind = k
    for f in figs:
        q = f.q
        ss, se = seg.sentence_of(q.start)
        rows.append({
            "text": q.text, "value": q.value, "value_high": q.value_high, "total": q.total,
            "unit": q.unit, "unit_class": q.unit_class, "currency": q.currency,
            "comparator": q.comparator, "kind": f.kind, "metric": f.metric, "period": f.period,
            "organization": _context_org(q.start, seg, orgs, places, ctx),
            "sentence": text[ss:se], "start": q.start, "end": q.end,
        })
    return rows


def _obstacles(text, seg, models):
    if models is None or models.obstacle is None:
        return find_obstacles(text, seg.sentences)
    from .learn.features import category_features, obstacle_features
    from .learn.models import positive_proba

    cands = obstacle_candidates(text, seg.sentences)
    if not cands:
        return []
    p = positive_proba(models.obstacle, [obstacle_features(text, c) for c in cands])
    kept = [c for c, pr in zip(cands, p)
            if pr >= (models.obstacle_keep if c.source == "rule" else models.obstacle_threshold)]
    if models.category is not None and kept:
        for c, cat in zip(kept, models.category.predict([category_features(c.text, c.category) for c in kept])):
            c.category = str(cat)
    return finish(text, seg.sentences, kept)


def _obstacle_rows(text, seg, orgs, places, models=None) -> list[dict]:
    rows = []
    for ob in _obstacles(text, seg, models):
        ss, se = seg.sentence_of(ob.start)
        org = ""
        cands = [o for o in orgs if o.start < ob.start and not o.generic and seg.paragraph_index(o.start) == seg.paragraph_index(ob.start)]
        if cands:
            org = cands[-1].canonical
        else:
            pc = [p for p in places if p.start < ob.start and seg.paragraph_index(p.start) == seg.paragraph_index(ob.start)]
            org = pc[-1].canonical if pc else ""
        rows.append({"text": ob.text, "category": ob.category, "organization": org,
                     "requested_action": ob.requested_action, "sentence": text[ss:se],
                     "start": ob.start, "end": ob.end})
    return rows
