"""Slack's documented payload limits, as the stand-in enforces them (and the property tests use).

slack_sdk's own Block Kit models (``Block.parse(...).to_dict()`` validates recursively) carry most
limits; the ones they lack are checked here explicitly. Each rule names its documentation page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

# https://api.slack.com/reference/block-kit/blocks: "up to 50 blocks in each message, and 100
# blocks in modals or Home tabs".
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
# https://api.slack.com/reference/block-kit/composition-objects#text: text objects (section text,
# context elements) at most 3000 characters; section text at least 1.
TEXT_MAX = 3000
# https://api.slack.com/reference/block-kit/blocks#actions: at most 25 elements.
ACTIONS_MAX = 25
# https://api.slack.com/reference/block-kit/block-elements#button: text 75, value 2000.
BUTTON_TEXT, BUTTON_VALUE = 75, 2000
# https://api.slack.com/reference/block-kit/composition-objects#option: text 75, value 150;
# https://api.slack.com/reference/block-kit/block-elements#static_select: at most 100 options.
OPTION_TEXT, OPTION_VALUE, OPTIONS_MAX = 75, 150, 100
# https://api.slack.com/reference/block-kit/block-elements#datepicker: initial_date YYYY-MM-DD.
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# https://api.slack.com/reference/surfaces/views: title, submit and close at most 24 characters,
# private_metadata at most 3000.
VIEW_LABEL, PRIVATE_METADATA = 24, 3000
# https://api.slack.com/methods/chat.postMessage#truncating: more than 40,000 characters of text
# is ``msg_too_long``.
MESSAGE_TEXT = 40000


def _texts(node: Any) -> Iterator[dict[str, Any]]:
    """Every text object (``{"type": "mrkdwn"|"plain_text", "text": ...}``) inside ``node``."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and "text" in node:
            yield node
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(block.get("elements") or [])
    if isinstance(block.get("accessory"), dict):
        found.append(block["accessory"])
    if isinstance(block.get("element"), dict):
        found.append(block["element"])
    return [e for e in found if isinstance(e, dict)]


def block_problem(block: Any) -> str | None:
    """Why Slack refuses this block, or None."""
    if not isinstance(block, dict):
        return "a block is not an object"
    try:
        parsed = Block.parse(block)
        if parsed is None:
            return f"unknown block type {block.get('type')!r}"
        parsed.to_dict()  # slack_sdk validates the block and its elements
    except (SlackObjectFormationError, TypeError, KeyError, ValueError) as exc:
        return f"{block.get('type')}: {exc}"
    for text in _texts(block):
        if not isinstance(text.get("text"), str) or len(text["text"]) > TEXT_MAX:
            return f"{block.get('type')}: a text object is longer than {TEXT_MAX} characters"
    if block.get("type") == "section" and "text" in block and not str(block["text"].get("text")).strip():
        return "section: text must not be empty"  # "Minimum 1 ... characters"
    elements = _elements(block)
    if block.get("type") == "actions" and len(elements) > ACTIONS_MAX:
        return f"actions: more than {ACTIONS_MAX} elements"
    ids = [e.get("action_id") for e in elements if e.get("action_id")]
    if len(ids) != len(set(ids)):
        return f"{block.get('type')}: action_id not unique"
    for e in elements:
        problem = _element_problem(e)
        if problem:
            return problem
    return None


def _element_problem(e: dict[str, Any]) -> str | None:
    if e.get("type") == "button":
        if len(str((e.get("text") or {}).get("text", ""))) > BUTTON_TEXT:
            return f"button: text longer than {BUTTON_TEXT}"
        if len(str(e.get("value", ""))) > BUTTON_VALUE:
            return f"button: value longer than {BUTTON_VALUE}"
    options = list(e.get("options") or []) + [
        o for g in e.get("option_groups") or [] for o in g.get("options") or []]
    if len(options) > OPTIONS_MAX:
        return f"{e.get('type')}: more than {OPTIONS_MAX} options"
    for o in options:
        if len(str((o.get("text") or {}).get("text", ""))) > OPTION_TEXT:
            return f"option: text longer than {OPTION_TEXT}"
        if len(str(o.get("value", ""))) > OPTION_VALUE:
            return f"option: value longer than {OPTION_VALUE}"
    if "initial_date" in e and not DATE.match(str(e["initial_date"])):
        return "datepicker: initial_date is not YYYY-MM-DD"
    return None


def message_problem(text: Any, blocks: Any) -> tuple[str, str] | None:
    """(error, why) Slack answers a chat.postMessage/chat.update with, or None.

    https://api.slack.com/methods/chat.postMessage#errors: ``no_text`` without text and blocks,
    ``invalid_blocks`` for blocks breaking the limits, ``msg_too_long`` for overlong text.
    """
    if not blocks and not str(text or "").strip():
        return "no_text", "neither text nor blocks"
    if len(str(text or "")) > MESSAGE_TEXT:
        return "msg_too_long", f"text longer than {MESSAGE_TEXT}"
    if blocks:
        if not isinstance(blocks, list):
            return "invalid_blocks_format", "blocks is not a list"
        if len(blocks) > MESSAGE_BLOCKS:
            return "invalid_blocks", f"more than {MESSAGE_BLOCKS} blocks"
        for block in blocks:
            why = block_problem(block)
            if why:
                return "invalid_blocks", why
    return None


def view_problem(view: Any) -> str | None:
    """Why views.publish / views.open refuse ``view`` (answered ``invalid_arguments``), or None.

    https://api.slack.com/methods/views.publish#errors and https://api.slack.com/reference/surfaces/views
    """
    if not isinstance(view, dict) or view.get("type") not in ("home", "modal"):
        return "view: type must be home or modal"
    blocks = view.get("blocks") or []
    if not isinstance(blocks, list) or not 1 <= len(blocks) <= VIEW_BLOCKS:
        return f"view: between 1 and {VIEW_BLOCKS} blocks"
    for key in ("title", "submit", "close"):
        label = view.get(key)
        if label is not None and not 1 <= len(str(label.get("text", ""))) <= VIEW_LABEL:
            return f"view: {key} must be 1 to {VIEW_LABEL} characters"
    if view.get("type") == "modal" and not view.get("title"):
        return "view: a modal needs a title"
    if len(str(view.get("private_metadata") or "")) > PRIVATE_METADATA:
        return f"view: private_metadata longer than {PRIVATE_METADATA}"
    try:
        View(**{k: v for k, v in view.items() if k != "id"}).to_dict()
    except (SlackObjectFormationError, TypeError, ValueError) as exc:
        return f"view: {exc}"
    for block in blocks:
        why = block_problem(block)
        if why:
            return why
    return None
