"""Modals where a form beats chat: re-agreeing a commitment's date with a date picker."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.adapters.slack import limits
from flows.types import Action, Translator

NEW_DATE = "commitments_newdate"  # the modal's callback id
OPENS_MODAL = ("commitments:newdate",)  # button actions answered with a modal


def opens_modal(action: Action) -> bool:
    return ":".join(action.id.split(":")[:2]) in OPENS_MODAL


def new_date_view(t: Translator, action: Action, today: date) -> dict[str, Any]:
    """The date-picker form; the pressed button travels along in ``private_metadata``."""
    return {
        "type": "modal",
        "callback_id": NEW_DATE,
        "private_metadata": json.dumps({"id": action.id, "value": action.value, "locale": t.locale}),
        "title": {"type": "plain_text", "text": limits.plain(t.gettext("New date"), limits.VIEW_LABEL)},
        "submit": {"type": "plain_text", "text": limits.plain(t.gettext("Save"), limits.VIEW_LABEL)},
        "close": {"type": "plain_text", "text": limits.plain(t.gettext("Cancel"), limits.VIEW_LABEL)},
        "blocks": [
            {"type": "input", "block_id": "date", "label": {
                "type": "plain_text", "text": t.gettext("By when can you manage it?")},
             "element": {"type": "datepicker", "action_id": "value",
                         "initial_date": today.strftime("%Y-%m-%d")}},
            {"type": "input", "block_id": "reason", "label": {
                "type": "plain_text", "text": t.gettext("What got in the way?")},
             "element": {"type": "plain_text_input", "action_id": "value", "multiline": True,
                         "max_length": 500}},
        ],
    }


def locale_of(view: dict[str, Any]) -> str | None:
    """The language the modal was opened in (None: the default)."""
    try:
        locale = json.loads(view.get("private_metadata") or "{}").get("locale")
    except (ValueError, AttributeError):
        return None
    return str(locale) if locale else None


def new_date_submission(view: dict[str, Any]) -> tuple[Action, str | None]:
    """The submitted form as the ``commitments:setdate`` action, or an error key (``date``)."""
    meta = json.loads(view.get("private_metadata") or "{}")
    values = (view.get("state") or {}).get("values") or {}
    picked = ((values.get("date") or {}).get("value") or {}).get("selected_date") or ""
    reason = ((values.get("reason") or {}).get("value") or {}).get("value") or ""
    item = str(meta.get("id", "")).split(":")[2] if str(meta.get("id", "")).count(":") >= 2 \
        else str(meta.get("value", ""))
    try:
        date.fromisoformat(picked)
    except ValueError:
        return Action(f"commitments:setdate:{item}", ""), "date"
    return Action(f"commitments:setdate:{item}", f"{picked}|{reason.strip()}"), None
