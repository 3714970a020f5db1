"""Aggregation of one run's anonymous responses: per question n, distribution, mean, median,
eNPS; segments and free text only where the anonymity rules allow. Pure logic, no I/O.

One pass over the responses counts (question, segment, value); every figure comes from those
counts. Every withheld part carries a ``Withheld`` (why, with its figures) that a report says in
its reader's language (``Withheld.text(t)``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from itertools import repeat
from typing import Any, NamedTuple

from flows.survey.anonymity import safe_segments
from flows.survey.definition import Question, SurveyDef
from flows.types import Translator


class Reason(StrEnum):
    """Why a result (or a part of it) is withheld; the value is the stable code in JSON."""

    OPEN = "open"  # the answer window is still open: nothing is computed before the close
    RESPONDENTS = "respondents"  # fewer respondents than the anonymity threshold
    ANSWERS = "answers"  # fewer answers to one question than the threshold
    FREE_TEXT = "free_text"  # fewer respondents or comments than the free-text threshold


@dataclass(frozen=True)
class Withheld:
    """A withheld result and why: the reason with the figures it names (counts only)."""

    reason: Reason
    n: int = 0  # respondents, answers or comments, as the reason says
    k: int = 0  # the threshold that was not reached
    respondents: int = 0  # FREE_TEXT: respondents beside the ``n`` comments

    def text(self, t: Translator) -> str:
        """The reason in ``t``'s language (German first)."""
        if self.reason is Reason.OPEN:
            return t.gettext("the answer window is still open; results are computed once, after "
                             "it closes (so that no one can compare results before and after a "
                             "single answer)")
        if self.reason is Reason.RESPONDENTS:
            return t.ngettext("results withheld: {n} respondent, fewer than the anonymity "
                              "threshold of {k}", "results withheld: {n} respondents, fewer than "
                              "the anonymity threshold of {k}", self.n).format(n=self.n, k=self.k)
        if self.reason is Reason.ANSWERS:
            return t.ngettext("only {n} answer to this question, fewer than the threshold of {k}",
                              "only {n} answers to this question, fewer than the threshold of {k}",
                              self.n).format(n=self.n, k=self.k)
        return t.gettext("free text is shown only from {k} respondents and {k} comments (here "
                         "{total} respondents, {n} comments); never by segment").format(
            k=self.k, total=self.respondents, n=self.n)


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


@dataclass(frozen=True)
class Bar:
    """One answer value of a distribution: how many chose it, and their share of the group."""

    value: int
    label: str
    count: int
    share: float


@dataclass(frozen=True)
class Figures:
    """One group's figures for a closed question (everyone, or one segment): n, distribution,
    and what the question type has (mean and median, eNPS, share of yes)."""

    n: int
    distribution: tuple[Bar, ...]
    mean: float | None = None  # scale, eNPS
    median: float | None = None  # scale, eNPS
    enps: int | None = None
    yes_share: float | None = None  # yes/no
    segment: str | None = None  # the segment value, when these are one segment's figures

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {} if self.segment is None else {"segment": self.segment}
        out["n"] = self.n
        out["distribution"] = [asdict(b) for b in self.distribution]
        for key in ("mean", "median", "enps", "yes_share"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class TrendPoint:
    """A question's headline figure in an earlier closed run."""

    run: int
    opened: str  # ISO date
    n: int
    value: float


@dataclass(frozen=True)
class QuestionResult:
    """One question's result: withheld (and why), or its figures (closed questions: overall and
    by the segments that may be shown) or its comments (free text, never by segment)."""

    id: str
    type: str
    text: str
    n: int  # answers (closed questions) or comments (free text)
    withheld: Withheld | None = None
    figures: Figures | None = None
    segments: tuple[Figures, ...] | None = None  # None: the survey is not segmented
    segments_hidden: int = 0
    comments: tuple[str, ...] | None = None
    trend: tuple[TrendPoint, ...] | None = None  # None: no earlier run to compare with

    @property
    def headline(self) -> float | None:
        """The figure a trend compares: eNPS, mean, yes share in per cent, or None."""
        f = self.figures
        if self.withheld or f is None:
            return None
        if f.yes_share is not None:
            return round(f.yes_share * 100, 1)
        for value in (f.enps, f.mean):
            if value is not None:
                return float(value)
        return None

    def to_json(self, t: Translator) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "text": self.text, "n": self.n,
                               **_said(self.withheld, t)}
        if self.figures is not None:
            out.update(self.figures.to_json())
        if self.segments is not None:
            out["segments"] = [g.to_json() for g in self.segments]
            out["segments_hidden"] = self.segments_hidden
        if self.comments is not None:
            out["comments"] = list(self.comments)
        if self.trend is not None:
            out["trend"] = [asdict(p) for p in self.trend]
        return out


@dataclass(frozen=True)
class RunResult:
    """The result of one run: who took part and each question's result, or withheld entirely
    (too few respondents, or the answer window still open). ``survey`` and the run's fields are
    filled by ``service.run_result``; ``aggregate`` alone leaves them empty."""

    respondents: int | None  # None while the window is open: nothing is counted
    invited: int
    participation_rate: float | None
    threshold: int
    free_text_threshold: int
    segment_by: str | None
    withheld: Withheld | None = None
    questions: tuple[QuestionResult, ...] = ()
    survey: str = ""
    run: int | None = None
    opened: str = ""  # ISO date-times
    closes: str = ""
    status: str = ""

    def question(self, qid: str) -> QuestionResult:
        return next(q for q in self.questions if q.id == qid)

    def to_json(self, t: Translator) -> dict[str, Any]:
        """The result for ``survey results --json``: every figure, and every withheld part with
        its reason in ``t``'s language beside a stable ``reason_code``."""
        head: dict[str, Any] = ({"survey": self.survey, "run": self.run, "opened": self.opened,
                                 "closes": self.closes, "status": self.status}
                                if self.run is not None else {})
        return {**head, "respondents": self.respondents, "invited": self.invited,
                "participation_rate": self.participation_rate, "threshold": self.threshold,
                "free_text_threshold": self.free_text_threshold, "segment_by": self.segment_by,
                **_said(self.withheld, t),
                "questions": [q.to_json(t) for q in self.questions]}


def _said(withheld: Withheld | None, t: Translator) -> dict[str, Any]:
    if withheld is None:
        return {"withheld": False}
    return {"withheld": True, "reason": withheld.text(t), "reason_code": str(withheld.reason)}


def _figures(q: Question, counts: Counter[int], locale: str, segment: str | None = None
             ) -> Figures:
    """n, distribution and figures of one group's value counts."""
    n = sum(counts.values())
    bars = tuple(Bar(v, q.label(locale, v), counts.get(v, 0), round(counts.get(v, 0) / n, 4))
                 for v in q.values())
    scale = q.type in ("scale", "enps")
    return Figures(
        n, bars, segment=segment,
        mean=round(sum(v * c for v, c in counts.items()) / n, 2) if scale else None,
        median=_median(counts, n) if scale else None,
        enps=_enps(counts, n) if q.type == "enps" else None,
        yes_share=round(counts.get(1, 0) / n, 4) if q.type == "yesno" else None)


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


def _closed_result(q: Question, text: str, pairs: Counter[tuple[str | None, int]],
                   survey: SurveyDef, locale: str) -> QuestionResult:
    k = survey.threshold
    values: Counter[int] = Counter()
    by_segment: dict[str | None, Counter[int]] = {}
    for (segment, v), c in pairs.items():
        values[v] += c
        by_segment.setdefault(segment, Counter())[v] += c
    n = sum(values.values())
    if n < k:
        return QuestionResult(q.id, q.type, text, n, Withheld(Reason.ANSWERS, n, k))
    if not survey.segment_by:
        return QuestionResult(q.id, q.type, text, n, figures=_figures(q, values, locale))
    sizes = {s: sum(c.values()) for s, c in by_segment.items()}
    shown = safe_segments(sizes, k, complement=True)
    return QuestionResult(
        q.id, q.type, text, n, figures=_figures(q, values, locale),
        segments=tuple(_figures(q, by_segment[s], locale, s) for s in sorted(shown)),
        segments_hidden=len(set(sizes) - {None} - shown))


def _text_result(q: Question, text: str, comments: list[str], survey: SurveyDef, total: int
                 ) -> QuestionResult:
    kt = survey.text_threshold
    if total < kt or len(comments) < kt:
        return QuestionResult(q.id, q.type, text, len(comments),
                              Withheld(Reason.FREE_TEXT, len(comments), kt, total))
    return QuestionResult(q.id, q.type, text, len(comments),  # not in the order received
                          comments=tuple(sorted(comments, key=str.casefold)))


def aggregate(survey: SurveyDef, rows: Iterable[tuple[str | None, dict[str, Any]]], invited: int,
              locale: str = "de") -> RunResult:
    """The whole result of one run (without trend). Withheld entirely below the threshold."""
    total, counts, comments = count(survey, rows)
    k = survey.threshold
    result = RunResult(total, invited, round(total / invited, 4) if invited else None, k,
                       survey.text_threshold, survey.segment_by)
    if total < k:
        return replace(result, withheld=Withheld(Reason.RESPONDENTS, total, k))
    questions = []
    for q in survey.questions:
        text = q.text.get(locale) or q.text["de"]
        questions.append(_text_result(q, text, comments[q.id], survey, total) if q.type == "text"
                         else _closed_result(q, text, counts[q.id], survey, locale))
    return replace(result, questions=tuple(questions))
