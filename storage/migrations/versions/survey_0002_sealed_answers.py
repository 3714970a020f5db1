"""survey: sealed answers in the participation marker, per-run key id and promised thresholds

Drafts and the pool of finished answers held plaintext next to (or linkable to) a person; from
here on a person's answers exist only as ciphertext under the run's data key (kept outside the
database) until the run closes. Refuses to run while a survey is open: its answers would have
to be encrypted with a key the migration cannot create; close it with the previous version.

Revision ID: survey_0002
Revises: survey_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "survey_0002"
down_revision: str | Sequence[str] | None = "survey_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _backfill_thresholds() -> None:
    """Closed runs keep the thresholds of their survey's definition as it stands now."""
    conn = op.get_bind()
    surveys = sa.table("survey_survey", sa.column("id", sa.String), sa.column("definition", sa.JSON))
    runs = sa.table("survey_run", sa.column("survey_id", sa.String),
                    sa.column("threshold", sa.Integer), sa.column("free_text_threshold", sa.Integer))
    for sid, definition in conn.execute(sa.select(surveys.c.id, surveys.c.definition)).all():
        d = definition or {}
        conn.execute(runs.update().where(runs.c.survey_id == sid).values(
            threshold=int(d.get("threshold", 5)),
            free_text_threshold=int(d.get("text_threshold", 10))))


def upgrade() -> None:
    conn = op.get_bind()
    open_runs = conn.execute(sa.text("SELECT count(*) FROM survey_run WHERE status = 'open'")).scalar()
    if open_runs:
        raise RuntimeError(
            f"survey_0002: {open_runs} Umfrage-Durchgang/Durchgänge ist/sind noch offen. Bitte "
            "zuerst mit der bisherigen Version schließen (flurfunk survey close ID), dann "
            "aktualisieren. / Close the open survey runs with the previous version first.")
    with op.batch_alter_table("survey_run") as batch:
        batch.add_column(sa.Column("key_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("threshold", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("free_text_threshold", sa.Integer(), nullable=True))
    with op.batch_alter_table("survey_participation") as batch:
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))
    if conn.dialect.name == "postgresql":
        # ciphertext does not compress: store it out of line as it is, without trying
        op.execute("ALTER TABLE survey_participation ALTER COLUMN sealed SET STORAGE EXTERNAL")
    _backfill_thresholds()
    op.drop_index(op.f("ix_survey_pool_run_id"), table_name="survey_pool")
    op.drop_table("survey_pool")
    op.drop_index(op.f("ix_survey_draft_person_id"), table_name="survey_draft")
    op.drop_table("survey_draft")


def downgrade() -> None:
    op.create_table(
        "survey_draft",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["survey_run.id"],
                                name=op.f("fk_survey_draft_run_id_survey_run"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id", "person_id", name=op.f("pk_survey_draft")),
    )
    op.create_index(op.f("ix_survey_draft_person_id"), "survey_draft", ["person_id"], unique=False)
    op.create_table(
        "survey_pool",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("segment", sa.String(length=120), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["survey_run.id"],
                                name=op.f("fk_survey_pool_run_id_survey_run"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_pool")),
    )
    op.create_index(op.f("ix_survey_pool_run_id"), "survey_pool", ["run_id"], unique=False)
    with op.batch_alter_table("survey_participation") as batch:
        batch.drop_column("sealed")
    with op.batch_alter_table("survey_run") as batch:
        batch.drop_column("free_text_threshold")
        batch.drop_column("threshold")
        batch.drop_column("key_id")
