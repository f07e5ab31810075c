"""How precisely a record's time was given (exact, part_of_day, none), so a day
named alone is never shown with its stand-in clock time (issue 18)

Revision ID: 0013_time_precision
Revises: 0011_roster_fields
Create Date: 2026-12-02 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013_time_precision"
down_revision: str | None = "0011_roster_fields"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("sessionlog", "behaviourincident", "parentcontact")


def upgrade() -> None:
    # Nullable: a record from before was shown with its clock, and still is.
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "time_precision", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
                )
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("time_precision")
