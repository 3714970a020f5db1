"""Pate/Patin: who may be proposed (pure rules), and the ask, decline, accept, introduce flow."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.runtime import Runtime
from flows.onboarding.plan import Candidate, pate_candidates
from flows.types import Action, Incoming
from tests.onboarding.helpers import at, directory, inbox, step, tick

OLD = date(2010, 1, 1)
TEAM = [Candidate("hire", "A", date(2026, 9, 1)), Candidate("lead", "A", OLD),
        Candidate("p1", "A", date(2015, 1, 1)), Candidate("p2", "A", OLD),
        Candidate("p3", "A", date(2020, 1, 1)), Candidate("other", "B", OLD),
        Candidate("new2", "A", date(2026, 8, 1))]


def test_rules_table() -> None:
    def ranked(**kw):  # type: ignore[no-untyped-def]
        args = {"busy": {"hire", "new2"}, "load": {}, "declined": set()} | kw
        return pate_candidates("hire", "A", "lead", TEAM, **args)

    assert ranked() == ["p2", "p1", "p3"]  # same department, longest service first
    assert ranked(load={"p2": 1}) == ["p1", "p3", "p2"]  # fewer hires first
    assert ranked(load={"p2": 2, "p1": 5}) == ["p3"]  # at most two hires at once
    assert ranked(declined={"p2", "p3"}) == ["p1"]
    assert ranked(busy={"hire"}) == ["p2", "p1", "p3", "new2"]  # new2 only when not on a journey
    assert pate_candidates("hire", None, "lead", TEAM, set(), {}, set()) == []


people = st.lists(st.builds(Candidate, st.sampled_from(["a", "b", "c", "d", "e", "f"]),
                            st.sampled_from(["X", "Y", None]), st.none() | st.dates()),
                  max_size=8, unique_by=lambda c: c.id)


@given(people, st.sampled_from(["a", "b"]), st.sampled_from(["c", "d", None]),
       st.sets(st.sampled_from("abcdef")), st.dictionaries(st.sampled_from("abcdef"),
                                                            st.integers(0, 3)),
       st.sets(st.sampled_from("abcdef")))
def test_rules_hold_for_any_directory(pool, hire, lead, busy, load, declined) -> None:  # type: ignore[no-untyped-def]
    dept = {p.id: p.department for p in pool}
    out = pate_candidates(hire, "X", lead, pool, busy, load, declined)
    assert len(out) == len(set(out))
    for pid in out:
        assert pid not in {hire, lead} and pid not in busy and pid not in declined
        assert dept[pid] == "X" and load.get(pid, 0) < 2
    assert [load.get(p, 0) for p in out] == sorted(load.get(p, 0) for p in out)


async def press(rt: Runtime, user: str, action: str, value: str, now) -> str:  # type: ignore[no-untyped-def]
    replies = await rt.dispatcher.handle(Incoming(user, action=Action(action, value)), now)
    return replies[0].text


async def test_decline_asks_the_next_and_accept_introduces_both(runtime: Runtime) -> None:
    now = at("2026-08-20", "10:00")
    await directory(runtime, now, lena={"start_date": date(2026, 9, 7)})
    await tick(runtime, now)
    ask = await inbox(runtime, "clara")  # longest in the department; bernd is the lead
    assert len(ask) == 1 and "Lena Neu" in ask[0]["text"]
    assert await inbox(runtime, "bernd") == [] and await inbox(runtime, "dirk") == []
    action = ask[0]["choices"][1]
    assert (action["action"], action["value"]) == (ask[0]["choices"][0]["action"], "no")
    assert "jemand anderen" in await press(runtime, "clara", action["action"], "no", now)
    await runtime.sender().drain(now)
    ask2 = await inbox(runtime, "dirk")
    assert len(ask2) == 1
    # clara cannot accept after declining; someone never asked cannot accept either
    assert "nicht mehr offen" in await press(runtime, "clara", action["action"], "yes", now)
    assert "nicht mehr offen" in await press(runtime, "emil", action["action"], "yes", now)
    assert "bekannt gemacht" in await press(runtime, "dirk", action["action"], "yes", now)
    await tick(runtime, at("2026-08-20", "11:00"))
    intro = [m for m in await inbox(runtime, "lena") if "Darf ich vorstellen" in m["text"]]
    assert len(intro) == 1 and "Dirk Mittel" in intro[0]["text"]
    assert [m["text"] for m in await inbox(runtime, "dirk")][-1] == intro[0]["text"]
    async with runtime.uow() as uow:
        (e,) = await uow.onboarding.all()
        assert e.pate_id == "dirk"
        outbox_ids = [m.outbox_id for m in await uow.inbox.list("lena")]
        dirk_ids = [m.outbox_id for m in await uow.inbox.list("dirk")]
    assert set(outbox_ids) & set(dirk_ids)  # one group message with both as recipients
    await tick(runtime, at("2026-09-14", "09:00"))  # week 1: the Pate is named, and told
    meet = [m for m in await inbox(runtime, "lena") if step(m) == "meet-pate"]
    assert "Dirk Mittel" in meet[0]["text"]
    assert [step(m) for m in await inbox(runtime, "dirk")][-1] == "pate-first-week"


async def test_nobody_left_tells_the_lead_once(runtime: Runtime) -> None:
    now = at("2026-08-20", "10:00")
    # everybody else in the department is the lead or has moved to another department
    await directory(runtime, now, lena={"start_date": date(2026, 9, 7)},
                    clara={"department": "Ordnungsamt"}, dirk={"department": "Ordnungsamt"})
    await tick(runtime, now)
    await tick(runtime, at("2026-08-20", "10:30"))
    lead = await inbox(runtime, "bernd")
    assert len(lead) == 1 and "niemanden gefunden" in lead[0]["text"]
