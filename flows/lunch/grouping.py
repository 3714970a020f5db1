"""Pure lunch grouping: who eats with whom this round (no I/O, deterministic given a seed).

Hard rules: everyone in a group works at the same site, and the group shares at least one
weekday when people have set weekdays. Soft rules, in this order: no pair met within the
recency window, no two members of one department, then as many departments per group as
possible. Each site is solved at the strictest level that works; the result says which rule
was relaxed where, and who could not be placed (someone alone at a site).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

ALL_DAYS = 0b11111  # Monday..Friday
REPEAT, SAME_DEPT = 2, 1  # pair cost bits: a repeat costs more than a shared department

# Relaxation levels: the highest pair cost allowed, and whether people may be left alone.
LEVELS: tuple[tuple[int, bool], ...] = ((0, False), (SAME_DEPT, False), (REPEAT | SAME_DEPT, False),
                                        (REPEAT | SAME_DEPT, True))


@dataclass(frozen=True)
class Member:
    """A participant as the grouping sees them: weekdays 0=Monday..4=Friday, empty = any day."""

    id: str
    site: str
    department: str = ""
    weekdays: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Group:
    site: str
    members: tuple[str, ...]
    weekday: int | None  # suggested day, 0=Monday; None when nobody has a day left in common


@dataclass(frozen=True)
class Relaxation:
    """A soft rule the round could not keep at a site: ``constraint`` and how many groups."""

    site: str
    constraint: str  # repeat_window | different_departments | department_spread | alone
    count: int

    def to_dict(self) -> dict[str, object]:
        return {"site": self.site, "constraint": self.constraint, "count": self.count}


@dataclass
class Grouping:
    groups: list[Group] = field(default_factory=list)
    alone: list[str] = field(default_factory=list)
    relaxed: list[Relaxation] = field(default_factory=list)


def plan_sizes(n: int, size: int) -> list[int]:
    """Group sizes for ``n`` people and target ``size`` (2..4): sizes differ by at most one and
    lie in 2..size+1, so an odd count with pairs gives exactly one group of three."""
    if n < 2:
        return []
    m = max(1, n // size)
    if -(-n // m) > size + 1:
        m += 1
    return [n // m + (1 if i < n % m else 0) for i in range(m)]


def _mask(days: frozenset[int]) -> int:
    bits = 0
    for d in days:
        if 0 <= d <= 4:
            bits |= 1 << d
    return bits or ALL_DAYS


class _Site:
    """One site's search: people as 0..n-1 in a most-constrained-first order."""

    def __init__(self, people: list[Member], recent: Mapping[str, Sequence[str] | set[str]],
                 rng: random.Random, budget: int) -> None:
        rng.shuffle(people)
        depts = Counter(p.department for p in people)
        index = {p.id: i for i, p in enumerate(people)}
        met = [len([o for o in recent.get(p.id, ()) if o in index]) for p in people]
        order = sorted(range(len(people)), key=lambda i: (
            bin(_mask(people[i].weekdays)).count("1"), -depts[people[i].department], -met[i], i))
        self.people = [people[i] for i in order]
        pos = {p.id: i for i, p in enumerate(self.people)}
        self.mask = [_mask(p.weekdays) for p in self.people]
        dept_ids = {d: i for i, d in enumerate(sorted(depts))}
        self.dept = [dept_ids[p.department] if p.department else -1 - i
                     for i, p in enumerate(self.people)]
        self.recent = [{pos[o] for o in recent.get(p.id, ()) if o in pos} for p in self.people]
        self.budget = budget

    def solve(self, size: int) -> tuple[list[list[str]], list[str]]:
        """(groups, people left alone) at the strictest level that places everyone, then
        improved by swaps where the level had to be relaxed."""
        for max_cost, may_leave in LEVELS:
            if max_cost == 0 and not self._may_mix_all(size):
                continue  # a department larger than the number of groups: cannot all differ
            found = self._search(size, max_cost, may_leave)
            if found is not None:
                groups, alone = found
                if max_cost:
                    self._repair(groups)
                ids = [[self.people[i].id for i in g] for g in groups]
                return ids, [self.people[i].id for i in alone]
        raise AssertionError("the last level always ends")  # pragma: no cover

    def _may_mix_all(self, size: int) -> bool:
        groups = len(plan_sizes(len(self.people), size))
        return max(Counter(self.dept).values(), default=0) <= groups

    def _group_cost(self, g: list[int]) -> int:
        """A repeat outweighs any number of shared departments."""
        cost = 0
        for i, a in enumerate(g):
            for b in g[i + 1:]:
                cost += (1000 if b in self.recent[a] else 0) + (self.dept[a] == self.dept[b])
        return cost

    def _days(self, g: list[int]) -> int:
        mask = ALL_DAYS
        for i in g:
            mask &= self.mask[i]
        return mask

    def _repair(self, groups: list[list[int]]) -> None:
        """Swap members between groups while that lowers repeats, then shared departments
        (first improvement, weekdays kept, a bounded number of tries)."""
        costs = [self._group_cost(g) for g in groups]
        tries = 10 * len(self.people) + 1000
        for gi in sorted(range(len(groups)), key=lambda i: -costs[i]):
            for ai in range(len(groups[gi])):
                if costs[gi] == 0 or tries <= 0:
                    break
                tries -= self._swap_one(groups, costs, gi, ai)

    def _swap_one(self, groups: list[list[int]], costs: list[int], gi: int, ai: int) -> int:
        """Try to swap member ``ai`` of group ``gi`` with anyone elsewhere; returns tries used."""
        g, used = groups[gi], 0
        for hi, h in enumerate(groups):
            if hi == gi:
                continue
            for bi in range(len(h)):
                used += 1
                ng, nh = list(g), list(h)
                ng[ai], nh[bi] = h[bi], g[ai]
                new = self._group_cost(ng) + self._group_cost(nh)
                if new < costs[gi] + costs[hi] and self._days(ng) and self._days(nh):
                    groups[gi], groups[hi] = ng, nh
                    costs[gi], costs[hi] = self._group_cost(ng), self._group_cost(nh)
                    return used
        return used

    def _candidates(self, group: list[int], mask: int, left: list[int], start: int,
                    max_cost: int) -> Iterator[tuple[int, int, int]]:
        """Who may join ``group`` (after position ``start`` in ``left``), cheapest first."""
        recent, dept, masks = self.recent, self.dept, self.mask
        for allowed in [c for c in (0, SAME_DEPT, REPEAT, REPEAT | SAME_DEPT) if c <= max_cost]:
            for j in range(start, len(left)):
                q = left[j]
                m = mask & masks[q]
                if not m:
                    continue
                worst, met, dq = 0, recent[q], dept[q]
                for g in group:
                    c = (REPEAT if g in met else 0) | (SAME_DEPT if dq == dept[g] else 0)
                    if c > worst:
                        worst = c
                if worst == allowed:
                    yield j, q, m

    def _groups_for(self, left: list[int], s: int, max_cost: int) -> Iterator[list[int]]:
        """Every group of size ``s`` holding ``left[0]`` within ``max_cost`` (as positions)."""
        first = left[0]
        if s == 2:  # the common case without the recursion below
            for j, _, _ in self._candidates([first], self.mask[first], left, 1, max_cost):
                yield [0, j]
            return

        def extend(chosen: list[int], group: list[int], mask: int, start: int) -> Iterator[list[int]]:
            if len(group) == s:
                yield list(chosen)
                return
            for j, q, m in self._candidates(group, mask, left, start, max_cost):
                chosen.append(j)
                group.append(q)
                yield from extend(chosen, group, m, j + 1)
                chosen.pop()
                group.pop()

        # Each later member sits after the one before in ``left``, so no set comes twice.
        yield from extend([0], [first], self.mask[first], 1)

    def _search(self, size: int, max_cost: int, may_leave: bool
                ) -> tuple[list[list[int]], list[int]] | None:
        """Depth-first search with an explicit stack; None when no grouping within the budget.

        With ``may_leave`` every state can leave its first person alone, so it never backtracks:
        the last level is a greedy pass that always ends."""
        left = list(range(len(self.people)))
        placed: list[list[int]] = []  # groups in order; [i] alone marks a person left out
        lone: list[bool] = []
        stack = [self._options(left, Counter(plan_sizes(len(left), size)), size, max_cost,
                               may_leave)]
        nodes = 0
        while left:
            choice = next(stack[-1], None)
            nodes += 1
            if nodes > self.budget and not may_leave:
                return None
            if choice is None:
                if len(stack) == 1:
                    return None
                stack.pop()
                left.extend(placed.pop())
                lone.pop()
                left.sort()
                continue
            sizes, members = choice
            for i in members:
                left.remove(i)
            placed.append(members)
            lone.append(len(members) == 1)
            if sum(sizes.values()) == 0 and left:
                sizes = Counter(plan_sizes(len(left), size))
            stack.append(self._options(left, sizes, size, max_cost, may_leave))
        groups = [g for g, one in zip(placed, lone, strict=True) if not one]
        return groups, [g[0] for g, one in zip(placed, lone, strict=True) if one]

    def _options(self, left: list[int], sizes: Counter[int], size: int, max_cost: int,
                 may_leave: bool) -> Iterator[tuple[Counter[int], list[int]]]:
        """Ways to place ``left[0]``: in a group of a planned size (target size first), or alone."""
        for s in sorted((s for s in sizes if sizes[s] > 0), key=lambda s: (s != size, s)):
            rest = sizes.copy()
            rest[s] -= 1
            for chosen in self._groups_for(left, s, max_cost):
                yield rest, [left[j] for j in chosen]
        if may_leave or sum(sizes.values()) == 0:
            yield Counter(plan_sizes(len(left) - 1, size)), [left[0]]


def make_groups(members: Sequence[Member], recent: Mapping[str, Sequence[str] | set[str]],
                size: int = 2, seed: int = 0, budget: int = 2000,
                closed: frozenset[int] = frozenset()) -> Grouping:
    """Group ``members`` site by site; ``recent`` maps a person to whom they met lately.

    ``budget`` bounds the search steps per site and level beyond three per person; when a
    level is not solved within it, the next, looser level is tried. The same members, history,
    size and seed always give the same groups."""
    if not 2 <= size <= 4:
        raise ValueError("group size must be 2 to 4")
    rng = random.Random(seed)
    by_site: dict[str, list[Member]] = {}
    for m in sorted(members, key=lambda m: m.id):
        by_site.setdefault(m.site, []).append(m)
    result = Grouping()
    for site in sorted(by_site):
        people = by_site[site]
        # Small sites get the full budget (exact search); large ones a little beyond greedy.
        extra = budget if len(people) <= 16 else budget // 10
        solver = _Site(list(people), recent, rng, extra + 3 * len(people))
        groups, alone = solver.solve(size)
        info = {m.id: m for m in people}
        for ids in groups:
            mask = ALL_DAYS
            for i in ids:
                mask &= _mask(info[i].weekdays)
            days = [d for d in range(5) if mask >> d & 1]
            days = [d for d in days if d not in closed] or days
            result.groups.append(Group(site, tuple(ids), rng.choice(days) if days else None))
        result.alone.extend(alone)
        result.relaxed.extend(_relaxations(site, groups, alone, info, recent))
    return result


def _relaxations(site: str, groups: list[list[str]], alone: list[str], info: Mapping[str, Member],
                 recent: Mapping[str, Sequence[str] | set[str]]) -> list[Relaxation]:
    """Which soft rules the groups of one site break, counted in groups (people for alone)."""
    counts: Counter[str] = Counter()
    for ids in groups:
        if any(b in recent.get(a, ()) or a in recent.get(b, ()) for a in ids for b in ids if a < b):
            counts["repeat_window"] += 1
        depts = {info[i].department or i for i in ids}  # no department: counts as its own
        if len(depts) == 1:
            counts["different_departments"] += 1
        elif len(depts) < len(ids):
            counts["department_spread"] += 1
    if alone:
        counts["alone"] = len(alone)
    order = ("repeat_window", "different_departments", "department_spread", "alone")
    return [Relaxation(site, c, counts[c]) for c in order if counts[c]]
