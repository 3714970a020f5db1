"""``flurfunk doctor`` for Matrix: the login (``whoami``) and the encryption store."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from nio import AsyncClient, WhoamiResponse

from bot.adapters.matrix.client import SESSION_FILE, Secrets, _saved_session
from bot.config import ConfigError, Settings
from bot.doctor import Check, translator
from bot.i18n import Translator

STORE_DB = "nio.db"


def _store_state(t: Translator, store: Path) -> tuple[bool, str]:
    if not store.exists():
        return True, t.gettext("no store yet at {store} (the first start creates it)").format(store=store)
    if not os.access(store, os.W_OK):
        return False, t.gettext("{store} is not writable").format(store=store)
    if not (store / STORE_DB).is_file():
        return True, t.gettext("{store} has no device keys yet (the first start creates them)").format(
            store=store)
    return True, t.gettext("device keys and sessions in {store}").format(store=store)


async def check_matrix(settings: Settings, secrets: Secrets | None = None) -> Check:
    """Not configured, or: the token (or stored password session) accepted, the store usable."""
    cfg = settings.matrix
    t = translator(settings)
    secrets = secrets or Secrets.from_env()
    if not cfg.homeserver:
        return Check("matrix", True, t.gettext("not configured (matrix.homeserver unset)"))
    store = settings.path(cfg.store_dir)
    try:
        saved = await asyncio.to_thread(_saved_session, store, cfg.user_id)
    except (ConfigError, ValueError, KeyError) as exc:
        from bot.cli import say_error

        reason = say_error(exc, settings) if isinstance(exc, ConfigError) else type(exc).__name__
        return Check("matrix", False, t.gettext("{file} unusable ({reason})").format(
            file=store / SESSION_FILE, reason=reason), t.gettext(
            "remove it to log in again with MATRIX_PASSWORD (the bot becomes a new device)"))
    token = secrets.access_token or (saved[1] if saved else "")
    if not token:
        detail = (t.gettext("password set, not logged in yet") if secrets.password
                  else t.gettext("no secret"))
        ok = bool(secrets.password and cfg.user_id)
        return Check("matrix", ok, detail, "" if ok else t.gettext(
            "set matrix.user_id and MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD"))
    client = AsyncClient(cfg.homeserver, cfg.user_id)
    client.access_token = token
    try:
        who = await client.whoami()
    except Exception as exc:
        return Check("matrix", False, t.gettext("{url} not reachable ({error})").format(
            url=cfg.homeserver, error=type(exc).__name__), t.gettext(
            "check matrix.homeserver and the network (HTTPS_PROXY)"))
    finally:
        await client.close()
    if not isinstance(who, WhoamiResponse):
        return Check("matrix", False, t.gettext("the homeserver refused the login ({status})").format(
            status=who.status_code), t.gettext(
            "create a new access token for the bot account (or log in again)"))
    if who.user_id != cfg.user_id:
        return Check("matrix", False, t.gettext("the token belongs to {other}, not {user}").format(
            other=who.user_id, user=cfg.user_id), t.gettext(
            "set matrix.user_id to the bot account or use its token"))
    ok, store_detail = await asyncio.to_thread(_store_state, t, store)
    return Check("matrix", ok, t.gettext("logged in as {user} (device {device}); {store}").format(
        user=who.user_id, device=who.device_id, store=store_detail),
        "" if ok else t.gettext("make the store directory writable for the bot's user"))
