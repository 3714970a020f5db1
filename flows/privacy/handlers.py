"""'Meine Daten' and 'Meine Daten löschen' in chat, and the retention job."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from flows.privacy.config import PrivacyConfig
from flows.types import (
    Action,
    ActionHandler,
    Choice,
    FlowContext,
    Incoming,
    IntentHandler,
    JobContext,
    JobFunc,
    PersonalData,
    Reply,
)
from nlu.types import Parse


def make_handlers(
    data: Sequence[PersonalData],
) -> tuple[IntentHandler, IntentHandler, ActionHandler, JobFunc]:
    async def show(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
        t = ctx.t
        lines = [t.gettext("This is what I keep about you:")]
        for item in data:
            if item.show is None:
                continue
            found = await item.show(ctx.uow, ctx.user, t)
            if found:
                lines.append(f"\n{t.gettext(item.categories)}:")
                lines += [f"• {line}" for line in found]
        lines.append("\n" + t.gettext(
            "Survey answers are stored without any link to you, so they cannot be shown or "
            "deleted per person. Say \"Meine Daten löschen\" to erase your data."))
        return [Reply("\n".join(lines))]

    async def ask_erase(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
        t = ctx.t
        return [Reply(
            t.gettext("Shall I erase your data? Lunch history, onboarding data, participation "
                      "markers and messages are deleted; open commitments go to your leader; "
                      "anonymous survey answers stay anonymous. This cannot be undone."),
            choices=(
                Choice(t.gettext("Yes, erase my data"), Action("privacy:erase", "yes"), "danger"),
                Choice(t.gettext("No, keep it"), Action("privacy:erase", "no")),
            ),
        )]

    async def erase(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
        t = ctx.t
        if action.value != "yes":
            return [Reply(t.gettext("Okay, nothing was deleted."))]
        person_id = ctx.user.id
        for item in data:
            if item.erase is not None:
                await item.erase(ctx.uow, person_id, ctx.now)
        return [Reply(t.gettext("Done: your data has been erased."))]

    async def retention(ctx: JobContext, now: datetime) -> int:
        config: PrivacyConfig = ctx.config
        total = 0
        for item in data:
            days = config.days(item)
            if item.purge is not None and days is not None:
                total += await item.purge(ctx.uow, now - timedelta(days=days))
        return total

    return show, ask_erase, erase, retention
