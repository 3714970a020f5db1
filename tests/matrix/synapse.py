"""A real Synapse homeserver for the tests: SQLite, a free port on 127.0.0.1, registration by
shared secret (https://element-hq.github.io/synapse/latest/admin_api/register_api.html)."""

from __future__ import annotations

import hashlib
import hmac
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

SECRET = "flurfunk-test-shared-secret"
SERVER_NAME = "flurfunk.test"
# Generous defaults so that tests are not slowed down; a test that checks rate limiting sets a
# per-user override (admin API) or starts its own server with ``rc_message``.
DEFAULT_LIMITS: dict[str, Any] = {
    "rc_message": {"per_second": 1000, "burst_count": 1000},
    "rc_registration": {"per_second": 1000, "burst_count": 1000},
    "rc_login": {"address": {"per_second": 1000, "burst_count": 1000},
                 "account": {"per_second": 1000, "burst_count": 1000},
                 "failed_attempts": {"per_second": 1000, "burst_count": 1000}},
    "rc_joins": {"local": {"per_second": 1000, "burst_count": 1000},
                 "remote": {"per_second": 1000, "burst_count": 1000}},
    "rc_joins_per_room": {"per_second": 1000, "burst_count": 1000},
    "rc_invites": {"per_room": {"per_second": 1000, "burst_count": 1000},
                   "per_user": {"per_second": 1000, "burst_count": 1000},
                   "per_issuer": {"per_second": 1000, "burst_count": 1000}},
    "rc_key_requests": {"per_second": 1000, "burst_count": 1000},
    "rc_room_creation": {"per_second": 1000, "burst_count": 1000},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class User:
    user_id: str
    access_token: str
    device_id: str
    password: str


class Synapse:
    """One homeserver process; ``start()``, ``register(...)``, ``stop()``."""

    def __init__(self, directory: Path, **overrides: Any) -> None:
        self.dir = directory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.overrides = overrides
        self.proc: subprocess.Popen[bytes] | None = None
        self.env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}

    def config(self) -> dict[str, Any]:
        d = self.dir
        return {
            "server_name": SERVER_NAME, "pid_file": str(d / "homeserver.pid"),
            "listeners": [{"port": self.port, "bind_addresses": ["127.0.0.1"], "type": "http",
                           "tls": False, "x_forwarded": False,
                           "resources": [{"names": ["client"], "compress": False}]}],
            "database": {"name": "sqlite3", "args": {"database": str(d / "homeserver.db")}},
            "media_store_path": str(d / "media"), "signing_key_path": str(d / "signing.key"),
            "registration_shared_secret": SECRET, "report_stats": False,
            "trusted_key_servers": [], "suppress_key_server_warning": True,
            "enable_registration": False, "enable_metrics": False,
            "log_config": str(d / "log.yaml"),
            # ``people sync-matrix`` searches the whole server (the default: only users sharing
            # a room with the bot, or in public rooms)
            "user_directory": {"enabled": True, "search_all_users": True},
            **DEFAULT_LIMITS, **self.overrides,
        }

    def start(self, timeout: float = 60.0) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "log.yaml").write_text(yaml.safe_dump({
            "version": 1, "formatters": {"f": {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}},
            "handlers": {"file": {"class": "logging.FileHandler", "formatter": "f",
                                  "filename": str(self.dir / "homeserver.log")}},
            "root": {"level": "WARNING", "handlers": ["file"]}}))
        cfg = self.dir / "homeserver.yaml"
        cfg.write_text(yaml.safe_dump(self.config()))
        base = [sys.executable, "-m", "synapse.app.homeserver", "-c", str(cfg)]
        subprocess.run([*base, "--generate-keys"], check=True, env=self.env, cwd=self.dir,
                       capture_output=True)
        self.stderr = (self.dir / "stderr.log").open("wb")
        self.proc = subprocess.Popen(base, env=self.env, cwd=self.dir, stdout=self.stderr,
                                     stderr=self.stderr)
        deadline = time.monotonic() + timeout
        with httpx.Client(trust_env=False) as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError("synapse exited: " + (self.dir / "stderr.log").read_text()[-3000:])
                try:
                    if http.get(f"{self.url}/health", timeout=1).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise RuntimeError("synapse did not come up")

    def register(self, localpart: str, admin: bool = False, displayname: str = "") -> User:
        """A new user through the shared-secret admin API (nonce, then HMAC-SHA1)."""
        password = f"pw-{localpart}-{os.urandom(4).hex()}"
        with httpx.Client(base_url=self.url, trust_env=False, timeout=30) as http:
            nonce = http.get("/_synapse/admin/v1/register").json()["nonce"]
            kind = "admin" if admin else "notadmin"  # HMAC over nonce\0user\0password\0kind
            mac = hmac.new(SECRET.encode(), b"\x00".join(
                p.encode() for p in (nonce, localpart, password, kind)), hashlib.sha1)
            body = {"nonce": nonce, "username": localpart, "password": password, "admin": admin,
                    "mac": mac.hexdigest(), **({"displayname": displayname} if displayname else {})}
            resp = http.post("/_synapse/admin/v1/register", json=body)
            resp.raise_for_status()
            data = resp.json()
        return User(data["user_id"], data["access_token"], data["device_id"], password)

    def admin(self, token: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        with httpx.Client(base_url=self.url, trust_env=False, timeout=30) as http:
            return http.request(method, path, headers={"Authorization": f"Bearer {token}"}, **kwargs)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "stderr", None):
            self.stderr.close()
