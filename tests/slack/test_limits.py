"""Block Kit limits at render time: random replies always render to payloads Slack accepts
(``tests.slack.rules``, the stand-in's rules), with nothing dropped."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adapters.slack import limits
from bot.adapters.slack.convert import action_from_block, render, render_messages
from bot.adapters.slack.home import TOO_MUCH
from bot.adapters.slack.modals import form_view
from flows.commitments.messages import NEW_DATE
from flows.types import Action, Choice, Field, Form, Reply
from tests.slack import rules

TEXT = st.text(alphabet=st.sampled_from("ab &<>\n*_äß"), max_size=400)
LONG = st.builds(lambda part, n: part * n, TEXT, st.integers(0, 400))
CHOICE = st.builds(
    lambda label, aid, value, style: Choice(label, Action(aid, value), style),
    st.text(alphabet=st.sampled_from("Ja &<>x"), min_size=0, max_size=120),
    st.sampled_from(["lunch:join", "survey:answer:17", "faq:feedback"]),
    st.one_of(st.text(alphabet="0123456789|", max_size=12), st.text(alphabet="v", max_size=2000)),
    st.sampled_from([None, "primary", "danger"]))
REPLY = st.builds(lambda text, choices, source, links: Reply(text, tuple(choices), source, tuple(links)),
                  LONG, st.lists(CHOICE, max_size=260), st.one_of(st.none(), TEXT),
                  st.lists(st.just("https://intranet.stadt.example/a?b=1&c=2"), max_size=3))


def elements(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every button and every menu option, in order."""
    found = []
    for body in bodies:
        for block in body["blocks"]:
            for e in block.get("elements") or []:
                if e.get("type") == "button":
                    found.append(e)
                for option in e.get("options") or []:
                    found.append({"action_id": e["action_id"], "selected_option": option})
    return found


def shown_text(bodies: list[dict[str, Any]]) -> str:
    sections = [b["text"]["text"] for body in bodies for b in body["blocks"] if b["type"] == "section"]
    return html.unescape("\n".join(sections))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REPLY)
def test_every_rendered_reply_is_accepted_and_complete(reply: Reply) -> None:
    bodies = render_messages(reply, "Quelle", "Bitte wählen …")
    for body in bodies:
        assert rules.message_problem(body["text"], body["blocks"]) is None
        assert len(body["text"]) <= limits.FALLBACK and "<" not in body["text"]
    text = "\n".join([reply.text, *reply.links])
    shown = "".join(shown_text(bodies).split())
    assert shown == "".join(text.split()) or (shown == "…" and not text.strip())  # nothing dropped
    picked = [action_from_block(e) for e in elements(bodies)]
    assert picked == [c.action for c in reply.choices]  # every choice, in order, still works


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(REPLY, max_size=12))
def test_home_views_stay_within_100_blocks_and_say_so(replies: list[Reply]) -> None:
    blocks = [b for r in replies for b in render(r, "Quelle", "Bitte wählen …")["blocks"]]
    view = {"type": "home", "blocks": limits.fit_view(blocks or [{"type": "divider"}], TOO_MUCH)}
    assert rules.view_problem(view) is None
    if len(blocks) > limits.VIEW_BLOCKS:
        assert view["blocks"][-1]["elements"][0]["text"] == TOO_MUCH  # not silently cut


class Long:
    locale = "de"

    def gettext(self, message: str) -> str:
        return message * 5  # translations far longer than the English


def test_modal_labels_and_date_within_limits() -> None:
    view = form_view(Long(), NEW_DATE, Action("commitments:newdate:3", "3"), date(2026, 9, 1))  # type: ignore[arg-type]
    assert rules.view_problem(view) is None
    assert view["blocks"][0]["element"]["initial_date"] == "2026-09-01"
    choice = Form("t", (Field("c", "l", kind="choice", options=(("a", "x"), ("b", "y"))),),
                  submit="x:set")
    view = form_view(Long(), choice, Action("x:open", "1"), date(2026, 9, 1))  # type: ignore[arg-type]
    assert rules.view_problem(view) is None


def test_the_rules_catch_what_the_old_rendering_sent() -> None:
    """Splitting before escaping (2,900 characters of ``&``) breaks the section limit; buttons
    beyond 25 in one block are refused: the property test above would fail on both."""
    old_section = {"type": "section", "text": {"type": "mrkdwn", "text": limits.mrkdwn("&" * 2900)}}
    assert rules.block_problem(old_section) is not None
    buttons = [{"type": "button", "action_id": f"a#{i}", "text": {"type": "plain_text", "text": "x"}}
               for i in range(26)]
    assert rules.block_problem({"type": "actions", "elements": buttons}) is not None
    assert rules.message_problem("x", [{"type": "divider"}] * 51) is not None
    many = Reply("x", tuple(Choice(str(i), Action("a:b", str(i))) for i in range(40)))
    assert len(elements(render_messages(many))) == 40


def test_split_never_cuts_an_entity() -> None:
    escaped = limits.mrkdwn("a&" * 4000)
    pieces = limits.split(escaped, 3000)
    assert all(len(p) <= 3000 and not p.endswith(("&", "&a", "&am", "&amp")) for p in pieces)
    assert "".join(pieces) == escaped
    assert limits.shorten(escaped, 100).endswith("&amp;…") or limits.shorten(escaped, 100).endswith("a…")
