"""The dispatcher: answers with sources, falls back politely, numbered choices, bad input.

The classifier is a FixedParser (tests/chat.py): a message is taken as the intent the test gives,
else as not understood (the knowledge base's retrieval decides); the real NLU is tests/e2e/'s."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.runtime import Runtime
from flows.types import Action, Incoming
from tests.chat import Chat, understood
from tests.conftest import NOW


async def say(rt: Runtime, text: str, user: str = "anna", intent: str | None = None) -> list:
    return await Chat(rt).say(user, text, at=NOW, intent=intent)


async def test_faq_answer_cites_its_source(runtime: Runtime) -> None:
    [reply] = await say(runtime, "Wie viel darf ich mobil arbeiten?")
    assert reply.kind == "faq"
    assert "40 Prozent" in reply.text
    assert reply.source and "Kommune21" in reply.source
    assert [c.label for c in reply.choices] == ["Hilfreich", "Nicht hilfreich"]


async def test_english_user_gets_english_answer(runtime: Runtime) -> None:
    async with runtime.uow() as uow:
        await uow.people.upsert("sam", NOW, name="Sam Lee", locale="en")
        await uow.commit()
    [reply] = await say(runtime, "how much can I work from home?", "sam")
    assert "40 percent" in reply.text and reply.kind == "faq"
    [reply] = await say(runtime, "can I work from home", "sam")
    # the retriever is not sure enough to answer (the question does not say "how much"):
    # it offers the right entry first, in English, and the pick answers in English
    assert reply.text.startswith("Did you perhaps mean one of these?")
    assert reply.choices[0].label == "How much may I work remotely?"
    [answer] = await runtime.dispatcher.handle(Incoming("sam", action=reply.choices[0].action), NOW)
    assert "40 percent" in answer.text and answer.kind == "faq"


async def test_out_of_scope_gets_the_fallback_and_is_recorded_without_user(runtime: Runtime) -> None:
    [reply] = await say(runtime, "Wie wird das Wetter morgen?")
    assert reply.kind == "fallback"
    assert "Personalservice" in reply.text and "IT-Service" in reply.text
    await say(runtime, "wie wird das wetter morgen", "bert")
    # a place name the knowledge base uses ("Stuttgart") may bring suggestions, never an answer
    [near] = await say(runtime, "Wie wird das Wetter morgen in Stuttgart?", "cora")
    assert near.kind == "fallback" and near.source is None
    async with runtime.uow() as uow:
        rows = await uow.faq.top_unanswered()
    [row] = [r for r in rows if "stuttgart" not in r.example.lower()]
    assert row.count == 2 and len(rows) == 2  # the Stuttgart question is kept on its own
    assert not any(name in r.example for r in rows for name in ("anna", "bert", "cora"))


async def test_unanswered_questions_are_redacted(runtime: Runtime) -> None:
    await say(runtime, "xqzv plonk max.muster@stadt.example 0711123456")
    async with runtime.uow() as uow:
        [row] = await uow.faq.top_unanswered()
    assert "@" not in row.example and "0711123456" not in row.example


async def test_numbered_choice_gives_feedback_counted_without_user(runtime: Runtime) -> None:
    await say(runtime, "Wie viel darf ich mobil arbeiten?")
    [reply] = await say(runtime, "1")
    assert "Danke" in reply.text
    async with runtime.uow() as uow:
        [fb] = await uow.faq.feedback_counts()
    assert (fb.entry_id, fb.helpful, fb.not_helpful) == ("mobile-work-extent", 1, 0)


async def test_button_action_routes_like_a_numbered_choice(runtime: Runtime) -> None:
    msg = Incoming("anna", action=Action("faq:feedback:mobile-work-extent", "no"))
    [reply] = await runtime.dispatcher.handle(msg, NOW)
    assert "weiter" in reply.text
    [stale] = await runtime.dispatcher.handle(replace(msg, action=Action("nope:x")), NOW)
    assert "nicht mehr gültig" in stale.text
    old = Action("faq:feedback", "mobile-work-extent:no")  # a button sent before the entry id
    [reply] = await runtime.dispatcher.handle(replace(msg, action=old), NOW)  # moved to the id
    assert "weiter" in reply.text


async def test_unknown_user_is_created_with_german_locale(runtime: Runtime) -> None:
    await say(runtime, "hallo", "neu.person")
    async with runtime.uow() as uow:
        person = await uow.people.get("neu.person")
    assert person is not None and person.locale == "de"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x01\x02", "a" * 10_000, "\ud800\udfff kaputt", "\x1b[31mrot\x1b[0m",
     bytes(range(256)).decode("latin-1")],
    ids=["empty", "blank", "control", "10k", "surrogates", "ansi", "binary"],
)
async def test_bad_input_gets_a_clear_reply(runtime: Runtime, text: str) -> None:
    replies = await say(runtime, text)
    assert len(replies) == 1
    assert replies[0].kind != "error"
    assert replies[0].text


async def test_long_message_is_asked_to_be_shorter(runtime: Runtime) -> None:
    [reply] = await say(runtime, "Homeoffice " * 1000)
    assert "sehr lange Nachricht" in reply.text


async def test_invalid_user_id_is_refused(runtime: Runtime) -> None:
    [reply] = await runtime.dispatcher.handle(Incoming("bad id; drop", "hallo"), NOW)
    assert reply.kind == "error"


async def test_handler_crash_gives_a_polite_error_and_rolls_back(runtime: Runtime) -> None:
    async def boom(ctx, msg, parse):  # type: ignore[no-untyped-def]
        await ctx.uow.people.upsert("ghost", NOW, name="Ghost")
        raise RuntimeError("bug")

    feature, _ = runtime.router.intents["core_greet"]
    runtime.router.intents["core_greet"] = (feature, boom)
    [reply] = await say(runtime, "hallo", intent="core_greet")
    assert reply.kind == "error" and "IT-Service" in reply.text
    async with runtime.uow() as uow:
        assert await uow.people.get("ghost") is None


async def test_switch_language(runtime: Runtime) -> None:
    [reply] = await say(runtime, "english please", intent="core_language")
    assert reply.text.startswith("All right")
    [help_reply] = await say(runtime, "help", intent="core_help")
    assert "This is what I can do" in help_reply.text


async def test_the_answer_names_the_language_after_the_message(runtime: Runtime) -> None:
    """Adapters render their words in ``answer.locale``: the person's language once the message
    was handled (a switch to English takes effect on its own reply), the default for a bad id."""
    understood(runtime, "core_greet")
    assert (await runtime.dispatcher.answer(Incoming("anna", "hallo"), NOW)).locale == "de"
    understood(runtime, "core_language")
    switched = await runtime.dispatcher.answer(Incoming("anna", "english please"), NOW)
    assert switched.locale == "en" and switched.replies[0].text.startswith("All right")
    assert (await runtime.dispatcher.answer(Incoming("bad id;", "hi"), NOW)).locale == "de"


def test_numbers_on_a_scale_of_numbers_mean_the_labels() -> None:
    from bot.dispatch import Dispatcher

    scale = [{"label": str(n), "action": "survey:answer", "value": f"q1:{n}"} for n in range(11)]
    assert Dispatcher._choice_from_text("4", scale) == Action("survey:answer", "q1:4")
    assert Dispatcher._choice_from_text("11", scale) is None  # not "the eleventh option"
    named = [{"label": "Ja", "action": "x:y", "value": "yes"},
             {"label": "Nein", "action": "x:y", "value": "no"}]
    assert Dispatcher._choice_from_text("2", named) == Action("x:y", "no")


async def test_a_known_intent_skips_the_classifier(runtime: Runtime) -> None:
    """``/flurfunk lunch`` arrives with its intent: the handler answers whatever the text."""
    msg = Incoming("anna", "Wie viel darf ich mobil arbeiten?", messenger="slack",
                   intent="lunch_status")
    [reply] = await runtime.dispatcher.handle(msg, NOW)
    assert "Lunch-Roulette" in reply.text and reply.kind != "faq"
    [faq] = await say(runtime, "Wie viel darf ich mobil arbeiten?")
    assert faq.kind == "faq"
