"""The extractors as spaCy components: alone or together in ``spacy.blank("en")``, through the
entry points, and the same rows as the tables."""
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
import spacy

import pipeline
from pipeline import attributes as A
from pipeline.annotate import annotate

TEXT = ("Mr. Le Hoang Nam, Vice Chairman of the Tan Phu District People's Committee, said that the "
        "district had disbursed VND 412.5 billion, reaching 41% of the plan. By 2025 Tan Phu strives to "
        "have 15 communes meeting new rural standards. However, site clearance is still slow because "
        "of disputes over compensation prices.\n"
        "Hoa Binh commune Party Committee has 21 Party cells.")
FIVE = ("praxis_places", "praxis_organizations", "praxis_officials", "praxis_figures", "praxis_obstacles")
RULES_ONLY = {"models": "none"}


def _blank(*names, config=RULES_ONLY):
    nlp = spacy.blank("en")
    for n in names:
        nlp.add_pipe(n, config=config)
    return nlp


def test_the_five_components_write_span_groups_with_fields():
    doc = _blank(*FIVE)(TEXT)
    for g in (A.PLACES, A.ORGANIZATIONS, A.OFFICIALS, A.FIGURES, A.OBSTACLES):
        assert len(doc.spans[g]) > 0, g
    fig = next(s for s in doc.spans[A.FIGURES] if s._.unit_class == "money")
    assert fig._.value == 412.5e9 and fig._.currency == "VND" and fig.label_ == fig._.kind == "result"
    assert fig._.text in fig.text and TEXT[fig._.start:fig._.end] == fig._.text
    target = next(s for s in doc.spans[A.FIGURES] if s._.value == 15)
    assert target._.kind == "target" and target._.period.endswith("2025")
    off = doc.spans[A.OFFICIALS][0]
    assert off.text == "Le Hoang Nam" and off._.honorific == "Mr." and off._.titles.startswith("Vice Chairman")
    assert "Tan Phu" in off._.organization
    places = {s._.canonical: s.label_ for s in doc.spans[A.PLACES]}
    assert places["Tan Phu district"] == "district" and places["Hoa Binh commune"] == "commune"
    orgs = {s._.canonical: s for s in doc.spans[A.ORGANIZATIONS]}
    assert orgs["Hoa Binh commune Party Committee"].label_ == "party_committee"
    assert orgs["Hoa Binh commune Party Committee"]._.place == "Hoa Binh commune"
    ob = doc.spans[A.OBSTACLES][0]
    assert ob.label_ == ob._.category == "land" and "slow" in ob._.text


def test_the_components_give_the_rows_of_the_tables():
    doc = _blank(*FIVE)(TEXT)
    ann = annotate(TEXT)
    rows = pipeline.components.doc_rows(doc)
    for t in ("organizations", "officials", "figures", "obstacles"):
        assert rows[t] == getattr(ann, t), t


@pytest.mark.parametrize("name,group", [("praxis_places", A.PLACES), ("praxis_organizations", A.ORGANIZATIONS),
                                        ("praxis_officials", A.OFFICIALS), ("praxis_figures", A.FIGURES),
                                        ("praxis_obstacles", A.OBSTACLES), ("praxis_names", A.NAMES)])
def test_each_component_works_alone(name, group):
    """A component alone finds what it needs that no earlier component wrote."""
    alone = _blank(name)(TEXT)
    full = _blank("praxis_names", *FIVE)(TEXT)
    got = [(s.start_char, s.end_char, s.label_) for s in alone.spans[group]]
    assert got and got == [(s.start_char, s.end_char, s.label_) for s in full.spans[group]]


def test_a_later_component_reads_what_an_earlier_one_wrote():
    nlp = _blank("praxis_places", "praxis_organizations")
    doc = nlp.get_pipe("praxis_places")(nlp.make_doc(TEXT))
    first = list(doc.spans[A.PLACES])
    doc = nlp.get_pipe("praxis_organizations")(doc)
    assert list(doc.spans[A.PLACES]) == first  # not found again
    org = next(s for s in doc.spans[A.ORGANIZATIONS] if s._.canonical == "Hoa Binh commune Party Committee")
    place = next(s for s in first if s._.canonical == "Hoa Binh commune")
    assert A.mention(org).place is A.mention(place)  # the body holds the place the Doc holds


def test_fields_are_kept_per_span_even_over_the_same_characters():
    doc = _blank("praxis_places")("Minh Chau commune and Minh Chau commune.")
    a, b = doc.spans[A.PLACES][0], doc.spans[A.PLACES][1]
    assert b._.canonical == "Minh Chau commune"  # read through the mention
    b._.level = "village"
    assert a._.level == "commune" and b._.level == "village"


def test_pipeline_load_builds_the_full_pipeline():
    nlp = pipeline.load(models="none")
    assert nlp.pipe_names == ["praxis_sentences", "praxis_names", *FIVE]
    doc = nlp(TEXT)
    assert len(doc.spans[A.FIGURES]) == len(annotate(TEXT).figures)


def test_factories_are_exposed_through_the_spacy_factories_entry_point():
    eps = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    for name in ("praxis_names", *FIVE):
        assert eps.get(name, "").startswith("pipeline.components:make_"), name
    # a fresh interpreter that never imports pipeline: spaCy finds the factories itself
    code = ("import spacy\nnlp = spacy.blank('en')\n"
            "for n in ('praxis_places', 'praxis_organizations', 'praxis_officials', 'praxis_figures', 'praxis_obstacles'):\n"
            "    nlp.add_pipe(n, config={'models': 'none'})\n"
            "doc = nlp('Ha Tinh province has 12 districts.')\n"
            "print([(s.text, s._.value, s._.unit) for s in doc.spans['praxis_figures']])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/", timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "('12 districts', 12.0, 'districts')" in out.stdout


USER_TEXT = ("Treasurer of the Provincial Party Committee Nguyen Van Binh said frequent power outages disrupt "
             "production at the industrial cluster.\n")


def _user_file(tmp_path):
    p = tmp_path / "mine.jsonl"
    p.write_text('{"vocabulary": "officials.title_heads", "pattern": "Treasurer"}\n'
                 '{"vocabulary": "obstacles.strong_cues", "phrase": "power outages"}\n'
                 '{"vocabulary": "obstacles.category_keywords", "record": {"category": "infrastructure", "keyword": "power\\\\s+outages?"}}\n',
                 encoding="utf-8")
    return p


def test_a_components_patterns_setting_adds_to_the_rules(tmp_path):
    path = str(_user_file(tmp_path))
    plain = _blank("praxis_officials", "praxis_obstacles")(USER_TEXT)
    assert len(plain.spans[A.OFFICIALS]) == 0 and len(plain.spans[A.OBSTACLES]) == 0
    mine = _blank("praxis_officials", "praxis_obstacles", config={"models": "none", "patterns": [path]})(USER_TEXT)
    assert [s._.name for s in mine.spans[A.OFFICIALS]] == ["Nguyen Van Binh"]
    assert mine.spans[A.OFFICIALS][0]._.titles == "Treasurer of the Provincial Party Committee"
    assert [s.label_ for s in mine.spans[A.OBSTACLES]] == ["infrastructure"]


def test_patterns_reach_pipeline_load_and_extract(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.tables import read_table

    path = _user_file(tmp_path)
    doc = pipeline.load(models="none", patterns=[path])(USER_TEXT)
    assert len(doc.spans[A.OFFICIALS]) == 1 and len(doc.spans[A.OBSTACLES]) == 1
    (tmp_path / "a.txt").write_text(USER_TEXT, encoding="utf-8")
    for extra, n in (([], 0), (["--patterns", str(path)], 1)):
        out = tmp_path / f"o{n}"
        r = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(out), "--no-registry",
                                     "--quiet", "--models", "none", "--jobs", "1", *extra])
        assert r.exit_code == 0, r.output
        assert len(read_table(out / "officials.csv", "officials")) == n
        assert len(read_table(out / "obstacles.csv", "obstacles")) == n


def test_the_sentences_of_another_component_are_read():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("praxis_figures", config=RULES_ONLY)
    doc = nlp(TEXT)
    seg = doc._.segmented
    assert seg.sentences == [(s.start_char, s.end_char) for s in doc.sents]
    assert {s._.value for s in doc.spans[A.FIGURES]} >= {412.5e9, 15.0, 21.0}
