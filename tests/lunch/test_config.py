"""[features.lunch]: defaults, validation with clear messages."""

from __future__ import annotations

from datetime import date

import pytest

from flows.lunch.config import make_config
from flows.lunch.prefs import match_site, parse_weekdays
from flows.types import UserError


def test_defaults_and_values() -> None:
    config = make_config({})
    assert (config.group_size, config.every_weeks, config.recency_weeks) == (2, 1, 12)
    config = make_config({"group_size": 4, "every_weeks": 2, "anchor": "2026-09-14", "state": "hb"})
    assert (config.group_size, config.every_weeks, config.anchor, config.state) == (
        4, 2, date(2026, 9, 14), "HB")


@pytest.mark.parametrize(("raw", "message"), [
    ({"group_size": 5}, "[features.lunch] group_size: expected a whole number from 2 to 4"),
    ({"group_size": True}, "group_size: expected a whole number"),
    ({"anchor": "2026-09-15"}, "anchor: must be a Monday"),
    ({"anchor": "Montag"}, "anchor: not a date"),
    ({"state": "XX"}, "state: unknown German state 'XX'"),
    ({"pairs": 2}, "unknown setting(s) pairs"),
])
def test_bad_settings_say_what_and_where(raw: dict[str, object], message: str) -> None:
    with pytest.raises(UserError) as info:
        make_config(raw)
    assert message in str(info.value)


@pytest.mark.parametrize(("text", "days"), [
    ("Ich kann nur dienstags und donerstags", {1, 3}),
    ("mo-mi passt", {0, 1, 2}),
    ("Mittwoch bis Freitag", {2, 3, 4}),
    ("Wochentag ist mir egal", set()),
    ("Tuesdays and Thursdays", {1, 3}),
])
def test_weekdays_from_chat(text: str, days: set[int]) -> None:
    assert parse_weekdays(text, "en" if "Tues" in text else "de") == frozenset(days)


def test_no_weekday_and_site_typos() -> None:
    assert parse_weekdays("ich mache mit") is None
    assert parse_weekdays("I do like lunch", "en") is None  # "do" is Donnerstag only in German
    assert match_site("bin jetzt in vegesak", ["Vegesack", "Am Wall"]) == "Vegesack"
    assert match_site("Standort Am Wall", ["Vegesack", "Am Wall"]) == "Am Wall"
    assert match_site("keine Ahnung", ["Vegesack", "Am Wall"]) is None
