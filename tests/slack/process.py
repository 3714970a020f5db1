"""``flurfunk serve --slack http`` as a real process against the stand-in (tests, benchmark), with
a fixed parser (tests/fixed_serve.py) unless ``module="bot"``."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from bot.config import Settings
from tests.slack.helpers import SECRET
from tests.slack.standin import StandIn

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serve:
    """Start, probe and stop one ``serve`` process; ``env`` adds FLURFUNK_* settings."""

    def __init__(self, settings: Settings, standin: StandIn, tmp: Path, module: str = "tests.fixed_serve",
                 intents: dict[str, str] | None = None, **env: str) -> None:
        # ``python -m MODULE serve ...``: ``bot`` wrapped with a fixed parser (tests/fixed_serve.py)
        # that takes each text of ``intents`` for its intent; a test may wrap it further
        self.module = module
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"serve-{self.port}.log"
        self.env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        self.env.update(
            SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET,
            FLURFUNK_SLACK_API_URL=standin.url, FLURFUNK_DATABASE_URL=settings.db_url,
            FLURFUNK_CONFIG=str(tmp / "none.toml"), FLURFUNK_VAR_DIR=str(tmp / "var"),
            FLURFUNK_NLU__MODEL_PATH=settings.nlu.model_path,  # for module="bot" (benchmarks)
            FIXED_INTENTS=json.dumps(intents or {}), **env)
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, http: httpx.AsyncClient) -> None:
        """Start and wait until ``/readyz`` says ready (stderr goes to ``self.log``)."""
        with self.log.open("ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.module, "serve", "--slack", "http", "--host", "127.0.0.1",
                "--port", str(self.port), cwd=ROOT, env=self.env,
                stdout=asyncio.subprocess.DEVNULL, stderr=log)
        for _ in range(1200):
            if self.proc.returncode is not None:
                raise AssertionError(self.log.read_text(encoding="utf-8")[-3000:])
            try:
                if (await http.get(f"{self.url}/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
        raise AssertionError("serve did not come up")

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        return await asyncio.wait_for(self.proc.wait(), 120)

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()


@asynccontextmanager
async def serving(settings: Settings, standin: StandIn, tmp: Path, rate: int,
                  intents: dict[str, str] | None = None, **env: str
                  ) -> AsyncIterator[tuple[Serve, httpx.AsyncClient]]:
    """A ``Serve`` (not started) with a fast outbox, a 2 s lease and ``rate`` posts/s (``env``
    adds or overrides settings), and an HTTP client for it; the process is killed at the end."""
    s = Serve(settings, standin, tmp, intents=intents, **{"FLURFUNK_OUTBOX__INTERVAL_SECONDS": "0.3",
                                         "FLURFUNK_OUTBOX__LEASE_SECONDS": "2",
                                         "FLURFUNK_SLACK__RATE_PER_SECOND": str(rate),
                                         "FLURFUNK_SLACK__BURST": "5", **env})
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        try:
            yield s, http
        finally:
            await s.kill()
