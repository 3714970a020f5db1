"""Routing tables built from the feature list: intent, action and flow -> handler."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flows.types import (
    N_,
    Action,
    ActionHandler,
    Feature,
    FlowHandler,
    Form,
    IntentHandler,
    JobSpec,
    Translator,
    UserError,
)


class RoutingError(UserError):
    """Two features claim the same intent, action, flow, job id or sub-command, or a sub-command
    names an intent its feature does not handle (raised at start). ``message`` is an N_() msgid
    with ``params``: ``str()`` is English, ``render(t)`` says it in ``t``'s language."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message, self.params = message, params
        super().__init__(message.format(**params))

    def render(self, t: Translator) -> str:
        return t.gettext(self.message).format(**self.params)


@dataclass
class Router:
    intents: dict[str, tuple[Feature, IntentHandler]] = field(default_factory=dict)
    actions: dict[str, tuple[Feature, ActionHandler]] = field(default_factory=dict)
    flows: dict[str, tuple[Feature, FlowHandler]] = field(default_factory=dict)
    jobs: dict[str, tuple[Feature, JobSpec]] = field(default_factory=dict)
    subcommands: dict[str, tuple[Feature, str]] = field(default_factory=dict)  # word -> intent
    forms: dict[str, tuple[Feature, Form]] = field(default_factory=dict)  # opening action -> form
    reconsider: list[Callable[[str, str], bool]] = field(default_factory=list)
    confirm: dict[str, str] = field(default_factory=dict)  # intent -> question (bot/confirm.py)
    meant: dict[str, Callable[[str], bool]] = field(default_factory=dict)  # Feature.confirm_unless

    @classmethod
    def build(cls, features: Sequence[Feature]) -> Router:
        router = cls()
        for feature in features:
            if feature.reconsider is not None:
                router.reconsider.append(feature.reconsider)
            unknown = ((feature.confirm.keys() - feature.intents.keys())
                       | (feature.confirm_unless.keys() - feature.confirm.keys()))
            if unknown:
                raise RoutingError(N_("{feature} asks before the unknown intent {intent}"),
                                   feature=repr(feature.name), intent=repr(min(unknown)))
            router.confirm.update(feature.confirm)
            router.meant.update(feature.confirm_unless)
            for table, items in (
                (router.intents, feature.intents.items()),
                (router.actions, feature.actions.items()),
                (router.flows, feature.flows.items()),
                (router.jobs, ((j.id, j) for j in feature.jobs)),
                (router.subcommands, feature.subcommands.items()),
                (router.forms, feature.forms.items()),
            ):
                for key, handler in items:
                    if key in table:
                        raise RoutingError(N_("{key} is claimed by both {first} and {second}"),
                                           key=repr(key), first=repr(table[key][0].name),
                                           second=repr(feature.name))
                    table[key] = (feature, handler)  # type: ignore[assignment]
        for opener, (feature, form) in router.forms.items():
            if opener not in feature.actions or form.submit not in feature.actions:
                raise RoutingError(N_("the form of {opener} ({feature}) needs both its opening "
                                      "action and {submit} among the actions"),
                                   opener=repr(opener), feature=repr(feature.name),
                                   submit=repr(form.submit))
        for word, (feature, intent) in router.subcommands.items():
            if intent not in feature.intents:
                raise RoutingError(N_("/flurfunk {word} of {feature} names the unknown intent "
                                      "{intent}"), word=word, feature=repr(feature.name),
                                   intent=repr(intent))
        return router

    def subcommand(self, word: str) -> str | None:
        """The intent a feature declared for ``/flurfunk <word>`` (None: not a sub-command)."""
        found = self.subcommands.get(word)
        return found[1] if found else None

    def form(self, action_id: str) -> Form | None:
        """The form a button opens (``feature:verb`` or ``feature:verb:id``), if any."""
        found = self.forms.get(action_id) or self.forms.get(Action.parse(action_id).verb)
        return found[1] if found else None

    def action(self, action_id: str) -> tuple[Feature, ActionHandler] | None:
        """Exact match first, then the ``feature:verb`` prefix of ``feature:verb:id``."""
        if action_id in self.actions:
            return self.actions[action_id]
        return self.actions.get(Action.parse(action_id).verb)
