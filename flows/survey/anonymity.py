"""The anonymity rules as pure functions: which segment values may be stored, and which may be
shown. Both guard against isolating a small group and against subtraction (total minus the
segments shown)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def safe_segments(counts: dict[str | None, int], k: int, complement: bool) -> set[str]:
    """Segment values that can be kept: each has at least ``k`` members, and what is left over
    (everyone not in a kept segment, including answers without a segment) is either nobody or
    at least ``k``. With ``complement`` also total minus each kept segment must be >= k (the
    display rule). Drops the smallest segment first until the rules hold."""
    total = sum(counts.values())
    keep = {s for s, c in counts.items() if s is not None and c >= k}
    while keep:
        if complement:
            small = {s for s in keep if total - counts[s] < k}
            if small:
                keep -= small
                continue
        rest = total - sum(counts[s] for s in keep)
        if 0 < rest < k:
            keep.remove(min(keep, key=lambda s: (counts[s], s)))
            continue
        break
    return keep


def coarsen_segments(segments: Iterable[str | None], k: int) -> list[str | None]:
    """The segment values to store for one run's responses: values of groups too small to be
    kept are blanked (None), so the table cannot single anyone out."""
    values = list(segments)
    keep = safe_segments(dict(Counter(values)), k, complement=False)
    return [s if s in keep else None for s in values]


def visible_segments(segments: Iterable[str | None], k: int) -> set[str]:
    """Segments whose results may be shown for one question (its answers' segment values)."""
    return safe_segments(dict(Counter(segments)), k, complement=True)
