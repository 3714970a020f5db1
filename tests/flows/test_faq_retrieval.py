"""The FAQ in conversation: retrieval says "I don't know" to near-domain questions, suggests when
unsure, and answers in the question's language."""

from __future__ import annotations

from bot.runtime import Runtime
from flows.types import Incoming
from tests.conftest import NOW


async def say(rt: Runtime, text: str, user: str = "anna") -> list:
    return await rt.dispatcher.handle(Incoming(user, text), NOW)


async def test_holiday_request_gets_no_mobile_work_answer(runtime: Runtime) -> None:
    """The issue's example: "wie beantrage ich urlaub" got the mobile-work arrangement rule. Now
    it gets the shipped referral (content/kb/referrals-de.yml): whom to ask, no entry offered."""
    [reply] = await say(runtime, "Wie beantrage ich Urlaub?")
    assert reply.kind == "fallback" and not reply.choices
    assert "Personalservice" in reply.text and "keine verlässliche Auskunft" in reply.text
    assert reply.source and "Verweis" in reply.source
    [reply] = await say(runtime, "Wer zahlt meinen Bürostuhl fürs Homeoffice?")
    assert reply.kind == "fallback" and len(reply.choices) <= 3
    async with runtime.uow() as uow:
        rows = await uow.faq.top_unanswered()
    # only the question no referral covers reaches the content owners' list
    assert [r.example for r in rows] == ["Wer zahlt meinen Bürostuhl fürs Homeoffice?"]


async def test_an_english_pay_question_is_referred_in_english(runtime: Runtime) -> None:
    [reply] = await say(runtime, "when is payday")
    assert reply.kind == "fallback" and not reply.choices
    assert "pay office" in reply.text and reply.locale == "en"


async def test_a_clear_question_is_still_answered_with_its_source(runtime: Runtime) -> None:
    [reply] = await say(runtime, "Wie viel Homeoffice ist bei der Stadt erlaubt?")
    assert reply.kind == "faq" and "40 Prozent" in reply.text and reply.source


async def test_english_question_from_a_german_user_is_answered_in_english(runtime: Runtime) -> None:
    [reply, offer] = await say(runtime, "how do I reach the city network from home")
    assert reply.kind == "faq" and offer.choices[0].action.id == "faq:language"  # offered once
    assert "VPN" in reply.text and "From home" in reply.text
    # the answer's own language, labels included; the reader's locale stays German (reply.locale)
    assert [c.label for c in reply.choices] == ["Helpful", "Not helpful"] and reply.locale == "en"
