"""The breaking inputs of issue 18, each through the real command line: a German message naming
file, line and field (or the setting), exit 2, no traceback, and the database unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from storage import db
from storage.base import Base
from tests.conftest import ROOT, CliRun

PEOPLE = str(ROOT / "content" / "demo" / "people.yml")
HEAD = "id,name,email,department,site,lead,locale,start_date,slack_id,roles\n"


def table_counts(url: str) -> dict[str, int]:
    """Rows per table: the database 'unchanged' check."""
    async def go() -> dict[str, int]:
        engine = db.make_engine(url)
        try:
            async with engine.connect() as conn:
                return {t.name: int((await conn.execute(select(func.count()).select_from(t))).scalar_one())
                        for t in Base.metadata.sorted_tables}
        finally:
            await engine.dispose()
    return asyncio.run(go())


@pytest.fixture
def refused(run_cli: CliRun, settings: Settings) -> Callable[..., str]:
    """Run the command, assert it is refused cleanly and wrote nothing; return stderr."""
    def check(*argv: str) -> str:
        before = table_counts(settings.db_url)
        code, _, err = run_cli(*argv)
        assert code == 2, err
        assert "Traceback" not in err and err.startswith("flurfunk: ")
        after = table_counts(settings.db_url)
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        assert set(changed) <= {"audit_log"}, changed  # a refusal may be audited, nothing else
        return err
    return check


def _file(tmp_path: Path, name: str, text: str | bytes) -> str:
    f = tmp_path / name
    f.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(f)


def _person(**fields: str) -> str:
    return "people:\n  - " + "\n    ".join(f"{k}: {v}" for k, v in
                                          {"id": "x.y", "name": "X Y", **fields}.items()) + "\n"


PEOPLE_FILES = [
    # (name, content, words in the German message)
    ("date.yml", _person(start_date="2027-02-31"),
     "Zeile 4, Feld „start_date“: dieses Datum gibt es nicht"),
    ("pyobj.yml", "- !!python/object/apply:os.system [echo hi]\n", "Zeile 1: der Typ"),
    ("roles.yml", _person(roles="[[admin]]"), "Feld „roles[0]“"),
    ("slack.yml", _person(slack_id="U1") + "  - id: b.c\n    name: B C\n    slack_id: U1\n",
     "Zeile 5, Feld „slack_id“: U1 steht schon in Zeile 2"),
    ("name.yml", _person(name="N" * 201), "Feld „name“: länger als 200 Zeichen"),
    ("dept.yml", _person(department="D" * 121), "Feld „department“: länger als 120 Zeichen"),
    ("email.yml", _person(email="e" * 250 + "@x.de"), "Feld „email“: länger als 254 Zeichen"),
    ("slackid.yml", _person(slack_id="U" * 33), "Feld „slack_id“: länger als 32 Zeichen"),
    ("id.yml", _person(id="i" * 65), "Feld „id“: länger als 64 Zeichen"),
    ("nul.yml", _person(name='"An\\0na"'), "Feld „name“: enthält Steuerzeichen"),
    ("quote.csv", HEAD + 'a.b,"Anna,,,,,,,,\n' + "".join(f"p{i},P{i}\n" for i in range(4, 11)),
     "Zeile 2: ein Anführungszeichen"),
    ("lead.yml", _person(lead="niemand"), "Feld „lead“: niemand steht weder in dieser Datei"),
    ("empty.csv", "", "die Datei ist leer"),
    ("header.csv", HEAD, "keine Zeilen unter der Kopfzeile"),
    ("list.yml", _person(name="[Anna, Berger]"), "Feld „name“: erwartet wird ein Text"),
    ("dupkey.yml", "people:\n  - id: a\n    name: A\n    name: B\n",
     "Zeile 4: der Schlüssel name kommt zweimal vor"),
    ("bomb.yml", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n" * 1,
     "Zeile 1: Anker und Aliasse"),
    ("extra.csv", HEAD + "".join(f"p{i},P{i}\n" for i in range(2, 11)) + "p11,P11,,,,,,,,,zuviel\n",
     "Zeile 11: 11 Felder"),
    ("latin1.yml", "people:\n  - id: j\n    name: Jörg\n".encode("latin-1"),
     "Zeile 3: nicht lesbare Zeichen"),
]


@pytest.mark.parametrize(("name", "content", "words"), PEOPLE_FILES, ids=[p[0] for p in PEOPLE_FILES])
def test_people_files_are_refused_with_file_line_field(refused, tmp_path: Path, name: str,
                                                       content: str, words: str) -> None:
    err = refused("people", "import", _file(tmp_path, name, content))
    assert words in err and name in err


def _name(url: str, person_id: str) -> tuple[str, str | None]:
    from storage.models.core import Person

    async def go() -> tuple[str, str | None]:
        engine = db.make_engine(url)
        try:
            async with engine.connect() as conn:
                row = (await conn.execute(select(Person.name, Person.department)
                                          .where(Person.id == person_id))).one()
                return row[0], row[1]
        finally:
            await engine.dispose()
    return asyncio.run(go())


def test_cp1252_and_semicolon_csv_are_read(run_cli: CliRun, settings: Settings, tmp_path: Path) -> None:
    text = HEAD.replace(",", ";") + "j.b;Jörg Bäß;;Straßenbau;Rathaus;;de;2026-09-01;;\n"
    code, _, err = run_cli("people", "import", _file(tmp_path, "excel.csv", text.encode("cp1252")))
    assert code == 0, err
    assert _name(settings.db_url, "j.b") == ("Jörg Bäß", "Straßenbau")


def test_ids_differing_only_in_case_and_someone_elses_slack_id(run_cli: CliRun, refused,
                                                                tmp_path: Path) -> None:
    assert run_cli("people", "import", _file(tmp_path, "a.yml", _person(slack_id="U1")))[0] == 0
    err = refused("people", "import", _file(tmp_path, "b.yml", _person(id="X.Y")))
    assert "X.Y steht im Verzeichnis schon als x.y" in err
    err = refused("people", "import", _file(tmp_path, "c.yml", _person(id="z.z", slack_id="U1")))
    assert "U1 gehört im Verzeichnis zu x.y" in err


COMMITMENTS = """workshop: {name: W, date: 2012-06-01, lead: a}
commitments:
  - title: T
    owners: [a]
    due: DUE
"""


@pytest.mark.parametrize(("due", "words"), [
    ("2012-09-31", "c.yml, Zeile 5, Feld „due“: dieses Datum gibt es nicht: 2012-09-31"),
    ("{a: b}", "c.yml, Zeile 5, Feld „due“: erwartet wird ein Text"),
    ("31.09.2012", "c.yml, Zeile 5, Feld „due“: dieses Datum gibt es nicht: 31.09.2012"),
])
def test_commitments_impossible_date_and_wrong_shape(refused, tmp_path: Path, due: str, words: str) -> None:
    err = refused("commitments", "import", _file(tmp_path, "c.yml", COMMITMENTS.replace("DUE", due)))
    assert words in err


def test_commitments_bomb_and_mapping_as_text(refused, tmp_path: Path) -> None:
    bomb = ("x: &a [1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            + COMMITMENTS.replace("DUE", "3 Tage"))
    assert "Anker und Aliasse" in refused("commitments", "import", _file(tmp_path, "b.yml", bomb))
    leak = COMMITMENTS.replace("DUE", "3 Tage").replace("title: T", "title: {x: 1}")
    assert "l.yml, Zeile 3, Feld „title“: erwartet wird ein Text" in refused("commitments", "import",
                                                       _file(tmp_path, "l.yml", leak))


def test_commitments_csv_extra_field_names_its_line(refused, tmp_path: Path) -> None:
    text = ("workshop;workshop_date;title;owners;due\nW;2012-06-01;T;a;3 Tage\n"
            "W;2012-06-01;U;a;3 Tage;zuviel\n")
    err = refused("commitments", "import", _file(tmp_path, "c.csv", text))
    assert "Zeile 3: 6 Felder, aber die erste Zeile nennt 5 Spalten" in err


def test_survey_impossible_once_and_unknown_department(run_cli: CliRun, refused, tmp_path: Path) -> None:
    assert run_cli("people", "import", PEOPLE)[0] == 0
    text = (ROOT / "content" / "surveys" / "mobiles-arbeiten.yml").read_text(encoding="utf-8")
    once = text.replace('cron: "0 9 1 * *"', "once: 2027-02-31T09:00")
    err = refused("--as", "sarah.miller", "survey", "create", _file(tmp_path, "s.yml", once))
    assert "schedule.once" in err
    dept = text.replace("audience: everyone", "audience:\n  departments: [Raumfahrtamt]")
    err = refused("--as", "sarah.miller", "survey", "create", _file(tmp_path, "d.yml", dept))
    assert "Raumfahrtamt" in err
    _, out, _ = run_cli("--as", "sarah.miller", "privacy", "audit", "--json")
    assert '"survey.create:failed"' in out  # not logged as if it had happened
    refused("--as", "sarah.miller", "survey", "send", "gibtsnicht")
    _, out, _ = run_cli("--as", "sarah.miller", "privacy", "audit", "--json")
    assert '"survey.send:failed"' in out and '"survey.send"' not in out


@pytest.mark.parametrize("user", ["a b", "", "u" * 500, "\udcff\udcfe", "anna\x00"])
def test_refused_user_ids_leave_no_trace(refused, user: str) -> None:
    err = refused("say", "--user", user, "Hallo")
    assert "--user" in err and "keine Personenkennung" in err
    refused("chat", "--user", user)


def test_unknown_ids_are_named(refused) -> None:
    assert "niemand steht nicht im Verzeichnis" in refused("inbox", "--user", "niemand")
    assert "gibtsnicht" in refused("survey", "send", "gibtsnicht")


def test_now_out_of_range(refused) -> None:
    assert "zwischen 2000 und 2099" in refused("tick", "--now", "0001-01-01T00:00")
    assert "zwischen 2000 und 2099" in refused("tick", "--now", "9999-12-31T23:59-14:00")
    assert "kein ISO-Zeitpunkt" in refused("tick", "--now", "morgen")


CONFIGS = [
    ("tz.toml", "[calendar]\ntimezone = 5\n", "Feld „calendar.timezone“: erwartet wird ein Text"),
    ("mars.toml", '[calendar]\ntimezone = "Mars/Olympus"\n', "unbekannte Zeitzone 'Mars/Olympus'"),
    ("moved.toml", 'timezone = "Europe/Berlin"\n', "Abschnitt [calendar]"),
    ("lunch.toml", "[features.lunch]\ngroup_size = 9\n",
     "Feld „features.lunch.group_size“: muss zwischen 2 und 4 liegen"),
    ("latin1.toml", "# Größe\n".encode("latin-1"), "Zeile 1: nicht lesbare Zeichen"),
    ("utf16.toml", 'default_locale = "de"\n'.encode("utf-16"), "nicht lesbare Zeichen"),
    ("cron.toml", '[jobs]\n"lunch.run_round" = "99 * * * *"\n',
     "Feld „jobs.lunch.run_round“: kein Cron-Ausdruck"),
    ("cron6.toml", '[jobs]\n"lunch.run_round" = "0 9 * * mon *"\n', "kein Cron-Ausdruck"),
    ("thr.toml", "[nlu]\nthreshold = [1]\n", "Feld „nlu.threshold“: erwartet wird eine Zahl"),
    ("thr2.toml", "[nlu]\nthreshold = 7\n", "muss zwischen 0.0 und 1.0 liegen"),
    ("unknown.toml", "[nonsense]\nx = 1\n", "unbekannte Einstellung 'nonsense'"),
    ("feature.toml", "[features.lunchh]\nx = 1\n", "unbekannte Funktion 'lunchh'"),
    ("job.toml", '[jobs]\n"lunch.nope" = "0 9 * * *"\n', "unbekannter Job 'lunch.nope'"),
]


@pytest.mark.parametrize(("name", "content", "words"), CONFIGS, ids=[c[0] for c in CONFIGS])
def test_bad_settings_are_refused_before_any_job_runs(refused, tmp_path: Path, name: str,
                                                      content: str | bytes, words: str) -> None:
    err = refused("--config", _file(tmp_path, name, content), "tick", "--now", "2026-09-07T10:00")
    assert words in err  # refused() also shows that no job_run row was written


def test_config_path_missing_or_a_folder(refused, tmp_path: Path) -> None:
    assert "Konfigurationsdatei nicht gefunden" in refused("--config", str(tmp_path / "gibtsnicht.toml"),
                                                          "tick")
    assert "Ordner" in refused("--config", str(tmp_path), "tick")


def test_database_url_and_a_server_that_is_down(refused, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLURFUNK_DATABASE_URL", "datenbank")
    assert "FLURFUNK_DATABASE_URL, Feld „database_url“: keine Datenbankadresse" in refused("tick")
    monkeypatch.setenv("FLURFUNK_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:9/x")
    assert "die Datenbank ist nicht erreichbar" in refused("tick")


def test_environment_values_get_the_settings_type(run_cli: CliRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLURFUNK_FEATURES__COMMITMENTS__BEFORE_DAYS", "2")
    monkeypatch.setenv("FLURFUNK_OUTBOX__BATCH", "20")
    code, _, err = run_cli("tick", "--now", "2026-09-07T10:00")
    assert code == 0, err


def test_english_installation_gets_english_messages(refused, tmp_path: Path) -> None:
    cfg = _file(tmp_path, "en.toml", 'default_locale = "en"\n')
    bad = _file(tmp_path, "d.yml", _person(start_date="2027-02-31"))
    err = refused("--config", cfg, "people", "import", bad)
    assert "line 4, field 'start_date': no such date: 2027-02-31" in err
