"""``flurfunk serve --slack http --matrix`` as one real process: a Matrix person and a Slack
person both answered (the Matrix one also by reaction), the outbox delivering to each on their
messenger (a group: the Matrix members in one room, the Slack member on Slack), a graceful stop."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from flows.types import Reply
from storage import db
from storage.uow import UnitOfWork
from tests.matrix.people import until
from tests.matrix.synapse import User
from tests.slack.conftest import _no_proxy, standin  # noqa: F401  (fixtures)
from tests.slack.helpers import SECRET, dm, event_body, signed
from tests.slack.process import free_port
from tests.slack.standin import StandIn

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture
async def serve(matrix_settings: Settings, bot_user: User, standin: StandIn,  # noqa: F811
                tmp_path: Path) -> AsyncIterator[tuple[str, asyncio.subprocess.Process]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    s = matrix_settings
    env.update(SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET,
               FLURFUNK_SLACK_API_URL=standin.url, FLURFUNK_DATABASE_URL=s.db_url,
               FLURFUNK_CONFIG=str(tmp_path / "none.toml"), FLURFUNK_VAR_DIR=str(tmp_path / "var"),
               FLURFUNK_OUTBOX__INTERVAL_SECONDS="0.3",
               MATRIX_ACCESS_TOKEN=bot_user.access_token,
               FLURFUNK_MATRIX__HOMESERVER=s.matrix.homeserver, FLURFUNK_MATRIX__USER_ID=s.matrix.user_id,
               FLURFUNK_MATRIX__STORE_DIR=s.matrix.store_dir, FLURFUNK_MATRIX__SYNC_TIMEOUT_MS="500")
    log = (tmp_path / "serve.log").open("ab")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.fixed_serve", "serve", "--slack", "http", "--host", "127.0.0.1",
        "--port", str(port), "--matrix", cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(trust_env=False) as http:
            for _ in range(1200):
                assert proc.returncode is None, (tmp_path / "serve.log").read_text()[-3000:]
                try:
                    if (await http.get(f"{url}/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        yield url, proc
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        log.close()


async def test_slack_and_matrix_in_one_process(serve, matrix_settings: Settings, bot_user: User,  # type: ignore[no-untyped-def]
                                               person, standin: StandIn) -> None:  # noqa: F811
    url, proc = serve
    anna = await person("anna")
    room = await anna.open_dm(bot_user.user_id)
    await anna.until_joined(room, bot_user.user_id)
    await anna.say(room, "Wie viel darf ich mobil arbeiten?")
    body = event_body(dm("UJOHN", "Wie viel darf ich mobil arbeiten?"), "EvM1")
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        assert (await http.post(f"{url}/slack/events", content=body, headers=signed(body))).status_code == 200
    await until(lambda: bool(anna.texts(room)), 60)
    answer = anna.texts(room)[0]
    assert "40 Prozent" in answer.body
    await until(lambda: bool(standin.called("chat.postMessage")), 30)
    await until(lambda: len(anna.keys_on(answer.event_id)) == 2, 30)  # 👍 👎 on the answer
    await anna.react(room, answer.event_id, anna.keys_on(answer.event_id)[0], encrypted=True)
    await until(lambda: len(anna.texts(room)) >= 2, 30)  # the reaction answered like "1"
    assert anna.texts(room)[1].body.startswith("Danke")
    ben = await person("ben")

    engine = db.make_engine(matrix_settings.db_url)  # one proactive message to each of them
    try:
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            now = datetime.now(UTC)
            [person_id] = [p.id for p in await uow.people.all() if p.matrix_id == anna.user.user_id]
            [slack_id] = [p.id for p in await uow.people.all() if p.slack_id == "UJOHN"]
            await uow.outbox.add("both", [person_id, slack_id], Reply("Hallo ihr beiden").to_dict(), now)
            await uow.people.upsert("ben", now, name="Ben", matrix_id=ben.user.user_id)
            await uow.outbox.add("group", [person_id, "ben", slack_id],  # a lunch group
                                 Reply("Hallo ihr drei").to_dict(), now)
            await uow.commit()
    finally:
        await engine.dispose()
    await until(lambda: any(e.body == "Hallo ihr beiden" for e in anna.texts(room)), 30)
    await until(lambda: any("Hallo ihr beiden" in str(p.get("text"))
                            for p in standin.called("chat.postMessage")), 30)
    await until(lambda: any(e.body == "Hallo ihr drei" for e in ben.texts()), 60)
    await until(lambda: any(e.body == "Hallo ihr drei" for e in anna.texts()), 30)
    [(group, _)] = [(r, e) for r, e in anna.messages if e.body == "Hallo ihr drei"] or [(None, None)]
    assert group not in (None, room)  # Anna and Ben together in a room of their own
    assert [e.body for e in ben.texts(group)] == ["Hallo ihr drei"]
    await until(lambda: any("Hallo ihr drei" in str(p.get("text"))
                            for p in standin.called("chat.postMessage")), 30)  # John on Slack
    proc.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(proc.wait(), 60) == 0
