"""Slack's Block Kit limits in one place, and the helpers that keep rendered payloads within them.

Escaping comes first, splitting second: ``&``, ``<`` and ``>`` grow to 4-5 characters, and the
limits count what is sent. Sources: https://api.slack.com/reference/block-kit/blocks,
https://api.slack.com/reference/block-kit/block-elements, https://api.slack.com/reference/block-kit/composition-objects,
https://api.slack.com/reference/surfaces/views.
"""

from __future__ import annotations

import re
from typing import Any

TEXT = 3000  # characters per text object (section text, context element)
FALLBACK = 3000  # the notification ``text`` beside blocks (Slack truncates far later; we stay short)
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100  # Home tab and modals
ACTIONS = 25  # elements per actions block
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTIONS = 100  # per select menu
HEADER = 150
VIEW_LABEL = 24  # modal title, submit and close
ELLIPSIS = "…"
_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")


def mrkdwn(text: str) -> str:
    """Escape Slack's three control characters; keep *bold* and _italic_ as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(escaped: str, limit: int) -> int:
    """Where to cut escaped text at most ``limit`` long without splitting an entity."""
    if len(escaped) <= limit:
        return len(escaped)
    tail = _ENTITY_TAIL.search(escaped[max(0, limit - 4):limit])
    return limit - len(tail.group()) if tail else limit


def shorten(escaped: str, limit: int) -> str:
    """Escaped text cut to ``limit`` characters (with an ellipsis), never inside an entity."""
    if len(escaped) <= limit:
        return escaped
    return escaped[:_cut(escaped, limit - len(ELLIPSIS))] + ELLIPSIS


def plain(text: str, limit: int) -> str:
    """A ``plain_text`` string (not escaped) cut to ``limit`` with an ellipsis; never empty."""
    text = text.strip() or "-"
    return text if len(text) <= limit else text[:limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def split(escaped: str, limit: int = TEXT) -> list[str]:
    """Escaped text in pieces of at most ``limit``: at line ends where possible, an overlong line
    cut hard (never inside an entity); blank pieces dropped."""
    lines: list[str] = []
    for line in escaped.split("\n"):
        while len(line) > limit:
            at = _cut(line, limit)
            lines.append(line[:at])
            line = line[at:]
        lines.append(line)
    chunks, current = [], ""
    for line in lines:
        if current and len(current) + len(line) + 1 > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    chunks.append(current)
    return [c for c in chunks if c.strip()]


def fit_view(blocks: list[dict[str, Any]], note: str) -> list[dict[str, Any]]:
    """A view's blocks within 100: when more, the first 99 and a context ``note`` (escaped
    mrkdwn) saying where the rest is, so nothing goes missing silently."""
    if len(blocks) <= VIEW_BLOCKS:
        return blocks
    notice = {"type": "context", "elements": [{"type": "mrkdwn", "text": shorten(note, TEXT)}]}
    return [*blocks[:VIEW_BLOCKS - 1], notice]
