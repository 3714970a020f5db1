"""``flurfunk doctor`` for Matrix: the login (``whoami``) and the encryption store."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from nio import AsyncClient, WhoamiResponse

from bot.adapters.matrix.client import SESSION_FILE, Secrets, _saved_session
from bot.config import ConfigError, Settings
from bot.doctor import Check

STORE_DB = "nio.db"


def _store_state(store: Path) -> tuple[bool, str]:
    if not store.exists():
        return True, f"no store yet at {store} (the first start creates it)"
    if not os.access(store, os.W_OK):
        return False, f"{store} is not writable"
    if not (store / STORE_DB).is_file():
        return True, f"{store} has no device keys yet (the first start creates them)"
    return True, f"device keys and sessions in {store}"


async def check_matrix(settings: Settings, secrets: Secrets | None = None) -> Check:
    """Not configured, or: the token (or stored password session) accepted, the store usable."""
    cfg = settings.matrix
    secrets = secrets or Secrets.from_env()
    if not cfg.homeserver:
        return Check("matrix", True, "not configured (matrix.homeserver unset)")
    store = settings.path(cfg.store_dir)
    try:
        saved = await asyncio.to_thread(_saved_session, store, cfg.user_id)
    except (ConfigError, ValueError, KeyError) as exc:
        return Check("matrix", False, f"{store / SESSION_FILE} unusable ({exc})",
                     "remove it to log in again with MATRIX_PASSWORD (the bot becomes a new device)")
    token = secrets.access_token or (saved[1] if saved else "")
    if not token:
        detail = "password set, not logged in yet" if secrets.password else "no secret"
        ok = bool(secrets.password and cfg.user_id)
        return Check("matrix", ok, detail, "" if ok else
                     "set matrix.user_id and MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD")
    client = AsyncClient(cfg.homeserver, cfg.user_id)
    client.access_token = token
    try:
        who = await client.whoami()
    except Exception as exc:
        return Check("matrix", False, f"{cfg.homeserver} not reachable ({type(exc).__name__})",
                     "check matrix.homeserver and the network (HTTPS_PROXY)")
    finally:
        await client.close()
    if not isinstance(who, WhoamiResponse):
        return Check("matrix", False, f"the homeserver refused the login ({who.status_code})",
                     "create a new access token for the bot account (or log in again)")
    if who.user_id != cfg.user_id:
        return Check("matrix", False, f"the token belongs to {who.user_id}, not {cfg.user_id}",
                     "set matrix.user_id to the bot account or use its token")
    ok, store_detail = await asyncio.to_thread(_store_state, store)
    return Check("matrix", ok, f"logged in as {who.user_id} (device {who.device_id}); {store_detail}",
                 "" if ok else "make the store directory writable for the bot's user")
