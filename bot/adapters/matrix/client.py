"""The bot's Matrix client (matrix-nio): login or token, a stored device, the encryption store.

The store directory (``matrix.store_dir``, default ``var/matrix``) holds the device's identity
keys and its Olm/Megolm sessions (nio's SQLite store) and, after a password login, the access
token and device id (``session.json``, mode 0600). Lose it and the bot becomes a new device that
cannot read older encrypted messages: back it up together with the database.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig, LoginResponse, WhoamiResponse
from nio.store import SqliteStore

from bot.config import ConfigError, MatrixSettings
from flows.types import N_

log = logging.getLogger(__name__)
SESSION_FILE = "session.json"


@dataclass(frozen=True)
class Secrets:
    access_token: str
    password: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Secrets:
        env = os.environ if env is None else env
        return cls(env.get("MATRIX_ACCESS_TOKEN", ""), env.get("MATRIX_PASSWORD", ""))


def check(cfg: MatrixSettings, secrets: Secrets) -> None:
    """Say which setting is missing before anything connects."""
    missing = [name for name, value in (("matrix.homeserver", cfg.homeserver),
                                        ("matrix.user_id", cfg.user_id)) if not value]
    if not (secrets.access_token or secrets.password):
        missing.append("MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD")
    if missing:
        raise ConfigError("Matrix", N_("set {names} (see README, Matrix)"), names=", ".join(missing))


def _saved_session(store: Path, user_id: str) -> tuple[str, str] | None:
    path = store / SESSION_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("user_id") != user_id:
        raise ConfigError("Matrix", N_("{file} belongs to {other}, not {user}; use another "
                                       "matrix.store_dir"), file=path, other=data.get("user_id"),
                          user=user_id)
    return str(data["device_id"]), str(data["access_token"])


def _save_session(store: Path, user_id: str, device_id: str, token: str) -> None:
    path = store / SESSION_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"user_id": user_id, "device_id": device_id, "access_token": token}, f)


async def connect(cfg: MatrixSettings, store: Path, secrets: Secrets) -> AsyncClient:
    """A logged-in client with its encryption store loaded and its device keys uploaded."""
    check(cfg, secrets)
    await asyncio.to_thread(store.mkdir, parents=True, exist_ok=True)
    config = AsyncClientConfig(store=SqliteStore, store_name="nio.db", encryption_enabled=True,
                               store_sync_tokens=True, request_timeout=30, max_timeouts=2,
                               max_limit_exceeded=0)  # 429s: the caller decides (outbox)
    client = AsyncClient(cfg.homeserver, cfg.user_id, store_path=str(store), config=config)
    try:
        if secrets.access_token:
            device_id = cfg.device_id
            if not device_id:  # the token names its device; the homeserver tells which
                client.access_token = secrets.access_token
                who = await client.whoami()
                if not isinstance(who, WhoamiResponse) or not who.device_id:
                    raise ConfigError("Matrix", N_("the access token was refused ({reason}); "
                                                   "create a new one for the bot account"),
                                      reason=who)
                device_id = who.device_id
            client.restore_login(cfg.user_id, device_id, secrets.access_token)
        elif saved := _saved_session(store, cfg.user_id):
            client.restore_login(cfg.user_id, saved[0], saved[1])
        else:
            resp = await client.login(secrets.password, device_name=cfg.device_name)
            if not isinstance(resp, LoginResponse):
                raise ConfigError("Matrix", N_("login as {user} failed ({reason}); check "
                                               "MATRIX_PASSWORD"), user=cfg.user_id,
                                  reason=resp.message)
            _save_session(store, cfg.user_id, resp.device_id, resp.access_token)
            log.info("matrix: logged in as a new device %s", resp.device_id)
        if client.should_upload_keys:
            await client.keys_upload()
    except BaseException:
        await client.close()
        raise
    return client
