"""The yearly platform: platforms (one a year, a snapshot when adopted) and their items

Revision ID: a4f2c8e6b913
Revises: c8f1d3a6e2b4
Create Date: 2026-11-29 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4f2c8e6b913'
down_revision = 'c8f1d3a6e2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('platforms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('adopted_by_id', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('plattform', 'statsbudsjett')", name=op.f('ck_platforms_kind_known')),
    sa.CheckConstraint("status IN ('draft', 'adopted')", name=op.f('ck_platforms_status_known')),
    sa.CheckConstraint("status = 'draft' OR snapshot IS NOT NULL", name=op.f('ck_platforms_snapshot_when_adopted')),
    sa.ForeignKeyConstraint(['adopted_by_id'], ['users.id'], name=op.f('fk_platforms_adopted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platforms')),
    sa.UniqueConstraint('year', name=op.f('uq_platforms_year'))
    )
    with op.batch_alter_table('platforms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platforms_adopted_by_id'), ['adopted_by_id'], unique=False)

    op.create_table('platform_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform_id', sa.Integer(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('own_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['condition_id'], ['framework_conditions.id'], name=op.f('fk_platform_items_condition_id_framework_conditions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['platform_id'], ['platforms.id'], name=op.f('fk_platform_items_platform_id_platforms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_items')),
    sa.UniqueConstraint('platform_id', 'condition_id', name=op.f('uq_platform_items_platform_id_condition_id'))
    )
    with op.batch_alter_table('platform_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_items_condition_id'), ['condition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_platform_items_platform_id'), ['platform_id'], unique=False)


def downgrade():
    with op.batch_alter_table('platform_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_items_platform_id'))
        batch_op.drop_index(batch_op.f('ix_platform_items_condition_id'))

    op.drop_table('platform_items')
    with op.batch_alter_table('platforms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platforms_adopted_by_id'))

    op.drop_table('platforms')
