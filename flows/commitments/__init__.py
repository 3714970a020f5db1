"""Workshop commitments: who does what by when; reminders, re-agreed dates, digests for leads."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flows.commitments import handlers, jobs
from flows.commitments.config import make_config
from flows.types import N_, Feature, FlowContext, Incoming, JobSpec, PersonalData, Reply, Translator
from nlu.types import Parse
from storage.models.core import Person
from storage.uow import UnitOfWork

HERE = Path(__file__).parent


async def show_data(uow: UnitOfWork, person: Person, t: Translator) -> list[str]:
    items = await uow.commitments.for_person(person.id, open_only=False)
    return [t.gettext("Agreement \u201e{title}\u201c, due on {date}").format(
        title=i.title, date=t.format_date(i.due)) for i in items]


async def erase_data(uow: UnitOfWork, person_id: str, now: datetime) -> int:
    """Open commitments go to the person's leader (or the item's lead); history loses the name."""
    person = await uow.people.get(person_id)
    changed = 0
    for item in await uow.commitments.for_person(person_id, open_only=False):
        heir = (person.lead_id if person else None) or item.lead
        owners = [heir if o == person_id else o for o in item.owners if heir or o != person_id]
        item.owners = [o for o in dict.fromkeys(owners) if o]
        changed += 1
    for event in await uow.commitments.events_by(person_id):
        event.actor = "-"
        changed += 1
    await uow.flush()
    return changed


PERSONAL_DATA = PersonalData(
    "commitments.items",
    purpose=N_("Reminding you of what you agreed to in workshops, and the self-check for the "
               "follow-up workshop"),
    categories=N_("Agreements you own (title, date, history, your comments) and reminders sent"),
    recipients=N_("The workshop lead (team-level digest) and the follow-up workshop"),
    retention_days=None, show=show_data, erase=erase_data,
)


async def home(ctx: FlowContext) -> list[Reply]:
    """The overview section: open agreements with their buttons."""
    return await handlers.my_list(ctx, Incoming(ctx.user.id), Parse("commitments_list", 1.0))


def make_feature() -> Feature:
    return Feature(
        name="commitments",
        intents={"commitments_take": handlers.take, "commitments_list": handlers.my_list},
        actions={
            "commitments:take": handlers.take_confirm,
            "commitments:done": handlers.done,
            "commitments:newdate": handlers.ask_new_date,
            "commitments:setdate": handlers.set_date,
            "commitments:comment": handlers.ask_comment,
            "commitments:handover": handlers.ask_handover,
            "commitments:accept": handlers.accept,
            "commitments:decline": handlers.decline,
        },
        flows={
            "commitments_takedate": handlers.take_date,
            "commitments_newdate": handlers.new_date,
            "commitments_reason": handlers.reason,
            "commitments_comment": handlers.add_comment,
            "commitments_handover": handlers.handover,
        },
        jobs=(
            JobSpec("commitments.nudge", "*/30 8-16 * * mon-fri", jobs.nudge),
            JobSpec("commitments.digest", "0 8-16 * * mon-fri", jobs.digest),
        ),
        training_data=(HERE / "nlu.yml",),
        help=N_("Workshop agreements: \"Ich übernehme ... bis 1.9.\", \"Was steht bei mir an?\""),
        make_config=make_config,
        personal_data=(PERSONAL_DATA,),
        home_title=N_("Your agreements"),
        home=home,
    )
