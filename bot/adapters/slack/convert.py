"""Pure conversions between Slack payloads and flurfunk's messenger-neutral types."""

from __future__ import annotations

import re
from typing import Any

from flows.types import Action, Incoming, Reply

MAX_SECTION = 2900  # Slack allows 3000 characters per section text
MAX_BUTTONS = 25
MAX_LABEL = 75
MENTION = re.compile(r"<@[A-Z0-9]+>\s*")


def mrkdwn(text: str) -> str:
    """Escape Slack's three control characters; keep *bold* and _italic_ as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chunks(text: str) -> list[str]:
    """Split at line ends into pieces Slack accepts; an overlong line is cut hard."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines += [line[i:i + MAX_SECTION] for i in range(0, len(line), MAX_SECTION)] or [""]
    chunks, current = [], ""
    for line in lines:
        if current and len(current) + len(line) + 1 > MAX_SECTION:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    chunks.append(current)
    return [c for c in chunks if c.strip()]


def _sections(text: str) -> list[dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn(c)}} for c in _chunks(text)]


def button_id(action_id: str, index: int) -> str:
    """Slack wants unique action ids per message; ``#n`` tells two buttons of one action apart."""
    return f"{action_id}#{index}"


def action_from_block(element: dict[str, Any]) -> Action:
    """A pressed button (or picked option) back into an ``Action``."""
    action_id = str(element.get("action_id", "")).rsplit("#", 1)[0]
    value = element.get("value")
    if value is None and isinstance(element.get("selected_option"), dict):
        value = element["selected_option"].get("value")
    return Action(action_id, str(value or ""))


def render(reply: Reply, source_label: str = "Quelle") -> dict[str, Any]:
    """A reply as ``text`` (notification fallback) plus Block Kit ``blocks``."""
    text = reply.text
    if reply.links:
        text = "\n".join([text, *reply.links])
    blocks = _sections(text) or [{"type": "section", "text": {"type": "mrkdwn", "text": " "}}]
    if reply.source:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": mrkdwn(f"{source_label}: {reply.source}")}]})
    buttons = []
    for i, choice in enumerate(reply.choices[:MAX_BUTTONS]):
        button: dict[str, Any] = {
            "type": "button",
            "text": {"type": "plain_text", "text": choice.label[:MAX_LABEL], "emoji": True},
            "action_id": button_id(choice.action.id, i),
            "value": choice.action.value[:2000],
        }
        if choice.style in ("primary", "danger"):
            button["style"] = choice.style
        buttons.append(button)
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return {"text": reply.text[:3000], "blocks": blocks}


def answered(blocks: list[dict[str, Any]], pressed: dict[str, Any]) -> list[dict[str, Any]]:
    """The message's blocks once a button was pressed: its buttons give way to a line naming the
    choice, so an answer (or a feedback vote) cannot be given twice by accident."""
    label = ((pressed.get("text") or {}).get("text")) or ""
    out = [b for b in blocks if b.get("type") != "actions"]
    if len(out) < len(blocks) and label:
        out.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"✓ {mrkdwn(label)}"}]})
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


# /flurfunk sub-commands (German and English) and the chat text each one stands for.
SUBCOMMANDS: dict[str, str] = {
    "help": "Hilfe", "hilfe": "Hilfe", "?": "Hilfe",
    "aufgaben": "Was steht bei mir an?", "tasks": "Was steht bei mir an?",
    "vereinbarungen": "Was steht bei mir an?", "agreements": "Was steht bei mir an?",
    "lunch": "Bin ich beim Lunch-Roulette angemeldet?",
    "mittag": "Bin ich beim Lunch-Roulette angemeldet?",
    "mittagessen": "Bin ich beim Lunch-Roulette angemeldet?",
    "umfrage": "Umfrage", "umfragen": "Umfrage", "survey": "Umfrage", "surveys": "Umfrage",
    "onboarding": "Wie weit bin ich?", "checkliste": "Wie weit bin ich?",
    "checklist": "Wie weit bin ich?",
    "daten": "Meine Daten", "meinedaten": "Meine Daten", "mydata": "Meine Daten",
    "data": "Meine Daten",
}


def command_text(text: str) -> str:
    """``/flurfunk aufgaben`` -> ``Was steht bei mir an?``; anything longer than a bare
    sub-command (``/flurfunk lunch nächste Woche nicht``) goes to the assistant as written."""
    words = text.strip().split()
    if not words:
        return "Hilfe"
    if len(words) == 1 and words[0].lower().strip("-/") in SUBCOMMANDS:
        return SUBCOMMANDS[words[0].lower().strip("-/")]
    return " ".join(words)
