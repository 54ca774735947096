"""Signing notices for the responsible adviser, and when an invitation was last reminded

Partners' answers wait in ``signing_notices`` until the scheduler mails them to the
paper's adviser as one digest; ``paper_invitations.last_reminded_at`` keeps staff's
reminders to an organisation to one a day.

Revision ID: d2a7c5e1f903
Revises: c4e7a9b2d5f1
Create Date: 2026-11-29 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2a7c5e1f903'
down_revision = 'c4e7a9b2d5f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signing_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=10), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_title', sa.String(length=200), nullable=False),
    sa.Column('mandate', sa.String(length=500), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('claim', sa.String(length=60), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.CheckConstraint("answer IN ('signed', 'declined', 'withdrawn')", name=op.f('ck_signing_notices_answer_known')),
    sa.CheckConstraint("state IN ('pending', 'claimed', 'sent')", name=op.f('ck_signing_notices_state_known')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_signing_notices_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['position_papers.id'], name=op.f('fk_signing_notices_paper_id_position_papers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_signing_notices_recipient_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_notices'))
    )
    with op.batch_alter_table('signing_notices', schema=None) as batch_op:
        batch_op.create_index('ix_signing_notices_pending', ['recipient_id', 'created_at'], unique=False, sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))
        batch_op.create_index(batch_op.f('ix_signing_notices_paper_id'), ['paper_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signing_notices_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('paper_invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_reminded_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('paper_invitations', schema=None) as batch_op:
        batch_op.drop_column('last_reminded_at')

    with op.batch_alter_table('signing_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_notices_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_signing_notices_paper_id'))
        batch_op.drop_index('ix_signing_notices_pending', sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))

    op.drop_table('signing_notices')
