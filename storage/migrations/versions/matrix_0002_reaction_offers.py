"""matrix: choices offered as reactions

Revision ID: matrix_0002
Revises: matrix_0001
Create Date: 2026-12-02 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base


revision: str = 'matrix_0002'
down_revision: str | Sequence[str] | None = 'matrix_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('matrix_reaction_offer',
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('matrix_id', sa.String(length=255), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=False),
    sa.Column('keys', sa.JSON(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id', 'matrix_id', name=op.f('pk_matrix_reaction_offer'))
    )
    with op.batch_alter_table('matrix_reaction_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matrix_reaction_offer_room_id'), ['room_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('matrix_reaction_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matrix_reaction_offer_room_id'))
    op.drop_table('matrix_reaction_offer')
