"""A German-locale person who asks in English and gets an English answer is offered, once, to
switch their language; "yes" switches it. A "not helpful" keeps the question for the owner's
digest without who asked."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.runtime import Runtime
from flows.faq import data
from flows.types import Action, Incoming, Reply
from storage.models.faq import KbGap
from tests.conftest import NOW

ENGLISH = "how do I reach the city network from home"


async def _say(rt: Runtime, user: str, text: str, minutes: int = 0) -> list[Reply]:
    return await rt.dispatcher.handle(Incoming(user, text), NOW + timedelta(minutes=minutes))


async def _press(rt: Runtime, user: str, reply: Reply, index: int) -> list[Reply]:
    return await rt.dispatcher.handle(Incoming(user, action=reply.choices[index].action), NOW)


async def test_offered_once_and_yes_switches_the_language(runtime: Runtime) -> None:
    answer, offer = await _say(runtime, "anna", ENGLISH)
    assert answer.kind == "faq" and answer.locale == "en"
    assert offer.text.startswith("You asked in English") and offer.locale == "en"
    assert [c.action.value for c in offer.choices] == ["en:yes", "en:no"]
    assert len(await _say(runtime, "anna", ENGLISH, 1)) == 1  # never again
    [done] = await _press(runtime, "anna", offer, 0)
    assert done.text == "Done: I will write to you in English from now on."
    async with runtime.uow() as uow:
        assert (await uow.people.get("anna")).locale == "en"  # type: ignore[union-attr]
    [answer] = await _say(runtime, "anna", ENGLISH, 2)
    assert answer.kind == "faq" and answer.locale is None  # English is now the reader's own


async def test_no_keeps_german_and_a_german_question_offers_nothing(runtime: Runtime) -> None:
    assert len(await _say(runtime, "ben", "Wie komme ich von zu Hause ins städtische Netz?")) == 1
    _, offer = await _say(runtime, "ben", ENGLISH, 1)
    [kept] = await _press(runtime, "ben", offer, 1)
    assert kept.text == "In Ordnung, ich bleibe bei Ihrer Sprache."
    async with runtime.uow() as uow:
        assert (await uow.people.get("ben")).locale == "de"  # type: ignore[union-attr]
    assert len(await _say(runtime, "ben", ENGLISH, 2)) == 1
    async with runtime.uow() as uow:  # "Meine Daten" shows it; erasure removes it
        person = await uow.people.get("ben")
        assert person is not None
        [line] = await data.show_language_offer(uow, person, runtime.translations.for_locale("de"))
        assert line.startswith("FAQ: einmal angeboten, Ihnen auf en zu antworten")
        assert await data.erase_language_offer(uow, "ben", NOW) == 1
        assert await data.show_language_offer(uow, person, runtime.translations.for_locale("de")) == []


async def test_not_helpful_keeps_the_question_without_the_asker(runtime: Runtime) -> None:
    [answer] = await _say(runtime, "cora", "Wie komme ich von zu Hause ins städtische Netz?")
    assert answer.choices[1].action.id == "faq:feedback:mobile-work-vpn"
    assert answer.choices[1].action.value == "no:Wie komme ich von zu Hause ins städtische Netz?"
    [thanks] = await _press(runtime, "cora", answer, 1)
    assert thanks.text == "Danke. Ich gebe das weiter, damit die Antwort besser wird."
    # a button value is redacted again before it is kept (it comes from the messenger)
    crafted = Action("faq:feedback", "mobile-work-vpn:no:Netz von daheim? Tel 0421123456")
    await runtime.dispatcher.handle(Incoming("dora", action=crafted), NOW)
    async with runtime.uow() as uow:
        gaps = (await uow.session.scalars(select(KbGap).order_by(KbGap.id))).all()
    assert [(g.kind, g.entry_id, g.count) for g in gaps] == [
        ("not_helpful", "mobile-work-vpn", 1), ("not_helpful", "mobile-work-vpn", 1)]
    assert gaps[1].example == "Netz von daheim? Tel …"
    assert not any("cora" in repr(vars(g)) or "dora" in repr(vars(g)) for g in gaps)
    assert all(bin(g.askers).count("1") == 1 for g in gaps)
