"""a roster version every process can watch, bumped by triggers

Revision ID: 0007_roster_version
Revises: 0006_web
Create Date: 2026-12-02 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.roster_version import ROSTER_TABLES, install_triggers, trigger_names

revision: str = "0007_roster_version"
down_revision: str | None = "0006_web"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rosterversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO rosterversion (id, version) VALUES (1, 1)")
    install_triggers(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    for table, name in zip(ROSTER_TABLES, trigger_names(), strict=True):
        if bind.dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            for kind in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{kind}")
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS keyworker_bump_roster_version()")
    op.drop_table("rosterversion")
