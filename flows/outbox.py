"""The one outbox port of the flows: every proactive message is queued here, in the caller's
transaction, under its dedupe key (a key already queued is not queued again)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flows.types import Outgoing
    from storage.uow import UnitOfWork


async def send(uow: UnitOfWork, out: Outgoing, now: datetime) -> bool:
    """Queue one message; True when it was new."""
    return await uow.outbox.add(out.dedupe_key, list(out.recipients), out.reply.to_dict(), now,
                                out.not_before)


async def send_many(uow: UnitOfWork, outs: Sequence[Outgoing], now: datetime) -> int:
    """Queue many messages in one query (a lunch round); returns how many were new. Messages
    with a ``not_before`` are queued one by one."""
    later = [o for o in outs if o.not_before is not None]
    sent = await uow.outbox.add_many(
        [(o.dedupe_key, list(o.recipients), o.reply.to_dict()) for o in outs
         if o.not_before is None], now)
    for out in later:
        sent += await send(uow, out, now)
    return sent
