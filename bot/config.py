"""Settings: ``flurfunk.toml`` overlaid by ``FLURFUNK_*`` variables, built once and passed down."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

import safeyaml
from bot.settings_checks import check
from flows.calendar import WorkCalendar
from flows.files import FileError, Msgid
from flows.settings import Invalid
from flows.types import N_
from nlu.types import THRESHOLD

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(FileError):  # bot-only; a FileError so that it is said in German first
    """The configuration file or an environment variable is invalid: where, which key, what."""


@dataclass
class NluSettings:
    backend: str = "embedded"  # "embedded" | "rasa"
    threshold: float = THRESHOLD
    model_path: str = "var/nlu/embedded.pkl"
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = ""
    rasa_timeout: float = 0.3
    rasa_threshold: float = 0.45  # the FallbackClassifier threshold in nlu/config.yml
    rasa_python: str = ""  # default: pyenv's 3.10.13, else python3.10 on PATH
    rasa_venv: str = ""  # default: ~/.cache/flurfunk/rasa-3.6.21 (kept between checkouts)
    rasa_config: str = "nlu/config.yml"


@dataclass
class OutboxSettings:
    batch: int = 50
    max_attempts: int = 8
    interval_seconds: float = 2.0
    lease_seconds: float = 60.0  # after a crash, claimed messages are retried after this


@dataclass
class SlackSettings:
    """Slack (tokens come from SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET)."""

    rate_per_second: float = 10.0  # workspace-wide token bucket for outbox posts
    burst: int = 10
    channel_interval: float = 1.0  # seconds between two posts into one channel
    shared_rate_limit: bool = True  # PostgreSQL: one budget for all instances (False: per process)
    concurrency: int = 4  # outbox posts in flight at once (the rate limit still applies)
    workers: int = 8  # incoming messages handled at once after their ack (others queue)
    retry_seconds: float = 120.0  # after an ack: how long transient database errors are retried
    worker_nice: int = 5  # HTTP mode: the bot lowers its CPU priority by this once its ack process runs
    timeout_seconds: int = 15  # a Web API call without an answer by then counts as failed
    department_field: str = ""  # profile field for department: "title" or a custom field id
    site_field: str = ""  # profile field for the site (Dienstort)
    event_retention_hours: int = 24  # how long event ids are kept for redelivery dedupe
    send_retention_days: int = 7


@dataclass
class MatrixSettings:
    """Matrix (the secret comes from MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD)."""

    homeserver: str = ""  # e.g. https://matrix.stadt.example (client-server API base)
    user_id: str = ""  # the bot account, e.g. @flurfunk:stadt.example
    device_id: str = ""  # with an access token: the device it belongs to
    device_name: str = "flurfunk"
    store_dir: str = "var/matrix"  # encryption keys and sessions: back it up with the database
    admins: str = ""  # comma-separated Matrix ids whose invites to group rooms are accepted
    rooms: str = ""  # comma-separated room ids the bot may join when invited
    sync_timeout_ms: int = 30000


@dataclass
class CalendarSettings:
    """The one working calendar of every feature: public holidays of a German state, the time
    zone, working hours, and when messages put off to the next working day go out."""

    state: str = "BW"  # holidays package subdivision: BW, BY, BE, HB, NW, ...
    timezone: str = "Europe/Berlin"
    work_start: time = time(8)
    work_end: time = time(17)
    send_time: time = time(9)

    def work_calendar(self) -> WorkCalendar:
        state = "Augsburg" if self.state.upper() == "AUGSBURG" else self.state.upper()
        return WorkCalendar(state, "DE", self.timezone, self.work_start,
                            self.work_end, self.send_time)


@dataclass
class Settings:
    database_url: str = ""
    default_locale: str = "de"
    content_dir: str = "content"
    var_dir: str = "var"
    log_json: bool = False
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    nlu: NluSettings = field(default_factory=NluSettings)
    outbox: OutboxSettings = field(default_factory=OutboxSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    matrix: MatrixSettings = field(default_factory=MatrixSettings)
    slack_api_url: str = ""  # FLURFUNK_SLACK_API_URL: Web API base (tests, on-premise proxies)
    features: dict[str, dict[str, Any]] = field(default_factory=dict)
    jobs: dict[str, str] = field(default_factory=dict)  # job id -> cron, e.g. "0 9 * * mon"
    # setting -> the file or variable that set it (for messages); not a setting itself
    _sources: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _file: str = field(default="flurfunk.toml", repr=False, compare=False)

    @property
    def timezone(self) -> str:
        """The time zone of the one calendar (``[calendar] timezone``)."""
        return self.calendar.timezone

    def where(self, key: str) -> str:
        """The file or environment variable that set ``key`` (the file when none did)."""
        return self._sources.get(key, self._file)

    def path(self, value: str) -> Path:
        """Resolve a configured path relative to the project root."""
        p = Path(value)
        return p if p.is_absolute() else ROOT / p

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.path(self.var_dir) / 'flurfunk.db'}"


# settings that moved into the one [calendar] section: old key -> its new name there
MOVED = {"timezone": "timezone", "state": "state", "work_start": "work_start",
         "work_end": "work_end", "send_time": "send_time", "ask_again_hour": "send_time",
         "country": "state"}


def _coerce(value: str, kind: Any, where: str, key: str) -> Any:
    """An environment value converted to the type of the setting it overrides."""
    if kind is bool:
        if value.lower() in {"1", "true", "yes", "on", "ja"}:
            return True
        if value.lower() in {"0", "false", "no", "off", "nein"}:
            return False
        raise ConfigError(where, N_("expected true or false, got {value}"), field=key, value=value)
    if kind is int:
        try:
            return int(value)
        except ValueError:
            raise ConfigError(where, N_("expected a whole number, got {value}"), field=key,
                              value=value) from None
    if kind is float:
        try:
            return float(value)
        except ValueError:
            raise ConfigError(where, N_("expected a number, got {value}"), field=key,
                              value=value) from None
    return value


_KINDS = {bool: Msgid(N_("true or false")), int: Msgid(N_("a whole number")),
          float: Msgid(N_("a number")), str: Msgid(N_("a text (in quotes)")),
          Path: Msgid(N_("a text (in quotes)"))}


def _wrong(value: Any, kind: Any, where: str, key: str) -> ConfigError:
    return ConfigError(where, N_("expected {kind}, got {value}"), field=key,
                       kind=_KINDS.get(kind, getattr(kind, "__name__", str(kind))), value=repr(value))


def _when(value: Any, kind: type, where: str, key: str) -> Any:
    """A date (``2026-09-14``) or time of day (``09:30``): a TOML literal or a text."""
    if isinstance(value, kind) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return kind.fromisoformat(value.strip())  # type: ignore[attr-defined]
        except ValueError:
            pass
    if kind is date:
        raise ConfigError(where, N_("expected a date (YYYY-MM-DD), got {value}"), field=key,
                          value=repr(value))
    raise ConfigError(where, N_("expected a time of day (HH:MM), got {value}"), field=key,
                      value=repr(value))


def _convert(value: Any, kind: Any, where: str, key: str, env: bool) -> Any:
    """``value`` as a setting of type ``kind`` (bool, int, float, str, Path, date, time or a
    table ``dict[str, X]``); an environment value (a text) is converted, a TOML value must fit."""
    if get_origin(kind) is dict:
        if not isinstance(value, dict):
            raise ConfigError(where, N_("expected a table [{key}]"), field=key, key=key)
        inner = get_args(kind)[1]
        return {k: _convert(v, inner, where, f"{key}.{k}", env) for k, v in value.items()}
    if kind in (date, time):
        return _when(value, kind, where, key)
    if env and isinstance(value, str):
        value = _coerce(value, kind, where, key)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is Path and isinstance(value, str):
        return Path(value)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise _wrong(value, kind, where, key)
    return value


def _bounds(value: Any, bounds: tuple[int | None, int | None] | None, where: str, key: str) -> None:
    if bounds is None:
        return
    lo, hi = bounds
    for k, v in (value.items() if isinstance(value, dict) else [(None, value)]):
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            name = key if k is None else f"{key}.{k}"
            if hi is None:
                raise ConfigError(where, N_("must be at least {lo}, got {value}"), field=name,
                                  lo=lo, value=v)
            raise ConfigError(where, N_("must be between {lo} and {hi}, got {value}"), field=name,
                              lo=lo, hi=hi, value=v)


def _unknown(where: str, name: str, key: str, known: Any) -> ConfigError:
    if key in MOVED and (name == key or name.startswith("features.")):
        return ConfigError(where, N_("{key} is now set once for every feature, in the [calendar] "
                                     "section as {new}"), field=name, key=repr(key),
                           new=repr(MOVED[key]))
    return ConfigError(where, N_("unknown setting {key} (known: {known})"), field=name,
                       key=repr(key), known=", ".join(sorted(known)))


def _apply(obj: Any, values: dict[str, Any], where: str, prefix: str = "", env: bool = False,
           sources: dict[str, str] | None = None) -> None:
    known = {f.name: f for f in fields(obj) if not f.name.startswith("_")}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if sources is not None:
            sources[name] = where
        if key not in known:
            raise _unknown(where, name, key, known)
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(where, N_("expected a table [{key}]"), field=name, key=name)
            _apply(current, value, where, f"{name}.", env, sources)
        elif isinstance(current, dict):
            if not isinstance(value, dict):
                raise ConfigError(where, N_("expected a table [{key}]"), field=name, key=name)
            _merge(current, value, where, name, sources)
        else:
            setattr(obj, key, _convert(value, type(current), where, name, env))


def _merge(current: dict[str, Any], value: dict[str, Any], where: str, name: str,
           sources: dict[str, str] | None) -> None:
    for k, v in value.items():
        if name == "features":
            if not isinstance(v, dict):
                raise ConfigError(where, N_("expected a table [{key}]"), field=f"{name}.{k}",
                                  key=f"{name}.{k}")
            section = current.setdefault(k, {})
            for kk, vv in v.items():  # types are checked by feature_config, which knows them
                if isinstance(vv, dict) and isinstance(section.get(kk), dict):
                    section[kk] = {**section[kk], **vv}
                else:
                    section[kk] = vv
                if sources is not None:
                    sources[f"{name}.{k}.{kk}"] = where
                    sources.update({f"{name}.{k}.{kk}.{x}": where for x in vv}
                                   if isinstance(vv, dict) else {})
        elif name == "jobs":
            if not isinstance(v, str):
                raise _wrong(v, str, where, f"{name}.{k}")
            current[k] = v
        else:
            current[k] = v


def feature_config(settings: Settings, name: str, kind: type[T]) -> T:
    """``[features.<name>]`` as the feature's config dataclass ``kind``: each key checked against
    its field's type and bounds (environment values converted to the type), then the dataclass's
    own checks; a field typed ``WorkCalendar`` is the one ``[calendar]``."""
    raw = settings.features.get(name, {})
    hints = get_type_hints(kind)
    known = {f.name: f for f in fields(kind) if f.init}  # type: ignore[arg-type]
    shared = {n for n in known if hints[n] is WorkCalendar}
    values: dict[str, Any] = {n: settings.calendar.work_calendar() for n in shared}
    for key, value in raw.items():
        full = f"features.{name}.{key}"
        where = settings.where(full)
        if key not in known or key in shared:
            raise _unknown(where, full, key, set(known) - shared)
        values[key] = _convert(value, hints[key], where, full, where.startswith("FLURFUNK_"))
        _bounds(values[key], known[key].metadata.get("between"), where, full)
    try:
        return kind(**values)
    except Invalid as exc:
        full = f"features.{name}.{exc.key}"
        raise ConfigError(settings.where(full), exc.message, field=full, **exc.params) from None


def _read(path: Path, explicit: bool) -> dict[str, Any]:
    if not path.exists():
        if explicit:
            raise ConfigError(path, N_("configuration file not found; check --config"))
        return {}
    if path.is_dir():
        raise ConfigError(path, N_("this is a folder, not a configuration file"))
    try:
        text = safeyaml.read_utf8(path)  # the one UTF-8 reader (also for the NLU training data)
    except safeyaml.Refused as exc:
        raise ConfigError(path, exc.message, exc.line, **exc.params) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, N_("not valid TOML ({problem})"), line=getattr(exc, "lineno", None),
                          problem=getattr(exc, "msg", str(exc))) from None


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Build and check the settings: defaults, then the TOML file, then ``FLURFUNK_*`` variables.

    ``FLURFUNK_DATABASE_URL`` sets ``database_url``; ``FLURFUNK_NLU__BACKEND`` sets ``nlu.backend``.
    A file named with ``--config`` must exist.
    """
    env = os.environ if environ is None else environ
    settings = Settings()
    # --config must exist; FLURFUNK_CONFIG may name an absent file (tests and services use it
    # for "no file, defaults and environment only")
    explicit = path is not None
    path = path or Path(env.get("FLURFUNK_CONFIG", ROOT / "flurfunk.toml"))
    sources: dict[str, str] = {}  # setting -> where it was set (the file or the variable)
    _apply(settings, _read(path, explicit), str(path), sources=sources)
    for key, value in env.items():
        if not key.startswith("FLURFUNK_") or key in {"FLURFUNK_CONFIG", "FLURFUNK_ACTOR"}:
            continue
        if key.startswith("FLURFUNK_TEST_"):
            continue
        parts = key[len("FLURFUNK_") :].lower().split("__")
        target: dict[str, Any] = {}
        cursor = target
        for part in parts[:-1]:
            cursor = cursor.setdefault(part, {})
        cursor[parts[-1]] = value
        _apply(settings, target, key, env=True, sources=sources)
    settings._sources, settings._file = sources, str(path)
    check(settings, settings.where)
    return settings
