"""Journey files: the shipped ones load; broken ones are refused with file, line and field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flows.onboarding.journeys import JourneyError, Journeys, add_months

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
    (("when: week 2", "when: fortnight"), "line 9, field 'when'"),
    (("audience: [hire, lead]", "audience: [hire, successor]"), "line 10, field 'audience'"),
    (("message: Hallo {name}", "message: Hallo {vorname}"), "line 7, field 'message': unknown placeholder"),
    (("    title: A\n", ""), "field 'title': missing"),
    (("      - id: x", "      - id: a"), "field 'id': 'a' is used twice"),
    (("kind: onboarding", "kind: offboarding"), "line 1, field 'kind'"),
    (("    checklist:\n", "    checklist: keine\n      - \n"), "not valid YAML"),
])
def test_broken_files_name_file_line_and_field(tmp_path: Path, change: tuple[str, str],
                                               expected: str) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(JourneyError) as err:
        load(tmp_path, GOOD.replace(old, new))
    assert str(tmp_path / "j.de.yml") in str(err.value) and expected in str(err.value)


def test_translation_must_keep_ids_and_timing(tmp_path: Path) -> None:
    assert load(tmp_path, GOOD, GOOD.replace("Hallo", "Hello")).get("j", "en") is not None
    with pytest.raises(JourneyError, match=r"j\.en\.yml: steps, timing"):
        load(tmp_path, GOOD, GOOD.replace("week 2", "week 3"))


def test_a_journey_needs_a_german_file(tmp_path: Path) -> None:
    (tmp_path / "j.en.yml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(JourneyError, match="no German file"):
        Journeys.load(tmp_path)
