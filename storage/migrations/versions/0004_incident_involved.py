"""other pupils involved in an incident; whether parents were told

Revision ID: 0004_incident_involved
Revises: 0003_audit_chain
Create Date: 2026-12-02 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004_incident_involved'
down_revision: str | None = '0003_audit_chain'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('incidentinvolved',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['behaviourincident.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'pupil_id', name='uq_incident_involved_pupil')
    )
    with op.batch_alter_table('incidentinvolved', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidentinvolved_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidentinvolved_pupil_id'), ['pupil_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidentinvolved_school_id'), ['school_id'], unique=False)

    # Existing incidents keep every row; whether parents were told is unknown
    # for them (NULL), except where a time was recorded.
    with op.batch_alter_table('behaviourincident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parents_informed', sa.Boolean(), nullable=True))
    op.execute("UPDATE behaviourincident SET parents_informed = TRUE WHERE parents_informed_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('behaviourincident', schema=None) as batch_op:
        batch_op.drop_column('parents_informed')
    with op.batch_alter_table('incidentinvolved', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidentinvolved_school_id'))
        batch_op.drop_index(batch_op.f('ix_incidentinvolved_pupil_id'))
        batch_op.drop_index(batch_op.f('ix_incidentinvolved_incident_id'))
    op.drop_table('incidentinvolved')
