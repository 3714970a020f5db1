"""onboarding tables

Revision ID: onboarding_0001
Revises: 0001
Create Date: 2026-11-22 23:58:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "onboarding_0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("onboarding",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "onboarding_enrolment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("journey", sa.String(length=32), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("lead_id", sa.String(length=64), nullable=True),
        sa.Column("successor_id", sa.String(length=64), nullable=True),
        sa.Column("pate_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("enrolled_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_through", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("caught_up", sa.Boolean(), nullable=False),
        sa.Column("ended_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_enrolment")),
    )
    with op.batch_alter_table("onboarding_enrolment", schema=None) as batch_op:
        for column in ("lead_id", "pate_id", "person_id", "status"):
            batch_op.create_index(batch_op.f(f"ix_onboarding_enrolment_{column}"), [column],
                                  unique=False)

    op.create_table(
        "onboarding_checklist_done",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("done_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"], ["onboarding_enrolment.id"],
            name=op.f("fk_onboarding_checklist_done_enrolment_id_onboarding_enrolment"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_checklist_done")),
        sa.UniqueConstraint("enrolment_id", "item_id",
                            name=op.f("uq_onboarding_checklist_done_enrolment_id_item_id")),
    )
    with op.batch_alter_table("onboarding_checklist_done", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_onboarding_checklist_done_enrolment_id"),
                              ["enrolment_id"], unique=False)

    op.create_table(
        "onboarding_pate_proposal",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enrolment_id"], ["onboarding_enrolment.id"],
            name=op.f("fk_onboarding_pate_proposal_enrolment_id_onboarding_enrolment"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_pate_proposal")),
        sa.UniqueConstraint("enrolment_id", "candidate_id",
                            name=op.f("uq_onboarding_pate_proposal_enrolment_id_candidate_id")),
    )
    with op.batch_alter_table("onboarding_pate_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_onboarding_pate_proposal_candidate_id"),
                              ["candidate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_onboarding_pate_proposal_enrolment_id"),
                              ["enrolment_id"], unique=False)


def downgrade() -> None:
    op.drop_table("onboarding_pate_proposal")
    op.drop_table("onboarding_checklist_done")
    op.drop_table("onboarding_enrolment")
