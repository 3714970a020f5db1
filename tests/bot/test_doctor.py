"""``flurfunk doctor`` finds what is wrong and says how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.doctor import check_content_and_model, check_database, check_rasa, run_checks
from bot.runtime import Runtime


async def test_healthy_installation(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    checks = await run_checks(runtime.settings)
    assert [(c.name, c.ok) for c in checks] == [
        ("database", True), ("outbox", True), ("survey keys", True), ("catalogs", True),
        ("nlu model", True), ("rasa", True),
        ("slack", True), ("matrix", True)]


async def test_empty_database_needs_upgrade(tmp_path: Path) -> None:
    s = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    check = await check_database(s)
    assert not check.ok and check.fix == "run: flurfunk db upgrade"


async def test_unreachable_database(tmp_path: Path) -> None:
    s = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none")
    check = await check_database(s)
    assert not check.ok and "cannot connect" in check.detail


async def test_missing_model(tmp_path: Path) -> None:
    s = Settings()
    s.nlu.model_path = str(tmp_path / "none.pkl")
    check = await check_content_and_model(s)
    assert not check.ok and check.fix == "run: flurfunk nlu train"


async def test_rasa_down_is_reported(tmp_path: Path) -> None:
    s = Settings(var_dir=str(tmp_path))
    s.nlu.backend, s.nlu.rasa_url, s.nlu.rasa_token = "rasa", "http://127.0.0.1:9", "t" * 32
    check = await check_rasa(s)
    assert not check.ok and "nicht erreichbar" in check.detail
    assert check.fix == "ausführen: flurfunk rasa serve"
