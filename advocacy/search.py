"""Free-text search that ignores case, æøå included, the same on SQLite and PostgreSQL.

SQLite's ``lower()`` folds ASCII only, so a model keeps a folded copy of its searchable
text in ``search_text`` and a search compares folded text with folded text: a row matches
when its folded text contains the folded query as a substring.

``Model.matching(query)`` is a where-clause that can be combined with any other filter,
ORDER BY and pagination. What it compiles to depends on the database, so that the search
is index-assisted on both:

SQLite
    Each searchable table ``T`` has an FTS5 external-content table ``T_fts`` over its
    ``search_text`` with the ``trigram`` tokenizer (``case_sensitive 1``: the text is
    folded already, so FTS5 must neither fold again nor differ from the plain comparison).
    Triggers on ``T`` keep it in step with every insert, update of ``search_text`` and
    delete, whether made by the ORM or by plain SQL. A query of at least three characters
    becomes ``T.id IN (SELECT rowid FROM T_fts WHERE search_text MATCH '"<query>"')``: the
    query is one quoted FTS5 string, so quotes, ``*``, ``AND``, ``NEAR(``, ``-`` and ``:``
    are matched literally. A trigram index cannot look up one or two characters, so a
    shorter query is ``search_text LIKE '%q%'`` over the whole table, as before.

PostgreSQL
    The query stays ``search_text LIKE '%q%'``, and a GIN index on ``search_text`` with the
    ``gin_trgm_ops`` operator class of the ``pg_trgm`` extension makes PostgreSQL's planner
    use the index for it (for queries of three characters or more; it rechecks every hit,
    so the result is exact). The extension is database-wide: it is created (in schema
    ``public``) if missing, which needs a role allowed to create it; the index names the
    operator class with the schema the extension lives in, so it works whatever the
    ``search_path``.

The FTS tables, triggers and trigram indexes are made by the migration and, for
``db.create_all()`` (the tests), by the DDL events at the end of this module. They are not
in ``db.metadata``: :func:`is_search_index` tells Alembic's comparison to leave them alone.

On SQLite the scheduler merges each FTS5 index into one b-tree once a day
(:func:`optimize_indexes`): rows added one by one leave an index in many small segments,
and a search reads every segment, so a word found in many rows took twice as long.

A later migration that rebuilds a searchable table on SQLite (a batch "move and copy")
drops the table's triggers with it: that migration must create them again
(:func:`sqlite_trigger_ddl` shows the SQL; tests/test_search.py checks they exist after
``upgrade``).
"""

from __future__ import annotations

import re

from sqlalchemy import Boolean, Text, column, event, false, func, not_, select, table, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from advocacy.extensions import db
from advocacy.notify import scheduler

#: The longest search text honoured. SQLite refuses LIKE patterns over 50,000 bytes, and no
#: one types a search this long; a longer one finds nothing instead of failing.
MAX_QUERY_LENGTH = 1000

#: The shortest query an FTS5 trigram index (or a pg_trgm index) can look up.
MIN_INDEXED_LENGTH = 3

#: An arbitrary constant key for the advisory lock taken while creating pg_trgm, so that
#: two processes creating a schema at the same moment do not both try to create it.
_EXTENSION_LOCK_KEY = 7_246_611_503


def fold(text: str) -> str:
    """Fold text for case-insensitive search: casefolded, white space collapsed."""
    return " ".join(text.casefold().split())


# --- Names ----------------------------------------------------------------------------


def fts_table_name(table_name: str) -> str:
    """The SQLite FTS5 table that indexes ``table_name``'s ``search_text``."""
    return f"{table_name}_fts"


def trigram_index_name(table_name: str) -> str:
    """The PostgreSQL trigram index on ``table_name``'s ``search_text``."""
    return f"ix_{table_name}_search_text_trgm"


_FTS_TABLE = re.compile(r"\w+_fts(_(data|idx|content|docsize|config))?")
_TRIGRAM_INDEX = re.compile(r"ix_\w+_search_text_trgm")


def is_search_index(name: str | None, type_: str) -> bool:
    """Whether ``name`` is one of the search indexes made here rather than by the models.

    The FTS5 tables (with the shadow tables FTS5 keeps beside each) and the trigram
    indexes. Give Alembic ``include_name=lambda n, t, p: not is_search_index(n, t)`` so
    that a comparison with ``db.metadata`` neither reports nor drops them.
    """
    if name is None:
        return False
    if type_ == "table":
        return _FTS_TABLE.fullmatch(name) is not None
    if type_ == "index":
        return _TRIGRAM_INDEX.fullmatch(name) is not None
    return False


# --- The where-clause -------------------------------------------------------------------


class _PerDialect(ColumnElement[bool]):
    """A boolean clause that is ``sqlite`` on SQLite and ``other`` elsewhere.

    Both clauses are part of the cache key, so a cached statement is reused only for the
    same pair; only the one for the dialect is rendered.
    """

    __visit_name__ = "advocacy_per_dialect"
    inherit_cache = True
    type = Boolean()
    _traverse_internals = [
        ("sqlite", InternalTraversal.dp_clauseelement),
        ("other", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, sqlite: ColumnElement[bool], other: ColumnElement[bool]) -> None:
        self.sqlite = sqlite
        self.other = other

    def self_group(self, against=None):
        # Rendered in parentheses, and a comparison already: never "(...) = 1".
        return self

    def _negate(self) -> _PerDialect:
        return _PerDialect(not_(self.sqlite), not_(self.other))


@compiles(_PerDialect)
def _compile_other(element: _PerDialect, compiler, **kw) -> str:
    return f"({compiler.process(element.other, **kw)})"


@compiles(_PerDialect, "sqlite")
def _compile_sqlite(element: _PerDialect, compiler, **kw) -> str:
    return f"({compiler.process(element.sqlite, **kw)})"


def fts5_phrase(text: str) -> str:
    """``text`` as one FTS5 string: every character literal, ``"`` doubled."""
    return '"' + text.replace('"', '""') + '"'


def matching_clause(model, query: str) -> ColumnElement[bool]:
    """A where-clause for the rows of ``model`` whose searchable text contains ``query``.

    Case and white space are ignored (see :func:`fold`); a query longer than
    ``MAX_QUERY_LENGTH``, or with a NUL character, matches nothing.
    """
    folded = fold(query)
    if len(folded) > MAX_QUERY_LENGTH:
        return false()
    if "\x00" in folded:
        # The app refuses NUL in its input and PostgreSQL text cannot hold one, so no
        # stored text has it; a PostgreSQL parameter with one is an error.
        return false()
    scan = model.search_text.contains(folded, autoescape=True)
    if len(folded) < MIN_INDEXED_LENGTH:
        return scan
    fts = table(fts_table_name(model.__table__.name), column("rowid"), column("search_text", Text))
    indexed = model.id.in_(
        select(fts.c.rowid).where(fts.c.search_text.match(fts5_phrase(folded))))
    return _PerDialect(indexed, scan)


class Searchable:
    """Mixin for a model whose ``__search_fields__`` can be searched with ``matching``."""

    __search_fields__: tuple[str, ...] = ()

    #: Folded copy of the searchable fields, kept on every insert and update.
    search_text: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def matching(cls, query: str):
        """A where-clause for rows whose searchable text contains ``query``."""
        return matching_clause(cls, query)


def contains_ignoring_case(column, text: str) -> ColumnElement[bool]:
    """A where-clause for rows whose ``column`` contains ``text``, case ignored, æøå
    included; for short columns such as names, read without an index.

    PostgreSQL's ``ILIKE`` folds every letter. SQLite's ``LIKE`` and ``lower()`` fold only
    A–Z, so there the column is folded by ``advocacy_fold`` (:func:`fold_sql_value`, which
    the app registers on every SQLite connection) and compared with the folded text.
    """
    return _PerDialect(
        func.advocacy_fold(column).like(f"%{_like_literal(text.casefold())}%", escape="\\"),
        column.ilike(f"%{_like_literal(text)}%", escape="\\"))


def _like_literal(text: str) -> str:
    """``text`` for a LIKE pattern with ``\\`` as the escape: every character literal."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fold_sql_value(value):
    """``advocacy_fold(x)`` in SQLite: ``x`` case-folded if it is text, else as it is."""
    return value.casefold() if isinstance(value, str) else value


def ids_equal_ignoring_case(column, text: str) -> set[int]:
    """Ids of the rows whose ``column`` equals ``text`` (stripped), ignoring case, æøå included."""
    # lower() in SQL would miss "Ål" = "ÅL" on SQLite, so SQL narrows by length and Python
    # compares; case folding keeps the length of Norwegian letters.
    text = text.strip()
    model = column.class_
    rows = db.session.execute(select(model.id, column).where(func.length(column) == len(text)))
    return {row_id for row_id, value in rows if value.casefold() == text.casefold()}


@event.listens_for(Searchable, "before_insert", propagate=True)
@event.listens_for(Searchable, "before_update", propagate=True)
def _refresh_search_text(mapper, connection, target: Searchable) -> None:
    values = (getattr(target, name) for name in target.__search_fields__)
    target.search_text = fold(" ".join(v for v in values if v))


# --- The indexes (DDL) ------------------------------------------------------------------
# migrations/versions/20261129_9d4e2b7c1a63_search_indexes.py has a frozen copy of this SQL.


def sqlite_table_ddl(table_name: str) -> str:
    """The FTS5 table over ``table_name``'s ``search_text`` (content read from the table)."""
    fts = fts_table_name(table_name)
    return (f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table_name}', "
            f"content_rowid='id', tokenize='trigram case_sensitive 1')")


def sqlite_trigger_ddl(table_name: str) -> list[str]:
    """The triggers that keep ``table_name``'s FTS5 table in step with it."""
    fts = fts_table_name(table_name)
    insert = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text);"
    delete = (f"INSERT INTO {fts}({fts}, rowid, search_text) "
              f"VALUES ('delete', old.id, old.search_text);")
    return [
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table_name} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table_name} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF id, search_text ON {table_name} "
        f"BEGIN {delete} {insert} END",
    ]


def sqlite_fill_ddl(table_name: str) -> str:
    """Index the rows ``table_name`` has already."""
    fts = fts_table_name(table_name)
    return f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"


def searchable_tables() -> list[str]:
    """The tables that have a search index, by name."""
    return sorted(mapper.local_table.name for mapper in db.Model.registry.mappers
                  if issubclass(mapper.class_, Searchable))


def optimize_indexes(session) -> list[str]:
    """Merge each SQLite FTS5 index into one b-tree (FTS5's ``optimize``); the tables done.

    PostgreSQL's GIN indexes need nothing of the kind (autovacuum cleans their pending
    list), so there it does nothing. The caller commits.
    """
    if session.get_bind().dialect.name != "sqlite":
        return []
    names = searchable_tables()
    for name in names:
        fts = fts_table_name(name)
        session.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('optimize')"))
    return names


def run_scheduled() -> None:
    """The scheduler's daily job: optimize the search indexes."""
    optimize_indexes(db.session)
    db.session.commit()


scheduler.register_interval_job("optimize-search-indexes", "advocacy.search:run_scheduled",
                                "Ordne søkeindeksene",  # i18n: not ui (job name)
                                minutes=24 * 60)


def ensure_trigram_extension(connection) -> str:
    """Create pg_trgm unless it exists; return the (quoted) schema it lives in."""
    find = ("SELECT extnamespace::regnamespace::text FROM pg_extension "
            "WHERE extname = 'pg_trgm'")
    schema = connection.exec_driver_sql(find).scalar()
    if schema is None:
        # IF NOT EXISTS alone races: two transactions may both find it missing. The lock
        # (held to the end of the transaction) makes the second wait and then find it.
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_EXTENSION_LOCK_KEY})")
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        schema = connection.exec_driver_sql(find).scalar()
    return schema


def postgresql_index_ddl(table_name: str, extension_schema: str) -> str:
    """The trigram index on ``table_name``'s ``search_text``."""
    return (f"CREATE INDEX {trigram_index_name(table_name)} ON {table_name} "
            f"USING gin (search_text {extension_schema}.gin_trgm_ops)")


def _create_search_index(target, connection, **kw) -> None:
    name = target.name
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(sqlite_table_ddl(name))
        for statement in sqlite_trigger_ddl(name):
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(sqlite_fill_ddl(name))
    elif connection.dialect.name == "postgresql":
        schema = ensure_trigram_extension(connection)
        connection.exec_driver_sql(postgresql_index_ddl(name, schema))


def _drop_search_index(target, connection, **kw) -> None:
    # The triggers and the trigram index go with their table; the FTS5 table does not.
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {fts_table_name(target.name)}")


@event.listens_for(Searchable, "after_mapper_constructed", propagate=True)
def _attach_search_index_ddl(mapper, class_) -> None:
    """Make ``create_all``/``drop_all`` create and drop a searchable table's index too."""
    event.listen(mapper.local_table, "after_create", _create_search_index)
    event.listen(mapper.local_table, "after_drop", _drop_search_index)
