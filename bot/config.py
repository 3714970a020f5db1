"""Settings: ``flurfunk.toml`` overlaid by ``FLURFUNK_*`` variables, built once and passed down."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from nlu.types import THRESHOLD

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):  # not a flows.UserError: bot-only
    """The configuration file or an environment variable is invalid."""


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
    concurrency: int = 4  # outbox posts in flight at once (the rate limit still applies)
    workers: int = 8  # incoming messages handled at once after their ack (others queue)
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


def _coerce(value: str, like: Any, name: str) -> Any:
    if isinstance(like, bool):
        if value.lower() in {"1", "true", "yes", "on"}:
            return True
        if value.lower() in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{name}: expected true or false, got {value!r}")
    if isinstance(like, int):
        try:
            return int(value)
        except ValueError as exc:
            raise ConfigError(f"{name}: expected a whole number, got {value!r}") from exc
    if isinstance(like, float):
        try:
            return float(value)
        except ValueError as exc:
            raise ConfigError(f"{name}: expected a number, got {value!r}") from exc
    return value


def _apply(obj: Any, values: dict[str, Any], where: str) -> None:
    known = {f.name: f for f in fields(obj)}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r}")
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}.{key}: expected a table")
            _apply(current, value, f"{where}.{key}")
        elif isinstance(current, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}.{key}: expected a table")
            current.update(value)
        else:
            if isinstance(value, str) and not isinstance(current, str):
                value = _coerce(value, current, f"{where}.{key}")
            setattr(obj, key, value)


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Build the settings: defaults, then the TOML file, then ``FLURFUNK_*`` variables.

    ``FLURFUNK_DATABASE_URL`` sets ``database_url``; ``FLURFUNK_NLU__BACKEND`` sets ``nlu.backend``.
    """
    env = os.environ if environ is None else environ
    settings = Settings()
    path = path or Path(env.get("FLURFUNK_CONFIG", ROOT / "flurfunk.toml"))
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        _apply(settings, data, str(path))
    for key, value in env.items():
        if not key.startswith("FLURFUNK_") or key == "FLURFUNK_CONFIG":
            continue
        if key.startswith("FLURFUNK_TEST_"):
            continue
        parts = key[len("FLURFUNK_") :].lower().split("__")
        target: dict[str, Any] = {}
        cursor = target
        for part in parts[:-1]:
            cursor = cursor.setdefault(part, {})
        cursor[parts[-1]] = value
        _apply(settings, target, key)
    return settings
