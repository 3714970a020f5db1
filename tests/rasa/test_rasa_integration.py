"""Real Rasa: set up (reusing the cached venv), train from the shared data, serve on a free port,
answer German questions through the bot, and survive the server being killed mid-conversation.
``flurfunk rasa serve`` itself: stopped while Rasa loads, Rasa killed when ready, a dashed token."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from bot import rasa_manager, rasa_process, rasa_token
from bot.config import Settings
from bot.doctor import check_rasa
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
    async with Runtime(rasa_settings) as rt:
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


class Serve:
    """``flurfunk rasa serve`` as an operator runs it, with its own environment."""

    def __init__(self, settings: Settings, tmp_path: Path, token: str = "") -> None:
        self.port = free_port()
        self.out, self.err = tmp_path / "stdout", tmp_path / "stderr"
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLURFUNK_")}
        env |= {"FLURFUNK_CONFIG": str(tmp_path / "none.toml"), "FLURFUNK_VAR_DIR": settings.var_dir,
                "FLURFUNK_CONTENT_DIR": str(ROOT / "content")}
        if token:
            env["FLURFUNK_NLU__RASA_TOKEN"] = token
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "bot", "rasa", "serve", "--port",
                                          str(self.port)], cwd=ROOT, env=env, stdout=out, stderr=err)

    def until(self, condition: Callable[[], bool], timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.proc.poll() is None, self.err.read_text()
            assert time.monotonic() < deadline, self.err.read_text()
            time.sleep(0.2)

    def processes(self) -> list[psutil.Process]:
        return [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(recursive=True)]

    def launcher_started(self) -> bool:
        return any("rasa_launcher.py" in " ".join(p.cmdline()) for p in self.processes())

    def kill(self) -> None:
        """Teardown after a failed assertion: nothing leaks into the rest of the suite."""
        if self.proc.poll() is None:
            procs = self.processes()
            for p in procs:
                p.kill()
            self.proc.wait()


@pytest.fixture
def cli(rasa_settings: Settings, rasa_model: Path, tmp_path: Path) -> Iterator[Callable[..., Serve]]:
    started: list[Serve] = []

    def start(token: str = "") -> Serve:
        started.append(Serve(rasa_settings, tmp_path, token))
        return started[-1]

    yield start
    for serve in started:
        serve.kill()


def no_survivors(procs: list[psutil.Process]) -> bool:
    _, alive = psutil.wait_procs(procs, timeout=15)
    for p in alive:
        p.kill()
    return not alive


def test_real_rasa_sigterm_while_loading_stops_it_and_the_token_is_not_in_ps(
    rasa_settings: Settings, cli: Callable[..., Serve]
) -> None:
    serve = cli()  # no nlu.rasa_token: the token file, as by default
    serve.until(serve.launcher_started)  # Rasa loads its model
    procs = serve.processes()
    assert not serve.out.read_text()  # not ready yet
    token = rasa_token.read_stored(rasa_settings)
    assert token and not [p for p in procs if token in " ".join(p.cmdline())]
    serve.proc.send_signal(signal.SIGTERM)
    assert serve.proc.wait(60) == 0
    assert no_survivors(procs)
    assert not rasa_process.port_in_use(serve.port)


async def test_real_rasa_takes_a_dashed_token_and_its_death_is_an_error(
    rasa_settings: Settings, cli: Callable[..., Serve]
) -> None:
    dashed = "-leading-dash-token-0123456789"  # one stored token in 64 looked like this
    serve = cli(token=dashed)
    serve.until(lambda: f"127.0.0.1:{serve.port}" in serve.out.read_text())  # ready
    settings = Settings(var_dir=rasa_settings.var_dir)
    settings.nlu.backend, settings.nlu.rasa_token = "rasa", dashed
    settings.nlu.rasa_url = f"http://127.0.0.1:{serve.port}"
    check = await check_rasa(settings)
    assert check.ok and "nlu.rasa_token" in check.detail, check
    procs = serve.processes()
    [rasa] = psutil.Process(serve.proc.pid).children()
    rasa.kill()  # Rasa dies on its own (OOM killer, a crash)
    assert serve.proc.wait(60) == 2  # not 0: systemd's Restart=on-failure restarts it
    err = serve.err.read_text()
    assert "unerwartet beendet" in err and str(rasa_manager.server_log(rasa_settings)) in err, err
    assert no_survivors(procs)


def test_weakened_rasa_run_with_the_token_on_its_command_line_refuses_a_dashed_token(
    rasa_settings: Settings, rasa_model: Path
) -> None:
    """The set-up before issue 20: ``rasa run --auth-token <token>`` exits 2."""
    venv = rasa_manager.venv_dir(rasa_settings)
    result = subprocess.run([str(rasa_manager.rasa_python(venv)), "-m", "rasa", "run", "--enable-api",
                             "--auth-token", "-leading-dash-token-0123456789", "-m", str(rasa_model)],
                            env=rasa_manager.rasa_env(rasa_settings), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 2 and "--auth-token" in result.stderr, result.stderr[-500:]
