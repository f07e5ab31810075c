"""The roster schools really have: census SEN status and needs, dates of birth; provision
dates, deliverer, group size, hourly cost and intended outcomes (issue 15)

Revision ID: 0011_roster_fields
Revises: 0010_teams
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011_roster_fields"
down_revision: str | None = "0010_teams"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString

PUPIL_COLUMNS = (
    ("date_of_birth", sa.Date()),
    ("sen_status", _TEXT(length=1)),
    ("sen_status_from", sa.Date()),
    ("primary_need", _TEXT(length=8)),
    ("primary_need_from", sa.Date()),
    ("secondary_need", _TEXT(length=8)),
    ("secondary_need_from", sa.Date()),
)
PROVISION_COLUMNS = (
    ("delivered_by", _TEXT(length=32)),
    ("group_size", sa.Integer()),
    ("hourly_cost_pence", sa.Integer()),
    ("outcome", _TEXT(length=500)),
    ("entry_measure", _TEXT(length=200)),
    ("exit_measure", _TEXT(length=200)),
)


def upgrade() -> None:
    # Every new column is nullable: rows imported before keep working unchanged.
    for table, columns in (("pupil", PUPIL_COLUMNS), ("provision", PROVISION_COLUMNS)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, type_ in columns:
                batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for table, columns in (("provision", PROVISION_COLUMNS), ("pupil", PUPIL_COLUMNS)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _ in reversed(columns):
                batch_op.drop_column(name)
