"""Lunch preferences from chat (the [features.lunch] settings: tests/bot/test_feature_config.py)."""

from __future__ import annotations

import pytest

from flows.lunch.prefs import match_site, parse_weekdays


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
