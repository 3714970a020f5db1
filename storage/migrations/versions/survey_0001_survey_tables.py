"""survey tables

Revision ID: survey_0001
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base

revision: str = "survey_0001"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("survey",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('survey_survey',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('created_at', storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_survey'))
    )
    op.create_table('survey_run',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('slot', storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('opened_at', storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('remind_at', storage.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closes_at', storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reminded', sa.Boolean(), nullable=False),
    sa.Column('closed_at', storage.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('invited', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey_survey.id'], name=op.f('fk_survey_run_survey_id_survey_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_run')),
    sa.UniqueConstraint('survey_id', 'slot', name=op.f('uq_survey_run_survey_id_slot'))
    )
    op.create_index(op.f('ix_survey_run_status'), 'survey_run', ['status'], unique=False)
    op.create_index(op.f('ix_survey_run_survey_id'), 'survey_run', ['survey_id'], unique=False)
    op.create_table('survey_draft',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['survey_run.id'], name=op.f('fk_survey_draft_run_id_survey_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'person_id', name=op.f('pk_survey_draft'))
    )
    op.create_index(op.f('ix_survey_draft_person_id'), 'survey_draft', ['person_id'], unique=False)
    op.create_table('survey_participation',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('responded', sa.Boolean(), nullable=False),
    sa.Column('postponed_until', storage.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['survey_run.id'], name=op.f('fk_survey_participation_run_id_survey_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'person_id', name=op.f('pk_survey_participation'))
    )
    op.create_index(op.f('ix_survey_participation_person_id'), 'survey_participation', ['person_id'], unique=False)
    op.create_table('survey_pool',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('segment', sa.String(length=120), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['survey_run.id'], name=op.f('fk_survey_pool_run_id_survey_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_pool'))
    )
    op.create_index(op.f('ix_survey_pool_run_id'), 'survey_pool', ['run_id'], unique=False)
    op.create_table('survey_response',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('segment', sa.String(length=120), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['survey_run.id'], name=op.f('fk_survey_response_run_id_survey_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response'))
    )
    op.create_index(op.f('ix_survey_response_run_id'), 'survey_response', ['run_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_survey_response_run_id'), table_name='survey_response')
    op.drop_table('survey_response')
    op.drop_index(op.f('ix_survey_pool_run_id'), table_name='survey_pool')
    op.drop_table('survey_pool')
    op.drop_index(op.f('ix_survey_participation_person_id'), table_name='survey_participation')
    op.drop_table('survey_participation')
    op.drop_index(op.f('ix_survey_draft_person_id'), table_name='survey_draft')
    op.drop_table('survey_draft')
    op.drop_index(op.f('ix_survey_run_survey_id'), table_name='survey_run')
    op.drop_index(op.f('ix_survey_run_status'), table_name='survey_run')
    op.drop_table('survey_run')
    op.drop_table('survey_survey')
