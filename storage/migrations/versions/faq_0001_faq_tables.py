"""faq tables

Revision ID: faq_0001
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "faq_0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("faq",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("faq_entry",
    sa.Column("id", sa.String(length=64), nullable=False),
    sa.Column("locale", sa.String(length=8), nullable=False),
    sa.Column("question", sa.String(length=300), nullable=False),
    sa.Column("alternatives", sa.JSON(), nullable=False),
    sa.Column("answer", sa.Text(), nullable=False),
    sa.Column("source", sa.String(length=1000), nullable=False),
    sa.Column("links", sa.JSON(), nullable=False),
    sa.Column("owner", sa.String(length=200), nullable=False),
    sa.Column("reviewed", sa.Date(), nullable=False),
    sa.Column("keywords", sa.JSON(), nullable=False),
    sa.Column("learned", sa.JSON(), nullable=False),
    sa.Column("content_hash", sa.String(length=64), nullable=False),
    sa.Column("imported_at", storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column("imported_by", sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint("id", "locale", name=op.f("pk_faq_entry"))
    )
    with op.batch_alter_table("faq_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_entry_owner"), ["owner"], unique=False)

    op.create_table("faq_gap",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("week", sa.String(length=8), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("entry_id", sa.String(length=64), nullable=False),
    sa.Column("normalized", sa.String(length=300), nullable=False),
    sa.Column("example", sa.String(length=300), nullable=False),
    sa.Column("locale", sa.String(length=8), nullable=False),
    sa.Column("count", sa.Integer(), nullable=False),
    sa.Column("askers", sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_gap")),
    sa.UniqueConstraint("week", "kind", "entry_id", "normalized", name=op.f("uq_faq_gap_week_kind_entry_id_normalized"))
    )
    with op.batch_alter_table("faq_gap", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_gap_week"), ["week"], unique=False)

    op.create_table("faq_kb_version",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("changed_at", storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_kb_version"))
    )
    op.create_table("faq_language_offer",
    sa.Column("person_id", sa.String(length=64), nullable=False),
    sa.Column("offered_locale", sa.String(length=8), nullable=False),
    sa.Column("offered_at", storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("person_id", name=op.f("pk_faq_language_offer"))
    )
    op.create_table("faq_week_key",
    sa.Column("week", sa.String(length=8), nullable=False),
    sa.Column("key", sa.LargeBinary(length=32), nullable=False),
    sa.PrimaryKeyConstraint("week", name=op.f("pk_faq_week_key"))
    )


def downgrade() -> None:
    op.drop_table("faq_week_key")
    op.drop_table("faq_language_offer")
    op.drop_table("faq_kb_version")
    with op.batch_alter_table("faq_gap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_gap_week"))

    op.drop_table("faq_gap")
    with op.batch_alter_table("faq_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_entry_owner"))

    op.drop_table("faq_entry")
