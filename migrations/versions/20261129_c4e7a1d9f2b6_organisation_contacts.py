"""Organisation contacts, and the organisation kind regional council

An organisation without an active user could be invited to co-sign, and nobody got the
invitation. ``organisation_contacts`` holds the people (or the postmottak address) of an
organisation who receive an invitation when no user can. Organisations may now also be a
regional council (regionråd).

Revision ID: c4e7a1d9f2b6
Revises: b8d1f4a6c2e0
Create Date: 2026-11-29 19:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e7a1d9f2b6'
down_revision = 'b8d1f4a6c2e0'
branch_labels = None
depends_on = None

OLD_KINDS = ("kind IN ('county', 'municipality', 'state', 'business', 'organisation', "
             "'volunteer', 'academia')")
NEW_KINDS = ("kind IN ('county', 'municipality', 'state', 'business', 'organisation', "
             "'volunteer', 'academia', 'regional_council')")


def upgrade():
    op.create_table(
        'organisation_contacts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.CheckConstraint("role IN ('postmottak', 'mayor', 'chief_executive', "
                           "'managing_director', 'other')",
                           name=op.f('ck_organisation_contacts_role_known')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_organisation_contacts_organisation_id_organisations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_contacts')),
    )
    with op.batch_alter_table('organisation_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_contacts_organisation_id'),
                              ['organisation_id'], unique=False)
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_organisations_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_organisations_kind_known'), NEW_KINDS)


def downgrade():
    op.execute("UPDATE organisations SET kind = 'organisation' WHERE kind = 'regional_council'")
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_organisations_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_organisations_kind_known'), OLD_KINDS)
    with op.batch_alter_table('organisation_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_contacts_organisation_id'))
    op.drop_table('organisation_contacts')
