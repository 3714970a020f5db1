"""``kb check`` findings (pure): entries due for review, pairs of entries that answer the same
questions, and ids missing in one of the knowledge base's locales."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from flows.faq.entries import Entry

REVIEW_DAYS = 365
OVERLAP_BAR = 90  # token_set_ratio of two phrasings, 0-100


@dataclass(frozen=True)
class Due:
    """An entry not reviewed for more than the allowed number of days."""

    id: str
    locale: str
    owner: str
    reviewed: date
    days: int


@dataclass(frozen=True)
class Overlap:
    """Two entries of one locale with near-identical phrasings (both ids named)."""

    locale: str
    first: str
    second: str
    first_phrase: str
    second_phrase: str
    score: int


@dataclass(frozen=True)
class Missing:
    """An id present in some locales of the knowledge base but not in others."""

    id: str
    present: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass
class Findings:
    """Everything ``kb check`` reports."""

    due: list[Due] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.due or self.overlaps or self.missing)

    def as_dict(self) -> dict[str, Any]:
        return {"due": [{**asdict(d), "reviewed": d.reviewed.isoformat()} for d in self.due],
                "overlaps": [asdict(o) for o in self.overlaps],
                "missing": [asdict(m) for m in self.missing]}


def due_for_review(entries: list[Entry], today: date, days: int = REVIEW_DAYS) -> list[Due]:
    """Entries whose ``reviewed`` date lies more than ``days`` days before ``today``, oldest
    first."""
    due = [Due(e.id, e.locale, e.owner, e.reviewed, (today - e.reviewed).days)
           for e in entries if (today - e.reviewed).days > days]
    return sorted(due, key=lambda d: (-d.days, d.id, d.locale))


def overlaps(entries: list[Entry], bar: int = OVERLAP_BAR) -> list[Overlap]:
    """Pairs of entries in one locale where a phrasing (question or alternative) of one and a
    phrasing of the other score at least ``bar`` (rapidfuzz token_set_ratio after lower-casing
    and dropping punctuation); the best-scoring pair of phrasings is named, highest first."""
    found: list[Overlap] = []
    by_locale: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_locale[e.locale].append(e)
    for locale, group in sorted(by_locale.items()):
        owners = [i for i, e in enumerate(group) for _ in e.phrasings]
        phrases = [p for e in group for p in e.phrasings]
        from rapidfuzz import fuzz, process, utils  # heavy: imported where used (start time)

        scores = process.cdist(phrases, phrases, scorer=fuzz.token_set_ratio,
                               processor=utils.default_process, score_cutoff=bar, dtype="uint8")
        best: dict[tuple[int, int], tuple[int, int, int]] = {}
        for i, j in zip(*scores.nonzero(), strict=True):
            a, b = owners[i], owners[j]
            if a < b and int(scores[i, j]) > best.get((a, b), (0, 0, 0))[0]:
                best[(a, b)] = (int(scores[i, j]), int(i), int(j))
        found += [Overlap(locale, group[a].id, group[b].id, phrases[i], phrases[j], score)
                  for (a, b), (score, i, j) in best.items()]
    return sorted(found, key=lambda o: (-o.score, o.locale, o.first, o.second))


def missing_translations(entries: list[Entry]) -> list[Missing]:
    """Ids that lack an entry in one of the locales the knowledge base uses (a German-only
    knowledge base has nothing missing)."""
    locales: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        locales[e.id].add(e.locale)
    used = set().union(*locales.values()) if locales else set()
    return [Missing(i, tuple(sorted(have)), tuple(sorted(used - have)))
            for i, have in sorted(locales.items()) if have != used]


def check(entries: list[Entry], today: date, days: int = REVIEW_DAYS,
          bar: int = OVERLAP_BAR) -> Findings:
    """All ``kb check`` findings."""
    return Findings(due_for_review(entries, today, days), overlaps(entries, bar),
                    missing_translations(entries))
