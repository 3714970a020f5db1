"""Rasa first, the embedded model when Rasa is unreachable, slow or wrong; a circuit breaker
skips Rasa for a while after repeated failures and tries again later (recovery is automatic)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import date

import httpx

from nlu.rasa import RasaError
from nlu.types import Parse, Parser

log = logging.getLogger(__name__)


class CircuitBreaker:
    """closed -> (``failures`` in a row) -> open for ``cooldown`` s -> half-open: one trial."""

    def __init__(self, failures: int = 3, cooldown: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = failures
        self.cooldown = cooldown
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock() - self.opened_at >= self.cooldown else "open"

    def allow(self) -> bool:
        return self.state != "open"

    def success(self) -> None:
        if self.opened_at is not None:
            log.info("Rasa answers again; circuit closed")
        self.failures, self.opened_at = 0, None

    def failure(self) -> None:
        self.failures += 1
        if self.state == "half-open" or self.failures >= self.max_failures:
            if self.state != "open":
                log.warning("Rasa failed %d times; skipping it for %.0f s", self.failures,
                            self.cooldown)
            self.opened_at = self.clock()


class FallbackParser:
    """A Parser that asks ``primary`` (Rasa) and falls back to ``fallback`` (embedded)."""

    def __init__(self, primary: Parser, fallback: Parser, breaker: CircuitBreaker,
                 timeout: float = 0.3) -> None:
        self.primary = primary
        self.fallback = fallback
        self.breaker = breaker
        self.timeout = timeout

    async def parse(self, text: str, locale: str = "de", today: date | None = None) -> Parse:
        if self.breaker.allow():
            try:
                result = await asyncio.wait_for(self.primary.parse(text, locale, today), self.timeout)
            except (httpx.HTTPError, RasaError, TimeoutError) as exc:
                self.breaker.failure()
                log.warning("Rasa unavailable (%s); the embedded model answers", type(exc).__name__)
            else:
                self.breaker.success()
                return result
        return await self.fallback.parse(text, locale, today)
