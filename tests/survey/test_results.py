"""Aggregation and thresholds: withheld below the threshold, per question, per segment (and its
complement), free text only above its own threshold and never by segment; eNPS, mean, median."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import Translations
from flows.survey.anonymity import coarsen_segments, safe_segments, visible_segments
from flows.survey.definition import parse_survey
from flows.survey.results import (
    Figures,
    QuestionResult,
    Reason,
    Row,
    RunResult,
    Withheld,
    aggregate,
    enps,
)
from tests.survey.helpers import SURVEY

PULS = parse_survey(Path("puls.yml"), SURVEY)  # threshold 5, free text from 6


def rows(spec: list[tuple[str | None, int]], **extra: object) -> list[Row]:
    """(segment, technik value) -> rows, each with empfehlung 9 and mobil 1 and ``extra``."""
    return [Row(s, {"technik": v, "empfehlung": 9, "mobil": 1, **extra}) for s, v in spec]


def by_id(result: RunResult) -> dict[str, QuestionResult]:
    return {q.id: q for q in result.questions}


def figures(q: QuestionResult) -> Figures:
    assert q.figures is not None and q.withheld is None
    return q.figures


def test_withheld_below_the_threshold_says_why() -> None:
    result = aggregate(PULS, rows([("A", 5)] * 4), invited=40)
    assert result.withheld == Withheld(Reason.RESPONDENTS, 4, 5) and result.questions == ()
    assert result.respondents == 4 and result.participation_rate == 0.1


def test_at_the_threshold_figures_are_shown() -> None:
    result = aggregate(PULS, rows([("A", v) for v in (1, 2, 4, 5, 5)]), invited=10)
    q = figures(by_id(result)["technik"])
    assert result.withheld is None and result.participation_rate == 0.5
    assert q.n == 5 and q.mean == 3.4 and q.median == 4
    assert [d.count for d in q.distribution] == [1, 1, 0, 1, 2]
    assert q.distribution[4].label == "stimme voll zu"
    assert figures(by_id(result)["mobil"]).yes_share == 1.0


def test_a_question_with_too_few_answers_is_withheld_alone() -> None:
    data = rows([(None, 3)] * 6)
    for r in data[:2]:
        del r.answers["empfehlung"]  # two partial responses
    q = by_id(aggregate(PULS, data, invited=6))
    assert q["technik"].withheld is None
    assert q["empfehlung"].withheld == Withheld(Reason.ANSWERS, 4, 5)
    assert q["empfehlung"].figures is None and q["empfehlung"].n == 4


def test_reasons_are_said_in_the_readers_language() -> None:
    """HR reads why in German (the catalog), an English reader in English; one respondent is
    singular."""
    de, en = (Translations(default="de").for_locale(loc) for loc in ("de", "en"))
    assert Withheld(Reason.RESPONDENTS, 4, 5).text(de) == (
        "Ergebnisse zurückgehalten: 4 Personen haben teilgenommen, weniger als die "
        "Anonymitätsschwelle von 5")
    assert Withheld(Reason.RESPONDENTS, 1, 5).text(en) == (
        "results withheld: 1 respondent, fewer than the anonymity threshold of 5")
    assert Withheld(Reason.ANSWERS, 4, 5).text(de) == (
        "nur 4 Antworten auf diese Frage, weniger als die Schwelle von 5")
    assert Withheld(Reason.FREE_TEXT, 3, 6, respondents=8).text(de) == (
        "Freitext wird erst ab 6 Teilnehmenden und 6 Kommentaren gezeigt (hier 8 Teilnehmende, "
        "3 Kommentare); nie nach Gruppen")
    assert Withheld(Reason.OPEN).text(de).startswith("die Umfrage ist noch offen")


def test_enps() -> None:
    assert enps([10, 9, 8, 7, 6, 0]) == 0
    assert enps([10, 10, 9, 8]) == 75
    assert enps([3, 5, 9]) == -33


def test_segments_hidden_when_small_or_when_the_rest_is_small() -> None:
    # A: 6, B: 4 -> B too small; total minus A is 4 -> A hidden too (else A = total - B)
    q = by_id(aggregate(PULS, rows([("A", 5)] * 6 + [("B", 1)] * 4), invited=10))["technik"]
    assert q.segments == () and q.segments_hidden == 2
    # A: 6, B: 5, C: 1 -> A and B large, but A + B shown leaves C alone: the smaller goes
    q = by_id(aggregate(PULS, rows([("A", 5)] * 6 + [("B", 1)] * 5 + [("C", 3)]), invited=12))["technik"]
    assert [s.segment for s in q.segments or ()] == ["A"]
    # A: 6, B: 5, C: 5 -> all shown, each with its own figures
    q = by_id(aggregate(PULS, rows([("A", 5)] * 6 + [("B", 1)] * 5 + [("C", 3)] * 5), invited=20))["technik"]
    assert {s.segment: s.mean for s in q.segments or ()} == {"A": 5, "B": 1, "C": 3}


def test_free_text_only_above_its_threshold_and_never_by_segment() -> None:
    few = rows([("A", 3)] * 5, anmerkung="Mehr Notebooks")
    assert by_id(aggregate(PULS, few, invited=5))["anmerkung"].withheld == Withheld(
        Reason.FREE_TEXT, 5, 6, respondents=5)
    many = [Row("A", {"technik": 3, "anmerkung": f"Kommentar {c}"}) for c in "dcbafe"]
    q = by_id(aggregate(PULS, many, invited=6))
    assert q["anmerkung"].comments == tuple(f"Kommentar {c}" for c in "abcdef")  # sorted
    assert q["anmerkung"].segments is None  # free text is never by segment


def test_no_free_text_in_segment_results_even_when_large() -> None:
    data = [Row(s, {"technik": 3, "anmerkung": "x"}) for s in ["A"] * 10 + ["B"] * 10]
    q = by_id(aggregate(PULS, data, invited=20))
    assert q["anmerkung"].n == 20 and q["anmerkung"].segments is None
    assert [s.segment for s in q["technik"].segments or ()] == ["A", "B"]


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
    got = figures(by_id(result)["empfehlung"])
    assert q.type == "enps" and got.median == statistics.median(values * 5)
    assert got.mean == round(statistics.fmean(values), 2)
    assert got.enps == enps(values)
    assert sum(d.count for d in got.distribution) == len(values) * 5


def test_json_says_every_figure_and_each_reason_in_the_readers_language() -> None:
    """The shape of ``survey results --json`` (as before the dataclasses, plus ``reason_code``)."""
    data = rows([("A", 5)] * 6 + [("B", 1)] * 5 + [("C", 3)] * 5)
    out = aggregate(PULS, data, invited=20).to_json(Translations(default="de").for_locale("de"))
    assert list(out) == ["respondents", "invited", "participation_rate", "threshold",
                         "free_text_threshold", "segment_by", "withheld", "questions"]
    technik, empfehlung, mobil, anmerkung = out["questions"]
    assert technik["withheld"] is False and technik["n"] == 16 and technik["mean"] == 3.12
    assert technik["distribution"][0] == {"value": 1, "label": technik["distribution"][0]["label"],
                                          "count": 5, "share": 0.3125}
    assert [(g["segment"], g["n"], g["mean"]) for g in technik["segments"]] == [
        ("A", 6, 5), ("B", 5, 1), ("C", 5, 3)]
    assert technik["segments_hidden"] == 0 and "trend" not in technik
    assert empfehlung["enps"] == 100 and mobil["yes_share"] == 1.0 and "mean" not in mobil
    assert anmerkung == {"id": "anmerkung", "type": "text", "text": anmerkung["text"], "n": 0,
                         "withheld": True, "reason_code": "free_text", "reason": (
                             "Freitext wird erst ab 6 Teilnehmenden und 6 Kommentaren gezeigt "
                             "(hier 16 Teilnehmende, 0 Kommentare); nie nach Gruppen")}
