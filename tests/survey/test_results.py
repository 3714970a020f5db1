"""Aggregation and thresholds: withheld below the threshold, per question, per segment (and its
complement), free text only above its own threshold and never by segment; eNPS, mean, median."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from flows.survey.anonymity import coarsen_segments, safe_segments, visible_segments
from flows.survey.definition import parse_survey
from flows.survey.results import Row, aggregate, enps
from tests.survey.helpers import SURVEY

PULS = parse_survey(Path("puls.yml"), SURVEY)  # threshold 5, free text from 6


def rows(spec: list[tuple[str | None, int]], **extra: object) -> list[Row]:
    """(segment, technik value) -> rows, each with empfehlung 9 and mobil 1 and ``extra``."""
    return [Row(s, {"technik": v, "empfehlung": 9, "mobil": 1, **extra}) for s, v in spec]


def by_id(result: dict) -> dict:  # type: ignore[type-arg]
    return {q["id"]: q for q in result["questions"]}


def test_withheld_below_the_threshold_says_why() -> None:
    result = aggregate(PULS, rows([("A", 5)] * 4), invited=40)
    assert result["withheld"] is True and result["questions"] == []
    assert result["reason"] == ("results withheld: 4 respondents, fewer than the anonymity "
                                "threshold of 5")
    assert result["respondents"] == 4 and result["participation_rate"] == 0.1


def test_at_the_threshold_figures_are_shown() -> None:
    result = aggregate(PULS, rows([("A", v) for v in (1, 2, 4, 5, 5)]), invited=10)
    q = by_id(result)["technik"]
    assert result["withheld"] is False and result["participation_rate"] == 0.5
    assert q["n"] == 5 and q["mean"] == 3.4 and q["median"] == 4
    assert [d["count"] for d in q["distribution"]] == [1, 1, 0, 1, 2]
    assert q["distribution"][4]["label"] == "stimme voll zu"
    assert by_id(result)["mobil"]["yes_share"] == 1.0


def test_a_question_with_too_few_answers_is_withheld_alone() -> None:
    data = rows([(None, 3)] * 6)
    for r in data[:2]:
        del r.answers["empfehlung"]  # two partial responses
    q = by_id(aggregate(PULS, data, invited=6))
    assert q["technik"]["withheld"] is False
    assert q["empfehlung"]["withheld"] is True and "only 4 answers" in q["empfehlung"]["reason"]


def test_enps() -> None:
    assert enps([10, 9, 8, 7, 6, 0]) == 0
    assert enps([10, 10, 9, 8]) == 75
    assert enps([3, 5, 9]) == -33


def test_segments_hidden_when_small_or_when_the_rest_is_small() -> None:
    # A: 6, B: 4 -> B too small; total minus A is 4 -> A hidden too (else A = total - B)
    q = by_id(aggregate(PULS, rows([("A", 5)] * 6 + [("B", 1)] * 4), invited=10))["technik"]
    assert q["segments"] == [] and q["segments_hidden"] == 2
    # A: 6, B: 5, C: 1 -> A and B large, but A + B shown leaves C alone: the smaller goes
    q = by_id(aggregate(PULS, rows([("A", 5)] * 6 + [("B", 1)] * 5 + [("C", 3)]), invited=12))["technik"]
    assert [s["segment"] for s in q["segments"]] == ["A"]
    # A: 6, B: 5, C: 5 -> all shown, each with its own figures
    q = by_id(aggregate(PULS, rows([("A", 5)] * 6 + [("B", 1)] * 5 + [("C", 3)] * 5), invited=20))["technik"]
    assert {s["segment"]: s["mean"] for s in q["segments"]} == {"A": 5, "B": 1, "C": 3}


def test_free_text_only_above_its_threshold_and_never_by_segment() -> None:
    few = rows([("A", 3)] * 5, anmerkung="Mehr Notebooks")
    assert by_id(aggregate(PULS, few, invited=5))["anmerkung"]["withheld"] is True
    many = [Row("A", {"technik": 3, "anmerkung": f"Kommentar {c}"}) for c in "dcbafe"]
    q = by_id(aggregate(PULS, many, invited=6))
    assert q["anmerkung"]["comments"] == [f"Kommentar {c}" for c in "abcdef"]  # sorted, not in order
    assert all("comments" not in s for s in q["technik"].get("segments", []))


def test_no_free_text_in_segment_results_even_when_large() -> None:
    data = [Row(s, {"technik": 3, "anmerkung": "x"}) for s in ["A"] * 10 + ["B"] * 10]
    q = by_id(aggregate(PULS, data, invited=20))
    assert q["anmerkung"]["n"] == 20 and "segments" not in q["anmerkung"]


def test_coarsening_before_storage() -> None:
    assert coarsen_segments(["A"] * 5 + ["B"], 5) == [None] * 6  # B alone; then A = all but B
    # A and B tie: the first by name goes, so that the blanked group (A and C) reaches 5
    assert coarsen_segments(["A"] * 5 + ["B"] * 5 + ["C"], 5) == [None] * 5 + ["B"] * 5 + [None]
    assert coarsen_segments(["A"] * 5 + [None] * 5, 5) == ["A"] * 5 + [None] * 5


segments = st.lists(st.one_of(st.none(), st.sampled_from("ABCDE")), max_size=40)


@given(segments, st.integers(min_value=3, max_value=8))
def test_property_no_group_below_threshold_is_ever_derivable(values: list[str | None], k: int) -> None:
    """Shown segments, everyone else, and the hidden remainder are each 0 or >= k."""
    counts = Counter(values)
    total = len(values)
    shown = visible_segments(values, k)
    rest = total - sum(counts[s] for s in shown)
    assert not shown or rest == 0 or rest >= k  # nothing shown: the total alone (withheld < k)
    for s in shown:
        assert counts[s] >= k and total - counts[s] >= k
    stored = Counter(coarsen_segments(values, k))
    assert len(stored) <= 1 or all(n >= k for n in stored.values())
    assert set(stored) - {None} <= {s for s in counts if counts[s] >= k}
    assert safe_segments(dict(counts), k, complement=True) <= safe_segments(dict(counts), k, False)


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=60))
def test_property_figures_from_counts_match_the_textbook(values: list[int]) -> None:
    q = PULS.questions[1]  # eNPS 0-10
    result = aggregate(PULS, [Row(None, {"technik": 3, "empfehlung": v}) for v in values] * 5,
                       invited=len(values) * 5)
    got = by_id(result)["empfehlung"]
    assert q.type == "enps" and got["median"] == statistics.median(values * 5)
    assert got["mean"] == round(statistics.fmean(values), 2)
    assert got["enps"] == enps(values)
    assert sum(d["count"] for d in got["distribution"]) == len(values) * 5
