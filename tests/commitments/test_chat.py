"""Chat: taking on a commitment with confirmation, the personal list, comment, hand-over, and
the new-date dialogue that keeps the old date and the reason.

The handlers get a fixed Parse (tests/chat.py), not the trained classifier (the phrases:
tests/e2e/test_commitments_chat.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from flows.commitments import report
from flows.types import Action, Reply
from storage.models.core import OutboxMessage
from tests.chat import Chat
from tests.commitments.helpers import DigestNote, add_people, at, import_paderborn, note

TODAY = "2012-05-23"


async def say(chat: Chat, user: str, text: str, hm: str = "09:00", intent: str | None = None,
              entities: dict[str, Any] | None = None) -> Reply:
    return (await chat.say(user, text, at=at(TODAY, hm), intent=intent, entities=entities))[0]


async def press(chat: Chat, user: str, action: Action, hm: str = "09:00") -> Reply:
    return (await chat.press(user, action, at=at(TODAY, hm)))[0]


async def test_take_confirms_title_and_date_then_creates(chat: Chat) -> None:
    await add_people(chat.rt, at(TODAY))
    reply = await say(chat, "schoenig", "Ich übernehme das Konzept für die Infoveranstaltung bis 1.9.",
                      intent="commitments_take", entities={"date": date(2012, 9, 1)})
    assert reply.text == ("Ich notiere: „Konzept für die Infoveranstaltung“, fällig am Samstag, "
                          "1. September 2012. Stimmt das?")
    async with chat.rt.uow() as uow:
        assert await uow.commitments.items() == []  # nothing before the confirmation
    done = await say(chat, "schoenig", "1")  # the numbered choice "Ja, notieren"
    assert done.text.startswith("Notiert: „Konzept für die Infoveranstaltung“")
    listed = await say(chat, "schoenig", "Was steht bei mir an?", intent="commitments_list")
    assert listed.text == ("Ihre offenen Vereinbarungen:\n1. Konzept für die Infoveranstaltung: "
                           "fällig am Samstag, 1. September 2012 (offen)")
    async with chat.rt.uow() as uow:
        items = await uow.commitments.items()
    assert [(i.title, i.owners, i.due) for i in items] == [
        ("Konzept für die Infoveranstaltung", ["schoenig"], date(2012, 9, 1))]


async def test_take_without_date_asks_and_no_keeps_nothing(chat: Chat) -> None:
    reply = await say(chat, "fuchs", "Ich übernehme die Raumbuchung für den Folgeworkshop",
                      intent="commitments_take")
    assert "Bis wann erledigen Sie „Raumbuchung für den Folgeworkshop“?" in reply.text
    reply = await say(chat, "fuchs", "bis 12.10.", intent="commitments_take",
                      entities={"date": date(2012, 10, 12)})
    assert "fällig am Freitag, 12. Oktober 2012" in reply.text
    assert (await say(chat, "fuchs", "2")).text == "In Ordnung, ich habe nichts notiert."
    async with chat.rt.uow() as uow:
        assert await uow.commitments.items() == []


async def test_new_date_keeps_the_old_one_and_the_reason(chat: Chat) -> None:
    ids = await import_paderborn(chat.rt)
    item = ids["Konzept für die Infoveranstaltung erarbeiten"]
    assert "Bis wann" in (await press(chat, "schoenig", Action(f"commitments:newdate:{item}"))).text
    assert "kein Datum" in (await say(chat, "schoenig", "weiß ich noch nicht")).text
    assert (await say(chat, "schoenig", "15.9.")).text == "Und kurz: Was ist dazwischengekommen?"
    reply = await say(chat, "schoenig", "Die Amtsleitungen haben erst im August gesichtet")
    # 15.9.2012 is a Saturday: asked first, then kept on purpose
    assert reply.text.startswith("Samstag, 15. September 2012 ist kein Arbeitstag")
    assert [c.label for c in reply.choices] == ["14.09.2012 nehmen", "15.09.2012 behalten"]
    reply = await say(chat, "schoenig", "2")
    assert reply.text.startswith("Neu vereinbart: „Konzept für die Infoveranstaltung erarbeiten“ "
                                 "ist jetzt am Samstag, 15. September 2012 fällig (bisher: Samstag, "
                                 "1. September 2012).")
    async with chat.rt.uow() as uow:
        row = await uow.commitments.get(item)
        events = (await uow.commitments.events([item]))[item]
    assert row is not None and row.status == "reagreed" and row.original_due == date(2012, 9, 1)
    assert [(e.kind, e.old_due, e.new_due, e.text) for e in events][-1] == (
        "newdate", date(2012, 9, 1), date(2012, 9, 15),
        "Die Amtsleitungen haben erst im August gesichtet")
    async with chat.rt.uow() as uow:
        ws = (await uow.commitments.workshops())[0]
        items = await uow.commitments.items(ws.id)
        history = await uow.commitments.events(i.id for i in items)
    md = report.markdown(chat.rt.translations.for_locale("de"), ws, items, history,
                         date(2012, 5, 23), 7)
    assert ("- **Konzept für die Infoveranstaltung erarbeiten** – neu vereinbart\n"
            "  - Wer: schoenig\n"
            "  - Wann: 15.09.2012 (ursprünglich 01.09.2012)\n") in md
    assert ("  - 23.05.2012: neu vereinbart: 01.09.2012 → 15.09.2012 – Die Amtsleitungen haben "
            "erst im August gesichtet\n") in md


async def test_comment_and_handover_notify_through_the_outbox(chat: Chat) -> None:
    ids = await import_paderborn(chat.rt)
    item = ids["Bestandsaufnahme der Berichtsformate"]
    await press(chat, "mueller", Action(f"commitments:comment:{item}"))
    assert (await say(chat, "mueller", "Vorlage vom Jobcenter liegt vor")).text == \
        "Danke, Ihr Kommentar ist vermerkt."
    await press(chat, "mueller", Action(f"commitments:handover:{item}"))
    assert "kenne keine andere Person" in (await say(chat, "mueller", "niemand")).text
    assert (await say(chat, "mueller", "fuchs")).text == \
        "An Herr Fuchs übergeben; ich habe Bescheid gegeben."
    async with chat.rt.uow() as uow:
        row = await uow.commitments.get(item)
        events = [(e.kind, e.text) for e in (await uow.commitments.events([item]))[item]]
    assert row is not None and row.owners == ["fuchs"]
    assert ("comment", "Vorlage vom Jobcenter liegt vor") in events and ("handover", "fuchs") in events
    rec_sent = await chat.rt.sender().drain(at(TODAY, "09:05"))
    assert rec_sent.delivered == 1
    async with chat.rt.uow() as uow:
        inbox = await uow.inbox.list("fuchs")
    assert inbox[0].payload["text"].startswith("Herr Müller hat Ihnen eine Vereinbarung übergeben:")
    # the former owner can no longer act on it
    assert "finde ich unter Ihren nicht" in (
        await press(chat, "mueller", Action(f"commitments:done:{item}"))).text


async def _digests_after_chat_capture(chat: Chat, lead_kept: bool) -> list[tuple[str, str]]:
    """schoenig (lead: dezernent) takes on a commitment in chat; the Monday digest job runs.
    ``lead_kept`` is the weakened set-up of before: the item names her lead and its list is
    not recognised as the chat list."""
    async with chat.rt.uow() as uow:
        for pid, (name, locale) in {"schoenig": ("Frau Schönig", "de"),
                                    "dezernent": ("Dezernent", "de")}.items():
            await uow.people.upsert(pid, at(TODAY), name=name, locale=locale, source="directory",
                                    lead_id="dezernent" if pid == "schoenig" else None)
        await uow.commit()
    await say(chat, "schoenig", "Ich übernehme das Konzept für die Infoveranstaltung bis 1.9.",
              intent="commitments_take", entities={"date": date(2012, 9, 1)})
    await say(chat, "schoenig", "1")
    if lead_kept:
        async with chat.rt.uow() as uow:
            [item] = await uow.commitments.items()
            item.lead = "dezernent"
            [ws] = await uow.commitments.workshops()
            ws.name = "Liste aus dem Chat"
            await uow.commit()
    await chat.rt.jobs.run_due(at("2012-05-29", "09:00"))  # the first working day of the week
    async with chat.rt.uow() as uow:
        msgs = (await uow.session.scalars(select(OutboxMessage))).all()
    return [(m.recipients[0], m.dedupe_key) for m in msgs if isinstance(note(m.payload), DigestNote)]


async def test_chat_commitments_are_reported_to_no_one_else(chat: Chat) -> None:
    """One item in a lead's digest ("1 von 1 erledigt") would be a report on one employee."""
    assert await _digests_after_chat_capture(chat, lead_kept=False) == []
    async with chat.rt.uow() as uow:
        assert [i.lead for i in await uow.commitments.items()] == [None]


async def test_chat_commitments_reach_the_lead_in_the_weakened_setup(chat: Chat) -> None:
    digests = await _digests_after_chat_capture(chat, lead_kept=True)
    assert [who for who, _ in digests] == ["dezernent"]
