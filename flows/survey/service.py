"""Survey operations on storage: create, start a run (a fresh data key, invitations through the
outbox), record answers (sealed under the run's key), postpone, close (the one shuffled write of
anonymous responses, then the key is destroyed) and compute results."""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flows.calendar import WorkCalendar, add_months
from flows.cron import Cron
from flows.survey import messages
from flows.survey.anonymity import coarsen_segments
from flows.survey.definition import MAX_TEXT, Question, SurveyDef
from flows.survey.results import Reason, RunResult, TrendPoint, Withheld, aggregate
from flows.survey.vault import KeyStore, RunKey
from flows.types import N_, Translations, Translator, UserError
from storage.models.core import Person
from storage.models.survey import Survey, SurveyRun
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
CRON_LOOKBACK = timedelta(days=2)
FLOW = "survey_answer"
SEGMENT_MAX = 120  # characters of a segment value (the response column's length)


KEY_MISSING = N_(
    "survey \u201e{id}\u201c, run {run}: its data key is not in the key directory {dir}. If the "
    "directory is only not mounted or not shared with this server, fix that and close again: "
    "nothing is lost. If the key is lost for good, close with --key-lost: the answers of this "
    "run can then not be read by anyone, they are deleted, and the run has no results.")
KEY_PRESENT = N_(
    "survey \u201e{id}\u201c, run {run}: the data key is there, nothing is lost; close the run "
    "without --key-lost.")


def key_lost_report(t: Translator, survey_id: str, run_id: int, lost: int) -> str:
    """What ``survey close ID --key-lost`` tells the admin (counts only)."""
    return (t.ngettext(
        "Survey \u201e{id}\u201c: run {run} closed without its data key. %(n)d stored answer "
        "record (begun or finished) could not be read and was deleted; this run has no results.",
        "Survey \u201e{id}\u201c: run {run} closed without its data key. %(n)d stored answer "
        "records (begun or finished) could not be read and were deleted; this run has no results.",
        lost) % {"n": lost}).format(id=survey_id, run=run_id)


class RunClosedError(UserError):
    """The run was closed meanwhile (by another instance or command)."""


class KeyPresentError(UserError):
    """``--key-lost`` for a run whose key is there: close it normally instead."""


def definition(survey: Survey) -> SurveyDef:
    return SurveyDef.from_dict(survey.definition)


def record_size(sdef: SurveyDef) -> int:
    """The one length of every sealed record of a survey: room for the longest possible answers
    (JSON, at most 6 bytes a character), rounded up to a whole KiB. Equal lengths mean the
    ciphertext says nothing about how much, or how far, someone answered."""
    n = 64 + 6 * SEGMENT_MAX
    for q in sdef.questions:
        n += 6 * len(q.id) + 8 + (6 * MAX_TEXT + 2 if q.type == "text" else 8)
    return -(-n // 1024) * 1024


def _aad(run_id: int, tag: str) -> bytes:
    """What a sealed record is bound to: its run and the pseudonym it is filed under."""
    return f"survey:{run_id}:{tag}".encode()


def promised(sdef: SurveyDef, run: SurveyRun) -> SurveyDef:
    """The definition with the thresholds that hold for a run: those its invitation showed,
    or higher ones set since (thresholds can only be raised once a run is sent)."""
    return replace(sdef, threshold=max(sdef.threshold, run.threshold or 0),
                   text_threshold=max(sdef.text_threshold, run.free_text_threshold or 0))


def lowered_thresholds(t: Translator, runs: list[SurveyRun], new: SurveyDef) -> str | None:
    """Why an update must be refused: it lowers a threshold that a sent run promised."""
    sent = [r for r in runs if r.threshold is not None]
    if not sent:
        return None
    k = max(r.threshold or 0 for r in sent)
    kt = max(r.free_text_threshold or 0 for r in sent)
    if new.threshold < k:
        return t.gettext(
            "Survey „{id}“: the anonymity threshold cannot be lowered from {old} to "
            "{new}. The survey has been sent, and its invitation promised results only from "
            "{old} answers. Thresholds can only be raised; for a lower one, create a new "
            "survey with its own id.").format(id=new.id, old=k, new=new.threshold)
    if new.text_threshold < kt:
        return t.gettext(
            "Survey „{id}“: the free-text threshold cannot be lowered from {old} to "
            "{new}. The survey has been sent with the promise to show comments only from {old} "
            "answers. Thresholds can only be raised; for a lower one, create a new survey with "
            "its own id.").format(id=new.id, old=kt, new=new.text_threshold)
    return None


def changed_while_open(t: Translator, runs: list[SurveyRun], old: SurveyDef, new: SurveyDef
                       ) -> str | None:
    """Why an update must be refused: a run is open and the questions (or the grouping) would
    change under it. The sealed records of that run have the length and the question ids of the
    definition it was sent with, and answers to the old and the new wording would be mixed."""
    open_runs = [r for r in runs if r.status == "open"]
    if not open_runs or (old.questions == new.questions and old.segment_by == new.segment_by):
        return None
    return t.gettext(
        "Survey \u201e{id}\u201c: the questions cannot be changed while run {run} is open: the "
        "answers given so far belong to the questions as they were sent, and old and new answers "
        "would be mixed. Close the run first (flurfunk survey close {id}), or wait until it "
        "closes; title, schedule and higher thresholds can be changed at any time.").format(
        id=new.id, run=open_runs[-1].id)


def next_question(sdef: SurveyDef, answers: dict[str, Any]) -> Question | None:
    """The first question not answered (a skipped optional question counts as answered)."""
    return next((q for q in sdef.questions if q.id not in answers), None)


def due_slot(sdef: SurveyDef, last_slot: datetime | None, has_runs: bool, now: datetime,
             tz: ZoneInfo) -> datetime | None:
    """The start a scheduled survey is due for at ``now`` and has not had yet, else None."""
    if "once" in sdef.schedule:
        at = datetime.fromisoformat(sdef.schedule["once"])
        if has_runs or not at <= now < at + timedelta(days=sdef.window_days):
            return None
        return at
    slot = Cron(sdef.schedule["cron"]).latest(now, tz, CRON_LOOKBACK)
    if slot is None or (last_slot is not None and slot <= last_slot):
        return None
    return slot


async def recipients(uow: UnitOfWork, sdef: SurveyDef, today: date) -> list[Person]:
    """Who is invited; ``started_months_ago: [3, 6]`` means a start date at least 3 and less than
    6 months before ``today`` (the onboarding feedback, asked of a cohort, never of one hire)."""
    a = sdef.audience
    started = None
    if "started_months_ago" in a:
        recent, early = (int(m) for m in a["started_months_ago"])
        started = (add_months(today, -early), add_months(today, -recent))
    return await uow.survey.audience(a.get("departments"), a.get("sites"), a.get("people"), started)


async def start_run(uow: UnitOfWork, translations: Translations, keys: KeyStore, survey: Survey,
                    slot: datetime, now: datetime) -> SurveyRun:
    """Open a run: a fresh data key on disk, then participation markers and one invitation per
    person, in one transaction. The run keeps the thresholds its invitation shows."""
    sdef = definition(survey)
    key_id = keys.create()
    people = await recipients(uow, sdef, slot.date())  # month granularity: the UTC date will do
    closes = now + timedelta(days=sdef.window_days)
    remind = now + timedelta(days=sdef.reminder_after_days) if sdef.reminder_after_days else None
    run = await uow.survey.add_run(SurveyRun(
        survey_id=survey.id, slot=slot, opened_at=now, remind_at=remind, closes_at=closes,
        reminded=False, invited=len(people), status="open", key_id=key_id,
        threshold=sdef.threshold, free_text_threshold=sdef.text_threshold))
    await uow.survey.add_participants(run.id, (p.id for p in people))
    payloads = {loc: messages.invitation(translations.for_locale(loc), sdef, run.id, closes).to_dict()
                for loc in {p.locale for p in people}}
    await uow.survey.enqueue([(f"survey:invite:{run.id}:{p.id}", [p.id], payloads[p.locale])
                              for p in people], now)
    return run


def segment_of(sdef: SurveyDef, person: Person | None) -> str | None:
    if person is None or sdef.segment_by is None:
        return None
    value = getattr(person, sdef.segment_by) or None
    return value[:SEGMENT_MAX] if value else None


def run_key(keys: KeyStore, run: SurveyRun) -> RunKey:
    if run.key_id is None:
        raise RuntimeError(f"survey run {run.id} has no data key")
    return keys.load(run.key_id)


async def answers_so_far(uow: UnitOfWork, keys: KeyStore, run: SurveyRun, person_id: str
                         ) -> dict[str, Any]:
    """The person's answers in an open run, unsealed (empty when none yet)."""
    key = run_key(keys, run)
    tag = key.tag(run.id, person_id)
    blob = await uow.survey.sealed(run.id, tag)
    if blob is None:
        return {}
    answers: dict[str, Any] = key.open(blob, _aad(run.id, tag))["a"]
    return answers


async def _keep(uow: UnitOfWork, key: RunKey, run: SurveyRun, sdef: SurveyDef, person: Person,
                answers: dict[str, Any], done: bool = False) -> None:
    """Seal the answers so far under the person's pseudonym; the marker only learns "done"."""
    tag = key.tag(run.id, person.id)
    blob = key.seal({"a": answers, "s": segment_of(sdef, person)}, _aad(run.id, tag),
                    record_size(sdef))
    if done:
        await uow.survey.finish(run.id, person.id, tag, blob)
    else:
        await uow.survey.seal(run.id, person.id, tag, blob)


async def begin(uow: UnitOfWork, keys: KeyStore, run: SurveyRun, sdef: SurveyDef, person: Person
                ) -> None:
    """Starting to take part writes a sealed empty record, so that in the database starting
    looks the same as answering."""
    key = run_key(keys, run)
    if await uow.survey.sealed(run.id, key.tag(run.id, person.id)) is None:
        await _keep(uow, key, run, sdef, person, {})


async def answer(uow: UnitOfWork, keys: KeyStore, run: SurveyRun, sdef: SurveyDef, person: Person,
                 qid: str, value: Any) -> Question | None:
    """Keep one answer (sealed); returns the next question, or None when the person is done
    (then the marker says so; the answers stay sealed until the run closes)."""
    answers = await answers_so_far(uow, keys, run, person.id)
    answers[qid] = value
    nxt = next_question(sdef, answers)
    await _keep(uow, run_key(keys, run), run, sdef, person, answers, done=nxt is None)
    return nxt


def ask_again_at(now: datetime, calendar: WorkCalendar) -> datetime:
    """The next working day (no weekend, no public holiday) at the calendar's send time."""
    return calendar.send_at(calendar.today(now) + timedelta(days=1))


async def postpone(uow: UnitOfWork, run: SurveyRun, person_id: str, when: datetime
                   ) -> datetime | None:
    """"später": ask again at ``when`` if that is before the window closes."""
    part = await uow.survey.participation(run.id, person_id)
    if part is None or when >= run.closes_at:
        return None
    part.postponed_until = when
    await uow.flush()
    return when


async def close_run(uow: UnitOfWork, keys: KeyStore, run: SurveyRun, sdef: SurveyDef,
                    now: datetime, tz: ZoneInfo) -> int:
    """Close the window: every sealed record (finished and partial answers alike) is opened and
    becomes an anonymous response, written in one batch in random order with fresh random ids,
    dated with the close day; segment values of groups below the threshold are blanked; the
    sealed records and the run's survey conversation state are cleared. Returns the count.
    After the commit, call ``after_close`` to destroy the key and scrub the database."""
    locked = await uow.survey.lock_run(run.id, exclusive=True)
    if locked is None or locked.status != "open":
        raise RunClosedError(f"survey run {run.id} is not open")
    key = run_key(keys, run)
    participants = key.tags(run.id, await uow.survey.participants(run.id))
    rows: list[tuple[str | None, dict[str, Any]]] = []
    for tag, blob in await uow.survey.sealed_rows(run.id):
        if tag not in participants:  # erased meanwhile ("Meine Daten löschen"): left out
            continue
        payload = key.open(blob, _aad(run.id, tag))
        if payload["a"]:
            rows.append((payload.get("s"), dict(payload["a"])))
    segments = coarsen_segments((s for s, _ in rows), promised(sdef, run).threshold)
    rows = [(seg, answers) for seg, (_, answers) in zip(segments, rows, strict=True)]
    secrets.SystemRandom().shuffle(rows)
    count = await uow.survey.write_responses(run.id, now.astimezone(tz).date(), rows)
    await uow.survey.clear_conversations(run.id, FLOW)
    run.status, run.closed_at = "closed", now
    await uow.flush()
    return count


async def close_without_key(uow: UnitOfWork, keys: KeyStore, run: SurveyRun, now: datetime,
                            tz: ZoneInfo) -> int:
    """Close a run whose data key is lost (``survey close ID --key-lost``): its sealed records
    cannot be opened by anyone, so they are deleted unread, like everything else a close
    clears; the run gets no responses. Refused while the key is there. Returns how many
    records were lost. After the commit, call ``after_close``."""
    locked = await uow.survey.lock_run(run.id, exclusive=True)
    if locked is None or locked.status != "open":
        raise RunClosedError(f"survey run {run.id} is not open")
    if run.key_id is not None and keys.exists(run.key_id):
        raise KeyPresentError(f"survey run {run.id}: its data key is present")
    lost = len(await uow.survey.sealed_rows(run.id))
    await uow.survey.write_responses(run.id, now.astimezone(tz).date(), [])
    await uow.survey.clear_conversations(run.id, FLOW)
    run.status, run.closed_at = "closed", now
    await uow.flush()
    log.warning("survey run %s closed without its data key: %d sealed record(s) unreadable "
                "and deleted", run.id, lost)
    return lost


async def after_close(uow: UnitOfWork, keys: KeyStore, run: SurveyRun) -> None:
    """Once the close is committed: the run's key is overwritten and deleted (from now on no
    copy of the database taken while the run was open can be read), then dead row versions and
    the SQLite -wal go."""
    if run.key_id is not None and keys.destroy(run.key_id):
        log.info("survey run %s: data key destroyed", run.id)
    await uow.survey.scrub()


async def sweep_keys(uow: UnitOfWork, keys: KeyStore) -> int:
    """Destroy keys of closed runs that are still on disk (a crash between the close and
    ``after_close``). Returns how many. (A key written for a send whose transaction then
    failed encrypted nothing that was kept; it is left alone, as it may belong to a send
    still under way on another instance.)"""
    gone = sum(keys.destroy(r.key_id) for r in await uow.survey.runs(status="closed")
               if r.key_id)
    if gone:
        log.info("survey: %d leftover data key(s) destroyed", gone)
    return gone


async def drop_orphans(uow: UnitOfWork, keys: KeyStore) -> int:
    """Delete the sealed records of people who are no longer participants of an open run
    ("Meine Daten löschen" removes the marker but cannot find the record without the key).
    Runs with the close job, so an erased record goes within a quarter of an hour."""
    gone = 0
    for run in await uow.survey.runs(status="open"):
        if run.key_id is None or not keys.exists(run.key_id):
            continue
        kept = run_key(keys, run).tags(run.id, await uow.survey.participants(run.id))
        gone += await uow.survey.drop_sealed(
            run.id, [t for t, _ in await uow.survey.sealed_rows(run.id) if t not in kept])
    if gone:
        log.info("survey: %d sealed record(s) of erased participants deleted", gone)
    return gone


async def run_result(uow: UnitOfWork, survey: Survey, run: SurveyRun, locale: str) -> RunResult:
    """The result of a run, with the trend against earlier closed runs of the same survey."""
    sdef = promised(definition(survey), run)
    if run.status != "closed":
        result = RunResult(None, run.invited, None, sdef.threshold, sdef.text_threshold,
                           sdef.segment_by, Withheld(Reason.OPEN))
    else:
        result = aggregate(sdef, await uow.survey.responses(run.id), run.invited, locale)
    result = replace(result, survey=survey.id, run=run.id, opened=run.opened_at.isoformat(),
                     closes=run.closes_at.isoformat(), status=run.status)
    if run.status != "closed":
        return result
    earlier = [r for r in await uow.survey.runs(survey.id, "closed") if r.slot < run.slot]
    if not earlier or result.withheld:
        return result
    past = []
    for r in earlier:
        old = aggregate(promised(definition(survey), r), await uow.survey.responses(r.id),
                        r.invited, locale)
        past.append((r, {q.id: q for q in old.questions}))
    return replace(result, questions=tuple(
        replace(q, trend=tuple(TrendPoint(r.id, r.opened_at.date().isoformat(), qs[q.id].n, value)
                               for r, qs in past if q.id in qs
                               and (value := qs[q.id].headline) is not None))
        for q in result.questions))
