"""Search indexes: FTS5 trigram tables on SQLite, pg_trgm GIN indexes on PostgreSQL

Search was ``search_text LIKE '%q%'`` over whole tables. Each searchable table now gets
an index for it (see advocacy/search.py, which builds the matching where-clause):

- SQLite: an FTS5 external-content table ``<table>_fts`` over ``search_text`` with the
  trigram tokenizer, filled from the existing rows and kept in step by three triggers.
- PostgreSQL: the pg_trgm extension (created in schema ``public`` if missing; that needs
  a role allowed to create it) and a GIN ``gin_trgm_ops`` index on ``search_text``, which
  serves the unchanged LIKE.

The SQL is a frozen copy of advocacy/search.py's, so that this migration imports no
application code. Nothing here alters a table, so no batch operation is needed.

Downgrade drops the FTS tables and triggers, or the indexes; it leaves the pg_trgm
extension, which is database-wide and may serve others.

Revision ID: 9d4e2b7c1a63
Revises: 5c0a7e3d9b21
Create Date: 2026-11-29 17:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '9d4e2b7c1a63'
down_revision = '5c0a7e3d9b21'
branch_labels = None
depends_on = None

TABLES = ('framework_conditions', 'measures', 'hearings', 'position_papers')

#: Serialises concurrent creators of the extension (the same key as advocacy/search.py).
EXTENSION_LOCK_KEY = 7_246_611_503
FIND_EXTENSION = ("SELECT extnamespace::regnamespace::text FROM pg_extension "
                  "WHERE extname = 'pg_trgm'")


def _sqlite_upgrade(table):
    fts = f'{table}_fts'
    insert = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text);"
    delete = (f"INSERT INTO {fts}({fts}, rowid, search_text) "
              f"VALUES ('delete', old.id, old.search_text);")
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', "
               f"content_rowid='id', tokenize='trigram case_sensitive 1')")
    op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END")
    op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE OF id, search_text ON {table} "
               f"BEGIN {delete} {insert} END")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _postgresql_extension_schema(connection):
    schema = connection.exec_driver_sql(FIND_EXTENSION).scalar()
    if schema is None:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({EXTENSION_LOCK_KEY})")
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        schema = connection.exec_driver_sql(FIND_EXTENSION).scalar()
    return schema


def upgrade():
    connection = op.get_bind()
    if connection.dialect.name == 'sqlite':
        for table in TABLES:
            _sqlite_upgrade(table)
    elif connection.dialect.name == 'postgresql':
        schema = _postgresql_extension_schema(connection)
        for table in TABLES:
            op.execute(f"CREATE INDEX ix_{table}_search_text_trgm ON {table} "
                       f"USING gin (search_text {schema}.gin_trgm_ops)")


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == 'sqlite':
        for table in reversed(TABLES):
            fts = f'{table}_fts'
            for suffix in ('au', 'ad', 'ai'):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    elif connection.dialect.name == 'postgresql':
        for table in reversed(TABLES):
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_text_trgm")
