"""Partners' comments on a draft's sections, and the skeleton new papers start from

``paper_comments`` holds an invited organisation's comments on a section of a paper (the
version, the section's place and heading when it was written) and who resolved them;
``paper_skeleton_entries`` holds the sections new hearing responses and other new papers
start with once an administrator has edited them (no rows: the built-in ones).

Revision ID: d4e5f6a7b8c9
Revises: c1d2e3f4a5b6
Create Date: 2026-11-30 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e5f6a7b8c9'
down_revision = 'c1d2e3f4a5b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('paper_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('revision_number', sa.Integer(), nullable=False),
    sa.Column('section_index', sa.Integer(), nullable=False),
    sa.Column('section_heading', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('section_index >= 0', name=op.f('ck_paper_comments_section_index_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_paper_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_paper_comments_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['position_papers.id'], name=op.f('fk_paper_comments_paper_id_position_papers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_paper_comments_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_comments'))
    )
    with op.batch_alter_table('paper_comments', schema=None) as batch_op:
        batch_op.create_index('ix_paper_comments_paper_organisation', ['paper_id', 'organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_paper_comments_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('paper_skeleton_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('skeleton', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('heading_nb', sa.String(length=100), nullable=False),
    sa.Column('heading_nn', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('heading', 'conditions')", name=op.f('ck_paper_skeleton_entries_kind_known')),
    sa.CheckConstraint("skeleton IN ('hearing', 'paper')", name=op.f('ck_paper_skeleton_entries_skeleton_known')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_paper_skeleton_entries_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_skeleton_entries')),
    sa.UniqueConstraint('skeleton', 'position', name=op.f('uq_paper_skeleton_entries_skeleton_position'))
    )


def downgrade():
    op.drop_table('paper_skeleton_entries')
    with op.batch_alter_table('paper_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_comments_organisation_id'))
        batch_op.drop_index('ix_paper_comments_paper_organisation')

    op.drop_table('paper_comments')
