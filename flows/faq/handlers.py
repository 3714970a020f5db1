"""FAQ handlers: answer with source, fall back politely (and log the question), count feedback.

With a retriever (``FaqResources.retriever``), every FAQ question and every fallback is decided by
retrieval: an answer only when an entry covers the question and leads clearly, in the question's
language; otherwise "did you mean" with up to three entries, or the fallback.
"""

from __future__ import annotations

from flows.faq import messages
from flows.faq.config import FaqResources
from flows.faq.kb import Entry, KnowledgeBase
from flows.faq.retrieval import Decision
from flows.types import Action, FlowContext, Incoming, Reply
from nlu.text import normalize
from nlu.types import Parse

SUGGEST_MIN = 0.12  # below the answer threshold but worth a "did you mean"


def suggestions(kb: KnowledgeBase, parse: Parse, locale: str) -> list[Entry]:
    """The entries the fallback offers as "did you mean" (at most two, from the ranking)."""
    found = [
        kb.get(intent, locale)
        for intent, score in parse.ranking[:3]
        if score >= SUGGEST_MIN and intent.startswith("faq_")
    ]
    return [e for e in found[:2] if e is not None]


async def answer(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    res: FaqResources = ctx.resources
    if res.retriever is not None:
        return await _decided(ctx, msg, res.retriever().decide(msg.text, parse, ctx.user.locale))
    entry = res.kb.get(parse.intent, ctx.user.locale)
    if entry is None:
        return await fallback(ctx, msg, parse)
    return [messages.entry(ctx, entry)]


async def fallback(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    res: FaqResources = ctx.resources
    if res.retriever is not None:
        return await _decided(ctx, msg, res.retriever().decide(msg.text, parse, ctx.user.locale))
    return await _unanswered(ctx, msg, suggestions(res.kb, parse, ctx.user.locale))


async def feedback(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    res: FaqResources = ctx.resources
    entry_id, verdict = action.target, action.value
    if not entry_id:  # a button sent before the entry moved into the id (value "entry:verdict")
        entry_id, _, verdict = action.value.rpartition(":")
    if res.kb.by_id(entry_id, ctx.user.locale) is None or verdict not in {"yes", "no"}:
        return [messages.expired(ctx.t)]
    await ctx.uow.faq.feedback(entry_id, helpful=verdict == "yes")
    if verdict == "yes":
        return [Reply(ctx.t.gettext("Thank you for your feedback!"))]
    return [Reply(ctx.t.gettext("Thank you. I'll pass it on so that the answer gets better."))]


async def show(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """A "did you mean" entry picked."""
    res: FaqResources = ctx.resources
    entry = res.kb.by_id(action.target or action.value, ctx.user.locale)  # value: older buttons
    if entry is None:
        return [messages.expired(ctx.t)]
    return [messages.entry(ctx, entry)]


async def _decided(ctx: FlowContext, msg: Incoming, decision: Decision) -> list[Reply]:
    res: FaqResources = ctx.resources
    if decision.kind == "answer":
        entry = res.kb.by_id(decision.entries[0], decision.locale)
        if entry is not None:
            return [messages.entry(ctx, entry)]
    offered = [res.kb.by_id(i, decision.locale) for i in decision.entries]
    return await _unanswered(ctx, msg, [e for e in offered if e is not None])


async def _unanswered(ctx: FlowContext, msg: Incoming, offered: list[Entry]) -> list[Reply]:
    if normalize(msg.text):
        redacted = messages.redact(msg.text)
        await ctx.uow.faq.record_unanswered(normalize(redacted)[:300], redacted, ctx.user.locale,
                                            ctx.now.date())
    return [messages.unanswered(ctx.t, offered)]
