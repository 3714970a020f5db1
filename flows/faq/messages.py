"""FAQ replies: an entry with its source and feedback buttons, "did you mean", the fallback."""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.faq.kb import Entry
from flows.types import Action, Choice, FlowContext, Reply, Translator

_EMAIL = re.compile(r"\S+@\S+")
_NUMBER = re.compile(r"\d{4,}")


def entry(ctx: FlowContext, found: Entry) -> Reply:
    """The entry in its own language (the question's), buttons and source label included."""
    t = ctx.translations.for_locale(found.locale)
    return Reply(
        text=found.answer,
        source=found.source,
        links=found.links,
        kind="faq",
        meta={"entry": found.id},
        locale=found.locale if found.locale != ctx.user.locale else None,
        choices=(
            Choice(t.gettext("Helpful"), Action("faq:feedback", f"{found.id}:yes")),
            Choice(t.gettext("Not helpful"), Action("faq:feedback", f"{found.id}:no")),
        ),
    )


def unanswered(t: Translator, offered: Sequence[Entry]) -> Reply:
    """"Did you mean" with the offered entries, or the polite fallback."""
    choices = tuple(Choice(e.question, Action("faq:show", e.id)) for e in offered)
    if choices:
        return Reply(t.gettext("Did you perhaps mean one of these?"), choices=choices,
                     kind="fallback")
    text = t.gettext(
        "I don't know that yet, sorry. For questions about your employment, ask the "
        "Personalservice; for computers and access, the IT-Service desk; everything else is "
        "in the intranet. I have passed your question on to the people who maintain my answers."
    )
    return Reply(text, kind="fallback")


def expired(t: Translator) -> Reply:
    return Reply(t.gettext("That button has expired. Please ask me again."))


def redact(text: str) -> str:
    """Keep a question for the content owners, without e-mail addresses or long numbers."""
    return _NUMBER.sub("…", _EMAIL.sub("…", text))[:300]
