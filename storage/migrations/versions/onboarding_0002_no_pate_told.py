"""onboarding: remember that the lead was told no Pate/Patin was found

Revision ID: onboarding_0002
Revises: onboarding_0001
Create Date: 2026-12-01 16:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "onboarding_0002"
down_revision: str | Sequence[str] | None = "onboarding_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("onboarding_enrolment") as batch:
        batch.add_column(sa.Column("no_pate_told_at", storage.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("onboarding_enrolment") as batch:
        batch.drop_column("no_pate_told_at")
