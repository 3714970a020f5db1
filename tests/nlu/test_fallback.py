"""Degradation, not failure: the embedded model answers when Rasa is down; the circuit breaker."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx

from nlu.fallback import CircuitBreaker, FallbackParser
from nlu.rasa import RasaError
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
