"""FAQ handlers: every question that reaches the FAQ (the classifier found no feature intent:
``nlu_fallback``) is decided by retrieval over the entries: an answer only when an entry covers
the question and leads clearly, in the question's language; otherwise "did you mean" with up to
three entries, or the fallback (the question is kept for the content owners, redacted)."""

from __future__ import annotations

from flows.faq import messages
from flows.faq.config import FaqResources
from flows.faq.kb import Entry
from flows.faq.retrieval import Decision
from flows.types import Action, FlowContext, Incoming, Reply
from nlu.text import normalize
from nlu.types import Parse


async def fallback(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    res: FaqResources = ctx.resources
    retriever = await res.retriever.ready()
    if retriever is None:  # still being built after the bounded wait
        return [Reply(ctx.t.gettext("I am still getting ready. Please ask me again in a minute."),
                      kind="fallback")]
    return await _decided(ctx, msg, retriever.decide(msg.text, ctx.user.locale))


async def feedback(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    res: FaqResources = ctx.resources
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
    entry = res.kb.by_id(action.value, ctx.user.locale)
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
