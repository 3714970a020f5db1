"""Incoming message -> NLU -> route -> replies; the one place for error handling."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from bot import answers, confirm
from bot.i18n import Translations
from bot.routing import Router
from flows.settings import default_config
from flows.types import Action, Choice, Feature, FlowContext, Incoming, Reply
from nlu.text import MAX_CHARS, clean
from nlu.types import FALLBACK, Parse, Parser
from storage.models.core import Person
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
CANCEL = re.compile(r"^\s*(abbrechen|abbruch|stopp?|cancel|quit|nichts|vergiss es)\s*[.!]?\s*$", re.I)
USER_ID = re.compile(r"^[\w.@+-]{1,64}$")
RECONSIDER_BELOW = 0.55  # a feature intent this unsure yields to a clear FAQ answer (RESULTS.md)


@dataclass(frozen=True)
class Answer:
    """The replies to one message and the language of the person they go to, so that an
    adapter renders its own words (``Source``, ``Choose …``) without asking the database."""

    replies: list[Reply]
    locale: str


class Dispatcher:
    """Turns one ``Incoming`` into replies, the same way for every messenger."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        parser: Parser,
        router: Router,
        translations: Translations,
        feature_config: Callable[[Feature], Any] = default_config,
    ) -> None:
        self.uow_factory = uow_factory
        self.parser = parser
        self.router = router
        self.translations = translations
        self.feature_config = feature_config

    async def handle(self, msg: Incoming, now: datetime | None = None) -> list[Reply]:
        """The replies only (tests, and callers that render no words of their own)."""
        return (await self.answer(msg, now)).replies

    async def answer(self, msg: Incoming, now: datetime | None = None) -> Answer:
        """The replies and the person's language, from one database session."""
        now = now or datetime.now(UTC)
        default = self.translations.for_locale(None)
        if not USER_ID.match(msg.user_id or ""):
            return Answer([Reply(default.gettext("I can't tell who you are. Please use a valid "
                                                 "user id."), kind="error")], default.locale)
        try:
            async with self.uow_factory() as uow:
                person = await uow.people.get_or_create(msg.user_id, now)
                replies = await self._handle(uow, person, msg, now)
                locale = self.translations.for_locale(person.locale).locale
                await uow.commit()
                return Answer(replies, locale)
        except Exception:
            log.exception("dispatch failed (user=%s, action=%s)", msg.user_id,
                          msg.action.id if msg.action else None)
            return Answer([Reply(default.gettext(
                "Sorry, something went wrong on my side. Please try again in a moment; if it "
                "keeps happening, tell the IT-Service."), kind="error")], default.locale)

    async def _handle(self, uow: UnitOfWork, person: Person, msg: Incoming,
                      now: datetime) -> list[Reply]:
        t = self.translations.for_locale(person.locale)
        state = await uow.conversation.get(person.id, now)
        raw = msg.text or ""
        text = clean(raw)
        ctx = FlowContext(uow=uow, user=person, t=t, now=now, translations=self.translations)
        action = msg.action or self._choice_from_text(text, state.choices if state else [])
        if msg.action is None and msg.intent is not None:  # /flurfunk <sub-command>
            told = await self._route_intent(ctx, replace(msg, text=text), Parse(msg.intent, 1.0))
            await self._save_state(uow, person.id, now, ctx, told)
            return told

        if action is None and len(raw) > MAX_CHARS:
            return [Reply(t.gettext("That is a very long message. Please ask your question "
                                    "in one or two sentences."))]
        if action is None and not text:
            return [Reply(t.gettext("I didn't catch that. Type \"Hilfe\" to see what I can do."))]
        if action is None and state and state.flow and CANCEL.match(text):
            await uow.conversation.clear(person.id)
            return [Reply(t.gettext("Okay, cancelled."))]

        source: answers.Open | None = None
        if action is None and text and not (state and state.flow):
            found = await self._typed_answer(uow, person.id, text, state, now)
            if isinstance(found, Reply):
                await uow.conversation.save(person.id, now, flow=None, data={},
                                            choices=[c.to_dict() for c in found.choices])
                return [found]
            if found is not None:
                action, source = found.action, found.source if found.say_which else None

        replies: list[Reply] | None = None
        if action is not None and action.id == confirm.CONFIRM:
            waiting = dict(state.data) if state and state.flow == confirm.CONFIRM_FLOW else None
            replies = await self._confirmed(ctx, msg, action, waiting)
        elif action is not None:
            replies = await self._route_action(ctx, replace(msg, text=text, action=action), action)
            await answers.mark_answered(uow, person.id, action, now)
            if source is not None and source.message is not None and replies:
                about = t.gettext("(About \u201e{message}\u201c)").format(message=source.snippet)
                replies[0] = replace(replies[0], text=f"{about}\n{replies[0].text}")
        else:
            msg = replace(msg, text=text)
            parse = await self.parser.parse(text, person.locale, now.date())
            if state and state.flow and state.flow in self.router.flows:
                feature, flow = self.router.flows[state.flow]
                ctx.state = dict(state.data)
                self._enter(ctx, feature)
                replies = await flow(ctx, msg, parse)
            if replies is None:
                replies = await self._route_intent(ctx, msg, parse)
        await self._save_state(uow, person.id, now, ctx, replies)
        return replies

    async def _typed_answer(self, uow: UnitOfWork, person_id: str, text: str, state: Any,
                            now: datetime) -> answers.Found | Reply | None:
        """A typed answer to an open question of a recent message (or the last reply); a
        question back when it could answer several. None: not an answer, route it as usual."""
        recent, asked = await answers.open_questions(uow, person_id, now)
        last = list(state.choices) if state else []
        found = answers.find(text, last, recent)
        found.say_which = asked > 1
        if found.action is not None:
            extra = 0 if text.strip().rstrip(".)").isdigit() else answers.extra_words(
                text, next(c for c in (found.source.choices if found.source else [])
                           if Choice.from_dict(c).action == found.action))
            if extra and await self._other_feature(text, found.action, uow, person_id, now):
                return None  # "Dienstausweis erledigt" is the checklist, not the reminder
            return found
        options = list({(id(o), answers.group(c)): (o, c) for o, c in found.ambiguous}.values())
        if len(options) < 2:
            return None
        person = await uow.people.get(person_id)
        t = self.translations.for_locale(person.locale if person else None)
        return Reply(t.gettext("That could answer several messages. Which one do you mean?"),
                     choices=tuple(
                         Choice(f"{c['label']} \u2013 {o.snippet}" if o.snippet else c["label"],
                                Choice.from_dict(c).action) for o, c in options[:9]))

    async def _other_feature(self, text: str, action: Action, uow: UnitOfWork, person_id: str,
                             now: datetime) -> bool:
        """Whether the NLU is sure the text means an intent of another feature than the
        action's."""
        person = await uow.people.get(person_id)
        parse = await self.parser.parse(text, person.locale if person else "de", now.date())
        if parse.intent == FALLBACK or parse.intent not in self.router.intents:
            return False
        feature, _ = self.router.intents[parse.intent]
        return feature.name != action.feature

    @staticmethod
    def _choice_from_text(text: str, choices: Sequence[dict[str, Any]]) -> Action | None:
        """An exact label picks that choice; otherwise ``2`` picks the second offered choice."""
        if not choices:
            return None
        stripped = text.strip().rstrip(".)")
        for c in choices:  # an exact label first: "4" on a 0-10 scale means the label "4"
            if stripped.lower() == str(c["label"]).lower():
                return Choice.from_dict(c).action
        numbered = not all(str(c["label"]).strip().isdigit() for c in choices)  # not a 0-10 scale
        if numbered and stripped.isdigit() and 1 <= int(stripped) <= len(choices):
            return Choice.from_dict(choices[int(stripped) - 1]).action
        return None

    async def _confirmed(self, ctx: FlowContext, msg: Incoming, action: Action,
                         waiting: dict[str, Any] | None) -> list[Reply]:
        """"Ja": the waiting message's intent runs on it; "Nein": the knowledge base answers it."""
        if waiting is None:
            return [Reply(ctx.t.gettext("That button has expired. Please ask me again."))]
        text = str(waiting["text"])
        intent = str(waiting["intent"]) if action.value == "yes" else FALLBACK
        parse = await self.parser.parse(text, ctx.user.locale, ctx.now.date())
        return await self._route_intent(ctx, replace(msg, text=text, action=None, intent=intent),
                                        replace(parse, intent=intent, confidence=1.0))

    async def _route_action(self, ctx: FlowContext, msg: Incoming, action: Action) -> list[Reply]:
        found = self.router.action(action.id)
        if found is None:
            log.warning("unknown action %s", action.id)
            return [Reply(ctx.t.gettext("That button has expired. Please ask me again."))]
        feature, handler = found
        self._enter(ctx, feature)
        return await handler(ctx, msg, action)

    async def _route_intent(self, ctx: FlowContext, msg: Incoming, parse: Parse) -> list[Reply]:
        intent = parse.intent if parse.intent in self.router.intents else FALLBACK
        if (intent != FALLBACK and parse.confidence < RECONSIDER_BELOW and msg.intent is None
                and msg.text and any(r(msg.text, ctx.user.locale) for r in self.router.reconsider)):
            intent = FALLBACK  # an unsure feature intent, and a clear knowledge-base answer
        question = self.router.confirm.get(intent)
        if (question and msg.intent is None and msg.text
                and confirm.needed(parse, msg.text, self.router.meant.get(intent))):
            ctx.expect(confirm.CONFIRM_FLOW, {"intent": intent, "text": msg.text})
            return [confirm.offer(ctx.t, question)]
        if intent != parse.intent:
            log.info("intent %s has no handler; falling back", parse.intent)
        feature, handler = self.router.intents[intent]
        self._enter(ctx, feature)
        return await handler(ctx, msg, parse)

    def _enter(self, ctx: FlowContext, feature: Feature) -> None:
        """Give the handler its feature's config and loaded content."""
        ctx.config, ctx.resources = self.feature_config(feature), feature.resources

    @staticmethod
    async def _save_state(
        uow: UnitOfWork, person_id: str, now: datetime, ctx: FlowContext, replies: list[Reply]
    ) -> None:
        choices = [c.to_dict() for r in replies if r.keep_choices for c in r.choices]
        if ctx.next_flow or choices:
            await uow.conversation.save(
                person_id, now, flow=ctx.next_flow, data=ctx.next_data, choices=choices
            )
        else:
            await uow.conversation.clear(person_id)
