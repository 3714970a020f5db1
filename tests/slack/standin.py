"""A local stand-in for Slack's Web API and Socket Mode, recording every call.

Answers auth.test, chat.postMessage/update, conversations.open/history, views.publish/open,
users.info, users.list (with cursors), the external file upload and apps.connections.open (pointing
at its own WebSocket). It is as strict as Slack's documentation (each rule cites its page; payload
limits live in ``tests.slack.rules``): message metadata only with ``include_all_metadata``, history
in pages, unknown users and channels refused, trigger ids expiring after 3 s, ``files.upload``
retired. Faults can be injected: 429 and 5xx answers instead of the call, or after it (the post
kept, the answer lost: 500, or no answer until the client times out).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

from tests.slack import rules

BOT_USER = "UBOT"
TRIGGER_TTL = 3.0  # https://api.slack.com/interactivity/handling#modal_responses: "expires in 3 seconds"
# https://api.slack.com/methods/conversations.history: limit "Maximum of 999", default 100.
HISTORY_MAX, HISTORY_DEFAULT = 999, 100


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
    after: bool = False  # the method runs first (a post is kept), then this answer
    hang: float = 0.0  # with ``after``: seconds without an answer (the client times out)
    error: str = ""  # with status 200: an ``ok: false`` answer with this error


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
    channels: dict[str, set[str]] = field(default_factory=dict)  # public channel id -> member ids
    history_page: int | None = None  # answer at most this many messages per history page
    account_inactive: bool = False  # the bot token's user was deactivated

    def __post_init__(self) -> None:
        self._ts = itertools.count(1)
        self._tokens = float(self.burst)
        self._updated = time.monotonic()
        self._runner: web.AppRunner | None = None
        self.sockets: list[web.WebSocketResponse] = []
        self.acks: list[dict[str, Any]] = []
        self.ws_connected = asyncio.Event()
        self.triggers: dict[str, float] = {}
        self.groups: set[str] = set()  # group DMs opened with conversations.open
        self.refused: list[tuple[str, str]] = []  # (method, error) of every ok: false answer
        self._last_ts = Decimal(0)

    # --- control -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r") -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    def fail(self, method: str, status: int, retry_after: int | None = None, times: int = 1) -> None:
        self.faults[method].append(Fault(status, retry_after, times))

    def fail_after(self, method: str, status: int = 500, times: int = 1) -> None:
        """The call succeeds (a post is kept) and then answers ``status``."""
        self.faults[method].append(Fault(status, times=times, after=True))

    def hang_after(self, method: str, seconds: float, times: int = 1) -> None:
        """The call succeeds and then gives no answer for ``seconds`` (the client times out)."""
        self.faults[method].append(Fault(200, times=times, after=True, hang=seconds))

    def refuse(self, method: str, error: str, times: int = 1) -> None:
        """The call is answered ``{"ok": false, "error": error}`` (status 200) without effect."""
        self.faults[method].append(Fault(200, times=times, error=error))

    def trigger_id(self) -> str:
        """A trigger id as an interaction payload carries it, valid for 3 seconds."""
        tid = f"{next(self._ts)}.{int(time.time())}.{len(self.triggers):08x}"
        self.triggers[tid] = time.monotonic()
        return tid

    def posted(self) -> list[dict[str, Any]]:
        """Every message in every conversation (with its metadata), oldest first per channel."""
        return [m for msgs in self.history.values() for m in msgs]

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
        fault = self._fault(method)
        if fault is not None and not fault.after:
            if fault.error:
                return self._answer(method, {"ok": False, "error": fault.error})
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
        if self.account_inactive:  # https://api.slack.com/methods/chat.postMessage#errors
            return self._answer(method, {"ok": False, "error": "account_inactive"})
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return self._answer(method, {"ok": False, "error": "unknown_method"})
        answer = handler(params)
        if fault is not None:  # the call took effect; its answer is lost
            if fault.hang:
                await asyncio.sleep(fault.hang)
            else:
                return web.Response(status=fault.status, text="upstream trouble")
        return self._answer(method, answer)

    def _fault(self, method: str) -> Fault | None:
        queue = self.faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        return fault

    def _answer(self, method: str, body: dict[str, Any]) -> web.Response:
        if not body.get("ok"):
            self.refused.append((method, str(body.get("error"))))
        return web.json_response(body)

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
        # https://api.slack.com/methods/files.completeUploadExternal#errors
        if p.get("channel_id"):
            error = self._conversation_error(str(p["channel_id"]))
            if error:
                return {"ok": False, "error": error}
        files = [f for f in p.get("files", []) if f.get("id") in self.uploads]
        for f in files:
            self.uploads[f["id"]]["channel"] = p.get("channel_id")
        return {"ok": bool(files), "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _files_upload(self, p: dict[str, Any]) -> dict[str, Any]:
        # https://api.slack.com/methods/files.upload: retired; use the external upload instead.
        return {"ok": False, "error": "method_deprecated"}

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

    # --- who and where ------------------------------------------------------------------
    @staticmethod
    def dm_channel(user: str) -> str:
        return "D" + user[1:]

    def _user(self, user_id: str) -> dict[str, Any] | None:
        return next((u for u in self.users if u.get("id") == user_id), None)

    def _conversation_error(self, channel: str) -> str | None:
        """Why the bot cannot use conversation ``channel`` (a D, G or C id), or None.

        https://api.slack.com/methods/conversations.history#errors and
        https://api.slack.com/methods/chat.postMessage#errors: ``channel_not_found`` for what the
        bot cannot see, ``not_in_channel`` for a channel it is not a member of.
        """
        if channel.startswith("D"):
            return None if self._user("U" + channel[1:]) else "channel_not_found"
        if channel.startswith("G"):
            return None if channel in self.groups else "channel_not_found"
        if channel in self.channels:
            return None if BOT_USER in self.channels[channel] else "not_in_channel"
        return "channel_not_found"

    def _target(self, channel: str) -> tuple[str, str | None]:
        """chat.postMessage's ``channel``: a user id posts into that person's DM."""
        if channel.startswith(("U", "W")):
            return (self.dm_channel(channel), None) if self._user(channel) else (channel,
                                                                                "channel_not_found")
        return channel, self._conversation_error(channel)

    def _next_ts(self) -> str:
        """Slack's message ts: seconds and microseconds, unique and increasing per conversation."""
        ts = max(Decimal(f"{time.time():.6f}"), self._last_ts + Decimal("0.000001"))
        self._last_ts = ts
        return f"{ts:.6f}"

    # --- methods -------------------------------------------------------------------------
    def _auth_test(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://stadt.slack.com/", "team": "Stadt", "user": "flurfunk",
                "team_id": "T1", "user_id": BOT_USER, "bot_id": "BBOT"}

    def _apps_connections_open(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    def _conversations_open(self, p: dict[str, Any]) -> dict[str, Any]:
        # https://api.slack.com/methods/conversations.open: one user a DM, 2-8 a group DM.
        if p.get("channel") and not p.get("users"):
            error = self._conversation_error(str(p["channel"]))
            return {"ok": False, "error": error} if error else {"ok": True, "channel": {"id": p["channel"]}}
        users = [u for u in str(p.get("users", "")).split(",") if u]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) > 8:
            return {"ok": False, "error": "too_many_users"}
        if any(self._user(u) is None for u in users):
            return {"ok": False, "error": "user_not_found"}
        if len(users) == 1:
            return {"ok": True, "channel": {"id": self.dm_channel(users[0])}}
        cid = "G" + hashlib.sha1(",".join(sorted(set(users))).encode()).hexdigest()[:10].upper()
        self.groups.add(cid)
        return {"ok": True, "channel": {"id": cid}}

    def _chat_postMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        channel, error = self._target(str(p.get("channel") or ""))
        if error:
            return {"ok": False, "error": error}
        problem = rules.message_problem(p.get("text"), p.get("blocks"))
        if problem:
            return {"ok": False, "error": problem[0], "response_metadata": {"messages": [problem[1]]}}
        meta = p.get("metadata")
        if meta is not None and not (isinstance(meta, dict) and meta.get("event_type")
                                     and isinstance(meta.get("event_payload"), dict)):
            return {"ok": False, "error": "invalid_metadata_format"}  # https://api.slack.com/metadata/using
        ts = self._next_ts()
        message: dict[str, Any] = {"type": "message", "ts": ts, "text": p.get("text", ""),
                                   "user": BOT_USER, "bot_id": "BBOT"}
        for key in ("blocks", "thread_ts", "metadata"):
            if p.get(key):
                message[key] = p[key]
        self.history[channel].append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _conversations_history(self, p: dict[str, Any]) -> dict[str, Any]:
        """https://api.slack.com/methods/conversations.history: newest first, ``oldest`` and
        ``latest`` exclusive unless ``inclusive``, pages of at most ``limit`` (fewer may come)
        with ``has_more`` and ``response_metadata.next_cursor``
        (https://api.slack.com/docs/pagination), and message metadata only with
        ``include_all_metadata`` (https://api.slack.com/metadata/using)."""
        channel = str(p.get("channel") or "")
        error = self._conversation_error(channel)
        if error:
            return {"ok": False, "error": error}
        try:
            limit = int(p.get("limit") or HISTORY_DEFAULT)
            oldest = Decimal(str(p.get("oldest") or 0))
            latest = Decimal(str(p.get("latest") or f"{time.time() + 1:.6f}"))
            before = self._cursor(p.get("cursor"))
        except (ValueError, ArithmeticError):
            return {"ok": False, "error": "invalid_arguments"}
        if before is None:
            return {"ok": False, "error": "invalid_cursor"}
        limit = max(1, min(limit, HISTORY_MAX, self.history_page or HISTORY_MAX))
        inclusive = _truthy(p.get("inclusive"))
        found = []
        for m in reversed(self.history.get(channel, [])):
            ts = Decimal(m["ts"])
            if ts >= before or (ts < oldest or ts > latest) or \
                    (not inclusive and ts in (oldest, latest)):
                continue
            found.append(m)
        page, more = found[:limit], len(found) > limit
        with_meta = _truthy(p.get("include_all_metadata"))
        messages = [dict(m) if with_meta else {k: v for k, v in m.items() if k != "metadata"}
                    for m in page]
        cursor = base64.b64encode(f"next_ts:{page[-1]['ts']}".encode()).decode() if more else ""
        return {"ok": True, "messages": messages, "has_more": more, "pin_count": 0,
                "response_metadata": {"next_cursor": cursor}}

    @staticmethod
    def _cursor(cursor: Any) -> Decimal | None:
        """The ts a ``next_cursor`` continues before (infinity for none); None when invalid."""
        if not cursor:
            return Decimal("Infinity")
        try:
            kind, _, ts = base64.b64decode(str(cursor), validate=True).decode().partition(":")
            return Decimal(ts) if kind == "next_ts" else None
        except (ValueError, ArithmeticError, UnicodeDecodeError):
            return None

    def _chat_update(self, p: dict[str, Any]) -> dict[str, Any]:
        # https://api.slack.com/methods/chat.update#errors
        channel = str(p.get("channel") or "")
        error = self._conversation_error(channel)
        if error:
            return {"ok": False, "error": error}
        message = next((m for m in self.history.get(channel, []) if m["ts"] == p.get("ts")), None)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        if message.get("user") != BOT_USER:
            return {"ok": False, "error": "cant_update_message"}
        problem = rules.message_problem(p.get("text"), p.get("blocks"))
        if problem:
            return {"ok": False, "error": problem[0], "response_metadata": {"messages": [problem[1]]}}
        message.update({k: p[k] for k in ("text", "blocks") if k in p})
        return {"ok": True, "channel": channel, "ts": p.get("ts")}

    def _views_publish(self, p: dict[str, Any]) -> dict[str, Any]:
        # https://api.slack.com/methods/views.publish#errors: a view breaking the limits is
        # ``invalid_arguments``.
        view = p.get("view") or {}
        problem = rules.view_problem(view)
        if problem or view.get("type") != "home":
            return {"ok": False, "error": "invalid_arguments",
                    "response_metadata": {"messages": [problem or "view: type must be home"]}}
        return {"ok": True, "view": {"id": "V1", **view}}

    def _views_open(self, p: dict[str, Any]) -> dict[str, Any]:
        # https://api.slack.com/methods/views.open#errors: trigger ids expire after 3 s and are
        # exchanged once.
        issued = self.triggers.get(str(p.get("trigger_id") or ""))
        if issued is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        if issued < 0:
            return {"ok": False, "error": "exchanged_trigger_id"}
        if time.monotonic() - issued > TRIGGER_TTL:
            return {"ok": False, "error": "expired_trigger_id"}
        view = p.get("view") or {}
        problem = rules.view_problem(view)
        if problem or view.get("type") != "modal":
            return {"ok": False, "error": "invalid_arguments",
                    "response_metadata": {"messages": [problem or "view: type must be modal"]}}
        self.triggers[str(p["trigger_id"])] = -1.0
        return {"ok": True, "view": {"id": "V2", **view}}

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


def _truthy(value: Any) -> bool:
    """Slack's boolean arguments: ``true``/``1`` in forms, ``true`` in JSON."""
    return value is True or str(value).lower() in ("true", "1")
