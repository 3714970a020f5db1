"""'Meine Daten' and 'Meine Daten löschen' in chat."""

from __future__ import annotations

from flows.privacy import messages
from flows.privacy.config import PrivacyResources
from flows.types import Action, FlowContext, Incoming, Reply
from nlu.types import Parse


async def show(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    res: PrivacyResources = ctx.resources
    found = []
    for item in res.data:
        lines = await item.show(ctx.uow, ctx.user, ctx.t) if item.show is not None else []
        if lines:
            found.append((item.categories, lines))
    return [messages.shown(ctx.t, found)]


async def ask_erase(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    return [messages.ask_erase(ctx.t)]


async def erase(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    t = ctx.t
    if action.value != "yes":
        return [Reply(t.gettext("Okay, nothing was deleted."))]
    res: PrivacyResources = ctx.resources
    for item in res.data:
        if item.erase is not None:
            await item.erase(ctx.uow, ctx.user.id, ctx.now)
    return [Reply(t.gettext("Done: your data has been erased."))]
