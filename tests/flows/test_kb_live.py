"""A new entry imported while the bot runs is answered within the poll window, without a
restart and without retraining the feature classifier; questions meanwhile use the old
retriever. First start: the shipped knowledge base is imported by itself."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.runtime import Runtime
from flows.faq import store
from flows.faq.entries import Entry
from flows.types import Incoming
from nlu.embedded import EmbeddedModel
from tests.conftest import NOW

QUESTION = "Wie melde ich einen Wasserrohrbruch im Büro?"
NEW = Entry.model_validate({
    "id": "wasserschaden", "locale": "de", "question": "Wie melde ich einen Wasserschaden?",
    "alternatives": ["Wasserrohrbruch im Büro melden", "Im Büro tropft Wasser von der Decke"],
    "answer": "Rufen Sie die Haustechnik an: Durchwahl 4711, rund um die Uhr.",
    "source": "Hausordnung Verwaltungsgebäude", "owner": "Gebäudemanagement",
    "reviewed": "2026-08-01", "keywords": ["Wasserrohrbruch", "Haustechnik"]})


def _faq(rt: Runtime):  # type: ignore[no-untyped-def]
    return next(f for f in rt.features if f.name == "faq").resources


async def test_first_start_imports_the_shipped_knowledge_base(runtime: Runtime) -> None:
    async with runtime.uow() as uow:
        assert await uow.kb.version() is None
    await runtime.dispatcher.handle(Incoming("anna", "Wie viel Homeoffice ist erlaubt?"), NOW)
    async with runtime.uow() as uow:
        assert await uow.kb.version() == 1
        stored = await store.stored(uow)
    shipped = store.read_shipped(_faq(runtime).live.shipped)
    assert {(e.id, e.locale) for e in stored} == {(e.id, e.locale) for e in shipped}
    assert {r.imported_by for r in await _rows(runtime)} == {"system"}
    assert _faq(runtime).live.rebuilds == 0  # the retriever built at start is for that version


async def _rows(rt: Runtime) -> list:
    async with rt.uow() as uow:
        return list(await uow.kb.entries())


async def test_new_entry_is_answered_within_the_poll_window_without_retraining(
        nlu_runtime: Runtime, model: EmbeddedModel, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = nlu_runtime  # the trained classifier: the point is that it is not retrained
    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("the feature classifier was retrained")

    monkeypatch.setattr(EmbeddedModel, "train", no_training)
    live = _faq(runtime).live
    [before] = await runtime.dispatcher.handle(Incoming("anna", QUESTION), NOW)
    assert before.kind == "fallback"
    async with runtime.uow() as uow:
        result = await store.import_entries(uow, [NEW], "kb.admin", NOW)
        await uow.commit()
    assert result.added == ["wasserschaden (de)"]
    # inside the poll window the version is not even read; the old retriever answers
    soon = NOW + timedelta(seconds=5)
    [meanwhile] = await runtime.dispatcher.handle(Incoming("ben", QUESTION), soon)
    assert meanwhile.kind == "fallback" and live.pending is None
    # after the window (15 s by default): the version is read, a rebuild starts in a worker
    # thread, and this question is still answered by the old retriever (not kept waiting)
    later = NOW + timedelta(seconds=16)
    [still_old] = await runtime.dispatcher.handle(Incoming("cora", QUESTION), later)
    assert still_old.kind == "fallback" and live.pending is not None
    await live.pending
    [answered] = await runtime.dispatcher.handle(Incoming("dana", QUESTION),
                                                 later + timedelta(seconds=1))
    assert answered.kind == "faq" and "4711" in answered.text
    assert live.rebuilds == 1 and runtime.parser is model  # the same classifier, untouched
    # an unchanged re-import changes no version: no second rebuild
    async with runtime.uow() as uow:
        assert (await store.import_entries(uow, [NEW], "kb.admin", later)).version is None
        await uow.commit()
    await runtime.dispatcher.handle(Incoming("emil", QUESTION), later + timedelta(seconds=40))
    assert live.pending is not None and live.pending.done() and live.rebuilds == 1
