"""Handlers for greeting, help, thanks, goodbye and switching the language."""

from __future__ import annotations

import re

from flows.core import messages
from flows.core.config import CoreResources
from flows.types import FlowContext, Incoming, Reply
from nlu.types import Parse

_ENGLISH = re.compile(r"\b(english|englisch|engl)\b", re.I)
_GERMAN = re.compile(r"\b(deutsch|german|dt)\b", re.I)


async def greet(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    name = ctx.user.name.split(" ")[0] if ctx.user.name else ""
    return [Reply(messages.greeting(ctx.t, name))]


async def help_(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    resources: CoreResources = ctx.resources
    return [Reply(messages.help_text(ctx.t, resources.help_lines))]


async def thanks(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    return [Reply(ctx.t.gettext("You're welcome! Just ask if anything else comes up."))]


async def bye(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    return [Reply(ctx.t.gettext("Goodbye, and have a good day!"))]


async def set_language(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    if _ENGLISH.search(msg.text):
        ctx.user.locale = "en"
    elif _GERMAN.search(msg.text):
        ctx.user.locale = "de"
    else:
        return [Reply(ctx.t.gettext("I speak German and English. Say \"English please\" or "
                                    "\"auf Deutsch bitte\"."))]
    t = ctx.translations.for_locale(ctx.user.locale)
    if ctx.user.locale == "en":
        return [Reply(t.gettext("All right, from now on I'll answer in English."))]
    return [Reply(t.gettext("All right, from now on I'll answer in German."))]
