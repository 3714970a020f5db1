"""Running surveys and their data keys, as the IT sees them: ``flurfunk doctor`` checks the key
directory, a lost key is closed with ``survey close ID --key-lost``, and the questions of a
survey cannot change under an open run."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.doctor import check_survey_keys
from bot.runtime import Runtime
from flows.types import Action
from storage.models.core import AuditEntry, ConversationState
from tests.conftest import CliRun
from tests.survey.helpers import SURVEY, add_people, answer_all, at, create, press, send, staff, write
from tests.survey.test_adversarial import fingerprint


@pytest.fixture
def settings(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Keys outside the folder of the (SQLite) database file, as docs/anonymity.md asks."""
    keys = tmp_path_factory.mktemp("survey-keys") / "keys"
    settings.features["survey"] = {**settings.features["survey"], "key_dir": str(keys)}
    return settings


@pytest.fixture
def cli(run_cli: CliRun, runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> CliRun:
    monkeypatch.setenv("FLURFUNK_FEATURES__SURVEY__KEY_DIR",
                       str(runtime.configs["survey"].keys.directory))
    return run_cli


async def _open_run(rt: Runtime, tmp: Path) -> int:
    """Eight asked; three finish, one stops after a question, one only presses "Teilnehmen"."""
    await add_people(rt, staff({"Sozialamt": 8}), at("2026-08-20"))
    await create(rt, tmp)
    run = await send(rt, "puls", at("2026-09-01"))
    for i in range(1, 4):
        await answer_all(rt, f"sozialamt.{i}", run.id, fingerprint(i), at("2026-09-02"))
    await answer_all(rt, "sozialamt.4", run.id, {"technik": 2}, at("2026-09-07", "16:00"))
    await press(rt, "sozialamt.5", Action("survey:start", str(run.id)), at("2026-09-07", "16:00"))
    return run.id


def _key_file(rt: Runtime, key_id: str) -> Path:
    return Path(rt.configs["survey"].keys.directory) / f"{key_id}.key"


def _chmod(path: Path, mode: int) -> None:
    path.chmod(mode)


def _move(source: Path, target: Path) -> Path:
    return source.rename(target)


# --- survey create --update while a run is open ---------------------------------------------
async def test_questions_cannot_change_under_an_open_run(runtime: Runtime, tmp_path: Path,
                                                         cli: CliRun) -> None:
    await _open_run(runtime, tmp_path)
    changed = write(tmp_path / "changed.yml", SURVEY.replace(
        "Die Technik reicht aus.", "Die Technik ist gut."))
    code, _, err = await asyncio.to_thread(cli, "survey", "create", str(changed), "--update")
    assert code == 2 and "Feld „questions“" in err and "Traceback" not in err
    assert "Die Fragen können nicht geändert werden, solange Durchgang 1 läuft" in err
    fewer = write(tmp_path / "fewer.yml", SURVEY.split("  - id: anmerkung")[0])
    assert (await asyncio.to_thread(cli, "survey", "create", str(fewer), "--update"))[0] == 2
    async with runtime.uow() as uow:
        survey = await uow.survey.get("puls")
        assert survey is not None and len(survey.definition["questions"]) == 4
        assert survey.definition["questions"][0]["text"]["de"] == "Die Technik reicht aus."
    retitled = write(tmp_path / "title.yml", SURVEY.replace("{de: Pulsbefragung,",
                                                            "{de: Pulsbefragung Herbst,"))
    assert (await asyncio.to_thread(cli, "survey", "create", str(retitled), "--update"))[0] == 0
    await runtime.jobs.run_due(at("2026-09-08", "09:15"))  # closed: now the questions may change
    assert (await asyncio.to_thread(cli, "survey", "create", str(changed), "--update"))[0] == 0


# --- survey close ID --key-lost ----------------------------------------------------------------
async def test_a_run_whose_key_is_lost_is_closed_with_key_lost(runtime: Runtime, tmp_path: Path,
                                                               cli: CliRun) -> None:
    run_id = await _open_run(runtime, tmp_path)
    async with runtime.uow() as uow:
        run = await uow.survey.run(run_id)
        assert run is not None and run.key_id
    code, _, err = await asyncio.to_thread(cli, "survey", "close", "puls", "--key-lost")
    assert code == 2 and "Der Schlüssel ist vorhanden, es geht nichts verloren" in err
    _key_file(runtime, run.key_id).unlink()  # the key is lost
    code, _, err = await asyncio.to_thread(cli, "survey", "close", "puls")
    assert code == 2 and "Traceback" not in err
    assert "Sein Schlüssel liegt nicht im Schlüsselverzeichnis" in err and "--key-lost" in err
    async with runtime.uow() as uow:
        assert (await uow.survey.run(run_id)).status == "open"  # type: ignore[union-attr]
        assert len(await uow.survey.sealed_rows(run_id)) == 5
    code, out, err = await asyncio.to_thread(cli, "survey", "close", "puls", "--key-lost")
    assert code == 0, err
    assert out.strip() == (
        "Umfrage „puls“: Durchgang 1 ohne seinen Schlüssel geschlossen. 5 gespeicherte "
        "Antwortdatensätze (angefangen oder abgeschlossen) waren nicht mehr lesbar und wurden "
        "gelöscht; dieser Durchgang hat keine Ergebnisse.")
    async with runtime.uow() as uow:
        closed = await uow.survey.run(run_id)
        assert closed is not None and closed.status == "closed"
        assert await uow.survey.sealed_rows(run_id) == []
        assert await uow.survey.responses(run_id) == []
        assert (await uow.session.scalars(select(ConversationState))).all() == []
        parts = await uow.survey.participations_of("sozialamt.4")
        assert [p.responded for _, p in parts] == [False]
        audit = [(a.action, a.target) for a in (await uow.session.scalars(
            select(AuditEntry).order_by(AuditEntry.id))).all()]
    assert ("survey.close.key_lost", "puls run 1: 5 unreadable") in audit
    code, out, _ = await asyncio.to_thread(cli, "survey", "results", "puls", "--json")
    assert code == 0 and '"withheld": true' in out


# --- flurfunk doctor ----------------------------------------------------------------------------
async def test_doctor_checks_the_key_directory(runtime: Runtime, settings: Settings,
                                               tmp_path: Path) -> None:
    keys = Path(runtime.configs["survey"].keys.directory)
    check = await check_survey_keys(settings)
    assert check.ok and "gibt es noch nicht" in check.detail  # nothing sent yet
    run_id = await _open_run(runtime, tmp_path)
    check = await check_survey_keys(settings)
    assert check.ok and "Schlüssel aller 1 laufenden Durchgänge vorhanden" in check.detail
    _chmod(keys, 0o755)
    check = await check_survey_keys(settings)
    assert not check.ok and "für andere Konten lesbar (Rechte 755)" in check.detail
    assert check.fix == f"ausführen: chmod 700 {keys}"
    _chmod(keys, 0o700)
    async with runtime.uow() as uow:
        run = await uow.survey.run(run_id)
        assert run is not None and run.key_id
    moved = _move(_key_file(runtime, run.key_id), tmp_path / "elsewhere.key")
    check = await check_survey_keys(settings)
    assert not check.ok and f"Durchgänge {run_id} fehlt in {keys}" in check.detail
    assert "--key-lost" in check.fix
    _move(moved, _key_file(runtime, run.key_id))
    _move(keys, tmp_path / "gone")
    check = await check_survey_keys(settings)
    assert not check.ok and "fehlt, aber 1 Umfrage-Durchgang" in check.detail
    _move(tmp_path / "gone", keys)
    assert (await check_survey_keys(settings)).ok


async def test_doctor_refuses_keys_inside_the_database_directory(
        runtime: Runtime, settings: Settings) -> None:
    if runtime.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's data_directory is elsewhere on this machine")
    database = runtime.engine.url.database
    assert database is not None
    inside = Path(database).parent / "survey-keys"
    await asyncio.to_thread(inside.mkdir, mode=0o700)
    settings.features["survey"] = {**settings.features["survey"], "key_dir": str(inside)}
    check = await check_survey_keys(settings)
    assert not check.ok and "liegt im Verzeichnis der Datenbank" in check.detail
