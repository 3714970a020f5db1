"""Whole conversations through the real NLU: here ``runtime`` is the one with the trained
classifier (``nlu_runtime`` of tests/conftest.py), so what people say is classified."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.runtime import Runtime


@pytest.fixture
async def runtime(nlu_runtime: Runtime) -> AsyncIterator[Runtime]:
    yield nlu_runtime
