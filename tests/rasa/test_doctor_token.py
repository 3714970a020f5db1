"""``flurfunk doctor`` checks Rasa with the token Rasa was started with and names its source;
against the fake Rasa (tests/rasa/fake_rasa.py), which answers 401 to any other token as Rasa does."""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot import rasa_manager, rasa_process, rasa_token
from bot.config import Settings
from bot.doctor import _rasa_status, check_rasa
from bot.rasa_process import Child

FAKE = Path(__file__).with_name("fake_rasa.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def settings_for(tmp_path: Path, port: int, configured: str = "") -> Settings:
    s = Settings(var_dir=str(tmp_path / "var"))
    s.nlu.backend, s.nlu.rasa_url, s.nlu.rasa_token = "rasa", f"http://127.0.0.1:{port}", configured
    return s


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Settings, str]]:
    """The fake Rasa, started with the token file's token (what ``rasa serve`` does by default)."""
    port = free_port()
    s = settings_for(tmp_path, port)
    token = rasa_manager.token(s)  # creates the file
    proc = rasa_process.spawn(Child([sys.executable, str(FAKE), "--markers", str(tmp_path), "serve",
                                     str(port), "0"], tmp_path, tmp_path / "server.log", stdin=token))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/status", timeout=1, trust_env=False)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        yield s, token
    finally:
        rasa_process.stop_group(proc)


async def test_doctor_uses_the_token_file_and_says_so(served: tuple[Settings, str]) -> None:
    s, _ = served
    check = await check_rasa(s)
    assert check.ok, check
    assert f"Token aus der Token-Datei {rasa_token.token_path(s)}" in check.detail
    # the weakened doctor (before issue 20) sent nlu.rasa_token, empty by default: refused
    assert (await _rasa_status(s.nlu.rasa_url, s.nlu.rasa_token)).status_code == 401


async def test_a_configured_token_rasa_was_not_started_with_is_diagnosed(
    served: tuple[Settings, str], tmp_path: Path
) -> None:
    s, _ = served
    s.nlu.rasa_token = "a-token-only-the-bot-has-0123456789"
    check = await check_rasa(s)
    assert not check.ok
    assert "lehnt das Token des Bots aus nlu.rasa_token" in check.detail
    assert f"mit dem Token aus der Token-Datei {rasa_token.token_path(s)} gestartet" in check.detail


async def test_a_wrong_token_without_an_alternative_says_401(served: tuple[Settings, str]) -> None:
    s, _ = served
    rasa_token.token_path(s).unlink()
    s.nlu.rasa_token = "a-token-only-the-bot-has-0123456789"
    check = await check_rasa(s)
    assert not check.ok and "(HTTP 401)" in check.detail and "nlu.rasa_token" in check.detail


async def test_no_token_at_all_is_named_with_its_path(tmp_path: Path) -> None:
    s = settings_for(tmp_path, free_port())
    check = await check_rasa(s)
    assert not check.ok and str(rasa_token.token_path(s)) in check.detail
    assert not rasa_token.token_path(s).exists()  # doctor only looks
