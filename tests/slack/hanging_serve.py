"""``python -m tests.slack.hanging_serve serve ...``: ``flurfunk serve`` whose graceful stop hangs
(tests only; with the fixed parser of tests/fixed_serve.py). Stopping the Slack service blocks the
event loop for ten minutes, as a shutdown step stuck in a synchronous call would: nothing on the
loop runs any more, no deadline of its own can end the stop, only the backstop timer thread of
``bot.serve`` can. ``FLURFUNK_TEST_HANG=lock``: the stop holds the interpreter lock instead, and
only the kernel's alarm can."""

from __future__ import annotations

import os
import re
import time

from bot.adapters.slack import server


async def _stuck_stop(self: server.SlackService, deadline: float | None = None) -> None:
    if os.environ.get("FLURFUNK_TEST_HANG") == "lock":
        # worse: a regular expression that backtracks for hours holds the interpreter lock, so
        # not even the backstop's timer thread runs; only the kernel's alarm ends the process
        re.match(r"(a*)*b", "a" * 64)
    time.sleep(600)  # noqa: ASYNC251 - the point: a stop that blocks the event loop


server.SlackService.stop = _stuck_stop  # type: ignore[method-assign]

if __name__ == "__main__":
    from bot.__main__ import main
    from tests.fixed_serve import install

    install()  # and with a fixed parser, as every serve in the tests (tests/fixed_serve.py)
    main()
