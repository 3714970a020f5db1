"""Handlers for greeting, help, thanks, goodbye and switching the language."""

from __future__ import annotations

import re

from flows.types import FlowContext, Incoming, IntentHandler, Reply
from nlu.types import Parse

_ENGLISH = re.compile(r"\b(english|englisch|engl)\b", re.I)
_GERMAN = re.compile(r"\b(deutsch|german|dt)\b", re.I)


async def greet(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    name = ctx.user.name.split(" ")[0] if ctx.user.name else ""
    t = ctx.t
    hello = t.gettext("Hello {name}!").format(name=name) if name else t.gettext("Hello!")
    return [Reply(hello + " " + t.gettext(
        "I'm flurfunk, the city's assistant. Ask me about mobile work or your first days, "
        "or type \"Hilfe\" to see everything I can do."))]


def make_help(help_lines: list[str]) -> IntentHandler:
    async def help_(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
        t = ctx.t
        lines = [t.gettext("This is what I can do for you:")]
        lines += [f"• {t.gettext(line)}" for line in help_lines]
        lines.append(t.gettext("Just write as you would to a colleague, for example: "
                               "\"Wie viel darf ich mobil arbeiten?\""))
        return [Reply("\n".join(lines))]

    return help_


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
