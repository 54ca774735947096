"""The plan's own consultation: its round, questions and the organisations' answers

Revision ID: b5d8e3f1a297
Revises: a4f2c8e6b913
Create Date: 2026-11-29 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d8e3f1a297'
down_revision = 'a4f2c8e6b913'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_consultation_rounds_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_rounds')),
    sa.UniqueConstraint('plan_id', name=op.f('uq_consultation_rounds_plan_id'))
    )
    op.create_table('consultation_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['consultation_rounds.id'], name=op.f('fk_consultation_questions_round_id_consultation_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_questions'))
    )
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_questions_round_id'), ['round_id'], unique=False)

    op.create_table('consultation_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_consultation_answers_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_consultation_answers_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['consultation_questions.id'], name=op.f('fk_consultation_answers_question_id_consultation_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_answers')),
    sa.UniqueConstraint('question_id', 'organisation_id', name=op.f('uq_consultation_answers_question_id_organisation_id'))
    )
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_answers_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_answers_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_answers_question_id'))

    op.drop_table('consultation_answers')
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_questions_round_id'))

    op.drop_table('consultation_questions')
    op.drop_table('consultation_rounds')
