"""Degradation, not failure: the embedded model answers when Rasa is down; the circuit breaker;
each reason logged distinctly, once per change."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date

import httpx
import pytest

from nlu.fallback import CircuitBreaker, FallbackParser
from nlu.rasa import RasaClient, RasaError
from nlu.types import Parse


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Primary:
    def __init__(self) -> None:
        self.calls = 0
        self.mode = "ok"

    async def parse(self, text: str, locale: str = "de", today: date | None = None) -> Parse:
        self.calls += 1
        if self.mode == "down":
            raise httpx.ConnectError("refused")
        if self.mode == "slow":
            await asyncio.sleep(1)
        if self.mode == "broken":
            raise RasaError("bad json")
        return Parse("faq_mobile_vpn", 0.9, source="rasa")


class Embedded:
    async def parse(self, text: str, locale: str = "de", today: date | None = None) -> Parse:
        return Parse("faq_mobile_vpn", 0.8, source="embedded")


def make(failures: int = 3) -> tuple[FallbackParser, Primary, Clock]:
    clock, primary = Clock(), Primary()
    breaker = CircuitBreaker(failures=failures, cooldown=30, clock=clock)
    return FallbackParser(primary, Embedded(), breaker, timeout=0.1), primary, clock


async def test_rasa_answers_when_up() -> None:
    parser, _, _ = make()
    assert (await parser.parse("vpn")).source == "rasa"


async def test_unreachable_slow_and_broken_fall_back() -> None:
    parser, primary, _ = make(failures=10)
    for mode in ("down", "slow", "broken"):
        primary.mode = mode
        assert (await parser.parse("vpn")).source == "embedded", mode


async def test_circuit_opens_skips_rasa_then_recovers() -> None:
    parser, primary, clock = make(failures=3)
    primary.mode = "down"
    for _ in range(3):
        await parser.parse("vpn")
    assert parser.breaker.state == "open" and primary.calls == 3
    for _ in range(5):
        assert (await parser.parse("vpn")).source == "embedded"
    assert primary.calls == 3  # skipped while open
    clock.now = 31
    assert parser.breaker.state == "half-open"
    await parser.parse("vpn")  # one trial, still down: open again
    assert primary.calls == 4 and parser.breaker.state == "open"
    clock.now = 62
    primary.mode = "ok"
    assert (await parser.parse("vpn")).source == "rasa"
    assert parser.breaker.state == "closed" and parser.breaker.failures == 0


def rasa_parser(handler: Callable[[httpx.Request], httpx.Response]) -> FallbackParser:
    """The real RasaClient over a mock transport: each failure as httpx reports it."""
    client = RasaClient("http://rasa.test", "s3cr3t-q9", transport=httpx.MockTransport(handler))
    breaker = CircuitBreaker(failures=1000, cooldown=30, clock=Clock())  # never open: every call
    return FallbackParser(client, Embedded(), breaker, timeout=0.2)


def rasa_error(status: int) -> Callable[[httpx.Request], httpx.Response]:
    """Rasa's error body (rasa/server.py ErrorResponse), e.g. 401 NotAuthenticated."""
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"status": "failure", "code": status,
                                            "reason": "NotAuthenticated" if status == 401 else "x"})
    return handler


def refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def hang(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def parse_ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"intent": {"name": "faq_mobile_vpn", "confidence": 0.9},
                                     "entities": [], "intent_ranking": []})


def rasa_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "nlu.fallback"]


@pytest.mark.parametrize(("handler", "reason", "words"), [
    (refuse, "unreachable", "unreachable (ConnectError)"),
    (hang, "timeout", "did not answer within 0.2 s"),
    (rasa_error(401), "wrong token", "rejects the token (HTTP 401)"),
    (rasa_error(409), "no model", "no model loaded"),
    (rasa_error(500), "server error", "HTTP 500"),
    (lambda r: httpx.Response(200, text="<html>"), "bad answer", "unusable (RasaError)"),
])
async def test_each_reason_is_logged_distinctly_once(
    caplog: pytest.LogCaptureFixture, handler: Callable[[httpx.Request], httpx.Response],
    reason: str, words: str,
) -> None:
    caplog.set_level(logging.INFO, logger="nlu.fallback")
    parser = rasa_parser(handler)
    for _ in range(20):
        assert (await parser.parse("vpn")).source == "embedded"
    [line] = rasa_warnings(caplog)  # 20 messages, one line
    assert words in line and "embedded model answers" in line
    assert [r.rasa_reason for r in caplog.records] == [reason]  # type: ignore[attr-defined]
    assert "s3cr3t" not in line  # never the token (nor the URL that carries it)


async def test_a_new_line_only_when_the_reason_changes_and_on_recovery(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="nlu.fallback")
    mode = {"now": refuse}
    parser = rasa_parser(lambda request: mode["now"](request))
    for step in (refuse, refuse, rasa_error(401), rasa_error(401), refuse, parse_ok, parse_ok,
                 rasa_error(503)):
        mode["now"] = step
        await parser.parse("vpn")
    reasons = [r.rasa_reason for r in caplog.records]  # type: ignore[attr-defined]
    assert reasons == ["unreachable", "wrong token", "unreachable", "recovered", "server error"]


async def test_the_breaker_says_once_that_it_opens_not_at_every_failed_trial(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="nlu.fallback")
    parser, primary, clock = make(failures=3)
    primary.mode = "down"
    for minute in range(10):  # ten cooldowns, ten failed trials
        clock.now = minute * 31
        for _ in range(3):
            await parser.parse("vpn")
    assert len([m for m in rasa_warnings(caplog) if "in a row" in m]) == 1
    assert len([m for m in rasa_warnings(caplog) if "unreachable" in m]) == 1
