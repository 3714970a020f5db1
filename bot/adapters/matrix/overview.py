""""Übersicht" / ``!flurfunk``: the overview the Slack Home tab shows, as Matrix messages."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.i18n import Translations
from bot.overview import sections
from flows.types import Feature, Reply
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
ASKS = re.compile(r"^\s*(!flurfunk|übersicht|uebersicht|overview)\s*[.!?]?\s*$", re.I)


def asks_for_overview(text: str) -> bool:
    return bool(ASKS.match(text or ""))


async def overview(features: Sequence[Feature], uow_factory: Callable[[], UnitOfWork],
                   translations: Translations, config_of: Callable[[Feature], Any],
                   person_id: str, now: datetime) -> Reply:
    """One message: the Home tab's sections (bot.overview; a feature's empty state where it has
    nothing), their choices numbered together and kept so that "2" answers them."""
    async with uow_factory() as uow:
        person = await uow.people.get_or_create(person_id, now)
        t = translations.for_locale(person.locale)
        replies = [Reply(t.gettext("flurfunk, your overview"))]
        for section in await sections(features, uow, person, t, now, translations, config_of):
            if not section.replies:
                replies += [Reply(f"{section.title}\n{section.empty}")] if section.empty else []
                continue
            first = section.replies[0]
            replies += [replace(first, text=f"{section.title}\n{first.text}"),
                        *section.replies[1:]]
        choices = [c for r in replies for c in r.choices]
        if choices:
            await uow.conversation.save(person.id, now, flow=None, data={},
                                        choices=[c.to_dict() for c in choices])
        await uow.commit()
    return Reply("\n\n".join(r.text for r in replies), choices=choices)
