"""Bolt listeners: DMs, mentions, ``/flurfunk``, buttons, the Home tab and the features' forms.

Every listener acks and queues the slow work (dedupe, resolving the person, the dispatcher,
posting the replies) for the bounded worker pool; nothing in the ack path waits for the database.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from slack_sdk.errors import SlackApiError

from bot.adapters.slack import convert, modals
from bot.adapters.slack.convert import (
    action_from_block,
    answered,
    ignorable,
    incoming_from_event,
    render_messages,
)
from bot.dispatch import Answer
from flows.types import Incoming

if TYPE_CHECKING:
    from bot.adapters.slack.app import SlackBot

log = logging.getLogger(__name__)
# The events the app subscribes to (manifest name -> Bolt event type); nothing else: an event
# without a listener is acked (before Bolt runs) and then only logged as refused by Bolt.
SUBSCRIBED_EVENTS = {"app_home_opened": "app_home_opened", "app_mention": "app_mention",
                     "message.im": "message"}


async def _locale(bot: SlackBot, person_id: str) -> str | None:
    """The person's language before any dispatch (a modal opens instead of a reply)."""
    async def lookup() -> str | None:
        async with bot.rt.uow() as uow:
            person = await uow.people.get(person_id)
            return person.locale if person else None

    return await bot.durably(lookup)


async def _person(bot: SlackBot, slack_id: str, now: datetime) -> str:
    return await bot.durably(lambda: bot.directory.person_id(slack_id, now))


async def _answer(bot: SlackBot, msg: Incoming, now: datetime) -> Answer:
    return await bot.durably(lambda: bot.rt.dispatcher.answer(msg, now))


def _rendered(bot: SlackBot, answer: Answer) -> list[dict[str, Any]]:
    """The answer's messages, Slack's own words ("Source", "Choose …") in each reply's language."""
    out = []
    for r in answer.replies:
        t = bot.rt.translations.for_locale(r.locale or answer.locale)
        out += render_messages(r, t.gettext("Source"), t.gettext("Choose …"))
    return out


async def post(bot: SlackBot, answer: Answer, channel: str, thread: str | None = None) -> None:
    """Post replies into ``channel`` (a DM, or a thread under a mention)."""
    for body in _rendered(bot, answer):
        try:
            await bot.client.chat_postMessage(channel=channel, thread_ts=thread, **body)
        except SlackApiError as exc:
            log.warning("reply not posted: %s", exc.response.get("error"))


async def _respond(bot: SlackBot, respond: Any, answer: Answer) -> None:
    """Answer only the person (ephemeral) through the ``response_url``."""
    for body in _rendered(bot, answer):
        try:
            await respond(response_type="ephemeral", replace_original=False, **body)
        except Exception as exc:
            log.warning("response_url answer failed: %s", type(exc).__name__)


async def publish_home(bot: SlackBot, slack_id: str, person_id: str) -> None:
    now = datetime.now(UTC)
    view = await bot.durably(lambda: bot.home.view(person_id, now))
    try:
        await bot.client.views_publish(user_id=slack_id, view=view)
    except SlackApiError as exc:
        log.warning("home not published: %s", exc.response.get("error"))


def register(bot: SlackBot) -> None:
    """Every listener acks (events: Bolt does, right after the listener returns) and queues its
    work in ``bot.inflight``: the ack path touches no database."""
    app = bot.app

    async def on_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        """DMs only (``message.im``); edits, joins and bot posts are ignored."""
        if event.get("channel_type") not in (None, "im") or ignorable(event):
            return
        await bot.inflight.submit(lambda: _answer_event(bot, event, body))

    async def on_mention(event: dict[str, Any], body: dict[str, Any]) -> None:
        if ignorable(event):
            return
        await bot.inflight.submit(lambda: _answer_event(bot, event, body))

    async def on_home(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return

        async def work() -> None:
            claim = uuid4().hex
            if not await bot.durably(lambda: bot.first_time(body, claim)):
                return
            person_id = await _person(bot, event["user"], datetime.now(UTC))
            await publish_home(bot, event["user"], person_id)

        await bot.inflight.submit(work)

    async def on_command(ack: Any, command: dict[str, Any], respond: Any) -> None:
        await ack()

        async def work() -> None:
            now = datetime.now(UTC)
            person_id = await _person(bot, command["user_id"], now)
            text, intent = convert.command(command.get("text") or "", bot.rt.router.subcommand)
            msg = Incoming(person_id, text, messenger="slack", channel=command.get("channel_id"),
                           intent=intent)
            await _respond(bot, respond, await _answer(bot, msg, now))

        await bot.inflight.submit(work)

    async def on_action(ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        await ack()
        await bot.inflight.submit(lambda: _answer_action(bot, body, action, respond))

    async def on_form(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        action, errors = modals.submission(view, bot.rt.router.form)
        slack_id = body["user"]["id"]
        if errors:  # the modal carries its language: no lookup before the ack
            t = bot.rt.translations.for_locale(modals.locale_of(view))
            await ack(response_action="errors",
                      errors={block: t.gettext(text) for block, text in errors.items()})
            return
        await ack()
        if action is None:
            log.warning("a form was submitted that no button opens any more")
            return

        async def work() -> None:
            now = datetime.now(UTC)
            person_id = await _person(bot, slack_id, now)
            answer = await _answer(bot, Incoming(person_id, action=action, messenger="slack"), now)
            await post(bot, answer, slack_id)

        await bot.inflight.submit(work)

    on_event = {"message": on_message, "app_mention": on_mention, "app_home_opened": on_home}
    for event_type in SUBSCRIBED_EVENTS.values():
        app.event(event_type)(on_event[event_type])
    app.command("/flurfunk")(on_command)
    app.action(re.compile(r".+"))(on_action)
    app.view(modals.CALLBACK)(on_form)


async def _answer_event(bot: SlackBot, event: dict[str, Any], body: dict[str, Any]) -> None:
    """Dedupe (a redelivered ``event_id`` is answered once), then dispatch and post.

    The database part runs again on transient errors (``SlackBot.durably``): the event is acked
    already, Slack will not redeliver it. The dedupe row carries this delivery's ``claim``, so
    an attempt whose commit went through before the error does not count as a redelivery.
    Nothing is posted before the answer is complete, so a retry cannot post twice."""
    claim, now = uuid4().hex, datetime.now(UTC)

    async def prepare() -> tuple[Incoming, Answer] | None:
        if not await bot.first_time(body, claim):
            return None
        person_id = await bot.directory.person_id(event["user"], now)
        msg = incoming_from_event(event, person_id)
        if msg is None or msg.channel is None:
            return None
        return msg, await bot.rt.dispatcher.answer(msg, now)

    prepared = await bot.durably(prepare)
    if prepared is not None:
        msg, answer = prepared
        await post(bot, answer, str(msg.channel), msg.thread)


async def _close_buttons(bot: SlackBot, channel: str, message: dict[str, Any],
                         element: dict[str, Any]) -> None:
    """Replace the pressed message's buttons by the choice made (DMs: the message is ours)."""
    if not message.get("ts") or not message.get("blocks"):
        return
    try:
        await bot.client.chat_update(channel=channel, ts=message["ts"], text=message.get("text", ""),
                                     blocks=answered(message["blocks"], element))
    except SlackApiError as exc:
        log.warning("buttons not closed: %s", exc.response.get("error"))


async def _answer_action(bot: SlackBot, body: dict[str, Any], element: dict[str, Any],
                         respond: Any) -> None:
    """A button: a modal where one fits, else the dispatcher; the answer goes where the button
    was (the DM, the person alone in a channel, or a DM when pressed on the Home tab)."""
    now = datetime.now(UTC)
    slack_id = body["user"]["id"]
    person_id = await _person(bot, slack_id, now)
    action = action_from_block(element)
    form = bot.rt.router.form(action.id)
    if form is not None and body.get("trigger_id"):
        t = bot.rt.translations.for_locale(await _locale(bot, person_id))
        try:
            await bot.client.views_open(trigger_id=body["trigger_id"],
                                        view=modals.form_view(t, form, action, now.date()))
            return
        except SlackApiError as exc:
            log.warning("modal not opened (%s); asking in chat", exc.response.get("error"))
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    msg = Incoming(person_id, action=action, messenger="slack", channel=channel,
                   thread=container.get("thread_ts"))
    answer = await _answer(bot, msg, now)
    if channel and str(channel).startswith("D"):
        await _close_buttons(bot, channel, body.get("message") or {}, element)
        await post(bot, answer, channel, container.get("thread_ts"))
    elif channel and body.get("response_url"):
        await _respond(bot, respond, answer)
    else:
        await post(bot, answer, slack_id)
    if container.get("type") == "view":
        await publish_home(bot, slack_id, person_id)
