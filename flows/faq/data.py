"""Personal data of the FAQ: unanswered questions, kept without the asker and with e-mail
addresses and long numbers removed (``messages.redact``); feedback is kept only as counts."""

from __future__ import annotations

from datetime import datetime

from flows.types import N_, PersonalData
from storage.uow import UnitOfWork


async def purge_unanswered(uow: UnitOfWork, cutoff: datetime) -> int:
    return await uow.faq.purge_unanswered(cutoff.date())


PERSONAL_DATA = (
    PersonalData(
        "faq.unanswered",
        purpose=N_("Improving the answers: questions nobody could answer, counted"),
        categories=N_("Question texts with e-mail addresses and numbers removed; no user ids"),
        recipients=N_("The content owners of the knowledge base"), retention_days=365,
        purge=purge_unanswered,
    ),
)
