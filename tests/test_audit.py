"""The audit on report-like texts (issue 12): planted contradictions, checks that agree with
each other, stated shares and listed parts, "not met" counts, pairing through the tracker."""
from pathlib import Path

import pytest

from pipeline.annotate import annotate
from pipeline.audit import check_part_whole, check_words_vs_numbers, head_noun, run_audit
from pipeline.batch import run_batch
from pipeline.registry import Registry

DATA = Path(__file__).parent / "data" / "audit"
# the planted contradictions of tests/data/audit (p*), each with the check that must catch it;
# the c* reports hold the same shapes with numbers that agree
PLANTED = {
    "p1_claim_short.txt": "result_vs_target",  # "reached 6.2%, exceeding the target of 7%"
    "p2_remaining.txt": "part_whole",  # "15/30 targets set; the remaining 12 targets"
    "p3_all_vs_not_met.txt": "words_vs_numbers",  # "all 18 targets" and "3 of the 18 have not been met"
    "p4_share.txt": "part_whole",  # 1,250 of 2,000 billion is not 41.7%
    "p5_parts.txt": "part_whole",  # 50 + 40 + 45 billion out of 120 billion
    "p6_cross_a.txt": "cross_document",  # 52 and 58 million VND for one district and year
    "p7_part_whole.txt": "part_whole",  # "Of the 120 affected households, 135 households"
}


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("audit")
    reg = tmp / "reg.db"
    run_batch(sorted(DATA.glob("*.txt")), tmp / "out", models="none", registry=reg)
    with Registry(reg) as r:
        figs = r.rows("figures")
    return run_audit(figs)


def test_every_planted_contradiction_is_caught_and_no_false_alarm(audited):
    bad = [f for f in audited if f.verdict == "contradicts"]
    caught = {name for name, check in PLANTED.items()
              if any(f.check == check and name in {x.get("doc_id") for x in f.figures} for f in bad)}
    assert caught == set(PLANTED)
    false_alarms = [f for f in bad if not any(str(x.get("doc_id")).startswith("p") for x in f.figures)]
    assert false_alarms == []


def test_the_clean_reports_are_checked_not_skipped(audited):
    ok = {x.get("doc_id") for f in audited if f.verdict == "consistent" for x in f.figures}
    assert {"c1_short_not_claimed.txt", "c2_separators.txt", "c3_remaining_ok.txt", "c4_parts_ok.txt",
            "c6_all_ok.txt", "c7_target_met.txt"} <= ok


def _audit(text):
    figs = [dict(f, id=i, doc_id="d.txt", doc_key="k") for i, f in enumerate(annotate(text).figures)]
    return run_audit(figs)


def test_a_misread_number_is_unverifiable_in_both_checks_never_met_and_contradicted():
    out = _audit("As of October 31, 2024, the province had disbursed VND 3,215,408 billion, reaching 31.2% of "
                 "the plan of VND 10,305,6 billion.")
    assert {(f.check, f.verdict) for f in out} == {("result_vs_target", "unverifiable"), ("part_whole", "unverifiable")}
    assert all("misread" in f.explanation for f in out)


def test_an_unrelated_amount_of_the_sentence_is_never_the_target():
    out = _audit("As of September 30, 2024, the province had disbursed VND 412.5 billion, equal to 41% of the plan; "
                 "VND 95 billion of capital has not yet been allocated to projects.")
    assert not [f for f in out if f.check == "result_vs_target"]


@pytest.mark.parametrize("unit, noun", [("targets set", "target"), ("targets", "target"), ("new Party members", "member"),
                                        ("communes", "commune"), ("key tasks", "task"), ("facilities", "facility")])
def test_the_counted_noun(unit, noun):
    assert head_noun(unit) == noun


def test_listed_parts_against_their_total():
    text = ("The commune mobilised {} billion VND for rural roads, of which the state budget contributed 50 billion VND, "
            "businesses 40 billion VND and people 45 billion VND.")
    verdicts = lambda t: [f.verdict for f in _audit(t) if f.explanation.startswith("listed parts")]  # noqa: E731
    assert verdicts(text.format(120)) == ["contradicts"]
    assert verdicts(text.format(135)) == ["consistent"]
    assert verdicts(text.format(150)) == ["consistent"]  # other sources may make up the rest


def test_a_count_of_targets_not_met_against_all_achieved():
    def fig(i, value, total, text, sentence):
        return {"id": i, "doc_id": "d", "doc_key": "k", "unit_class": "count", "unit": "targets", "value": value,
                "total": total, "text": text, "sentence": sentence}
    claim = fig(1, 18, None, "18 targets", "The district achieved all 18 targets of the resolution.")
    not_met = fig(2, 3, 18, "3 of the 18 targets", "However, 3 of the 18 targets have not been met.")
    assert [f.verdict for f in check_words_vs_numbers([claim, not_met])] == ["contradicts"]
    none = fig(2, 0, 18, "0 of the 18 targets", "None: 0 of the 18 targets have not been met.")
    assert [f.verdict for f in check_words_vs_numbers([claim, none])] == ["consistent"]


def test_of_the_whole_named_first():
    out = [f for f in check_part_whole([dict(f, id=i, doc_id="d", doc_key="k") for i, f in enumerate(
        annotate("Of the 120 affected households, 98 households have handed over their land.").figures)])]
    assert [f.verdict for f in out if "named before" in f.explanation] == ["consistent"]
