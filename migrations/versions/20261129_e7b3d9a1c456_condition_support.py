"""Partners back the county's position on a condition: condition_supports, and the
condition's open_for_support flag and breadth term of its stored score

Revision ID: e7b3d9a1c456
Revises: b5d8e3f1a297
Create Date: 2026-11-29 22:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7b3d9a1c456'
down_revision = 'b5d8e3f1a297'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE, also on SQLite: a batch would rebuild framework_conditions and
    # lose its search-index triggers and its expression index.
    op.add_column('framework_conditions', sa.Column('open_for_support', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('framework_conditions', sa.Column('score_breadth', sa.Integer(), server_default='0', nullable=False))

    op.create_table('condition_supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=20), nullable=False),
    sa.Column('local_example', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("stance IN ('backs', 'does_not_back')", name=op.f('ck_condition_supports_stance_known')),
    sa.CheckConstraint("stance = 'backs' OR reason != ''", name=op.f('ck_condition_supports_reason_when_not_backing')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_condition_supports_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['condition_id'], ['framework_conditions.id'], name=op.f('fk_condition_supports_condition_id_framework_conditions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_condition_supports_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition_supports')),
    sa.UniqueConstraint('condition_id', 'organisation_id', name=op.f('uq_condition_supports_condition_id_organisation_id'))
    )
    with op.batch_alter_table('condition_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_supports_condition_id'), ['condition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_supports_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_supports_answered_by_id'), ['answered_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('condition_supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_condition_supports_answered_by_id'))
        batch_op.drop_index(batch_op.f('ix_condition_supports_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_condition_supports_condition_id'))

    op.drop_table('condition_supports')
    # SQLite drops a column without an index or constraint in place (3.35 and later).
    op.drop_column('framework_conditions', 'score_breadth')
    op.drop_column('framework_conditions', 'open_for_support')
