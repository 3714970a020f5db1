"""The App Home tab: each feature's Home section (bot.overview), as Block Kit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.adapters.slack import limits
from bot.adapters.slack.convert import mrkdwn, render
from bot.i18n import Translations
from bot.overview import sections
from flows.types import N_, Feature
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

TOO_MUCH = N_("There is more than fits here. Ask me in the Messages tab for the rest.")


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": limits.plain(text, limits.HEADER)}}


def _empty(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn(text)}]}


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
            for section in await sections(self.features, uow, person, t, now,
                                          self.translations, self.config_of):
                blocks += [{"type": "divider"}, _header(section.title)]
                for reply in section.replies:
                    words = self.translations.for_locale(reply.locale) if reply.locale else t
                    blocks += render(reply, words.gettext("Source"),
                                     words.gettext("Choose …"))["blocks"]
                if not section.replies and section.empty:
                    blocks.append(_empty(section.empty))
            await uow.commit()
        return {"type": "home", "blocks": limits.fit_view(blocks, mrkdwn(t.gettext(TOO_MUCH)))}
