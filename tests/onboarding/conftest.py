"""The onboarding tests' runtime answers with the Parse a test gives (tests/chat.py), never with
the trained classifier: ``Chat(runtime).say(..., intent="onboarding_progress")``; without an
intent nothing is understood (as for a name typed in answer to a question). The phrases through
the real NLU: tests/e2e/test_onboarding_chat.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from tests.chat import FixedParser


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    async with Runtime(settings, parser=FixedParser()) as rt:
        yield rt
