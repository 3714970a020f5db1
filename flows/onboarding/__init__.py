"""Onboarding and handover journeys: drip messages, a checklist, a Pate/Patin."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flows.onboarding import naming
from flows.onboarding.config import OnboardingConfig
from flows.onboarding.data import JOURNEY_DATA
from flows.onboarding.handlers import make_handlers
from flows.onboarding.journeys import Journeys
from flows.onboarding.service import Drip, enrol_from_directory
from flows.types import N_, Feature, FlowContext, Incoming, JobContext, JobSpec, Reply
from nlu.types import Parse

HERE = Path(__file__).parent


def make_feature(folder: Path) -> Feature:
    """The feature with the journeys in ``folder`` (``<journey>.<locale>.yml``)."""
    journeys = Journeys.load(folder)
    checklist_done, progress, done_button, pate_answer = make_handlers(journeys)

    async def drip(ctx: JobContext, now: datetime) -> int:
        """Enrol new people from the directory, ask for Paten, send what is due."""
        cfg: OnboardingConfig = ctx.config
        enrolled = await enrol_from_directory(ctx.uow, cfg, now)
        return enrolled + await Drip(ctx.uow, journeys, cfg, ctx.translations).run(now)

    async def home(ctx: FlowContext) -> list[Reply]:
        """The overview section: the own checklist and, for leads, the team's progress."""
        return await progress(ctx, Incoming(ctx.user.id), Parse("onboarding_progress", 1.0))

    return Feature(
        name="onboarding",
        intents={"onboarding_checklist_done": checklist_done, "onboarding_progress": progress},
        actions={"onboarding:done": done_button, "onboarding:pate": pate_answer,
                 "onboarding:namepate": naming.ask},
        flows={naming.FLOW: naming.answer},
        jobs=(JobSpec("onboarding.drip", "*/30 8-16 * * mon-fri", drip),),
        training_data=(HERE / "nlu.yml",),
        help=N_("Your onboarding checklist: say \"Dienstausweis abgeholt\" or \"Wie weit bin ich?\""),
        config_type=OnboardingConfig,
        personal_data=(JOURNEY_DATA,),
        home_title=N_("Onboarding"),
        home=home,
    )
