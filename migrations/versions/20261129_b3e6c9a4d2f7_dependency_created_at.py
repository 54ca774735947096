"""When a link between a measure and a condition was made, for the condition's timeline

Links made before this column existed keep NULL: the timeline shows no date it does not
know.

Revision ID: b3e6c9a4d2f7
Revises: a8d3f5b2c917
Create Date: 2026-11-29 22:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3e6c9a4d2f7'
down_revision = 'a8d3f5b2c917'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dependencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('dependencies', schema=None) as batch_op:
        batch_op.drop_column('created_at')
