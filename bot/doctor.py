"""``flurfunk doctor``: checks the installation and says what to fix."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from bot.config import Settings
from bot.i18n import missing_catalogs
from bot.runtime import load_training_data
from flows import all_features
from flows.types import UserError
from nlu.embedded import fingerprint
from storage import db
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


Probe = Callable[[Settings], Awaitable[Check]]


async def check_database(settings: Settings) -> Check:
    engine = db.make_engine(settings.db_url)
    try:
        pending = await db.pending_heads(engine)
    except Exception as exc:
        return Check("database", False, f"cannot connect: {type(exc).__name__}",
                     "check database_url / FLURFUNK_DATABASE_URL and that the server runs")
    finally:
        await engine.dispose()
    if pending:
        return Check("database", False, f"migrations pending: {', '.join(pending)}",
                     "run: flurfunk db upgrade")
    return Check("database", True, "reachable, migrations at head")


async def check_outbox(settings: Settings) -> Check:
    """Messages the messenger refused for good wait for an admin (``flurfunk outbox failed``)."""
    engine = db.make_engine(settings.db_url)
    try:
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            counts = await uow.outbox.counts()
    except Exception as exc:
        return Check("outbox", False, f"not checked: {type(exc).__name__}", "see the database check")
    finally:
        await engine.dispose()
    failed = counts.get("failed", 0)
    waiting = counts.get("pending", 0) + counts.get("sending", 0)
    if failed:
        return Check("outbox", False, f"{failed} failed, {waiting} waiting",
                     "see why: flurfunk outbox failed; after fixing: flurfunk outbox retry --all")
    return Check("outbox", True, f"none failed, {waiting} waiting")


async def check_catalogs(settings: Settings) -> Check:
    missing = missing_catalogs()
    if missing:
        return Check("catalogs", False, f"not compiled: {', '.join(missing)}",
                     "run: make catalogs (or python -m bot.i18n compile)")
    return Check("catalogs", True, "compiled")


async def check_content_and_model(settings: Settings) -> Check:
    import pickle

    try:
        features = all_features(settings.path(settings.content_dir))
        data = load_training_data(features)
    except (UserError, ValueError) as exc:
        return Check("content", False, str(exc), "fix the file named above")
    path = settings.path(settings.nlu.model_path)
    if not path.exists():
        return Check("nlu model", False, "not trained yet", "run: flurfunk nlu train")
    try:
        current = pickle.loads(path.read_bytes()).get("fingerprint") == fingerprint(data)
    except Exception:
        current = False
    if not current:
        return Check("nlu model", False, "older than the training data", "run: flurfunk nlu train")
    return Check("nlu model", True, f"{len(data.examples)} examples, {len(data.intents)} intents")


async def check_rasa(settings: Settings) -> Check:
    if settings.nlu.backend != "rasa":
        return Check("rasa", True, "not used (nlu.backend = embedded)")
    try:
        async with httpx.AsyncClient(timeout=2.0, trust_env=False) as client:
            r = await client.get(f"{settings.nlu.rasa_url}/status",
                                 params={"token": settings.nlu.rasa_token})
        r.raise_for_status()
    except httpx.HTTPError as exc:
        return Check("rasa", False, f"{settings.nlu.rasa_url} not reachable ({type(exc).__name__}); "
                     "the embedded model answers meanwhile", "run: flurfunk rasa serve")
    return Check("rasa", True, f"{settings.nlu.rasa_url} answers")


async def check_slack(settings: Settings) -> Check:
    """``auth.test`` with SLACK_BOT_TOKEN, when Slack is configured."""
    from slack_sdk.errors import SlackApiError

    from bot.adapters.slack.app import Credentials, api_url, make_client

    creds = Credentials.from_env()
    if not creds.bot_token:
        return Check("slack", True, "not configured (SLACK_BOT_TOKEN unset; terminal only)")
    try:
        resp = await make_client(settings, creds.bot_token, retries=False).auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        return Check("slack", False, f"auth.test refused the token ({error or exc.response.status_code})",
                     "create a new bot token (OAuth & Permissions) and set SLACK_BOT_TOKEN")
    except Exception as exc:
        return Check("slack", False, f"{api_url(settings)} not reachable ({type(exc).__name__})",
                     "check the network, HTTPS_PROXY, or FLURFUNK_SLACK_API_URL")
    mode = [m for m, ok in (("socket", creds.app_token), ("http", creds.signing_secret)) if ok]
    detail = f"token valid: bot {resp.get('user')} in {resp.get('team')}"
    if not mode:
        return Check("slack", False, detail + "; neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET set",
                     "set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)")
    return Check("slack", True, f"{detail}; ready for --slack {' or '.join(mode)}")


async def check_matrix(settings: Settings) -> Check:
    """Login and encryption store, when Matrix is configured (bot/adapters/matrix/doctor.py)."""
    from bot.adapters.matrix.doctor import check_matrix as check

    return await check(settings)


PROBES: list[Probe] = [check_database, check_outbox, check_catalogs, check_content_and_model, check_rasa,
                       check_slack, check_matrix]


async def run_checks(settings: Settings, probes: list[Probe] | None = None) -> list[Check]:
    return [await probe(settings) for probe in (probes or PROBES)]
