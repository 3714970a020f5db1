"""Logging set-up: one line per event, plain or JSON; never message contents or survey answers.

Log lines are written in the operator's language (``default_locale``, German unless configured):
the format strings in code are English msgids ("outbox message %s failed after %d attempts
(%s)"), extracted with the UI strings (bot/i18n.py KEYWORDS) and translated in the catalogs; the
formatter translates a record's format string before it fills in the arguments. Tests see the
msgids (caplog reads the records, not this handler's lines); a library's own lines stay as they are.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


Gettext = Callable[[str], str]


def translated(record: logging.LogRecord, gettext: Gettext | None) -> logging.LogRecord:
    """``record`` with its format string in the catalog's language (a copy: other handlers, and
    tests, keep the msgid)."""
    if gettext is None or not isinstance(record.msg, str):
        return record
    text = gettext(record.msg)
    if text == record.msg:
        return record
    copy = logging.makeLogRecord(record.__dict__)
    copy.msg = text
    return copy


class PlainFormatter(logging.Formatter):
    """``time LEVEL logger event``, the event in the catalog's language."""

    def __init__(self, gettext: Gettext | None = None) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.gettext = gettext

    def format(self, record: logging.LogRecord) -> str:
        return super().format(translated(record, self.gettext))


class JsonFormatter(logging.Formatter):
    """``{"ts": ..., "level": ..., "logger": ..., "event": ..., "msgid": ..., **extra}`` on one
    line: ``event`` in the catalog's language, ``msgid`` the English format string (the same in
    every installation, for searching and alerting)."""

    def __init__(self, gettext: Gettext | None = None) -> None:
        super().__init__()
        self.gettext = gettext

    def format(self, record: logging.LogRecord) -> str:
        msgid = record.msg
        record = translated(record, self.gettext)
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        if isinstance(msgid, str) and msgid != record.msg:
            entry["msgid"] = msgid
        entry |= {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(entry, ensure_ascii=False, default=str)


def catalog(locale: str | None) -> Gettext | None:
    """The gettext of ``locale``'s catalog (None: log the msgids as they are)."""
    if locale is None:
        return None
    from bot.i18n import Translations  # Babel: only where lines are translated

    return Translations(default="de").for_locale(locale).gettext


def setup(level: int, json_lines: bool, locale: str | None = None) -> None:
    """One handler on stderr, plain or JSON lines, in ``locale``'s language."""
    gettext = catalog(locale)
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(gettext) if json_lines else PlainFormatter(gettext))
    handler.set_name("flurfunk")
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if h.get_name() != "flurfunk"] + [handler]
    root.setLevel(level)
    for noisy in ("apscheduler", "httpx", "aiosqlite", "asyncio"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
