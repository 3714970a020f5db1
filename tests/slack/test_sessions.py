"""One Slack message, as few database sessions as exactly-once needs: the dedupe's own committed
transaction and the dispatcher's (plus the directory's on a first contact). The words Slack adds
("Source", the buttons) come in the reply's language without another session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.slack.conftest import Live
from tests.slack.helpers import dm, until
from tests.slack.http_helpers import send_event, settle


def count_sessions(live: Live) -> list[int]:
    """Every session opened through the runtime from now on (``rt.uow()``, the dispatcher's,
    the directory's and the dedupe's all go through ``rt.sessions``)."""
    opened = [0]
    factory: Callable[..., Any] = live.rt.sessions

    def counting(*args: Any, **kwargs: Any) -> Any:
        opened[0] += 1
        return factory(*args, **kwargs)

    live.rt.sessions = counting  # type: ignore[assignment]
    return opened


async def test_one_dm_opens_two_sessions(live: Live) -> None:
    opened = count_sessions(live)
    assert await send_event(live, dm("UANNA", "Hallo"), "EvS1") == 200
    await until(lambda: live.standin.called("chat.postMessage"))
    await settle(live)
    assert opened[0] == 3  # first contact: dedupe, directory (links the person), dispatcher
    opened[0] = 0
    assert await send_event(live, dm("UANNA", "Hilfe", ts="1700000001.000100"), "EvS2") == 200
    await until(lambda: len(live.standin.called("chat.postMessage")) >= 2)
    await settle(live)
    assert opened[0] == 2  # dedupe and dispatcher; the locale came with the replies
    async with live.rt.uow():  # the counter sees a session more (a locale lookup would be one)
        pass
    assert opened[0] == 3


async def test_english_answer_to_a_german_reader_has_english_labels(live: Live) -> None:
    """Anna's locale is German; asked in English, the FAQ answers in English, and the source line
    and feedback buttons say so in English too (they said "Quelle" and "Hilfreich")."""
    assert await send_event(live, dm("UANNA", "How much may I work remotely?"), "EvS3") == 200
    # the retriever is built in a thread at start; the first question may wait for it
    posts = await until(lambda: live.standin.called("chat.postMessage"), within=120)
    blocks = posts[0]["blocks"]
    context = [b for b in blocks if b["type"] == "context"]
    buttons = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert context and context[0]["elements"][0]["text"].startswith("Source: ")
    assert buttons == ["Helpful", "Not helpful"]
    async with live.rt.uow() as uow:
        person = await uow.people.by_slack_id("UANNA")
    assert person is not None and person.locale == "de"
