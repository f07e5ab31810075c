"""the web pages: sign-in links, browser sessions

Revision ID: 0006_web
Revises: 0005_job_indexes
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types


revision: str = '0006_web'
down_revision: str | None = '0005_job_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'websigninlink',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('expires_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('used_at', storage.types.UTCDateTime(), nullable=True),
        sa.Column('issued_via', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    with op.batch_alter_table('websigninlink', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_websigninlink_staff_id'), ['staff_id'], unique=False)

    op.create_table(
        'websession',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('session_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('csrf_token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('last_seen_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('expires_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('ended_at', storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('session_hash'),
    )
    with op.batch_alter_table('websession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_websession_staff_id'), ['staff_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('websession', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_websession_staff_id'))
    op.drop_table('websession')
    with op.batch_alter_table('websigninlink', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_websigninlink_staff_id'))
    op.drop_table('websigninlink')
