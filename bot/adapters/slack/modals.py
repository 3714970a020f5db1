"""Forms as Slack modals: a feature's ``Form`` (flows.types) rendered as a view, and the
submitted view back as the form's action. The adapter knows no feature: the router says which
button opens which form."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from bot.adapters.slack import limits
from flows.types import N_, Action, Field, Form, Translator

CALLBACK = "form"  # the callback id of every form's modal
PICK_DATE = N_("Please pick a date.")
FILL_IN = N_("Please fill this in.")


def _label(t: Translator, text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": limits.plain(t.gettext(text), limits.VIEW_LABEL)}


def _element(t: Translator, field: Field, today: date) -> dict[str, Any]:
    if field.kind == "date":
        return {"type": "datepicker", "action_id": "value", "initial_date": today.isoformat()}
    if field.kind == "choice":
        return {"type": "static_select", "action_id": "value", "options": [
            {"text": {"type": "plain_text", "text": limits.plain(t.gettext(label), limits.OPTION_TEXT)},
             "value": value} for value, label in field.options]}
    return {"type": "plain_text_input", "action_id": "value", "multiline": field.multiline,
            "max_length": field.max_length}


def form_view(t: Translator, form: Form, action: Action, today: date) -> dict[str, Any]:
    """The modal; the pressed button and the language travel along in ``private_metadata``."""
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "private_metadata": json.dumps({"id": action.id, "value": action.value, "locale": t.locale}),
        "title": _label(t, form.title),
        "submit": _label(t, "Save"),
        "close": _label(t, "Cancel"),
        "blocks": [{"type": "input", "block_id": f.name, "optional": f.optional,
                    "label": {"type": "plain_text", "text": t.gettext(f.label)},
                    "element": _element(t, f, today)} for f in form.fields],
    }


def locale_of(view: dict[str, Any]) -> str | None:
    """The language the modal was opened in (None: the default)."""
    try:
        locale = json.loads(view.get("private_metadata") or "{}").get("locale")
    except (ValueError, AttributeError):
        return None
    return str(locale) if locale else None


def _answer(field: Field, raw: dict[str, Any]) -> str:
    if field.kind == "date":
        return str(raw.get("selected_date") or "")
    if field.kind == "choice":
        return str((raw.get("selected_option") or {}).get("value") or "")
    return str(raw.get("value") or "").strip()


def submission(view: dict[str, Any], form_of: Callable[[str], Form | None]
               ) -> tuple[Action | None, dict[str, str]]:
    """The submitted modal as its form's action, and what to fix (block id -> msgid): a
    required field left empty, a date that is no date. None: no form opens that button now."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return None, {}
    opener = str(meta.get("id", ""))
    form = form_of(opener)
    if form is None:
        return None, {}
    values = (view.get("state") or {}).get("values") or {}
    answers = [_answer(f, (values.get(f.name) or {}).get("value") or {}) for f in form.fields]
    target = Action.parse(opener).target or str(meta.get("value", ""))
    errors = {f.name: PICK_DATE if f.kind == "date" else FILL_IN
              for f, answer in zip(form.fields, answers, strict=True)
              if (not answer and not f.optional) or (f.kind == "date" and answer
                                                     and not _is_date(answer))}
    return Action(f"{form.submit}:{target}", "|".join(answers)), errors


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
