"""Typed answers in words, numbers and with typos (the cron of recurring runs: tests/flows/test_cron.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from flows.survey.answers import LATER, SKIP, parse_answer
from flows.survey.definition import SCALE_LABELS, Question

SCALE = Question("a", "scale", {"de": "x", "en": "x"}, {k: list(v) for k, v in SCALE_LABELS.items()})
ENPS = Question("b", "enps", {"de": "x", "en": "x"})
YESNO = Question("c", "yesno", {"de": "x", "en": "x"})
CHOICE = Question("d", "choice", {"de": "x", "en": "x"},
                  {"de": ["Überwiegend mobil", "Etwa zur Hälfte mobil", "Nicht mobil"],
                   "en": ["Mostly mobile", "About half mobile", "Not mobile"]})
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(("q", "text", "value"), [
    (SCALE, "4", 4), (SCALE, "eher ja", 4), (SCALE, "stimme zu", 4), (SCALE, "Stimme voll zu!", 5),
    (SCALE, "stimme ehr zu", 4), (SCALE, "teils, teils", 3), (SCALE, "stimme gar nicht zu", 1),
    (SCALE, "eher nicht", 2), (SCALE, "rather agree", 4), (SCALE, "6", None), (SCALE, "blau", None),
    (ENPS, "0", 0), (ENPS, "10", 10), (ENPS, "eine 8", 8), (ENPS, "7 von 10", 7), (ENPS, "8/10", 8),
    (ENPS, "11", None), (ENPS, "sehr", None),
    (YESNO, "ja", 1), (YESNO, "Nö", 0), (YESNO, "eher ja", 1), (YESNO, "nein.", 0), (YESNO, "yes", 1),
    (CHOICE, "2", 2), (CHOICE, "nicht mobil", 3), (CHOICE, "überwiegend mobil", 1),
    (CHOICE, "Hälfte", 2), (CHOICE, "mostly mobile", 1), (CHOICE, "mobil", None), (CHOICE, "4", None),
])
def test_typed_answers(q: Question, text: str, value: int | None) -> None:
    assert parse_answer(q, text) == value


def test_later_and_skip_words() -> None:
    assert all(LATER.match(t) for t in ("später", "Spaeter!", "nicht jetzt", "later"))
    assert not LATER.match("später arbeite ich mobil")
    assert all(SKIP.match(t) for t in ("überspringen", "keine Angabe", "-", "skip"))
