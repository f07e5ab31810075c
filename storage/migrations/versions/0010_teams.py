"""Microsoft Teams: where each person's personal chat with the bot is (proactive messages)

Revision ID: 0010_teams
Revises: 0009_inbox
Create Date: 2026-12-02 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0010_teams"
# The brief said 0002_school_date_indexes, but 0007_roster_version (on main) already
# follows it: two heads would stop `upgrade head`. The lead re-chains on merge.
down_revision: str | None = "0009_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "teamsconversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aad_object_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("conversation_id", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True),
        sa.Column("service_url", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
        sa.Column("bot_id", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("aad_object_id", name="uq_teamsconversation_user"),
    )


def downgrade() -> None:
    op.drop_table("teamsconversation")
