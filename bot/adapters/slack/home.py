"""The App Home tab: each feature's overview section, an empty state where a feature is missing."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.adapters.slack import limits
from bot.adapters.slack.convert import mrkdwn, render
from bot.i18n import Translations
from flows.types import N_, Feature, FlowContext, Reply, Translator
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# Sections every overview shows, in this order; a feature not (yet) installed shows its empty
# state. Features with a ``home`` hook not named here follow after them.
EXPECTED: list[tuple[tuple[str, ...], str, str]] = [
    (("lunch",), N_("Lunch roulette"), N_("Lunch roulette is not available yet.")),
    (("survey", "surveys", "pulse"), N_("Surveys"), N_("There are no surveys for you yet.")),
    (("commitments",), N_("Your agreements"), N_("Agreements from workshops appear here.")),
]
NO_OVERVIEW = N_("Write to me in the Messages tab to see where you stand.")
TOO_MUCH = N_("There is more than fits here. Ask me in the Messages tab for the rest.")


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": limits.plain(text, limits.HEADER)}}


def _empty(t: Translator, text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn(t.gettext(text))}]}


class Home:
    """Builds a person's Home view from the features' ``home`` hooks."""

    def __init__(self, features: Sequence[Feature], uow_factory: Callable[[], UnitOfWork],
                 translations: Translations, config_of: Callable[[Feature], Any]) -> None:
        self.features, self.uow_factory = list(features), uow_factory
        self.translations, self.config_of = translations, config_of

    async def view(self, person_id: str, now: datetime) -> dict[str, Any]:
        async with self.uow_factory() as uow:
            person = await uow.people.get_or_create(person_id, now)
            t = self.translations.for_locale(person.locale)
            blocks: list[dict[str, Any]] = [
                _header(t.gettext("flurfunk, your overview")),
                {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn(t.gettext(
                    "Write to me in the Messages tab, or use /flurfunk in any channel."))}]},
            ]
            shown: set[str] = set()
            by_name = {f.name: f for f in self.features}
            for names, title, empty in EXPECTED:
                feature = next((by_name[n] for n in names if n in by_name), None)
                blocks += [{"type": "divider"}, _header(t.gettext(
                    feature.home_title if feature and feature.home_title else title))]
                if feature is None or feature.home is None:  # missing, or no overview yet
                    blocks.append(_empty(t, empty if feature is None else NO_OVERVIEW))
                    continue
                shown.add(feature.name)
                blocks += await self._section(uow, person, t, feature, now, empty)
            for feature in self.features:
                if feature.home is None or feature.name in shown:
                    continue
                blocks += [{"type": "divider"},
                           _header(t.gettext(feature.home_title or feature.name))]
                blocks += await self._section(uow, person, t, feature, now, "")
            await uow.commit()
        return {"type": "home", "blocks": limits.fit_view(blocks, mrkdwn(t.gettext(TOO_MUCH)))}

    async def _section(self, uow: UnitOfWork, person: Any, t: Translator, feature: Feature,
                       now: datetime, empty: str) -> list[dict[str, Any]]:
        ctx = FlowContext(uow=uow, user=person, t=t, now=now, translations=self.translations,
                          config=self.config_of(feature))
        try:
            replies: list[Reply] = await feature.home(ctx) if feature.home else []
        except Exception:
            log.exception("home section of %s failed", feature.name)
            replies = []
        blocks: list[dict[str, Any]] = []
        for reply in replies:
            words = self.translations.for_locale(reply.locale) if reply.locale else t
            blocks += render(reply, words.gettext("Source"), words.gettext("Choose …"))["blocks"]
        return blocks or ([_empty(t, empty)] if empty else [])
