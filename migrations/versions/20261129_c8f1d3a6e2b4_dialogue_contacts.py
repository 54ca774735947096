"""Contacts with the state (meetings, letters, calls, e-mails, visits) and follow-ups

``dialogue_contacts`` with its links to users, people and bodies of the state, partner
organisations (who took part, who it is shared with), conditions, hearings and papers;
``dialogue_follow_ups``. The contacts are searchable: an FTS5 trigram table on SQLite, a
pg_trgm GIN index on PostgreSQL (the same SQL as advocacy/search.py, frozen here).

Revision ID: c8f1d3a6e2b4
Revises: f3a9c2d7e481
Create Date: 2026-11-29 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8f1d3a6e2b4'
down_revision = 'f3a9c2d7e481'
branch_labels = None
depends_on = None

TABLE = 'dialogue_contacts'
FTS = f'{TABLE}_fts'

#: (table, column, referred table) of each link table.
LINKS = (
    ('dialogue_contact_users', 'user_id', 'users'),
    ('dialogue_contact_people', 'person_id', 'body_people'),
    ('dialogue_contact_bodies', 'body_id', 'state_bodies'),
    ('dialogue_contact_partners', 'organisation_id', 'organisations'),
    ('dialogue_contact_shares', 'organisation_id', 'organisations'),
    ('dialogue_contact_conditions', 'condition_id', 'framework_conditions'),
    ('dialogue_contact_hearings', 'hearing_id', 'hearings'),
    ('dialogue_contact_papers', 'paper_id', 'position_papers'),
)

#: Serialises concurrent creators of the extension (the same key as advocacy/search.py).
EXTENSION_LOCK_KEY = 7_246_611_503
FIND_EXTENSION = ("SELECT extnamespace::regnamespace::text FROM pg_extension "
                  "WHERE extname = 'pg_trgm'")


def _search_index():
    connection = op.get_bind()
    if connection.dialect.name == 'sqlite':
        insert = f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);"
        delete = (f"INSERT INTO {FTS}({FTS}, rowid, search_text) "
                  f"VALUES ('delete', old.id, old.search_text);")
        op.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='{TABLE}', "
                   f"content_rowid='id', tokenize='trigram case_sensitive 1')")
        op.execute(f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN {delete} END")
        op.execute(f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF id, search_text ON {TABLE} "
                   f"BEGIN {delete} {insert} END")
        op.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
    elif connection.dialect.name == 'postgresql':
        schema = connection.exec_driver_sql(FIND_EXTENSION).scalar()
        if schema is None:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({EXTENSION_LOCK_KEY})")
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
            schema = connection.exec_driver_sql(FIND_EXTENSION).scalar()
        op.execute(f"CREATE INDEX ix_{TABLE}_search_text_trgm ON {TABLE} "
                   f"USING gin (search_text {schema}.gin_trgm_ops)")


def upgrade():
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('occurred_time', sa.Time(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('agreed', sa.Text(), nullable=False),
    sa.Column('is_exempt', sa.Boolean(), nullable=False),
    sa.Column('exemption_basis', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('meeting', 'letter', 'phone', 'email', 'visit')", name=op.f('ck_dialogue_contacts_kind_known')),
    sa.CheckConstraint("status IN ('planned', 'held')", name=op.f('ck_dialogue_contacts_status_known')),
    sa.CheckConstraint("NOT is_exempt OR exemption_basis != ''", name=op.f('ck_dialogue_contacts_basis_when_exempt')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_dialogue_contacts_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_contacts'))
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index('ix_dialogue_contacts_occurred', ['occurred_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_contacts_created_by_id'), ['created_by_id'], unique=False)

    for table, column, target in LINKS:
        op.create_table(table,
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column(column, sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['contact_id'], ['dialogue_contacts.id'], name=op.f(f'fk_{table}_contact_id_dialogue_contacts'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('contact_id', column, name=op.f(f'pk_{table}'))
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)

    op.create_table('dialogue_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('responsible_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('is_done', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['dialogue_contacts.id'], name=op.f('fk_dialogue_follow_ups_contact_id_dialogue_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['responsible_id'], ['users.id'], name=op.f('fk_dialogue_follow_ups_responsible_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_follow_ups'))
    )
    with op.batch_alter_table('dialogue_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_follow_ups_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index('ix_dialogue_follow_ups_open', ['responsible_id', 'due_on'], unique=False, sqlite_where=sa.text('NOT is_done'), postgresql_where=sa.text('NOT is_done'))

    _search_index()


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for suffix in ('au', 'ad', 'ai'):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    op.drop_table('dialogue_follow_ups')
    for table, _, _ in reversed(LINKS):
        op.drop_table(table)
    op.drop_table(TABLE)
