"""Onboarding through the real NLU: saying an item is done, asking for one's own progress and a
lead asking for their hires reach the checklist handlers (the handlers themselves, with fixed
parses: tests/onboarding/test_checklist.py)."""

from __future__ import annotations

from datetime import date

from bot.runtime import Runtime
from tests.chat import Chat
from tests.onboarding.helpers import at, directory

NOW = at("2026-09-08", "10:00")


async def test_checklist_phrases(runtime: Runtime) -> None:
    chat = Chat(runtime)
    await directory(runtime, at("2026-08-20"), lena={"start_date": date(2026, 9, 7)})
    await chat.tick(at=NOW)
    reply = (await chat.say("lena", "Dienstausweis abgeholt", at=NOW))[0]
    assert reply.text.startswith("Abgehakt: Dienstausweis abholen.")
    reply = (await chat.say("lena", "Wie weit bin ich mit meiner Checkliste?", at=NOW))[0]
    assert "Ihre Checkliste: 1 von 6 erledigt." in reply.text
    reply = (await chat.say("lena", "VPN eingerichtet", at=NOW))[0]
    assert "Abgehakt: VPN-Zugang eingerichtet. 2 von 7 erledigt" in reply.text
    replies = await chat.say("bernd", "wie weit sind meine neuen mitarbeitenden", at=NOW)
    assert "Lena Neu: 2 von 7 erledigt" in "\n".join(r.text for r in replies)
    assert "keine Checkliste" in (await chat.say("clara", "Checkliste", at=NOW))[0].text
