"""Whole conversations through the real command line: chat --jsonl, say, inbox, people import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from tests.onboarding.helpers import step

ROOT = Path(__file__).resolve().parents[2]


def run(settings: Settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLURFUNK_")}
    env |= {
        "FLURFUNK_DATABASE_URL": settings.db_url,
        "FLURFUNK_NLU__MODEL_PATH": settings.nlu.model_path,
        "FLURFUNK_VAR_DIR": settings.var_dir,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
        env=env, cwd=ROOT, timeout=120,
    )


@pytest.fixture
def cli(settings: Settings, model: object):  # type: ignore[no-untyped-def]
    return lambda *args, stdin="": run(settings, *args, stdin=stdin)


def test_chat_jsonl_conversation(cli) -> None:  # type: ignore[no-untyped-def]
    lines = ["hallo", "Wie viel darf ich mobil arbeiten?", "1", "Was kostet eine Pizza?", ""]
    out = cli("chat", "--user", "anna.berger", "--jsonl", stdin="\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["text"] for r in records] == lines
    greet, answer, feedback, fallback, empty = (r["replies"] for r in records)
    assert greet[0].startswith("Hallo")
    assert "40 Prozent" in answer[0]
    assert feedback == ["Danke für Ihre Rückmeldung!"]
    assert "weiß ich leider noch nicht" in fallback[0]
    assert "nicht verstanden" in empty[0]


def test_chat_plain_shows_numbered_choices_and_source(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("chat", "--user", "anna.berger", stdin="Wie komme ich per VPN ins Netz?\n")
    assert out.returncode == 0, out.stderr
    assert "VPN" in out.stdout
    assert "[Quelle:" in out.stdout
    assert "1) Hilfreich" in out.stdout and "2) Nicht hilfreich" in out.stdout


def test_say_prints_the_reply_and_exits_zero(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("say", "--user", "anna.berger", "Ich", "brauche", "Hilfe")
    assert out.returncode == 0, out.stderr
    assert "Dabei kann ich Ihnen helfen" in out.stdout


def test_people_import_and_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok = cli("people", "import", str(ROOT / "content" / "demo" / "people.yml"))
    assert ok.returncode == 0, ok.stderr
    assert "6 Personen importiert (6 neu, 0 aktualisiert)" in ok.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,start_date\nx.y,X Y,gestern\n")
    out = cli("people", "import", str(bad))
    assert out.returncode == 2
    assert f"{bad}, Zeile 2, Feld „start_date“" in out.stderr
    assert "Traceback" not in out.stderr


def test_tick_twice_and_inbox(cli) -> None:  # type: ignore[no-untyped-def]
    first = cli("tick", "--now", "2026-09-07T09:05", "--json")
    assert first.returncode == 0, first.stderr
    second = cli("tick", "--now", "2026-09-07T09:05", "--json")
    assert json.loads(second.stdout)["jobs"] == []
    inbox = cli("inbox", "--user", "nobody.here", "--json")  # an unknown id is named (issue 18)
    assert inbox.returncode == 2 and "nobody.here steht nicht im Verzeichnis" in inbox.stderr


def test_bad_now_is_a_clear_error(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("tick", "--now", "Montag früh")
    assert out.returncode == 2 and "--now" in out.stderr and "Traceback" not in out.stderr


async def _queue(settings: Settings, person: str, text: str, choices: list | None = None) -> None:  # type: ignore[type-arg]
    from datetime import UTC, datetime

    from storage import db
    from storage.uow import UnitOfWork

    engine = db.make_engine(settings.db_url)
    async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
        await uow.people.get_or_create(person, datetime.now(UTC))
        await uow.outbox.add(f"test:{text}", [person], {"text": text, "choices": choices or []},
                             datetime.now(UTC))
        await uow.commit()
    await engine.dispose()


async def _delivered(settings: Settings, person: str) -> list[str]:
    from storage import db
    from storage.uow import UnitOfWork

    engine = db.make_engine(settings.db_url)
    async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
        texts = [m.payload["text"] for m in await uow.inbox.list(person)]
    await engine.dispose()
    return texts


async def test_chat_shows_unread_inbox_once(cli, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    await _queue(settings, "anna.berger", "Ihre Mittagsgruppe steht fest.")
    first = cli("chat", "--user", "anna.berger", stdin="")
    assert "Sie haben 1 neue Nachricht:" in first.stdout
    assert "Ihre Mittagsgruppe steht fest." in first.stdout
    second = cli("chat", "--user", "anna.berger", stdin="")
    assert "neue Nachricht" not in second.stdout


async def test_numbers_answer_the_choices_of_an_unread_message(cli, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    feedback = [{"label": "Hilfreich", "action": "faq:feedback:mobile-work-extent", "value": "yes"},
                {"label": "Nicht hilfreich", "action": "faq:feedback:mobile-work-extent", "value": "no"}]
    await _queue(settings, "anna.berger", "Bis zu 40 Prozent mobil.", feedback)
    out = cli("chat", "--user", "anna.berger", stdin="2\n")
    assert "1) Hilfreich" in out.stdout
    assert "Danke. Ich gebe das weiter" in out.stdout  # "2" answered the message: not helpful


async def test_serve_delivers_the_outbox_and_stops_cleanly(settings: Settings, model: object) -> None:
    import asyncio
    import signal

    await _queue(settings, "anna.berger", "Erinnerung")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLURFUNK_")}
    env |= {"FLURFUNK_DATABASE_URL": settings.db_url, "FLURFUNK_NLU__MODEL_PATH": settings.nlu.model_path,
            "FLURFUNK_OUTBOX__INTERVAL_SECONDS": "0.2"}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "serve", env=env, cwd=ROOT,
                                                stderr=asyncio.subprocess.PIPE)
    try:
        for _ in range(150):  # watch the database, not the inbox command (which drains too)
            if await _delivered(settings, "anna.berger"):
                break
            await asyncio.sleep(0.2)
        assert await _delivered(settings, "anna.berger") == ["Erinnerung"]
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()


WEEKS_PEOPLE = """\
- {id: sarah, name: Sarah Personal, department: Personalamt, roles: [admin, hr]}
- {id: bernd, name: Bernd Leiter, department: Sozialamt, roles: [lead], start_date: 2001-03-01}
- {id: clara, name: Clara Alt, department: Sozialamt, lead: bernd, start_date: 2005-01-01}
- {id: lena, name: Lena Neu, department: Sozialamt, lead: bernd, start_date: 2027-03-30}
"""


def test_weeks_around_easter_with_tick_and_chat_now(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "people.yml").write_text(WEEKS_PEOPLE, encoding="utf-8")
    assert cli("people", "import", str(tmp_path / "people.yml")).returncode == 0

    def chat(user: str, now: str, *lines: str) -> list[list[str]]:
        out = cli("chat", "--user", user, "--jsonl", "--now", now, stdin="\n".join(lines) + "\n")
        assert out.returncode == 0, out.stderr
        return [json.loads(line)["replies"] for line in out.stdout.splitlines()]

    def inbox(user: str) -> list[dict]:  # type: ignore[type-arg]
        out = cli("inbox", "--user", user, "--json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    assert cli("tick", "--now", "2027-03-01T10:00").returncode == 0
    (ask,) = inbox("clara")
    assert ask["text"].startswith("Lena Neu beginnt am 30. März 2027 in Ihrer Abteilung.")
    # after "inbox" has shown the question, a typed "Ja, gern" still answers it
    (accepted,) = chat("clara", "2027-03-01T10:30", "Ja, gern")
    assert "bekannt gemacht" in accepted[0]
    assert cli("tick", "--now", "2027-03-24T16:30").returncode == 0
    assert [step(m) for m in inbox("lena") if step(m)] == []
    # Thursday before Good Friday (day -3 is Saturday 27 March, Monday 29 Easter Monday)
    assert cli("tick", "--now", "2027-03-25T09:00").returncode == 0
    welcome = [m for m in inbox("lena") if step(m)]
    assert [step(m) for m in welcome] == ["welcome"]
    assert welcome[0]["delivered_at"].startswith("2027-03-25T08:00")  # 09:00 before the clock change
    assert cli("tick", "--now", "2027-03-31T09:00").returncode == 0  # after it: 07:00 UTC
    assert [step(m) for m in inbox("lena") if step(m)] == [
        "welcome", "first-day", "checklist"]
    (ticked, progress) = chat("lena", "2027-03-31T10:00", "hab meinen ausweis", "Wie weit bin ich?")
    assert ticked[0].startswith("Abgehakt: Dienstausweis abholen. 1 von 6 erledigt")
    assert progress[0].startswith("Ihre Checkliste: 1 von 6 erledigt.")
    say = cli("say", "--user", "clara", "--now", "2027-05-28T10:00",
              "Ich übernehme das Protokoll bis Ende Juni")
    assert say.returncode == 0, say.stderr
    assert "„Protokoll“, fällig am Mittwoch, 30. Juni 2027" in say.stdout
