"""The owners' weekly digest: due entries and clustered questions with at least 3 distinct
askers, to the owner's contact, once a week in working time; the button adds the wording to
the entry; nothing stored or shown names who asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.runtime import Runtime
from flows.faq import digest, jobs, store
from flows.faq.config import FaqConfig
from flows.faq.entries import Entry
from flows.settings import Invalid
from flows.types import Action, Incoming, JobContext
from storage.models.core import OutboxMessage
from storage.models.faq import KbGap

NOW = datetime.fromisoformat("2026-09-01T08:00:00+00:00")  # Tuesday, 10:00 in Berlin
PEOPLE = {"max.muster": {"name": "Max Muster", "roles": []},
          "kb.editor": {"name": "Kim Editor", "roles": []},
          **{f"p{i}": {"name": f"Person {i}"} for i in range(40)}}


def _entry(id: str, question: str, reviewed: str = "2026-08-01", owner: str = "IT-Service") -> Entry:
    return Entry.model_validate({"id": id, "locale": "de", "question": question,
                                 "answer": "Antwort.", "source": "Quelle", "owner": owner,
                                 "reviewed": reviewed})


@pytest.fixture
async def rt(settings: Settings) -> AsyncIterator[Runtime]:
    settings.features["faq"] = {"owners": {"IT-Service": "max.muster"},
                                "new_entries": "kb.editor"}
    async with Runtime(settings, nlu=False) as rt:
        async with rt.uow() as uow:
            for pid, fields in PEOPLE.items():
                await uow.people.upsert(pid, NOW, source="directory", **fields)
            await store.import_entries(uow, [
                _entry("vpn", "Wie komme ich von zu Hause ins Netz?"),
                _entry("alt", "Wie richte ich den alten Drucker ein?", reviewed="2024-05-01"),
                _entry("kantine", "Wann hat die Kantine offen?", owner="Kantine")], "admin", NOW)
            await uow.commit()
        yield rt


async def _askers(rt: Runtime, n: int, avoid: set[int] | None = None) -> list[str]:
    """``n`` people whose asker bits this week differ (so the test does not depend on the
    random week key; real collisions only ever hide a cluster)."""
    async with rt.uow() as uow:
        key = await uow.kb.week_key(digest.week_of(NOW.date()))
        await uow.commit()
    picked, bits = [], set(avoid or ())
    for pid in (p for p in PEOPLE if p.startswith("p")):
        bit = digest.asker_bit(key, pid)
        if bit not in bits:
            picked.append(pid)
            bits.add(bit)
        if len(picked) == n:
            return picked
    raise AssertionError("not enough distinct bits")


async def _ask(rt: Runtime, kind: str, entry_id: str, texts: list[str], people: list[str]) -> None:
    async with rt.uow() as uow:
        key = await uow.kb.week_key(digest.week_of(NOW.date()))
        for text, person in zip(texts, people, strict=True):
            await uow.kb.record_gap(digest.week_of(NOW.date()), kind, entry_id, text.lower(),
                                    text, "de", digest.asker_bit(key, person))
        await uow.commit()


async def _run(rt: Runtime, now: datetime) -> int:
    async with rt.uow() as uow:
        n = await jobs.owners_digest(JobContext(uow, rt.translations, rt.configs["faq"]), now)
        await uow.commit()
    return n


async def _outbox(rt: Runtime) -> dict[str, dict[str, Any]]:
    async with rt.uow() as uow:
        rows = (await uow.session.scalars(select(OutboxMessage))).all()
    return {r.recipients[0]: r.payload for r in rows}


async def test_digest_shows_clusters_of_three_askers_to_the_owner(rt: Runtime) -> None:
    three = await _askers(rt, 3)
    await _ask(rt, digest.NOT_HELPFUL, "vpn",
               ["Wie komme ich ins Netz von daheim?", "wie komme ich von daheim ins netz",
                "Wie komme ich ins Netz von daheim?"], three)
    two = await _askers(rt, 2)  # many questions, but only two people: not shown
    await _ask(rt, digest.UNANSWERED, "vpn", ["Geht VPN auf dem Tablet?"] * 6, two * 3)
    await _ask(rt, digest.UNANSWERED, "", ["Wo parke ich mein Dienstrad?"] * 3, three)
    assert await _run(rt, NOW) == 2
    sent = await _outbox(rt)
    assert set(sent) == {"max.muster", "kb.editor"}  # "Kantine" has no contact in the directory
    text = sent["max.muster"]["text"]
    assert "Zur Überprüfung fällig: 1" in text and "Wie richte ich den alten Drucker ein?" in text
    assert "3 Fragen wie \u201eWie komme ich ins Netz von daheim?\u201c fanden" in text
    assert "Tablet" not in text  # two askers only
    [button] = sent["max.muster"]["choices"]
    assert button["action"] == "faq:adopt"
    assert button["value"] == "vpn:de:Wie komme ich ins Netz von daheim?"
    assert "neuer Eintrag nötig" in sent["kb.editor"]["text"]
    assert "Dienstrad" in sent["kb.editor"]["text"]
    # nobody who asked is named, in the messages or in what is stored
    async with rt.uow() as uow:
        stored = [(g.kind, g.entry_id, g.normalized, g.example, g.locale)
                  for g in (await uow.session.scalars(select(KbGap))).all()]
    shown = repr(sent) + repr(stored)
    assert not any(f"'{p}'" in shown or f" {p} " in shown for p in [*three, *two])


async def test_digest_is_weekly_idempotent_and_in_working_hours(rt: Runtime) -> None:
    await _ask(rt, digest.UNANSWERED, "", ["Wo parke ich mein Dienstrad?"] * 3,
               await _askers(rt, 3))
    assert await _run(rt, NOW.replace(hour=19)) == 0  # 21:00 in Berlin
    assert await _outbox(rt) == {}
    assert await _run(rt, NOW) == 2  # kb.editor, and max.muster for the due entry
    assert await _run(rt, NOW + timedelta(hours=2)) == 0  # the same day
    assert await _run(rt, NOW + timedelta(days=1)) == 0  # the same ISO week
    assert len(await _outbox(rt)) == 2
    # the next week: the finished week's key is deleted, so its bits cannot be recomputed
    async with rt.uow() as uow:
        old = digest.week_of(NOW.date())
        await _run_in(rt, uow, NOW + timedelta(days=7))
        assert (await uow.kb.week_key(old)) is not None  # a fresh one: the old is gone
    async with rt.uow() as uow:
        from storage.models.faq import KbWeekKey
        weeks = [k.week for k in (await uow.session.scalars(select(KbWeekKey))).all()]
    assert old not in weeks


async def _run_in(rt: Runtime, uow: Any, now: datetime) -> None:
    await jobs.owners_digest(JobContext(uow, rt.translations, rt.configs["faq"]), now)
    await uow.commit()


async def test_the_button_adds_the_wording_for_the_next_rebuild(rt: Runtime) -> None:
    value = "vpn:de:Wie komme ich ins Netz von daheim?"
    async with rt.uow() as uow:
        before = await uow.kb.version()
    [refused] = await rt.dispatcher.handle(
        Incoming("p1", action=Action("faq:adopt", value)), NOW)
    assert "Nur die zuständige Stelle" in refused.text
    [done] = await rt.dispatcher.handle(
        Incoming("max.muster", action=Action("faq:adopt", value)), NOW)
    assert "Wie komme ich ins Netz von daheim?" in done.text and "ist jetzt eine Formulierung" in done.text
    async with rt.uow() as uow:
        vpn = next(e for e in await store.stored(uow) if e.id == "vpn")
        assert vpn.alternatives == ["Wie komme ich ins Netz von daheim?"]
        assert await uow.kb.version() == (before or 0) + 1  # the live retriever rebuilds
    [again] = await rt.dispatcher.handle(
        Incoming("max.muster", action=Action("faq:adopt", value)), NOW)
    assert "bereits" in again.text
    # a re-import of the owner's file keeps the learned phrasing
    async with rt.uow() as uow:
        result = await store.import_entries(
            uow, [_entry("vpn", "Wie komme ich von zu Hause ins Netz?")], "admin", NOW)
        await uow.commit()
        assert result.unchanged == ["vpn (de)"]
        vpn = next(e for e in await store.stored(uow) if e.id == "vpn")
    assert vpn.alternatives == ["Wie komme ich ins Netz von daheim?"]


def test_clusters_below_three_askers_are_not_shown() -> None:
    gaps = [digest.Gap("unanswered", "vpn", "geht vpn am tablet", "Geht VPN am Tablet?", "de",
                       9, 0b11),
            digest.Gap("unanswered", "vpn", "geht vpn auf dem tablet", "Geht VPN auf dem Tablet?",
                       "de", 1, 0b100)]
    [c] = digest.cluster(gaps)  # one cluster: the same question in two wordings
    assert (c.count, c.askers, c.example) == (10, 3, "Geht VPN am Tablet?")
    assert digest.shown([c]) == [c]
    assert digest.shown(digest.cluster(gaps[:1])) == []  # 9 questions, 2 askers


def test_owner_mapping_is_validated() -> None:
    with pytest.raises(Invalid) as exc:
        FaqConfig(owners={"IT-Service": "max muster"})
    assert exc.value.key == "owners"
    assert FaqConfig(owners={"IT-Service": "max.muster"}).contact("IT-Service") == "max.muster"
    assert FaqConfig().contact("max.muster") == "max.muster"
