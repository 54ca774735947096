"""A sent paper's archive number in parts, and the time of day it was sent

The free-text ``archive_reference`` (25/1428-3) becomes ``archive_year`` (four digits),
``archive_sequence`` and ``archive_document``, so the Noark 5 arkivmelding export can
name the case and the journal post; ``submitted_time`` joins ``submitted_on`` because
the archive wants the moment the letter was sent. References that do not read as
yy/n-n or yyyy/n-n are dropped (the change log still has them); a two-digit year is
taken as 20yy.

Revision ID: f3a9c2d7e481
Revises: b6e2d4f8a153
Create Date: 2026-11-29 22:00:00

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a9c2d7e481'
down_revision = 'b6e2d4f8a153'
branch_labels = None
depends_on = None

_REFERENCE = re.compile(r"^\s*(\d{2}|\d{4})/(\d{1,9})-(\d{1,9})\s*$")
_MAX = 2**31 - 1

papers = sa.table('position_papers', sa.column('id', sa.Integer),
                  sa.column('archive_reference', sa.String),
                  sa.column('archive_year', sa.Integer),
                  sa.column('archive_sequence', sa.Integer),
                  sa.column('archive_document', sa.Integer))


def _restore_search_triggers():
    """SQLite: a batch that drops a column rebuilds position_papers, and the rebuild loses
    the triggers that keep its full-text index in step (20261129_9d4e2b7c1a63). Create them
    again (a frozen copy of that migration's SQL) and rebuild the index."""
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
    with op.batch_alter_table('position_papers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('archive_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('archive_sequence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('archive_document', sa.Integer(), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(sa.select(papers.c.id, papers.c.archive_reference)
                              .where(papers.c.archive_reference != '')).all()
    for paper_id, reference in rows:
        match = _REFERENCE.match(reference or '')
        if not match:
            continue
        year, sequence, document = (int(part) for part in match.groups())
        if year < 100:
            year += 2000
        if not (sequence and document and sequence <= _MAX and document <= _MAX):
            continue
        connection.execute(papers.update().where(papers.c.id == paper_id).values(
            archive_year=year, archive_sequence=sequence, archive_document=document))

    with op.batch_alter_table('position_papers', schema=None) as batch_op:
        batch_op.drop_column('archive_reference')
        batch_op.create_check_constraint(
            op.f('ck_position_papers_archive_number_whole'),
            "(archive_year IS NULL) = (archive_sequence IS NULL) "
            "AND (archive_year IS NULL) = (archive_document IS NULL)")
    _restore_search_triggers()


def downgrade():
    with op.batch_alter_table('position_papers', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_position_papers_archive_number_whole'), type_='check')
        batch_op.add_column(sa.Column('archive_reference', sa.String(length=40),
                                      nullable=False, server_default=''))

    connection = op.get_bind()
    rows = connection.execute(sa.select(papers.c.id, papers.c.archive_year,
                                        papers.c.archive_sequence, papers.c.archive_document)
                              .where(papers.c.archive_year.is_not(None))).all()
    for paper_id, year, sequence, document in rows:
        connection.execute(papers.update().where(papers.c.id == paper_id).values(
            archive_reference=f"{year % 100:02d}/{sequence}-{document}"))

    with op.batch_alter_table('position_papers', schema=None) as batch_op:
        batch_op.alter_column('archive_reference', server_default=None)
        batch_op.drop_column('archive_document')
        batch_op.drop_column('archive_sequence')
        batch_op.drop_column('archive_year')
        batch_op.drop_column('submitted_time')
    _restore_search_triggers()
