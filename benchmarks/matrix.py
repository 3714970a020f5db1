"""Matrix: proactive encrypted DMs through the outbox against a local Synapse, with a SIGKILL.

``python -m benchmarks.matrix [MESSAGES] [PEOPLE]`` (default 1,000 messages to 20 people, each
with their own encrypting nio client). The sender (tests/matrix/sender_proc.py: the real
MatrixDelivery and OutboxSender) is SIGKILLed after 40 % of the messages, right after the
homeserver accepted one and before the outbox recorded it, then restarted. Reports the achieved
rate, lost and duplicated messages as counted by the people's clients, and the sender's peak RSS.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from flows.types import Reply
from storage import db
from storage.uow import UnitOfWork
from tests.matrix.people import PersonClient, until
from tests.matrix.synapse import Synapse

ROOT = Path(__file__).resolve().parent.parent


async def run(messages: int, people: int) -> dict[str, object]:
    tmp = Path(tempfile.mkdtemp(prefix="flurfunk-matrix-bench-"))
    hs = Synapse(tmp / "synapse")
    hs.start()
    clients: list[PersonClient] = []
    try:
        bot = hs.register("flurfunk")
        users = [hs.register(f"person{i:03d}") for i in range(people)]
        clients = [await PersonClient.start(hs.url, u, tmp / f"c{i}") for i, u in enumerate(users)]
        url = f"sqlite+aiosqlite:///{tmp / 'flurfunk.db'}"
        engine = db.make_engine(url)
        await db.upgrade(engine)
        async with UnitOfWork(db.make_sessionmaker(engine)) as uow:
            now = datetime.now(UTC)
            for i, u in enumerate(users):
                await uow.people.upsert(f"p{i}", now, name=f"P {i}", matrix_id=u.user_id)
            await uow.outbox.add_many([(f"b:{n}", [f"p{n % people}"], Reply(f"Erinnerung {n}").to_dict())
                                       for n in range(messages)], now)
            await uow.commit()
        await engine.dispose()
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env.update(MATRIX_ACCESS_TOKEN=bot.access_token, FLURFUNK_DATABASE_URL=url,
                   FLURFUNK_CONFIG=str(tmp / "none.toml"), FLURFUNK_VAR_DIR=str(tmp / "var"),
                   FLURFUNK_MATRIX__HOMESERVER=hs.url, FLURFUNK_MATRIX__USER_ID=bot.user_id,
                   FLURFUNK_MATRIX__STORE_DIR=str(tmp / "var" / "matrix"),
                   FLURFUNK_MATRIX__SYNC_TIMEOUT_MS="500", FLURFUNK_OUTBOX__LEASE_SECONDS="1",
                   FLURFUNK_OUTBOX__BATCH="100")
        started = time.monotonic()
        codes = []
        for flags in (["--kill-after", str(int(messages * 0.4))], ["--stats", str(tmp / "stats.json")]):
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.matrix.sender_proc", *flags, cwd=ROOT, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=(tmp / "sender.log").open("ab"))
            codes.append(await proc.wait())
        elapsed = time.monotonic() - started
        await until(lambda: sum(len(c.texts()) for c in clients) >= messages, 300)
        await asyncio.sleep(3)  # duplicates would have arrived by now
        seen = Counter(e.body for c in clients for e in c.texts())
        stats = json.loads((tmp / "stats.json").read_text())
        return {"messages": messages, "people": people, "exit codes": codes,
                "seconds (both runs, incl. restart)": round(elapsed, 1),
                "rate (msg/s)": round(messages / elapsed, 1),
                "lost": sum(1 for n in range(messages) if seen[f"Erinnerung {n}"] == 0),
                "duplicated": sum(v - 1 for v in seen.values() if v > 1),
                "undecryptable": sum(len(c.undecryptable) for c in clients),
                "sender peak RSS (MiB)": round(stats["maxrss_kb"] / 1024, 1)}
    finally:
        for c in clients:
            await c.close()
        hs.stop()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    p = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    for k, v in asyncio.run(run(n, p)).items():
        print(f"{k}: {v}")
