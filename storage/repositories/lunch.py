"""Queries for lunch roulette: participants, rounds, groups, the pairing history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.core import Person
from storage.models.lunch import LunchGroup, LunchMember, LunchParticipant, LunchRound

_SEP = "\x1f"  # the ASCII unit separator: never part of a person id
_GROUPS = cast(Table, LunchGroup.__table__)  # plain Core inserts: fast for thousands of rows
_MEMBERS = cast(Table, LunchMember.__table__)


class LunchRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def participant(self, person_id: str) -> LunchParticipant | None:
        return await self.session.get(LunchParticipant, person_id)

    async def remove_participant(self, row: LunchParticipant) -> None:
        await self.session.delete(row)
        await self.session.flush()

    async def join(self, person_id: str, now: datetime) -> tuple[LunchParticipant, bool]:
        """Take part (again); returns (participant, changed) where changed is False if already in."""
        row = await self.participant(person_id)
        if row is None:
            row = LunchParticipant(person_id=person_id, active=True, weekdays=[], joined_at=now,
                                   updated_at=now)
            self.session.add(row)
            await self.session.flush()
            return row, True
        changed = not row.active or row.paused_until is not None
        row.active, row.paused_until, row.updated_at = True, None, now
        await self.session.flush()
        return row, changed

    async def leave(self, person_id: str, now: datetime) -> bool:
        """Stop taking part (preferences are kept for a later return); False if not taking part."""
        row = await self.participant(person_id)
        if row is None or not row.active:
            return False
        row.active, row.updated_at = False, now
        await self.session.flush()
        return True

    async def participants(self, active_only: bool = True) -> Sequence[LunchParticipant]:
        stmt = select(LunchParticipant)
        if active_only:
            stmt = stmt.where(LunchParticipant.active.is_(True))
        return (await self.session.scalars(stmt.order_by(LunchParticipant.person_id))).all()

    async def active_with_people(self) -> list[tuple[str, str | None, list[int], date | None,
                                                     str, str | None, str | None, str]]:
        """Active participants joined with the directory, as plain rows (fast for thousands):
        id, chosen site, weekdays, paused until, name, department, directory site, locale."""
        rows = await self.session.execute(
            select(LunchParticipant.person_id, LunchParticipant.site, LunchParticipant.weekdays,
                   LunchParticipant.paused_until, Person.name, Person.department, Person.site,
                   Person.locale)
            .join(Person, Person.id == LunchParticipant.person_id)
            .where(LunchParticipant.active.is_(True)).order_by(LunchParticipant.person_id))
        return [tuple(r) for r in rows]  # type: ignore[misc]

    async def round_by_key(self, key: str) -> LunchRound | None:
        return await self.session.scalar(select(LunchRound).where(LunchRound.key == key))

    async def get_round(self, round_id: int) -> LunchRound | None:
        return await self.session.get(LunchRound, round_id)

    async def rounds(self) -> Sequence[LunchRound]:
        return (await self.session.scalars(select(LunchRound).order_by(LunchRound.week_start))).all()

    async def add_round(self, key: str, week_start: date, seed: int, now: datetime,
                        relaxed: list[dict[str, object]]) -> LunchRound:
        row = LunchRound(key=key, week_start=week_start, seed=seed, created_at=now,
                         relaxed=relaxed, followup_sent=False, met_yes=0, met_no=0)
        self.session.add(row)
        await self.session.flush()
        return row

    async def add_group(self, round_id: int, site: str, weekday: int | None,
                        members: Sequence[str]) -> LunchGroup:
        group = LunchGroup(round_id=round_id, site=site, weekday=weekday)
        self.session.add(group)
        await self.session.flush()
        self.session.add_all(LunchMember(round_id=round_id, group_id=group.id, person_id=p,
                                         skipped=False, answered=False) for p in members)
        await self.session.flush()
        return group

    async def add_groups(self, round_id: int,
                         groups: Sequence[tuple[str, int | None, Sequence[str]]]) -> list[int]:
        """Store a round's groups (site, weekday, members) with plain bulk inserts (thousands
        of groups in well under a second); returns the group ids in the given order."""
        if not groups:
            return []
        await self.session.execute(insert(_GROUPS), [
            {"round_id": round_id, "number": n, "site": site, "weekday": day}
            for n, (site, day, _) in enumerate(groups)])
        ids = list(await self.session.scalars(
            select(LunchGroup.id).where(LunchGroup.round_id == round_id)
            .order_by(LunchGroup.number)))
        await self.session.execute(insert(_MEMBERS), [
            {"round_id": round_id, "group_id": gid, "person_id": p, "skipped": False,
             "answered": False}
            for gid, (_, _, members) in zip(ids, groups, strict=True) for p in members])
        return ids

    async def add_alone(self, round_id: int, person_id: str) -> None:
        self.session.add(LunchMember(round_id=round_id, group_id=None, person_id=person_id,
                                     skipped=False, answered=False))
        await self.session.flush()

    async def groups(self, round_id: int) -> list[tuple[LunchGroup, list[LunchMember]]]:
        groups = (await self.session.scalars(
            select(LunchGroup).where(LunchGroup.round_id == round_id)
            .order_by(LunchGroup.number, LunchGroup.id))).all()
        members = await self.members(round_id)
        by_group: dict[int | None, list[LunchMember]] = defaultdict(list)
        for m in members:
            by_group[m.group_id].append(m)
        return [(g, by_group[g.id]) for g in groups]

    async def members(self, round_id: int) -> Sequence[LunchMember]:
        return (await self.session.scalars(
            select(LunchMember).where(LunchMember.round_id == round_id).order_by(LunchMember.id))
        ).all()

    async def membership(self, round_id: int, person_id: str) -> LunchMember | None:
        return await self.session.scalar(select(LunchMember).where(
            LunchMember.round_id == round_id, LunchMember.person_id == person_id))

    async def group(self, group_id: int) -> tuple[LunchGroup | None, Sequence[LunchMember]]:
        group = await self.session.get(LunchGroup, group_id)
        members = (await self.session.scalars(
            select(LunchMember).where(LunchMember.group_id == group_id).order_by(LunchMember.id))
        ).all()
        return group, members

    async def latest_membership(self, person_id: str) -> tuple[LunchRound, LunchMember] | None:
        row = (await self.session.execute(
            select(LunchRound, LunchMember).join(LunchMember, LunchMember.round_id == LunchRound.id)
            .where(LunchMember.person_id == person_id)
            .order_by(LunchRound.week_start.desc()).limit(1))).first()
        return (row[0], row[1]) if row else None

    async def history_of(self, person_id: str) -> Sequence[tuple[LunchRound, LunchMember]]:
        rows = await self.session.execute(
            select(LunchRound, LunchMember).join(LunchMember, LunchMember.round_id == LunchRound.id)
            .where(LunchMember.person_id == person_id).order_by(LunchRound.week_start))
        return [(r[0], r[1]) for r in rows]

    async def recent_partners(self, since: date) -> dict[str, set[str]]:
        """Who ate (or was to eat) with whom in rounds from ``since`` on; skipped people excluded.

        One row per group (members joined in SQL): a fraction of the rows to process."""
        rows = await self.session.execute(
            select(func.aggregate_strings(LunchMember.person_id, _SEP))
            .join(LunchRound, LunchRound.id == LunchMember.round_id)
            .where(LunchRound.week_start >= since, LunchMember.group_id.is_not(None),
                   LunchMember.skipped.is_(False))
            .group_by(LunchMember.group_id))
        partners: dict[str, set[str]] = defaultdict(set)
        for (joined,) in rows:
            people = joined.split(_SEP)
            for p in people:
                partners[p].update(q for q in people if q != p)
        return dict(partners)

    async def erase_history(self, person_id: str) -> int:
        """Remove one person's pairing history (their rows in every round)."""
        gone = await self.session.execute(
            delete(LunchMember).where(LunchMember.person_id == person_id))
        return int(gone.rowcount or 0)  # type: ignore[attr-defined]

    async def purge_history(self, before: date) -> int:
        """Delete who-was-in-which-group for rounds that started before ``before``; the rounds
        themselves (site, weekday, per-round counts) hold no personal data and stay."""
        old = select(LunchRound.id).where(LunchRound.week_start < before)
        gone = await self.session.execute(delete(LunchMember).where(LunchMember.round_id.in_(old)))
        return int(gone.rowcount or 0)  # type: ignore[attr-defined]
