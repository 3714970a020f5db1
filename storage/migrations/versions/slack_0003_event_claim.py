"""slack event claim: which delivery recorded an event id (a retried answer knows its own claim)

Revision ID: slack_0003
Revises: slack_0002
Create Date: 2026-12-02 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'slack_0003'
down_revision: str | Sequence[str] | None = 'slack_0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('slack_event') as batch:
        batch.add_column(sa.Column('claim', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('slack_event') as batch:
        batch.drop_column('claim')
