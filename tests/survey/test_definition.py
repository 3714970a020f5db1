"""Survey files: the example is valid; every kind of mistake names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.survey.definition import DefinitionError, parse_survey
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
    ("threshold: 5,", "threshold: 2,", "line 9, field 'anonymity.threshold': refused"),
    ("free_text_threshold: 6}", "free_text_threshold: 4}", "line 9, field 'anonymity.free_text_threshold'"),
    ("    type: enps", "    type: slider", "line 15, field 'questions[1].type'"),
    ("{de: Die Technik reicht aus., en: The equipment is sufficient.}",
     "{de: Die Technik reicht aus.}", "line 13, field 'questions[0].text.en': missing the English"),
    ("title: {de: Pulsbefragung, en: Pulse survey}", "title: Pulsbefragung",
     "line 2, field 'title': give the text in German and English"),
    ("schedule: {once: 2026-09-01T09:00}", "schedule: {cron: \"0 25 * * *\"}",
     "line 5, field 'schedule.cron'"),
    ("schedule: {once: 2026-09-01T09:00}", "schedule: {once: nächsten Montag}",
     "line 5, field 'schedule.once'"),
    ("reminder_after_days: 3", "reminder_after_days: 9", "line 7, field 'reminder_after_days'"),
    ("audience: everyone", "audience: {teams: [a]}", "line 4, field 'audience'"),
    ("audience: everyone", "audience: {started_months_ago: [6, 3]}",
     "line 4, field 'audience.started_months_ago': expected [from, to]"),
    ("segment_by: department", "segment_by: team", "line 8, field 'segment_by'"),
    ("  - id: empfehlung", "  - id: technik",
     "line 14, field 'questions[1].id': question id 'technik' used twice"),
    ("window_days: 7", "window_days: 0", "line 6, field 'window_days'"),
    ("owner: hr.owner", "owner: ''", "line 3, field 'owner'"),
    ("id: puls", "id: Puls Umfrage", "line 1, field 'id'"),
    ("window_days: 7", "window_days: 7\ncolour: blue", "line 7, field 'colour': unknown field"),
])
def test_mistakes_name_file_line_and_field(old: str, new: str, where: str) -> None:
    assert old in SURVEY
    with pytest.raises(DefinitionError) as err:
        parse_survey(Path("puls.yml"), SURVEY.replace(old, new))
    assert str(err.value).startswith("puls.yml, ") and where in str(err.value)


def test_choice_needs_options_in_both_languages() -> None:
    text = SURVEY.replace("    type: yesno\n", "    type: choice\n    options: {de: [a, b], en: [a, b, c]}\n")
    with pytest.raises(DefinitionError, match=r"field 'questions\[2\].options.en': German and English"):
        parse_survey(Path("puls.yml"), text)


def test_broken_yaml_and_only_free_text() -> None:
    with pytest.raises(DefinitionError, match=r"^b.yml, line 2: not valid YAML"):
        parse_survey(Path("b.yml"), "id: x\n  title: [\n")
    only_text = SURVEY.split("questions:")[0] + (
        "questions:\n  - id: a\n    type: text\n    text: {de: a, en: a}\n")
    with pytest.raises(DefinitionError, match="needs at least one question that is not free text"):
        parse_survey(Path("b.yml"), only_text)
