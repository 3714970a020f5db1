"""``flurfunk rasa setup|train|serve``: Rasa Open Source beside the bot, in its own venv."""

from __future__ import annotations

import argparse
import asyncio
import signal
from urllib.parse import urlparse

from bot import rasa_manager
from bot.config import Settings
from flows import all_features


async def cmd_setup(args: argparse.Namespace, settings: Settings) -> int:
    venv, reused = await asyncio.to_thread(rasa_manager.setup, settings)
    print(f"Rasa {rasa_manager.RASA_VERSION} {'already installed' if reused else 'installed'} in {venv}")
    return 0


async def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    if args.config:
        settings.nlu.rasa_config = args.config
    features = all_features(settings.path(settings.content_dir))
    model, trained = await asyncio.to_thread(rasa_manager.train, settings, features)
    print(f"{'trained' if trained else 'up to date'}: {model}")
    return 0


async def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    features = all_features(settings.path(settings.content_dir))
    model, _ = await asyncio.to_thread(rasa_manager.train, settings, features)
    port = args.port or urlparse(settings.nlu.rasa_url).port or 5005
    proc = rasa_manager.start_server(settings, model, port)
    url = f"http://127.0.0.1:{port}"
    seconds = await asyncio.to_thread(rasa_manager.wait_ready, url, rasa_manager.token(settings), proc)
    print(f"Rasa serves {model.name} on {url} (ready after {seconds:.1f} s); Ctrl-C stops it")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    waiter = asyncio.ensure_future(asyncio.to_thread(proc.wait))
    await asyncio.wait([waiter, asyncio.ensure_future(stop.wait())], return_when=asyncio.FIRST_COMPLETED)
    if proc.poll() is None:
        proc.terminate()
    await waiter
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    rasa = sub.add_parser("rasa", help="Rasa Open Source NLU server").add_subparsers(
        dest="rasa_command", required=True)
    rasa.add_parser("setup", help=f"create the venv with rasa=={rasa_manager.RASA_VERSION}").set_defaults(
        func=cmd_setup)
    s = rasa.add_parser("train", help="train the Rasa model from the shared training data")
    s.add_argument("--config", help="pipeline file (default nlu/config.yml; nlu/config-diet.yml for DIET)")
    s.set_defaults(func=cmd_train)
    s = rasa.add_parser("serve", help="serve on 127.0.0.1 with the auth token, telemetry off")
    s.add_argument("--port", type=int, default=0)
    s.set_defaults(func=cmd_serve)
