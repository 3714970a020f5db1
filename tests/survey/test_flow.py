"""Answering in chat: buttons, numbers and words, "später", one response per person, partial
answers kept until the window closes; the reminder, the close and the owner's message."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from bot.runtime import Runtime
from flows.types import Action
from storage.models.core import OutboxMessage
from tests.survey.helpers import (
    OWNER,
    add_people,
    answer_all,
    at,
    create,
    is_png,
    press,
    say,
    sealed_answers,
    send,
    staff,
)

START = at("2026-09-01")


async def _outbox(rt: Runtime) -> list[OutboxMessage]:
    async with rt.uow() as uow:
        return list((await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_send_invites_the_audience_through_the_outbox(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 3, "Jobcenter": 2}), START)
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", START)
    assert run.invited == 6  # five staff and the owner (audience: everyone)
    msgs = await _outbox(runtime)
    assert sorted(m.recipients[0] for m in msgs) == sorted(
        [OWNER, "jobcenter.1", "jobcenter.2", "sozialamt.1", "sozialamt.2", "sozialamt.3"])
    text = msgs[0].payload["text"]
    assert text.startswith("Umfrage: „Pulsbefragung“") and "4 Fragen" in text
    assert [c["label"] for c in msgs[0].payload["choices"]] == ["Jetzt teilnehmen", "Später"]


async def test_typed_answers_numbers_and_words(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 6}), START)
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", START)
    reply = await say(runtime, "sozialamt.1", "Umfrage", START, intent="survey_start")
    assert reply.text.startswith("Frage 1 von 4: Die Technik reicht aus.")
    assert [c.label for c in reply.choices][:2] == ["1 – stimme gar nicht zu", "2 – stimme eher nicht zu"]
    reply = await say(runtime, "sozialamt.1", "stimme zu", START)
    assert reply.text.startswith("Frage 2 von 4") and "0 = überhaupt nicht" in reply.text
    reply = await say(runtime, "sozialamt.1", "4", START)  # on the 0-10 scale: the label "4"
    assert reply.text.startswith("Frage 3 von 4")
    reply = await say(runtime, "sozialamt.1", "eher ja", START)
    assert reply.text.startswith("Frage 4 von 4")
    reply = await say(runtime, "sozialamt.1", "Mehr Notebooks für das Sozialamt", START)
    assert reply.text.startswith("Vielen Dank! Ihre Antworten werden ohne Ihren Namen gespeichert.")
    async with runtime.uow() as uow:
        part = await uow.survey.participation(run.id, "sozialamt.1")
    assert await sealed_answers(runtime, run.id, "sozialamt.1") == {
        "technik": 4, "empfehlung": 4, "mobil": 1, "anmerkung": "Mehr Notebooks für das Sozialamt"}
    assert part is not None and part.responded
    async with runtime.uow() as uow:
        (tag, blob), = await uow.survey.sealed_rows(run.id)
    assert b"Notebooks" not in blob and b"sozialamt" not in blob  # ciphertext only
    assert "sozialamt" not in tag and len(tag) == 32  # filed under a pseudonym


async def test_gibberish_is_asked_again_and_unrelated_questions_pass(runtime: Runtime,
                                                                     tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 6}), START)
    await create(runtime, tmp_path)
    await send(runtime, "puls", START)
    await say(runtime, "sozialamt.2", "Umfrage", START, intent="survey_start")
    reply = await say(runtime, "sozialamt.2", "blau", START)
    assert reply.text.startswith("Das habe ich nicht als Antwort verstanden.")
    assert "Frage 1 von 4" in reply.text
    reply = await say(runtime, "sozialamt.2", "7", START)  # no such value on a 1-5 scale
    assert "nicht als Antwort verstanden" in reply.text
    reply = await say(runtime, "sozialamt.2", "teils teils", START)
    assert reply.text.startswith("Frage 2 von 4")


async def test_later_postpones_and_partial_answers_survive(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 6}), START)
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", START)
    await say(runtime, "sozialamt.3", "Umfrage", START, intent="survey_start")
    await say(runtime, "sozialamt.3", "5", START)
    reply = await say(runtime, "sozialamt.3", "später", START)
    assert reply.text.startswith("In Ordnung, ich frage Sie am 02.09.26, 09:00 noch einmal.")
    # an unrelated conversation in between does not lose the answer given
    await say(runtime, "sozialamt.3", "Hallo", START, intent="core_greet")
    await runtime.jobs.run_due(at("2026-09-02", "08:50"))
    assert not [m for m in await _outbox(runtime) if m.dedupe_key.startswith("survey:later:")]
    later = at("2026-09-02", "09:05")
    assert await runtime.jobs.run_due(later)
    asked = [m for m in await _outbox(runtime) if m.dedupe_key.startswith("survey:later:")]
    assert [m.recipients for m in asked] == [["sozialamt.3"]]
    assert asked[0].payload["text"].startswith("Erinnerung: Die Umfrage „Pulsbefragung“ läuft noch")
    reply = await press(runtime, "sozialamt.3", Action(f"survey:start:{run.id}"), later)
    assert reply.text.startswith("Frage 2 von 4")  # continues where it was left
    assert await sealed_answers(runtime, run.id, "sozialamt.3") == {"technik": 5}


async def test_one_response_per_person_per_run(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 6}), START)
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", START)
    answers = {"technik": 3, "empfehlung": 9, "mobil": 0, "anmerkung": None}
    assert (await answer_all(runtime, "sozialamt.4", run.id, answers, START)).text.startswith(
        "Vielen Dank!")
    again = await press(runtime, "sozialamt.4", Action(f"survey:answer:{run.id}", "technik|1"), START)
    assert again.text == "Sie haben diese Umfrage bereits beantwortet. Vielen Dank!"
    assert (await say(runtime, "sozialamt.4", "Umfrage", START, intent="survey_start")).text == (
        "Im Moment wartet keine Umfrage auf Sie.")
    outsider = await press(runtime, "fremd", Action(f"survey:start:{run.id}"), START)
    assert outsider.text == "Diese Umfrage finde ich nicht unter denen, die an Sie gingen."
    assert await sealed_answers(runtime, run.id, "sozialamt.4") == answers
    assert await sealed_answers(runtime, run.id, "fremd") is None


async def test_reminder_goes_only_to_those_not_done(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 5}), START)
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", START)
    await answer_all(runtime, "sozialamt.1", run.id,
                     {"technik": 3, "empfehlung": 9, "mobil": 0, "anmerkung": None}, START)
    await press(runtime, "sozialamt.2", Action(f"survey:answer:{run.id}", "technik|2"), START)
    remind_time = at("2026-09-04", "09:10")
    await runtime.jobs.run_due(remind_time)
    await runtime.jobs.run_due(at("2026-09-04", "09:40"))  # idempotent: no second reminder
    reminded = sorted(m.recipients[0] for m in await _outbox(runtime)
                      if m.dedupe_key.startswith("survey:remind:"))
    assert reminded == [OWNER, "sozialamt.2", "sozialamt.3", "sozialamt.4", "sozialamt.5"]


async def test_close_keeps_partial_answers_and_reports_to_the_owner(
        runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 6}), START)
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", START)
    for i in range(1, 6):
        await answer_all(runtime, f"sozialamt.{i}", run.id,
                         {"technik": i, "empfehlung": 10, "mobil": 1, "anmerkung": None}, START)
    await press(runtime, "sozialamt.6", Action(f"survey:start:{run.id}"), START)
    await press(runtime, "sozialamt.6", Action(f"survey:answer:{run.id}", "technik|5"), START)
    await runtime.jobs.run_due(at("2026-09-08", "09:15"))
    async with runtime.uow() as uow:
        closed = await uow.survey.run(run.id)
        responses = await uow.survey.responses(run.id)
        assert await uow.survey.sealed_rows(run.id) == []
    assert closed is not None and closed.status == "closed"
    assert sorted(a["technik"] for _, a in responses) == [1, 2, 3, 4, 5, 5]  # the partial one too
    report = [m for m in await _outbox(runtime) if m.dedupe_key == f"survey:results:{run.id}"]
    assert report and report[0].recipients == [OWNER]
    assert report[0].payload["text"].startswith(
        "Die Umfrage „Pulsbefragung“ ist beendet: 6 von 7 Personen haben geantwortet (86 %).")
    assert "Mittelwert 3.33 (n = 6)" in report[0].payload["text"]
    [chart] = report[0].payload["attachments"]
    assert chart["kind"] == "file" and chart["mime_type"] == "image/png" and is_png(Path(chart["path"]))
    late = await press(runtime, "sozialamt.6", Action(f"survey:answer:{run.id}", "empfehlung|3"),
                       at("2026-09-08", "10:00"))
    assert late.text == "Diese Umfrage ist bereits beendet. Danke für Ihr Interesse!"


async def test_two_finishing_presses_keep_one_response(runtime: Runtime, tmp_path: Path) -> None:
    await add_people(runtime, staff({"Sozialamt": 5}), START)
    await create(runtime, tmp_path)
    run = await send(runtime, "puls", START)
    async with runtime.uow() as uow:
        first = await uow.survey.finish(run.id, "sozialamt.1", "t1", b"first")
        second = await uow.survey.finish(run.id, "sozialamt.1", "t1", b"second")
        await uow.commit()
    async with runtime.uow() as uow:
        assert (first, second) == (True, False)
        assert await uow.survey.sealed(run.id, "t1") == b"first"
        assert await uow.survey.seal(run.id, "sozialamt.1", "t1", b"third") is False  # done


async def test_overview_section_lists_open_surveys(runtime: Runtime, tmp_path: Path) -> None:
    """Slack's App Home: the survey section shows what is waiting, with its button."""
    from bot.adapters.slack.home import Home

    await add_people(runtime, staff({"Sozialamt": 5}), START)
    await create(runtime, tmp_path)
    home = Home(runtime.features, runtime.uow, runtime.translations,
                lambda f: runtime.configs.get(f.name))
    empty = json.dumps((await home.view("sozialamt.1", START))["blocks"], ensure_ascii=False)
    assert "Umfragen" in empty and "Für Sie gibt es noch keine Umfragen." in empty
    run = await send(runtime, "puls", START)
    view = json.dumps((await home.view("sozialamt.1", START))["blocks"], ensure_ascii=False)
    assert "„Pulsbefragung“, offen bis 08.09.26" in view
    assert f'"action_id": "survey:start:{run.id}#0"' in view and "Jetzt teilnehmen" in view
