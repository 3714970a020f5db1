"""commitments tables

Revision ID: commitments_0001
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "commitments_0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("commitments",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commitments_workshop",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("lead", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments_workshop")),
        sa.UniqueConstraint("name", name=op.f("uq_commitments_workshop_name")),
    )
    op.create_table(
        "commitments_item",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owners", sa.JSON(), nullable=False),
        sa.Column("lead", sa.String(length=64), nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("original_due", sa.Date(), nullable=False),
        sa.Column("recurrence", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("done_at", storage.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["commitments_workshop.id"],
                                name=op.f("fk_commitments_item_workshop_id_commitments_workshop"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments_item")),
        sa.UniqueConstraint("workshop_id", "title", name=op.f("uq_commitments_item_workshop_id_title")),
    )
    op.create_index(op.f("ix_commitments_item_workshop_id"), "commitments_item", ["workshop_id"])
    op.create_table(
        "commitments_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("old_due", sa.Date(), nullable=True),
        sa.Column("new_due", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments_item.id"],
                                name=op.f("fk_commitments_event_commitment_id_commitments_item"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments_event")),
    )
    op.create_index(op.f("ix_commitments_event_commitment_id"), "commitments_event",
                    ["commitment_id"])
    op.create_table(
        "commitments_nudge",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("outbox_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments_item.id"],
                                name=op.f("fk_commitments_nudge_commitment_id_commitments_item"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments_nudge")),
        sa.UniqueConstraint("commitment_id", "person_id", "due", "kind", "day",
                            name=op.f("uq_commitments_nudge_commitment_id_person_id_due_kind_day")),
    )
    op.create_index(op.f("ix_commitments_nudge_commitment_id"), "commitments_nudge",
                    ["commitment_id"])
    op.create_index(op.f("ix_commitments_nudge_person_id"), "commitments_nudge", ["person_id"])


def downgrade() -> None:
    op.drop_table("commitments_nudge")
    op.drop_table("commitments_event")
    op.drop_table("commitments_item")
    op.drop_table("commitments_workshop")
