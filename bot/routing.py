"""Routing tables built from the feature list: intent, action and flow -> handler."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flows.types import Action, ActionHandler, Feature, FlowHandler, IntentHandler, JobSpec


class RoutingError(RuntimeError):
    """Two features claim the same intent, action, flow or job id (raised at start)."""


@dataclass
class Router:
    intents: dict[str, tuple[Feature, IntentHandler]] = field(default_factory=dict)
    actions: dict[str, tuple[Feature, ActionHandler]] = field(default_factory=dict)
    flows: dict[str, tuple[Feature, FlowHandler]] = field(default_factory=dict)
    jobs: dict[str, tuple[Feature, JobSpec]] = field(default_factory=dict)

    @classmethod
    def build(cls, features: Sequence[Feature]) -> Router:
        router = cls()
        for feature in features:
            for table, items in (
                (router.intents, feature.intents.items()),
                (router.actions, feature.actions.items()),
                (router.flows, feature.flows.items()),
                (router.jobs, ((j.id, j) for j in feature.jobs)),
            ):
                for key, handler in items:
                    if key in table:
                        raise RoutingError(
                            f"{key!r} is claimed by both {table[key][0].name!r} and {feature.name!r}"
                        )
                    table[key] = (feature, handler)  # type: ignore[assignment]
        return router

    def action(self, action_id: str) -> tuple[Feature, ActionHandler] | None:
        """Exact match first, then the ``feature:verb`` prefix of ``feature:verb:id``."""
        if action_id in self.actions:
            return self.actions[action_id]
        return self.actions.get(Action.parse(action_id).verb)
