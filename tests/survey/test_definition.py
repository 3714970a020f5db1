"""Survey files: the example is valid; every kind of mistake names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.survey.definition import DefinitionError, parse_survey
from tests.german import english, german
from tests.survey.helpers import EXAMPLE, SURVEY


def test_example_mobile_work_survey_is_valid() -> None:
    s = parse_survey(EXAMPLE)
    assert s.id == "mobiles-arbeiten" and s.schedule == {"cron": "0 9 1 * *"}
    assert [q.type for q in s.questions] == ["scale", "scale", "scale", "choice", "enps", "text"]
    assert s.threshold == 5 and s.text_threshold == 10 and s.segment_by == "department"
    assert s.questions[3].options["de"][-1] == "Nicht mobil"
    assert s.questions[-1].optional and not s.questions[0].optional
    assert s.questions[0].label("en", 5) == "strongly agree"


def test_defaults_and_schedule_once_in_berlin_time() -> None:
    s = parse_survey(Path("x.yml"), SURVEY.replace("anonymity: {threshold: 5, free_text_threshold: 6}\n", ""))
    assert s.threshold == 5 and s.text_threshold == 10
    assert s.schedule == {"once": "2026-09-01T09:00:00+02:00"}
    assert s.reminder_after_days == 3 and s.window_days == 7


@pytest.mark.parametrize(("old", "new", "where"), [
    ("threshold: 5,", "threshold: 2,", "Zeile 9, Feld „anonymity.threshold“: abgelehnt: unter 3 Antworten"),
    ("free_text_threshold: 6}", "free_text_threshold: 4}",
     "Zeile 9, Feld „anonymity.free_text_threshold“: darf nicht unter der Schwelle"),
    ("    type: enps", "    type: slider", "Zeile 15, Feld „questions[1].type“: erlaubt: 'scale', 'enps'"),
    ("{de: Die Technik reicht aus., en: The equipment is sufficient.}",
     "{de: Die Technik reicht aus.}", "Zeile 13, Feld „questions[0].text.en“: fehlt"),
    ("title: {de: Pulsbefragung, en: Pulse survey}", "title: Pulsbefragung",
     "Zeile 2, Feld „title“: bitte den Text auf Deutsch und Englisch angeben"),
    ("title: {de: Pulsbefragung, en: Pulse survey}", "title: {de: Pulsbefragung, en: [Pulse]}",
     "Zeile 2, Feld „title.en“: erwartet wird ein Text"),
    ("schedule: {once: 2026-09-01T09:00}", "schedule: {cron: \"0 25 * * *\"}",
     "Zeile 5, Feld „schedule.cron“: '25' liegt außerhalb von 0-23"),
    ("schedule: {once: 2026-09-01T09:00}", "schedule: {once: nächsten Montag}",
     "Zeile 5, Feld „schedule.once“: bitte Datum und Uhrzeit nach ISO"),
    ("schedule: {once: 2026-09-01T09:00}", "schedule: {once: 2027-02-31}",
     "Zeile 5, Feld „schedule.once“: bitte Datum und Uhrzeit nach ISO"),
    ("reminder_after_days: 3", "reminder_after_days: 9",
     "Zeile 7, Feld „reminder_after_days“: die Erinnerung muss vor dem Ende"),
    ("reminder_after_days: 3", "reminder_after_days: drei",
     "Zeile 7, Feld „reminder_after_days“: erwartet wird eine ganze Zahl"),
    ("audience: everyone", "audience: {teams: [a]}", "Zeile 4, Feld „audience.teams“: unbekanntes Feld"),
    ("audience: everyone", "audience: {started_months_ago: [6, 3]}",
     "Zeile 4, Feld „audience.started_months_ago“: erwartet wird [von, bis]"),
    ("segment_by: department", "segment_by: team", "Zeile 8, Feld „segment_by“: erlaubt:"),
    ("  - id: empfehlung", "  - id: technik",
     "Zeile 14, Feld „questions[1].id“: die Frage-Kennung 'technik' kommt zweimal vor"),
    ("window_days: 7", "window_days: 0", "Zeile 6, Feld „window_days“: mindestens 1"),
    ("owner: hr.owner", "owner: ''", "Zeile 3, Feld „owner“: bitte nur Buchstaben"),
    ("id: puls", "id: Puls Umfrage", "Zeile 1, Feld „id“: bitte nur Kleinbuchstaben"),
    ("window_days: 7", "window_days: 7\ncolour: blue", "Zeile 7, Feld „colour“: unbekanntes Feld"),
])
def test_mistakes_name_file_line_and_field(old: str, new: str, where: str) -> None:
    """Every field is checked by the schema (SurveyIn); the message is German with its line."""
    assert old in SURVEY
    with pytest.raises(DefinitionError) as err:
        parse_survey(Path("puls.yml"), SURVEY.replace(old, new))
    assert german(err.value).startswith("puls.yml, ") and where in german(err.value)


def test_choice_needs_options_in_both_languages() -> None:
    text = SURVEY.replace("    type: yesno\n", "    type: choice\n    options: {de: [a, b], en: [a, b, c]}\n")
    with pytest.raises(DefinitionError) as err:
        parse_survey(Path("puls.yml"), text)
    assert german(err.value) == ("puls.yml, Zeile 19, Feld „questions[2].options“: die deutsche und "
                                 "die englische Liste sind unterschiedlich lang")
    assert english(err.value).endswith("German and English lists differ in length")


def test_broken_yaml_and_only_free_text() -> None:
    with pytest.raises(DefinitionError) as err:
        parse_survey(Path("b.yml"), "id: x\n  title: [\n")
    assert german(err.value).startswith("b.yml, Zeile 2: ein Doppelpunkt (:), wo kein Feld beginnen "
                                        "kann: die Einrückung stimmt nicht")
    only_text = SURVEY.split("questions:")[0] + (
        "questions:\n  - id: a\n    type: text\n    text: {de: a, en: a}\n")
    with pytest.raises(DefinitionError, match="needs at least one question that is not free text"):
        parse_survey(Path("b.yml"), only_text)
