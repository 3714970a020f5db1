"""Pure conversions between Matrix events and flurfunk's messenger-neutral types.

Replies become ``m.room.message`` content with ``org.matrix.custom.html`` and a plain ``body``
(https://spec.matrix.org/v1.11/client-server-api/#mroommessage-msgtypes); the source is a
quoted line, choices a numbered list answered by number or by their words (the dispatcher
matches both against the conversation's offered choices).
"""

from __future__ import annotations

import html
import re
from typing import Any

from flows.types import Incoming, Reply

URL = re.compile(r"https?://[^\s<>\"]+")


def _html_line(text: str) -> str:
    """One escaped line with its URLs as links."""
    out, last = [], 0
    for m in URL.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        url = m.group(0)
        out.append(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _html(text: str) -> str:
    return "<br>".join(_html_line(line) for line in text.split("\n"))


def is_scale(reply: Reply) -> bool:
    """Choices that are all numbers (a 0-10 survey scale): answered by the number itself."""
    return bool(reply.choices) and all(c.label.strip().isdigit() for c in reply.choices)


def render(reply: Reply, source_label: str = "Quelle", answer_hint: str = "") -> dict[str, Any]:
    """A reply as ``m.room.message`` content (``m.notice``: bots should not trigger bots)."""
    text = "\n".join([reply.text, *reply.links]) if reply.links else reply.text
    plain = [text]
    rich = [_html(text)]
    if reply.source:
        line = f"{source_label}: {reply.source}"
        plain.append(f"> {line}")
        rich.append(f"<blockquote>{_html_line(line)}</blockquote>")
    if reply.choices:
        if is_scale(reply):
            labels = " · ".join(c.label for c in reply.choices)
            plain.append(labels)
            rich.append(f"<p>{html.escape(labels)}</p>")
        else:
            plain += [f"{i}. {c.label}" for i, c in enumerate(reply.choices, 1)]
            rich.append("<ol>" + "".join(f"<li>{html.escape(c.label)}</li>" for c in reply.choices)
                        + "</ol>")
        if answer_hint:
            plain.append(answer_hint)
            rich.append(f"<p><em>{html.escape(answer_hint)}</em></p>")
    return {"msgtype": "m.notice", "body": "\n".join(plain), "format": "org.matrix.custom.html",
            "formatted_body": "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in rich)}


def in_thread(content: dict[str, Any], root_event_id: str) -> dict[str, Any]:
    """``content`` as a reply in the thread under ``root_event_id`` (m.thread relation,
    https://spec.matrix.org/v1.11/client-server-api/#threading)."""
    return {**content, "m.relates_to": {"rel_type": "m.thread", "event_id": root_event_id,
                                        "is_falling_back": True,
                                        "m.in_reply_to": {"event_id": root_event_id}}}


def thread_root(source: dict[str, Any]) -> str | None:
    """The thread an event belongs to, if any."""
    rel = (source.get("content") or {}).get("m.relates_to") or {}
    return str(rel["event_id"]) if rel.get("rel_type") == "m.thread" and rel.get("event_id") else None


def mentions(source: dict[str, Any], body: str, bot_user_id: str, display_name: str = "") -> bool:
    """True when the event mentions the bot: intentional mentions (``m.mentions``, spec 1.7),
    a matrix.to pill in the HTML, or the user id / display name in the text."""
    content = source.get("content") or {}
    if bot_user_id in ((content.get("m.mentions") or {}).get("user_ids") or []):
        return True
    if bot_user_id in str(content.get("formatted_body") or ""):
        return True
    low = body.lower()
    return bot_user_id.lower() in low or bool(display_name and display_name.lower() in low)


def strip_mention(body: str, bot_user_id: str, display_name: str = "") -> str:
    """The question without the leading mention (``flurfunk: Wann ...`` -> ``Wann ...``)."""
    for name in (bot_user_id, display_name, bot_user_id.split(":")[0].lstrip("@")):
        if name and body.lower().startswith(name.lower()):
            return body[len(name):].lstrip(" :,").strip()
    return body.replace(bot_user_id, "").strip()


def incoming(person_id: str, text: str, room_id: str, thread: str | None = None) -> Incoming:
    return Incoming(person_id, text, messenger="matrix", channel=room_id, thread=thread)


def content_of(reply: Reply, t: Any) -> dict[str, Any]:
    """A reply's content in the reader's language (``t``: their translations)."""
    hint = "" if not reply.choices else (
        t.gettext("Reply with one of the numbers.") if is_scale(reply)
        else t.gettext("Reply with the number or the words of your choice."))
    return render(reply, t.gettext("Source"), hint)
