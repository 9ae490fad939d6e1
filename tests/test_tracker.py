"""The target tracker (issue 12): indicators, targets as entities, results linked, status."""
import csv
import io
import json
import shutil
import sqlite3

import pytest
from typer.testing import CliRunner

from pipeline.batch import run_batch
from pipeline.cli import app
from pipeline.indicators import indicator_of
from pipeline.registry import Registry
from pipeline.tracker import TARGET_COLUMNS, body_key, build, format_value, period_end, status_of

DATA = __import__("pathlib").Path(__file__).parent / "data" / "tracker"


# --------------------------------------------------------------------------- indicators
@pytest.mark.parametrize("metric, unit_class, expected", [
    ("average income per capita", "money", "income_per_capita"),
    ("per capita income", "money", "income_per_capita"),
    ("income per head", "money", "income_per_capita"),
    ("GRDP per capita", "money", "grdp_per_capita"),
    ("GRDP growth", "percent", "grdp_growth"),
    ("average growth rate of production value", "percent", "grdp_growth"),
    ("multidimensional poverty rate", "percent", "multidimensional_poverty_rate"),
    ("total state budget revenue in the area", "money", "state_budget_revenue"),
    ("OCOP products rated 3 stars", "count", "ocop_products"),
    ("rate of trained workers", "percent", "trained_workers"),
    ("forest cover rate", "percent", "forest_cover"),
    ("public investment disbursement against plan", "percent", "public_investment_disbursement"),
    ("new Party members admitted", "count", "new_party_members"),
    ("OCOP products", "money", ""),  # not measured in money
    ("number of dialogues held", "count", ""),  # unmapped metrics stay free text
])
def test_a_metric_maps_to_its_indicator(metric, unit_class, expected):
    assert indicator_of(metric, unit_class) == expected


def test_a_share_of_grdp_is_no_growth_and_an_empty_metric_reads_its_clause():
    assert indicator_of("GRDP", "percent", text="16% of GRDP") == ""
    assert indicator_of("GRDP", "percent", text="8.2%") == "grdp_growth"
    # "help 140 poor households escape poverty": more is better, not the stock of poor households
    assert indicator_of("poor households", "count", text="140 poor households", after=" escape poverty") == ""
    assert indicator_of("poor households", "count", text="1,200 poor households", after=" in the commune") == "poor_households"
    # "the target of VND 5 trillion in state budget revenue": the metric says only "target"
    assert indicator_of("target", "money", "The province keeps the target of ", text="VND 5 trillion",
                        after=" in state budget revenue by 2025.") == "state_budget_revenue"


@pytest.mark.parametrize("period, end", [
    ("by 2025", (2025, 12)), ("2021-2025", (2025, 12)), ("first six months of 2025", (2025, 6)),
    ("first 9 months of 2024", (2024, 9)), ("As of October 31, 2025", (2025, 10)),
    ("the third quarter of 2024", (2024, 9)), ("", None),
])
def test_where_a_period_ends(period, end):
    assert period_end(period) == end


@pytest.mark.parametrize("value, unit, high, comp, text", [
    (1.2e12, "VND", None, "eq", "1,200 billion VND"),
    (7.0, "%", 7.5, "range", "7-7.5%"),
    (15, "OCOP products", None, "ge", "at least 15 OCOP products"),
    (60e6, "VND", None, "", "60 million VND"),
])
def test_values_are_written_as_a_reader_writes_them(value, unit, high, comp, text):
    assert format_value(value, unit, high, comp) == text


def test_the_body_is_its_place_and_level():
    assert body_key("Tan Lap Provincial Party Committee") == body_key("Tan Lap Provincial People's Committee")
    assert body_key("Tân Lập province") == body_key("Tan Lap province")
    assert body_key("Hoa Son commune Party Committee") != body_key("Hoa Son district Party Committee")


# --------------------------------------------------------------------------- linking and status
def fig(i, kind, value, period, doc="d1", **kw):
    row = {"id": i, "doc_key": doc, "doc_id": doc, "kind": kind, "value": value, "period": period,
           "organization": "Tan Lap province", "unit_class": "money", "currency": "VND", "unit": "VND",
           "metric": "average income per capita", "indicator": "income_per_capita", "comparator": "eq",
           "text": f"{value}", "sentence": f"Figure {i} holds for {period}."}
    row.update(kw)
    return row


def statuses(figs):
    return {t.target_id: status_of(t)["status"] for t in build(figs)}


def test_one_target_written_two_ways_in_two_reports_is_one_target():
    a = fig(1, "target", 1.2e12, "by 2025", metric="state budget revenue", indicator="state_budget_revenue")
    b = fig(2, "target", 1.2e12, "by 2025", doc="d2", metric="budget revenue in the area",
            indicator="state_budget_revenue", organization="Tan Lap Provincial Party Committee")
    (t,) = build([a, b])
    assert len(t.mentions) == 2


@pytest.mark.parametrize("results, status", [
    ([], "no_result"),
    ([fig(2, "result", 48e6, "2023", doc="d2")], "in_progress"),
    ([fig(2, "result", 48e6, "2023", doc="d2"), fig(3, "result", 62e6, "2025", doc="d3")], "achieved"),
    ([fig(2, "result", 58e6, "2025", doc="d2")], "not_achieved"),
    # a year the result's own sentence does not name (inherited) gives no verdict
    ([fig(2, "result", 58e6, "2025", doc="d2", sentence="Income reached 58 million VND.")], "in_progress"),
    # a result for part of the last year only is progress, not the verdict
    ([fig(2, "result", 58e6, "first six months of 2025", doc="d2")], "in_progress"),
    # another body's result, another indicator: no link
    ([fig(2, "result", 70e6, "2025", doc="d2", organization="Hoa Son province")], "no_result"),
    ([fig(2, "result", 70e6, "2025", doc="d2", indicator="grdp_per_capita", metric="GRDP per capita")], "no_result"),
    # 412.5 billion against an unrelated 95 billion: too far apart to be one measure
    ([fig(2, "result", 9e9, "2025", doc="d2")], "no_result"),
])
def test_status_from_the_results_linked(results, status):
    target = fig(1, "target", 60e6, "2021-2025")
    assert list(statuses([target, *results]).values()) == [status]


def test_a_falling_indicator_is_met_at_or_under_its_target_and_a_range_at_its_lower_end():
    pov = dict(unit_class="percent", currency="", unit="%", metric="poverty rate", indicator="multidimensional_poverty_rate")
    t = fig(1, "target", 3.0, "2021-2025", comparator="lt", **pov)
    assert list(statuses([t, fig(2, "result", 2.8, "2025", doc="d2", **pov)]).values()) == ["achieved"]
    assert list(statuses([t, fig(2, "result", 3.4, "2025", doc="d2", **pov)]).values()) == ["not_achieved"]
    g = dict(unit_class="percent", currency="", unit="%", metric="GRDP growth", indicator="grdp_growth")
    r = fig(1, "target", 7.0, "2025", value_high=7.5, comparator="range", **g)
    assert list(statuses([r, fig(2, "result", 7.1, "2025", doc="d2", **g)]).values()) == ["achieved"]


def test_a_yearly_target_is_not_met_by_a_whole_term():
    y = dict(unit_class="count", currency="", unit="new Party members", metric="new Party members admitted",
             indicator="new_party_members")
    t = fig(1, "target", 15, "2020-2025 term", sentence="admit 15 new Party members each year", text="15", **y)
    r = fig(2, "result", 61, "2020-2025 term", doc="d2", sentence="admitted 61 new Party members", text="61", **y)
    assert list(statuses([t, r]).values()) == ["no_result"]


# --------------------------------------------------------------------------- end to end, incremental
@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The tracker's reports, split in two batches: the plans and the mid-term, then the review."""
    root = tmp_path_factory.mktemp("tracker")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    for p in DATA.glob("*.txt"):
        shutil.copy(p, (second if p.name in ("a3_review.txt", "b3_year.txt") else first) / p.name)
    return root


def _targets(reg_path):
    with Registry(reg_path) as reg:
        rows = reg.db.execute("SELECT indicator, body, status, share, n_mentions FROM targets").fetchall()
    return {(r[0], r[1].split("|")[0]): (r[2], r[3], r[4]) for r in rows}


def test_statuses_follow_the_reports_batch_by_batch_and_removal_takes_back(reports, tmp_path):
    reg = tmp_path / "reg.db"
    run_batch(sorted((reports / "first").glob("*.txt")), tmp_path / "o1", models="none", registry=reg)
    got = _targets(reg)
    assert got[("income_per_capita", "tan lap")][0] == "in_progress"
    assert got[("income_per_capita", "tan lap")][1] == pytest.approx(0.8)  # 48 of 60 million VND
    assert got[("state_budget_revenue", "tan lap")] == ("no_result", None, 2)  # restated as "VND 5 trillion"
    assert got[("new_party_members", "hoa son")][0] == "in_progress"  # 9 in the first half of the year

    run_batch(sorted((reports / "second").glob("*.txt")), tmp_path / "o2", models="none", registry=reg)
    got = _targets(reg)
    assert {k: v[0] for k, v in got.items()} == {
        ("income_per_capita", "tan lap"): "achieved",  # 62 against 60 million VND
        ("multidimensional_poverty_rate", "tan lap"): "not_achieved",  # 3.4% against below 3%
        ("ocop_products", "tan lap"): "achieved",  # 210 against 200
        ("state_budget_revenue", "tan lap"): "not_achieved",  # 4,200 against 5,000 billion VND
        ("forest_cover", "tan lap"): "no_result",
        ("new_party_members", "hoa son"): "achieved",  # 24 against 20
    }
    with Registry(reg) as r:
        removed = r.remove(["a3_review.txt"])
        assert removed == {"a3_review.txt": ["a3_review.txt"]}
        n = r.db.execute("SELECT COUNT(*) FROM target_results WHERE doc_id = 'a3_review.txt'").fetchone()[0]
    assert n == 0
    assert _targets(reg)[("income_per_capita", "tan lap")][0] == "in_progress"


def test_praxis_targets_lists_filters_and_refuses_unknown_values(reports, tmp_path):
    reg = tmp_path / "reg.db"
    run_batch(sorted(DATA.glob("*.txt")), tmp_path / "o", models="none", registry=reg)
    runner = CliRunner()
    res = runner.invoke(app, ["targets", "--registry", str(reg), "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert list(rows[0]) == TARGET_COLUMNS and len(rows) == 6
    res = runner.invoke(app, ["targets", "--registry", str(reg), "--place", "Tân Lập", "--status", "achieved",
                              "--format", "json"])
    got = json.loads(res.output)
    assert sorted(r["indicator"] for r in got) == ["income_per_capita", "ocop_products"]
    assert got[0]["latest_result_doc"] == "a3_review.txt"
    res = runner.invoke(app, ["targets", "--registry", str(reg), "--indicator", "new_party_members", "--period", "2025"])
    assert res.exit_code == 0 and "Hoa Son" in res.output and "achieved" in res.output
    res = runner.invoke(app, ["targets", "--registry", str(reg), "--status", "done"])
    assert res.exit_code == 2 and "achieved, not_achieved, in_progress, no_result" in res.output
    res = runner.invoke(app, ["targets", "--indicators"])
    assert "income_per_capita" in res.output
    res = runner.invoke(app, ["remove", "nothing.txt", "--registry", str(reg)])
    assert res.exit_code == 1 and "not in the registry: nothing.txt" in res.output


def test_a_registry_from_before_the_tracker_gets_it_on_opening(reports, tmp_path):
    reg = tmp_path / "reg.db"
    run_batch(sorted(DATA.glob("*.txt")), tmp_path / "o", models="none", registry=reg)
    db = sqlite3.connect(reg)
    db.executescript("DROP TABLE targets; DROP TABLE target_mentions; DROP TABLE target_results; PRAGMA user_version = 1;")
    db.close()
    with Registry(reg) as r:
        assert r.db.execute("SELECT COUNT(*) FROM targets").fetchone()[0] == 6


def test_the_report_has_a_section_per_body_with_statuses_and_charts(reports, tmp_path):
    reg = tmp_path / "reg.db"
    run_batch(sorted(DATA.glob("*.txt")), tmp_path / "o", models="none", registry=reg)
    out = tmp_path / "report.html"
    res = CliRunner().invoke(app, ["report", "--registry", str(reg), "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "<h2>Targets by body</h2>" in page and "<h3>Tan Lap province</h3>" in page
    assert "<td class='not_achieved'>not achieved</td>" in page and "<td class='achieved'>achieved</td>" in page
    assert "alt='average income per capita'" in page  # a chart of its results over time


def test_the_attainment_bars_are_coloured_by_status_and_not_all_capped():
    from pipeline.report import STATUS_COLOURS, attainment_rows

    targets = [
        {"organization": "Tan Lap province", "indicator": "income_per_capita", "period": "by 2025", "value": 60e6,
         "latest_result": 62e6, "status": "achieved", "direction": "up", "n_results": 2, "confidence": 1},
        {"organization": "Tan Lap province", "indicator": "multidimensional_poverty_rate", "period": "by 2025",
         "value": 3.0, "latest_result": 3.4, "status": "not_achieved", "direction": "down", "n_results": 1, "confidence": 1},
        {"organization": "Tan Lap province", "indicator": "", "metric": "VND", "period": "2025", "value": 5,
         "latest_result": 4, "status": "in_progress", "direction": "up", "n_results": 1, "confidence": 1},
    ]
    rows = attainment_rows(targets)
    assert [round(r["ratio"]) for r in rows] == [88, 103]  # 3/3.4 for a falling rate; the junk metric is left out
    assert [r["colour"] for r in rows] == [STATUS_COLOURS["not_achieved"], STATUS_COLOURS["achieved"]]
    assert rows[1]["label"] == "Tan Lap province — average income per capita (by 2025)"


def test_the_registry_rebuild_reads_the_results_as_a_stream_and_gives_what_build_gives(tmp_path):
    """rebuild() reads targets, then results one by one (a statistic is never read): the same
    targets, mentions and links as build() over every row at once."""
    from pipeline.tracker import build_from

    rows = [fig(1, "target", 60e6, "2021-2025"), fig(2, "statistic", 50e6, "2023", doc="d2"),
            fig(3, "result", 48e6, "2023", doc="d2"), fig(4, "target", 60e6, "2021-2025", doc="d3"),
            fig(5, "result", 62e6, "2025", doc="d3")]
    read = []

    def stream(kind):
        for r in rows:
            if r["kind"] == kind:
                read.append(r["id"])
                yield r

    a, b = build(rows), build_from(stream("target"), stream("result"))
    assert [(t.target_id, [m["id"] for m in t.mentions], [x[0]["id"] for x in t.results]) for t in a] == \
        [(t.target_id, [m["id"] for m in t.mentions], [x[0]["id"] for x in t.results]) for t in b]
    assert [status_of(t)["status"] for t in b] == ["achieved"] and 2 not in read


def test_the_name_shown_for_a_target_is_the_same_on_every_run():
    """Two spellings as often and as long: the first named (a set's order changed from run to
    run with Python's string hashing)."""
    from pipeline.tracker import _display_org

    (t,) = build([fig(1, "target", 60e6, "2021-2025", organization="DAK LAK province"),
                  fig(2, "target", 60e6, "2021-2025", doc="d2", organization="Dak Lak province")])
    (u,) = build([fig(1, "target", 60e6, "2021-2025", organization="Dak Lak province"),
                  fig(2, "target", 60e6, "2021-2025", doc="d2", organization="DAK LAK province")])
    assert (_display_org(t), _display_org(u)) == ("DAK LAK province", "Dak Lak province")


def _tracker_tables(db) -> dict[str, list[tuple]]:
    return {t: sorted((tuple(r) for r in db.execute(f"SELECT * FROM {t}")), key=repr)
            for t in ("targets", "target_mentions", "target_results")}


def test_a_rebuild_after_each_batch_replacement_copy_and_removal_equals_a_full_one_and_builds_only_what_changed(
        tmp_path, monkeypatch):
    """The tracker is built again only for the blocks whose figures came or went: after every
    step the tables are those of a full rebuild, and a one-document batch builds few blocks."""
    from pipeline import tracker

    corpus = sorted(p for p in (DATA.parents[2] / "corpus" / "docs").glob("*.txt"))[:16]
    first, second, third = tmp_path / "first", tmp_path / "second", tmp_path / "third"
    for d in (first, second, third):
        d.mkdir()
    for p in sorted(DATA.glob("*.txt"))[:3] + corpus[:10]:
        shutil.copy(p, first / p.name)
    for p in sorted(DATA.glob("*.txt"))[3:] + corpus[10:15]:
        shutil.copy(p, second / p.name)
    shutil.copy(corpus[0], second / ("copy_of_" + corpus[0].name))  # a copy adds nothing
    shutil.copy(corpus[15], third / corpus[15].name)
    reg = tmp_path / "reg.db"

    def check():
        with Registry(reg) as r:
            now = _tracker_tables(r.db)
            tracker.rebuild(r.db, full=True)
            assert now == _tracker_tables(r.db)
            assert now["targets"]
            return r.db.execute("SELECT COUNT(DISTINCT block) FROM tracker_rows WHERE role = 0").fetchone()[0]

    run_batch([str(first)], tmp_path / "o1", models="none", registry=reg)
    check()
    run_batch([str(second)], tmp_path / "o2", models="none", registry=reg)
    check()
    # a changed file at the same place replaces the old document's figures
    (first / "a1_congress.txt").write_text((DATA / "a1_congress.txt").read_text(encoding="utf-8")
                                           .replace("60 million", "65 million"), encoding="utf-8")
    run_batch([str(first / "a1_congress.txt")], tmp_path / "o3", models="none", registry=reg)
    blocks = check()
    built = []
    real = tracker.build_from
    monkeypatch.setattr(tracker, "build_from", lambda *a, **k: built.append(1) or real(*a, **k))
    run_batch([str(third)], tmp_path / "o4", models="none", registry=reg)
    assert 0 < len(built) < blocks / 2, (len(built), blocks)
    monkeypatch.undo()
    check()
    with Registry(reg) as r:
        r.remove(["a3_review.txt", corpus[3].name])
    check()


def test_a_registry_of_schema_4_gets_the_incremental_tracker_and_keeps_it_right(reports, tmp_path):
    """Schema 4 had no triggers and no tracker_* tables: opening adds them and builds the tracker
    in full; the next batch is filed by the triggers and gives what a full rebuild gives."""
    from pipeline import tracker

    reg = tmp_path / "reg.db"
    run_batch(sorted((reports / "first").glob("*.txt")), tmp_path / "o1", models="none", registry=reg)
    db = sqlite3.connect(reg)
    db.executescript("DROP TRIGGER tracker_figure_added; DROP TRIGGER tracker_figure_removed;"
                     " DROP TABLE tracker_rows; DROP TABLE tracker_pending; DROP TABLE tracker_dirty;"
                     " DROP TABLE tracker_target_blocks; DROP TABLE tracker_state; DELETE FROM targets;"
                     " PRAGMA user_version = 4;")
    db.close()
    run_batch(sorted((reports / "second").glob("*.txt")), tmp_path / "o2", models="none", registry=reg)
    with Registry(reg) as r:
        names = {n for (n,) in r.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert names == {"tracker_figure_added", "tracker_figure_removed"}
        now = _tracker_tables(r.db)
        tracker.rebuild(r.db, full=True)
        assert now == _tracker_tables(r.db) and len(now["targets"]) == 6


def test_a_new_praxis_builds_the_whole_tracker_again(reports, tmp_path, monkeypatch):
    """The tracker records the code it was built with: other code (an upgrade) builds every block."""
    from pipeline import tracker

    reg = tmp_path / "reg.db"
    run_batch(sorted(DATA.glob("*.txt")), tmp_path / "o", models="none", registry=reg)
    built = []
    real = tracker.build_from
    monkeypatch.setattr(tracker, "build_from", lambda *a, **k: built.append(1) or real(*a, **k))
    with Registry(reg) as r:
        blocks = r.db.execute("SELECT COUNT(DISTINCT block) FROM tracker_rows WHERE role = 0").fetchone()[0]
        before = _tracker_tables(r.db)
        tracker.rebuild(r.db)
        assert built == []  # nothing changed: nothing built
        monkeypatch.setattr(tracker, "_code_stamp", lambda: "another praxis")
        tracker.rebuild(r.db)
        assert len(built) == blocks > 0 and _tracker_tables(r.db) == before
