"""``flurfunk doctor`` finds what is wrong and says how to fix it."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from bot.config import Settings
from bot.doctor import NAMES, Check, as_lines, check_content_and_model, check_database, check_rasa, run_checks
from bot.i18n import Translations
from bot.runtime import Runtime, load_training_data
from flows import all_features
from nlu.embedded import fingerprint


def _current_model_file(settings: Settings) -> None:
    """What the doctor reads of a trained model: its training data's fingerprint (training the
    classifier is tests/nlu/'s business, not the doctor's)."""
    data = load_training_data(all_features(settings.path(settings.content_dir)))
    settings.nlu.model_path = str(Path(settings.var_dir) / "nlu" / "embedded.pkl")  # not the session's
    path = settings.path(settings.nlu.model_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"fingerprint": fingerprint(data)}))


async def test_healthy_installation(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    _current_model_file(runtime.settings)
    checks = await run_checks(runtime.settings)
    assert [(c.name, c.ok) for c in checks] == [
        ("database", True), ("outbox", True), ("survey keys", True), ("catalogs", True),
        ("nlu model", True), ("rasa", True),
        ("slack", True), ("matrix", True)]


def test_the_report_names_checks_in_german() -> None:
    t = Translations(default="de").for_locale(None)
    checks = [Check("nlu model", False, "noch nicht trainiert", "ausführen: flurfunk nlu train"),
              Check("survey keys", True, "vorhanden")]
    assert as_lines(checks, t) == [
        "BEHEBEN  Sprachmodell: noch nicht trainiert\n         -> ausführen: flurfunk nlu train",
        "OK       Umfrageschlüssel: vorhanden"]
    assert all(t.gettext(name) != name for name in NAMES)  # every name translated
    english = Translations(default="en").for_locale("en")
    assert as_lines(checks[1:], english) == ["OK   survey keys: vorhanden"]


async def test_every_check_has_a_name_the_report_translates(runtime: Runtime) -> None:
    assert {c.name for c in await run_checks(runtime.settings)} <= set(NAMES)


async def test_empty_database_needs_upgrade(tmp_path: Path) -> None:
    s = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    check = await check_database(s)
    assert not check.ok and check.fix == "ausführen: flurfunk db upgrade"
    assert check.detail.startswith("ausstehende Migrationen: ")
    s.default_locale = "en"  # an English installation reads English
    assert (await check_database(s)).fix == "run: flurfunk db upgrade"


async def test_unreachable_database(tmp_path: Path) -> None:
    s = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none")
    check = await check_database(s)
    assert not check.ok and check.detail.startswith("keine Verbindung: ")
    assert check.fix == "database_url / FLURFUNK_DATABASE_URL prüfen und ob der Server läuft"


async def test_missing_model(tmp_path: Path) -> None:
    s = Settings()
    s.nlu.model_path = str(tmp_path / "none.pkl")
    check = await check_content_and_model(s)
    assert (check.ok, check.detail, check.fix) == (False, "noch nicht trainiert",
                                                   "ausführen: flurfunk nlu train")


def _broken_content(tmp_path: Path) -> tuple[Path, Path]:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", content)
    kb = content / "kb" / "de.yml"
    text = kb.read_text(encoding="utf-8")
    assert "reviewed: '2026-11-22'" in text  # the entry format quotes its dates
    kb.write_text(text.replace("reviewed: '2026-11-22'", "reviewed: '2026-02-31'", 1),
                  encoding="utf-8")
    return content, kb


async def test_broken_content_is_named_in_german(tmp_path: Path) -> None:
    """A broken content file: the doctor names file, line and field, as the importers do."""
    content, kb = _broken_content(tmp_path)
    check = await check_content_and_model(Settings(content_dir=str(content)))
    assert not check.ok and check.name == "content"
    assert check.detail == f"{kb}, Zeile 43, Feld „reviewed“: dieses Datum gibt es nicht: 2026-02-31"
    assert check.fix == "die oben genannte Datei korrigieren"


async def test_rasa_down_is_reported(tmp_path: Path) -> None:
    s = Settings(var_dir=str(tmp_path))
    s.nlu.backend, s.nlu.rasa_url, s.nlu.rasa_token = "rasa", "http://127.0.0.1:9", "t" * 32
    check = await check_rasa(s)
    assert not check.ok and "nicht erreichbar" in check.detail
    assert check.fix == "ausführen: flurfunk rasa serve"
