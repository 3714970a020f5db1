"""Meine Daten: show, erase after confirmation, retention purges, the processing record."""

from __future__ import annotations

from datetime import timedelta

from bot.runtime import Runtime
from flows.privacy import report
from flows.types import Incoming
from tests.conftest import NOW


async def _setup(rt: Runtime) -> None:
    async with rt.uow() as uow:
        await uow.people.upsert("anna", NOW, name="Anna Berger", department="Sozialamt",
                                site="Rathaus", source="directory")
        await uow.outbox.add("solo", ["anna"], {"text": "Nur für Anna"}, NOW)
        await uow.outbox.add("group", ["anna", "ben"], {"text": "Ihre Gruppe"}, NOW)
        await uow.commit()
    await rt.sender().drain(NOW)


async def test_show_lists_directory_data_and_messages(runtime: Runtime) -> None:
    await _setup(runtime)
    [reply] = await runtime.dispatcher.handle(Incoming("anna", "Was speicherst du über mich?"), NOW)
    assert "Das speichere ich über Sie:" in reply.text
    assert "Dienststelle: Sozialamt" in reply.text
    assert "2 Nachrichten in Ihrem lokalen Posteingang" in reply.text
    assert "ohne jeden Bezug zu Ihnen" in reply.text


async def test_erase_needs_confirmation_and_removes_data(runtime: Runtime) -> None:
    await _setup(runtime)
    [ask] = await runtime.dispatcher.handle(Incoming("anna", "Meine Daten löschen"), NOW)
    assert [c.action.id for c in ask.choices] == ["privacy:erase", "privacy:erase"]
    [no] = await runtime.dispatcher.handle(Incoming("anna", "2"), NOW)
    assert "nichts gelöscht" in no.text
    async with runtime.uow() as uow:
        assert len(await uow.inbox.list("anna")) == 2
    await runtime.dispatcher.handle(Incoming("anna", "Meine Daten löschen"), NOW)
    [done] = await runtime.dispatcher.handle(Incoming("anna", "1"), NOW)
    assert "gelöscht" in done.text
    async with runtime.uow() as uow:
        assert await uow.inbox.list("anna") == []
        assert len(await uow.inbox.list("ben")) == 1  # the group message stays for Ben
        assert await uow.people.get("anna") is not None  # the HR directory entry stays


async def test_contact_created_person_is_deleted_on_erase(runtime: Runtime) -> None:
    await runtime.dispatcher.handle(Incoming("gast", "Meine Daten löschen"), NOW)
    await runtime.dispatcher.handle(Incoming("gast", "1"), NOW)
    async with runtime.uow() as uow:
        assert await uow.people.get("gast") is None


async def test_retention_job_purges_only_old_data(runtime: Runtime) -> None:
    await _setup(runtime)
    await runtime.dispatcher.handle(Incoming("anna", "wie wird das wetter"), NOW)
    spec = runtime.router.jobs["privacy.retention"][1]
    feature = runtime.router.jobs["privacy.retention"][0]
    early = await runtime.jobs.run(feature, spec, NOW + timedelta(days=1), NOW + timedelta(days=1))
    assert early is not None
    async with runtime.uow() as uow:
        assert len(await uow.inbox.list("anna")) == 2
        assert len(await uow.faq.top_unanswered()) == 1
    late = NOW + timedelta(days=400)
    result = await runtime.jobs.run(feature, spec, late, late)
    assert result is not None and result.count >= 4
    async with runtime.uow() as uow:
        assert await uow.inbox.list("anna") == []
        assert await uow.outbox.counts() == {}
        assert await uow.faq.top_unanswered() == []


async def test_report_uses_the_live_retention(runtime: Runtime) -> None:
    from flows.privacy.config import make_config

    feature = next(f for f in runtime.features if f.name == "privacy")
    t = runtime.translations.for_locale("de")
    text = report.render(feature.resources.data, make_config({"retention": {"core.messages": 30}}), t)
    assert "| core.messages |" in text and "| 30 Tage |" in text
    assert "Verzeichnis von Verarbeitungstätigkeiten" in text
