"""``flurfunk rasa setup|train|serve``: Rasa Open Source beside the bot, in its own venv."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from bot import rasa_manager
from bot.config import Settings
from flows import all_features
from flows.types import N_

if TYPE_CHECKING:
    from bot.rasa_supervisor import Plan


async def cmd_setup(args: argparse.Namespace, settings: Settings) -> int:
    venv, reused = await asyncio.to_thread(rasa_manager.setup, settings)
    t = rasa_manager.translator(settings)
    message = N_("Rasa {version} already installed in {venv}") if reused else N_(
        "Rasa {version} installed in {venv}")
    print(t.gettext(message).format(version=rasa_manager.RASA_VERSION, venv=venv))
    return 0


async def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    if args.config:
        settings.nlu.rasa_config = args.config
    features = all_features(settings.path(settings.content_dir))
    model, trained = await asyncio.to_thread(rasa_manager.train, settings, features)
    t = rasa_manager.translator(settings)
    print((t.gettext("trained: {model}") if trained else t.gettext("up to date: {model}")).format(
        model=model))
    return 0


def serve_plan(settings: Settings, port: int) -> Plan:
    """The real plan: Rasa must be installed; train if the model is missing; the bot's token."""
    from bot.rasa_supervisor import Plan  # httpx and the process supervision: only here

    venv = rasa_manager.venv_dir(settings)
    if rasa_manager.installed_version(venv) != rasa_manager.RASA_VERSION:
        raise rasa_manager.RasaSetupError(rasa_manager.translator(settings).gettext(
            "Rasa {version} is not installed in {venv}. Run flurfunk rasa setup first (it "
            "downloads about 2.7 GB).").format(version=rasa_manager.RASA_VERSION, venv=venv))
    step, model = rasa_manager.train_step(settings, all_features(settings.path(settings.content_dir)))
    api_token = rasa_manager.token(settings)
    return Plan(step, rasa_manager.server_step(settings, model, port, api_token), port, api_token,
                model.name)


async def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    port = args.port or urlparse(settings.nlu.rasa_url).port or 5005
    from bot.rasa_supervisor import supervise

    return await supervise(lambda: serve_plan(settings, port), rasa_manager.translator(settings))


def register(sub: argparse._SubParsersAction) -> None:
    rasa = sub.add_parser("rasa", help=N_("Rasa Open Source NLU server")).add_subparsers(
        dest="rasa_command", required=True)
    rasa.add_parser("setup", help=N_("create the venv with the pinned Rasa version "
                                         "(downloads about 2.7 GB)")).set_defaults(
        func=cmd_setup)
    s = rasa.add_parser("train", help=N_("train the Rasa model from the shared training data"))
    s.add_argument("--config", help=N_("pipeline file (default nlu/config.yml; "
                                       "nlu/config-diet.yml for DIET)"))
    s.set_defaults(func=cmd_train)
    s = rasa.add_parser("serve", help=N_("serve on 127.0.0.1 with the auth token, telemetry off; "
                        "stays in the foreground, exits non-zero when Rasa dies"))
    s.add_argument("--port", type=int, default=0,
                   help=N_("port on 127.0.0.1 (default: the port of [nlu] rasa_url, else 5005)"))
    s.set_defaults(func=cmd_serve)
