"""Workshop commitments: who does what by when; reminders, re-agreed dates, digests for leads."""

from __future__ import annotations

from pathlib import Path

from flows.commitments import config, data, handlers, jobs, messages
from flows.types import N_, Feature, HomeSection

HERE = Path(__file__).parent


def make_feature(content_dir: Path) -> Feature:
    """The feature (it reads no content: workshops are imported with ``flurfunk commitments``)."""
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
        jobs=jobs.JOBS,
        training_data=(HERE / "nlu.yml",),
        help=N_("Workshop agreements: \"Ich übernehme ... bis 1.9.\", \"Was steht bei mir an?\""),
        config_type=config.CommitmentsConfig,
        personal_data=data.PERSONAL_DATA,
        home=HomeSection(N_("Your agreements"), handlers.home,
                         N_("Agreements from workshops appear here.")),
        forms={"commitments:newdate": messages.NEW_DATE},
        subcommands={"aufgaben": "commitments_list", "tasks": "commitments_list",
                     "vereinbarungen": "commitments_list", "agreements": "commitments_list"},
        confirm={"commitments_take": N_("Shall I note this as an agreement of yours?")},
    )
