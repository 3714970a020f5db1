"""The Matrix side of ``flurfunk serve --matrix``: client, sync loop, listener and delivery."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from nio import AsyncClient, SyncResponse

from bot.adapters.matrix.client import Secrets, connect
from bot.adapters.matrix.delivery import MatrixDelivery
from bot.adapters.matrix.listener import Listener
from bot.outbox import Delivery

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)


class MatrixService:
    """``await start()`` logs in, syncs once (answering what arrived while down, up to
    ``listener.BACKLOG`` old), then listens."""

    def __init__(self, rt: Runtime, env: Mapping[str, str] | None = None) -> None:
        self.rt = rt
        self.secrets = Secrets.from_env(env)
        self.client: AsyncClient | None = None
        self.listener: Listener | None = None
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        cfg = self.rt.settings.matrix
        self.client = await connect(cfg, self.rt.settings.path(cfg.store_dir), self.secrets)
        self.listener = Listener(self.rt, self.client)
        self.listener.register()  # before the first sync: what came while down is answered
        first = await self.client.sync(timeout=0, full_state=True)
        if not isinstance(first, SyncResponse):
            await self.client.close()
            raise RuntimeError(f"Matrix: first sync failed ({first})")
        await self._keys()
        self.task = asyncio.create_task(self._run())
        key = self.client.olm.account.identity_keys.get("ed25519", "") if self.client.olm else ""
        log.info("matrix: listening as %s (device %s, fingerprint %s)", self.client.user_id,
                 self.client.device_id, " ".join(key[i:i + 4] for i in range(0, len(key), 4)))

    async def _keys(self) -> None:
        assert self.client is not None
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        if self.client.should_query_keys:
            await self.client.keys_query()

    async def _run(self) -> None:
        assert self.client is not None
        while True:
            try:
                await self.client.sync_forever(timeout=self.rt.settings.matrix.sync_timeout_ms,
                                               full_state=False)
            except asyncio.CancelledError:
                raise
            except Exception:  # a homeserver restart, a network hiccup: sync again shortly
                log.exception("matrix: sync failed; retrying in 5 s")
                await asyncio.sleep(5)

    def delivery(self, fallback: Delivery | None = None) -> MatrixDelivery:
        assert self.client is not None, "start() first"
        return MatrixDelivery(self.client, self.rt.translations, fallback)

    async def stop(self, grace: float = 10.0) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        if self.listener is not None:
            await self.listener.drain(grace)
        if self.client is not None:
            await self.client.close()
