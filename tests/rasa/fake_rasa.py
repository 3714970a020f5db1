"""A fast stand-in for bot/rasa_launcher.py, run as a child by tests/rasa/fake_serve.py.

``train SECONDS``: sleeps like a training run. ``serve PORT LOAD``: like Rasa 3.6, reads nothing
from the network while it loads the model (the port is closed: Sanic's before_server_start
listener loads the agent before it listens), then answers ``GET /status`` with 200 and the model
file for the right ``?token=`` and 401 NotAuthenticated for any other, as rasa/server.py
``requires_auth`` does (https://rasa.com/docs/rasa/pages/http-api#section/Authentication).
Each mode writes a marker file when it reaches its stage; ``--grandchild`` starts a process of
its own that only a process-group kill reaches.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from bot.rasa_launcher import die_with_parent, read_token


def serve(port: int, token: str) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path != "/status":
                self._json(404, {"status": "failure", "reason": "NotFound", "code": 404})
            elif parse_qs(url.query).get("token") != [token]:
                self._json(401, {"status": "failure", "reason": "NotAuthenticated",
                                 "message": "User is not authenticated.", "code": 401})
            else:
                self._json(200, {"model_file": "fake.tar.gz", "model_id": "fake",
                                 "num_active_training_jobs": 0})

        def _json(self, code: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    HTTPServer(("127.0.0.1", port), Handler).serve_forever()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--parent", type=int, default=0)
    p.add_argument("--markers", required=True)
    p.add_argument("--grandchild", action="store_true")
    p.add_argument("--no-death-signal", action="store_true")
    p.add_argument("mode", choices=["train", "serve"])
    p.add_argument("numbers", nargs="+", type=float)
    args = p.parse_args()
    if not args.no_death_signal:
        die_with_parent(args.parent)
    markers = Path(args.markers)
    if args.grandchild:
        grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        (markers / "grandchild").write_text(str(grandchild.pid))
    if args.mode == "train":
        (markers / "training").write_text("")
        time.sleep(args.numbers[0])
        return
    port, load = int(args.numbers[0]), args.numbers[1]
    token = read_token()
    (markers / "loading").write_text("")
    time.sleep(load)
    serve(port, token)


if __name__ == "__main__":
    main()
