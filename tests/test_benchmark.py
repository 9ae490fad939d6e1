"""benchmarks/throughput.py: its pieces as pure functions (no timing is asserted, nothing is timed)."""
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("praxis_benchmark", ROOT / "benchmarks" / "throughput.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    yield mod
    sys.modules.pop(spec.name, None)


TEXTS = [
    "Nghệ An reports on 2024\nRevenue reached 1,234 billion VND, up 12.5%.\nThe province built 37 schools.\nPoverty fell to 3.2%.",
    "Hà Tĩnh: targets for 2025-2030\nIncome per capita is to reach 95 million VND.\nForest cover 52%.",
    "A short note\nThe commune has 4 villages and 1,020 households.",
]


def _files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.txt"))}


def test_corpus_is_deterministic_and_varied(bench, tmp_path):
    words = bench.build_corpus(9, tmp_path / "a", TEXTS)
    bench.build_corpus(9, tmp_path / "b", TEXTS)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a == b and len(a) == 9  # same seed, same bytes
    assert len(set(a.values())) == 9  # no two documents alike, though 3 sources
    assert words == sum(len(t.decode().split()) for t in a.values())
    bench.build_corpus(9, tmp_path / "c", TEXTS, seed=1)
    assert _files(tmp_path / "c") != a
    one, n = bench.build_one(tmp_path / "one", TEXTS)
    assert one.read_text(encoding="utf-8").split("\n")[0] == "A short note" and n == len(one.read_text(encoding="utf-8").split())


def test_round_orders_alternate(bench):
    assert bench.round_orders(["A", "B"], 4) == [["A", "B"], ["B", "A"], ["A", "B"], ["B", "A"]]
    assert bench.round_orders([1, 2, 4], 2) == [[1, 2, 4], [4, 2, 1]]


def test_ratio_and_its_spread(bench):
    r = bench.ratio_spread([10.0, 10.0, 10.0], [5.0, 6.0, 4.0])
    assert r["seconds_ratio_B_over_A"] == 0.5 and r["speedup_B_over_A"] == 2.0
    assert (r["per_round_min"], r["per_round_max"], r["within_noise"]) == (0.4, 0.6, False)
    assert bench.ratio_spread([10.0, 10.0], [9.0, 11.0])["within_noise"] is True
    s = bench.stats([3.0, 1.0, 2.0])
    assert (s["n"], s["min"], s["median"], s["max"], s["spread_pct"]) == (3, 1.0, 2.0, 3.0, 100.0)
    assert bench.words_per_s(1000, s) == {"min": 333, "median": 500, "max": 1000}


def test_steady_state_subtracts_the_one_document_run(bench):
    st = bench.steady_state(10_100, 12.0, 100, 2.0)
    assert st["words_per_s"] == 1000 and st["startup_seconds"] == 2.0 and "one-document run" in st["method"]
    assert bench.steady_state(100, 2.0, 100, 2.5)["words_per_s"] is None  # no time left once start-up is subtracted


def test_tables_compared_by_digest(bench, tmp_path):
    for side, fig in (("a", "x,1\n"), ("b", "x,2\n")):
        (tmp_path / side).mkdir()
        (tmp_path / side / "documents.csv").write_text("doc_id\nd1\n")
        (tmp_path / side / "figures.csv").write_text(fig)
    (tmp_path / "b" / "extra.csv").write_text("")
    a, b = bench.table_digests(tmp_path / "a"), bench.table_digests(tmp_path / "b")
    c = bench.compare_tables(a, b)
    assert (c["identical"], c["differ"], c["only_in_B"], c["compared"]) == (False, ["figures.csv"], ["extra.csv"], ["documents.csv", "figures.csv"])
    assert bench.compare_tables(a, dict(a))["identical"] is True
    assert bench.compare_tables({}, {})["identical"] is False  # no table at all is not a match


def test_compare_rounds_alternate_and_report_shape(bench):
    calls, seconds = [], {"A": iter([10.0, 11.0, 10.5]), "B": iter([8.0, 8.5, 8.2])}

    def run_one(label):
        calls.append(label)
        return {"seconds": next(seconds[label]), "tables": {"figures.csv": "same"}, "one_doc_seconds": 2.0,
                "peak_rss_mb": 100.0, **({"stderr": "warning: x"} if label == "B" else {})}

    rounds = bench.compare_rounds(run_one, ["A", "B"], 3)
    assert calls == ["A", "B", "B", "A", "A", "B"]
    assert [r["order"] for r in rounds] == ["AB", "BA", "AB"]
    out = bench.compare_summary(rounds, 10_000, 100)
    assert set(out) == {"A", "B", "B_vs_A", "tables"}
    assert out["A"]["seconds"]["median"] == 10.5 and out["B"]["seconds"]["median"] == 8.2
    assert out["A"]["steady_state"]["words_per_s"] == round(9900 / 8.5)
    assert out["B"]["stderr_of_a_run"] == "warning: x" and "stderr_of_a_run" not in out["A"]
    assert out["B_vs_A"]["per_round_seconds_ratio"] == [0.8, round(8.5 / 11.0, 3), round(8.2 / 10.5, 3)]
    assert out["B_vs_A"]["within_noise"] is False and out["tables"]["identical"] is True
    assert out["A"]["tables_stable_across_rounds"] is True


def test_startup_summary_beyond_python_and_targets(bench):
    times = {"python_pass": [0.03, 0.02, 0.04], "help": [0.2, 0.25, 0.22], "extract_one": [2.0, 1.9, 2.1]}
    s = bench.summarize_startup(times)
    assert s["help"]["beyond_python"]["median"] == 0.19 and s["help"]["meets_target"] is True
    assert s["extract_one"]["meets_target"] is False and s["extract_one"]["target_basis"] == "median, wall"
    cmp = bench.compare_startup_ratios({"A": s, "B": bench.summarize_startup({**times, "help": [0.4, 0.4, 0.4]})})
    assert cmp["help"]["beyond_python_median_diff_s"] == 0.18 and cmp["extract_one"]["median_ratio_B_over_A"] == 1.0


def test_ratios_say_when_en_core_web_sm_is_missing(bench):
    summary = [{"docs": 1000, "jobs": j, "words": 500_000, "words_per_s": w, "peak_rss_mb": 400.0, "seconds": {"median": 500_000 / w}}
               for j, w in ((1, 20_000), (2, 36_000))]
    steady = {"jobs1": {"words_per_s_by_docs": {"1000": 25_000}}}
    r = bench.throughput_ratios(summary, {"blank_words_per_s": 500_000, "sm_words_per_s": None, "sm_note": "absent"}, steady, [1, 2])
    assert r["extraction_vs_en_core_web_sm"] is None and r["en_core_web_sm_note"] == "absent"
    assert r["extraction_vs_blank_tokenizer"] == 0.04 and r["steady_extraction_vs_blank_tokenizer"] == 0.05
    assert r["speedup_jobs2_at_1000"] == 1.8
    r = bench.throughput_ratios(summary, {"blank_words_per_s": 500_000, "sm_words_per_s": 5_000}, steady, [1, 2])
    assert (r["extraction_vs_en_core_web_sm"], r["steady_extraction_vs_en_core_web_sm"]) == (4.0, 5.0)


def test_arguments(bench):
    a = bench.parse_args([])
    assert a.docs == [1000] and a.jobs == [1] and a.json == ROOT / "benchmarks" / "results.json" and a.what == "all"
    a = bench.parse_args(["--compare", "HEAD", "WORKTREE", "--rounds", "3"])
    assert a.docs == [300] and a.compare == ["HEAD", "WORKTREE"] and a.json.name == "compare.json"
    assert 100_000 in bench.parse_args(["--memory-100k"]).docs
    with pytest.raises(SystemExit):
        bench.parse_args(["--compare", "HEAD", "WORKTREE", "--docs", "10", "20"])


def test_checkout_check_refuses_a_package_from_elsewhere(bench, tmp_path):
    # the same child the comparison starts: cwd and PYTHONPATH a folder without the package
    with pytest.raises(SystemExit, match="FAILED"):
        bench.check_checkout(tmp_path)


def test_checkout_check_accepts_its_own_package(bench):
    info = bench.check_checkout(ROOT)
    assert Path(info["pipeline_file"]).resolve().is_relative_to(ROOT)
    assert Path(info["models_dir"]).resolve() == (ROOT / "models").resolve()


def test_jobs_speedup_spread_over_rounds(bench):
    runs = [{"docs": 1000, "jobs": j, "round": r, "seconds": s}
            for r, j, s in ((1, 1, 40.0), (1, 2, 20.0), (2, 2, 25.0), (2, 1, 45.0))]
    assert bench.jobs_spread(runs) == {"speedup_jobs2_at_1000_per_round_min_max": [1.8, 2.0]}
    assert bench.jobs_spread(runs[:2]) == {}  # one round: no spread to give


def test_the_json_names_the_revision_measured(bench, tmp_path):
    import re

    assert re.fullmatch(r"[0-9a-f]{7,}\+?", bench.revision(ROOT))
    assert bench.revision(tmp_path) == ""  # not a git checkout
