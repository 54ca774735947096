"""The database schema's version, as the migrations in ``migrations/versions`` define it.

The health check asks whether the database is at the newest migration in every web
worker; this answers without Alembic, which a worker otherwise never needs (see
``advocacy._init_migrations``). ``tests/test_schema.py`` checks it against Alembic.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import SQLAlchemyError

#: The migrations shipped with this code.
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
#: Where Alembic records the revisions a database is at.
VERSION_TABLE = "alembic_version"


def _revision_ids(path: Path) -> tuple[str, tuple[str, ...]]:
    """A migration file's ``revision`` and the revisions it follows (``down_revision``:
    none, one, or several for a merge), read as the literals Alembic writes them as."""
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        target = (node.target if isinstance(node, ast.AnnAssign)
                  else node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            found[target.id] = ast.literal_eval(node.value)
    down = found.get("down_revision")
    return found["revision"], (() if down is None else (down,) if isinstance(down, str)
                               else tuple(down))


@cache
def migration_heads(directory: Path = MIGRATIONS) -> frozenset[str]:
    """The newest revisions: those no other migration follows (read once per process)."""
    revisions, followed = set(), set()
    for path in (directory / "versions").glob("*.py"):
        revision, down = _revision_ids(path)
        revisions.add(revision)
        followed.update(down)
    return frozenset(revisions - followed)


def database_revisions(connection: Connection) -> frozenset[str]:
    """The revisions the database says it is at; none for a database never migrated.

    Raises ``SQLAlchemyError`` when the database cannot be read.
    """
    try:
        return frozenset(connection.scalars(text(f"SELECT version_num FROM {VERSION_TABLE}")))
    except SQLAlchemyError:
        # No version table (a new database), or no database: tell the two apart.
        connection.rollback()
        if not inspect(connection).has_table(VERSION_TABLE):
            return frozenset()
        raise
