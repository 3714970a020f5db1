"""Replies people actually type to proactive messages: numbers, labels and words answer the open
questions of recent messages (not only the last unread one), and say which one they answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.runtime import Runtime
from flows.commitments import service
from flows.commitments.protocol import read_protocol
from flows.types import Incoming, Reply
from tests.onboarding.helpers import at, directory, inbox, tick

PROTOCOL = """\
workshop: {name: Klausur Ordnungsamt 2027, date: 2027-05-19, lead: bernd}
commitments:
  - {field: Dienst, title: Dienstplan abstimmen, owners: [dirk], due: 2027-06-01}
  - {field: Dienst, title: Bericht schreiben, owners: [emil], due: 2027-06-01}
  - {field: Dienst, title: Ablage ordnen, owners: [clara], due: 2027-06-01}
"""


async def say(rt: Runtime, user: str, text: str, now) -> list[Reply]:  # type: ignore[no-untyped-def]
    return await rt.dispatcher.handle(Incoming(user, text), now)


async def test_a_pate_asked_for_two_hires_answers_in_words(runtime: Runtime) -> None:
    now = at("2027-03-01", "10:00")
    await directory(runtime, now, lena={"start_date": date(2027, 4, 6)},
                    emil={"start_date": date(2027, 4, 13), "department": "Sozialamt",
                          "lead_id": "bernd"}, dirk={"department": "Ordnungsamt"})
    await tick(runtime, now)
    asks = await inbox(runtime, "clara")  # the only one in the department, asked for both
    assert len(asks) == 2 and {"Lena Neu", "Emil Anders"} == {
        n for n in ("Lena Neu", "Emil Anders") for a in asks if n in a["text"]}
    # "Ja, gern" fits both: flurfunk asks which one instead of guessing or giving up
    (which,) = await say(runtime, "clara", "Ja, gern", now)
    assert which.text == "Das könnte auf mehrere Nachrichten passen. Welche meinen Sie?"
    labels = [c.label for c in which.choices]
    assert len(labels) == 2 and all(x.startswith("Ja, gern \u2013 ") for x in labels)
    lena = next(i for i, x in enumerate(labels, 1) if "Lena Neu" in x)
    (accepted,) = await say(runtime, "clara", str(lena), now)
    assert "Lena Neu" in accepted.text and "bekannt gemacht" in accepted.text
    # the other question is still open; a sentence answers it and says which message it answers
    (second,) = await say(runtime, "clara", "Ja, ich übernehme die Patenschaft gern", now)
    assert second.text.startswith("(Zu „Emil Anders beginnt am 13. April 2027 in Ihrer Abteilung")
    assert "Emil Anders" in second.text and "bekannt gemacht" in second.text
    async with runtime.uow() as uow:
        assert {e.person_id: e.pate_id for e in await uow.onboarding.all()} == {
            "lena": "clara", "emil": "clara"}
        assert await uow.commitments.items() == []  # no commitment was captured
    # nothing is open any more: "1" is not taken as an answer to an old question
    (late,) = await say(runtime, "clara", "1", now)
    assert "bekannt gemacht" not in late.text


async def test_free_text_after_a_reminder_does_what_it_says(runtime: Runtime,
                                                            tmp_path: Path) -> None:
    now = at("2027-05-20", "18:00")
    await directory(runtime, now, emil={"locale": "en"})
    (tmp_path / "p.yml").write_text(PROTOCOL, encoding="utf-8")
    async with runtime.uow() as uow:
        await service.import_rows(uow, read_protocol(tmp_path / "p.yml"), now, "test")
        await uow.commit()
        ids = {i.title: i.id for i in await uow.commitments.items()}
    await tick(runtime, at("2027-05-26", "09:00"))  # three working days before (27 is a holiday)
    assert len(await inbox(runtime, "dirk")) == 1
    day = at("2027-05-26", "10:00")
    # a date on a Sunday is questioned before it is agreed
    (why,) = await say(runtime, "dirk", "neuer Termin 20.6.", day)
    assert why.text == "Und kurz: Was ist dazwischengekommen?"  # one question open: no "(Zu ...)"
    (sunday,) = await say(runtime, "dirk", "die Kollegin ist im Urlaub", day)
    assert sunday.text.startswith("Sonntag, 20. Juni 2027 ist kein Arbeitstag")
    assert [c.label for c in sunday.choices] == ["18.06.2027 nehmen", "20.06.2027 behalten"]
    (agreed,) = await say(runtime, "dirk", "1", day)
    assert agreed.text.startswith("Neu vereinbart: „Dienstplan abstimmen“ ist jetzt am Freitag, "
                                  "18. Juni 2027 fällig")
    (done,) = await say(runtime, "emil", "done", day)
    assert done.text == "Thank you! \u201eBericht schreiben\u201c is marked done."
    (handed,) = await say(runtime, "clara", "übergeben an Lena", day)
    assert handed.text == "An Lena Neu übergeben; ich habe Bescheid gegeben."
    async with runtime.uow() as uow:
        items = {i.id: i for i in await uow.commitments.items()}
    assert items[ids["Dienstplan abstimmen"]].due == date(2027, 6, 18)
    assert items[ids["Bericht schreiben"]].status == "done"
    assert items[ids["Ablage ordnen"]].owners == ["lena"]
    # the checklist keeps its own words: "Dienstausweis erledigt" is not the reminder's "Erledigt"


async def test_leads_and_hires_ask_naturally(runtime: Runtime) -> None:
    await directory(runtime, at("2027-03-01"), lena={"start_date": date(2027, 3, 30)})
    await tick(runtime, at("2027-03-01", "10:00"))
    await tick(runtime, at("2027-03-31", "09:00"))  # day 2: the checklist
    day = at("2027-03-31", "10:00")
    assert (await say(runtime, "lena", "hab meinen ausweis", day))[0].text.startswith(
        "Abgehakt: Dienstausweis abholen.")
    assert (await say(runtime, "lena", "Datenschutz unterschrieben", day))[0].text.startswith(
        "Abgehakt: Verpflichtung auf den Datenschutz unterschrieben.")
    team = "\n".join(r.text for r in await say(runtime, "bernd", "Wie weit ist mein Team?", day))
    assert "Lena Neu: 2 von 6 erledigt" in team
    async with runtime.uow() as uow:
        await uow.people.upsert("lena", day, locale="en")
        await uow.commit()
    mine = (await say(runtime, "lena", "how far am I?", day))[0].text
    assert mine.startswith("Your checklist: 2 of 6 done.")
