"""Pure planning: which steps are due, which were missed, and who may become Pate/Patin."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flows.calendar import WorkCalendar
from flows.onboarding.journeys import Journey, Step


@dataclass(frozen=True)
class DripPlan:
    due: tuple[Step, ...]  # to send now, in order
    missed: tuple[Step, ...]  # due before enrolment: one catch-up message
    finished: bool  # every step's time has passed


def step_day(journey: Journey, step: Step, start: date, cal: WorkCalendar) -> date:
    """The working day a step goes out on.

    Steps before the start (day 1) go out on their day or the last working day before it, never
    on or after the start; handover weeks before the last day begin on the Monday of their week
    (``week -1`` is the Monday of the last week), or the next working day of that week.
    Steps from the start on go out on their day or the next working day."""
    due = step.due_date(start)
    if due >= start:
        return cal.next_working_day(due)
    unit, n = step.when.split()
    if journey.kind == "handover" and unit == "week":
        monday = start - timedelta(days=start.weekday()) - timedelta(weeks=-int(n) - 1)
        if monday >= start:  # the last day is a Monday: its week starts with the farewell
            monday -= timedelta(weeks=1)
        day = cal.next_working_day(monday)
        if day < start and day - monday < timedelta(days=5):
            return day
        due = monday
    return cal.on_or_before(min(due, start - timedelta(days=1)))


def step_time(journey: Journey, step: Step, start: date, cal: WorkCalendar) -> datetime:
    """The moment (UTC) a step goes out: the send time on :func:`step_day`."""
    return datetime.combine(step_day(journey, step, start, cal), cal.send_time, cal.zone
                            ).astimezone(UTC)


def plan_drip(journey: Journey, start: date, enrolled_at: datetime, done_through: datetime,
              caught_up: bool, now: datetime, cal: WorkCalendar) -> DripPlan:
    """Steps whose send time lies in (done_through, now]; those before enrolment are missed."""
    timed = sorted(((step_time(journey, s, start, cal), i, s) for i, s in enumerate(journey.steps)),
                   key=lambda x: (x[0], x[1]))
    missed = tuple(s for at, _, s in timed if at <= enrolled_at) if not caught_up else ()
    due = tuple(s for at, _, s in timed if max(done_through, enrolled_at) < at <= now)
    finished = all(at <= now for at, _, _ in timed)
    return DripPlan(due, missed, finished)


@dataclass(frozen=True)
class Candidate:
    id: str
    department: str | None
    start_date: date | None


def pate_candidates(
    hire_id: str,
    department: str | None,
    lead_id: str | None,
    people: Iterable[Candidate],
    busy: set[str],
    load: Mapping[str, int],
    declined: set[str],
    max_hires: int = 2,
) -> list[str]:
    """Who may be asked, best first: same department; never the hire, their lead, anyone on an
    active journey (``busy``: new hires and leavers) or anyone who declined; fewer than
    ``max_hires`` hires already (``load``). Fewest hires first, then longest in the service."""
    if not department:
        return []
    ok = [
        p for p in people
        if p.department == department and p.id not in {hire_id, lead_id}
        and p.id not in busy and p.id not in declined and load.get(p.id, 0) < max_hires
    ]
    ok.sort(key=lambda p: (load.get(p.id, 0), p.start_date or date.min, p.id))
    return [p.id for p in ok]
