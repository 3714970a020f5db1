"""Aggregation of one run's anonymous responses: per question n, distribution, mean, median,
eNPS; segments and free text only where the anonymity rules allow. Pure logic, no I/O.

Every withheld part carries a plain ``reason`` so that reports can say why."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flows.survey.anonymity import visible_segments
from flows.survey.definition import Question, SurveyDef


@dataclass(frozen=True)
class Row:
    """One anonymous response as the aggregation sees it."""

    segment: str | None
    answers: dict[str, Any]


def enps(values: Sequence[int]) -> int:
    """Promoters (9-10) minus detractors (0-6), in percentage points of all answers."""
    promoters = sum(1 for v in values if v >= 9)
    detractors = sum(1 for v in values if v <= 6)
    return round(100 * (promoters - detractors) / len(values))


def _stats(q: Question, values: list[int], locale: str) -> dict[str, Any]:
    counts = Counter(values)
    n = len(values)
    out: dict[str, Any] = {
        "n": n,
        "distribution": [{"value": v, "label": q.label(locale, v), "count": counts.get(v, 0),
                          "share": round(counts.get(v, 0) / n, 4)} for v in q.values()],
    }
    if q.type in ("scale", "enps"):
        out["mean"] = round(statistics.fmean(values), 2)
        out["median"] = statistics.median(values)
    if q.type == "enps":
        out["enps"] = enps(values)
    if q.type == "yesno":
        out["yes_share"] = round(counts.get(1, 0) / n, 4)
    return out


def _withheld(reason: str, **extra: Any) -> dict[str, Any]:
    return {"withheld": True, "reason": reason, **extra}


def question_result(q: Question, rows: Sequence[Row], survey: SurveyDef, total: int,
                    locale: str) -> dict[str, Any]:
    """Result of one question; withheld parts say why."""
    k = survey.threshold
    head = {"id": q.id, "type": q.type, "text": q.text.get(locale) or q.text["de"]}
    if q.type == "text":
        comments = [str(r.answers[q.id]) for r in rows if r.answers.get(q.id)]
        kt = survey.text_threshold
        if total < kt or len(comments) < kt:
            return {**head, "n": len(comments), **_withheld(
                f"free text is shown only from {kt} respondents and {kt} comments "
                f"(here {total} respondents, {len(comments)} comments); never by segment")}
        return {**head, "n": len(comments), "withheld": False,
                "comments": sorted(comments, key=str.casefold)}
    pairs = [(r.segment, int(r.answers[q.id])) for r in rows
             if isinstance(r.answers.get(q.id), int) and not isinstance(r.answers[q.id], bool)]
    values = [v for _, v in pairs]
    if len(values) < k:
        return {**head, "n": len(values), **_withheld(
            f"only {len(values)} answers to this question, fewer than the threshold of {k}")}
    out = {**head, "withheld": False, **_stats(q, values, locale)}
    if survey.segment_by:
        shown = visible_segments([s for s, _ in pairs], k)
        out["segments"] = [{"segment": s, **_stats(q, [v for g, v in pairs if g == s], locale)}
                           for s in sorted(shown)]
        out["segments_hidden"] = len({s for s, _ in pairs} - shown)
    return out


def aggregate(survey: SurveyDef, rows: Sequence[Row], invited: int, locale: str = "de"
              ) -> dict[str, Any]:
    """The whole result of one run (without trend). Withheld entirely below the threshold."""
    total = len(rows)
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
    out["questions"] = [question_result(q, rows, survey, total, locale) for q in survey.questions]
    return out


def headline(result: dict[str, Any]) -> float | None:
    """The figure a trend compares for one question result: eNPS, mean, yes share or None."""
    if result.get("withheld"):
        return None
    for key in ("enps", "mean", "yes_share"):
        if key in result:
            return float(result[key])
    return None
