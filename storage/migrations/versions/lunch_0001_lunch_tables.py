"""lunch tables

Revision ID: lunch_0001
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "lunch_0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("lunch",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lunch_participant",
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("site", sa.String(length=120), nullable=True),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("joined_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_lunch_participant")),
    )
    op.create_table(
        "lunch_round",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("relaxed", sa.JSON(), nullable=False),
        sa.Column("followup_sent", sa.Boolean(), nullable=False),
        sa.Column("met_yes", sa.Integer(), nullable=False),
        sa.Column("met_no", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lunch_round")),
        sa.UniqueConstraint("key", name=op.f("uq_lunch_round_key")),
    )
    op.create_table(
        "lunch_group",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("site", sa.String(length=120), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["lunch_round.id"],
                                name=op.f("fk_lunch_group_round_id_lunch_round"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lunch_group")),
    )
    op.create_index(op.f("ix_lunch_group_round_id"), "lunch_group", ["round_id"])
    op.create_table(
        "lunch_member",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["lunch_group.id"],
                                name=op.f("fk_lunch_member_group_id_lunch_group"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["lunch_round.id"],
                                name=op.f("fk_lunch_member_round_id_lunch_round"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lunch_member")),
        sa.UniqueConstraint("round_id", "person_id",
                            name=op.f("uq_lunch_member_round_id_person_id")),
    )
    op.create_index(op.f("ix_lunch_member_group_id"), "lunch_member", ["group_id"])
    op.create_index(op.f("ix_lunch_member_person_id"), "lunch_member", ["person_id"])
    op.create_index(op.f("ix_lunch_member_round_id"), "lunch_member", ["round_id"])


def downgrade() -> None:
    op.drop_table("lunch_member")
    op.drop_table("lunch_group")
    op.drop_table("lunch_round")
    op.drop_table("lunch_participant")
