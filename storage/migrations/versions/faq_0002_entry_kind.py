"""faq: an entry's kind (answer, or referral: a topic not answered here and whom to ask)

Revision ID: faq_0002
Revises: faq_0001
Create Date: 2026-12-03 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "faq_0002"
down_revision: str | Sequence[str] | None = "faq_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("faq_entry") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=16), nullable=False,
                                   server_default="answer"))


def downgrade() -> None:
    with op.batch_alter_table("faq_entry") as batch:
        batch.drop_column("kind")
