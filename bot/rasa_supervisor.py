"""``flurfunk rasa serve`` supervises its Rasa: trains if needed, starts the server, waits until it
serves a model, and stays in the foreground. SIGTERM or SIGINT at any moment stop the current
child's whole process group; when Rasa dies on its own, serve exits non-zero and says why, so
systemd (``Restart=on-failure``) or any other supervisor starts it again.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from bot import rasa_manager, rasa_process
from bot.i18n import Translator
from bot.rasa_manager import RasaSetupError
from bot.rasa_process import Child

log = logging.getLogger(__name__)
SIGNALS = (signal.SIGTERM, signal.SIGINT)


@dataclass(frozen=True)
class Plan:
    """What to run: an optional training step, then the server; how to tell it is ready."""

    train: Child | None
    server: Child
    port: int
    token: str
    model: str
    ready_timeout: float = 300.0
    grace: float = 10.0  # seconds between SIGTERM and SIGKILL

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class _Stop:
    """Set by the first SIGTERM/SIGINT; remembers which."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.signum: int | None = None

    def set(self, signum: int) -> None:
        self.signum = self.signum or signum
        self.event.set()

    async def sleep(self, seconds: float) -> None:
        """Sleep, but wake up at once on a stop signal."""
        try:
            await asyncio.wait_for(self.event.wait(), seconds)
        except TimeoutError:
            pass


def install_signal_handlers(stop: _Stop) -> None:
    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        loop.add_signal_handler(sig, stop.set, sig)


def _remove_signal_handlers() -> None:
    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        loop.remove_signal_handler(sig)


async def _wait_exit(proc: subprocess.Popen[bytes], stop: _Stop) -> int | None:
    """The child's exit code, or None when a stop signal came first."""
    while proc.poll() is None:
        if stop.event.is_set():
            return None
        await stop.sleep(0.2)
    return int(proc.returncode)


async def _wait_ready(plan: Plan, proc: subprocess.Popen[bytes], stop: _Stop, t: Translator
                      ) -> float | None:
    """Seconds until ``/status`` shows a loaded model; None on a stop signal."""
    t0 = time.monotonic()
    async with httpx.AsyncClient(timeout=1.0, trust_env=False) as client:
        while not stop.event.is_set():
            if proc.poll() is not None:
                raise rasa_manager.not_ready(t, plan.server.log, proc.returncode)
            if time.monotonic() - t0 > plan.ready_timeout:
                raise rasa_manager.not_ready(t, plan.server.log, None, plan.ready_timeout)
            try:
                response = await client.get(f"{plan.url}/status", params={"token": plan.token})
                if rasa_manager.is_ready(response):
                    return time.monotonic() - t0
            except (httpx.HTTPError, ValueError):
                pass
            await stop.sleep(0.5)
    return None


def _stopped(stop: _Stop, t: Translator) -> int:
    name = signal.Signals(stop.signum or signal.SIGTERM).name
    print(t.gettext("Rasa stopped ({signal}).").format(signal=name), flush=True)
    log.info("rasa serve stopped on %s", name)
    return 130 if stop.signum == signal.SIGINT else 0


def _died(plan: Plan, code: int, t: Translator) -> RasaSetupError:
    log.error("the Rasa server died (%s)", rasa_process.exit_text(code))
    text = t.gettext("The Rasa server stopped unexpectedly ({how}). flurfunk rasa serve exits "
                     "with an error so that systemd (Restart=on-failure) or another supervisor "
                     "starts Rasa again. Its log: {log}")
    return rasa_manager.with_log(t, text.format(how=rasa_manager.how_it_ended(t, code),
                                                log=plan.server.log), plan.server.log)


async def supervise(make_plan: Callable[[], Plan], t: Translator) -> int:
    """Run the plan to the end; 0 after SIGTERM, 130 after SIGINT, RasaSetupError on failure.
    ``make_plan`` runs after the signal handlers are in place (it may take a few seconds)."""
    stop = _Stop()
    install_signal_handlers(stop)
    try:
        plan = await asyncio.to_thread(make_plan)
        if stop.event.is_set():
            return _stopped(stop, t)
        if plan.train is not None:
            print(t.gettext("Training the Rasa model first (about a minute); log: {log}").format(
                log=plan.train.log), flush=True)
            proc = rasa_process.spawn(plan.train)
            try:
                code = await _wait_exit(proc, stop)
            finally:
                await asyncio.to_thread(rasa_process.stop_group, proc, plan.grace)
            if code is None:
                return _stopped(stop, t)
            if code != 0:
                raise rasa_manager.train_failed(t, plan.train, code)
        if rasa_process.port_in_use(plan.port):
            raise RasaSetupError(t.gettext(
                "Port {port} on 127.0.0.1 is already in use (another Rasa server?). Stop that "
                "process or choose another port with --port.").format(port=plan.port))
        proc = rasa_process.spawn(plan.server)
        try:
            seconds = await _wait_ready(plan, proc, stop, t)
            if seconds is None:
                return _stopped(stop, t)
            print(t.gettext("Rasa serves {model} on {url} (ready after {seconds} s). SIGTERM or "
                            "Ctrl-C stops it.").format(model=plan.model, url=plan.url,
                                                       seconds=f"{seconds:.1f}"), flush=True)
            code = await _wait_exit(proc, stop)
            if code is None:
                return _stopped(stop, t)
            raise _died(plan, code, t)
        finally:
            await asyncio.to_thread(rasa_process.stop_group, proc, plan.grace)
    finally:
        _remove_signal_handlers()
        sys.stdout.flush()
