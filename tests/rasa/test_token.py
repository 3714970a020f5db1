"""The Rasa token: never taken for an option, never on a command line, 0600 from its first byte,
and an old stored token that starts with ``-`` (it never let Rasa start) is replaced."""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

import pytest

from bot import rasa_manager, rasa_token
from bot.config import Settings


def make(tmp_path: Path, configured: str = "") -> Settings:
    s = Settings(var_dir=str(tmp_path))
    s.nlu.rasa_token = configured
    return s


def rasa_run_parser() -> argparse.ArgumentParser:
    """The shape of ``rasa run``'s parser (rasa/cli/arguments/run.py: --auth-token takes one
    value); argparse refuses a value that looks like an option, as Rasa did with exit code 2."""
    p = argparse.ArgumentParser(exit_on_error=False)
    p.add_argument("--auth-token", type=str)
    p.add_argument("-p", "--port", type=int)
    return p


def test_generated_tokens_are_never_taken_for_options() -> None:
    for _ in range(2000):  # the old generator gave about 31 bad tokens in 2000
        token = rasa_token.new_token()
        assert token[0] != "-" and set(token) <= set("0123456789abcdef") and len(token) == 64
        assert rasa_run_parser().parse_args(["--auth-token", token]).auth_token == token


def test_the_old_generator_made_tokens_rasa_could_not_take() -> None:
    """The weakened set-up: secrets.token_urlsafe gives a leading '-' in one token of 64."""
    with pytest.raises(argparse.ArgumentError):
        rasa_run_parser().parse_args(["--auth-token", "-Qx3yQ2wL0cV7iK9aPb_4m-0eRt6uYhN"])


def test_a_stored_token_starting_with_a_dash_is_replaced(tmp_path: Path) -> None:
    s = make(tmp_path)
    path = rasa_token.token_path(s)
    path.parent.mkdir(parents=True)
    path.write_text("-Qx3yQ2wL0cV7iK9aPb_4m-0eRt6uYhN\n")
    path.chmod(0o600)
    assert rasa_token.resolve(s, create=False) is None  # doctor: not usable, nothing changed
    assert path.read_text().startswith("-")
    new = rasa_manager.token(s)
    assert new == path.read_text().strip() and not new.startswith("-")
    assert rasa_manager.token(s) == new  # stable from now on


def test_a_good_old_token_is_kept_and_its_mode_tightened(tmp_path: Path) -> None:
    s = make(tmp_path)
    path = rasa_token.token_path(s)
    path.parent.mkdir(parents=True)
    path.write_text("Qx3yQ2wL0cV7iK9aPb_4m-0eRt6uYhN")
    path.chmod(0o644)
    assert rasa_manager.token(s) == "Qx3yQ2wL0cV7iK9aPb_4m-0eRt6uYhN"  # Rasa may be using it
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_new_token_file_is_0600_even_with_a_lax_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        rasa_manager.token(make(tmp_path))
    finally:
        os.umask(old)
    assert stat.S_IMODE(rasa_token.token_path(make(tmp_path)).stat().st_mode) == 0o600


def test_a_configured_token_wins_and_says_so(tmp_path: Path) -> None:
    s = make(tmp_path, configured="-my-own-token-from-the-environment")
    token = rasa_token.resolve(s)
    assert token == rasa_token.Token("-my-own-token-from-the-environment", "config")
    assert not rasa_token.token_path(s).exists()


def test_the_token_reaches_rasa_on_stdin_only(tmp_path: Path) -> None:
    s = make(tmp_path)
    step = rasa_manager.server_step(s, tmp_path / "model.tar.gz", 5005, "0123abcd" * 8)
    assert "0123abcd" * 8 not in " ".join(step.argv) and step.stdin == "0123abcd" * 8
    assert str(tmp_path / "rasa" / "server.log") == str(step.log)  # the real data directory
