"""Helpers shared by the command modules: ``--now`` parsing, usage errors, a runtime scope."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.runtime import Runtime
from flows.types import UserError


class UsageError(UserError):
    """Bad command-line input; printed without a traceback."""


def parse_now(value: str | None, tz: str = "Europe/Berlin") -> datetime:
    """``--now 2026-09-01T09:00`` (Europe/Berlin unless an offset is given) or the real time."""
    if not value:
        return datetime.now(UTC)
    try:
        when = datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--now: not an ISO date/time: {value!r}") from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(tz))
    return when.astimezone(UTC)


@asynccontextmanager
async def runtime(settings: Settings, nlu: bool = False) -> AsyncIterator[Runtime]:
    """``async with runtime(settings) as rt:`` starts (without NLU unless asked) and always stops."""
    rt = await Runtime.start(settings, nlu=nlu)
    try:
        yield rt
    finally:
        await rt.stop()


async def authorize(
    rt: Runtime, actor: str | None, roles: set[str], action: str, target: str = ""
) -> str:
    """Check that ``actor`` may do an admin ``action`` and write it to the audit log.

    ``admin`` may do everything; ``roles`` names the others allowed (``hr``, ``lead``). Until the
    directory names any admin (a fresh installation), the command runs as ``system`` so that the
    first import can create the admins. Returns the actor recorded.
    """
    now = datetime.now(UTC)
    allowed = {"admin", *roles}
    async with rt.uow() as uow:
        if not await uow.people.with_role("admin"):
            actor = actor or "system"  # fresh installation: the first import creates the admins
        elif actor is None:
            raise UsageError(f"{action}: say who you are with --as ID (a person with role "
                             f"{' or '.join(sorted(allowed))})")
        else:
            person = await uow.people.get(actor)
            if person is None or not allowed & set(person.roles):
                raise UsageError(f"{action}: {actor} lacks the role {' or '.join(sorted(allowed))}")
        await uow.audit.record(actor, action, target, now)
        await uow.commit()
    return actor
