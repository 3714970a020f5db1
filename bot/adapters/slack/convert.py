"""Pure conversions between Slack payloads and flurfunk's messenger-neutral types."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from bot.adapters.slack import limits
from bot.adapters.slack.limits import mrkdwn as mrkdwn  # re-exported: escaping lives with the limits
from flows.types import Action, Choice, Incoming, Reply

log = logging.getLogger(__name__)
MENU = "menu"  # the action id of select menus; the picked option names the real action

MENTION = re.compile(r"<@[A-Z0-9]+>\s*")


def _sections(escaped: str) -> list[dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": c}} for c in limits.split(escaped)]


def button_id(action_id: str, index: int) -> str:
    """Slack wants unique action ids per message; ``#n`` tells two buttons of one action apart."""
    return f"{action_id}#{index}"


def action_from_block(element: dict[str, Any]) -> Action:
    """A pressed button (or picked option) back into an ``Action``."""
    action_id = str(element.get("action_id", "")).rsplit("#", 1)[0]
    value = element.get("value")
    if value is None and isinstance(element.get("selected_option"), dict):
        value = element["selected_option"].get("value")
        if action_id == MENU:  # an option of a select menu: ``index|action|value``
            _, action_id, value = [*str(value or "").split("|", 2), "", ""][:3]
    return Action(action_id, str(value or ""))


def _buttons(choices: Sequence[Choice]) -> list[dict[str, Any]]:
    """Up to 25 choices: one actions block of buttons."""
    buttons = []
    for i, choice in enumerate(choices):
        button: dict[str, Any] = {
            "type": "button",
            "text": {"type": "plain_text", "text": limits.plain(choice.label, limits.BUTTON_TEXT),
                     "emoji": True},
            "action_id": button_id(choice.action.id, i),
            "value": _value(choice, limits.BUTTON_VALUE),
        }
        if choice.style in ("primary", "danger"):
            button["style"] = choice.style
        buttons.append(button)
    return [{"type": "actions", "elements": buttons}]


def _menus(choices: Sequence[Choice], placeholder: str) -> list[dict[str, Any]]:
    """More than 25 choices: select menus of up to 100 options each (an actions block holds up
    to 25 of them). Each option carries its action as ``action|value`` (``action_from_block``)."""
    blocks, menus = [], []
    for n, start in enumerate(range(0, len(choices), limits.OPTIONS)):
        page = choices[start:start + limits.OPTIONS]
        menus.append({
            "type": "static_select", "action_id": button_id(MENU, n),
            "placeholder": {"type": "plain_text", "text": limits.plain(placeholder, limits.OPTION_TEXT)},
            "options": [{"text": {"type": "plain_text", "text": limits.plain(c.label, limits.OPTION_TEXT)},
                         "value": f"{start + i}|{c.action.id}|{c.action.value}"}
                        for i, c in enumerate(page)],
        })
    for start in range(0, len(menus), limits.ACTIONS):
        blocks.append({"type": "actions", "elements": menus[start:start + limits.ACTIONS]})
    return blocks


def _value(choice: Choice, limit: int) -> str:
    if len(choice.action.value) > limit:  # a feature bug; the id names it, the value may be personal
        log.warning("choice value of %s longer than %d characters, cut", choice.action.id, limit)
    return choice.action.value[:limit]


def _fits_menu(choices: Sequence[Choice]) -> bool:
    return all(len(f"{i}|{c.action.id}|{c.action.value}") <= limits.OPTION_VALUE
               for i, c in enumerate(choices))


def render(reply: Reply, source_label: str = "Quelle", more: str = "Choose …") -> dict[str, Any]:
    """A reply as ``text`` (the notification fallback, escaped like the blocks) plus Block Kit
    ``blocks``, each within Slack's limits; ``messages`` splits them into postable messages.

    Up to 25 choices become buttons, more become select menus (``more`` is their placeholder),
    or, when their values are too long for a menu, several rows of 25 buttons.
    """
    text = reply.text
    if reply.links:
        text = "\n".join([text, *reply.links])
    escaped = mrkdwn(text)
    blocks = _sections(escaped)
    if reply.source:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": limits.shorten(mrkdwn(f"{source_label}: {reply.source}"),
                                                      limits.TEXT)}]})
    choices = list(reply.choices)
    if len(choices) <= limits.ACTIONS:
        blocks += _buttons(choices) if choices else []
    elif _fits_menu(choices):
        blocks += _menus(choices, more)
    else:
        for start in range(0, len(choices), limits.ACTIONS):
            rows = _buttons(choices[start:start + limits.ACTIONS])
            for i, button in enumerate(rows[0]["elements"]):
                button["action_id"] = button_id(choices[start + i].action.id, start + i)
            blocks += rows
    if not blocks:  # an empty reply: Slack refuses empty sections and empty messages
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": limits.ELLIPSIS}}]
    fallback = limits.shorten(escaped, limits.FALLBACK).strip()
    return {"text": fallback or limits.ELLIPSIS, "blocks": blocks}


def messages(body: dict[str, Any]) -> list[dict[str, Any]]:
    """A rendered reply as messages of at most 50 blocks each (long content continues in the
    next message; the choices and source stay together at the end)."""
    blocks = body["blocks"]
    if len(blocks) <= limits.MESSAGE_BLOCKS:
        return [body]
    out = []
    for start in range(0, len(blocks), limits.MESSAGE_BLOCKS):
        piece = blocks[start:start + limits.MESSAGE_BLOCKS]
        first = next((b["text"]["text"] for b in piece if b.get("type") == "section"), body["text"])
        out.append({"text": limits.shorten(first, limits.FALLBACK) if start else body["text"],
                    "blocks": piece})
    return out


def render_messages(reply: Reply, source_label: str = "Quelle",
                    more: str = "Choose …") -> list[dict[str, Any]]:
    """``render`` then ``messages``: what to post for one reply."""
    return messages(render(reply, source_label, more))


def answered(blocks: list[dict[str, Any]], pressed: dict[str, Any]) -> list[dict[str, Any]]:
    """The message's blocks once a button was pressed: its buttons give way to a line naming the
    choice, so an answer (or a feedback vote) cannot be given twice by accident."""
    label = ((pressed.get("text") or (pressed.get("selected_option") or {}).get("text")
              or {}).get("text")) or ""
    out = [b for b in blocks if b.get("type") != "actions"]
    if len(out) < len(blocks) and label:
        out.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": limits.shorten(f"✓ {mrkdwn(label)}", limits.TEXT)}]})
    return out


def ignorable(event: dict[str, Any]) -> bool:
    """Edits, deletions, joins, bot posts (ours and others'), hidden and empty messages."""
    return bool(event.get("subtype") or event.get("bot_id") or event.get("hidden")
                or not event.get("user") or event.get("user") == "USLACKBOT")


def message_text(event: dict[str, Any]) -> str:
    """The text of a message or mention, without the mention of the bot."""
    return MENTION.sub("", str(event.get("text") or "")).strip()


def incoming_from_event(event: dict[str, Any], person_id: str) -> Incoming | None:
    """A DM or ``app_mention`` as an ``Incoming`` for ``person_id``; None for what we ignore.

    Mentions are answered in their thread (a new one under the mention when it is top-level);
    DMs are answered in a thread only when the person wrote in one.
    """
    if ignorable(event):
        return None
    if event.get("type") == "app_mention":
        thread = event.get("thread_ts") or event.get("ts")
    else:
        thread = event.get("thread_ts")
    return Incoming(user_id=person_id, text=message_text(event), messenger="slack",
                    channel=event.get("channel"), thread=thread)


def command(text: str, subcommand: Callable[[str], str | None]) -> tuple[str, str | None]:
    """``/flurfunk aufgaben`` -> the text and the intent a feature declared for the word
    (``subcommand``, the router's table); anything longer than a bare sub-command
    (``/flurfunk lunch nächste Woche nicht``) goes to the assistant as written, intent None."""
    words = text.strip().split()
    if len(words) > 1:
        return " ".join(words), None
    return " ".join(words), subcommand(words[0].lower().strip("-/") if words else "")
