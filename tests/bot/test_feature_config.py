"""[features.<name>] read into each feature's config dataclass by the one validator, and the one
[calendar] every feature shares: types, bounds, environment values, messages naming the key."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, Settings, feature_config, load_settings
from bot.settings_checks import SettingError
from flows.calendar import WorkCalendar
from flows.commitments.config import CommitmentsConfig
from flows.lunch.config import LunchConfig
from flows.onboarding.config import OnboardingConfig
from flows.privacy.config import PrivacyConfig
from flows.survey.config import SurveyConfig

CONFIGS: dict[str, Any] = {"commitments": CommitmentsConfig, "lunch": LunchConfig,
                           "onboarding": OnboardingConfig, "privacy": PrivacyConfig,
                           "survey": SurveyConfig}


def settings(tmp_path: Path, toml: str, env: dict[str, str] | None = None) -> Settings:
    path = tmp_path / "flurfunk.toml"
    path.write_text(toml, encoding="utf-8")
    return load_settings(path, environ=env or {})


def test_defaults_are_the_dataclass_defaults_and_one_calendar(tmp_path: Path) -> None:
    s = settings(tmp_path, "")
    for name, kind in CONFIGS.items():
        assert feature_config(s, name, kind) == kind()
    assert s.calendar.work_calendar() == WorkCalendar()  # the defaults agree


def test_values_of_every_type(tmp_path: Path) -> None:
    s = settings(tmp_path, """
[features.lunch]
group_size = 4
every_weeks = 2
anchor = 2026-09-14
followup = false
[features.survey]
chart_dir = "/srv/charts"
[features.privacy.retention]
"core.messages" = 30
""")
    lunch = feature_config(s, "lunch", LunchConfig)
    assert (lunch.group_size, lunch.every_weeks, lunch.anchor, lunch.followup) == (
        4, 2, date(2026, 9, 14), False)
    assert feature_config(s, "survey", SurveyConfig).chart_dir == Path("/srv/charts")
    assert feature_config(s, "privacy", PrivacyConfig).retention == {"core.messages": 30}


def test_one_calendar_reaches_every_feature(tmp_path: Path) -> None:
    s = settings(tmp_path, '[calendar]\nstate = "be"\ntimezone = "Europe/Vienna"\n'
                           'work_start = "07:30"\nwork_end = 16:00:00\nsend_time = "10:00"\n')
    want = WorkCalendar("BE", "DE", "Europe/Vienna", time(7, 30), time(16), time(10))
    for name, kind in CONFIGS.items():
        if name != "privacy":
            assert feature_config(s, name, kind).calendar == want, name
    assert s.timezone == "Europe/Vienna"  # the jobs' and the display time zone too
    assert want.is_working_day(date(2026, 1, 6))  # no Epiphany in Berlin


def test_environment_values_take_the_fields_type(tmp_path: Path) -> None:
    s = settings(tmp_path, "", {"FLURFUNK_FEATURES__COMMITMENTS__BEFORE_DAYS": "2",
                                "FLURFUNK_FEATURES__LUNCH__FOLLOWUP": "nein",
                                "FLURFUNK_FEATURES__LUNCH__ANCHOR": "2026-09-14",
                                "FLURFUNK_FEATURES__PRIVACY__RETENTION__LUNCH.HISTORY": "30",
                                "FLURFUNK_CALENDAR__WORK_START": "07:00"})
    assert feature_config(s, "commitments", CommitmentsConfig).before_days == 2
    lunch = feature_config(s, "lunch", LunchConfig)
    assert (lunch.followup, lunch.anchor) == (False, date(2026, 9, 14))
    assert feature_config(s, "privacy", PrivacyConfig).retention == {"lunch.history": 30}
    assert lunch.calendar.work_start == time(7)
    bad = settings(tmp_path, "", {"FLURFUNK_FEATURES__COMMITMENTS__BEFORE_DAYS": "drei"})
    with pytest.raises(ConfigError, match=r"FLURFUNK_FEATURES__COMMITMENTS__BEFORE_DAYS.*"
                                          r"before_days.*expected a whole number"):
        feature_config(bad, "commitments", CommitmentsConfig)


@pytest.mark.parametrize(("name", "toml", "message"), [
    ("lunch", "group_size = 5", "features.lunch.group_size'.*between 2 and 4, got 5"),
    ("lunch", "group_size = true", "group_size'.*expected a whole number"),
    ("lunch", 'anchor = "2026-09-15"', "anchor'.*must be a Monday"),
    ("lunch", 'anchor = "Montag"', "anchor'.*expected a date"),
    ("lunch", "pairs = 2", "unknown setting 'pairs'"),
    ("lunch", "calendar = 1", "unknown setting 'calendar'"),
    ("commitments", 'before_days = "3"', "before_days'.*expected a whole number"),
    ("commitments", "overdue_max = -1", "overdue_max'.*at least 0"),
    ("onboarding", "late_enrol_days = 0", "late_enrol_days'.*at least 1"),
    ("privacy", 'retention = {"core.messages" = 0}', "retention.core.messages'.*at least 1"),
    ("privacy", 'retention = 30', r"expected a table \[features.privacy.retention\]"),
    ("survey", "chart_dir = 3", "chart_dir'.*expected a text"),
])
def test_bad_feature_settings_name_the_key(tmp_path: Path, name: str, toml: str,
                                           message: str) -> None:
    s = settings(tmp_path, f"[features.{name}]\n{toml}\n")
    with pytest.raises(ConfigError, match=message) as info:
        feature_config(s, name, CONFIGS[name])
    assert "flurfunk.toml" in str(info.value)


@pytest.mark.parametrize(("toml", "message"), [
    ('timezone = "Europe/Berlin"', "'timezone' is now set once .* \\[calendar\\]"),
    ('[features.lunch]\nstate = "HB"', "features.lunch.state'.*\\[calendar\\] section as 'state'"),
    ("[features.survey]\nask_again_hour = 10", "\\[calendar\\] section as 'send_time'"),
    ('[features.onboarding]\nsend_time = "10:00"', "\\[calendar\\] section as 'send_time'"),
])
def test_calendar_keys_moved_say_where_to(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        s = settings(tmp_path, toml + "\n")
        for name, kind in CONFIGS.items():
            feature_config(s, name, kind)


@pytest.mark.parametrize(("toml", "message"), [
    ('state = "XX"', "calendar.state'.*unknown German state 'XX'"),
    ('timezone = "Mars/Base"', "calendar.timezone'.*unknown time zone"),
    ('work_start = "17:00"', "calendar.work_end'.*must end after"),
    ('send_time = "18:00"', "calendar.send_time'.*within the working hours"),
    ('send_time = "neun"', "calendar.send_time'.*expected a time of day"),
])
def test_bad_calendar_is_refused_at_load(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises((ConfigError, SettingError), match=message):
        settings(tmp_path, f"[calendar]\n{toml}\n")


def test_messages_are_german_first(tmp_path: Path) -> None:
    from bot.i18n import Translations

    s = settings(tmp_path, "[features.lunch]\ngroup_size = 9\n")
    with pytest.raises(ConfigError) as info:
        feature_config(s, "lunch", LunchConfig)
    german = info.value.render(Translations(default="de").for_locale("de"))
    assert "features.lunch.group_size" in german and "zwischen 2 und 4" in german


def test_the_states_are_the_holiday_packages() -> None:
    import holidays

    from bot.settings_checks import STATES

    assert set(STATES) == {s.upper() for s in holidays.country_holidays("DE").subdivisions}
