"""Helpers shared by the command modules: ``--now`` parsing, usage errors, authorization."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.runtime import Runtime
from flows.files import FileError
from flows.types import N_


class UsageError(FileError):
    """Bad command-line input (the option is the "file"); printed without a traceback."""


EARLIEST, LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
USER_ID = re.compile(r"^[\w.@+-]{1,64}$")  # as the dispatcher and the import
ID_OPTIONS = {"user": "--user", "actor": "--as", "successor": "--successor", "owner": "--owner"}


def parse_now(value: str | None, tz: str = "Europe/Berlin") -> datetime:
    """``--now 2026-09-01T09:00`` (Europe/Berlin unless an offset is given) or the real time;
    refused outside 2000-2099 (jobs compute slots and calendars from it)."""
    if not value:
        return datetime.now(UTC)
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError("--now", N_("not an ISO date/time such as 2026-09-01T09:00: {value}"),
                         value=repr(value)) from None
    if not EARLIEST.year <= when.year < LATEST.year:  # before converting: year 1 overflows
        raise UsageError("--now", N_("use a moment between 2000 and 2099, not {value}"),
                         value=repr(value))
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(tz))
    return when.astimezone(UTC)


def check_ids(args: argparse.Namespace) -> None:
    """Every person id given on the command line is well-formed (before anything is stored)."""
    for attr, option in ID_OPTIONS.items():
        values = getattr(args, attr, None)
        for value in values if isinstance(values, list) else [values]:
            if value is not None and not USER_ID.match(value):
                raise UsageError(option, N_("not a person id: {value} (letters, digits and "
                                            ". _ - @ + only, at most 64)"),
                                 value=ascii(value)[:80])


async def admin_t(rt: Runtime, actor: str | None) -> Translator:
    """The admin's language for summaries: the actor's locale in the directory, else the
    installation's default (German unless configured otherwise)."""
    person = None
    if actor:
        async with rt.uow() as uow:
            person = await uow.people.get(actor)
    return rt.translations.for_locale(person.locale if person else None)


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
        else:
            person = await uow.people.get(actor) if actor is not None else None
            if person is None or not allowed & set(person.roles):
                await uow.audit.record(actor or "?", f"{action}:refused", target, now)
                await uow.commit()
                names = ", ".join(sorted(allowed))
                if actor is None:
                    raise UsageError("--as", N_("{action}: say who you are with --as ID (a person "
                                                "with the role {roles})"), action=action, roles=names)
                raise UsageError("--as", N_("{action}: {actor} lacks the role {roles}; refused and "
                                            "written to the audit log"), action=action, actor=actor,
                                 roles=names)
        assert actor is not None
        entry_id = await uow.audit.record(actor, action, target, now)
        await uow.commit()
    rt.audited.append((entry_id, action))
    return actor
