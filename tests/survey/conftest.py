"""Survey tests write result charts and data keys into the test's own directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    settings.features["survey"] = {"chart_dir": str(tmp_path / "charts"),
                                   "key_dir": str(tmp_path / "keys")}
    return settings
