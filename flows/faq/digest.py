"""The owners' weekly digest, pure: ISO weeks, the asker bit, clustering of the questions that
got no answer or a "not helpful", and who receives what.

Distinct askers without storing who asked (``storage.models.faq.KbGap``): each recorded
question sets one of 32 bits, chosen by HMAC-SHA256 of the person id under a random key of the
week. The key is deleted once the week is over, so afterwards nobody can recompute whose bit is
whose; during the week a bit stands for about a 32nd of all staff, never for one person. The
number of set bits of a cluster is a lower bound of its distinct askers (two askers sharing a
bit count once), so the rule "fewer than 3 askers are not shown" errs on the side of hiding."""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

ASKER_BITS = 32
MIN_ASKERS = 3  # clusters with fewer distinct askers are not shown
SAME_QUESTION = 80  # rapidfuzz token_set_ratio (0-100) from which two questions are one cluster
UNANSWERED, NOT_HELPFUL = "unanswered", "not_helpful"


def week_of(day: date) -> str:
    """``2026-W49``: the ISO week, sortable as text."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def previous_week(day: date) -> str:
    return week_of(day - timedelta(days=7))


def asker_bit(key: bytes, person_id: str) -> int:
    """The one bit (of 32) this person sets in the week of ``key``."""
    digest = hmac.new(key, person_id.encode(), hashlib.sha256).digest()
    return 1 << (digest[0] % ASKER_BITS)


def askers(mask: int) -> int:
    """Distinct askers at least (set bits)."""
    return bin(mask).count("1")


@dataclass(frozen=True)
class Gap:
    """A recorded question (a KbGap row, as the digest reads it)."""

    kind: str
    entry_id: str
    normalized: str
    example: str
    locale: str
    count: int
    mask: int


@dataclass
class Cluster:
    """Questions of one kind about one entry (or none) that say the same."""

    kind: str
    entry_id: str
    locale: str
    example: str  # the most asked wording
    count: int = 0
    mask: int = 0
    members: list[Gap] = field(default_factory=list)

    @property
    def askers(self) -> int:
        return askers(self.mask)


def cluster(gaps: Iterable[Gap], bar: int = SAME_QUESTION) -> list[Cluster]:
    """Group the gaps by kind, entry and locale, then greedily by wording (rapidfuzz
    token_set_ratio of the normalised texts >= ``bar`` with a cluster's first, most asked,
    member). Most asked first."""
    from rapidfuzz import fuzz  # heavy: imported where used (start time)

    groups: dict[tuple[str, str, str], list[Gap]] = defaultdict(list)
    for g in gaps:
        groups[(g.kind, g.entry_id, g.locale)].append(g)
    found: list[Cluster] = []
    for (kind, entry_id, locale), members in sorted(groups.items()):
        mine: list[Cluster] = []
        for g in sorted(members, key=lambda g: (-g.count, g.normalized)):
            home = next((c for c in mine if fuzz.token_set_ratio(
                c.members[0].normalized, g.normalized) >= bar), None)
            if home is None:
                home = Cluster(kind, entry_id, locale, g.example)
                mine.append(home)
            home.members.append(g)
            home.count += g.count
            home.mask |= g.mask
        found += mine
    return sorted(found, key=lambda c: (-c.count, c.kind, c.entry_id, c.example))


def shown(clusters: Sequence[Cluster], min_askers: int = MIN_ASKERS) -> list[Cluster]:
    """The clusters an owner may see: at least ``min_askers`` distinct askers."""
    return [c for c in clusters if c.askers >= min_askers]
