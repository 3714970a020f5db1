"""Settings: defaults, the TOML file, FLURFUNK_* variables, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_defaults_use_sqlite_under_var(tmp_path: Path) -> None:
    (tmp_path / "empty.toml").write_text("")
    s = load_settings(tmp_path / "empty.toml", environ={})
    assert s.db_url.startswith("sqlite+aiosqlite:///") and s.db_url.endswith("var/flurfunk.db")
    assert s.nlu.backend == "embedded"


def test_file_then_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "flurfunk.toml"
    cfg.write_text('[calendar]\ntimezone = "Europe/Berlin"\n[nlu]\nthreshold = 0.5\n'
                   '[jobs]\n"x.y" = "0 8 * * *"\n')
    s = load_settings(cfg, environ={"FLURFUNK_DATABASE_URL": "postgresql+asyncpg://h/db",
                                    "FLURFUNK_NLU__THRESHOLD": "0.6",
                                    "FLURFUNK_TEST_DATABASE_URL": "ignored"})
    assert s.database_url == "postgresql+asyncpg://h/db"
    assert s.nlu.threshold == 0.6
    assert s.jobs == {"x.y": "0 8 * * *"}


@pytest.mark.parametrize(
    ("toml", "env", "message"),
    [
        ("nonsense = 1\n", {}, "unknown setting 'nonsense'"),
        ("[nlu\n", {}, "flurfunk.toml"),
        ("", {"FLURFUNK_NLU__THRESHOLD": "hoch"}, "FLURFUNK_NLU__THRESHOLD"),
    ],
)
def test_errors_name_the_setting(tmp_path: Path, toml: str, env: dict, message: str) -> None:
    cfg = tmp_path / "flurfunk.toml"
    cfg.write_text(toml)
    with pytest.raises(ConfigError, match=message):
        load_settings(cfg, environ=env)
