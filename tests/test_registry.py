"""Registry, search and audit: idempotent adds, accent-insensitive search, planted contradictions."""
import csv

import pytest
from typer.testing import CliRunner

from pipeline.audit import (
    AuditReferenceError,
    check_cross_document,
    check_part_whole,
    check_reference,
    check_result_vs_target,
    check_words_vs_numbers,
    read_reference,
)
from pipeline.cli import app
from pipeline.registry import Registry
from pipeline.search import SearchError, search, search_page

DOC_A = """Nghệ An: budget revenue exceeds the plan
In 2024, budget revenue of Nghệ An province reached 22,500 billion VND, equal to 112% of the estimate.
The Provincial People's Committee strives to keep GRDP growth at 8-8.5% in 2025.
After half of the term, the province has achieved and exceeded 15/20 targets.
"""
DOC_B = """Revenue report of Thanh Hoa
Comrade Do Trong Hung, Secretary of the Provincial Party Committee, chaired the meeting in Thanh Hoa province.
"""


def _extracted(tmp_path, folder: str, db_name: str, docs: dict[str, str], *options: str):
    """A folder of ``docs`` (name -> text) extracted into the registry ``db_name``: (registry, folder)."""
    d = tmp_path / folder
    d.mkdir()
    for name, text in docs.items():
        (d / name).write_text(text, encoding="utf-8")
    db = tmp_path / db_name
    r = CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp_path / "o"), "--registry", str(db), "--quiet",
                                 *options])
    assert r.exit_code == 0, r.output
    return db, d


@pytest.fixture()
def reg_path(tmp_path):
    db, d = _extracted(tmp_path, "in", "r.db", {"a.txt": DOC_A, "b.txt": DOC_B})
    return db, d, tmp_path


def test_re_adding_is_idempotent_and_changes_replace(reg_path):
    db, d, tmp = reg_path
    with Registry(db) as reg:
        first = reg.counts()
    CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp / "o2"), "--registry", str(db), "--quiet"])
    with Registry(db) as reg:
        assert reg.counts() == first
    (d / "a.txt").write_text(DOC_A.replace("22,500", "23,100"), encoding="utf-8")
    CliRunner().invoke(app, ["extract", str(d), "--out", str(tmp / "o3"), "--registry", str(db), "--quiet"])
    with Registry(db) as reg:
        assert reg.counts()["documents"] == 2
        values = {r["value"] for r in reg.rows("figures")}
    assert 23100e9 in values and 22500e9 not in values


@pytest.mark.parametrize("query,expected", [("nghe an", "a.txt"), ("Nghệ An", "a.txt"), ("thanh hoa", "b.txt"),
                                            ('"budget revenue"', "a.txt"), ("revenu*", "a.txt")])
def test_search_is_accent_insensitive(reg_path, query, expected):
    db, _, _ = reg_path
    with Registry(db) as reg:
        rows = search(reg, query)
    assert rows and expected in {r["doc_id"] for r in rows}


def test_search_filters(reg_path):
    db, _, _ = reg_path
    with Registry(db) as reg:
        targets = search(reg, "", kind="target")
        money = search(reg, "revenue", unit_class="money")
        officials = search(reg, "", table="officials", place="thanh hoa")
    assert targets and all(r["kind"] == "target" for r in targets)
    assert money and all(r["unit_class"] == "money" for r in money)
    assert [r["name"] for r in officials] == ["Do Trong Hung"]


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "revenue)"])
def test_bad_query_gives_a_message(reg_path, query):
    db, _, _ = reg_path
    with Registry(db) as reg:
        with pytest.raises(SearchError, match="bad search query"):
            search(reg, query)
    r = CliRunner().invoke(app, ["search", query, "--registry", str(db)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_search_cli_formats(reg_path):
    db, _, _ = reg_path
    for fmt in ("table", "csv", "json"):
        r = CliRunner().invoke(app, ["search", "revenue", "--registry", str(db), "--format", fmt])
        assert r.exit_code == 0, r.output
        assert "22500000000000" in r.output or "22,500" in r.output


DOC_C = """Điện Biên sets its targets for 2025
In 2025, Điện Biên province strives for budget revenue of 3,200 billion VND.
"""
DOC_D = """Nam Dinh reviews 2024
In 2024, Nam Dinh province admitted 1,200 new Party members.
"""


@pytest.fixture()
def vn_reg(tmp_path):
    e = "Dương commune\nIn năm 2024, Dương commune built 12 km of đường roads.\n"
    return _extracted(tmp_path, "vn", "vn.db", {"c.txt": DOC_C, "d.txt": DOC_D, "e.txt": e}, "--models", "none")[0]


@pytest.mark.parametrize("query, docs", [
    ("dien bien", {"c.txt"}),  # no marks: every accented form, Đ included
    ("Điện Biên", {"c.txt"}),
    ("Dien Bien", {"c.txt"}),
    ("nam", {"d.txt", "e.txt"}),  # "Nam" and "năm" without marks
    ("Nam", {"d.txt", "e.txt"}),
    ("năm", {"e.txt"}),  # with its mark "năm" (year) is not "Nam" (a name)
    ("đường", {"e.txt"}),
    ("Dương", {"e.txt"}),
    ("duong", {"e.txt"}),
])
def test_a_query_without_marks_folds_and_one_with_marks_matches_exactly(vn_reg, query, docs):
    with Registry(vn_reg) as reg:
        assert {r["doc_id"] for r in search(reg, query)} == docs


def test_search_pages_with_a_total_and_refuses_unknown_filters(vn_reg):
    with Registry(vn_reg) as reg:
        rows, total = search_page(reg, "", limit=2)
        rest, total2 = search_page(reg, "", limit=100, offset=2)
    assert len(rows) == 2 and total == total2 == 2 + len(rest)
    r = CliRunner().invoke(app, ["search", "", "--registry", str(vn_reg), "--limit", "2"])
    assert f"rows 1-2 of {total}" in r.output and "next page: --offset 2" in r.output
    r = CliRunner().invoke(app, ["search", "", "--registry", str(vn_reg), "--format", "csv"])
    assert r.stdout.splitlines()[0] == "doc_id,table,kind,text,value,organization,period"  # the total goes to stderr
    assert "3,200 billion VND" in r.stdout  # values with their unit, not 3200000000000.0
    for opt, bad, accepted in (("--kind", "targte", "target, result, statistic"),
                               ("--unit-class", "monney", "money, percent, count")):
        r = CliRunner().invoke(app, ["search", "x", "--registry", str(vn_reg), opt, bad])
        assert r.exit_code == 2 and accepted in r.output


def test_a_registry_indexed_without_folding_is_reindexed_on_opening(vn_reg):
    import sqlite3

    db = sqlite3.connect(vn_reg)
    db.executescript("DROP TABLE search; CREATE VIRTUAL TABLE search USING fts5(body, tbl UNINDEXED, rid UNINDEXED, "
                     "doc_key UNINDEXED, doc_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'); "
                     "PRAGMA user_version = 2;")
    db.close()
    with Registry(vn_reg) as reg:
        assert {r["doc_id"] for r in search(reg, "dien bien")} == {"c.txt"}


# --------------------------------------------------------------------------- audit
def fig(**kw):
    base = {"id": kw.pop("id", 1), "doc_id": "d.txt", "doc_key": "k", "kind": "result", "unit_class": "percent",
            "unit": "%", "currency": "", "comparator": "eq", "value_high": None, "total": None,
            "metric": "GRDP growth rate", "organization": "Nghe An province", "period": "", "start": 0, "end": 5}
    base.update(kw)
    return base


S = "GRDP growth is estimated at 7.11% (target from 7 to 7.5%)."


@pytest.mark.parametrize("result,target,sentence,verdict", [
    (7.11, (7, 7.5), S, "consistent"),
    (6.2, (7, 7.5), "GRDP growth reached 6.2%, exceeding the target of 7-7.5%.", "contradicts"),
    (6.2, (7, 7.5), "GRDP growth reached 6.2% against the target of 7-7.5%.", "consistent"),
    (8.1, (7, None), "GRDP growth reached 8.1%, exceeding the target of 7%.", "consistent"),
])
def test_result_against_target(result, target, sentence, verdict):
    r = fig(id=1, value=result, text=f"{result}%", sentence=sentence, start=10)
    t = fig(id=2, kind="target", value=target[0], value_high=target[1], text="target", sentence=sentence, start=40)
    out = check_result_vs_target([r, t])
    assert [f.verdict for f in out] == [verdict]


@pytest.mark.parametrize("figs,verdicts", [
    ([fig(unit_class="count", unit="targets", value=15, total=30, text="15/30 targets", sentence="s")], ["consistent"]),
    ([fig(unit_class="count", unit="targets", value=31, total=30, text="31/30 targets", sentence="s")], ["contradicts"]),
])
def test_part_never_exceeds_whole(figs, verdicts):
    assert [f.verdict for f in check_part_whole(figs)] == verdicts


def test_remaining_adds_up_and_planted_error():
    s = "The district achieved 15/30 targets, the remaining 15 targets are in the roadmap."
    a = fig(id=1, unit_class="count", unit="targets", value=15, total=30, text="15/30 targets", sentence=s, start=22)
    b = fig(id=2, unit_class="count", unit="targets", value=15, text="the remaining 15 targets", sentence=s, start=37)
    assert "consistent" in [f.verdict for f in check_part_whole([a, b]) if "remaining" in f.explanation]
    b["value"] = 12
    assert "contradicts" in [f.verdict for f in check_part_whole([a, b]) if "remaining" in f.explanation]


def test_including_part_exceeds_whole():
    s = "The project affects more than 700 households, including 77 households to be resettled."
    a = fig(id=1, unit_class="count", unit="households", value=700, comparator="gt", text="more than 700 households", sentence=s)
    b = fig(id=2, unit_class="count", unit="households", value=77, text="77 households", sentence=s)
    assert [f.verdict for f in check_part_whole([a, b])] == ["consistent"]
    s2 = "The project affects about 70 households, including 77 households to be resettled."
    a.update(value=70, comparator="approx", text="about 70 households", sentence=s2)
    b.update(sentence=s2)
    assert [f.verdict for f in check_part_whole([a, b])] == ["contradicts"]


@pytest.mark.parametrize("amount,verdict", [(2119.069e9, "consistent"), (3000e9, "contradicts")])
def test_percentage_agrees_with_amounts(amount, verdict):
    s = "The province disbursed X, reaching 29.74% of the plan of 7,124.72 billion VND."
    p = fig(id=1, value=29.74, text="29.74% of the plan", sentence=s, start=30)
    a = fig(id=2, unit_class="money", currency="VND", unit="VND", value=amount, text="X", sentence=s, start=20)
    t = fig(id=3, kind="target", unit_class="money", currency="VND", unit="VND", value=7124.72e9, text="7,124.72 billion VND", sentence=s, start=60)
    out = [f for f in check_part_whole([p, a, t]) if "stated" in f.explanation]
    assert [f.verdict for f in out] == [verdict]


def test_words_against_numbers():
    claim = fig(id=1, unit_class="count", unit="targets", value=30, text="all 30 targets",
                sentence="The commune has achieved all 30 targets of the resolution.")
    count = fig(id=2, unit_class="count", unit="targets", value=15, total=30, text="15/30 targets",
                sentence="The commune achieved 15/30 targets.")
    assert [f.verdict for f in check_words_vs_numbers([claim, count])] == ["contradicts"]
    count.update(value=30, text="30/30 targets")
    assert [f.verdict for f in check_words_vs_numbers([claim, count])] == ["consistent"]


def test_cross_document():
    a = fig(id=1, doc_id="a.txt", doc_key="ka", period="2024", metric="budget revenue", organization="Nghe An province",
            unit_class="money", value=22500e9)
    b = dict(a, id=2, doc_id="b.txt", doc_key="kb", value=21000e9)
    assert [f.verdict for f in check_cross_document([a, b])] == ["contradicts"]
    b["value"] = 22500e9
    assert [f.verdict for f in check_cross_document([a, b])] == ["consistent"]
    b.update(organization="Ha Tinh province", value=1e9)
    assert check_cross_document([a, b]) == []


def test_reference_table(tmp_path):
    ref = tmp_path / "ref.csv"
    ref.write_text("organization,metric,period,value,unit\nNghe An province,budget revenue,2024,22500000000000,VND\n"
                   "Nghe An province,budget revenue,2023,1,VND\n", encoding="utf-8")
    f = fig(unit_class="money", currency="VND", unit="VND", metric="budget revenue", period="2024", value=22500e9, text="22,500 billion VND")
    out = check_reference([f], read_reference(ref))
    assert [x.verdict for x in out] == ["consistent", "unverifiable"]
    ref.write_text("organization,metric,period,value,unit\nNghe An province,budget revenue,2024,20000000000000,VND\n")
    assert [x.verdict for x in check_reference([f], read_reference(ref))] == ["contradicts"]


@pytest.mark.parametrize("content,message", [
    ("organization,metric,value\nX,y,1\n", "lacks column"),
    ("organization,metric,period,value,unit\nX,y,2024,lots,VND\n", "not a number"),
    # issue 14.8: inf is "consistent" with anything, nan and a negative tolerance make equal values contradict
    ("organization,metric,period,value,unit\nX,y,2024,inf,VND\n", "line 2: value 'inf' is not a finite number"),
    ("organization,metric,period,value,unit\nX,y,2024,nan,VND\n", "line 2: value 'nan' is not a finite number"),
    ("organization,metric,period,value,unit,tolerance\nX,y,2024,5,VND,nan\n", "line 2: tolerance 'nan' must be"),
    ("organization,metric,period,value,unit,tolerance\nX,y,2024,5,VND,1\nX,y,2024,5,VND,-5\n",
     "line 3: tolerance '-5' must be a finite number, 0 or more"),
])
def test_reference_errors(tmp_path, content, message):
    ref = tmp_path / "ref.csv"
    ref.write_text(content)
    with pytest.raises(AuditReferenceError, match=message):
        read_reference(ref)


@pytest.mark.parametrize("tol", ["-0.5", "nan", "inf"])
def test_audit_refuses_a_tolerance_that_is_not_a_finite_positive_number(reg_path, tol):
    db, _, tmp = reg_path
    r = CliRunner().invoke(app, ["audit", "--registry", str(db), "--out", str(tmp / "a.csv"), "--tolerance", tol])
    assert r.exit_code == 2 and "must be a finite number, 0 or more" in r.output


def test_audit_cli_writes_csv(reg_path):
    db, _, tmp = reg_path
    out = tmp / "audit.csv"
    r = CliRunner().invoke(app, ["audit", "--registry", str(db), "--out", str(out)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open()))
    assert rows and set(rows[0]) >= {"check", "verdict", "explanation", "figure_ids", "sentences", "offsets"}
    bad = tmp / "bad.csv"
    bad.write_text("metric,value\nx,1\n")
    r = CliRunner().invoke(app, ["audit", "--registry", str(db), "--reference", str(bad), "--out", str(out)])
    assert r.exit_code == 2 and "lacks column" in r.output


def test_falling_metric_amounts_and_levels():
    s = "In 2025 the poverty rate fell by 6.3%, exceeding the target of 5% per year."
    r = fig(id=1, value=6.3, text="6.3%", metric="poverty rate", sentence=s, start=35)
    t = fig(id=2, kind="target", value=5, text="5%", metric="poverty rate", sentence=s, start=70)
    assert [f.verdict for f in check_result_vs_target([r, t])] == ["consistent"]
    s2 = "The poverty rate fell to 6.3%, exceeding the target of a 5% reduction."
    r.update(sentence=s2)
    t.update(sentence=s2, text="5%")
    assert [f.verdict for f in check_result_vs_target([r, t])] == ["unverifiable"]


def test_progress_toward_a_later_target_is_no_contradiction():
    # the result and the target are paired through the tracker (same body and metric, a year
    # inside the target's period), not as the nearest figures of the text
    s = "The ward set up 3 new Party cells in 2025, meeting the annual plan."
    r = fig(id=1, unit_class="count", unit="Party cells", value=3, text="3 new Party cells", metric="new Party cells",
            period="2025", sentence=s, organization="An Phu ward")
    t = fig(id=2, kind="target", unit_class="count", unit="Party cells", value=25, text="25 new Party cells",
            metric="new Party cells", period="by 2030", sentence="The ward strives for 25 new Party cells by 2030.", start=200,
            organization="An Phu ward")
    assert [f.verdict for f in check_result_vs_target([r, t])] == ["consistent"]


def test_an_older_registry_is_migrated_and_a_newer_one_refused(tmp_path):
    import sqlite3

    from pipeline.errors import RegistryError
    from pipeline.schema import SCHEMA_VERSION

    old = tmp_path / "old.db"
    con = sqlite3.connect(old)  # a registry made before schema versions and incremental runs
    con.executescript("CREATE TABLE documents (doc_key TEXT PRIMARY KEY, doc_id TEXT, source TEXT, title TEXT,"
                      " date TEXT, n_chars INTEGER, n_words INTEGER, status TEXT, error TEXT, batch_id INTEGER,"
                      " added_at TEXT);"
                      "INSERT INTO documents(doc_key, doc_id, status) VALUES ('k1', 'a.txt', 'ok');")
    con.close()
    with Registry(old) as reg:
        assert reg.rows("documents")[0]["doc_id"] == "a.txt" and "pipeline" in reg.rows("documents")[0]
    con = sqlite3.connect(old)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.execute("PRAGMA user_version = 999")
    con.commit()
    con.close()
    with pytest.raises(RegistryError, match="schema version 999, newer"):
        Registry(old)
