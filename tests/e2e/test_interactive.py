"""The interactive terminal chat on a real pseudo-terminal: welcome, prompt, numbered choices, Ctrl-D."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def _read_until(fd: int, needle: str, timeout: float = 60) -> str:
    buf, deadline = b"", time.monotonic() + timeout
    while needle.encode() not in buf and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                buf += os.read(fd, 4096)
            except OSError:
                break
    return buf.decode(errors="replace")


def test_interactive_chat_on_a_tty(settings: Settings, model: object) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLURFUNK_")}
    env |= {"FLURFUNK_DATABASE_URL": settings.db_url, "FLURFUNK_NLU__MODEL_PATH": settings.nlu.model_path}
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--user", "anna.berger"], stdin=slave,
                            stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True)
    os.close(slave)
    try:
        assert "Strg-D beendet" in _read_until(master, "> ")
        os.write(master, b"Wie viel darf ich mobil arbeiten?\n")
        answer = _read_until(master, "2) Nicht hilfreich")
        assert "40 Prozent" in answer and "1) Hilfreich" in answer
        os.write(master, b"2\n")
        assert "Danke. Ich gebe das weiter" in _read_until(master, "weiter")
        os.write(master, b"\x04")  # Ctrl-D
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
