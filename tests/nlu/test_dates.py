"""Rule-based dates in German and English."""

from __future__ import annotations

from datetime import date

import pytest

from nlu.dates import extract_dates, parse_date

TODAY = date(2026, 5, 21)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bin bis 15.8. im Urlaub", date(2026, 8, 15)),
        ("bis zum 01.09.2012", date(2012, 9, 1)),
        ("bis 25. Mai", date(2026, 5, 25)),
        ("Konzept bis 1. September", date(2026, 9, 1)),
        ("until 2026-12-31", date(2026, 12, 31)),
        ("morgen", date(2026, 5, 22)),
        ("nächsten Montag", date(2026, 5, 25)),
        ("in 2 Wochen", date(2026, 6, 4)),
        ("in drei Tagen", date(2026, 5, 24)),
        ("next friday", date(2026, 5, 22)),
        ("bis 3.1.", date(2027, 1, 3)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text, "de", TODAY) == expected


@pytest.mark.parametrize("text", ["hallo", "Wie viel darf ich mobil arbeiten?", "31.2.", "40 Prozent"])
def test_no_date(text: str) -> None:
    assert parse_date(text, "de", TODAY) is None


def test_offsets_point_at_the_text() -> None:
    [hit] = extract_dates("Ich bin bis 15.8. weg", "de", TODAY)
    assert "Ich bin bis 15.8. weg"[hit.start : hit.end] == "15.8."
