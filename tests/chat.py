"""A conversation driver for feature tests: people say things and press buttons, time passes,
messages arrive in their inbox. ``chat.say("anna", "...", at=at("2026-09-07"), intent=...)``.

Feature tests give the ``Parse`` the classifier would return (``intent=``), so they test the
feature's handlers and never the trained model: a training-data change in one feature cannot
break another feature's tests. Conversations through the real NLU live in tests/e2e/."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.runtime import Runtime
from flows.types import Action, Incoming, Note, Reply
from nlu.types import FALLBACK, Entity, Parse

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: str, hm: str = "09:00") -> datetime:
    """A Berlin wall-clock time as aware UTC: ``at("2026-09-07", "11:00")``."""
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=BERLIN).astimezone(UTC)


def note(payload: dict[str, Any]) -> Note | None:
    """The feature's typed record of a stored message (``Reply.note``), None when it has none."""
    return Reply.from_dict(payload).note


class FixedParser:
    """The NLU stand-in: every parse during one ``Chat.say`` returns the Parse the test gave;
    without one, the fallback (nothing understood), as for a text no intent covers."""

    def __init__(self) -> None:
        self.current = Parse(FALLBACK, 0.0, source="fixed")
        self.texts: list[str] = []  # what the dispatcher asked about (to show it was asked)

    async def parse(self, text: str, locale: str = "de", today: date | None = None) -> Parse:
        self.texts.append(text)
        return self.current


def understood(rt: Runtime, intent: str) -> None:
    """From now on the runtime's FixedParser takes every text for ``intent`` (for messages that
    do not go through ``Chat.say``: a Slack event, ``dispatcher.answer``)."""
    if not isinstance(rt.parser, FixedParser):
        raise TypeError("understood() needs a Runtime started with parser=FixedParser()")
    rt.parser.current = Parse(intent, 1.0, source="fixed")


class Chat:
    """Drives a started Runtime like people would: with ``parser=FixedParser()`` (feature
    tests) or the real NLU (tests/e2e/)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def say(self, user: str, text: str, *, at: datetime, intent: str | None = None,
                  entities: dict[str, Any] | None = None) -> list[Reply]:
        """``user`` writes ``text``; with a FixedParser the classifier is taken to answer
        ``intent`` (with ``entities``), or nothing understood when no intent is given. With the
        real NLU (tests/e2e/), the text is classified."""
        parser = self.rt.parser
        if not isinstance(parser, FixedParser):
            if intent is not None or entities:
                raise TypeError("intent= needs a Runtime started with parser=FixedParser()")
            return await self.rt.dispatcher.handle(Incoming(user, text=text), at)
        found = tuple(Entity(k, v) for k, v in (entities or {}).items())
        parser.current = Parse(intent or FALLBACK, 1.0 if intent else 0.0, found, source="fixed")
        try:
            return await self.rt.dispatcher.handle(Incoming(user, text=text), at)
        finally:
            parser.current = Parse(FALLBACK, 0.0, source="fixed")

    async def press(self, user: str, choice: Action | dict[str, Any], *, at: datetime) -> list[Reply]:
        """``user`` presses a button: an Action, or a choice of an inbox message as stored
        (``(await chat.inbox("cora"))[0]["choices"][0]``)."""
        action = choice if isinstance(choice, Action) else Action.parse(
            str(choice["action"]), str(choice.get("value", "")))
        return await self.rt.dispatcher.handle(Incoming(user, action=action), at)

    async def tick(self, *, at: datetime) -> None:
        """Time passes to ``at``: due jobs run and the outbox is delivered (to the inbox)."""
        await self.rt.jobs.run_due(at)
        await self.rt.sender().drain(at)

    async def inbox(self, user: str) -> list[dict[str, Any]]:
        """What reached ``user`` proactively, oldest first (the stored message payloads)."""
        async with self.rt.uow() as uow:
            return [dict(m.payload) for m in await uow.inbox.list(user)]

    async def people(self, rows: dict[str, dict[str, Any]], *, at: datetime) -> None:
        """Directory rows by id (``{"anna": {"name": "Anna Berger", "site": "Vegesack"}}``)."""
        async with self.rt.uow() as uow:
            for pid, fields in rows.items():
                await uow.people.upsert(pid, at, source="directory", **fields)
            await uow.commit()
