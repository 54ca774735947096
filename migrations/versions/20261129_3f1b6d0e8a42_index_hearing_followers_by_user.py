"""Index hearing followers by user

The calendar feed and the reminder planner ask "which hearings does this user follow";
the primary key leads with the hearing, so that read the whole table.

Revision ID: 3f1b6d0e8a42
Revises: 9d4e2b7c1a63
Create Date: 2026-11-29 17:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3f1b6d0e8a42'
down_revision = '9d4e2b7c1a63'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hearing_followers', schema=None) as batch_op:
        batch_op.create_index('ix_hearing_followers_user_id', ['user_id', 'hearing_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('hearing_followers', schema=None) as batch_op:
        batch_op.drop_index('ix_hearing_followers_user_id')
