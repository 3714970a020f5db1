"""Round figures without any individual's data: cross-department share, repeats, met rate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class PairFigures:
    pairs: int
    cross_department: int
    repeats: int  # pairs that had met within the recency window before

    @property
    def cross_share(self) -> float:
        return self.cross_department / self.pairs if self.pairs else 0.0


def pair_figures(rounds: Sequence[tuple[date, Sequence[Sequence[str]]]],
                 department: Mapping[str, str], window_weeks: int) -> PairFigures:
    """Count the pairs of every group in ``rounds`` (week start, groups), oldest first."""
    last_met: dict[tuple[str, str], date] = {}
    pairs = cross = repeats = 0
    window = timedelta(weeks=window_weeks)
    for week, groups in sorted(rounds, key=lambda r: r[0]):
        for group in groups:
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    key = (a, b) if a < b else (b, a)
                    pairs += 1
                    da, db = department.get(a, ""), department.get(b, "")
                    cross += not (da and da == db)
                    before = last_met.get(key)
                    repeats += before is not None and week - before < window
                    last_met[key] = week
    return PairFigures(pairs, cross, repeats)


MIN_ANSWERS = 5  # fewer answers than this could point at one group: the figures are withheld


def met_rate(yes: int, no: int) -> float | None:
    """Share of "yes, we met" among the answers; None with fewer than MIN_ANSWERS answers."""
    return yes / (yes + no) if yes + no >= MIN_ANSWERS else None
