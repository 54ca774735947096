"""Backing up and restoring the database: ``flask backup OUT`` and ``flask restore IN``.

SQLite
    A backup uses SQLite's online backup API (``sqlite3.Connection.backup``), which copies
    a consistent snapshot while the application keeps running. A restore first checks the
    file (the SQLite header, ``PRAGMA integrity_check``, the application's tables) in a
    private temporary copy next to the database, and then copies that into the live
    database with the backup API, which replaces the content in one write transaction:
    a restore that fails leaves the database as it was.

PostgreSQL
    A backup is ``pg_dump --format=custom`` of the application's schema: the first schema
    of its ``search_path``, so ``options=-csearch_path=...`` in the database URL is
    honoured and other schemas in the same database are left out. A restore is
    ``pg_restore --clean --if-exists --no-owner --single-transaction`` into that schema:
    it drops and recreates the application's tables, and a failure rolls it all back.
    The backup must be of a schema with the same name. pg_dump and pg_restore are looked
    for in ``bindir`` (``BACKUP_PG_BINDIR``), then ``/usr/lib/postgresql/<newest>/bin``,
    then on ``PATH``; the newest is used, since pg_dump refuses a newer server.

Stop the web workers and the scheduler while restoring: their open transactions would
otherwise make the restore wait, and they would keep working on data that is replaced.
Error messages are in Norwegian, as in the rest of the command line.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from sqlalchemy import URL, Engine, text

#: The first bytes of every SQLite database file and of every pg_dump custom archive.
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"

#: Tables a backup of this application has; a file without them is refused.
CORE_TABLES = ("users", "plans", "hearings")

#: Where Debian and Ubuntu install the versioned PostgreSQL client programs.
PG_VERSION_DIRS = "/usr/lib/postgresql/*/bin"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, in Norwegian."""


def backup_database(engine: Engine, out: str | os.PathLike, *,
                    pg_bindir: str | None = None) -> Path:
    """Write a backup of the database behind ``engine`` to ``out``; return its path.

    The file appears only when it is complete (it is written under a temporary name
    first), so a failed backup never leaves a partial file at ``out``.
    """
    out = Path(out)
    if engine.dialect.name == "sqlite":
        _sqlite_backup(_sqlite_path(engine), out)
    elif engine.dialect.name == "postgresql":
        _pg_backup(engine, out, pg_bindir)
    else:
        raise BackupError(f"Sikkerhetskopi støttes ikke for databasen {engine.dialect.name}.")
    return out


def restore_database(engine: Engine, source: str | os.PathLike, *,
                     pg_bindir: str | None = None,
                     required_tables: Iterable[str] = CORE_TABLES) -> None:
    """Replace the content of the database behind ``engine`` by the backup ``source``.

    Refuses (BackupError, database untouched) a file that is not a backup of the right
    kind: not of this database system, damaged, or without ``required_tables``. The
    engine's pooled connections are closed before and after.
    """
    source = Path(source)
    try:
        with source.open("rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"Kunne ikke lese {source}: {error.strerror}.") from error
    engine.dispose()
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_restore(_sqlite_path(engine), source, head, set(required_tables))
        elif engine.dialect.name == "postgresql":
            _pg_restore(engine, source, head, set(required_tables), pg_bindir)
        else:
            raise BackupError(
                f"Gjenoppretting støttes ikke for databasen {engine.dialect.name}.")
    finally:
        engine.dispose()


def _not_a_backup(source: Path, kind: str, head: bytes) -> BackupError:
    other = {SQLITE_MAGIC: " (det er en SQLite-database)",
             PG_MAGIC: " (det er en PostgreSQL-sikkerhetskopi)"}
    why = next((text for magic, text in other.items() if head.startswith(magic)), "")
    return BackupError(f"{source} er ikke en sikkerhetskopi av en {kind}-database{why}; "
                       "ingenting er endret.")


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or "mode=memory" in database:
        raise BackupError("En SQLite-database i minnet kan ikke sikkerhetskopieres.")
    path = Path(database)
    if not path.is_file():
        raise BackupError(f"Fant ikke databasefilen {path}.")
    return path


def _sqlite_backup(database: Path, out: Path) -> None:
    partial = out.with_name(out.name + ".part")
    try:
        partial.unlink(missing_ok=True)
        with closing(sqlite3.connect(database)) as live, \
                closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)
        os.replace(partial, out)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Kunne ikke skrive sikkerhetskopien til {out}: {error}.") from error


def _sqlite_restore(database: Path, source: Path, head: bytes, required: set[str]) -> None:
    if head != SQLITE_MAGIC:
        raise _not_a_backup(source, "SQLite", head)
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".sqlite", dir=database.parent)
    os.close(fd)
    staged = Path(name)
    try:
        try:
            # Read-only, so that a damaged or foreign file is never changed by reading it.
            with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro",
                                         uri=True)) as backup, \
                    closing(sqlite3.connect(staged)) as copy:
                backup.backup(copy)
                check = copy.execute("PRAGMA integrity_check").fetchall()
                tables = {row[0] for row in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as error:
            raise BackupError(f"{source} kan ikke leses som en SQLite-database ({error}); "
                              "ingenting er endret.") from error
        if check != [("ok",)]:
            problems = "; ".join(row[0] for row in check[:3])
            raise BackupError(f"{source} er skadet ({problems}); ingenting er endret.")
        missing = required - tables
        if missing:
            raise BackupError(f"{source} er ikke en sikkerhetskopi av Fellesstemme (mangler "
                              f"tabellene {', '.join(sorted(missing))}); ingenting er endret.")
        try:
            # One write transaction on the live database: all of it or none.
            with closing(sqlite3.connect(staged)) as copy, \
                    closing(sqlite3.connect(database)) as live:
                copy.backup(live)
        except sqlite3.Error as error:
            raise BackupError(f"Kunne ikke gjenopprette {database}: {error}; "
                              "databasen er uendret.") from error
    finally:
        staged.unlink(missing_ok=True)


# --- PostgreSQL --------------------------------------------------------------------------


def _version_key(path: str) -> tuple[int, ...]:
    """(15,) for /usr/lib/postgresql/15/bin/pg_dump; () when the folder is no version."""
    version = Path(path).parent.parent.name
    return tuple(int(part) for part in version.split(".")) \
        if re.fullmatch(r"\d+(?:\.\d+)*", version) else ()


def find_pg_tool(name: str, bindir: str | None = None, *,
                 version_dirs: str = PG_VERSION_DIRS, path: str | None = None) -> str:
    """The path of the PostgreSQL client program ``name`` (``pg_dump``, ``pg_restore``).

    Looks in ``bindir`` when given (and only there), else in the newest of
    ``version_dirs``, else on ``path`` (default: ``PATH``). BackupError when not found.
    """
    if bindir:
        candidate = Path(bindir) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
        raise BackupError(f"Fant ikke {name} i {bindir} (BACKUP_PG_BINDIR).")
    versioned = [found for found in glob.glob(os.path.join(version_dirs, name))
                 if os.access(found, os.X_OK)]
    if versioned:
        return max(versioned, key=_version_key)
    found = shutil.which(name, path=path)
    if found:
        return found
    raise BackupError(f"Fant ikke {name}. Installer PostgreSQL-klientprogrammene (Debian: "
                      "apt-get install postgresql-client) eller sett BACKUP_PG_BINDIR til "
                      "mappen de ligger i.")


def _pg_connection(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq URI for the database (without the password) and the environment to use.

    The URL's query (``options=-csearch_path=...``, ``host=``, ``sslmode`` …) is passed
    on; the password goes in ``PGPASSWORD``, so that it is not seen in the process list.
    """
    url = engine.url
    dsn = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                     database=url.database, query=url.query)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return dsn.render_as_string(hide_password=False), env


def _pg_schema(engine: Engine) -> str:
    """The application's schema: the first existing schema of its ``search_path``."""
    with engine.connect() as conn:
        schema = conn.scalar(text("SELECT current_schema()"))
    if not schema:
        raise BackupError("Ingen av skjemaene i databasens search_path finnes; opprett "
                          "skjemaet først (CREATE SCHEMA …).")
    return schema


def _quoted(schema: str) -> str:
    """``schema`` as a pg_dump pattern that matches exactly that name."""
    return '"' + schema.replace('"', '""') + '"'


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    try:
        # A damaged archive can put its bytes into the messages: never fail on decoding.
        return subprocess.run(command, env=env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", check=False)
    except OSError as error:
        raise BackupError(f"Kunne ikke starte {command[0]}: {error.strerror}.") from error


def _pg_backup(engine: Engine, out: Path, bindir: str | None) -> None:
    pg_dump = find_pg_tool("pg_dump", bindir)
    schema = _pg_schema(engine)
    dsn, env = _pg_connection(engine)
    partial = out.with_name(out.name + ".part")
    partial.unlink(missing_ok=True)
    done = _run([pg_dump, "--format=custom", f"--schema={_quoted(schema)}",
                 f"--file={partial}", f"--dbname={dsn}"], env)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump feilet: {done.stderr.strip()}")
    os.replace(partial, out)


#: A line of ``pg_restore --list``: "id; tableoid oid TYPE SCHEMA NAME OWNER".
_SCHEMA_ENTRY = re.compile(r"^\d+; \d+ \d+ (?:COMMENT - )?SCHEMA - (\S+)")
_TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) ")


def _pg_restore(engine: Engine, source: Path, head: bytes, required: set[str],
                bindir: str | None) -> None:
    if not head.startswith(PG_MAGIC):
        raise _not_a_backup(source, "PostgreSQL", head)
    pg_restore = find_pg_tool("pg_restore", bindir)
    schema = _pg_schema(engine)
    dsn, env = _pg_connection(engine)
    listed = _run([pg_restore, "--list", str(source)], env)
    if listed.returncode != 0:
        raise BackupError(f"{source} kan ikke leses av pg_restore ({listed.stderr.strip()}); "
                          "ingenting er endret.")
    lines = listed.stdout.splitlines()
    tables: dict[str, set[str]] = {}
    for line in lines:
        match = _TABLE_ENTRY.match(line)
        if match:
            tables.setdefault(match.group(1), set()).add(match.group(2))
    if set(tables) - {schema}:
        raise BackupError(f"{source} er en sikkerhetskopi av skjemaet "
                          f"{', '.join(sorted(tables))}, men databasen bruker {schema}; "
                          "ingenting er endret.")
    missing = required - tables.get(schema, set())
    if missing:
        raise BackupError(f"{source} er ikke en sikkerhetskopi av Fellesstemme (mangler tabellene "
                          f"{', '.join(sorted(missing))}); ingenting er endret.")
    # The schema itself exists (current_schema() found it) and is kept: leaving its entry
    # out means no DROP SCHEMA, which would fail on anything else in it.
    keep = [line for line in lines if not _SCHEMA_ENTRY.match(line)]
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as listing:
        listing.write("\n".join(keep) + "\n")
    try:
        done = _run([pg_restore, "--clean", "--if-exists", "--no-owner",
                     "--single-transaction", "--exit-on-error", f"--use-list={listing.name}",
                     f"--dbname={dsn}", str(source)], env)
    finally:
        os.unlink(listing.name)
    if done.returncode != 0:
        raise BackupError(f"pg_restore feilet, og alt er rullet tilbake; databasen er uendret: "
                          f"{done.stderr.strip()}")
