"""Two 2027 workshops over Fronleichnam (Baden-Württemberg): weekend due dates,
hand-overs after hours, reminders that stop, one digest per lead and week."""

from __future__ import annotations

import json
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from flows.commitments import service
from flows.commitments.protocol import read_protocol
from flows.commitments.summary import status
from flows.types import Action, Incoming
from storage.models.commitments import Commitment
from tests.chat import FixedParser
from tests.commitments.helpers import DigestNote, Recorder, at, note, reminded
from tests.conftest import CliRun

ORDNUNG = """\
workshop: {name: Klausur Ordnungsamt 2027, date: 2027-05-19, lead: leitung}
commitments:
  - {field: Dienst, title: Dienstplan für den Sommer abstimmen, owners: [kurz], due: 2027-06-05}
  - {field: Dienst, title: Bericht zur Klausur schreiben, owners: [kurz], due: 2027-05-25}
"""
BUERGER = """\
workshop: {name: Klausur Bürgerbüro 2027, date: 2027-05-20, lead: leitung}
commitments:
  - {field: Service, title: Terminbuchung prüfen, owners: [lang], due: 2027-07-30}
"""
PEOPLE = {"kurz": "Karla Kurz", "lang": "Lars Lang", "leitung": "Lea Leitung", "neu": "Nina Neu"}
PLAN, BERICHT, TERMIN = ("Dienstplan für den Sommer abstimmen", "Bericht zur Klausur schreiben",
                         "Terminbuchung prüfen")


async def setup(rt: Runtime, tmp_path: Path) -> dict[str, int]:
    now = at("2027-05-20", "18:00")
    async with rt.uow() as uow:
        for pid, name in PEOPLE.items():
            await uow.people.upsert(pid, now, name=name, locale="de", source="directory")
        for name, text in (("ordnung.yml", ORDNUNG), ("buerger.yml", BUERGER)):
            (tmp_path / name).write_text(text, encoding="utf-8")
            await service.import_rows(uow, read_protocol(tmp_path / name), now, "test")
        await uow.commit()
        return {i.title: i.id for i in await uow.commitments.items()}


async def run_day(rt: Runtime, day: date, rec: Recorder) -> list[tuple[str, dict[str, Any]]]:
    start = len(rec.sent)
    for hm in ("08:00", "08:30", "12:00", "16:30"):
        await rt.jobs.run_due(at(day.isoformat(), hm))
        await rt.sender(rec).drain(at(day.isoformat(), hm))
    return rec.sent[start:]


async def test_weekend_due_dates_stopping_reminders_and_one_digest_per_lead(
        settings: Settings, tmp_path: Path) -> None:
    async with Runtime(settings, nlu=False) as rt:
        rec = Recorder()
        ids = await setup(rt, tmp_path)
        days: dict[date, list[tuple[str, dict[str, Any]]]] = {}
        day = date(2027, 5, 21)
        while day <= date(2027, 6, 25):
            days[day] = await run_day(rt, day, rec)
            day += timedelta(days=1)
    # Friday 4 June: the Saturday due date is announced as such, not as "today"
    (friday,) = [p for who, p in days[date(2027, 6, 4)] if who == "kurz"]
    assert (f"• {PLAN} (Klausur Ordnungsamt 2027): fällig am Samstag, 5. Juni 2027 \u2013 heute "
            "ist der letzte Arbeitstag davor.") in friday["text"]
    assert "heute fällig" not in friday["text"]
    # the overdue report stops after three reminders (26 May, 3 June, 10 June; Fronleichnam and
    # weekends not counted)
    asked = [d for d, msgs in days.items() for who, p in msgs
             if who == "kurz" and (ids[BERICHT], "overdue") in reminded(p)]
    assert asked == [date(2027, 5, 26), date(2027, 6, 3), date(2027, 6, 10)]
    # one digest per week for the lead of both workshops, with both workshops in it
    digests = [(d, p) for d, msgs in days.items() for who, p in msgs
               if who == "leitung" and isinstance(note(p), DigestNote)]
    assert [d for d, _ in digests] == [date(2027, 5, 21), date(2027, 5, 24), date(2027, 5, 31),
                                       date(2027, 6, 7), date(2027, 6, 14), date(2027, 6, 21)]
    for _, p in digests:
        assert "„Klausur Ordnungsamt 2027“" in p["text"] and "„Klausur Bürgerbüro 2027“" in p["text"]
    # each item once, in the first digest after its third overdue reminder (the Dienstplan was
    # asked about on 7, 14 and 21 June)
    stopped = [(d, n.stopped, p["text"]) for d, p in digests
               if isinstance(n := note(p), DigestNote) and n.stopped]
    assert [(d, i) for d, i, _ in stopped] == [(date(2027, 6, 14), (ids[BERICHT],)),
                                               (date(2027, 6, 21), (ids[PLAN],))]
    assert ("Erinnerungen nach 3 unbeantworteten Erinnerungen an Überfälliges eingestellt (bitte "
            f"nachhaken):\n• {BERICHT}") in stopped[0][2]


async def test_a_hand_over_after_hours_waits_and_can_be_declined(
        settings: Settings, tmp_path: Path) -> None:
    async with Runtime(settings, parser=FixedParser()) as rt:
        ids = await setup(rt, tmp_path)
        item = ids[TERMIN]
        evening = at("2027-05-26", "18:40")  # Wednesday evening; Thursday is Fronleichnam

        async def act(user: str, verb: str, when):  # type: ignore[no-untyped-def]
            return (await rt.dispatcher.handle(
                Incoming(user, action=Action(f"commitments:{verb}:{item}", str(item))), when))[0].text

        async def say(user: str, text: str, when):  # type: ignore[no-untyped-def]
            return (await rt.dispatcher.handle(Incoming(user, text), when))[0].text

        async def inbox(user: str) -> list[dict[str, Any]]:
            async with rt.uow() as uow:
                return [dict(m.payload) for m in await uow.inbox.list(user)]

        assert "An wen" in await act("lang", "handover", evening)
        assert "Nina Neu" in await say("lang", "neu", evening)
        await rt.sender().drain(at("2027-05-26", "18:45"))
        await rt.sender().drain(at("2027-05-27", "10:00"))  # Fronleichnam
        assert await inbox("neu") == []
        await rt.sender().drain(at("2027-05-28", "08:00"))
        (got,) = await inbox("neu")
        assert got["text"].startswith("Lars Lang hat Ihnen eine Vereinbarung übergeben:")
        assert [c["label"] for c in got["choices"]] == ["Übernehmen", "Ablehnen"]
        reply = await act("neu", "decline", at("2027-05-28", "17:30"))
        assert reply.startswith("Verstanden: „Terminbuchung prüfen“ geht zurück an Lars Lang")
        assert "finde ich unter Ihren nicht" in await act("neu", "accept", at("2027-05-28", "17:31"))
        await rt.sender().drain(at("2027-05-28", "17:35"))  # after hours: not yet
        assert await inbox("lang") == []
        await rt.sender().drain(at("2027-05-31", "08:00"))
        (back,) = await inbox("lang")
        assert back["text"] == ("Nina Neu kann „Terminbuchung prüfen“ nicht übernehmen; die "
                                "Vereinbarung liegt wieder bei Ihnen.")
        async with rt.uow() as uow:
            row = await uow.commitments.get(item)
            assert row is not None and row.owners == ["lang"]
        # handed over again, the new owner accepts
        await act("lang", "handover", at("2027-05-31", "09:00"))
        await say("lang", "neu", at("2027-05-31", "09:00"))
        assert "gehört jetzt Ihnen" in await act("neu", "accept", at("2027-05-31", "09:05"))
        async with rt.uow() as uow:
            row = await uow.commitments.get(item)
            assert row is not None and row.owners == ["neu"]


@pytest.fixture
def cli(run_cli: CliRun, tmp_path: Path) -> CliRun:
    (tmp_path / "people.yml").write_text(
        "- {id: leitung, name: Lea Leitung, roles: [admin]}\n- {id: kurz, name: Karla Kurz}\n",
        encoding="utf-8")
    assert run_cli("people", "import", str(tmp_path / "people.yml"))[0] == 0
    return run_cli


def test_import_names_owners_and_leads_missing_from_the_directory(
        cli: CliRun, tmp_path: Path) -> None:
    (tmp_path / "b.yml").write_text(BUERGER.replace("lead: leitung", "lead: chefin"),
                                    encoding="utf-8")
    code, out, _ = cli("--as", "leitung", "commitments", "import", str(tmp_path / "b.yml"))
    assert code == 0
    assert out.splitlines()[-1] == (
        "Nicht im Verzeichnis: chefin, lang. Sie bekommen keine Erinnerungen oder Wochenstände, "
        "bis sie mit „flurfunk people import“ übernommen sind (oder korrigieren Sie die Kennungen "
        "im Protokoll).")


class _Parents(HTMLParser):
    """Records the parent element of every <ul>."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ul_parents: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag == "ul":
            self.ul_parents.append(self.stack[-1] if self.stack else "")
        if tag not in {"meta"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()


def test_progress_rounds_half_up() -> None:
    items = [Commitment(id=i, status="done" if i == 1 else "open", due=date(2027, 7, 1))
             for i in range(1, 9)]
    assert status(items, date(2027, 6, 1), 7).progress == 13  # 12.5 %: not 12


def test_list_has_the_history_and_the_report_names_people_in_protocol_order(
        cli: CliRun, tmp_path: Path) -> None:
    (tmp_path / "o.yml").write_text(ORDNUNG.replace("due: 2027-06-05", "due: 2027-07-05"),
                                    encoding="utf-8")
    assert cli("--as", "leitung", "commitments", "import", str(tmp_path / "o.yml"))[0] == 0
    (tmp_path / "o.yml").write_text(ORDNUNG.replace("due: 2027-05-25", "due: 2027-05-28"),
                                    encoding="utf-8")
    assert cli("--as", "leitung", "commitments", "import", str(tmp_path / "o.yml"))[0] == 0
    code, out, _ = cli("--as", "leitung", "commitments", "list", "--json")
    rows = {r["title"]: r for r in json.loads(out)}
    assert [(h["kind"], h["old_due"], h["new_due"]) for h in rows[BERICHT]["history"]] == [
        ("created", None, "2027-05-25"), ("imported", "2027-05-25", "2027-05-28")]
    code, md, _ = cli("--as", "leitung", "commitments", "report", "Klausur Ordnungsamt 2027",
                      "--now", "2027-06-01T09:00")
    assert code == 0 and "  - Wer: Karla Kurz" in md and "kurz," not in md
    assert md.index(PLAN) < md.index(BERICHT)  # protocol order, not by date
    code, page, _ = cli("--as", "leitung", "commitments", "report", "Klausur Ordnungsamt 2027",
                        "--format", "html", "--now", "2027-06-01T09:00")
    parents = _Parents()
    parents.feed(page)
    assert parents.ul_parents and set(parents.ul_parents) == {"body", "li"}
    assert "li" in parents.ul_parents and parents.stack == []


def test_a_protocol_may_say_monatlich(tmp_path: Path) -> None:
    (tmp_path / "m.yml").write_text(
        "workshop: {name: Lenkungsgruppe 2027, date: 2027-05-19}\ncommitments:\n"
        "  - {title: Abstimmungsgespräch, owners: [kurz], due: 2027-06-18, recurrence: Monatlich}\n"
        "  - {title: Rundbrief, owners: [kurz], due: 2027-06-18, recurrence: jeden  Monat}\n",
        encoding="utf-8")
    assert [r.recurrence for r in read_protocol(tmp_path / "m.yml")] == ["monthly", "monthly"]
