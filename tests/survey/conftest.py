"""Survey tests write result charts and data keys into the test's own directory, and their
runtime answers with the Parse a test gives (tests/chat.py), never with the trained classifier."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from tests.chat import FixedParser


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    settings.features["survey"] = {"chart_dir": str(tmp_path / "charts"),
                                   "key_dir": str(tmp_path / "keys")}
    return settings


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """The started runtime with a FixedParser: ``say(..., intent="survey_start")`` gives the
    intent the classifier would find; without one, nothing is understood (as for an answer)."""
    async with Runtime(settings, parser=FixedParser()) as rt:
        yield rt
