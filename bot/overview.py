"""A person's overview, messenger-neutral: each feature's Home section in ``all_features`` order
(Slack's App Home tab renders it as blocks, Matrix's "Übersicht" as one message)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flows.types import Feature, FlowContext, Reply, Translations, Translator
from storage.models.core import Person
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    feature: str
    title: str  # translated
    replies: list[Reply]  # empty: nothing to show (or the hook failed)
    empty: str  # translated; "" when the feature shows nothing then


async def sections(features: Sequence[Feature], uow: UnitOfWork, person: Person, t: Translator,
                   now: datetime, translations: Translations,
                   config_of: Callable[[Feature], Any]) -> list[Section]:
    """The sections of every feature that has one; a failing hook is logged and shows empty."""
    out = []
    for feature in features:
        home = feature.home
        if home is None:
            continue
        ctx = FlowContext(uow=uow, user=person, t=t, now=now, translations=translations,
                          config=config_of(feature), resources=feature.resources)
        try:
            replies = await home.show(ctx)
        except Exception:
            log.exception("home section of %s failed", feature.name)
            replies = []
        out.append(Section(feature.name, t.gettext(home.title), replies,
                           t.gettext(home.empty) if home.empty else ""))
    return out
