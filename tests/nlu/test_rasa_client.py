"""The Rasa client against httpx.MockTransport: mapping, threshold, errors."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from nlu.rasa import RasaClient, RasaError

ANSWER = {
    "text": "bin bis 15.8. im urlaub",
    "intent": {"name": "lunch_pause", "confidence": 0.91},
    "intent_ranking": [{"name": "lunch_pause", "confidence": 0.91},
                       {"name": "lunch_leave", "confidence": 0.05}],
    "entities": [{"entity": "datum", "value": "15.8.", "start": 8, "end": 13, "extractor": "CRF"},
                 {"entity": "site", "value": "Rathaus", "start": 0, "end": 0, "extractor": "CRF"}],
}


def client(handler, threshold: float = 0.5) -> RasaClient:  # type: ignore[no-untyped-def]
    return RasaClient("http://rasa.test", "secret", 0.3, threshold, httpx.MockTransport(handler))


async def test_maps_intent_ranking_entities_and_rule_dates() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ANSWER)

    parse = await client(handler).parse("bin bis 15.8. im urlaub", "de", date(2026, 5, 1))
    assert (parse.intent, parse.source) == ("lunch_pause", "rasa")
    assert parse.ranking[1] == ("lunch_leave", 0.05)
    assert parse.entity("site") == "Rathaus"
    assert parse.entity("date") == date(2026, 8, 15)  # rule-based, not Rasa's "datum"
    assert seen[0].url.path == "/model/parse" and seen[0].url.params["token"] == "secret"


async def test_low_confidence_and_out_of_scope_become_fallback() -> None:
    low = {**ANSWER, "intent": {"name": "lunch_pause", "confidence": 0.4}}
    assert (await client(lambda r: httpx.Response(200, json=low)).parse("x")).intent == "nlu_fallback"
    oos = {**ANSWER, "intent": {"name": "out_of_scope", "confidence": 0.99}}
    assert (await client(lambda r: httpx.Response(200, json=oos)).parse("x")).intent == "nlu_fallback"


async def test_errors_surface_for_the_fallback() -> None:
    with pytest.raises(httpx.HTTPStatusError):
        await client(lambda r: httpx.Response(500)).parse("x")
    with pytest.raises(httpx.HTTPStatusError):
        await client(lambda r: httpx.Response(401, json={"error": "token"})).parse("x")
    with pytest.raises(RasaError):
        await client(lambda r: httpx.Response(200, text="<html>")).parse("x")
    with pytest.raises(RasaError):
        await client(lambda r: httpx.Response(200, json={"intent": None})).parse("x")

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(httpx.ConnectError):
        await client(refuse).parse("x")
