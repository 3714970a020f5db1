"""Lunch roulette: cross-department lunch groups at each site, every (other) week."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flows.files import read_yaml
from flows.lunch import handlers, service
from flows.lunch.config import LunchConfig
from flows.lunch.data import HISTORY, PARTICIPATION
from flows.types import N_, Feature, FlowContext, Incoming, JobContext, JobSpec, Reply, UserError
from nlu.types import Parse

HERE = Path(__file__).parent


def load_icebreakers(folder: Path) -> dict[str, list[str]]:
    """``icebreakers.<locale>.yml`` with a list ``questions``, per locale."""
    out: dict[str, list[str]] = {}
    for path in sorted(folder.glob("icebreakers.*.yml")):
        data = read_yaml(path).data or {}
        questions = data.get("questions") if isinstance(data, dict) else None
        if not isinstance(questions, list) or not all(isinstance(q, str) and q for q in questions):
            raise UserError(f"{path}: field 'questions': expected a list of texts")
        out[path.name.split(".")[1]] = questions
    return out


async def home(ctx: FlowContext) -> list[Reply]:
    """The overview section: this week's group, a pause, or how to join."""
    return await handlers.status(ctx, Incoming(ctx.user.id), Parse("lunch_status", 1.0))


def make_feature(folder: Path) -> Feature:
    """The feature with icebreaker questions from ``folder``."""
    icebreakers = load_icebreakers(folder)

    async def round_job(ctx: JobContext, now: datetime) -> int:
        """Group this week's participants once (on round weeks only) and queue the messages."""
        config: LunchConfig = ctx.config
        _, monday = service.week_of(now, config)
        if not service.is_round_week(monday, config):
            return 0
        outcome = await service.run_round(ctx.uow, ctx.translations, config, icebreakers, now)
        return len(outcome.grouping.groups) + len(outcome.grouping.alone) if outcome.created else 0

    async def followup_job(ctx: JobContext, now: datetime) -> int:
        config: LunchConfig = ctx.config
        if not config.followup:
            return 0
        return await service.send_followups(ctx.uow, ctx.translations, config, now)

    return Feature(
        name="lunch",
        intents={"lunch_join": handlers.join, "lunch_leave": handlers.leave,
                 "lunch_pause": handlers.pause, "lunch_status": handlers.status,
                 "lunch_preferences": handlers.preferences, "lunch_skip": handlers.skip},
        actions={"lunch:skip": handlers.skip_button, "lunch:met": handlers.met_button},
        flows={"lunch_site": handlers.site_answer, "lunch_pause": handlers.pause_date},
        jobs=(JobSpec("lunch.run_round", "0 9 * * mon", round_job),
              JobSpec("lunch.followup", "0 14 * * mon-fri", followup_job)),
        training_data=(HERE / "nlu.yml",),
        help=N_("Lunch roulette: \"Ich mache beim Lunch-Roulette mit\", \"Mit wem gehe ich diese "
                "Woche essen?\", \"Passt diese Woche nicht\", \"Bin bis 15.8. im Urlaub\""),
        config_type=LunchConfig,
        personal_data=(PARTICIPATION, HISTORY),
        home_title=N_("Lunch roulette"),
        home=home,
    )
