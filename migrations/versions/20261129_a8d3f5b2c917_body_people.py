"""People in state bodies: state secretaries, directors, case officers, members of Stortinget

``body_people`` holds whom the county meets in a body, with their role; members of
Stortinget carry party, committee and Stortinget's own id (``flask
import-representatives`` updates them by it).

Revision ID: a8d3f5b2c917
Revises: e5b8c3d1a720
Create Date: 2026-11-29 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8d3f5b2c917'
down_revision = 'e5b8c3d1a720'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('body_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('party', sa.String(length=100), nullable=False),
    sa.Column('committee', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('stortinget_id', sa.String(length=20), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.CheckConstraint("role IN ('statsraad', 'statssekretaer', 'politisk_raadgiver', "
                       "'ekspedisjonssjef', 'direktoer', 'saksbehandler', "
                       "'stortingsrepresentant', 'annen')",
                       name=op.f('ck_body_people_role_known')),
    sa.ForeignKeyConstraint(['body_id'], ['state_bodies.id'],
                            name=op.f('fk_body_people_body_id_state_bodies'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_people')),
    sa.UniqueConstraint('stortinget_id', name=op.f('uq_body_people_stortinget_id'))
    )
    with op.batch_alter_table('body_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_people_body_id'), ['body_id'], unique=False)


def downgrade():
    with op.batch_alter_table('body_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_people_body_id'))
    op.drop_table('body_people')
