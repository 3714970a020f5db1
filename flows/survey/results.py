"""Aggregation of one run's anonymous responses: per question n, distribution, mean, median,
eNPS; segments and free text only where the anonymity rules allow. Pure logic, no I/O.

One pass over the responses counts (question, segment, value); every figure comes from those
counts. Every withheld part carries a plain ``reason`` so that reports can say why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any, NamedTuple

from flows.survey.anonymity import safe_segments
from flows.survey.definition import Question, SurveyDef


class Row(NamedTuple):
    """One anonymous response as the aggregation sees it (a plain tuple works as well)."""

    segment: str | None
    answers: dict[str, Any]


def enps(values: Sequence[int]) -> int:
    """Promoters (9-10) minus detractors (0-6), in percentage points of all answers."""
    return _enps(Counter(values), len(values))


def _enps(counts: Counter[int], n: int) -> int:
    return round(100 * (counts[9] + counts[10] - sum(counts[v] for v in range(7))) / n)


def _median(counts: Counter[int], n: int) -> float:
    """The median from value counts: the middle value, or the mean of the two middle values."""
    lo_index, hi_index = (n - 1) // 2, n // 2
    seen, lo = 0, None
    for v in sorted(counts):
        seen += counts[v]
        if lo is None and seen > lo_index:
            lo = v
        if seen > hi_index:
            return v if n % 2 else (lo + v) / 2  # type: ignore[operator]
    raise ValueError("no values")


def _stats(q: Question, counts: Counter[int], locale: str) -> dict[str, Any]:
    """n, distribution and figures of one group's value counts."""
    n = sum(counts.values())
    out: dict[str, Any] = {
        "n": n,
        "distribution": [{"value": v, "label": q.label(locale, v), "count": counts.get(v, 0),
                          "share": round(counts.get(v, 0) / n, 4)} for v in q.values()],
    }
    if q.type in ("scale", "enps"):
        out["mean"] = round(sum(v * c for v, c in counts.items()) / n, 2)
        out["median"] = _median(counts, n)
    if q.type == "enps":
        out["enps"] = _enps(counts, n)
    if q.type == "yesno":
        out["yes_share"] = round(counts.get(1, 0) / n, 4)
    return out


def _withheld(reason: str, **extra: Any) -> dict[str, Any]:
    return {"withheld": True, "reason": reason, **extra}


def count(survey: SurveyDef, rows: Iterable[tuple[str | None, dict[str, Any]]]
          ) -> tuple[int, dict[str, Counter[tuple[str | None, int]]], dict[str, list[str]]]:
    """One pass: respondents, (segment, value) counts per closed question, comments per free
    text question. Skipped answers (None) and anything not a whole number are not counted."""
    closed = [q.id for q in survey.questions if q.type != "text"]
    texts = [q.id for q in survey.questions if q.type == "text"]
    by_segment: dict[str | None, list[dict[str, Any]]] = {}
    total = 0
    for segment, answers in rows:
        total += 1
        by_segment.setdefault(segment, []).append(answers)
    counts: dict[str, Counter[tuple[str | None, int]]] = {qid: Counter() for qid in closed}
    comments: dict[str, list[str]] = {qid: [] for qid in texts}
    for segment, group in by_segment.items():
        for qid in closed:  # Counter over map(dict.get): the loop runs in C
            for v, c in Counter(map(dict.get, group, repeat(qid))).items():
                if type(v) is int:
                    counts[qid][segment, v] += c
        for qid in texts:
            comments[qid] += [str(v) for v in map(dict.get, group, repeat(qid)) if v]
    return total, counts, comments


def _closed_result(q: Question, head: dict[str, Any], pairs: Counter[tuple[str | None, int]],
                   survey: SurveyDef, locale: str) -> dict[str, Any]:
    k = survey.threshold
    values: Counter[int] = Counter()
    by_segment: dict[str | None, Counter[int]] = {}
    for (segment, v), c in pairs.items():
        values[v] += c
        by_segment.setdefault(segment, Counter())[v] += c
    n = sum(values.values())
    if n < k:
        return {**head, "n": n, **_withheld(
            f"only {n} answers to this question, fewer than the threshold of {k}")}
    out = {**head, "withheld": False, **_stats(q, values, locale)}
    if survey.segment_by:
        sizes = {s: sum(c.values()) for s, c in by_segment.items()}
        shown = safe_segments(sizes, k, complement=True)
        out["segments"] = [{"segment": s, **_stats(q, by_segment[s], locale)} for s in sorted(shown)]
        out["segments_hidden"] = len(set(sizes) - {None} - shown)
    return out


def _text_result(head: dict[str, Any], comments: list[str], survey: SurveyDef, total: int
                 ) -> dict[str, Any]:
    kt = survey.text_threshold
    if total < kt or len(comments) < kt:
        return {**head, "n": len(comments), **_withheld(
            f"free text is shown only from {kt} respondents and {kt} comments "
            f"(here {total} respondents, {len(comments)} comments); never by segment")}
    return {**head, "n": len(comments), "withheld": False,
            "comments": sorted(comments, key=str.casefold)}  # not in the order received


def aggregate(survey: SurveyDef, rows: Iterable[tuple[str | None, dict[str, Any]]], invited: int,
              locale: str = "de") -> dict[str, Any]:
    """The whole result of one run (without trend). Withheld entirely below the threshold."""
    total, counts, comments = count(survey, rows)
    k = survey.threshold
    out: dict[str, Any] = {
        "respondents": total, "invited": invited,
        "participation_rate": round(total / invited, 4) if invited else None,
        "threshold": k, "free_text_threshold": survey.text_threshold,
        "segment_by": survey.segment_by,
    }
    if total < k:
        out.update(_withheld(f"results withheld: {total} respondents, fewer than the anonymity "
                             f"threshold of {k}"), questions=[])
        return out
    out["withheld"] = False
    out["questions"] = []
    for q in survey.questions:
        head = {"id": q.id, "type": q.type, "text": q.text.get(locale) or q.text["de"]}
        out["questions"].append(
            _text_result(head, comments[q.id], survey, total) if q.type == "text"
            else _closed_result(q, head, counts[q.id], survey, locale))
    return out


def headline(result: dict[str, Any]) -> float | None:
    """The figure a trend compares for one question result: eNPS, mean, yes share in per cent,
    or None."""
    if result.get("withheld"):
        return None
    if "yes_share" in result:
        return round(result["yes_share"] * 100, 1)
    for key in ("enps", "mean"):
        if key in result:
            return float(result[key])
    return None
