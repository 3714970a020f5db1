"""matrix: person.matrix_id and the DM rooms

Revision ID: matrix_0001
Revises: 0002
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base


revision: str = 'matrix_0001'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = ('matrix',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matrix_id', sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_person_matrix_id'), ['matrix_id'])
    op.create_table('matrix_dm',
    sa.Column('matrix_id', sa.String(length=255), nullable=False),
    sa.Column('room_id', sa.String(length=255), nullable=False),
    sa.Column('created_at', storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('matrix_id', name=op.f('pk_matrix_dm')),
    sa.UniqueConstraint('room_id', name=op.f('uq_matrix_dm_room_id'))
    )


def downgrade() -> None:
    op.drop_table('matrix_dm')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_person_matrix_id'), type_='unique')
        batch_op.drop_column('matrix_id')
