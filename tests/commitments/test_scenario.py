"""The Paderborn example through simulated days: exact reminders on exact days, weekends and
holidays (Pfingstmontag, Fronleichnam in BW) skipped, replies, a restart, the digest, and tick."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from typing import Any

import pytest

from bot.cli import main
from bot.config import Settings
from bot.runtime import Runtime
from flows.types import Action, Incoming
from tests.chat import FixedParser
from tests.commitments.helpers import (
    PADERBORN,
    DigestNote,
    Recorder,
    add_people,
    at,
    import_paderborn,
    note,
    reminded,
)

A = "Informationsbedarf über die Tätigkeitsfelder der Bereiche klären"
B = "TOP „Umgang mit Querschnittsthemen“ in die Dezernentenkonferenz einbringen"
C = "Verwaltungsleitung über die Sozialplanung informieren"
D = "Besprechung zur Bestandsanalyse der Besprechungskultur einberufen"
E = "Teilnehmende für die AG Berichtswesen benennen"
F = "Monatliches Abstimmungsgespräch der Lenkungsgruppe Jobcenter"
TIMES = ("07:30", "08:00", "08:30", "12:00", "16:45", "17:30")


def summary(sent: list[tuple[str, dict[str, Any]]], titles: dict[int, str]) -> list[tuple]:
    """(recipient, ((title, stage), ...)) per reminder; (recipient, "digest") per digest."""
    out: list[tuple] = []
    for person, payload in sent:
        if items := reminded(payload):
            out.append((person, tuple((titles[i], k) for i, k in items)))
        elif isinstance(note(payload), DigestNote):
            out.append((person, "digest"))
        else:
            out.append((person, "other"))
    return sorted(out, key=repr)


async def run_day(rt: Runtime, day: date, rec: Recorder, times: tuple[str, ...] = TIMES) -> list:
    start = len(rec.sent)
    for hm in times:
        now = at(day.isoformat(), hm)
        await rt.jobs.run_due(now)
        await rt.sender(rec).drain(now)
    return rec.sent[start:]


async def press(rt: Runtime, user: str, verb: str, item: int, day: str, hm: str) -> str:
    replies = await rt.dispatcher.handle(
        Incoming(user, action=Action(f"commitments:{verb}:{item}", str(item))), at(day, hm))
    return replies[0].text


async def say(rt: Runtime, user: str, text: str, day: str, hm: str) -> str:
    return (await rt.dispatcher.handle(Incoming(user, text=text), at(day, hm)))[0].text


async def test_paderborn_first_steps_over_three_weeks(
    settings: Settings
) -> None:
    rec = Recorder()
    async with Runtime(settings, parser=FixedParser()) as rt:
        ids = await import_paderborn(rt)
        titles = {v: k for k, v in ids.items()}
        days: dict[str, list] = {}
        day = date(2012, 5, 23)
        while day <= date(2012, 5, 25):
            days[day.isoformat()] = summary(await run_day(rt, day, rec), titles)
            day += timedelta(days=1)
        first_day = [p for p in rec.sent if p[0] in ("schoenig", "christen")]

    # A restart: a fresh runtime on the same database repeats nothing.
    async with Runtime(settings, parser=FixedParser()) as rt:
        for hm in ("08:00", "09:00", "16:59"):
            await rt.jobs.run_due(at("2012-05-25", hm))
        assert await rt.sender(rec).drain(at("2012-05-25", "16:59")) is not None
        assert summary(rec.sent, titles) == sorted(
            [x for d in days.values() for x in d], key=repr)

        # Friday: Frau Schönig reports the information needs as clarified.
        assert "erledigt" in await press(rt, "schoenig", "done", ids[A], "2012-05-25", "10:00")

        day = date(2012, 5, 26)
        while day <= date(2012, 6, 11):
            days[day.isoformat()] = summary(await run_day(rt, day, rec), titles)
            if day == date(2012, 5, 29):  # Herr Beninde re-agrees the overdue TOP
                assert "Bis wann" in await press(rt, "beninde", "newdate", ids[B], "2012-05-29",
                                                 "09:00")
                reply = await say(rt, "beninde", "8.6., die Dezernentenkonferenz wurde verschoben",
                                  "2012-05-29", "09:01")
                assert reply.startswith("Neu vereinbart:") and "8. Juni 2012" in reply
            day += timedelta(days=1)

    r = ("schoenig", "fuchs", "christen")
    assert days["2012-05-23"] == sorted(
        [(p, ((A, "before"),)) for p in r] + [("beninde", ((B, "before"),)),
         ("tiemann", ((B, "before"),)), ("dezernent", ((C, "before"),)),
         ("dezernent", "digest")], key=repr)
    assert days["2012-05-24"] == [("dezernent", ((C, "due"),))]
    # Friday: A and B due; C (Thursday) is overdue: its owner is asked why, once.
    assert days["2012-05-25"] == sorted(
        [(p, ((A, "due"),)) for p in r] + [("beninde", ((B, "due"),)),
         ("tiemann", ((B, "due"),)), ("dezernent", ((C, "overdue"),))], key=repr)
    for quiet in ("2012-05-26", "2012-05-27", "2012-05-28",  # weekend, Pfingstmontag
                  "2012-05-30", "2012-06-01", "2012-06-07",  # nothing due; Fronleichnam
                  "2012-06-09", "2012-06-10"):
        assert days[quiet] == [], quiet
    # Tuesday after Whitsun: overdue questions (A is done: nobody is asked about it) and the
    # week's digest, which the holiday moved from Monday.
    assert days["2012-05-29"] == sorted(
        [("beninde", ((B, "overdue"),)), ("tiemann", ((B, "overdue"),)),
         ("dezernent", "digest")], key=repr)
    assert days["2012-05-31"] == [("beninde", ((D, "before"),))]
    # Monday 4 June: three working days before the Friday (Thursday is Fronleichnam); one
    # combined message for Herr Beninde with both of his items; C asked again after five
    # working days (Pfingstmontag not counted).
    assert days["2012-06-04"] == sorted(
        [("beninde", ((B, "before"), (E, "before"))), ("tiemann", ((B, "before"),)),
         ("alles", ((E, "before"),)), ("menne", ((E, "before"),)),
         ("dezernent", ((C, "overdue"),)), ("dezernent", "digest")], key=repr)
    assert days["2012-06-05"] == [("beninde", ((D, "due"),))]
    assert days["2012-06-06"] == [("beninde", ((D, "overdue"),))]
    # E is due on Sunday 10 June: announced on Friday 8 June.
    assert days["2012-06-08"] == sorted(
        [("beninde", ((B, "due"), (E, "due"))), ("tiemann", ((B, "due"),)),
         ("alles", ((E, "due"),)), ("menne", ((E, "due"),))], key=repr)
    assert days["2012-06-11"] == sorted(
        [("beninde", ((B, "overdue"), (E, "overdue"))), ("tiemann", ((B, "overdue"),)),
         ("alles", ((E, "overdue"),)), ("menne", ((E, "overdue"),)),
         ("dezernent", "digest")], key=repr)
    # never more than one reminder per person and day
    for d, msgs in days.items():
        people = [p for p, what in msgs if what != "digest"]
        assert len(people) == len(set(people)), d

    schoenig = next(p for who, p in first_day if who == "schoenig")
    assert schoenig["text"] == (
        "Guten Tag! Eine kurze Erinnerung an Ihre Vereinbarungen:\n"
        f"• {A} (Workshop Sozial- und Gesundheitsbereich Paderborn 2012): fällig am Freitag, "
        "25. Mai 2012.")
    assert [c["label"] for c in schoenig["choices"]] == [
        "Erledigt", "Neuer Termin", "Kommentar", "Übergeben"]
    assert schoenig["choices"][0]["action"] == f"commitments:done:{ids[A]}"
    christen = next(p for who, p in first_day if who == "christen")
    assert christen["text"].startswith("Hello! A short reminder of what you agreed to:\n• ")
    assert "due on Friday, May 25, 2012." in christen["text"]

    digest = [p for who, p in rec.sent if who == "dezernent" and isinstance(note(p), DigestNote)][-1]
    assert digest["text"] == (
        "Wochenstand zum Workshop „Workshop Sozial- und Gesundheitsbereich Paderborn 2012“ "
        "(22. Mai 2012):\n"
        "Erledigt: 1 · offen: 5 · überfällig: 4 · neu vereinbart: 0\n"
        "Fortschritt: 1 von 10 Vereinbarungen erledigt (10\u00a0%).\n"
        "Länger als 7 Tage überfällig (Thema für die nächste Teambesprechung):\n"
        f"• {C}: 18 Tage überfällig")
    overdue_text = next(p["text"] for who, p in rec.sent
                        if who == "dezernent" and reminded(p) == ((ids[C], "overdue"),))
    assert "war am Donnerstag, 24. Mai 2012 fällig. Was ist dazwischengekommen?" in overdue_text


async def test_monthly_commitment_tracks_each_occurrence(
    settings: Settings
) -> None:
    rec = Recorder()
    async with Runtime(settings, parser=FixedParser()) as rt:
        ids = await import_paderborn(rt)
        got = await run_day(rt, date(2012, 6, 22), rec, ("08:00",))
        assert ("gailus", ((ids[F], "due"),)) in [(p, reminded(m)) for p, m in got]
        reply = await press(rt, "gailus", "done", ids[F], "2012-06-22", "15:00")
        assert "der nächste ist am Sonntag, 22. Juli 2012 fällig" in reply
        # 22 July is a Sunday: the due reminder comes on Friday 20 July
        got = await run_day(rt, date(2012, 7, 20), rec, ("08:00",))
        assert ("gailus", ((ids[F], "due"),)) in [(p, reminded(m)) for p, m in got]
        async with rt.uow() as uow:
            events = (await uow.commitments.events([ids[F]]))[ids[F]]
            item = await uow.commitments.get(ids[F])
            assert item is not None and item.status == "open" and item.due == date(2012, 7, 22)
        assert [(e.kind, e.old_due) for e in events if e.kind == "done"] == [
            ("done", date(2012, 6, 22))]


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("FLURFUNK_ACTOR", "FLURFUNK_CONFIG"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("FLURFUNK_DATABASE_URL", settings.db_url)
    monkeypatch.setenv("FLURFUNK_NLU__MODEL_PATH", settings.nlu.model_path)


async def test_tick_on_the_command_line_sends_once(
    settings: Settings, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    async with Runtime(settings, nlu=False) as rt:
        await add_people(rt, at("2012-05-22", "18:00"))
    assert await asyncio.to_thread(main, ["commitments", "import", str(PADERBORN)]) == 0
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["tick", "--now", "2012-05-23T08:05", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    jobs = {j["job"]: j["count"] for j in first["jobs"]}
    assert jobs["commitments.nudge"] == 6 and jobs["commitments.digest"] == 1
    assert first["delivered"] == 7
    assert await asyncio.to_thread(main, ["tick", "--now", "2012-05-23T10:05", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert {j["job"]: j["count"] for j in second["jobs"]}["commitments.nudge"] == 0
    assert second["delivered"] == 0
