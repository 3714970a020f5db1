"""Log lines: one JSON object per event, with extras, exceptions reduced to their last line; in the
operator's language (German by default), every one of ours translated."""

from __future__ import annotations

import ast
import json
import logging
import re
from pathlib import Path

from bot import logs
from bot.i18n import SOURCES, Translations
from bot.logs import JsonFormatter, PlainFormatter
from nlu.fallback import REASONS


def test_json_line() -> None:
    record = logging.LogRecord("bot.jobs", logging.INFO, "x", 1, "job %s ran", ("lunch.run_round",), None)
    record.items = 3
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["event"] == "job lunch.run_round ran" and data["items"] == 3
    assert data["level"] == "info" and data["logger"] == "bot.jobs"


def test_exception_is_one_line() -> None:
    try:
        raise ValueError("kaputt")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, "x", 1, "failed", (), sys.exc_info())
    data = json.loads(JsonFormatter().format(record))
    assert data["exc"] == "ValueError: kaputt"


# --- log lines in the operator's language ------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
LEVELS = {"info", "warning", "error", "exception", "critical"}
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def _outbox_record() -> logging.LogRecord:
    return logging.LogRecord("bot.outbox", logging.ERROR, "x", 1,
                             "outbox message %s failed after %d attempts (%s)", ("m1", 5, "HTTP 500"),
                             None)


def test_a_log_line_is_written_in_the_operators_language() -> None:
    record = _outbox_record()
    german = PlainFormatter(logs.catalog("de")).format(record)
    assert german.endswith("ERROR bot.outbox Postausgang-Nachricht m1 nach 5 Versuchen gescheitert "
                           "(HTTP 500)")
    assert PlainFormatter(logs.catalog("en")).format(record).endswith(
        "outbox message m1 failed after 5 attempts (HTTP 500)")
    data = json.loads(JsonFormatter(logs.catalog("de")).format(record))
    assert data["event"].startswith("Postausgang-Nachricht m1")
    assert data["msgid"] == "outbox message %s failed after %d attempts (%s)"
    assert record.getMessage() == "outbox message m1 failed after 5 attempts (HTTP 500)"  # untouched


def test_a_line_the_catalog_does_not_know_is_written_as_it_is() -> None:
    record = logging.LogRecord("apscheduler", logging.WARNING, "x", 1, "Run time of job %s was missed",
                               ("j",), None)
    assert PlainFormatter(logs.catalog("de")).format(record).endswith("Run time of job j was missed")


def _log_format_strings() -> list[tuple[str, str]]:
    """(where, format string) of every log call with a literal first argument in the sources."""
    found = []
    files = [p for s in SOURCES for p in ((ROOT / s).rglob("*.py") if (ROOT / s).is_dir() else [ROOT / s])]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in LEVELS and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in ("log", "logger") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0].value))
    return found + [(f"nlu/fallback.py REASONS[{k!r}]", v) for k, v in REASONS.items()]


def test_every_log_line_of_ours_has_a_german_translation_with_the_same_placeholders() -> None:
    found = _log_format_strings()
    assert len(found) > 80  # the scan sees the log calls
    german = Translations(default="de").for_locale("de")
    missing, mismatched = [], []
    for where, msgid in found:
        text = german.gettext(msgid)
        if msgid != "%s" and text == msgid:
            missing.append(f"{where}: {msgid}")
        elif PLACEHOLDER.findall(text) != PLACEHOLDER.findall(msgid):
            mismatched.append(f"{where}: {msgid} -> {text}")
    assert not missing, "untranslated log lines (make extract, then the de .po):\n" + "\n".join(missing)
    assert not mismatched, "placeholders differ:\n" + "\n".join(mismatched)
