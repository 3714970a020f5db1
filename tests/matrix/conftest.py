"""One real Synapse per test session; fresh accounts (bot, people) per test. The bot has a
FixedParser: these tests are about Matrix (delivery, encryption, reactions, rooms), not the
classifier."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from bot.adapters.matrix.service import MatrixService
from bot.config import Settings
from bot.runtime import Runtime
from tests.chat import FixedParser
from tests.matrix.people import PersonClient
from tests.matrix.synapse import Synapse, User


@pytest.fixture
def db_url(tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite only here: these tests are about the homeserver; the directory and repositories
    run on PostgreSQL too (tests/flows, tests/storage), and each Synapse test costs seconds."""
    path = tmp_path / "flurfunk.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    hs = Synapse(tmp_path_factory.mktemp("synapse"))
    hs.start()
    try:
        yield hs
    finally:
        hs.stop()


@pytest.fixture
def register(synapse: Synapse) -> Callable[[str], User]:
    """``register("anna")`` -> a new account ``@anna-<random>:flurfunk.test``."""
    return lambda name: synapse.register(f"{name}-{uuid.uuid4().hex[:8]}")


@pytest.fixture
def bot_user(register: Callable[[str], User]) -> User:
    return register("flurfunk")


@pytest.fixture
def matrix_settings(settings: Settings, synapse: Synapse, bot_user: User, tmp_path: Path) -> Settings:
    settings.matrix.homeserver = synapse.url
    settings.matrix.user_id = bot_user.user_id
    settings.matrix.store_dir = str(tmp_path / "var" / "matrix")
    settings.matrix.sync_timeout_ms = 1000
    return settings


@pytest.fixture
async def matrix_bot(matrix_settings: Settings,
                     bot_user: User) -> AsyncIterator[tuple[Runtime, MatrixService]]:
    """The runtime with the Matrix service started in this process (token login), with a
    FixedParser (tests/chat.py): a question is answered by knowledge-base retrieval, another
    intent is given with ``understood(rt, intent)``."""
    async with Runtime(matrix_settings, parser=FixedParser()) as rt:
        service = MatrixService(rt, {"MATRIX_ACCESS_TOKEN": bot_user.access_token})
        try:
            await service.start()
            yield rt, service
        finally:
            await service.stop(grace=2)


@pytest.fixture
async def person(synapse: Synapse, register: Callable[[str], User],
                 tmp_path: Path) -> AsyncIterator[Callable[[str], PersonClient]]:
    """``await person("anna")``: a registered person with their own encrypting client."""
    made: list[PersonClient] = []

    async def make(name: str) -> PersonClient:
        client = await PersonClient.start(synapse.url, register(name), tmp_path / f"client-{name}")
        made.append(client)
        return client

    yield make  # type: ignore[misc]
    for c in made:
        await c.close()
