"""``flurfunk doctor``: checks the installation and says what to fix."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import make_url, text

from bot import rasa_token
from bot.config import Settings
from bot.i18n import Translations, Translator, missing_catalogs
from bot.runtime import load_training_data
from flows import all_features
from flows.types import N_, UserError
from nlu.embedded import fingerprint
from storage import db
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Check:
    name: str  # one of NAMES (shown translated)
    ok: bool
    detail: str
    fix: str = ""


NAMES = (N_("database"), N_("outbox"), N_("survey keys"), N_("catalogs"), N_("content"),
         N_("nlu model"), N_("rasa"), N_("slack"), N_("matrix"))


def as_lines(checks: list[Check], t: Translator) -> list[str]:
    """One line per check ("OK" or "FIX", name, detail) and the fix below, in ``t``'s language."""
    marks = {True: t.gettext("OK"), False: t.gettext("FIX")}
    width = max(len(m) for m in marks.values()) + 1
    return [f"{marks[c.ok]:<{width}} {t.gettext(c.name)}: {c.detail}"
            + (f"\n{'':<{width}} -> {c.fix}" if c.fix else "") for c in checks]


Probe = Callable[[Settings], Awaitable[Check]]


def translator(settings: Settings) -> Translator:
    """The installation's language (German unless configured otherwise)."""
    return Translations(default=settings.default_locale, tz=settings.timezone).for_locale(None)


async def check_database(settings: Settings) -> Check:
    t = translator(settings)
    engine = db.make_engine(settings.db_url)
    try:
        pending = await db.pending_heads(engine)
    except Exception as exc:
        return Check("database", False, t.gettext("cannot connect: {error}").format(
            error=type(exc).__name__), t.gettext(
            "check database_url / FLURFUNK_DATABASE_URL and that the server runs"))
    finally:
        await engine.dispose()
    if pending:
        return Check("database", False, t.gettext("migrations pending: {names}").format(
            names=", ".join(pending)), t.gettext("run: flurfunk db upgrade"))
    return Check("database", True, t.gettext("reachable, migrations at head"))


async def check_outbox(settings: Settings) -> Check:
    """Messages the messenger refused for good wait for an admin (``flurfunk outbox failed``)."""
    t = translator(settings)
    engine = db.make_engine(settings.db_url)
    try:
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            counts = await uow.outbox.counts()
    except Exception as exc:
        return Check("outbox", False, t.gettext("not checked: {error}").format(
            error=type(exc).__name__), t.gettext("see the database check"))
    finally:
        await engine.dispose()
    failed = counts.get("failed", 0)
    waiting = counts.get("pending", 0) + counts.get("sending", 0)
    if failed:
        return Check("outbox", False, t.gettext("{failed} failed, {waiting} waiting").format(
            failed=failed, waiting=waiting), t.gettext(
            "see why: flurfunk outbox failed; after fixing: flurfunk outbox retry --all"))
    return Check("outbox", True, t.gettext("none failed, {waiting} waiting").format(waiting=waiting))


async def _database_dirs(settings: Settings, uow: UnitOfWork) -> list[Path]:
    """Where the database keeps its files, when this account can tell: the SQLite file's
    folder, or PostgreSQL's data_directory (readable by superusers only)."""
    url = make_url(settings.db_url)
    if url.get_backend_name() == "sqlite":
        return [Path(url.database).parent] if url.database else []
    try:
        found = await uow.session.scalar(text("SELECT current_setting('data_directory')"))
    except Exception:
        await uow.session.rollback()
        return []
    return [Path(str(found))] if found else []


async def check_survey_keys(settings: Settings) -> Check:
    """The per-run data keys of surveys (flows/survey/health.py)."""
    from bot import rasa_manager
    from bot.config import feature_config
    from flows.survey.config import SurveyConfig
    from flows.survey.health import FIX_CONFIG, key_dir_problems

    t = rasa_manager.translator(settings)
    try:
        config = feature_config(settings, "survey", SurveyConfig)
    except UserError as exc:
        from bot.cli import say_error

        return Check("survey keys", False, say_error(exc, settings), t.gettext(FIX_CONFIG))
    engine = db.make_engine(settings.db_url)
    try:
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            dirs = await _database_dirs(settings, uow)
            runs = list(await uow.survey.runs(status="open"))
    except Exception as exc:
        return Check("survey keys", False, t.gettext("not checked: {error}").format(
            error=type(exc).__name__), t.gettext("see the database check"))
    finally:
        await engine.dispose()
    ok, detail, fix = key_dir_problems(t, config.keys, runs, dirs)
    return Check("survey keys", ok, detail, fix)


async def check_catalogs(settings: Settings) -> Check:
    t = translator(settings)  # English msgids until the catalogs are compiled
    missing = missing_catalogs()
    if missing:
        return Check("catalogs", False, t.gettext("not compiled: {names}").format(
            names=", ".join(missing)), t.gettext("run: make catalogs (or python -m bot.i18n compile)"))
    return Check("catalogs", True, t.gettext("compiled"))


async def check_content_and_model(settings: Settings) -> Check:
    import pickle

    from bot.cli import say_error

    t = translator(settings)
    try:
        features = all_features(settings.path(settings.content_dir))
        data = load_training_data(features)
    except (UserError, ValueError) as exc:
        return Check("content", False, say_error(exc, settings), t.gettext("fix the file named above"))
    path = settings.path(settings.nlu.model_path)
    if not path.exists():
        return Check("nlu model", False, t.gettext("not trained yet"), t.gettext("run: flurfunk nlu train"))
    try:
        current = pickle.loads(path.read_bytes()).get("fingerprint") == fingerprint(data)
    except Exception:
        current = False
    if not current:
        return Check("nlu model", False, t.gettext("older than the training data"),
                     t.gettext("run: flurfunk nlu train"))
    return Check("nlu model", True, t.gettext("{examples} examples, {intents} intents").format(
        examples=len(data.examples), intents=len(data.intents)))


def _token_source(t: Translator, token: rasa_token.Token) -> str:
    if token.source == "config":
        return t.gettext("nlu.rasa_token (flurfunk.toml or FLURFUNK_NLU__RASA_TOKEN)")
    return t.gettext("the token file {path}").format(path=token.path)


async def _rasa_status(url: str, token: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=2.0, trust_env=False) as client:
        return await client.get(f"{url}/status", params={"token": token})


async def check_rasa(settings: Settings) -> Check:
    """``/status`` with the token the bot uses (the same one ``rasa serve`` starts Rasa with:
    ``nlu.rasa_token`` or the token file); on 401, which other token Rasa would accept."""
    from bot import rasa_manager

    t = rasa_manager.translator(settings)
    if settings.nlu.backend != "rasa":
        return Check("rasa", True, t.gettext("not used (nlu.backend = embedded)"))
    url = settings.nlu.rasa_url
    token = rasa_token.resolve(settings, create=False)
    if token is None:
        return Check("rasa", False, t.gettext(
            "no token yet: nlu.rasa_token is not set and {path} does not exist").format(
            path=rasa_token.token_path(settings)), t.gettext("run: flurfunk rasa serve"))
    source = _token_source(t, token)
    try:
        r = await _rasa_status(url, token.value)
    except httpx.HTTPError as exc:
        return Check("rasa", False, t.gettext(
            "{url} not reachable ({error}); the embedded model answers meanwhile").format(
            url=url, error=type(exc).__name__), t.gettext("run: flurfunk rasa serve"))
    if r.status_code in (401, 403):
        return await _wrong_token(settings, t, url, token, source)
    if r.status_code == 409:
        return Check("rasa", False, t.gettext("{url} runs but has no model loaded yet").format(
            url=url), t.gettext("wait until flurfunk rasa serve reports that Rasa is ready"))
    if r.status_code != 200:
        return Check("rasa", False, t.gettext("{url} answers HTTP {status}").format(
            url=url, status=r.status_code), t.gettext("see {log}").format(
            log=rasa_manager.server_log(settings)))
    return Check("rasa", True, t.gettext("{url} answers (token from {source})").format(
        url=url, source=source))


async def _wrong_token(settings: Settings, t: Translator, url: str, token: rasa_token.Token,
                       source: str) -> Check:
    """Rasa refuses the bot's token: was it started with the other one?"""
    other = None
    if token.source == "config":
        stored = rasa_token.read_stored(settings)
        other = rasa_token.Token(stored, "file", rasa_token.token_path(settings)) if stored else None
    if other is not None:
        try:
            accepted = (await _rasa_status(url, other.value)).status_code == 200
        except httpx.HTTPError:
            accepted = False
        if accepted:
            return Check("rasa", False, t.gettext(
                "Rasa rejects the bot's token from {source}; it was started with the token from "
                "{other}").format(source=source, other=_token_source(t, other)), t.gettext(
                "give the bot and flurfunk rasa serve the same nlu.rasa_token (or neither), then "
                "restart flurfunk rasa serve"))
    return Check("rasa", False, t.gettext(
        "Rasa rejects the token from {source} (HTTP 401): it was started with another one").format(
        source=source), t.gettext("restart flurfunk rasa serve with the same configuration as "
                                  "the bot"))


async def check_slack(settings: Settings) -> Check:
    """``auth.test`` with SLACK_BOT_TOKEN, when Slack is configured."""
    from slack_sdk.errors import SlackApiError

    from bot.adapters.slack.app import Credentials, api_url, make_client

    t = translator(settings)
    creds = Credentials.from_env()
    if not creds.bot_token:
        return Check("slack", True, t.gettext("not configured (SLACK_BOT_TOKEN unset; terminal only)"))
    try:
        resp = await make_client(settings, creds.bot_token, retries=False).auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        return Check("slack", False, t.gettext("auth.test refused the token ({error})").format(
            error=error or exc.response.status_code), t.gettext(
            "create a new bot token (OAuth & Permissions) and set SLACK_BOT_TOKEN"))
    except Exception as exc:
        return Check("slack", False, t.gettext("{url} not reachable ({error})").format(
            url=api_url(settings), error=type(exc).__name__), t.gettext(
            "check the network, HTTPS_PROXY, or FLURFUNK_SLACK_API_URL"))
    mode = [m for m, ok in (("socket", creds.app_token), ("http", creds.signing_secret)) if ok]
    detail = t.gettext("token valid: bot {user} in {team}").format(user=resp.get("user"),
                                                                   team=resp.get("team"))
    if not mode:
        return Check("slack", False, detail + t.gettext(
            "; neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET set"), t.gettext(
            "set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)"))
    return Check("slack", True, detail + t.gettext("; ready for --slack {modes}").format(
        modes=t.gettext(" or ").join(mode)))


async def check_matrix(settings: Settings) -> Check:
    """Login and encryption store, when Matrix is configured (bot/adapters/matrix/doctor.py)."""
    from bot.adapters.matrix.doctor import check_matrix as check

    return await check(settings)


PROBES: list[Probe] = [check_database, check_outbox, check_survey_keys, check_catalogs,
                       check_content_and_model, check_rasa, check_slack, check_matrix]


async def run_checks(settings: Settings, probes: list[Probe] | None = None) -> list[Check]:
    return [await probe(settings) for probe in (probes or PROBES)]
