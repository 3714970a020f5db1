"""Unit of work: one session, one transaction, every repository on it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.audit import AuditRepository
from storage.repositories.commitments import CommitmentsRepository
from storage.repositories.conversation import ConversationRepository
from storage.repositories.faq import FaqRepository, KbRepository
from storage.repositories.jobs import JobRunRepository
from storage.repositories.lunch import LunchRepository
from storage.repositories.matrix import MatrixRepository
from storage.repositories.onboarding import OnboardingRepository
from storage.repositories.outbox import InboxRepository, OutboxRepository
from storage.repositories.pace import PaceRepository
from storage.repositories.people import PeopleRepository
from storage.repositories.slack import SlackRepository
from storage.repositories.survey import SurveyRepository


class UnitOfWork:
    """``async with UnitOfWork(factory) as uow: ...; await uow.commit()``; rolls back otherwise."""

    session: AsyncSession

    def __init__(self, session_factory: async_sessionmaker) -> None:
        self._factory = session_factory

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._factory()
        s = self.session
        self.people = PeopleRepository(s)
        self.outbox = OutboxRepository(s)
        self.inbox = InboxRepository(s)
        self.jobs = JobRunRepository(s)
        self.conversation = ConversationRepository(s)
        self.faq = FaqRepository(s)
        self.kb = KbRepository(s)
        self.audit = AuditRepository(s)
        self.onboarding = OnboardingRepository(s)
        self.commitments = CommitmentsRepository(s)
        self.survey = SurveyRepository(s)
        self.slack = SlackRepository(s)
        self.lunch = LunchRepository(s)
        self.pace = PaceRepository(s)
        self.matrix = MatrixRepository(s)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back anything uncommitted and detaches objects with their loaded state.
        await self.session.close()

    async def flush(self) -> None:
        """Write pending changes of loaded rows (still inside the transaction)."""
        await self.session.flush()

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
