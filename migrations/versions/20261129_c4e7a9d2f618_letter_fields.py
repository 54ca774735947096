"""The letter: the county's letterhead, the paper's signatory and caseworker phone, and
postal addresses of state bodies

Revision ID: c4e7a9d2f618
Revises: c4e7a1d9f2b6
Create Date: 2026-11-29 19:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e7a9d2f618'
down_revision = 'c4e7a1d9f2b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'letterheads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('postal_address', sa.Text(), nullable=False),
        sa.Column('org_number', sa.String(length=20), nullable=False),
        sa.Column('switchboard', sa.String(length=30), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('logo', sa.LargeBinary(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_letterheads')),
    )
    # Plain ALTER TABLE ADD/DROP COLUMN, no batch rebuild: a rebuilt position_papers would
    # lose its SQLite search triggers, and a rebuilt state_bodies trips the foreign keys
    # that point at it. The server default ('') stays: it fills the existing rows.
    for table, name, type_ in (
        ('position_papers', 'signatory_name', sa.String(length=200)),
        ('position_papers', 'signatory_title', sa.String(length=200)),
        ('position_papers', 'caseworker_phone', sa.String(length=30)),
        ('state_bodies', 'postal_address', sa.Text()),
    ):
        op.add_column(table, sa.Column(name, type_, nullable=False, server_default=''))


def downgrade():
    op.drop_column('state_bodies', 'postal_address')
    op.drop_column('position_papers', 'caseworker_phone')
    op.drop_column('position_papers', 'signatory_title')
    op.drop_column('position_papers', 'signatory_name')
    op.drop_table('letterheads')
