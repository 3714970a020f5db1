"""slack pace: the posting budget shared by all instances

Revision ID: slack_0002
Revises: slack_0001
Create Date: 2026-12-01 16:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'slack_0002'
down_revision: str | Sequence[str] | None = 'slack_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('slack_pace',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('tat', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_slack_pace'))
    )


def downgrade() -> None:
    op.drop_table('slack_pace')
