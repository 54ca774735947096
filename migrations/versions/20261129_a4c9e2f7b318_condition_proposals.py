"""Partners' proposals of framework conditions: condition_proposals with the measures they
touch, and the proposing organisation on a condition

Revision ID: a4c9e2f7b318
Revises: e7b3d9a1c456
Create Date: 2026-11-29 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c9e2f7b318'
down_revision = 'e7b3d9a1c456'
branch_labels = None
depends_on = None


def upgrade():
    is_sqlite = op.get_bind().dialect.name == 'sqlite'
    # Not in batch mode: SQLite adds the column in place, so the table keeps the triggers
    # of its search index and its expression index.
    op.add_column('framework_conditions', sa.Column('proposed_by_id', sa.Integer(), sa.ForeignKey(
        'organisations.id', name=op.f('fk_framework_conditions_proposed_by_id_organisations')),
        nullable=True), inline_references=is_sqlite)
    op.create_index(op.f('ix_framework_conditions_proposed_by_id'), 'framework_conditions',
                    ['proposed_by_id'], unique=False)

    op.create_table('condition_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_user_id', sa.Integer(), nullable=True),
    sa.Column('owner_body_id', sa.Integer(), nullable=True),
    sa.Column('owner_body', sa.String(length=200), nullable=False),
    sa.Column('what_should_change', sa.Text(), nullable=False),
    sa.Column('local_consequence', sa.Text(), nullable=False),
    sa.Column('examples', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('condition_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'merged', 'declined')", name=op.f('ck_condition_proposals_status_known')),
    sa.CheckConstraint("status != 'declined' OR decision_note != ''", name=op.f('ck_condition_proposals_reason_when_declined')),
    sa.ForeignKeyConstraint(['condition_id'], ['framework_conditions.id'], name=op.f('fk_condition_proposals_condition_id_framework_conditions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_condition_proposals_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_condition_proposals_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_body_id'], ['state_bodies.id'], name=op.f('fk_condition_proposals_owner_body_id_state_bodies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_user_id'], ['users.id'], name=op.f('fk_condition_proposals_proposed_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition_proposals'))
    )
    with op.batch_alter_table('condition_proposals', schema=None) as batch_op:
        batch_op.create_index('ix_condition_proposals_status_created', ['status', 'created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_proposals_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_proposals_proposed_by_user_id'), ['proposed_by_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_proposals_owner_body_id'), ['owner_body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_proposals_condition_id'), ['condition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_condition_proposals_decided_by_id'), ['decided_by_id'], unique=False)

    op.create_table('condition_proposal_measures',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_condition_proposal_measures_measure_id_measures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['condition_proposals.id'], name=op.f('fk_condition_proposal_measures_proposal_id_condition_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'measure_id', name=op.f('pk_condition_proposal_measures'))
    )
    with op.batch_alter_table('condition_proposal_measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_proposal_measures_measure_id'), ['measure_id'], unique=False)


def downgrade():
    op.drop_table('condition_proposal_measures')
    op.drop_table('condition_proposals')
    is_sqlite = op.get_bind().dialect.name == 'sqlite'
    op.drop_index(op.f('ix_framework_conditions_proposed_by_id'), table_name='framework_conditions')
    if is_sqlite:
        # SQLite cannot drop a column that references another table in place: the table is
        # rebuilt, and gets back the triggers of its search index and its expression index.
        with op.batch_alter_table('framework_conditions', schema=None) as batch_op:
            batch_op.drop_column('proposed_by_id')
        fts = 'framework_conditions_fts'
        insert = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text);"
        delete = (f"INSERT INTO {fts}({fts}, rowid, search_text) "
                  f"VALUES ('delete', old.id, old.search_text);")
        for name, when in (("ai", f"AFTER INSERT ON framework_conditions BEGIN {insert} END"),
                           ("ad", f"AFTER DELETE ON framework_conditions BEGIN {delete} END"),
                           ("au", "AFTER UPDATE OF id, search_text ON framework_conditions "
                                  f"BEGIN {delete} {insert} END")):
            op.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_{name} {when}")
        op.execute("CREATE INDEX IF NOT EXISTS ix_framework_conditions_priority_order ON "
                   "framework_conditions ((CASE priority WHEN 'high' THEN 0 WHEN 'medium' "
                   "THEN 1 WHEN 'low' THEN 2 ELSE 3 END), title, id)")
    else:
        op.drop_constraint(op.f('fk_framework_conditions_proposed_by_id_organisations'),
                           'framework_conditions', type_='foreignkey')
        op.drop_column('framework_conditions', 'proposed_by_id')
