"""Personal data of the FAQ: unanswered questions, kept without the asker and with e-mail
addresses and long numbers removed (``messages.redact``); feedback is kept only as counts; the
owners' digest keeps questions of two weeks with one asker bit each (no user id; the week's
key is deleted after the week, ``flows.faq.digest``); the once-only language offer names the
person it was made to."""

from __future__ import annotations

from datetime import datetime

from flows.faq import digest
from flows.types import N_, PersonalData, Translator
from storage.models.core import Person
from storage.uow import UnitOfWork


async def purge_unanswered(uow: UnitOfWork, cutoff: datetime) -> int:
    return await uow.faq.purge_unanswered(cutoff.date())


async def purge_gaps(uow: UnitOfWork, cutoff: datetime) -> int:
    return await uow.kb.purge_gaps(before=digest.week_of(cutoff.date()))


async def show_language_offer(uow: UnitOfWork, person: Person, t: Translator) -> list[str]:
    offer = await uow.kb.language_offer(person.id)
    if offer is None:
        return []
    return [t.gettext("FAQ: offered once to answer you in {locale}, on {date}").format(
        locale=offer.offered_locale, date=t.format_date(offer.offered_at.date(), "long"))]


async def erase_language_offer(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    return await uow.kb.erase_language_offer(person_id)


PERSONAL_DATA = (
    PersonalData(
        "faq.unanswered",
        purpose=N_("Improving the answers: questions nobody could answer, counted"),
        categories=N_("Question texts with e-mail addresses and numbers removed; no user ids"),
        recipients=N_("The content owners of the knowledge base"), retention_days=365,
        purge=purge_unanswered,
    ),
    PersonalData(
        "faq.digest_questions",
        purpose=N_("The content owners' weekly digest: questions without an answer or found "
                   "not helpful, shown only when at least three people asked"),
        categories=N_("Question texts with e-mail addresses and numbers removed, counts and one "
                      "of 32 bits per asker under a key deleted after the week; no user ids"),
        recipients=N_("The content owners of the knowledge base"), retention_days=21,
        purge=purge_gaps,
    ),
    PersonalData(
        "faq.language_offer",
        purpose=N_("Offering only once to answer in the language you asked in"),
        categories=N_("That the offer was made, its language and date"),
        recipients=N_("Nobody"), retention_days=None,
        show=show_language_offer, erase=erase_language_offer,
    ),
)
