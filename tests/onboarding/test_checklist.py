"""Checklist: ticked by button or by saying so; progress for the hire and (counts only) the lead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.runtime import Runtime
from flows.onboarding.checklist import match_items
from flows.onboarding.journeys import Journeys
from flows.types import Action, Incoming
from tests.chat import Chat
from tests.onboarding.helpers import at, directory, inbox, step, tick

ROOT = Path(__file__).resolve().parents[2]
JOURNEYS = Journeys.load(ROOT / "content" / "onboarding")


def ids(text: str, locale: str = "de") -> list[str]:
    j = JOURNEYS.get("onboarding", locale)
    assert j is not None
    return [i.id for i in match_items(text, j.items)]


def test_fuzzy_matching_of_items() -> None:
    assert ids("Dienstausweis abgeholt") == ["dienstausweis"]
    assert ids("hab meinen dienstausweiß abgeholt") == ["dienstausweis"]
    assert ids("Passwort geändert") == ["zugangsdaten"]
    assert ids("VPN läuft") == ["vpn"]
    assert ids("Zeiterfasung eingerichtet") == ["zeiterfassung"]
    assert ids("picked up my badge", "en") == ["dienstausweis"]
    assert ids("erledigt") == []
    assert ids("Kantine gefunden") == []


async def test_saying_and_pressing_tick_items_off(runtime: Runtime) -> None:
    now = at("2026-09-08", "10:00")
    await directory(runtime, at("2026-08-20"), lena={"start_date": date(2026, 9, 7)})
    await tick(runtime, now)
    replies = await Chat(runtime).say("lena", "Dienstausweis abgeholt",
                                      at=now, intent="onboarding_checklist_done")
    assert replies[0].text.startswith("Abgehakt: Dienstausweis abholen.")
    assert "1 von 6 erledigt" in replies[0].text  # only the six items shown so far count
    replies = await Chat(runtime).say("lena", "Dienstausweis abgeholt",
                                      at=now, intent="onboarding_checklist_done")
    assert "schon abgehakt" in replies[0].text and "1 von 6" in replies[0].text
    checklist = next(m for m in await inbox(runtime, "lena") if step(m) == "catch-up")
    item = next(c for c in checklist["choices"] if c["action"] == "onboarding:done:datenschutz")
    replies = await runtime.dispatcher.handle(
        Incoming("lena", action=Action(item["action"], item["value"])), now)
    assert "2 von 6 erledigt" in replies[0].text
    # someone else pressing lena's button changes nothing
    replies = await runtime.dispatcher.handle(
        Incoming("dirk", action=Action("onboarding:done:zeiterfassung", item["value"])), now)
    assert "nicht mehr gültig" in replies[0].text
    replies = await Chat(runtime).say("lena", "Wie weit bin ich mit meiner Checkliste?",
                                      at=now, intent="onboarding_progress")
    assert "Ihre Checkliste: 2 von 6 erledigt." in replies[0].text
    assert "☑ Dienstausweis abholen" in replies[0].text and "VPN" not in replies[0].text
    offered = [c.action.id for c in replies[0].choices]
    assert len(offered) == 4 and "onboarding:done:vpn" not in offered  # week 2 is still ahead
    # saying an item of week 2 early ticks it off and counts it from then on
    replies = await Chat(runtime).say("lena", "VPN eingerichtet",
                                      at=now, intent="onboarding_checklist_done")
    assert "Abgehakt: VPN-Zugang eingerichtet. 3 von 7 erledigt" in replies[0].text


async def test_the_lead_sees_only_counts_of_their_own_hires(runtime: Runtime) -> None:
    now = at("2026-09-08", "10:00")
    await directory(runtime, at("2026-08-20"), lena={"start_date": date(2026, 9, 7)},
                    emil={"start_date": date(2026, 9, 7), "lead_id": "sarah"})
    await tick(runtime, now)
    await Chat(runtime).say("lena", "Dienstausweis abgeholt",
                            at=now, intent="onboarding_checklist_done")
    replies = await Chat(runtime).say("bernd", "wie weit sind meine neuen mitarbeitenden",
                                      at=now, intent="onboarding_progress")
    text = "\n".join(r.text for r in replies)
    assert "Lena Neu: 1 von 6 erledigt" in text
    assert "Dienstausweis" not in text and "Emil" not in text
    replies = await Chat(runtime).say("clara", "Checkliste",
                                      at=now, intent="onboarding_progress")
    assert "keine Checkliste" in replies[0].text


def test_what_says_an_item_is_done() -> None:
    from flows.onboarding.checklist import says_done

    for text in ("Dienstausweis abgeholt", "ausweis hab ich jetzt", "VPN läuft",
                 "Passwort geändert", "picked up my staff ID card", "checklist item done"):
        assert says_done(text), text
    for text in ("Dienstausweis verloren", "ausweis verloren", "VPN geht noch nicht",
                 "dienstausweis wann", "datenschutz mobiles arbeiten", "lost my badge"):
        assert not says_done(text), text


async def test_a_message_that_does_not_say_done_is_asked_about_first(runtime: Runtime) -> None:
    """A lost badge is not a badge picked up, however sure the classifier is of the intent."""
    now = at("2026-09-08", "10:00")
    await directory(runtime, at("2026-08-20"), lena={"start_date": date(2026, 9, 7)})
    await tick(runtime, now)
    chat = Chat(runtime)
    asked = (await chat.say("lena", "Dienstausweis verloren", at=now,
                            intent="onboarding_checklist_done"))[0]
    assert asked.text == "Soll ich das auf Ihrer Checkliste abhaken?"
    assert [c.label for c in asked.choices] == ["Ja", "Nein"]
    status = (await chat.say("lena", "Checkliste", at=now, intent="onboarding_progress"))[0]
    assert "0 von 6 erledigt" in status.text  # asking ticked nothing
    asked = (await chat.say("lena", "Dienstausweis verloren", at=now,
                            intent="onboarding_checklist_done"))[0]
    yes = (await chat.say("lena", "ja", at=now))[0]
    assert yes.text.startswith("Abgehakt: Dienstausweis abholen.")
    done = (await chat.say("lena", "Dienstausweis abgeholt", at=now,
                           intent="onboarding_checklist_done"))[0]
    assert "schon abgehakt" in done.text  # a message that says done still runs at once


def test_every_shipped_item_said_as_done_counts_as_done() -> None:
    """A leaver's "Ablage- und Aktenstruktur beschrieben" ticks off at once; only the items
    written as instructions ("Dienstausweis abholen") are not themselves a message of done."""
    from flows.onboarding.checklist import says_done

    texts = [i.text for kind in ("onboarding", "handover") for locale in ("de", "en")
             for i in JOURNEYS.get(kind, locale).items]  # type: ignore[union-attr]
    assert len(texts) > 20
    assert [t for t in texts if not says_done(t)] == [
        "Dienstausweis abholen", "Pick up your Dienstausweis (staff ID card)",
        "Receive your access data and change the password"]
