"""JSON log lines: one object per event, with extras, exceptions reduced to their last line."""

from __future__ import annotations

import json
import logging

from bot.logs import JsonFormatter


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
