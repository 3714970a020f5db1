"""Routing tables built from the feature list: intent, action and flow -> handler."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from flows.types import Action, ActionHandler, Feature, FlowHandler, Form, IntentHandler, JobSpec


class RoutingError(RuntimeError):
    """Two features claim the same intent, action, flow, job id or sub-command, or a sub-command
    names an intent its feature does not handle (raised at start)."""


@dataclass
class Router:
    intents: dict[str, tuple[Feature, IntentHandler]] = field(default_factory=dict)
    actions: dict[str, tuple[Feature, ActionHandler]] = field(default_factory=dict)
    flows: dict[str, tuple[Feature, FlowHandler]] = field(default_factory=dict)
    jobs: dict[str, tuple[Feature, JobSpec]] = field(default_factory=dict)
    subcommands: dict[str, tuple[Feature, str]] = field(default_factory=dict)  # word -> intent
    forms: dict[str, tuple[Feature, Form]] = field(default_factory=dict)  # opening action -> form
    reconsider: list[Callable[[str, str], bool]] = field(default_factory=list)

    @classmethod
    def build(cls, features: Sequence[Feature]) -> Router:
        router = cls()
        for feature in features:
            if feature.reconsider is not None:
                router.reconsider.append(feature.reconsider)
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
                        raise RoutingError(
                            f"{key!r} is claimed by both {table[key][0].name!r} and {feature.name!r}"
                        )
                    table[key] = (feature, handler)  # type: ignore[assignment]
        for opener, (feature, form) in router.forms.items():
            if opener not in feature.actions or form.submit not in feature.actions:
                raise RoutingError(f"the form of {opener!r} ({feature.name!r}) needs both its "
                                   f"opening action and {form.submit!r} among the actions")
        for word, (feature, intent) in router.subcommands.items():
            if intent not in feature.intents:
                raise RoutingError(f"/flurfunk {word} of {feature.name!r} names the unknown "
                                   f"intent {intent!r}")
        return router

    def subcommand(self, word: str) -> str | None:
        """The intent a feature declared for ``/flurfunk <word>`` (None: not a sub-command)."""
        found = self.subcommands.get(word)
        return found[1] if found else None

    def form(self, action_id: str) -> Form | None:
        """The form a button opens (``feature:verb`` or ``feature:verb:id``), if any."""
        found = self.forms.get(action_id) or self.forms.get(":".join(action_id.split(":")[:2]))
        return found[1] if found else None

    def action(self, action_id: str) -> tuple[Feature, ActionHandler] | None:
        """Exact match first, then the ``feature:verb`` prefix of ``feature:verb:id``."""
        if action_id in self.actions:
            return self.actions[action_id]
        return self.actions.get(Action.parse(action_id).verb)
