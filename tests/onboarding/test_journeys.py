"""Journey files: the shipped ones load; broken ones are refused with file, line and field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flows.onboarding.journeys import JourneyError, Journeys, add_months
from tests.german import german

ROOT = Path(__file__).resolve().parents[2]
GOOD = """\
kind: onboarding
title: T
steps:
  - id: a
    when: day -3
    title: A
    message: Hallo {name}
  - id: b
    when: week 2
    audience: [hire, lead]
    title: B
    message: Checkliste
    checklist:
      - id: x
        text: Ausweis abholen
"""


def load(tmp_path: Path, text: str, en: str | None = None) -> Journeys:
    (tmp_path / "j.de.yml").write_text(text, encoding="utf-8")
    if en is not None:
        (tmp_path / "j.en.yml").write_text(en, encoding="utf-8")
    return Journeys.load(tmp_path)


def test_shipped_journeys_load_in_both_languages() -> None:
    journeys = Journeys.load(ROOT / "content" / "onboarding")
    assert journeys.names() == ["handover", "onboarding"]
    de, en = journeys.get("onboarding", "de"), journeys.get("onboarding", "en")
    assert de and en and len(de.items) == 8 and [s.id for s in de.steps] == [s.id for s in en.steps]
    assert {s.when for s in de.steps} >= {"day -3", "day 1", "day 2", "week 1", "week 2", "month 1",
                                          "month 3", "month 6"}
    handover = journeys.get("handover")
    assert handover and handover.kind == "handover"
    assert any("successor" in s.audience for s in handover.steps)


def test_due_dates_count_from_the_start_date() -> None:
    journeys = Journeys.load(ROOT / "content" / "onboarding")
    j = journeys.get("onboarding")
    assert j is not None
    start = date(2026, 8, 31)
    due = {s.id: s.due_date(start) for s in j.steps}
    assert due["welcome"] == date(2026, 8, 28)
    assert due["first-day"] == start and due["checklist"] == date(2026, 9, 1)
    assert due["close"] == date(2027, 2, 28)  # month 6, clamped from 31 February
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


@pytest.mark.parametrize(("change", "expected"), [
    (("when: week 2", "when: fortnight"),
     "Zeile 9, Feld „steps[1].when“: bitte „day N“, „week N“ oder „month N“ schreiben"),
    (("audience: [hire, lead]", "audience: [hire, successor]"),
     "Zeile 10, Feld „steps[1].audience“: für eine Begleitung der Art onboarding bitte hire, lead, pate"),
    (("message: Hallo {name}", "message: Hallo {vorname}"),
     "Zeile 7, Feld „steps[0].message“: unbekannte(r) Platzhalter vorname"),
    (("message: Hallo {name}", "message: Hallo {name"), "Zeile 7, Feld „steps[0].message“: fehlerhafter"),
    (("    title: A\n", ""), "Zeile 4, Feld „steps[0].title“: fehlt"),
    (("    title: A\n", "    title: [A]\n"), "Zeile 6, Feld „steps[0].title“: erwartet wird ein Text"),
    (("      - id: x", "      - id: a"), "Zeile 14, Feld „steps[1].checklist[0].id“: 'a' kommt zweimal vor"),
    (("      - id: x", "      - id: X Y"),
     "Zeile 14, Feld „steps[1].checklist[0].id“: bitte nur Kleinbuchstaben, Ziffern, - und _"),
    (("kind: onboarding", "kind: offboarding"), "Zeile 1, Feld „kind“: erlaubt: 'onboarding', 'handover'"),
    (("title: T\n", "title: T\ncolour: blue\n"), "Zeile 3, Feld „colour“: unbekanntes Feld"),
    (("    checklist:\n", "    checklist: keine\n      - \n"),
     "Zeile 15: ein Doppelpunkt (:), wo kein Feld beginnen kann: die Einrückung stimmt nicht"),
])
def test_broken_files_name_file_line_and_field(tmp_path: Path, change: tuple[str, str],
                                               expected: str) -> None:
    """Every field is checked by the schema (JourneyIn): German, with file, line and field."""
    old, new = change
    assert old in GOOD
    with pytest.raises(JourneyError) as err:
        load(tmp_path, GOOD.replace(old, new))
    assert german(err.value).startswith(str(tmp_path / "j.de.yml")) and expected in german(err.value)


def test_translation_must_keep_ids_and_timing(tmp_path: Path) -> None:
    assert load(tmp_path, GOOD, GOOD.replace("Hallo", "Hello")).get("j", "en") is not None
    with pytest.raises(JourneyError, match=r"j\.en\.yml: steps, timing"):
        load(tmp_path, GOOD, GOOD.replace("week 2", "week 3"))


def test_a_journey_needs_a_german_file(tmp_path: Path) -> None:
    (tmp_path / "j.en.yml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(JourneyError, match="no German file"):
        Journeys.load(tmp_path)
