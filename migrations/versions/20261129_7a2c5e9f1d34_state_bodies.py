"""State bodies: a register of ministries, agencies and committees

Conditions named their owner and hearings their issuer in free text, so the names
drifted ("KDD", "Kommunaldepartementet", …) and a search for a short name found nothing.
This adds the register ``state_bodies``, seeds it with today's 16 ministries and their
official short names, the agencies the county meets most and Stortinget's committees,
and points each condition (``owner_body_id``) and hearing (``issuer_body_id``) at a body.

Existing texts are mapped by name, short name or alias, ignoring case; a text that names
no known body becomes a new, unconfirmed body for staff to confirm or merge. The text
columns stay, as the body's label ("Kommunal- og distriktsdepartementet (KDD)"), which the
lists show and the search indexes; their search text is computed again here.

The seed list is a frozen copy of advocacy/bodies/register.py, so that this migration
imports no application code. The new columns are added without rebuilding the tables
(which on SQLite would drop the search triggers); the downgrade rebuilds them on SQLite
and makes the triggers again.

Revision ID: 7a2c5e9f1d34
Revises: 3f1b6d0e8a42
Create Date: 2026-11-29 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a2c5e9f1d34'
down_revision = '3f1b6d0e8a42'
branch_labels = None
depends_on = None

#: (name, short name, kind, aliases)
BODIES = [
    ("Arbeids- og inkluderingsdepartementet", "AID", "departement", []),
    ("Barne- og familiedepartementet", "BFD", "departement", []),
    ("Digitaliserings- og forvaltningsdepartementet", "DFD", "departement", []),
    ("Energidepartementet", "ED", "departement", []),
    ("Finansdepartementet", "FIN", "departement", []),
    ("Forsvarsdepartementet", "FD", "departement", []),
    ("Helse- og omsorgsdepartementet", "HOD", "departement", []),
    ("Justis- og beredskapsdepartementet", "JD", "departement", []),
    ("Klima- og miljødepartementet", "KLD", "departement", []),
    ("Kommunal- og distriktsdepartementet", "KDD", "departement",
     ["Kommunaldepartementet"]),
    ("Kultur- og likestillingsdepartementet", "KUD", "departement", []),
    ("Kunnskapsdepartementet", "KD", "departement", []),
    ("Landbruks- og matdepartementet", "LMD", "departement", []),
    ("Nærings- og fiskeridepartementet", "NFD", "departement", []),
    ("Samferdselsdepartementet", "SD", "departement", []),
    ("Utenriksdepartementet", "UD", "departement", []),
    ("Statens vegvesen", None, "etat", []),
    ("Jernbanedirektoratet", None, "direktorat", []),
    ("Miljødirektoratet", None, "direktorat", []),
    ("Riksantikvaren", None, "direktorat", []),
    ("Husbanken", None, "etat", []),
    ("Direktoratet for mineralforvaltning", "DMF", "direktorat", []),
    ("Arbeids- og velferdsdirektoratet", None, "direktorat", []),
    ("Statsforvalteren i Østfold, Buskerud, Oslo og Akershus", None, "etat", []),
    ("Kommunal- og forvaltningskomiteen", None, "storting-komite", ["KOMMFORV"]),
    ("Transport- og kommunikasjonskomiteen", None, "storting-komite", ["TRANSKOM"]),
    ("Energi- og miljøkomiteen", None, "storting-komite", ["ENERGI"]),
    ("Næringskomiteen", None, "storting-komite", ["NÆRING"]),
    ("Finanskomiteen", None, "storting-komite", ["FINANS"]),
]

#: table, foreign key, label column, the fields of its search text (advocacy/*/models.py)
REFERENCES = [
    ('framework_conditions', 'owner_body_id', 'owner_body',
     ('title', 'owner_body', 'current_state', 'our_position', 'lovdata_id')),
    ('hearings', 'issuer_body_id', 'issuer', ('title', 'issuer', 'reference', 'summary')),
]


def _fold(text):
    return " ".join((text or "").casefold().split())


def _label(name, short_name):
    return f"{name} ({short_name})" if short_name else name


def _keys(name, short_name, aliases):
    texts = [name, short_name, _label(name, short_name), *aliases]
    return {_fold(t) for t in texts if t}


def upgrade():
    bodies = op.create_table(
        'state_bodies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('short_name', sa.String(length=20), nullable=True),
        sa.Column('short_key', sa.String(length=20), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('is_confirmed', sa.Boolean(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('aliases', sa.JSON(), nullable=False),
        sa.Column('lookup_text', sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('departement', 'direktorat', 'etat', 'tilsyn', 'storting-komite', "
            "'annet')", name=op.f('ck_state_bodies_kind_known')),
        sa.ForeignKeyConstraint(['parent_id'], ['state_bodies.id'],
                                name=op.f('fk_state_bodies_parent_id_state_bodies'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_state_bodies')),
        sa.UniqueConstraint('name', name=op.f('uq_state_bodies_name')),
        sa.UniqueConstraint('short_name', name=op.f('uq_state_bodies_short_name')),
    )
    with op.batch_alter_table('state_bodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_state_bodies_parent_id'), ['parent_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_state_bodies_short_key'), ['short_key'],
                              unique=False)

    connection = op.get_bind()
    is_sqlite = connection.dialect.name == 'sqlite'
    for table, fk, _label_column, _fields in REFERENCES:
        op.add_column(table, sa.Column(fk, sa.Integer(), sa.ForeignKey(
            'state_bodies.id', name=op.f(f'fk_{table}_{fk}_state_bodies')), nullable=True), inline_references=is_sqlite)
        op.create_index(op.f(f'ix_{table}_{fk}'), table, [fk], unique=False)

    # The register, then every existing text mapped to a body (new ones unconfirmed).
    by_key = {}
    rows = []

    def add(name, short_name, kind, aliases, confirmed):
        keys = _keys(name, short_name, aliases)
        body_id = len(rows) + 1
        rows.append({'id': body_id, 'name': name, 'short_name': short_name,
                     'short_key': _fold(short_name) or None, 'kind': kind,
                     'is_confirmed': confirmed, 'parent_id': None, 'aliases': list(aliases),
                     'lookup_text': " | ".join(sorted(keys))})
        for key in keys:
            by_key.setdefault(key, body_id)
        return body_id

    for name, short_name, kind, aliases in BODIES:
        add(name, short_name, kind, aliases, True)
    texts = set()
    for table, _fk, label_column, _fields in REFERENCES:
        texts.update(connection.execute(sa.text(
            f"SELECT DISTINCT {label_column} FROM {table}")).scalars())
    for text in sorted(t for t in texts if t and t.strip()):
        if _fold(text) not in by_key:
            add(" ".join(text.split())[:200], None, 'annet', [], False)
    op.bulk_insert(bodies, rows)
    if connection.dialect.name == 'postgresql':
        connection.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('state_bodies', 'id'), "
            "(SELECT MAX(id) FROM state_bodies))")
    labels = {row['id']: _label(row['name'], row['short_name']) for row in rows}

    for table, fk, label_column, fields in REFERENCES:
        select = sa.text(f"SELECT id, {', '.join(fields)} FROM {table}")
        updates = []
        for row in connection.execute(select).mappings():
            body_id = by_key.get(_fold(row[label_column]))
            if body_id is None:
                continue
            values = dict(row)
            values[label_column] = labels[body_id]
            search = _fold(" ".join(values[f] for f in fields if values[f]))
            updates.append({'row_id': row['id'], 'body_id': body_id,
                            'label': labels[body_id], 'search': search})
        if updates:
            connection.execute(sa.text(
                f"UPDATE {table} SET {fk} = :body_id, {label_column} = :label, "
                f"search_text = :search WHERE id = :row_id"), updates)


def _sqlite_triggers(table):
    fts = f'{table}_fts'
    insert = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text);"
    delete = (f"INSERT INTO {fts}({fts}, rowid, search_text) "
              f"VALUES ('delete', old.id, old.search_text);")
    return [
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF id, search_text ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def downgrade():
    connection = op.get_bind()
    is_sqlite = connection.dialect.name == 'sqlite'
    for table, fk, label_column, _fields in reversed(REFERENCES):
        # Back to the plain name the column held before.
        op.execute(f"UPDATE {table} SET {label_column} = (SELECT name FROM state_bodies "
                   f"WHERE state_bodies.id = {table}.{fk}) WHERE {fk} IS NOT NULL")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_{fk}'))
            if not is_sqlite:
                batch_op.drop_constraint(batch_op.f(f'fk_{table}_{fk}_state_bodies'),
                                         type_='foreignkey')
            batch_op.drop_column(fk)
        if is_sqlite:
            # The rebuilt table lost the triggers that keep its search index current.
            for statement in _sqlite_triggers(table):
                op.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
    with op.batch_alter_table('state_bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_state_bodies_short_key'))
        batch_op.drop_index(batch_op.f('ix_state_bodies_parent_id'))
    op.drop_table('state_bodies')
