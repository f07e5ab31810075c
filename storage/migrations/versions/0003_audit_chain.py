"""audit chain: hash-chained, append-only audit; per-school retention rules

Revision ID: 0003_audit_chain
Revises: 0002_school_date_indexes
Create Date: 2026-12-02 00:59:32.246696

Every existing audit row is chained in id order (storage.audit.chain_hash), the
chain head is set to the newest, and then triggers make auditevent append-only
(UPDATE and DELETE refused, and TRUNCATE on PostgreSQL) and move the chain head
on each insert. A later batch migration that rebuilds auditevent on SQLite must
create these triggers again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types
from storage.audit import CHAINED_FIELDS, GENESIS, HEAD_ID, chain_hash


revision: str = '0003_audit_chain'
down_revision: str | None = '0002_school_date_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIT = sa.table(
    'auditevent',
    sa.column('id', sa.Integer()),
    sa.column('at', storage.types.UTCDateTime(timezone=True)),
    sa.column('school_id', sa.Integer()),
    sa.column('staff_id', sa.Integer()),
    sa.column('platform', sa.String()),
    sa.column('action', sa.String()),
    sa.column('record_type', sa.String()),
    sa.column('record_id', sa.Integer()),
    sa.column('pupil_id', sa.Integer()),
    sa.column('detail', sa.String()),
    sa.column('prev_hash', sa.String()),
    sa.column('row_hash', sa.String()),
)
HEAD = sa.table(
    'auditchainhead',
    sa.column('id', sa.Integer()),
    sa.column('rows', sa.Integer()),
    sa.column('last_id', sa.Integer()),
    sa.column('last_hash', sa.String()),
)

# exec_driver_sql hands psycopg a parameter list, so a literal % is written %%.
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'auditevent is append-only: %% refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    """CREATE TRIGGER auditevent_append_only BEFORE UPDATE OR DELETE ON auditevent
    FOR EACH ROW EXECUTE FUNCTION auditevent_append_only()""",
    """CREATE TRIGGER auditevent_no_truncate BEFORE TRUNCATE ON auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION auditevent_append_only()""",
    """CREATE FUNCTION auditevent_chain_head() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE auditchainhead SET last_id = NEW.id, last_hash = NEW.row_hash WHERE id = 1;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER auditevent_chain_head AFTER INSERT ON auditevent
    FOR EACH ROW EXECUTE FUNCTION auditevent_chain_head()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS auditevent_chain_head ON auditevent",
    "DROP TRIGGER IF EXISTS auditevent_no_truncate ON auditevent",
    "DROP TRIGGER IF EXISTS auditevent_append_only ON auditevent",
    "DROP FUNCTION IF EXISTS auditevent_chain_head()",
    "DROP FUNCTION IF EXISTS auditevent_append_only()",
]
SQLITE_TRIGGERS = [
    """CREATE TRIGGER auditevent_no_update BEFORE UPDATE ON auditevent
    BEGIN SELECT RAISE(ABORT, 'auditevent is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER auditevent_no_delete BEFORE DELETE ON auditevent
    BEGIN SELECT RAISE(ABORT, 'auditevent is append-only: DELETE refused'); END""",
    """CREATE TRIGGER auditevent_chain_head AFTER INSERT ON auditevent
    BEGIN UPDATE auditchainhead SET last_id = NEW.id, last_hash = NEW.row_hash WHERE id = 1; END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS auditevent_chain_head",
    "DROP TRIGGER IF EXISTS auditevent_no_delete",
    "DROP TRIGGER IF EXISTS auditevent_no_update",
]


def _chain_existing_rows(connection) -> tuple[int, int | None, str]:
    """Hash every existing row in id order; (rows, last id, last hash)."""
    previous, count, last_id = GENESIS, 0, None
    rows = connection.execute(
        sa.select(AUDIT.c.id, *[AUDIT.c[name] for name in CHAINED_FIELDS]).order_by(AUDIT.c.id)
    ).fetchall()
    updates = []
    for row in rows:
        fields = row._asdict()
        own = chain_hash(fields, previous)
        updates.append({'row_id': row.id, 'prev': previous, 'own': own})
        previous, count, last_id = own, count + 1, row.id
    if updates:
        connection.execute(
            AUDIT.update()
            .where(AUDIT.c.id == sa.bindparam('row_id'))
            .values(prev_hash=sa.bindparam('prev'), row_hash=sa.bindparam('own')),
            updates,
        )
    return count, last_id, previous


def upgrade() -> None:
    op.create_table('auditchainhead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=True),
    sa.Column('last_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('retentionrule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], ),
    sa.ForeignKeyConstraint(['set_by_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('school_id', 'kind', name='uq_retention_school_kind')
    )
    with op.batch_alter_table('retentionrule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retentionrule_school_id'), ['school_id'], unique=False)

    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))

    connection = op.get_bind()
    rows, last_id, last_hash = _chain_existing_rows(connection)
    connection.execute(
        HEAD.insert().values(id=HEAD_ID, rows=rows, last_id=last_id, last_hash=last_hash)
    )

    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.alter_column('prev_hash', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False)
        batch_op.alter_column('row_hash', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False)

    for statement in POSTGRES_TRIGGERS if connection.dialect.name == 'postgresql' else SQLITE_TRIGGERS:
        connection.exec_driver_sql(statement)


def downgrade() -> None:
    connection = op.get_bind()
    for statement in POSTGRES_DROP if connection.dialect.name == 'postgresql' else SQLITE_DROP:
        connection.exec_driver_sql(statement)
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')

    with op.batch_alter_table('retentionrule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retentionrule_school_id'))

    op.drop_table('retentionrule')
    op.drop_table('auditchainhead')
