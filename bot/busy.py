"""Work in progress counted, so that a stop can wait for it (scheduler jobs, Slack listener work)."""

from __future__ import annotations

import asyncio


class Busy:
    """``begin``/``end`` around each piece of work; ``wait(grace)`` until none is left."""

    def __init__(self) -> None:
        self.count = 0
        self.idle = asyncio.Event()
        self.idle.set()

    def begin(self) -> None:
        self.count += 1
        self.idle.clear()

    def end(self) -> None:
        self.count -= 1
        if self.count == 0:
            self.idle.set()

    async def wait(self, grace: float) -> bool:
        """True when all work finished within ``grace`` seconds."""
        try:
            await asyncio.wait_for(self.idle.wait(), grace)
            return True
        except TimeoutError:
            return False
