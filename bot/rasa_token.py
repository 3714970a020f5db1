"""The Rasa API token: configured (``nlu.rasa_token``) or generated once into a 0600 file.

Generated tokens are hex, so nothing can take them for a command-line option or need quoting
them; a stored token from older versions that starts with ``-`` (``secrets.token_urlsafe`` gives
one in 64) never let Rasa start, so no server can be using it: it is replaced.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings

# old urlsafe tokens (not starting with "-") and new hex tokens; at least 128 bits
_STORED = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{21,}")


@dataclass(frozen=True)
class Token:
    """The token and where it came from: ``config`` (nlu.rasa_token) or ``file`` (``path``)."""

    value: str
    source: str
    path: Path | None = None


def token_path(settings: Settings) -> Path:
    return settings.path(settings.var_dir) / "rasa" / "token"


def new_token() -> str:
    """256 random bits as 64 hex digits: never starts with ``-``, needs no quoting anywhere."""
    return secrets.token_hex(32)


def stored_token_is_usable(value: str) -> bool:
    return bool(_STORED.fullmatch(value))


def read_stored(settings: Settings) -> str | None:
    """The token file's token if there is a usable one; never creates or changes the file."""
    try:
        value = token_path(settings).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return value if stored_token_is_usable(value) else None


def resolve(settings: Settings, create: bool = True) -> Token | None:
    """The token the bot and ``rasa serve`` use: ``nlu.rasa_token`` if set, else the token file
    (created, or replaced when unusable, if ``create``). ``None`` only when ``create`` is False
    and there is no usable file."""
    if settings.nlu.rasa_token.strip():
        return Token(settings.nlu.rasa_token.strip(), "config")
    path = token_path(settings)
    if not create:
        value = read_stored(settings)
        return Token(value, "file", path) if value else None
    return Token(_ensure_file(path), "file", path)


def _ensure_file(path: Path) -> str:
    """Read or (re)generate the token under a lock, so two processes never end up with two."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_fd = os.open(path.with_name("token.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        try:
            value = path.read_text(encoding="ascii").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            value = ""
        if stored_token_is_usable(value):
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
            return value
        value = new_token()
        tmp = path.with_name(f"token.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # 0600 from the start
        with os.fdopen(fd, "w", encoding="ascii") as fp:
            fp.write(value + "\n")
        os.replace(tmp, path)
        return value
    finally:
        os.close(lock_fd)
