""""Übersicht" / ``!flurfunk``: the overview the Slack Home tab shows, as Matrix messages."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.adapters.slack.home import EXPECTED, NO_OVERVIEW
from bot.i18n import Translations
from flows.types import Feature, FlowContext, Reply
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
ASKS = re.compile(r"^\s*(!flurfunk|übersicht|uebersicht|overview)\s*[.!?]?\s*$", re.I)


def asks_for_overview(text: str) -> bool:
    return bool(ASKS.match(text or ""))


async def overview(features: Sequence[Feature], uow_factory: Callable[[], UnitOfWork],
                   translations: Translations, config_of: Callable[[Feature], Any],
                   person_id: str, now: datetime) -> Reply:
    """One message: the sections in the Home tab's order (each feature's empty state where it
    has nothing), their choices numbered together and kept so that "2" answers them."""
    async with uow_factory() as uow:
        person = await uow.people.get_or_create(person_id, now)
        t = translations.for_locale(person.locale)
        replies = [Reply(t.gettext("flurfunk, your overview"))]
        by_name = {f.name: f for f in features}
        shown: set[str] = set()
        for names, title, empty in EXPECTED:
            feature = next((by_name[n] for n in names if n in by_name), None)
            heading = t.gettext(feature.home_title if feature and feature.home_title else title)
            if feature is None or feature.home is None:
                replies.append(Reply(f"{heading}\n{t.gettext(empty if feature is None else NO_OVERVIEW)}"))
                continue
            shown.add(feature.name)
            replies += await _section(uow, person, t, feature, now, heading, t.gettext(empty),
                                      translations, config_of)
        for feature in features:
            if feature.home is not None and feature.name not in shown:
                replies += await _section(uow, person, t, feature, now,
                                          t.gettext(feature.home_title or feature.name), "",
                                          translations, config_of)
        choices = [c for r in replies for c in r.choices]
        if choices:
            await uow.conversation.save(person.id, now, flow=None, data={},
                                        choices=[c.to_dict() for c in choices])
        await uow.commit()
    return Reply("\n\n".join(r.text for r in replies), choices=choices)


async def _section(uow: UnitOfWork, person: Any, t: Any, feature: Feature, now: datetime,
                   heading: str, empty: str, translations: Translations,
                   config_of: Callable[[Feature], Any]) -> list[Reply]:
    ctx = FlowContext(uow=uow, user=person, t=t, now=now, translations=translations,
                      config=config_of(feature))
    try:
        replies: list[Reply] = await feature.home(ctx) if feature.home else []
    except Exception:
        log.exception("overview section of %s failed", feature.name)
        replies = []
    if not replies:
        return [Reply(f"{heading}\n{empty}")] if empty else []
    first = replies[0]
    return [Reply(f"{heading}\n{first.text}", choices=first.choices, source=first.source,
                  links=first.links, kind=first.kind, meta=first.meta), *replies[1:]]
