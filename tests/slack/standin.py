"""A local stand-in for Slack's Web API and Socket Mode, recording every call.

Answers auth.test, chat.postMessage, conversations.open/history, views.publish/open, users.info,
users.list (with cursors) and apps.connections.open (pointing at its own WebSocket); can inject
429 and 5xx answers and enforce a rate limit on chat.postMessage.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER = "UBOT"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class Fault:
    status: int
    retry_after: int | None = None
    times: int = 1


@dataclass
class StandIn:
    users: list[dict[str, Any]] = field(default_factory=list)
    rate: float | None = None  # chat.postMessage per second allowed (None: unlimited)
    burst: int = 1
    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # posted to response_url
    history: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    faults: dict[str, list[Fault]] = field(default_factory=lambda: defaultdict(list))
    rejected: int = 0
    port: int = 0
    delay: dict[str, float] = field(default_factory=dict)  # method -> seconds before answering
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)  # file id -> name, data, channel

    def __post_init__(self) -> None:
        self._ts = itertools.count(1)
        self._tokens = float(self.burst)
        self._updated = time.monotonic()
        self._runner: web.AppRunner | None = None
        self.sockets: list[web.WebSocketResponse] = []
        self.acks: list[dict[str, Any]] = []
        self.ws_connected = asyncio.Event()

    # --- control -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r") -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    def fail(self, method: str, status: int, retry_after: int | None = None, times: int = 1) -> None:
        self.faults[method].append(Fault(status, retry_after, times))

    def called(self, method: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    async def start(self) -> StandIn:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/respond/{name}", self._respond)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    async def push(self, envelope: dict[str, Any]) -> None:
        """Send a Socket Mode envelope to the connected app."""
        await self.ws_connected.wait()
        await self.sockets[-1].send_str(json.dumps(envelope))

    # --- handlers ------------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw = await request.read()
        if request.content_type == "application/json":
            return dict(json.loads(raw or b"{}"))
        params: dict[str, Any] = dict(parse_qsl(raw.decode()))
        params.update(dict(request.query))
        for key in ("blocks", "view", "metadata", "files"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append(Call(method, params, time.monotonic()))
        queue = self.faults.get(method)
        if queue:
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            if fault.status == 429:
                return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                         headers=headers)
            return web.Response(status=fault.status, text="upstream trouble", headers=headers)
        if method == "chat.postMessage" and self.rate is not None and not self._take():
            self.rejected += 1
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "1"})
        if self.delay.get(method):
            await asyncio.sleep(self.delay[method])
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response(handler(params))

    def _take(self) -> bool:
        now = time.monotonic()
        assert self.rate is not None
        self._tokens = min(float(self.burst), self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        self.uploads[request.match_info["file_id"]]["data"] = await request.read()
        return web.Response(text="OK")

    def _files_getUploadURLExternal(self, p: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ts):06d}"
        self.uploads[file_id] = {"filename": p.get("filename"), "length": int(p.get("length", 0))}
        return {"ok": True, "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}",
                "file_id": file_id}

    def _files_completeUploadExternal(self, p: dict[str, Any]) -> dict[str, Any]:
        files = [f for f in p.get("files", []) if f.get("id") in self.uploads]
        for f in files:
            self.uploads[f["id"]]["channel"] = p.get("channel_id")
        return {"ok": bool(files), "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    async def _respond(self, request: web.Request) -> web.StreamResponse:
        body = json.loads(await request.read() or b"{}")
        self.responses.append({"name": request.match_info["name"], **body})
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "connection_info": {"app_id": "A1"}}))
        self.ws_connected.set()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                self.acks.append(json.loads(msg.data))
        return ws

    # --- methods -------------------------------------------------------------------------
    def _auth_test(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://stadt.slack.com/", "team": "Stadt", "user": "flurfunk",
                "team_id": "T1", "user_id": BOT_USER, "bot_id": "BBOT"}

    def _apps_connections_open(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    @staticmethod
    def dm_channel(user: str) -> str:
        return "D" + user[1:]

    def _conversations_open(self, p: dict[str, Any]) -> dict[str, Any]:
        users = [u for u in str(p.get("users", "")).split(",") if u]
        if not users or len(users) > 8:
            return {"ok": False, "error": "too_many_users" if users else "users_list_not_supplied"}
        cid = self.dm_channel(users[0]) if len(users) == 1 else "G" + "".join(sorted(users))[:20]
        return {"ok": True, "channel": {"id": cid}}

    def _chat_postMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        channel = str(p["channel"])
        if channel.startswith("U"):
            channel = self.dm_channel(channel)
        ts = f"{time.time():.0f}.{next(self._ts):06d}"
        message = {"type": "message", "ts": ts, "text": p.get("text", ""), "user": BOT_USER}
        if p.get("metadata"):
            message["metadata"] = p["metadata"]
        self.history[channel].append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _conversations_history(self, p: dict[str, Any]) -> dict[str, Any]:
        oldest = float(p.get("oldest") or 0)
        msgs = [m for m in self.history.get(str(p["channel"]), []) if float(m["ts"]) >= oldest]
        return {"ok": True, "messages": list(reversed(msgs)), "has_more": False}

    def _chat_update(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": p.get("channel"), "ts": p.get("ts")}

    def _views_publish(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {"id": "V1", **(p.get("view") or {})}}

    def _views_open(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "view": {"id": "V2", **(p.get("view") or {})}}

    def _users_info(self, p: dict[str, Any]) -> dict[str, Any]:
        for u in self.users:
            if u["id"] == p.get("user"):
                return {"ok": True, "user": u}
        return {"ok": False, "error": "user_not_found"}

    def _users_list(self, p: dict[str, Any]) -> dict[str, Any]:
        limit = int(p.get("limit") or 100)
        start = int(p.get("cursor") or 0)
        page = self.users[start:start + limit]
        nxt = str(start + limit) if start + limit < len(self.users) else ""
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": nxt}}
