"""Pure conversions: Block Kit rendering, events to Incoming, sub-commands, the rate limiter."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.adapters.slack.convert import (
    action_from_block,
    command,
    incoming_from_event,
    render,
)
from bot.adapters.slack.delivery import parts_of
from bot.adapters.slack.modals import CALLBACK, form_view, submission
from bot.adapters.slack.ratelimit import RateLimiter
from bot.routing import Router, RoutingError
from flows import all_features
from flows.commitments.messages import NEW_DATE
from flows.types import Action, Choice, Feature, Field, Form, Reply

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_render_choices_source_links_and_escaping() -> None:
    reply = Reply("Sind <Sie> & Ihr Team dabei?", source="Dienstvereinbarung", links=("https://x.example",),
                  choices=(Choice("Ja", Action("lunch:join", "1"), "primary"),
                           Choice("Nein", Action("lunch:join", "0")), Choice("x" * 100, Action("a:b"))))
    out = render(reply, "Quelle")
    section, context, actions = out["blocks"]
    assert section["text"]["text"] == "Sind &lt;Sie&gt; &amp; Ihr Team dabei?\nhttps://x.example"
    assert context["elements"][0]["text"] == "Quelle: Dienstvereinbarung"
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids == ["lunch:join#0", "lunch:join#1", "a:b#2"]
    assert actions["elements"][0]["style"] == "primary" and "style" not in actions["elements"][1]
    assert len(actions["elements"][2]["text"]["text"]) == 75
    assert action_from_block(actions["elements"][1]) == Action("lunch:join", "0")
    assert out["text"].startswith("Sind &lt;Sie&gt; &amp; Ihr")  # the fallback is escaped too


def test_long_text_split_into_sections() -> None:
    text = "\n".join(f"Zeile {n} " + "x" * 90 for n in range(100))
    blocks = render(Reply(text))["blocks"]
    assert len(blocks) >= 4 and all(len(b["text"]["text"]) <= 3000 for b in blocks)
    assert "".join(b["text"]["text"] + "\n" for b in blocks).strip() == text


def test_events_to_incoming() -> None:
    dm = {"type": "message", "channel": "D1", "user": "U1", "text": "Hallo", "ts": "1.0"}
    msg = incoming_from_event(dm, "anna")
    assert msg is not None
    assert (msg.user_id, msg.text, msg.channel, msg.thread) == ("anna", "Hallo", "D1", None)
    mention = {"type": "app_mention", "channel": "C1", "user": "U1", "text": "<@UBOT> Hilfe", "ts": "2.0"}
    msg = incoming_from_event(mention, "anna")
    assert msg is not None and (msg.text, msg.thread) == ("Hilfe", "2.0")
    threaded = {**mention, "thread_ts": "1.5"}
    assert incoming_from_event(threaded, "anna").thread == "1.5"  # type: ignore[union-attr]
    for ignored in ({**dm, "subtype": "message_changed"}, {**dm, "bot_id": "B1"},
                    {**dm, "subtype": "channel_join"}, {**dm, "user": None}):
        assert incoming_from_event(ignored, "anna") is None


def test_subcommands_are_the_features_intents() -> None:
    """``/flurfunk <word>``: the word names the intent its feature declared, no sentence is
    classified; longer texts go to the assistant as written."""
    word = Router.build(all_features(CONTENT)).subcommand
    assert command("", word) == ("", "core_help")
    assert command("help", word)[1] == command("Hilfe", word)[1] == "core_help"
    assert command("tasks", word)[1] == command("aufgaben", word)[1] == "commitments_list"
    assert command("survey", word)[1] == command("umfrage", word)[1] == "survey_start"
    assert command("lunch", word)[1] == command("Mittag", word)[1] == "lunch_status"
    assert command("checkliste", word)[1] == "onboarding_progress"
    assert command("daten", word)[1] == "privacy_show"
    assert command("wie viel  mobil arbeiten", word) == ("wie viel mobil arbeiten", None)
    assert command("lunch nächste Woche", word) == ("lunch nächste Woche", None)
    assert command("urlaub", word) == ("urlaub", None)


def test_a_subcommand_must_name_its_own_features_intent() -> None:
    async def h(*_: object) -> list[Reply]:
        return []

    with pytest.raises(RoutingError, match="unknown intent 'lunch_status'"):
        Router.build([Feature("x", intents={"x_do": h}, subcommands={"lunch": "lunch_status"})])
    with pytest.raises(RoutingError, match="'lunch' is claimed by both"):
        Router.build([Feature("x", intents={"x_do": h}, subcommands={"lunch": "x_do"}),
                      Feature("y", intents={"y_do": h}, subcommands={"lunch": "y_do"})])
    from bot.cli import say_error  # German first, operator-facing too

    with pytest.raises(RoutingError) as clash:
        Router.build([Feature("x", intents={"x_do": h}), Feature("y", intents={"x_do": h})])
    assert say_error(clash.value, None) == "'x_do' wird sowohl von 'x' als auch von 'y' beansprucht"


def test_group_parts() -> None:
    assert parts_of(["U1"]) == [["U1"]]
    assert parts_of([f"U{n}" for n in range(8)]) == [[f"U{n}" for n in range(8)]]
    assert parts_of([f"U{n}" for n in range(9)]) == [[f"U{n}"] for n in range(9)]


class _German:
    locale = "de"

    def gettext(self, message: str) -> str:
        return f"de:{message}"


def test_a_form_renders_as_a_modal_and_comes_back_as_its_action() -> None:
    """The Form declared by commitments, rendered and submitted without the adapter knowing
    the feature: the router's lookup is the only link."""
    forms = Router.build(all_features(CONTENT)).form
    assert forms("commitments:newdate:7") is NEW_DATE
    view = form_view(_German(), NEW_DATE, Action("commitments:newdate:7", "7"),  # type: ignore[arg-type]
                     __import__("datetime").date(2026, 10, 1))
    assert view["callback_id"] == CALLBACK and view["title"]["text"] == "de:New date"
    date_block, reason_block = view["blocks"]
    assert date_block["block_id"] == "date" and date_block["element"]["type"] == "datepicker"
    assert date_block["element"]["initial_date"] == "2026-10-01"
    assert reason_block["element"] == {"type": "plain_text_input", "action_id": "value",
                                       "multiline": True, "max_length": 500}
    view["state"] = {"values": {"date": {"value": {"selected_date": "2026-10-15"}},
                                "reason": {"value": {"value": " Krankheit "}}}}
    assert submission(view, forms) == (Action("commitments:setdate:7", "2026-10-15|Krankheit"), {})
    view["state"]["values"]["date"]["value"]["selected_date"] = None
    assert submission(view, forms)[1] == {"date": "Please pick a date."}
    view["state"]["values"]["date"]["value"]["selected_date"] = "15.10."
    view["state"]["values"]["reason"]["value"]["value"] = "  "
    assert submission(view, forms)[1] == {"date": "Please pick a date.",
                                          "reason": "Please fill this in."}
    assert submission(view, lambda _: None) == (None, {})  # no button opens that form any more


def test_a_choice_field_and_an_optional_one() -> None:
    form = Form("Pick", (Field("site", "Where?", kind="choice", options=(("rh", "Rathaus"),)),
                         Field("note", "Anything else?", optional=True)), submit="x:set")
    view = form_view(_German(), form, Action("x:open", "3"), __import__("datetime").date(2026, 1, 1))  # type: ignore[arg-type]
    site = view["blocks"][0]["element"]
    assert site["type"] == "static_select" and site["options"][0]["text"]["text"] == "de:Rathaus"
    assert view["blocks"][1]["optional"] is True
    view["state"] = {"values": {"site": {"value": {"selected_option": {"value": "rh"}}}}}
    assert submission(view, lambda _: form) == (Action("x:set:3", "rh|"), {})


def test_a_form_needs_its_actions() -> None:
    async def h(*_: object) -> list[Reply]:
        return []

    with pytest.raises(RoutingError, match="needs both its opening action"):
        Router.build([Feature("x", actions={"x:open": h}, forms={"x:open": Form(
            "t", (), submit="x:set")})])
    router = Router.build([Feature("x", actions={"x:open": h, "x:set": h}, forms={
        "x:open": Form("t", (), submit="x:set")})])
    assert router.form("x:open:12") is not None and router.form("x:set:12") is None


def test_rate_limiter_bucket_channel_and_pause() -> None:
    clock = [0.0]

    async def sleep(s: float) -> None:
        clock[0] += s

    limiter = RateLimiter(rate=10, burst=5, channel_interval=1.0, clock=lambda: clock[0], sleep=sleep)

    async def run() -> None:
        for n in range(25):
            await limiter.acquire(f"C{n}")
        assert clock[0] == __import__("pytest").approx(2.0, abs=1e-6)  # 5 burst + 20 at 10/s
        start = clock[0]
        await limiter.acquire("same")
        await limiter.acquire("same")
        assert clock[0] - start >= 1.0
        limiter.pause(30)
        start = clock[0]
        await limiter.acquire("other")
        assert clock[0] - start >= 30

    asyncio.run(run())
