"""HTTP client for a Rasa Open Source server's ``/model/parse``; dates stay rule-based."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from nlu.dates import extract_dates
from nlu.types import FALLBACK, OUT_OF_SCOPE, Entity, Parse


class RasaError(RuntimeError):
    """Rasa answered, but not with a parse result we can use."""


class RasaClient:
    """Parses through Rasa; raises httpx errors or RasaError so a fallback can take over."""

    def __init__(
        self,
        url: str,
        token: str,
        timeout: float = 0.3,
        threshold: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.threshold = threshold
        self._token = token
        # trust_env=False: the server is local; proxies from the environment must not apply
        self._client = httpx.AsyncClient(base_url=url.rstrip("/"), timeout=timeout,
                                         transport=transport, trust_env=False)

    async def parse(self, text: str, locale: str = "de", today: date | None = None) -> Parse:
        response = await self._client.post("/model/parse", params={"token": self._token},
                                           json={"text": text})
        response.raise_for_status()
        try:
            return self._to_parse(response.json(), text, locale, today)
        except (ValueError, KeyError, TypeError) as exc:
            raise RasaError(f"unexpected answer from Rasa: {type(exc).__name__}") from exc

    def _to_parse(self, data: dict[str, Any], text: str, locale: str, today: date | None) -> Parse:
        intent = data["intent"]
        name, confidence = str(intent["name"]), float(intent["confidence"])
        if name in (OUT_OF_SCOPE, FALLBACK) or confidence < self.threshold:
            name = FALLBACK
        ranking = tuple(
            (str(r["name"]), float(r["confidence"])) for r in data.get("intent_ranking", [])[:5]
        )
        learned = tuple(
            Entity(str(e["entity"]), e["value"], int(e.get("start", -1)), int(e.get("end", -1)), "rasa")
            for e in data.get("entities", [])
            if e.get("entity") not in ("date", "datum")
        )
        dates = tuple(Entity("date", d.value, d.start, d.end, "rule")
                      for d in extract_dates(text, locale, today))
        return Parse(name, confidence, learned + dates, "rasa", ranking)

    async def status(self) -> dict[str, Any]:
        response = await self._client.get("/status", params={"token": self._token})
        response.raise_for_status()
        return dict(response.json())

    async def aclose(self) -> None:
        await self._client.aclose()
