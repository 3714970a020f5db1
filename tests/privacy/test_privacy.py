"""Meine Daten: show, erase after confirmation, retention purges, the processing record (the
handlers get a fixed Parse: tests/chat.py)."""

from __future__ import annotations

from datetime import timedelta

from bot.runtime import Runtime
from flows.privacy import report
from tests.chat import Chat
from tests.conftest import NOW


async def _setup(rt: Runtime) -> None:
    async with rt.uow() as uow:
        await uow.people.upsert("anna", NOW, name="Anna Berger", department="Sozialamt",
                                site="Rathaus", source="directory")
        await uow.outbox.add("solo", ["anna"], {"text": "Nur für Anna"}, NOW)
        await uow.outbox.add("group", ["anna", "ben"], {"text": "Ihre Gruppe"}, NOW)
        await uow.commit()
    await rt.sender().drain(NOW)


async def test_show_lists_directory_data_and_messages(chat: Chat) -> None:
    await _setup(chat.rt)
    [reply] = await chat.say("anna", "Was speicherst du über mich?", at=NOW, intent="privacy_show")
    assert "Das speichere ich über Sie:" in reply.text
    assert "Dienststelle: Sozialamt" in reply.text
    assert "2 Nachrichten in Ihrem lokalen Posteingang" in reply.text
    assert "ohne jeden Bezug zu Ihnen" in reply.text


async def test_erase_needs_confirmation_and_removes_data(chat: Chat) -> None:
    await _setup(chat.rt)
    [ask] = await chat.say("anna", "Meine Daten löschen", at=NOW, intent="privacy_delete")
    assert [c.action.id for c in ask.choices] == ["privacy:erase", "privacy:erase"]
    [no] = await chat.say("anna", "2", at=NOW)
    assert "nichts gelöscht" in no.text
    async with chat.rt.uow() as uow:
        assert len(await uow.inbox.list("anna")) == 2
    await chat.say("anna", "Meine Daten löschen", at=NOW, intent="privacy_delete")
    [done] = await chat.say("anna", "1", at=NOW)
    assert "gelöscht" in done.text
    async with chat.rt.uow() as uow:
        assert await uow.inbox.list("anna") == []
        assert len(await uow.inbox.list("ben")) == 1  # the group message stays for Ben
        assert await uow.people.get("anna") is not None  # the HR directory entry stays


async def test_contact_created_person_is_deleted_on_erase(chat: Chat) -> None:
    await chat.say("gast", "Meine Daten löschen", at=NOW, intent="privacy_delete")
    await chat.say("gast", "1", at=NOW)
    async with chat.rt.uow() as uow:
        assert await uow.people.get("gast") is None


async def test_retention_job_purges_only_old_data(chat: Chat) -> None:
    await _setup(chat.rt)
    await chat.say("anna", "wie wird das wetter", at=NOW)
    spec = chat.rt.router.jobs["privacy.retention"][1]
    feature = chat.rt.router.jobs["privacy.retention"][0]
    early = await chat.rt.jobs.run(feature, spec, NOW + timedelta(days=1), NOW + timedelta(days=1))
    assert early is not None
    async with chat.rt.uow() as uow:
        assert len(await uow.inbox.list("anna")) == 2
        assert len(await uow.faq.top_unanswered()) == 1
    late = NOW + timedelta(days=400)
    result = await chat.rt.jobs.run(feature, spec, late, late)
    assert result is not None and result.count >= 4
    async with chat.rt.uow() as uow:
        assert await uow.inbox.list("anna") == []
        assert await uow.outbox.counts() == {}
        assert await uow.faq.top_unanswered() == []


async def test_report_uses_the_live_retention(chat: Chat) -> None:
    from flows.privacy.config import PrivacyConfig

    feature = next(f for f in chat.rt.features if f.name == "privacy")
    t = chat.rt.translations.for_locale("de")
    text = report.render(feature.resources.data, PrivacyConfig({"core.messages": 30}), t)
    assert "| core.messages |" in text and "| 30 Tage |" in text
    assert "Verzeichnis von Verarbeitungstätigkeiten" in text
