"""Written standards: an organisation's målform, a user's language, a paper's language

``organisations.language`` is ``nb``, ``nn`` or ``neutral`` (mållova: a neutral
municipality gets the county's own standard); ``users.language`` is ``nb``, ``nn`` or
NULL (follow the organisation); ``position_papers.language`` is the letter's, ``nb`` or
``nn``. Existing rows are bokmål.

Revision ID: c1d2e3f4a5b6
Revises: a4c9e2f7b318
Create Date: 2026-11-30 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1d2e3f4a5b6'
down_revision = 'a4c9e2f7b318'
branch_labels = None
depends_on = None


def _restore_search_triggers():
    """SQLite: a batch rebuilds position_papers and loses the triggers that keep its
    full-text index in step (20261129_9d4e2b7c1a63); create them again (a frozen copy of
    that migration's SQL) and rebuild the index."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    table, fts = 'position_papers', 'position_papers_fts'
    insert = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text);"
    delete = (f"INSERT INTO {fts}({fts}, rowid, search_text) "
              f"VALUES ('delete', old.id, old.search_text);")
    for suffix in ('ai', 'ad', 'au'):
        op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END")
    op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE OF id, search_text ON {table} "
               f"BEGIN {delete} {insert} END")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), server_default='nb',
                                      nullable=False))
        batch_op.create_check_constraint(
            'language_known', "language IN ('nb', 'nn', 'neutral')")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=True))
        batch_op.create_check_constraint(
            'language_known', "language IS NULL OR language IN ('nb', 'nn')")
    with op.batch_alter_table('position_papers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='nb',
                                      nullable=False))
        batch_op.create_check_constraint('language_known', "language IN ('nb', 'nn')")
    _restore_search_triggers()


def downgrade():
    with op.batch_alter_table('position_papers', schema=None) as batch_op:
        batch_op.drop_constraint('language_known', type_='check')
        batch_op.drop_column('language')
    _restore_search_triggers()
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('language_known', type_='check')
        batch_op.drop_column('language')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint('language_known', type_='check')
        batch_op.drop_column('language')
