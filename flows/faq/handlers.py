"""FAQ handlers: answer with source, fall back politely (and log the question), count feedback."""

from __future__ import annotations

import re
from collections.abc import Callable

from flows.faq.kb import Entry, KnowledgeBase
from flows.faq.retrieval import Decision, Retriever
from flows.types import Action, ActionHandler, Choice, FlowContext, Incoming, IntentHandler, Reply
from nlu.text import normalize
from nlu.types import Parse

SUGGEST_MIN = 0.12  # below the answer threshold but worth a "did you mean"
_EMAIL = re.compile(r"\S+@\S+")
_NUMBER = re.compile(r"\d{4,}")


def render_entry(ctx: FlowContext, entry: Entry) -> Reply:
    """The entry in its own language (the question's), buttons and source label included."""
    t = ctx.translations.for_locale(entry.locale)
    return Reply(
        text=entry.answer,
        source=entry.source,
        links=entry.links,
        kind="faq",
        meta={"entry": entry.id},
        locale=entry.locale if entry.locale != ctx.user.locale else None,
        choices=(
            Choice(t.gettext("Helpful"), Action("faq:feedback", f"{entry.id}:yes")),
            Choice(t.gettext("Not helpful"), Action("faq:feedback", f"{entry.id}:no")),
        ),
    )


def suggestions(kb: KnowledgeBase, parse: Parse, locale: str) -> list[Entry]:
    """The entries the fallback offers as "did you mean" (at most two, from the ranking)."""
    found = [
        kb.get(intent, locale)
        for intent, score in parse.ranking[:3]
        if score >= SUGGEST_MIN and intent.startswith("faq_")
    ]
    return [e for e in found[:2] if e is not None]


def redact(text: str) -> str:
    """Keep a question for the content owners, without e-mail addresses or long numbers."""
    return _NUMBER.sub("…", _EMAIL.sub("…", text))[:300]


def make_handlers(
    kb: KnowledgeBase, retriever: Callable[[], Retriever] | None = None,
) -> tuple[IntentHandler, IntentHandler, ActionHandler, ActionHandler]:
    """Handlers bound to one knowledge base: answer, fallback, feedback, show (did-you-mean).

    With a ``retriever`` (built on first use), every FAQ question and every fallback is decided by
    retrieval: an answer only when an entry covers the question and leads clearly, in the
    question's language; otherwise "did you mean" with up to three entries, or the fallback.
    """

    async def answer(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
        if retriever is not None:
            return await decided(ctx, msg, retriever().decide(msg.text, parse, ctx.user.locale))
        entry = kb.get(parse.intent, ctx.user.locale)
        if entry is None:
            return await fallback(ctx, msg, parse)
        return [render_entry(ctx, entry)]

    async def decided(ctx: FlowContext, msg: Incoming, decision: Decision) -> list[Reply]:
        if decision.kind == "answer":
            entry = kb.by_id(decision.entries[0], decision.locale)
            if entry is not None:
                return [render_entry(ctx, entry)]
        offered = [kb.by_id(i, decision.locale) for i in decision.entries]
        return await unanswered(ctx, msg, [e for e in offered if e is not None])

    async def fallback(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
        if retriever is not None:
            return await decided(ctx, msg, retriever().decide(msg.text, parse, ctx.user.locale))
        return await unanswered(ctx, msg, suggestions(kb, parse, ctx.user.locale))

    async def unanswered(ctx: FlowContext, msg: Incoming, offered: list[Entry]) -> list[Reply]:
        t = ctx.t
        norm = normalize(msg.text)
        if norm:
            await ctx.uow.faq.record_unanswered(
                normalize(redact(msg.text))[:300], redact(msg.text), ctx.user.locale, ctx.now.date()
            )
        choices = tuple(Choice(e.title, Action("faq:show", e.id)) for e in offered)
        if choices:
            return [Reply(t.gettext("Did you perhaps mean one of these?"), choices=choices,
                          kind="fallback")]
        text = t.gettext(
            "I don't know that yet, sorry. For questions about your employment, ask the "
            "Personalservice; for computers and access, the IT-Service desk; everything else is "
            "in the intranet. I have passed your question on to the people who maintain my answers."
        )
        return [Reply(text, kind="fallback")]

    async def feedback(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
        entry_id, _, verdict = action.value.rpartition(":")
        if kb.by_id(entry_id, ctx.user.locale) is None or verdict not in {"yes", "no"}:
            return [Reply(ctx.t.gettext("That button has expired. Please ask me again."))]
        await ctx.uow.faq.feedback(entry_id, helpful=verdict == "yes")
        if verdict == "yes":
            return [Reply(ctx.t.gettext("Thank you for your feedback!"))]
        return [Reply(ctx.t.gettext("Thank you. I'll pass it on so that the answer gets better."))]

    async def show(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
        entry = kb.by_id(action.value, ctx.user.locale)
        if entry is None:
            return [Reply(ctx.t.gettext("That button has expired. Please ask me again."))]
        return [render_entry(ctx, entry)]

    return answer, fallback, feedback, show
