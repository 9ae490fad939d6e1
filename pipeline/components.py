"""The extractors as spaCy components. Each writes labelled spans with their fields to a span
group of the Doc (:mod:`pipeline.attributes`) and reads what the components before it wrote:

    praxis_names -> praxis_places -> praxis_organizations -> praxis_officials
                 -> praxis_figures -> praxis_obstacles

* ``praxis_names``: people named with a title or "Comrade" (the title grammar, plus the NER
  model's names when models are on); places and bodies are not read inside their names.
* ``praxis_places``: named localities and provinces (runs ``praxis_names`` first when the
  pipeline has no such component).
* ``praxis_organizations``: bodies, with the place their name or their context gives them.
* ``praxis_officials``: each person's titles resolved to the bodies they name; a body a title
  implies ("Party Secretary") joins ``praxis_organizations`` with ``source="title"``.
* ``praxis_figures``: the quantities of the number grammar with kind (rules, then the kind
  model where it is confident), metric, period and the organization of their context.
* ``praxis_obstacles``: difficulties with category, requested action and organization.

Each component works alone in ``spacy.blank("en")``: what it needs and no earlier component
wrote, it finds itself. Settings (``default_config``): ``models`` ("auto": the shipped models
when present; "none": rules only; or a folder) and ``patterns`` (user pattern files that add to
the rule vocabularies, :mod:`pipeline.rules`). Every component is ``__call__(doc)`` =
``set_annotations(doc, match(doc))``.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from . import attributes as A
from .extractors import figures as figures_grammar
from .extractors import obstacles as obstacles_grammar
from .extractors import officials as officials_grammar
from .extractors import orgs as orgs_grammar
from .extractors.officials import Person
from .extractors.orgs import OrgMention, PlaceContext, PlaceMention
from .extractors.period import doc_time
from .indicators import indicator_of
from .learn.runtime import Models, person_spans, resolve
from .textutil import Segmented, fold, segment

DEFAULT_CONFIG = {"models": "auto", "patterns": []}


# --------------------------------------------------------------------------- shared
def doc_text(doc: Doc) -> str:
    """The text of the Doc (kept by the tokenizer, which spares spaCy rebuilding it)."""
    seg = doc._.segmented
    if seg is not None:
        return seg.text
    return doc.user_data.get("praxis_text") or doc.text


def segmented(doc: Doc) -> Segmented:
    """Sentences and paragraphs in characters: those ``praxis_sentences`` set; else the
    sentences another component of the pipeline set; else the report-aware segmenter's."""
    seg = doc._.segmented
    if seg is None:
        text = doc_text(doc)
        if len(doc) and doc.has_annotation("SENT_START"):
            seg = segment(text)
            seg.sentences = [(s.start_char, s.end_char) for s in doc.sents]
            seg._sent_starts = [a for a, _ in seg.sentences]
        else:
            seg = segment(text)
        doc._.segmented = seg
    return seg


def _models(setting: str | Models | None) -> Models | None:
    if setting is None or isinstance(setting, Models):
        return setting
    return resolve(setting)


@lru_cache(maxsize=16)
def _standin(cls, models, patterns: tuple[str, ...]):
    """The component an earlier step of the pipeline would be, made once per setting, for a
    component used without it."""
    return cls(models=models, patterns=patterns)


class PraxisComponent:
    """``__call__(doc)`` = ``set_annotations(doc, match(doc))``."""

    group: str = ""
    grammar = None  # the extractor module whose rules (with the user's pattern files) it uses

    def __init__(self, nlp: Language | None = None, name: str = "", models: str | Models | None = "auto",
                 patterns: Iterable[str] = ()) -> None:
        self.name = name or self.group
        self.models = _models(models)
        self.patterns = tuple(str(p) for p in patterns or ())
        self.rules = self.grammar.rules_for(self.patterns)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    def match(self, doc: Doc) -> Any:  # pragma: no cover - every component has its own
        raise NotImplementedError

    def set_annotations(self, doc: Doc, matches: Any) -> None:  # pragma: no cover
        raise NotImplementedError


# --------------------------------------------------------------------------- names
def _person_view(p: Person, name: str):
    if name == "titles":
        return list(p.titles)
    return getattr(p, name, None)


class Names(PraxisComponent):
    """People named with a title or "Comrade": ``doc.spans["praxis_names"]``."""

    group = A.NAMES
    grammar = officials_grammar

    def match(self, doc: Doc) -> list[Person]:
        seg = segmented(doc)
        text = seg.text
        extra = None
        if self.models is not None and getattr(self.models, "ner", None) is not None:
            extra = person_spans(self.models.ner, text, seg.sentences)
        return officials_grammar.find_people(text, seg.sentences, [], extra, rules=self.rules)

    def set_annotations(self, doc: Doc, people: list[Person]) -> None:
        A.clear(doc, self.group)
        for p in people:
            s, e = p.mentions[0] if p.mentions else (0, 0)
            A.add_span(doc, self.group, s, e, "PERSON", mention=p, view=_person_view)


def people_of(doc: Doc, models=None, patterns: Iterable[str] = ()) -> list[Person]:
    """The people ``praxis_names`` found (it runs here when the pipeline lacks it)."""
    if A.NAMES not in doc.spans:
        _standin(Names, models, tuple(patterns))(doc)
    return A.mentions(doc, A.NAMES)


# --------------------------------------------------------------------------- places
def _place_view(p: PlaceMention, name: str):
    return p.canonical if name == "canonical" else getattr(p, name, None)


class Places(PraxisComponent):
    """Named localities and provinces: ``doc.spans["praxis_places"]``, labelled with their level."""

    group = A.PLACES
    grammar = orgs_grammar

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.finder = orgs_grammar.PlaceFinder(rules=self.rules)

    def match(self, doc: Doc) -> list[PlaceMention]:
        seg = segmented(doc)
        people = people_of(doc, self.models, self.patterns)
        blocked = [m for p in people for m in p.mentions]
        return self.finder.find(seg.text, blocked)

    def set_annotations(self, doc: Doc, places: list[PlaceMention]) -> None:
        A.clear(doc, self.group)
        doc.user_data.pop(_CONTEXT, None)
        for p in places:
            A.add_span(doc, self.group, p.start, p.end, p.level or "place", mention=p, view=_place_view)


def places_of(doc: Doc, models=None, patterns: Iterable[str] = ()) -> list[PlaceMention]:
    if A.PLACES not in doc.spans:
        _standin(Places, models, tuple(patterns))(doc)
    return A.mentions(doc, A.PLACES)


def context_of(doc: Doc, places: list[PlaceMention]) -> PlaceContext:
    """Resolves level-only references to the places of the Doc (built once per Doc, after
    the places are set)."""
    ctx = doc.user_data.get(_CONTEXT)
    if ctx is None:
        ctx = doc.user_data[_CONTEXT] = PlaceContext(places, segmented(doc))
    return ctx


_CONTEXT = "praxis_place_context"


# --------------------------------------------------------------------------- organizations
def _org_view(o: OrgMention, name: str):
    if name == "canonical":
        return o.canonical
    if name == "place":
        return o.place.canonical if o.place is not None else ""
    return getattr(o, name, None)


class Organizations(PraxisComponent):
    """Bodies: ``doc.spans["praxis_organizations"]``, labelled with their org_type."""

    group = A.ORGANIZATIONS
    grammar = orgs_grammar

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.finder = orgs_grammar.OrgFinder(rules=self.rules)

    def match(self, doc: Doc) -> list[OrgMention]:
        seg = segmented(doc)
        people = people_of(doc, self.models, self.patterns)
        places = places_of(doc, self.models, self.patterns)
        blocked = [m for p in people for m in p.mentions]
        return self.finder.find(seg.text, seg, context_of(doc, places), blocked)

    def set_annotations(self, doc: Doc, orgs: list[OrgMention]) -> None:
        A.clear(doc, self.group)
        for o in orgs:
            add_org(doc, o, "text")


def add_org(doc: Doc, o: OrgMention, source: str) -> None:
    A.add_span(doc, A.ORGANIZATIONS, o.start, o.end, o.org_type, {"source": source}, mention=o, view=_org_view)


def orgs_of(doc: Doc, models=None, patterns: Iterable[str] = ()) -> list[OrgMention]:
    """The bodies named in the text (not those only implied by titles)."""
    if A.ORGANIZATIONS not in doc.spans:
        _standin(Organizations, models, tuple(patterns))(doc)
    return A.mentions(doc, A.ORGANIZATIONS, lambda e: e.get("source") == "text")


# --------------------------------------------------------------------------- officials
class Officials(PraxisComponent):
    """Officials with their titles resolved to bodies and places: ``doc.spans["praxis_officials"]``.

    A title resolves to the last body named inside it ("Head of the Provincial Party
    Committee's Mass Mobilization Commission"), or to the body it implies ("Party
    Secretary" -> a Party Committee, "Cell Secretary" -> a Party Cell, "Head of X Village"
    -> the village); a body with no place takes the place of a neighbouring title, of its
    level word, or of the passage. The official's organization is that of the title that
    ranks highest (Secretary, then Chairman/Director/Head, then deputies, then members)."""

    group = A.OFFICIALS
    grammar = officials_grammar

    def match(self, doc: Doc):
        seg = segmented(doc)
        people = people_of(doc, self.models, self.patterns)
        places = places_of(doc, self.models, self.patterns)
        orgs = orgs_of(doc, self.models, self.patterns)
        ctx = context_of(doc, places)
        chains = resolve_titles(seg.text, seg, ctx, people, orgs, self.rules)
        return people, chains

    def set_annotations(self, doc: Doc, matches) -> None:
        people, chains = matches
        seg = segmented(doc)
        known = {id(o) for o in A.mentions(doc, A.ORGANIZATIONS)}
        for p in people:  # bodies that only a title names
            for _, om in chains.get(p.key, []):
                if om is not None and id(om) not in known:
                    known.add(id(om))
                    add_org(doc, om, "title")
        A.clear(doc, self.group)
        for row in official_rows(seg.text, seg, people, chains, self.rules):
            A.add_span(doc, self.group, row["start"], row["end"], "OFFICIAL", row)


def _title_patterns(rules):
    """The three title forms that imply a body (officials rules: party_secretary_titles,
    cell_secretary_titles, village_head_titles)."""
    r = rules if rules is not None else officials_grammar.rules_for()
    return r.party_secretary_title, r.cell_secretary_title, r.village_head_title


def resolve_titles(text: str, seg: Segmented, ctx: PlaceContext, people: list[Person],
                   orgs: list[OrgMention], rules=None) -> dict[str, list[tuple[str, OrgMention | None]]]:
    """For each person, the body each title names or implies, with its place resolved
    (bodies found in the text are given the place in passing)."""
    party_sec, cell_sec, village_head = _title_patterns(rules)
    out: dict[str, list[tuple[str, OrgMention | None]]] = {}
    for p in people:
        chain = [(title, _title_body(ts, te, title, orgs, ctx, party_sec, cell_sec, village_head))
                 for title, (ts, te) in zip(p.titles, p.title_spans)]
        if p.signed_for is not None:
            issuer = _signed_for(text, p.signed_for, orgs)
            if issuer is not None:
                chain = [(t, issuer if om is None or (om.place is None and om.of_body is None) else om)
                         for t, om in chain]
        _share_places(chain, p, ctx, seg)
        out[p.key] = chain
    return out


def _title_body(ts, te, title, orgs, ctx, party_sec, cell_sec, village_head) -> OrgMention | None:
    inside = [o for o in orgs if ts <= o.start < te + 1]
    if inside:
        # the last body named in a title is what the title belongs to
        return inside[-1]
    if party_sec.search(title):
        return _implied_committee(ts, te, title, ctx)
    if cell_sec.search(title):
        return OrgMention(ts, te, title, "party_cell", "Party Cell", generic=True)
    if village_head.search(title):
        pl = next((x for x in ctx.places if ts <= x.start < te), None)
        if pl is not None:
            return OrgMention(pl.start, pl.end, pl.name, "locality", "", pl.level, pl.level_word, pl)
    return None


def _signed_for(text: str, span: tuple[int, int], orgs: list[OrgMention]) -> OrgMention | None:
    """The body a signature signs for ("ON BEHALF OF THE DISTRICT PARTY COMMITTEE"): the one
    named there when it has a place, else the issuing body the heading names last ("HOA BINH
    PROVINCIAL PARTY COMMITTEE / KIM BOI DISTRICT PARTY COMMITTEE"), of the same kind when the
    signature line names one."""
    named = [o for o in orgs if span[0] <= o.start < span[1]]
    placed = [o for o in named if o.place is not None and not o.generic]
    if placed:
        return placed[-1]
    end = orgs_grammar.heading_end(text)
    heading = [o for o in orgs if o.end <= end and not o.generic and o.place is not None
               and o.org_type in _ISSUER_TYPES]
    kinds = {o.org_type for o in named}
    same = [o for o in heading if o.org_type in kinds] if kinds else heading
    return same[-1] if same else None


_ISSUER_TYPES = frozenset({"party_committee", "peoples_committee", "peoples_council"})


def _implied_committee(ts: int, te: int, title: str, ctx: PlaceContext) -> OrgMention:
    """The Party Committee a secretary's title names without the body: that of the place named
    in it ("Gia Nghia City Party Secretary"), else of its level word, resolved later ("Provincial
    Party Secretary"), else of the passage ("Party Secretary")."""
    pl = next((x for x in ctx.places if ts <= x.start < te), None)
    if pl is not None:
        return OrgMention(ts, te, title, "party_committee", "Party Committee", pl.level, pl.level_word, pl)
    lw = next((w.lower() for w in title.split()
               if w.lower() in orgs_grammar.LEVEL_OF_WORD), "")
    lw = orgs_grammar.CANON_LEVEL_WORD.get(lw, lw)
    return OrgMention(ts, te, title, "party_committee", "Party Committee", orgs_grammar.LEVEL_OF_WORD.get(lw, ""),
                      lw, generic=True)


def _share_places(chain, p: Person, ctx: PlaceContext, seg: Segmented) -> None:
    """Shared tails: a body with no place takes the place of a neighbouring title."""
    placed = [om for _, om in chain if om is not None and om.place is not None]
    for i, (_title, om) in enumerate(chain):
        if om is None or om.place is not None:
            continue
        later = [o for _, o in chain[i + 1:] if o is not None and o.place is not None]
        donor = later[0] if later else (placed[-1] if placed else None)
        new = None
        if donor is not None and (not om.level_word or om.level_word == donor.level_word
                                  or _same_level(om.level_word, donor.place)):
            new = donor.place
        elif om.level_word:
            new = ctx.resolve(om.level_word, _title_start(p, i), seg.sentence_of(_title_start(p, i))[1])
        else:
            new = _nearest_local_place(ctx, _title_start(p, i), seg)
        if new is not None:
            om.place = new
            om.level_word = om.level_word or new.level_word
            om.level = om.level or new.level
            om.generic = False


def _title_start(p: Person, i: int) -> int:
    return p.title_spans[i][0] if i < len(p.title_spans) else (p.mentions[0][0] if p.mentions else 0)


def _same_level(level_word: str, place: PlaceMention) -> bool:
    lw = level_word.lower()
    pw = place.level_word.lower()
    return lw == pw or ({lw, pw} <= {"commune", "ward"}) or (lw in {"province", "provincial"} and place.level == "province")


def _nearest_local_place(ctx: PlaceContext, pos: int, seg: Segmented) -> PlaceMention | None:
    """A title with no level ("Secretary of the Party Committee") belongs to the place the
    passage is about: the nearest named place below province before it."""
    before = [p for p in ctx.places if p.end <= pos and p.level in {"commune", "village", "district"}]
    named = [p for p in before if not p.aside]  # not one of "the former communes of A, B and C"
    if named or before:
        return (named or before)[-1]
    sent_end = seg.sentence_of(pos)[1]
    after = [p for p in ctx.places if pos <= p.start < sent_end and p.level in {"commune", "village", "district"}]
    return after[0] if after else None


def official_rows(text: str, seg: Segmented, people: list[Person], chains, rules=None) -> list[dict]:
    rows = []
    for p in people:
        chain = chains.get(p.key, [])
        best, best_rank = None, 99.0
        for title, om in chain:
            if om is None:
                continue
            r = officials_grammar.title_rank(title, rules)
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
        rows.append({"name": p.name, "honorific": p.honorific, "titles": "; ".join(p.titles),
                     "organization": org, "place": place, "sentence": text[ss:se], "start": s, "end": e})
    return rows


# --------------------------------------------------------------------------- figures
def context_org(pos: int, seg: Segmented, orgs: list[OrgMention], places: list[PlaceMention],
                ctx: PlaceContext) -> str:
    """The organization a figure belongs to: the last specific body named before it in its
    sentence, else in its paragraph (else the last place), else the document's province."""
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


class Figures(PraxisComponent):
    """Figures: ``doc.spans["praxis_figures"]``, labelled with their kind."""

    group = A.FIGURES
    grammar = figures_grammar

    def match(self, doc: Doc) -> list:
        seg = segmented(doc)
        text = seg.text
        m = self.models
        weights = m.period if m is not None else None
        times = doc_time(text, doc.user_data.get(A.DATE, ""))
        figs = figures_grammar.find_figures(text, seg.sentences, rules=self.rules, period_weights=weights,
                                            metric_model=m.metric if m is not None else None, doc=times)
        if m is not None and m.kind is not None and figs:
            from .learn.features import figure_features
            from .learn.models import combine_kinds

            feats = [figure_features(text, f.q, f.kind, *seg.sentence_of(f.q.start), f.strong) for f in figs]
            kinds = combine_kinds(m.kind, feats, [f.kind for f in figs], m.kind_confidence,
                                  [f.strong for f in figs], m.kind_weak_confidence)
            changed = [f for f, k in zip(figs, kinds) if f.kind != k]
            for f, k in zip(figs, kinds):
                f.kind = k
            if changed:  # a figure's period depends on its kind
                figures_grammar.assign_periods(text, changed, seg.sentence_of, doc=times, period_weights=weights)
        return figs

    def set_annotations(self, doc: Doc, figs: list) -> None:
        seg = segmented(doc)
        text = seg.text
        places = places_of(doc, self.models, self.patterns)
        orgs = orgs_of(doc, self.models, self.patterns)
        ctx = context_of(doc, places)
        A.clear(doc, self.group)
        for f in figs:
            q = f.q
            ss, se = seg.sentence_of(q.start)
            row = {"text": q.text, "value": q.value, "value_high": q.value_high, "total": q.total,
                   "unit": q.unit, "unit_class": q.unit_class, "currency": q.currency,
                   "comparator": q.comparator, "kind": f.kind, "metric": f.metric, "period": f.period,
                   "organization": context_org(q.start, seg, orgs, places, ctx),
                   "sentence": text[ss:se], "start": q.start, "end": q.end,
                   "indicator": indicator_of(f.metric, q.unit_class, text[ss:q.start], self.patterns, q.text,
                                             text[q.end:se])}
            A.add_span(doc, self.group, q.start, q.end, f.kind, row)


# --------------------------------------------------------------------------- obstacles
class Obstacles(PraxisComponent):
    """Obstacles: ``doc.spans["praxis_obstacles"]``, labelled with their category. With models
    on, the detection model keeps or drops each candidate clause and the category model
    names its category."""

    group = A.OBSTACLES
    grammar = obstacles_grammar

    def match(self, doc: Doc) -> list:
        seg = segmented(doc)
        text = seg.text
        m = self.models
        kw = {"rules": self.rules}
        if m is None or m.obstacle is None:
            return obstacles_grammar.find_obstacles(text, seg.sentences, **kw)
        from .learn.features import category_features, obstacle_features
        from .learn.models import positive_proba

        cands = obstacles_grammar.obstacle_candidates(text, seg.sentences, **kw)
        if not cands:
            return []
        p = positive_proba(m.obstacle, [obstacle_features(text, c) for c in cands])
        kept = [c for c, pr in zip(cands, p)
                if pr >= (m.obstacle_keep if c.source == "rule" else m.obstacle_threshold)]
        if m.category is not None and kept:
            for c, cat in zip(kept, m.category.predict([category_features(c.text, c.category) for c in kept])):
                c.category = str(cat)
        return obstacles_grammar.finish(text, seg.sentences, kept, **kw)

    def set_annotations(self, doc: Doc, found: list) -> None:
        seg = segmented(doc)
        text = seg.text
        places = places_of(doc, self.models, self.patterns)
        orgs = orgs_of(doc, self.models, self.patterns)
        A.clear(doc, self.group)
        for ob in found:
            ss, se = seg.sentence_of(ob.start)
            para = seg.paragraph_index(ob.start)
            cands = [o for o in orgs if o.start < ob.start and not o.generic and seg.paragraph_index(o.start) == para]
            if cands:
                org = cands[-1].canonical
            else:
                pc = [p for p in places if p.start < ob.start and seg.paragraph_index(p.start) == para]
                org = pc[-1].canonical if pc else ""
            row = {"text": ob.text, "category": ob.category, "organization": org,
                   "requested_action": ob.requested_action, "sentence": text[ss:se],
                   "start": ob.start, "end": ob.end}
            A.add_span(doc, self.group, ob.start, ob.end, ob.category, row)


# --------------------------------------------------------------------------- tables
def organization_rows(doc: Doc) -> list[dict]:
    """The organizations table of a Doc: every named place as a locality (with the count of
    its mentions), and every specific body, named in the text or implied by a title, once
    per canonical name."""
    text = doc_text(doc)
    places = A.mentions(doc, A.PLACES)
    rows: dict[str, dict] = {}

    def add(canonical, name, org_type, level, place, count=1):
        key = " ".join(sorted(set(fold(canonical).replace("provincial", "province").replace("'s", "").split())))
        r = rows.get(key)
        if r is None:
            rows[key] = {"name": name, "canonical": canonical, "org_type": org_type,
                         "level": level, "place": place, "mentions": count}
        else:
            r["mentions"] += count
            if _name_rank(name) > _name_rank(r["name"]):
                r["name"] = name

    by_key = defaultdict(list)
    for p in places:
        by_key[(p.key, p.level)].append(p)
    for (_, level), ps in by_key.items():
        # the plainest level word ("Ly Son district" over "Ly Son island district"), the
        # fullest name as written in running text
        p0 = min(ps, key=lambda x: (len(x.level_word), -len(x.name)))
        shown = max(ps, key=lambda x: (x.level_word == p0.level_word, _name_rank(text[x.start:x.end])))
        add(p0.canonical, text[shown.start:shown.end], "locality", level, p0.canonical, len(ps))
    seen_spans = set()
    for om in A.mentions(doc, A.ORGANIZATIONS):
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
            parent = OrgMention(om.start, om.end, om.text, om.org_type, om.body, om.level, om.level_word, om.place)
            add(parent.canonical, parent.canonical, om.org_type, om.level, place, 0)
        add(om.canonical, om.text if len(om.text) > 3 else om.canonical, om.org_type,
            om.level or (om.place.level if om.place else ""), place)
    return list(rows.values())


def _name_rank(name: str) -> tuple[bool, int]:
    """Which of two names of one organization the table shows: one as running text writes it
    (not a heading in capitals), then the longer."""
    return (not name.isupper(), len(name))


def _group_rows(doc: Doc, group: str, columns: list[str]) -> list[dict]:
    return [{c: e.get(c) for c in columns} for e in A.entries(doc, group)]


def doc_rows(doc: Doc) -> dict[str, list[dict]]:
    """The rows of the four row tables for one Doc, built from its span groups (the one place
    where spans become table rows)."""
    from .schema import COLUMNS

    cols = {t: [c for c in COLUMNS[t] if c != "doc_id"] for t in COLUMNS}
    return {"organizations": organization_rows(doc),
            "officials": _group_rows(doc, A.OFFICIALS, cols["officials"]),
            "figures": _group_rows(doc, A.FIGURES, cols["figures"]),
            "obstacles": _group_rows(doc, A.OBSTACLES, cols["obstacles"])}


# --------------------------------------------------------------------------- factories
COMPONENTS = {
    "praxis_names": Names,
    "praxis_places": Places,
    "praxis_organizations": Organizations,
    "praxis_officials": Officials,
    "praxis_figures": Figures,
    "praxis_obstacles": Obstacles,
}


def _register(name: str, cls: type[PraxisComponent]):
    """Register ``cls`` as the spaCy factory ``name`` (settings: ``DEFAULT_CONFIG``)."""
    def make(nlp: Language, name: str, models: str, patterns: list[str]) -> PraxisComponent:
        return cls(nlp, name, models, patterns)

    make.__name__ = make.__qualname__ = "make_" + name.removeprefix("praxis_")
    make.__doc__ = f"The {name} component ({cls.__name__})."
    Language.factory(name, default_config=DEFAULT_CONFIG, assigns=["doc.spans"], func=make)
    return make


# the spacy_factories entry points name these
make_names = _register("praxis_names", Names)
make_places = _register("praxis_places", Places)
make_organizations = _register("praxis_organizations", Organizations)
make_officials = _register("praxis_officials", Officials)
make_figures = _register("praxis_figures", Figures)
make_obstacles = _register("praxis_obstacles", Obstacles)
