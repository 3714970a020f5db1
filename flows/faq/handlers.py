"""FAQ handlers: every question that reaches the FAQ (the classifier found no feature intent:
``nlu_fallback``) is decided by retrieval over the entries: an answer only when an entry covers
the question and leads clearly, in the question's language; a referral entry (a topic answered
elsewhere) names whom to ask; otherwise "did you mean" with up to three entries, or the
fallback (the question is kept for the content owners, redacted)."""

from __future__ import annotations

from flows.faq import digest, messages, store
from flows.faq.config import FaqConfig, FaqResources
from flows.faq.kb import Entry, KnowledgeBase
from flows.faq.live import POLL_SECONDS
from flows.faq.retrieval import Decision, Retriever
from flows.types import Action, FlowContext, Incoming, Reply
from nlu.text import normalize
from nlu.types import Parse


def clear_answer(resources: FaqResources, text: str, locale: str) -> bool:
    """Whether retrieval would answer ``text`` outright (asked by the dispatcher when the
    classifier is unsure of a feature intent); False while the retriever is still being built."""
    retriever = resources.retriever.current()
    return retriever is not None and retriever.decide(text, locale).kind == "answer"


async def _retriever(ctx: FlowContext) -> Retriever | None:
    """The retriever at the stored knowledge-base version (a rebuild is started, not awaited,
    when the version changed; ``flows.faq.live``)."""
    res: FaqResources = ctx.resources
    if res.live is not None:
        config: FaqConfig | None = ctx.config
        await res.live.refresh(ctx.uow, ctx.now,
                               config.poll_seconds if config is not None else POLL_SECONDS)
    return await res.retriever.ready()


async def _kb(ctx: FlowContext) -> KnowledgeBase:
    """The entries answered from (the retriever's: the stored ones once reloaded)."""
    retriever = await _retriever(ctx)
    return retriever.kb if retriever is not None else ctx.resources.kb


async def fallback(ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
    retriever = await _retriever(ctx)
    if retriever is None:  # still being built after the bounded wait
        return [Reply(ctx.t.gettext("I am still getting ready. Please ask me again in a minute."),
                      kind="fallback")]
    return await _decided(ctx, msg, retriever.kb, retriever.decide(msg.text, ctx.user.locale))


async def feedback(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """"Helpful"/"Not helpful" (id ``faq:feedback:<entry>``, value ``yes`` or ``no:question``):
    counted per entry; a "not helpful" keeps the question (redacted, without who asked) for the
    owner's digest. Buttons sent before the entry moved into the id carry ``entry:verdict``."""
    if action.target:
        entry_id, (verdict, question) = action.target, ([*action.value.split(":", 1), ""])[:2]
    else:
        entry_id, verdict, question = ([*action.value.split(":", 2), ""])[:3]
    entry = (await _kb(ctx)).by_id(entry_id, ctx.user.locale)
    if entry is None or verdict not in {"yes", "no"}:
        return [messages.expired(ctx.t)]
    await ctx.uow.faq.feedback(entry_id, helpful=verdict == "yes")
    if verdict == "yes":
        return [Reply(ctx.t.gettext("Thank you for your feedback!"))]
    if question:
        await _record_gap(ctx, digest.NOT_HELPFUL, entry.id, question, entry.locale)
    return [Reply(ctx.t.gettext("Thank you. I'll pass it on so that the answer gets better."))]


async def show(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """A "did you mean" entry picked."""
    entry = (await _kb(ctx)).by_id(action.target or action.value, ctx.user.locale)  # value: older
    if entry is None:
        return [messages.expired(ctx.t)]
    return [messages.entry(ctx, entry)]


async def adopt(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """The digest's button: add a question's wording to an entry as an alternative phrasing
    (value ``id:locale:wording``); only the entry's owner (their contact) or an admin."""
    entry_id, locale, phrase = ([*action.value.split(":", 2), "", ""])[:3]
    row = await ctx.uow.kb.get(entry_id, locale)
    config: FaqConfig = ctx.config
    if row is None or not phrase:
        return [messages.expired(ctx.t)]
    if config.contact(row.owner) != ctx.user.id and "admin" not in ctx.user.roles:
        return [Reply(ctx.t.gettext("Only the owner of this entry can add phrasings to it."))]
    if not await store.add_alternative(ctx.uow, entry_id, locale, phrase, ctx.now):
        return [Reply(ctx.t.gettext("\u201e{phrase}\u201c is already a phrasing of \u201e{question}"
                                    "\u201c.").format(phrase=phrase, question=row.question))]
    return [Reply(ctx.t.gettext("Added \u201e{phrase}\u201c as a phrasing of \u201e{question}"
                                "\u201c. I will answer it within a minute.").format(
        phrase=phrase, question=row.question))]


async def language(ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
    """The answer to the once-only offer (value ``en:yes``/``en:no``): switch the locale."""
    locale, _, answer = action.value.partition(":")
    if locale not in {"de", "en"} or answer not in {"yes", "no"}:
        return [messages.expired(ctx.t)]
    if answer == "no":
        return [Reply(ctx.t.gettext("All right, I will keep your language."))]
    ctx.user.locale = locale
    await ctx.uow.flush()
    t = ctx.translations.for_locale(locale)
    return [Reply(t.gettext("Done: I will write to you in English from now on."))]


async def _decided(ctx: FlowContext, msg: Incoming, kb: KnowledgeBase,
                   decision: Decision) -> list[Reply]:
    if decision.kind in ("answer", "refer"):
        entry = kb.by_id(decision.entries[0], decision.locale)
        if entry is not None and entry.referral:  # whom to ask; nothing kept for the owners
            return [messages.referral(ctx, entry)]
        if entry is not None:
            return [messages.entry(ctx, entry, msg.text), *await _offer_language(ctx, entry)]
    offered = [e for e in (kb.by_id(i, decision.locale) for i in decision.entries)
               if e is not None]
    return await _unanswered(ctx, msg, offered)


async def _offer_language(ctx: FlowContext, entry: Entry) -> list[Reply]:
    """Once per person: a German-locale person asked in English and got an English answer."""
    if ctx.user.locale != "de" or entry.locale != "en":
        return []
    if await ctx.uow.kb.language_offered(ctx.user.id):
        return []
    await ctx.uow.kb.record_language_offer(ctx.user.id, entry.locale, ctx.now)
    return [messages.language_offer(ctx, entry.locale)]


async def _unanswered(ctx: FlowContext, msg: Incoming, offered: list[Entry]) -> list[Reply]:
    if normalize(msg.text):
        redacted = messages.redact(msg.text)
        await ctx.uow.faq.record_unanswered(normalize(redacted)[:300], redacted, ctx.user.locale,
                                            ctx.now.date())
        near = offered[0] if offered else None
        await _record_gap(ctx, digest.UNANSWERED, near.id if near else "", msg.text,
                          near.locale if near else ctx.user.locale)
    return [messages.unanswered(ctx.t, offered)]


async def _record_gap(ctx: FlowContext, kind: str, entry_id: str, text: str,
                      locale: str) -> None:
    """Keep a question for the owner's digest: redacted, counted, one asker bit (no user id)."""
    redacted = messages.redact(text)
    normalized = normalize(redacted)[:300]
    if not normalized:
        return
    config: FaqConfig | None = ctx.config
    today = config.calendar.today(ctx.now) if config is not None else ctx.now.date()
    week = digest.week_of(today)
    key = await ctx.uow.kb.week_key(week)
    await ctx.uow.kb.record_gap(week, kind, entry_id, normalized, redacted, locale,
                                digest.asker_bit(key, ctx.user.id))
