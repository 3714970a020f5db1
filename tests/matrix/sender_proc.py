"""The outbox sender with the Matrix delivery as its own process, for the SIGKILL tests.

``--kill-after N`` SIGKILLs the process right after the homeserver accepted the N-th message
and before the outbox could record it (the worst moment); ``--weak`` gives every attempt a
fresh transaction id (the weakened setup the test shows failing).
Settings come from FLURFUNK_* variables, the token from MATRIX_ACCESS_TOKEN.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.adapters.matrix.service import MatrixService
from bot.config import load_settings
from bot.runtime import Runtime


async def main(kill_after: int, weak: bool, stats: str = "") -> int:
    start = time.monotonic()
    async with Runtime(load_settings(), nlu=False) as rt:
        service = MatrixService(rt)
        await service.start()
        client = service.client
        assert client is not None
        sent = 0
        real_send = client.room_send

        async def room_send(*args: Any, **kwargs: Any) -> Any:
            nonlocal sent
            resp = await real_send(*args, **kwargs)
            sent += 1
            if kill_after and sent >= kill_after:
                os.kill(os.getpid(), signal.SIGKILL)
            return resp

        client.room_send = room_send  # type: ignore[method-assign]
        delivery = service.delivery()
        if weak:
            delivery.make_txn_id = lambda outbox_id, matrix_id: uuid.uuid4().hex
        sender = rt.sender(delivery)
        try:
            for _ in range(600):
                await sender.drain(datetime.now(UTC), clock=lambda: datetime.now(UTC))
                async with rt.uow() as uow:
                    counts = await uow.outbox.counts()
                if not counts.get("pending") and not counts.get("sending"):
                    if stats:  # for benchmarks/matrix.py: peak memory and time of this process
                        figures = {"seconds": time.monotonic() - start, "sent": sent,
                                   "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
                        await asyncio.to_thread(Path(stats).write_text, json.dumps(figures))
                    return 0
                await asyncio.sleep(0.2)
            return 1
        finally:
            await service.stop(grace=0)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--kill-after", type=int, default=0)
    p.add_argument("--weak", action="store_true")
    p.add_argument("--stats", default="")
    a = p.parse_args()
    raise SystemExit(asyncio.run(main(a.kill_after, a.weak, a.stats)))
