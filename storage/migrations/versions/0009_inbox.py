"""the inbox: every delivery stored before it is acknowledged (replaces processedevent)

Revision ID: 0009_inbox
Revises: 0007_roster_version
Create Date: 2026-12-02 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0009_inbox"
down_revision: str | None = "0007_roster_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inboxmessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("person", sa.String(length=128), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("received_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("claimed_until", storage.types.UTCDateTime(), nullable=True),
        sa.Column("handled_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("reply", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "event_id", name="uq_inbox_event"),
    )
    op.create_index(
        "ix_inbox_open",
        "inboxmessage",
        ["claimed_until", "id"],
        unique=False,
        sqlite_where=sa.text("status != 'replied'"),
        postgresql_where=sa.text("status != 'replied'"),
    )
    # Events handled before the inbox existed stay duplicates if a platform sends them again.
    op.execute(
        "INSERT INTO inboxmessage (platform, event_id, person, status, received_at, handled_at) "
        "SELECT platform, event_id, '', 'replied', received_at, received_at FROM processedevent"
    )
    op.drop_table("processedevent")


def downgrade() -> None:
    op.create_table(
        "processedevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("received_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "event_id", name="uq_processed_event"),
    )
    op.execute(
        "INSERT INTO processedevent (platform, event_id, received_at) "
        "SELECT platform, event_id, received_at FROM inboxmessage WHERE status != 'received'"
    )
    op.drop_index("ix_inbox_open", table_name="inboxmessage")
    op.drop_table("inboxmessage")
