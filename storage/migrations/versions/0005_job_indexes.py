"""partial indexes for the trust-wide jobs and the alert sender; safeguarding delivery columns

Revision ID: 0005_job_indexes
Revises: 0004_incident_involved
Create Date: 2026-11-24 10:00:00

Indexes (each with the WHERE its query repeats word for word, see storage.models):
* sessionlog (occurred_at, provision_id) WHERE delivered and live: the week's pace;
* parentcontact (follow_up_on) WHERE a follow-up is open: reminders and the digest;
* outboxmessage (next_attempt_at) WHERE an urgent job is unsent: the alert sender's poll;
* safeguardingalert (ack_due_at) WHERE not acknowledged: escalation after the ack time.

Columns on safeguardingalert: delivery (pending / delivered / undelivered),
delivery_note, acknowledged_by_id, ack_due_at. Alerts already stored are
marked delivered when they were routed to someone, undelivered when nobody
was set up to receive them; no row is lost.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types


revision: str = '0005_job_indexes'
down_revision: str | None = '0004_incident_involved'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _partial(name: str, table: str, columns: list[str], where: str) -> None:
    op.create_index(
        name,
        table,
        columns,
        unique=False,
        sqlite_where=sa.text(where),
        postgresql_where=sa.text(where),
    )


def upgrade() -> None:
    with op.batch_alter_table('safeguardingalert', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('delivery', sa.String(length=16), nullable=False, server_default='pending')
        )
        batch_op.add_column(sa.Column('delivery_note', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('ack_due_at', storage.types.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(
            'fk_safeguardingalert_acknowledged_by_id_staff', 'staff', ['acknowledged_by_id'], ['id']
        )
    op.execute(
        "UPDATE safeguardingalert SET delivery = "
        "CASE WHEN routed_to = '' THEN 'undelivered' ELSE 'delivered' END"
    )
    _partial(
        'ix_sessionlog_delivered_occurred',
        'sessionlog',
        ['occurred_at', 'provision_id'],
        "status = 'delivered' AND withdrawn_at IS NULL",
    )
    _partial(
        'ix_parentcontact_open_follow_up',
        'parentcontact',
        ['follow_up_on'],
        'follow_up_on IS NOT NULL AND follow_up_done_at IS NULL AND withdrawn_at IS NULL',
    )
    _partial(
        'ix_outboxmessage_urgent',
        'outboxmessage',
        ['next_attempt_at'],
        "job IN ('safeguarding', 'safeguarding_notice') AND status IN ('pending', 'sending')",
    )
    _partial(
        'ix_safeguardingalert_awaiting_ack',
        'safeguardingalert',
        ['ack_due_at'],
        'acknowledged_at IS NULL AND ack_due_at IS NOT NULL',
    )


def downgrade() -> None:
    op.drop_index('ix_safeguardingalert_awaiting_ack', table_name='safeguardingalert')
    op.drop_index('ix_outboxmessage_urgent', table_name='outboxmessage')
    op.drop_index('ix_parentcontact_open_follow_up', table_name='parentcontact')
    op.drop_index('ix_sessionlog_delivered_occurred', table_name='sessionlog')
    with op.batch_alter_table('safeguardingalert', schema=None) as batch_op:
        batch_op.drop_constraint('fk_safeguardingalert_acknowledged_by_id_staff', type_='foreignkey')
        batch_op.drop_column('ack_due_at')
        batch_op.drop_column('delivery_note')
        batch_op.drop_column('delivery')
        batch_op.drop_column('acknowledged_by_id')
