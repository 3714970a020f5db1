"""The core conversation's longer texts."""

from __future__ import annotations

from collections.abc import Sequence

from flows.types import Translator


def greeting(t: Translator, name: str) -> str:
    hello = t.gettext("Hello {name}!").format(name=name) if name else t.gettext("Hello!")
    return hello + " " + t.gettext(
        "I'm flurfunk, the city's assistant. Ask me about mobile work or your first days, "
        "or type \"Hilfe\" to see everything I can do.")


def help_text(t: Translator, help_lines: Sequence[str]) -> str:
    lines = [t.gettext("This is what I can do for you:")]
    lines += [f"• {t.gettext(line)}" for line in help_lines]
    lines.append(t.gettext("Just write as you would to a colleague, for example: "
                           "\"Wie viel darf ich mobil arbeiten?\""))
    return "\n".join(lines)
