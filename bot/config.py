"""Settings: ``flurfunk.toml`` overlaid by ``FLURFUNK_*`` variables, built once and passed down."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from bot.settings_checks import check
from flows.files import FileError, Msgid
from flows.types import N_
from nlu.types import THRESHOLD

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
    rasa_threshold: float = 0.3  # the FallbackClassifier threshold in nlu/config.yml
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
class Settings:
    database_url: str = ""
    timezone: str = "Europe/Berlin"
    default_locale: str = "de"
    content_dir: str = "content"
    var_dir: str = "var"
    log_json: bool = False
    nlu: NluSettings = field(default_factory=NluSettings)
    outbox: OutboxSettings = field(default_factory=OutboxSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    matrix: MatrixSettings = field(default_factory=MatrixSettings)
    slack_api_url: str = ""  # FLURFUNK_SLACK_API_URL: Web API base (tests, on-premise proxies)
    features: dict[str, dict[str, Any]] = field(default_factory=dict)
    jobs: dict[str, str] = field(default_factory=dict)  # job id -> cron, e.g. "0 9 * * mon"

    def path(self, value: str) -> Path:
        """Resolve a configured path relative to the project root."""
        p = Path(value)
        return p if p.is_absolute() else ROOT / p

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.path(self.var_dir) / 'flurfunk.db'}"


def _coerce(value: str, like: Any, where: str, key: str) -> Any:
    """An environment value converted to the type of the setting it overrides."""
    if isinstance(like, bool):
        if value.lower() in {"1", "true", "yes", "on", "ja"}:
            return True
        if value.lower() in {"0", "false", "no", "off", "nein"}:
            return False
        raise ConfigError(where, N_("expected true or false, got {value}"), field=key, value=value)
    if isinstance(like, int):
        try:
            return int(value)
        except ValueError:
            raise ConfigError(where, N_("expected a whole number, got {value}"), field=key,
                              value=value) from None
    if isinstance(like, float):
        try:
            return float(value)
        except ValueError:
            raise ConfigError(where, N_("expected a number, got {value}"), field=key,
                              value=value) from None
    return value


def toml_value(value: str) -> Any:
    """An environment value for a setting without a declared type (``[features.*]``): read as a
    TOML value (``2`` -> 2, ``true`` -> True, ``[1, 2]``), else taken as text."""
    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return value


_KINDS = {bool: Msgid(N_("true or false")), int: Msgid(N_("a whole number")),
          float: Msgid(N_("a number")), str: Msgid(N_("a text (in quotes)"))}


def _typed(value: Any, current: Any, where: str, key: str) -> Any:
    """``value`` if it has the type of the setting's default (an int is fine for a float)."""
    kind = type(current)
    ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not ok:
        raise ConfigError(where, N_("expected {kind}, got {value}"), field=key,
                          kind=_KINDS.get(kind, kind.__name__), value=repr(value))
    return value


def _apply(obj: Any, values: dict[str, Any], where: str, prefix: str = "", env: bool = False,
           sources: dict[str, str] | None = None) -> None:
    known = {f.name: f for f in fields(obj)}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if sources is not None:
            sources[name] = where
        if key not in known:
            raise ConfigError(where, N_("unknown setting {key} (known: {known})"), field=name,
                              key=repr(key), known=", ".join(sorted(known)))
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(where, N_("expected a table [{key}]"), field=name, key=name)
            _apply(current, value, where, f"{name}.", env, sources)
        elif isinstance(current, dict):
            if not isinstance(value, dict):
                raise ConfigError(where, N_("expected a table [{key}]"), field=name, key=name)
            _merge(current, value, where, name, env)
            if sources is not None:
                sources.update({f"{name}.{k}": where for k in value})
        else:
            if env and isinstance(value, str) and not isinstance(current, str):
                value = _coerce(value, current, where, name)
            setattr(obj, key, _typed(value, current, where, name))


def _merge(current: dict[str, Any], value: dict[str, Any], where: str, name: str, env: bool) -> None:
    for k, v in value.items():
        if name == "features":
            if not isinstance(v, dict):
                raise ConfigError(where, N_("expected a table [{key}]"), field=f"{name}.{k}",
                                  key=f"{name}.{k}")
            section = current.setdefault(k, {})
            section.update({kk: toml_value(vv) if env and isinstance(vv, str) else vv
                            for kk, vv in v.items()})
        elif name == "jobs":
            if not isinstance(v, str):
                raise ConfigError(where, N_("expected {kind}, got {value}"), field=f"{name}.{k}",
                                  kind=_KINDS[str], value=repr(v))
            current[k] = v
        else:
            current[k] = v


def _read(path: Path, explicit: bool) -> dict[str, Any]:
    if not path.exists():
        if explicit:
            raise ConfigError(path, N_("configuration file not found; check --config"))
        return {}
    if path.is_dir():
        raise ConfigError(path, N_("this is a folder, not a configuration file"))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(path, N_("cannot read the file ({reason})"), reason=exc.strerror) from None
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(path, N_("unreadable characters; save the file as UTF-8"), line=line) from None
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
    check(settings, lambda name: sources.get(name, str(path)))
    return settings
