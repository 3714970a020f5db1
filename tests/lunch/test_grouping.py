"""Property tests of the pure grouping, checked against brute force on small cases."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.lunch.grouping import Member, make_groups, plan_sizes


@st.composite
def cases(draw: st.DrawFn, max_people: int = 9) -> tuple[list[Member], dict[str, set[str]], int]:
    n = draw(st.integers(0, max_people))
    sites = draw(st.lists(st.sampled_from(["Rathaus", "Hafen", "Vegesack"]), min_size=n,
                          max_size=n))
    depts = draw(st.lists(st.sampled_from(["Jugendamt", "Sozialamt", "Elterngeld", ""]),
                          min_size=n, max_size=n))
    days = draw(st.lists(st.one_of(st.just(frozenset()),
                                   st.frozensets(st.integers(0, 4), min_size=1, max_size=3)),
                         min_size=n, max_size=n))
    members = [Member(f"p{i}", sites[i], depts[i], days[i]) for i in range(n)]
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    met = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    recent: dict[str, set[str]] = {}
    for a, b in met:
        recent.setdefault(f"p{a}", set()).add(f"p{b}")
        recent.setdefault(f"p{b}", set()).add(f"p{a}")
    return members, recent, draw(st.integers(2, 4))


def partitions(ids: list[str], sizes: list[int]) -> Iterator[list[tuple[str, ...]]]:
    """Every split of ``ids`` into groups with exactly the multiset ``sizes``."""
    if not ids:
        if not sizes:
            yield []
        return
    first, rest = ids[0], ids[1:]
    for s in sorted(set(sizes)):
        left = list(sizes)
        left.remove(s)
        for others in _combinations(rest, s - 1):
            remaining = [i for i in rest if i not in others]
            for tail in partitions(remaining, left):
                yield [(first, *others), *tail]


def _combinations(items: list[str], k: int) -> Iterator[tuple[str, ...]]:
    if k == 0:
        yield ()
        return
    for i, x in enumerate(items):
        for tail in _combinations(items[i + 1:], k - 1):
            yield (x, *tail)


def _days_ok(group: tuple[str, ...], info: dict[str, Member]) -> bool:
    common = {0, 1, 2, 3, 4}
    for i in group:
        common &= set(info[i].weekdays) or {0, 1, 2, 3, 4}
    return bool(common)


def _repeat(group: tuple[str, ...], recent: dict[str, set[str]]) -> bool:
    return any(b in recent.get(a, set()) for a in group for b in group if a != b)


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(0, 2**32))
def test_everyone_placed_once_same_site_sizes_and_days(case, seed: int) -> None:  # type: ignore[no-untyped-def]
    members, recent, size = case
    info = {m.id: m for m in members}
    result = make_groups(members, recent, size, seed)
    placed = [i for g in result.groups for i in g.members] + result.alone
    assert Counter(placed) == Counter(list(info))  # everyone exactly once, grouped or told alone
    for g in result.groups:
        assert 2 <= len(g.members) <= size + 1
        assert {info[i].site for i in g.members} == {g.site}
        assert _days_ok(g.members, info)
        assert g.weekday is not None and all(
            not info[i].weekdays or g.weekday in info[i].weekdays for i in g.members)
    for site in {m.site for m in members}:
        ids = sorted(m.id for m in members if m.site == site)
        sizes = sorted(len(g.members) for g in result.groups if g.site == site)
        alone = [i for i in result.alone if info[i].site == site]
        if not alone:
            assert sizes == sorted(plan_sizes(len(ids), size))
        feasible = any(all(_days_ok(g, info) for g in p)
                       for p in partitions(ids, plan_sizes(len(ids), size)))
        assert not alone or not feasible or len(ids) < 2  # nobody alone when all can be placed
        if len(ids) == 1:
            assert alone == ids


@settings(max_examples=300, deadline=None)
@given(cases(max_people=8), st.integers(0, 2**32))
def test_no_repeat_whenever_a_repeat_free_grouping_exists(case, seed: int) -> None:  # type: ignore[no-untyped-def]
    members, recent, size = case
    info = {m.id: m for m in members}
    result = make_groups(members, recent, size, seed)
    for site in {m.site for m in members}:
        ids = sorted(m.id for m in members if m.site == site)
        exists = any(all(_days_ok(g, info) and not _repeat(g, recent) for g in p)
                     for p in partitions(ids, plan_sizes(len(ids), size)))
        groups = [g.members for g in result.groups if g.site == site]
        if exists:
            assert not any(_repeat(g, recent) for g in groups)
            assert not [r for r in result.relaxed if r.site == site
                        and r.constraint in ("repeat_window", "alone")]


@settings(max_examples=100, deadline=None)
@given(cases(), st.integers(0, 2**32))
def test_same_seed_same_groups(case, seed: int) -> None:  # type: ignore[no-untyped-def]
    members, recent, size = case
    first = make_groups(members, recent, size, seed)
    assert make_groups(list(reversed(members)), recent, size, seed) == first


def test_pairs_with_odd_count_make_one_group_of_three() -> None:
    members = [Member(f"p{i}", "Rathaus", f"d{i}") for i in range(7)]
    result = make_groups(members, {}, 2, seed=1)
    assert sorted(len(g.members) for g in result.groups) == [2, 2, 3]
    assert result.relaxed == [] and result.alone == []


def test_departments_mixed_when_possible_and_relaxation_reported() -> None:
    members = [Member("a1", "Hafen", "Jugendamt"), Member("a2", "Hafen", "Jugendamt"),
               Member("b1", "Hafen", "Sozialamt"), Member("b2", "Hafen", "Sozialamt")]
    result = make_groups(members, {}, 2, seed=5)
    assert all({m[0] for m in g.members} == {"a", "b"} for g in result.groups)
    # a1-b1 and a2-b2 met lately, a1-b2 too: only a2-b1 is new, so one same-department pair.
    recent = {"a1": {"b1", "b2"}, "b1": {"a1"}, "b2": {"a1", "a2"}, "a2": {"b2"}}
    result = make_groups(members, recent, 2, seed=5)
    assert [r.constraint for r in result.relaxed] == ["different_departments"]
    assert sorted(tuple(sorted(g.members)) for g in result.groups) == [("a1", "a2"), ("b1", "b2")]


def test_lone_person_at_a_site_is_reported() -> None:
    result = make_groups([Member("x", "Vegesack"), Member("y", "Hafen"), Member("z", "Hafen")],
                         {}, 2, seed=0)
    assert result.alone == ["x"]
    assert [r.to_dict() for r in result.relaxed] == [
        {"site": "Vegesack", "constraint": "alone", "count": 1}]


def test_public_holiday_is_not_suggested_unless_nothing_else_suits() -> None:
    members = [Member(f"p{i}", "Rathaus", f"d{i}") for i in range(20)]
    for seed in range(5):
        result = make_groups(members, {}, 2, seed, closed=frozenset({0}))
        assert all(g.weekday != 0 for g in result.groups)
    mondays = [Member("a", "Hafen", "x", frozenset({0})), Member("b", "Hafen", "y", frozenset({0}))]
    assert make_groups(mondays, {}, 2, 1, closed=frozenset({0})).groups[0].weekday == 0
