"""``flurfunk rasa serve`` with fake children: the same ``supervise`` and the same error handling
as ``bot.cli.main``, only the plan points at tests/rasa/fake_rasa.py instead of Rasa.

Usage: python -m tests.rasa.fake_serve '{"dir": ..., "port": ..., "train": 5, "load": 2, ...}'
``weak``: no signal handlers and no parent-death signal (the set-up before issue 20).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

from bot import rasa_supervisor
from bot.i18n import Translations
from bot.rasa_process import Child
from bot.rasa_supervisor import Plan, supervise
from flows.types import UserError

FAKE = Path(__file__).with_name("fake_rasa.py")
TOKEN = "0123456789abcdef0123456789abcdef"


def plan(opts: dict) -> Plan:
    markers = Path(opts["dir"])
    (markers / "planning").write_text("")
    time.sleep(opts.get("plan_delay", 0))
    common = [sys.executable, str(FAKE), "--parent", str(os.getpid()),
              "--markers", str(markers)]
    if opts.get("grandchild"):
        common.append("--grandchild")
    if opts.get("weak"):
        common.append("--no-death-signal")
    train = None
    if opts.get("train") is not None:
        train = Child([*common, "train", str(opts["train"])], markers, markers / "train.log")
    server = Child([*common, "serve", str(opts["port"]), str(opts.get("load", 0))], markers,
                   markers / "server.log", stdin=TOKEN)
    return Plan(train, server, opts["port"], TOKEN, "fake.tar.gz", ready_timeout=60, grace=5)


def main() -> int:
    opts = json.loads(sys.argv[1])
    if opts.get("weak"):
        rasa_supervisor.install_signal_handlers = lambda stop: None  # type: ignore[assignment]
    t = Translations(default="de").for_locale(None)
    try:
        return asyncio.run(supervise(lambda: plan(opts), t))
    except UserError as exc:  # as bot.cli.main does
        print(f"flurfunk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
