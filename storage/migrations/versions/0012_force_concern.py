"""use of force: the rest of the statutory record and the staff resolved; the DSL's steps on a concern

Revision ID: 0012_force_concern
Revises: 0013_time_precision
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0012_force_concern"
# The brief said 0010_teams; main has since gained 0011_roster_fields and
# 0013_time_precision after it, so this follows them to keep one head.
down_revision: str | None = "0013_time_precision"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    # Existing incidents keep every row; the new details are unknown (NULL) for them.
    with op.batch_alter_table("behaviourincident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("degree_of_force", _STR(length=200), nullable=True))
        batch_op.add_column(sa.Column("parents_informed_how", _STR(length=16), nullable=True))
        batch_op.add_column(sa.Column("parents_informed_by", _STR(length=200), nullable=True))
        batch_op.add_column(sa.Column("parents_informed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_behaviourincident_parents_informed_by_id_staff",
            "staff",
            ["parents_informed_by_id"],
            ["id"],
        )
    op.create_table(
        "incidentstaff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["behaviourincident.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "staff_id", name="uq_incident_staff"),
    )
    with op.batch_alter_table("incidentstaff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidentstaff_incident_id"), ["incident_id"])
        batch_op.create_index(batch_op.f("ix_incidentstaff_school_id"), ["school_id"])
        batch_op.create_index(batch_op.f("ix_incidentstaff_staff_id"), ["staff_id"])
    op.create_table(
        "concernstep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("step", _STR(length=32), nullable=False),
        sa.Column("detail", _STR(length=4000), nullable=False),
        sa.Column("reason", _STR(length=2000), nullable=False),
        sa.Column("taken_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("platform", _STR(length=16), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["safeguardingalert.id"]),
        sa.ForeignKeyConstraint(["pupil_id"], ["pupil.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"]),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("concernstep", schema=None) as batch_op:
        batch_op.create_index("ix_concernstep_alert_taken", ["alert_id", "taken_at"])
        batch_op.create_index(batch_op.f("ix_concernstep_pupil_id"), ["pupil_id"])
        batch_op.create_index(batch_op.f("ix_concernstep_school_id"), ["school_id"])


def downgrade() -> None:
    op.drop_table("concernstep")
    op.drop_table("incidentstaff")
    with op.batch_alter_table("behaviourincident", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_behaviourincident_parents_informed_by_id_staff", type_="foreignkey"
        )
        batch_op.drop_column("parents_informed_by_id")
        batch_op.drop_column("parents_informed_by")
        batch_op.drop_column("parents_informed_how")
        batch_op.drop_column("degree_of_force")
