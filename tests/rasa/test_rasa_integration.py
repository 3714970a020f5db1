"""Real Rasa: set up (reusing the cached venv), train from the shared data, serve on a free port,
answer German questions through the bot, and survive the server being killed mid-conversation."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import rasa_manager, rasa_process
from bot.config import Settings
from bot.runtime import Runtime
from flows import all_features
from flows.types import Incoming
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def rasa_settings(tmp_path_factory: pytest.TempPathFactory, model_path: Path) -> Settings:
    var = tmp_path_factory.mktemp("rasa-var")
    s = Settings(database_url=f"sqlite+aiosqlite:///{var / 'db.sqlite'}", var_dir=str(var),
                 content_dir=str(ROOT / "content"))
    s.nlu.model_path = str(model_path)
    s.nlu.backend, s.nlu.rasa_token = "rasa", "test-token"
    s.nlu.rasa_timeout = 2.0  # generous on a loaded CI machine; the default is 0.3 s
    return s


@pytest.fixture(scope="module")
def rasa_model(rasa_settings: Settings) -> Path:
    model, _ = rasa_manager.train(rasa_settings, all_features(ROOT / "content"))
    return model


def serve(settings: Settings, model: Path) -> subprocess.Popen[bytes]:
    port = free_port()
    settings.nlu.rasa_url = f"http://127.0.0.1:{port}"
    proc = rasa_manager.start_server(settings, model, port)
    rasa_manager.wait_ready(settings, settings.nlu.rasa_url, "test-token", proc, timeout=180)
    return proc


@pytest.fixture
def rasa_server(rasa_settings: Settings, rasa_model: Path) -> Iterator[subprocess.Popen[bytes]]:
    proc = serve(rasa_settings, rasa_model)
    try:
        yield proc
    finally:
        rasa_process.stop_group(proc, grace=30)


def test_setup_reuses_the_venv(rasa_settings: Settings, rasa_model: Path) -> None:
    venv, reused = rasa_manager.setup(rasa_settings)
    assert reused and rasa_manager.installed_version(venv) == rasa_manager.RASA_VERSION
    assert rasa_model.exists()
    _, trained_again = rasa_manager.train(rasa_settings, all_features(ROOT / "content"))
    assert trained_again is False  # same data and config: the model is reused


async def test_answers_german_questions_and_survives_a_kill(
    rasa_settings: Settings, rasa_server: subprocess.Popen[bytes], model: object
) -> None:
    rt = await Runtime.start(rasa_settings)
    try:
        for question, fact in [("Wie viel darf ich mobil arbeiten?", "40 Prozent"),
                               ("Wie komme ich von zuhause ins Netz?", "VPN"),
                               ("Was passiert an meinem ersten Arbeitstag?", "Dienstausweis")]:
            parse = await rt.parser.parse(question, "de")
            assert parse.source == "rasa", question
            [reply] = await rt.dispatcher.handle(Incoming("anna", question), NOW)
            assert fact in reply.text, question
        [oos] = await rt.dispatcher.handle(Incoming("anna", "Wie wird das Wetter morgen?"), NOW)
        assert oos.kind == "fallback"

        rasa_server.kill()  # mid-conversation
        rasa_server.wait(30)
        [reply] = await rt.dispatcher.handle(Incoming("anna", "Wie viel darf ich mobil arbeiten?"), NOW)
        assert "40 Prozent" in reply.text and reply.kind == "faq"
        assert (await rt.parser.parse("vpn von zuhause", "de")).source == "embedded"
    finally:
        await rt.stop()
