"""The composition root: builds engine, NLU, features, dispatcher, jobs and outbox in order."""

from __future__ import annotations

import asyncio
import logging
from types import TracebackType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.config import ConfigError, Settings, feature_config
from bot.dispatch import Dispatcher
from bot.i18n import Translations
from bot.jobs import JobRunner
from bot.outbox import Delivery, LocalInboxDelivery, OutboxSender
from bot.routing import Router
from flows import all_features
from flows.files import FileError
from flows.types import N_, Feature, UserError
from nlu import training_data
from nlu.types import Parser
from storage import db
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from nlu.embedded import EmbeddedModel

log = logging.getLogger(__name__)


class NotMigratedError(RuntimeError):
    """The database is behind the code's migrations."""


class DatabaseUnavailable(FileError):
    """The database cannot be reached (server down, wrong address, no such database)."""

    def __init__(self, url: str, exc: BaseException) -> None:
        super().__init__(make_url(url).render_as_string(hide_password=True),
                         N_("the database cannot be reached ({reason}); is the server running "
                            "and is database_url right?"), reason=type(exc).__name__)


def check_sections(settings: Settings, features: list[Feature]) -> None:
    """Every ``[features.X]`` names a feature and every ``[jobs]`` key a job."""
    names = {f.name for f in features}
    for name in settings.features:
        if name not in names:
            raise ConfigError("[features]", N_("unknown feature {key} (known: {known})"),
                              field=f"features.{name}", key=repr(name), known=", ".join(sorted(names)))
    jobs = {spec.id for f in features for spec in f.jobs}
    for job in settings.jobs:
        if job not in jobs:
            raise ConfigError("[jobs]", N_("unknown job {key} (known: {known})"), field=f"jobs.{job}",
                              key=repr(job), known=", ".join(sorted(jobs)))


def load_training_data(features: list[Feature]) -> training_data.TrainingData:
    return training_data.load([p for f in features for p in f.training_data])


class Runtime:
    """Everything a command needs, started and always stopped by one idiom::

        async with Runtime(settings) as rt:
            await rt.dispatcher.handle(...)

    ``nlu=False`` skips loading the model (admin commands, ``tick``); ``parser`` replaces it
    (tests); ``migrate=False`` refuses an empty database instead of creating the tables. A
    ``UserError`` leaving the block marks the admin actions audited in it as failed.
    """

    engine: AsyncEngine
    sessions: async_sessionmaker
    translations: Translations
    features: list[Feature]
    router: Router
    parser: Parser
    dispatcher: Dispatcher
    jobs: JobRunner
    configs: dict[str, Any]

    def __init__(self, settings: Settings, *, migrate: bool = True, parser: Parser | None = None,
                 nlu: bool = True, warm_up: bool = True) -> None:
        """``nlu=False``: admin commands that answer no message; ``warm_up=False``: a one-shot
        answer (``say``), where models are built only when the message needs them."""
        self.settings = settings
        self._migrate, self._parser, self._nlu = migrate, parser, nlu
        self._warm_up = warm_up
        self.audited: list[tuple[int, str]] = []  # audit entries of this run

    async def __aenter__(self) -> Runtime:
        settings = self.settings
        features = all_features(settings.path(settings.content_dir))
        check_sections(settings, features)
        configs = {f.name: feature_config(settings, f.name, f.config_type) if f.config_type
                   else None for f in features}
        engine = db.make_engine(settings.db_url)
        try:
            await ensure_schema(engine, self._migrate)
        except (OSError, DBAPIError, TimeoutError) as exc:
            await engine.dispose()
            raise DatabaseUnavailable(settings.db_url, exc) from None
        except BaseException:
            await engine.dispose()
            raise
        self.engine, self.features = engine, features
        self.sessions = db.make_sessionmaker(engine)
        self.translations = Translations(default=settings.default_locale, tz=settings.timezone)
        self.router = Router.build(features)
        self.configs = configs
        try:
            self.parser = self._parser or (
                build_parser(settings, features) if self._nlu else NoParser())
        except BaseException:
            await engine.dispose()
            raise
        if self._nlu and self._warm_up:  # answers messages: models start building now
            for feature in features:
                if feature.warm_up is not None:
                    feature.warm_up(self.config_of(feature))
        self.dispatcher = Dispatcher(self.uow, self.parser, self.router, self.translations,
                                     self.config_of)
        self.jobs = JobRunner(list(self.router.jobs.values()), self.uow, self.translations,
                              ZoneInfo(settings.timezone), settings.jobs, self.config_of)
        return self

    async def warmed(self, wait: float) -> None:
        """Wait (at most ``wait`` seconds) until what the features build at start is ready (the
        FAQ's retriever); nothing to wait for without NLU or warm-up."""
        if self._nlu and self._warm_up:
            await asyncio.gather(*(f.ready(wait) for f in self.features if f.ready is not None))

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        try:
            if isinstance(exc, UserError):
                await self._mark_failed()
        finally:
            await self._stop()

    def config_of(self, feature: Feature) -> Any:
        return self.configs.get(feature.name)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    def sender(self, delivery: Delivery | None = None, concurrency: int = 1) -> OutboxSender:
        return OutboxSender(self.uow, delivery or LocalInboxDelivery(),
                            self.settings.outbox.batch, self.settings.outbox.max_attempts,
                            self.settings.outbox.lease_seconds, concurrency)

    async def _mark_failed(self) -> None:
        """The admin actions authorized in this run did not happen: say so in the audit log."""
        if not self.audited:
            return
        async with self.uow() as uow:
            for entry_id, action in self.audited:
                await uow.audit.relabel(entry_id, f"{action}:failed")
            await uow.commit()
        self.audited.clear()

    async def _stop(self) -> None:
        primary = getattr(self.parser, "primary", None)
        if primary is not None and hasattr(primary, "aclose"):  # the Rasa client's connections
            await primary.aclose()
        await self.engine.dispose()


def build_parser(settings: Settings, features: list[Feature]) -> Parser:
    """The embedded model, or Rasa with the embedded model as fallback (``nlu.backend``)."""
    embedded = embedded_model(settings, features)[0]
    if settings.nlu.backend == "embedded":
        return embedded
    if settings.nlu.backend != "rasa":
        raise ConfigError("nlu.backend", N_("use embedded or rasa, not {value}"),
                          value=repr(settings.nlu.backend))
    from bot.rasa_manager import token
    from nlu.fallback import CircuitBreaker, FallbackParser  # httpx: only when Rasa is used
    from nlu.rasa import RasaClient

    rasa = RasaClient(settings.nlu.rasa_url, token(settings), settings.nlu.rasa_timeout,
                      settings.nlu.rasa_threshold)
    return FallbackParser(rasa, embedded, CircuitBreaker(), settings.nlu.rasa_timeout)


def embedded_model(settings: Settings, features: list[Feature]) -> tuple[EmbeddedModel, bool]:
    """Load the trained embedded model, training it first when the data changed."""
    from nlu.embedded import load_or_train  # numpy: not for the commands that start without NLU

    data = load_training_data(features)
    return load_or_train(data, settings.path(settings.nlu.model_path), settings.nlu.threshold)


async def ensure_schema(engine: AsyncEngine, migrate: bool) -> None:
    """Upgrade an empty database; refuse to run on one that is behind."""
    pending = await db.pending_heads(engine)
    if not pending:
        return
    if migrate and await _is_empty(engine):
        log.info("empty database: applying migrations")
        await db.upgrade(engine)
        return
    raise NotMigratedError(N_("The database needs an upgrade. Run: flurfunk db upgrade"))


async def _is_empty(engine: AsyncEngine) -> bool:
    """True when the database has no tables besides Alembic's own."""
    from sqlalchemy import inspect

    async with engine.connect() as conn:
        names = await conn.run_sync(lambda c: inspect(c).get_table_names())
    return set(names) <= {"alembic_version"}


class NoParser:
    """Stands in when a command started without NLU; parsing then is a programming error."""

    async def parse(self, text: str, locale: str = "de", today: Any = None) -> Any:
        raise RuntimeError("this command started the runtime without NLU")
