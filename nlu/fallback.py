"""Rasa first, the embedded model when Rasa is unreachable, slow or wrong; a circuit breaker
skips Rasa for a while after repeated failures and tries again later (recovery is automatic).
Each reason (unreachable, timeout, wrong token, ...) is logged once when it begins, and the
recovery once when Rasa answers again: never once per message."""

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
        self.failures, self.opened_at = 0, None

    def failure(self) -> None:
        self.failures += 1
        if self.state == "half-open" or self.failures >= self.max_failures:
            if self.opened_at is None:  # closed -> open; a failed trial while half-open is not news
                log.warning("Rasa failed %d times in a row; asking it again every %.0f s",
                            self.failures, self.cooldown)
            self.opened_at = self.clock()


# reason -> what the operator reads in the log (English, as all log lines)
def N_(message: str) -> str:
    """Marks a log line for the catalogs (bot/i18n.py extracts it; bot/logs.py translates it)."""
    return message


REASONS = {
    "unreachable": N_("Rasa is unreachable (%(error)s): is flurfunk rasa serve running? The "
                      "embedded model answers until Rasa is back"),
    "timeout": N_("Rasa did not answer within %(timeout).1f s; the embedded model answers until "
                  "Rasa is back"),
    "wrong token": N_("Rasa rejects the token (HTTP %(status)s): the bot and flurfunk rasa serve "
                      "use different tokens; flurfunk doctor shows which. The embedded model "
                      "answers until Rasa is back"),
    "no model": N_("Rasa has no model loaded (HTTP 409): it is still starting; the embedded "
                   "model answers until Rasa is back"),
    "server error": N_("Rasa fails with HTTP %(status)s: see its server.log; the embedded model "
                       "answers until Rasa is back"),
    "bad answer": N_("Rasa's answer is unusable (%(error)s); the embedded model answers until "
                     "Rasa is back"),
}


def reason(exc: BaseException) -> str:
    """Why Rasa could not answer: one of ``REASONS``."""
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        if status in (401, 403):  # 403: a JWT without the scope (rasa/server.py requires_auth)
            return "wrong token"
        if status == 409:
            return "no model"
        return "server error" if status >= 500 else "bad answer"
    if isinstance(exc, httpx.TransportError):
        return "unreachable"
    return "bad answer"


class FallbackParser:
    """A Parser that asks ``primary`` (Rasa) and falls back to ``fallback`` (embedded)."""

    def __init__(self, primary: Parser, fallback: Parser, breaker: CircuitBreaker,
                 timeout: float = 0.3) -> None:
        self.primary = primary
        self.fallback = fallback
        self.breaker = breaker
        self.timeout = timeout
        self.reason: str | None = None  # why Rasa is not answering now; None while it is

    async def parse(self, text: str, locale: str = "de", today: date | None = None) -> Parse:
        if self.breaker.allow():
            try:
                result = await asyncio.wait_for(self.primary.parse(text, locale, today), self.timeout)
            except (httpx.HTTPError, RasaError, TimeoutError) as exc:
                self.breaker.failure()
                self._failed(exc)
            else:
                self.breaker.success()
                self._answered()
                return result
        return await self.fallback.parse(text, locale, today)

    def _failed(self, exc: BaseException) -> None:
        why = reason(exc)
        if why == self.reason:
            return
        self.reason = why
        status = exc.response.status_code if isinstance(exc, httpx.HTTPStatusError) else None
        log.warning(REASONS[why],
                    {"error": type(exc).__name__, "timeout": self.timeout, "status": status},
                    extra={"rasa_reason": why})

    def _answered(self) -> None:
        if self.reason is not None:
            log.info("Rasa answers again (it was: %s)", self.reason,
                     extra={"rasa_reason": "recovered"})
            self.reason = None
