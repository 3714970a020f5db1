"""Action ids are parsed once: feature, verb (the handler's key) and target."""

from __future__ import annotations

import pytest

from bot.routing import Router
from flows.types import Action, Feature


@pytest.mark.parametrize(("action_id", "feature", "verb", "target", "number"), [
    ("commitments:done:5", "commitments", "commitments:done", "5", 5),
    ("onboarding:done:it:laptop", "onboarding", "onboarding:done", "it:laptop", None),
    ("survey:start", "survey", "survey:start", "", None),
    ("menu", "menu", "menu", "", None),
    ("lunch:skip:", "lunch", "lunch:skip", "", None),
])
def test_parts(action_id: str, feature: str, verb: str, target: str, number: int | None) -> None:
    action = Action.parse(action_id, "v")
    assert (action.feature, action.verb, action.target, action.number) == (
        feature, verb, target, number)
    assert action == Action(action_id, "v") and action.value == "v"


def test_the_router_finds_the_handler_by_verb() -> None:
    async def done(ctx, msg, action):  # type: ignore[no-untyped-def]
        return []

    router = Router.build([Feature("commitments", actions={"commitments:done": done})])
    assert router.action("commitments:done:5") == (router.actions["commitments:done"])
    assert router.action("commitments:donex:5") is None
