"""The ack process (bot/adapters/slack/front.py): it acks while the bot is busy, bounds what it
has acked but not handed over, hands it over in order through the pipe (which the bot stops
reading while its pool is full), and ends when the bot process goes away."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bot.adapters.slack import front as front_module
from bot.adapters.slack.app import Workers
from bot.adapters.slack.front import Front, read_frame
from tests.slack.conftest import Live
from tests.slack.helpers import FORM, SECRET, command_body, dm, event_body, signed, until
from tests.slack.process import ROOT, free_port

BUSY = 3.0  # seconds the bot's event loop is kept busy


async def test_acks_while_the_bots_loop_is_busy(live: Live) -> None:
    """The same signed event, once to the ack process and once straight to the bot's own server
    (Bolt acking on the bot's loop, the weakened setup): only the first is acked in time."""
    assert live.service.server is not None
    bot_port = live.service.server.servers[0].sockets[0].getsockname()[1]

    def post(url: str, event_id: str) -> tuple[int, float]:
        body = event_body(dm("UANNA", "Hallo"), event_id)
        started = time.monotonic()
        r = httpx.post(url, content=body, headers=signed(body), trust_env=False, timeout=20)
        return r.status_code, time.monotonic() - started

    with ThreadPoolExecutor(2) as pool:
        acked = pool.submit(post, f"{live.url}/slack/events", "EvBusy1")
        direct = pool.submit(post, f"http://127.0.0.1:{bot_port}/slack/events", "EvBusy2")
        time.sleep(BUSY)  # noqa: ASYNC251  (the bot's loop busy: CPU work, a blocking call)
        (status, took), (direct_status, direct_took) = await asyncio.gather(
            asyncio.wrap_future(acked), asyncio.wrap_future(direct))
    assert status == 200 and took < BUSY / 2
    assert direct_status == 200 and direct_took >= BUSY - 0.5  # caught: waited for the loop
    await until(lambda: len(live.standin.called("chat.postMessage")) >= 2)
    assert await live.service.bot.inflight.wait(15)
    assert len(live.standin.called("chat.postMessage")) == 2  # each answered once


def test_acked_backlog_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(front_module, "BACKLOG", 2)
    front = Front(SECRET, "http://bot.invalid")
    bodies = [event_body(dm("U1", "x"), f"Ev{n}") for n in range(3)]
    got = [front.take(b.encode(), {k.lower(): v for k, v in signed(b).items()}) for b in bodies]
    assert got == [200, 200, 503]  # the third waits for Slack's retry, not in memory
    command = command_body("U1", "hilfe", "http://r")
    bad = {k.lower(): v for k, v in signed(command, secret="wrong", content_type=FORM).items()}
    assert front.take(command.encode(), bad) == 0  # a bad signature: Bolt refuses it
    challenge = json.dumps({"type": "url_verification", "challenge": "c"})
    assert front.take(challenge.encode(), {k.lower(): v for k, v in signed(challenge).items()}) == 0


async def test_hand_over_through_the_pipe_in_order() -> None:
    ours, theirs = socket.socketpair()
    reader, our_end = await asyncio.open_connection(sock=ours)
    _, writer = await asyncio.open_connection(sock=theirs)
    front = Front(SECRET, "http://bot.invalid")
    for n in range(3):
        front.handover.put_nowait((f"body {n} ä".encode(), {"x-slack-retry-num": str(n)}))
    task = asyncio.create_task(front.hand_over(writer))
    got = [await read_frame(reader) for _ in range(3)]
    task.cancel()
    writer.close()
    assert got == [(f"body {n} ä", {"x-slack-retry-num": str(n)}) for n in range(3)]
    assert front.handover.empty()
    assert await read_frame(reader) is None  # the ack process ended
    our_end.close()
    await our_end.wait_closed()


async def test_pool_full_holds_the_reading_back() -> None:
    pool, go = Workers(size=1, queue=1), asyncio.Event()
    await pool.submit(go.wait)  # taken by the one worker, which then waits
    await asyncio.sleep(0.05)
    await pool.submit(go.wait)  # the queue is full now
    room = asyncio.create_task(pool.room())
    await asyncio.sleep(0.2)
    assert pool.full and not room.done()  # nothing more is read from the pipe
    go.set()
    await asyncio.wait_for(room, 5)
    assert await pool.wait(5)
    await pool.close()


async def test_ack_process_ends_when_the_bot_goes_away() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.adapters.slack.front", "--host", "127.0.0.1",
        "--port", str(free_port()), "--backend", f"http://127.0.0.1:{free_port()}", cwd=ROOT,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "SLACK_SIGNING_SECRET": SECRET})
    assert proc.stdin is not None and proc.stdout is not None
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), 60)
        assert line.startswith(b"listening ")
        proc.stdin.close()  # what a SIGKILL of the bot process does to this pipe
        assert await asyncio.wait_for(proc.wait(), 10) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def test_a_dead_ack_process_is_started_again(live: Live) -> None:
    first = live.service.front
    assert first is not None
    first.kill()
    await until(lambda: live.service.front is not first and live.service.receiving is not None
                and not live.service.receiving.done(), within=60)
    body = event_body(dm("UANNA", "Hallo"), "EvAgain")
    for _ in range(100):  # the new process listens on the same port
        try:
            r = await live.http.post(f"{live.url}/slack/events", content=body, headers=signed(body))
            break
        except httpx.TransportError:
            await asyncio.sleep(0.1)
    assert r.status_code == 200
    await until(lambda: live.standin.called("chat.postMessage"))


async def test_timing_record_for_benchmarks_holds_times_and_no_contents(
        tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """``FLURFUNK_TEST_ACK_TIMING``: each ack's start and end, the benchmark's sequence number,
    the collector's pauses; never the request's text. Unset, nothing is recorded."""
    from pathlib import Path

    assert Front(SECRET, "http://bot.invalid").timing is None
    path = Path(str(tmp_path)) / "timing.json"
    monkeypatch.setenv(front_module.TIMING_ENV, str(path))
    front = Front(SECRET, "http://bot.invalid")
    body = event_body(dm("U1", "Geheimer Text"), "EvT1")
    headers = [(k.lower().encode(), v.encode()) for k, v in {**signed(body), "X-Bench-Seq": "7"}.items()]
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body.encode(), "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await front({"type": "http", "method": "POST", "path": "/slack/events", "headers": headers},
                receive, send)
    assert front.timing is not None
    front.timing.write()
    record = path.read_text(encoding="utf-8")
    assert sent[0]["status"] == 200 and (b"content-length", b"0") in sent[0]["headers"]  # type: ignore[operator]
    (start, end, seq), = json.loads(record)["acks"]
    assert seq == "7" and start <= end
    assert "Geheimer" not in record and "U1" not in record
    gc.collect()
    assert front.timing.gc  # the collector's pauses are recorded
    gc.callbacks.remove(front.timing._on_gc)
