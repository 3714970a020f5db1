"""survey: sealed records filed under a keyed pseudonym in their own table

The participation marker held each person's sealed record, so every answer wrote a new version
of a row carrying the person id: a WAL archive of the answer window showed how often each person
answered, and so who answered only partly. From here on an answer writes only a row of
``survey_sealed`` filed under an HMAC of the person id (key derived from the run's data key,
destroyed at close). Refuses to run while a survey is open: its records are bound to the person
id and could not be refiled without the key; close it with the previous version first.

Revision ID: survey_0003
Revises: survey_0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "survey_0003"
down_revision: str | Sequence[str] | None = "survey_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    open_runs = conn.execute(sa.text("SELECT count(*) FROM survey_run WHERE status = 'open'")).scalar()
    if open_runs:
        raise RuntimeError(
            f"survey_0003: {open_runs} Umfrage-Durchgang/Durchgänge ist/sind noch offen. Bitte "
            "zuerst mit der bisherigen Version schließen (flurfunk survey close ID), dann "
            "aktualisieren. / Close the open survey runs with the previous version first.")
    op.create_table(
        "survey_sealed",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=32), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["survey_run.id"],
                                name=op.f("fk_survey_sealed_run_id_survey_run"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id", "tag", name=op.f("pk_survey_sealed")),
    )
    if conn.dialect.name == "postgresql":
        # ciphertext does not compress: store it out of line as it is, without trying
        op.execute("ALTER TABLE survey_sealed ALTER COLUMN sealed SET STORAGE EXTERNAL")
    with op.batch_alter_table("survey_participation") as batch:
        batch.drop_column("sealed")


def downgrade() -> None:
    with op.batch_alter_table("survey_participation") as batch:
        batch.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))
    op.drop_table("survey_sealed")
