"""The terminal messenger: ``flurfunk chat`` (the chat loop), ``say`` and ``inbox``; numbered
choices, plain text or JSON lines, the local inbox."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from flows.types import File, Incoming, Reply, Translator
from storage.models.core import InboxMessage
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from bot.runtime import Runtime


def render(reply: Reply, t_source: str = "Quelle") -> str:
    """A reply as terminal text: the answer, its source line, links and numbered choices."""
    lines = [reply.text]
    if reply.source:
        lines.append(f"  [{t_source}: {reply.source}]")
    lines += [f"  {link}" for link in reply.links]
    lines += [f"  [{a.path}]" for a in reply.attachments if isinstance(a, File)]  # the file itself
    lines += [f"  {i}) {c.label}" for i, c in enumerate(reply.choices, start=1)]
    return "\n".join(lines)


def shown(rt: Runtime, reply: Reply, locale: str | None) -> str:
    """``render`` with the labels in the reply's language (an English answer says "Source")."""
    t = rt.translations.for_locale(reply.locale or locale)
    return render(reply, t.gettext("Source"))


def write_jsonl(out: TextIO, text: str, replies: Iterable[Reply]) -> None:
    out.write(json.dumps({"text": text, "replies": [r.text for r in replies]}, ensure_ascii=False))
    out.write("\n")
    out.flush()


async def say(rt: Runtime, user: str, text: str, now: datetime) -> None:
    """One message, its replies printed."""
    answer = await rt.dispatcher.answer(Incoming(user, text), now)
    for reply in answer.replies:
        print(shown(rt, reply, answer.locale))


async def _offer_choices(uow: UnitOfWork, user: str, unread: Sequence[InboxMessage], now: datetime) -> None:
    """The numbered options of the last message shown answer to "1", "2", ... as in a reply."""
    choices = Reply.from_dict(unread[-1].payload).choices if unread else ()
    if not choices:
        return
    state = await uow.conversation.get(user, now)
    await uow.conversation.save(user, now, flow=state.flow if state else None,
                                data=dict(state.data) if state else {},
                                choices=[c.to_dict() for c in choices])


async def _line(interactive: bool) -> str | None:
    """The next typed line; None at the end of input (Ctrl-D)."""
    if interactive:
        try:
            return await asyncio.to_thread(input, "> ")
        except EOFError:
            print()
            return None
    raw = await asyncio.to_thread(sys.stdin.readline)
    return raw.rstrip("\n") if raw else None


async def chat(rt: Runtime, user: str, clock: Callable[[], datetime], jsonl: bool) -> None:
    """The chat loop: unread proactive messages first, then one answer per line typed."""
    await rt.sender().drain(clock())
    interactive = sys.stdin.isatty() and not jsonl
    async with rt.uow() as uow:
        person = await uow.people.get_or_create(user, clock())
        unread = [] if jsonl else await uow.inbox.list(user, unread_only=True)
        await uow.inbox.mark_read(user, clock()) if unread else None
        await _offer_choices(uow, user, unread, clock())
        await uow.commit()
    t: Translator = rt.translations.for_locale(person.locale)
    if interactive:
        print(t.gettext("flurfunk, the city's assistant. Type \"Hilfe\" for help, "
                        "Ctrl-D to leave."))
    if unread:
        print(t.ngettext("You have %(n)d new message:", "You have %(n)d new messages:",
                         len(unread)) % {"n": len(unread)})
        for item in unread:
            print(shown(rt, Reply.from_dict(item.payload), person.locale))
    while (line := await _line(interactive)) is not None:
        answer = await rt.dispatcher.answer(Incoming(user, line), clock())
        if jsonl:
            write_jsonl(sys.stdout, line, answer.replies)
        else:
            for reply in answer.replies:
                print(shown(rt, reply, answer.locale))


def inbox(rt: Runtime, items: Sequence[InboxMessage], as_json: bool, locale: str | None) -> None:
    """The proactive messages delivered to the local inbox, oldest first."""
    if as_json:
        print(json.dumps([{"id": i.id, "delivered_at": i.delivered_at.isoformat(),
                           "read": i.read_at is not None, **i.payload} for i in items],
                         ensure_ascii=False, indent=2))
        return
    t = rt.translations.for_locale(locale)
    if not items:
        print(t.gettext("No messages."))
    for item in items:
        print(f"[{t.format_datetime(item.delivered_at, 'short')}]")
        print(shown(rt, Reply.from_dict(item.payload), locale))
